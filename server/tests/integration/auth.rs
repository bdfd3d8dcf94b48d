//! Signing in and out over HTTP (SECURITY.md §1, 3, 6, 8, 10, 30 in part).

use app::{db::Backend, on_pool, roles::Role};

use crate::support::{login_form, session_cookie, session_set_cookie, spawn_app, spawn_app_with};

const PASSWORD: &str = "uma senha bem longa";

async fn audit_actions(app: &crate::support::TestApp) -> Vec<String> {
    on_pool!(&app.db, pool => sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id").fetch_all(pool).await).unwrap()
}

#[tokio::test]
async fn a_visitor_is_sent_to_the_login_page_and_back_afterwards() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/clientes?q=ana", &[]).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.header("location"), "/login?next=/clientes%3Fq%3Dana");
    let login = app.get("/login", &[]).await;
    assert_eq!(login.status, 200);
    assert!(login.body.contains(r#"<label for="login-email""#));
}

#[tokio::test]
async fn login_sets_a_host_only_httponly_lax_session_cookie_without_max_age() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
            .await;
        let res = app
            .post_form(
                "/api/login",
                &login_form("Ana@Monteiro.com.br", PASSWORD, false),
                &[],
            )
            .await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        let cookie = session_set_cookie(&res).expect("session cookie");
        assert!(cookie.starts_with("__Host-crm_sid="), "{cookie}");
        for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
        }
        assert!(!cookie.contains("Domain"), "{cookie}");
        assert!(
            !cookie.contains("Max-Age") && !cookie.contains("Expires"),
            "{cookie}"
        );
        let page = app
            .get_as(&session_cookie(&res).unwrap(), "/clientes")
            .await;
        assert_eq!(page.status, 200, "{backend:?}");
        assert_eq!(audit_actions(&app).await, vec!["auth.login"]);
    }
}

#[tokio::test]
async fn remember_me_makes_the_cookie_persistent() {
    let app = spawn_app(Backend::Sqlite).await;
    app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let res = app
        .post_form(
            "/api/login",
            &login_form("ana@monteiro.com.br", PASSWORD, true),
            &[],
        )
        .await;
    let cookie = session_set_cookie(&res).expect("session cookie");
    let max_age: i64 = cookie
        .split(';')
        .find_map(|part| part.trim().strip_prefix("Max-Age="))
        .expect("Max-Age with remember-me")
        .parse()
        .unwrap();
    assert!(
        (7 * 86_400 - 60..=7 * 86_400).contains(&max_age),
        "{cookie}"
    );
}

/// What a browser writes to disk when it closes: only cookies with `Max-Age` or `Expires`
/// (session cookies die with the process), one `name<TAB>value` line each.
fn close_browser(jar: &std::path::Path, set_cookie_lines: &[String]) {
    let persistent: Vec<String> = set_cookie_lines
        .iter()
        .filter(|line| {
            line.split(';').skip(1).any(|attr| {
                let attr = attr.trim().to_ascii_lowercase();
                attr.starts_with("max-age=") || attr.starts_with("expires=")
            })
        })
        .filter_map(|line| line.split(';').next()?.split_once('='))
        .map(|(name, value)| format!("{name}\t{value}"))
        .collect();
    std::fs::write(jar, persistent.join("\n")).unwrap();
}

/// What a browser sends after it starts again: the `Cookie` header rebuilt from the jar file.
fn reopen_browser(jar: &std::path::Path) -> String {
    std::fs::read_to_string(jar)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test]
async fn a_remembered_login_survives_a_browser_restart_and_a_plain_one_does_not() {
    let app = spawn_app(Backend::Sqlite).await;
    app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let dir = tempfile::tempdir().unwrap();
    for remember in [true, false] {
        let res = app
            .post_form(
                "/api/login",
                &login_form("ana@monteiro.com.br", PASSWORD, remember),
                &[],
            )
            .await;
        let line = session_set_cookie(&res).expect("session cookie");
        let before_restart = app.get_as(&session_cookie(&res).unwrap(), "/conta").await;
        assert_eq!(before_restart.status, 200, "remember={remember}");

        let jar = dir.path().join(format!("cookies-{remember}.txt"));
        close_browser(&jar, &[line]);
        let after_restart = app
            .get("/conta", &[("cookie", &reopen_browser(&jar))])
            .await;
        if remember {
            assert_eq!(after_restart.status, 200, "{}", after_restart.body);
            assert!(after_restart.body.contains("ana@monteiro.com.br"));
        } else {
            assert_eq!(after_restart.status, 303);
            assert_eq!(after_restart.header("location"), "/login?next=/conta");
        }
    }
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer_and_are_audited() {
    let app = spawn_app(Backend::Sqlite).await;
    app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let accept = [("accept", "application/json")];
    let wrong = app
        .post_form(
            "/api/login",
            &login_form("ana@monteiro.com.br", "outra senha qualquer", false),
            &accept,
        )
        .await;
    let unknown = app
        .post_form(
            "/api/login",
            &login_form("ninguem@monteiro.com.br", PASSWORD, false),
            &accept,
        )
        .await;
    assert_eq!(wrong.status, 400);
    assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));
    assert!(session_cookie(&wrong).is_none());
    assert_eq!(
        audit_actions(&app).await,
        vec!["auth.login_failed", "auth.login_failed"]
    );
}

#[tokio::test]
async fn a_fresh_database_has_no_account_that_opens_with_default_credentials() {
    let app = spawn_app(Backend::Sqlite).await;
    let accept = [("accept", "application/json")];
    for (email, password) in [
        ("admin", "admin"),
        ("admin@admin", ""),
        ("admin@monteiro.demo", "admin"),
    ] {
        let res = app
            .post_form("/api/login", &login_form(email, password, false), &accept)
            .await;
        assert_eq!(res.status, 400, "{email}");
    }
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server_and_clears_the_browser() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
            .await;
        let cookie = app.login("ana@monteiro.com.br", PASSWORD).await;
        let res = app
            .post_form(
                "/api/logout",
                "",
                &[("cookie", &cookie), ("accept", "application/json")],
            )
            .await;
        assert!(res.status < 400, "{}", res.body);
        assert_eq!(res.header("clear-site-data"), "\"cookies\"");
        let replay = app.get_as(&cookie, "/clientes").await;
        assert_eq!(
            replay.status, 303,
            "{backend:?}: the old cookie must not open pages"
        );
        let sessions: i64 = match &app.db {
            app::db::Db::Sqlite(pool) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM tower_sessions")
                    .fetch_one(pool)
                    .await
            }
            app::db::Db::Postgres(pool) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM tower_sessions.session")
                    .fetch_one(pool)
                    .await
            }
        }
        .unwrap();
        assert_eq!(sessions, 0, "{backend:?}: no session row remains");
        assert_eq!(audit_actions(&app).await, vec!["auth.login", "auth.logout"]);
    }
}

#[tokio::test]
async fn a_weak_stored_hash_is_upgraded_at_login() {
    use argon2::{
        password_hash::{rand_core::OsRng, PasswordHasher, SaltString},
        Algorithm, Argon2, Params, Version,
    };
    let app = spawn_app(Backend::Sqlite).await;
    let id = app
        .create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(4096, 1, 1, None).unwrap(),
    )
    .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
    .unwrap()
    .to_string();
    app::users::repo::upgrade_password_hash(&app.db, id, &weak)
        .await
        .unwrap();
    app.login("ana@monteiro.com.br", PASSWORD).await;
    let stored = app::users::repo::find_by_id(&app.db, id)
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap();
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
}

#[tokio::test]
async fn administration_appears_in_the_navigation_of_admins_only() {
    let app = spawn_app(Backend::Sqlite).await;
    app.create_user("admin@monteiro.com.br", PASSWORD, Role::Admin)
        .await;
    app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let admin = app.login("admin@monteiro.com.br", PASSWORD).await;
    let user = app.login("ana@monteiro.com.br", PASSWORD).await;
    assert!(app
        .get_as(&admin, "/")
        .await
        .body
        .contains(r#"href="/admin""#));
    assert!(!app
        .get_as(&user, "/")
        .await
        .body
        .contains(r#"href="/admin""#));
}

#[tokio::test]
async fn demo_mode_seeds_accounts_of_every_role_that_can_sign_in() {
    let app = spawn_app_with(Backend::Sqlite, &[("APP_ENV", "demo")]).await;
    for (_, email, _, _, password) in server::demo::ACCOUNTS {
        app.login(email, password).await;
    }
    assert_eq!(
        app::users::repo::count(&app.db).await.unwrap(),
        server::demo::ACCOUNTS.len() as i64
    );
}

#[tokio::test]
async fn without_javascript_a_failed_login_returns_to_the_form_with_the_message() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app
        .post_form(
            "/api/login",
            &login_form("ninguem@monteiro.com.br", PASSWORD, false),
            &[
                ("accept", "text/html"),
                ("referer", "https://crm.test/login"),
            ],
        )
        .await;
    assert_eq!(res.status, 302);
    assert_eq!(res.header("location"), "/login?erro=1&next=/");
    let page = app.get("/login?erro=1&next=/", &[]).await;
    assert!(page.body.contains("E-mail ou senha incorretos."));
    let clean = app.get("/login", &[]).await;
    assert!(!clean.body.contains("E-mail ou senha incorretos."));
}
