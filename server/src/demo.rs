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

/// How many demo clients `make run` creates.
pub const CLIENTS: usize = 200;

/// How many of them get demo policies.
pub const POLICY_CLIENTS: usize = 140;

/// Creates the demo clients on an installation that has none, spread over the demo staff (each
/// created by its owner, so scopes and the audit trail look real).
pub async fn seed_clients(db: &Db, now: time::OffsetDateTime) -> Result<(), app::AppError> {
    let existing: i64 = app::on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM clients")
        .fetch_one(pool)
        .await)?;
    if existing > 0 {
        return Ok(());
    }
    let mut owners = Vec::new();
    for (_, email, role, _, _) in ACCOUNTS {
        if *role != Role::Admin {
            owners.extend(repo::find_by_email(db, email).await?);
        }
    }
    if owners.is_empty() {
        return Ok(());
    }
    for (i, input) in app::clients::demo::clients(CLIENTS, 2026)
        .into_iter()
        .enumerate()
    {
        app::clients::service::create(db, &owners[i % owners.len()], input, now).await?;
    }
    Ok(())
}

/// The token the demo's accounts use with the fake Graph API (which takes any token).
pub const SOCIAL_TOKEN: &str = "demo-page-token-for-the-fake-graph-api";

/// Connects the fake's Facebook Page and Instagram account on an installation that has no
/// social account yet (the demo's DMs then reach the inbox and replies reach the fake).
pub async fn seed_social(
    db: &Db,
    social: &app::social::Social,
    now: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    use crate::fake_graph::{INSTAGRAM_ID, INSTAGRAM_USERNAME, PAGE_ID, PAGE_NAME};
    let Some(key) = &social.key else {
        return Ok(());
    };
    if !app::social::repo::accounts(db).await?.is_empty() {
        return Ok(());
    }
    let token = app::social::vault::Token::new(SOCIAL_TOKEN);
    let accounts = [
        ("facebook", PAGE_ID, PAGE_NAME, None),
        ("instagram", INSTAGRAM_ID, INSTAGRAM_USERNAME, Some(PAGE_ID)),
    ];
    let mut tx = db.begin().await?;
    for (network, external_id, name, page_id) in accounts {
        let account = app::social::accounts::Keep {
            network,
            external_id,
            name,
            page_id,
            token: &token,
            expires_at: None,
            by: None,
        };
        app::social::accounts::keep(&mut tx, key, &account, now.unix_timestamp()).await?;
    }
    tx.commit().await?;
    seed_posts(db, now).await
}

/// The demo's picture for posts (a road under the sun, 540×540 PNG).
const POST_PICTURE: &[u8] = include_bytes!("demo_post.png");

/// Two posts on the calendar: one scheduled for both accounts in three days at 10:00
/// (São Paulo), and a Page draft.
async fn seed_posts(db: &Db, now: time::OffsetDateTime) -> Result<(), sqlx::Error> {
    use app::social::posts::{schedule, Draft};
    let accounts = app::social::repo::accounts(db).await?;
    let ids = |network: &str| -> Vec<i64> {
        accounts
            .iter()
            .filter(|a| network.is_empty() || a.network == network)
            .map(|a| a.id)
            .collect()
    };
    let day = app::format::today_sao_paulo(now) + time::Duration::days(3);
    let ten = day
        .with_hms(10, 0, 0)
        .map(|at| at.assume_offset(app::format::SAO_PAULO).unix_timestamp())
        .unwrap_or(now.unix_timestamp() + 3 * 86_400);
    let posts = [
        Draft {
            caption: "Férias chegando? Antes de pegar a estrada, revise o seguro do seu carro: \
                assistência 24h, guincho e carro reserva fazem toda a diferença. \
                Fale com a Monteiro pelo WhatsApp! #seguroauto #viagem #monteiroseguros"
                .into(),
            alt_text: Some("Estrada ao pôr do sol sob um céu azul".into()),
            publish_at: Some(ten),
            pictures: vec![("image/png".into(), POST_PICTURE.to_vec())],
            accounts: ids(""),
            hold: false,
        },
        Draft {
            caption: "Seguro residencial a partir de R$ 25 por mês: incêndio, roubo e danos \
                elétricos cobertos. Peça sua cotação!"
                .into(),
            alt_text: None,
            publish_at: None,
            pictures: Vec::new(),
            accounts: ids("facebook"),
            hold: true,
        },
    ];
    for draft in &posts {
        if let Err(err) = schedule(db, None, draft, false, now.unix_timestamp()).await {
            tracing::warn!(error = ?err, "a demo post was not kept");
        }
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
