//! Managing accounts over HTTP: creating one with a one-time password link, editing role, team
//! and active flag, password changes and resets, ending sessions, teams, and the first admin of
//! an empty installation (SECURITY.md §6, 7, 12, 21, 30).

use std::sync::Arc;

use app::{clock::ManualClock, db::Backend, roles::Role};
use time::Duration;

use crate::support::{session_cookie, spawn_app, spawn_app_with_clock, TestApp, ORIGIN};

const PASSWORD: &str = "uma senha bem longa";
const NEW_PASSWORD: &str = "outra frase bem comprida";

async fn admin(app: &TestApp) -> (i64, String) {
    let id = app
        .create_user("admin@monteiro.com.br", PASSWORD, Role::Admin)
        .await;
    (id, app.login("admin@monteiro.com.br", PASSWORD).await)
}

async fn create_account(app: &TestApp, admin: &str, email: &str, role: &str) -> i64 {
    let res = app
        .call(
            admin,
            "/api/create_user",
            &[
                ("name", "Bruna Lima"),
                ("email", email),
                ("role", role),
                ("team_id", ""),
                ("locale", "pt-BR"),
            ],
        )
        .await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    let location = res.header("location").to_owned();
    location
        .strip_prefix("/admin/usuarios/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirects to the new account's page, not {location:?}"))
}

async fn new_link(app: &TestApp, admin: &str, id: i64) -> Option<String> {
    let res = app
        .call(admin, "/api/user_detail", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["new_link"].as_str().map(str::to_owned)
}

fn token_of(link: &str) -> &str {
    link.rsplit('/').next().unwrap()
}

#[tokio::test]
async fn an_admin_creates_an_account_whose_owner_sets_a_password_by_link_and_signs_in() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = admin(&app).await;
        let id = create_account(&app, &admin, "Bruna@Monteiro.com.br", "user").await;
        let link = new_link(&app, &admin, id).await.expect("the link is shown");
        assert!(
            link.starts_with(&format!("{ORIGIN}/definir-senha/")),
            "{link}"
        );
        assert_eq!(
            new_link(&app, &admin, id).await,
            None,
            "{backend:?}: shown once"
        );

        let token = token_of(&link);
        let page = app.get(&format!("/definir-senha/{token}"), &[]).await;
        assert_eq!(page.status, 200, "{backend:?}");
        assert!(page.body.contains("bruna@monteiro.com.br"));
        let set = app
            .call(
                "",
                "/api/set_password",
                &[
                    ("token", token),
                    ("password", NEW_PASSWORD),
                    ("confirm", NEW_PASSWORD),
                ],
            )
            .await;
        assert!(set.status < 400, "{backend:?}: {}", set.body);
        app.login("bruna@monteiro.com.br", NEW_PASSWORD).await;

        let again = app
            .call(
                "",
                "/api/set_password",
                &[
                    ("token", token),
                    ("password", PASSWORD),
                    ("confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(again.status, 410, "{backend:?}: the link works once");
        assert_eq!(
            app.get(&format!("/definir-senha/{token}"), &[])
                .await
                .status,
            410
        );
        assert_eq!(app.audit_count("user.create").await, 1);
        assert_eq!(app.audit_count("user.password_set").await, 1);
    }
}

#[tokio::test]
async fn a_password_link_expires_after_24_hours_and_a_new_one_replaces_the_old() {
    let clock = Arc::new(ManualClock::new());
    let app = spawn_app_with_clock(Backend::Sqlite, clock.clone()).await;
    let (_, admin) = admin(&app).await;
    let id = create_account(&app, &admin, "bruna@monteiro.com.br", "user").await;
    let first = new_link(&app, &admin, id).await.unwrap();
    let res = app
        .call(
            &admin,
            "/api/reset_password_link",
            &[("id", &id.to_string())],
        )
        .await;
    assert!(res.status < 400, "{}", res.body);
    let second = new_link(&app, &admin, id).await.unwrap();
    assert_ne!(first, second);
    assert_eq!(
        app.get(&format!("/definir-senha/{}", token_of(&first)), &[])
            .await
            .status,
        410
    );
    clock.advance(Duration::hours(24));
    let expired = app
        .call(
            "",
            "/api/set_password",
            &[
                ("token", token_of(&second)),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(expired.status, 410, "{}", expired.body);
}

#[tokio::test]
async fn a_bad_account_form_names_each_field_and_writes_nothing() {
    let app = spawn_app(Backend::Sqlite).await;
    let (_, admin) = admin(&app).await;
    let before = app.table_counts().await;
    let res = app
        .call(
            &admin,
            "/api/create_user",
            &[
                ("name", "  "),
                ("email", "bruna@"),
                ("role", "root"),
                ("team_id", "999"),
                ("locale", "fr"),
            ],
        )
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(
        res.json(),
        serde_json::json!({ "error": "invalid", "fields": {
            "name": "name_required", "email": "email_invalid", "role": "role_invalid",
            "team_id": "team_invalid", "locale": "locale_invalid"
        }})
    );
    let dup = app
        .call(
            &admin,
            "/api/create_user",
            &[
                ("name", "Outra"),
                ("email", "ADMIN@monteiro.com.br"),
                ("role", "user"),
                ("locale", "pt-BR"),
            ],
        )
        .await;
    assert_eq!(dup.json()["fields"]["email"], "email_taken");
    let extra = app
        .call(
            &admin,
            "/api/create_user",
            &[
                ("name", "Outra"),
                ("email", "o@monteiro.com.br"),
                ("role", "user"),
                ("locale", "pt-BR"),
                ("created_at", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(
        extra.status, 400,
        "unknown fields are refused: {}",
        extra.body
    );
    assert_eq!(app.table_counts().await, before);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
            .await;
        let a = app.login("ana@monteiro.com.br", PASSWORD).await;
        let b = app.login("ana@monteiro.com.br", PASSWORD).await;
        let before = app.table_counts().await;
        let wrong = app
            .call(
                &a,
                "/api/change_password",
                &[
                    ("current", "não é esta senha"),
                    ("password", NEW_PASSWORD),
                    ("confirm", NEW_PASSWORD),
                ],
            )
            .await;
        assert_eq!(wrong.status, 400);
        assert_eq!(wrong.json()["fields"]["current"], "password_wrong");
        assert_eq!(
            app.table_counts().await,
            before,
            "{backend:?}: nothing changed"
        );
        assert_eq!(app.call(&b, "/api/my_account", &[]).await.status, 200);

        let ok = app
            .call(
                &a,
                "/api/change_password",
                &[
                    ("current", PASSWORD),
                    ("password", NEW_PASSWORD),
                    ("confirm", NEW_PASSWORD),
                ],
            )
            .await;
        assert!(ok.status < 400, "{backend:?}: {}", ok.body);
        let renewed = session_cookie(&ok).expect("a new session id for A");
        assert_ne!(renewed, a);
        assert_eq!(
            app.call(&b, "/api/my_account", &[]).await.status,
            401,
            "{backend:?}: B is out"
        );
        assert_eq!(
            app.call(&a, "/api/my_account", &[]).await.status,
            401,
            "the old id of A is dead"
        );
        let mine = app.call(&renewed, "/api/my_account", &[]).await;
        assert_eq!(mine.status, 200, "{backend:?}: A stays signed in");
        assert_eq!(mine.json()["sessions"].as_array().unwrap().len(), 1);
        assert_eq!(app.audit_count("user.password_change").await, 1);
    }
}

#[tokio::test]
async fn disabling_a_person_ends_their_sessions_everywhere_and_is_audited() {
    let app = spawn_app(Backend::Sqlite).await;
    let (_, admin) = admin(&app).await;
    let id = app
        .create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let phone = app.login("ana@monteiro.com.br", PASSWORD).await;
    let laptop = app.login("ana@monteiro.com.br", PASSWORD).await;
    let res = app
        .call(
            &admin,
            "/api/update_user",
            &[
                ("id", &id.to_string()),
                ("name", "Pessoa de Teste"),
                ("role", "user"),
                ("team_id", ""),
                ("locale", "pt-BR"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body, "true", "the answer says the sessions ended");
    for cookie in [&phone, &laptop] {
        assert_eq!(app.call(cookie, "/api/my_account", &[]).await.status, 401);
    }
    let refused = app
        .post_form(
            "/api/login",
            &crate::support::login_form("ana@monteiro.com.br", PASSWORD, false),
            &[],
        )
        .await;
    assert_eq!(refused.status, 400, "a disabled account cannot sign in");
    let changes: String = app::on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT changes FROM audit_log WHERE action = 'user.update'").fetch_one(pool).await)
    .unwrap();
    let changes: serde_json::Value = serde_json::from_str(&changes).unwrap();
    assert_eq!(
        changes,
        serde_json::json!({ "active": { "from": true, "to": false } })
    );
}

#[tokio::test]
async fn a_role_change_needs_the_password_typed_in_the_last_5_minutes() {
    let clock = Arc::new(ManualClock::new());
    let app = spawn_app_with_clock(Backend::Sqlite, clock.clone()).await;
    let (_, admin) = admin(&app).await;
    let other = app
        .create_user("outra.admin@monteiro.com.br", PASSWORD, Role::Admin)
        .await;
    let other_cookie = app.login("outra.admin@monteiro.com.br", PASSWORD).await;
    clock.advance(Duration::minutes(6));
    let demote = |confirm: &'static str| {
        let id = other.to_string();
        let app = &app;
        let admin = admin.clone();
        async move {
            app.call(
                &admin,
                "/api/update_user",
                &[
                    ("id", &id),
                    ("name", "Pessoa de Teste"),
                    ("role", "user"),
                    ("active", "on"),
                    ("locale", "pt-BR"),
                    ("confirm_password", confirm),
                ],
            )
            .await
        }
    };
    let stale = demote("").await;
    assert_eq!(stale.status, 403, "{}", stale.body);
    assert_eq!(
        stale.json(),
        serde_json::json!({ "error": "reauth_required" })
    );
    let wrong = demote("senha errada de novo").await;
    assert_eq!(wrong.json()["fields"]["confirm_password"], "password_wrong");
    assert_eq!(app.audit_count("auth.reauth_failed").await, 1);
    let ok = demote(PASSWORD).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    // The demoted admin's next call: the stamp rotated, so the session is over.
    assert_eq!(
        app.call(&other_cookie, "/api/list_users", &[]).await.status,
        401
    );
    let again = app.login("outra.admin@monteiro.com.br", PASSWORD).await;
    assert_eq!(
        app.call(&again, "/api/list_users", &[]).await.status,
        403,
        "the new role applies"
    );
}

#[tokio::test]
async fn the_last_active_admin_cannot_demote_or_disable_themself() {
    let app = spawn_app(Backend::Sqlite).await;
    let (id, admin) = admin(&app).await;
    let res = app
        .call(
            &admin,
            "/api/update_user",
            &[
                ("id", &id.to_string()),
                ("name", "Pessoa de Teste"),
                ("role", "user"),
                ("active", "on"),
                ("locale", "pt-BR"),
            ],
        )
        .await;
    assert_eq!(res.json()["fields"]["role"], "last_admin", "{}", res.body);
    assert_eq!(app.call(&admin, "/api/list_users", &[]).await.status, 200);
}

#[tokio::test]
async fn an_admin_ends_one_session_of_a_person_who_is_then_signed_out() {
    let app = spawn_app(Backend::Sqlite).await;
    let (_, admin) = admin(&app).await;
    let id = app
        .create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let phone = app.login("ana@monteiro.com.br", PASSWORD).await;
    let detail = app
        .call(&admin, "/api/user_detail", &[("id", &id.to_string())])
        .await
        .json();
    let sessions = detail["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    let key = sessions[0]["key"].as_str().unwrap();
    let res = app
        .call(
            &admin,
            "/api/end_user_session",
            &[("user_id", &id.to_string()), ("key", key)],
        )
        .await;
    assert!(res.status < 400, "{}", res.body);
    assert_eq!(app.call(&phone, "/api/my_account", &[]).await.status, 401);
    assert_eq!(app.audit_count("session.revoked").await, 1);
    let twice = app
        .call(
            &admin,
            "/api/end_user_session",
            &[("user_id", &id.to_string()), ("key", key)],
        )
        .await;
    assert_eq!(twice.status, 404);
}

#[tokio::test]
async fn a_person_ends_their_other_session_but_not_someone_elses() {
    let app = spawn_app(Backend::Sqlite).await;
    app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    app.create_user("joao@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let here = app.login("ana@monteiro.com.br", PASSWORD).await;
    let there = app.login("ana@monteiro.com.br", PASSWORD).await;
    let joao = app.login("joao@monteiro.com.br", PASSWORD).await;
    let joao_key = app.call(&joao, "/api/my_account", &[]).await.json()["sessions"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let not_mine = app
        .call(&here, "/api/end_my_session", &[("key", &joao_key)])
        .await;
    assert_eq!(not_mine.status, 404);
    assert_eq!(app.call(&joao, "/api/my_account", &[]).await.status, 200);
    let mine = app.call(&here, "/api/my_account", &[]).await.json();
    let other = mine["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == false)
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        app.call(&here, "/api/end_my_session", &[("key", &other)])
            .await
            .status
            < 400
    );
    assert_eq!(app.call(&there, "/api/my_account", &[]).await.status, 401);
    assert_eq!(app.call(&here, "/api/my_account", &[]).await.status, 200);
}

#[tokio::test]
async fn teams_are_created_renamed_and_given_managers_with_audited_diffs() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = admin(&app).await;
        let manager = app
            .create_user("gerente@monteiro.com.br", PASSWORD, Role::Manager)
            .await;
        let user = app
            .create_user("ana@monteiro.com.br", PASSWORD, Role::User)
            .await;
        assert!(
            app.call(&admin, "/api/create_team", &[("name", " Automóvel ")])
                .await
                .status
                < 400
        );
        let dup = app
            .call(&admin, "/api/create_team", &[("name", "Automóvel")])
            .await;
        assert_eq!(dup.json()["fields"]["name"], "team_taken", "{backend:?}");
        let data = app.call(&admin, "/api/teams_overview", &[]).await.json();
        let team = data["teams"][0]["id"].as_i64().unwrap();
        let not_a_manager = app
            .call(
                &admin,
                "/api/update_team",
                &[
                    ("id", &team.to_string()),
                    ("name", "Auto"),
                    ("managers[]", &user.to_string()),
                ],
            )
            .await;
        assert_eq!(
            not_a_manager.json()["fields"]["managers"],
            "manager_invalid"
        );
        let ok = app
            .call(
                &admin,
                "/api/update_team",
                &[
                    ("id", &team.to_string()),
                    ("name", "Auto e Frota"),
                    ("managers[]", &manager.to_string()),
                ],
            )
            .await;
        assert!(ok.status < 400, "{backend:?}: {}", ok.body);
        let data = app.call(&admin, "/api/teams_overview", &[]).await.json();
        assert_eq!(data["teams"][0]["name"], "Auto e Frota");
        assert_eq!(data["teams"][0]["managers"], serde_json::json!([manager]));
        assert_eq!(app.audit_count("team.create").await, 1);
        assert_eq!(app.audit_count("team.update").await, 1);
    }
}

#[tokio::test]
async fn an_empty_installation_offers_a_first_admin_link_that_works_once() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        let link = app
            .server
            .as_ref()
            .unwrap()
            .setup_link()
            .expect("a link on an empty database")
            .to_owned();
        assert!(
            link.starts_with(&format!("{ORIGIN}/primeiro-acesso/")),
            "{link}"
        );
        let token = token_of(&link);
        assert_eq!(
            app.get(&format!("/primeiro-acesso/{token}"), &[])
                .await
                .status,
            200
        );
        let res = app
            .call(
                "",
                "/api/create_first_admin",
                &[
                    ("token", token),
                    ("name", "Helena Monteiro"),
                    ("email", "helena@monteiro.com.br"),
                    ("password", NEW_PASSWORD),
                    ("confirm", NEW_PASSWORD),
                ],
            )
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let cookie = app.login("helena@monteiro.com.br", NEW_PASSWORD).await;
        assert_eq!(app.call(&cookie, "/api/list_users", &[]).await.status, 200);
        let again = app
            .call(
                "",
                "/api/create_first_admin",
                &[
                    ("token", token),
                    ("name", "Intrusa"),
                    ("email", "x@evil.example"),
                    ("password", NEW_PASSWORD),
                    ("confirm", NEW_PASSWORD),
                ],
            )
            .await;
        assert_eq!(again.status, 410, "{backend:?}");
        assert_eq!(
            app.get(&format!("/primeiro-acesso/{token}"), &[])
                .await
                .status,
            410
        );
    }
}

#[tokio::test]
async fn a_first_admin_link_expires_after_24_hours() {
    let clock = Arc::new(ManualClock::new());
    let app = spawn_app_with_clock(Backend::Sqlite, clock.clone()).await;
    let link = app
        .server
        .as_ref()
        .unwrap()
        .setup_link()
        .unwrap()
        .to_owned();
    clock.advance(Duration::hours(24));
    let res = app
        .call(
            "",
            "/api/create_first_admin",
            &[
                ("token", token_of(&link)),
                ("name", "Helena"),
                ("email", "helena@monteiro.com.br"),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, 410, "{}", res.body);
    assert_eq!(
        app.table_counts()
            .await
            .iter()
            .find(|(t, _)| t == "users")
            .unwrap()
            .1,
        0
    );
}

#[tokio::test]
async fn the_command_line_creates_an_admin_who_sets_a_password_by_link() {
    let app = spawn_app(Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    // The same database the app uses, reached the way the CLI does: through settings.
    let url = match &app.db {
        app::db::Db::Sqlite(pool) => format!(
            "sqlite://{}",
            pool.connect_options().get_filename().display()
        ),
        app::db::Db::Postgres(_) => unreachable!("SQLite only"),
    };
    let settings = crate::support::settings(&url, dir.path(), &[]);
    let link = server::cli::create_admin(
        &settings,
        &app::clock::SystemClock,
        "Helena Monteiro",
        "Helena@Monteiro.com.br",
    )
    .await
    .unwrap();
    let token = token_of(&link);
    let res = app
        .call(
            "",
            "/api/set_password",
            &[
                ("token", token),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert!(res.status < 400, "{}", res.body);
    let cookie = app.login("helena@monteiro.com.br", NEW_PASSWORD).await;
    assert_eq!(app.call(&cookie, "/api/list_users", &[]).await.status, 200);
    let twice = server::cli::create_admin(
        &settings,
        &app::clock::SystemClock,
        "Outra",
        "helena@monteiro.com.br",
    )
    .await;
    assert_eq!(
        twice.unwrap_err(),
        "an account with this e-mail already exists"
    );
}

#[tokio::test]
async fn without_javascript_a_refused_form_returns_to_its_page_with_the_reason() {
    let app = spawn_app(Backend::Sqlite).await;
    app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let cookie = app.login("ana@monteiro.com.br", PASSWORD).await;
    let res = app
        .post_form(
            "/api/change_password",
            &crate::support::form(&[
                ("current", "errada"),
                ("password", "curta"),
                ("confirm", "curta"),
            ]),
            &[
                ("cookie", &cookie),
                ("accept", "text/html"),
                ("referer", "https://crm.test/conta"),
            ],
        )
        .await;
    assert_eq!(res.status, 302, "{}", res.body);
    let location = res.header("location").to_owned();
    assert!(
        location.starts_with("/conta?__path=%2Fapi%2Fchange_password&__err="),
        "{location}"
    );
    let page = app.get_as(&cookie, &location).await;
    assert_eq!(page.status, 200);
    for message in [
        "Senha incorreta.",
        "A senha precisa ter pelo menos 12 caracteres.",
    ] {
        assert!(
            page.body.contains(message),
            "the page shows {message:?} next to its field"
        );
    }
    assert!(page.body.contains(r#"aria-invalid="true""#));
}
