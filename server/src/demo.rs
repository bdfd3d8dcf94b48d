//! Demo data for `make run` (APP_ENV=demo): a few staff accounts of each role in two teams.
//! Idempotent: accounts that exist are left as they are.

use app::{
    db::Db,
    roles::Role,
    users::{
        password,
        repo::{self, NewUser},
    },
};

/// A demo account: name, e-mail, role, team, password.
pub const ACCOUNTS: &[(&str, &str, Role, &str, &str)] = &[
    (
        "Helena Monteiro",
        "admin@monteiro.demo",
        Role::Admin,
        "Diretoria",
        "Monteiro@Admin2026",
    ),
    (
        "Carlos Ribeiro",
        "gerente@monteiro.demo",
        Role::Manager,
        "Automóvel",
        "Monteiro@Gerente2026",
    ),
    (
        "Patrícia Alves",
        "gerente.vida@monteiro.demo",
        Role::Manager,
        "Vida e Saúde",
        "Monteiro@Gerente2026",
    ),
    (
        "Ana Souza",
        "corretora@monteiro.demo",
        Role::User,
        "Automóvel",
        "Monteiro@Corretor2026",
    ),
    (
        "João Pereira",
        "atendente@monteiro.demo",
        Role::User,
        "Automóvel",
        "Monteiro@Corretor2026",
    ),
    (
        "Mariana Costa",
        "corretora.vida@monteiro.demo",
        Role::User,
        "Vida e Saúde",
        "Monteiro@Corretor2026",
    ),
];

/// Creates the demo accounts that are missing.
pub async fn seed(db: &Db) -> Result<(), sqlx::Error> {
    for (name, email, role, team, pass) in ACCOUNTS {
        if repo::find_by_email(db, email).await?.is_some() {
            continue;
        }
        let hash = password::hash((*pass).to_owned()).await;
        let mut tx = db.begin().await?;
        let team_id = repo::ensure_team(&mut tx, team).await?;
        let user = NewUser {
            name,
            email,
            password_hash: Some(&hash),
            role: *role,
            team_id: Some(team_id),
            locale: "pt-BR",
        };
        let id = repo::insert(&mut tx, &user).await?;
        if *role == Role::Manager {
            repo::add_team_manager(&mut tx, team_id, id).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// The lines printed at startup so a person knows how to sign in.
pub fn login_help(origin: &str) -> String {
    let mut text = format!("\nDemo: open {origin}/login and sign in with one of these accounts:\n");
    for (name, email, role, team, pass) in ACCOUNTS {
        text.push_str(&format!(
            "  {:<8} {email:<30} {pass:<22} {name} ({team})\n",
            role.as_str()
        ));
    }
    text
}
