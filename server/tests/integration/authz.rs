//! The authorization matrix (SECURITY.md §18–19): every registered server function, called as
//! a visitor, a user, a manager and an admin, answers as `SERVER_FN_ACCESS` says — and a server
//! function missing from that table fails this test.

use app::{
    auth::permissions::{access_of, allowed, Access},
    db::Backend,
    on_pool,
    roles::Role,
};
use http::Method;

use crate::support::{spawn_app, TestApp};

const PASSWORD: &str = "uma senha bem longa";

async fn caller(app: &TestApp, role: Option<Role>) -> Option<String> {
    let role = role?;
    let email = format!("{}@monteiro.com.br", role.as_str());
    app.create_user(&email, PASSWORD, role).await;
    Some(app.login(&email, PASSWORD).await)
}

#[tokio::test]
async fn every_server_function_answers_each_role_as_the_matrix_says() {
    let app = spawn_app(Backend::Sqlite).await;
    let callers = [
        (None, caller(&app, None).await),
        (Some(Role::User), caller(&app, Some(Role::User)).await),
        (Some(Role::Manager), caller(&app, Some(Role::Manager)).await),
        (Some(Role::Admin), caller(&app, Some(Role::Admin)).await),
    ];
    for (path, method) in crate::server_fns::registered() {
        assert_eq!(method, Method::POST, "{path}");
        let access =
            access_of(&path).unwrap_or_else(|| panic!("{path} is missing from SERVER_FN_ACCESS"));
        if path == "/api/logout" || path == "/api/login" {
            continue; // they change the caller's own session; covered in auth.rs
        }
        for (role, cookie) in &callers {
            let mut headers = vec![("accept", "application/json")];
            if let Some(cookie) = cookie {
                headers.push(("cookie", cookie.as_str()));
            }
            let res = app.post_form(&path, "", &headers).await;
            let expected = match (access, role) {
                (Access::Public, _) => None,
                (_, None) => Some(401),
                (Access::SignedIn, Some(_)) => None,
                (Access::Role(action), Some(role)) => (!allowed(*role, action)).then_some(403),
            };
            match expected {
                Some(status) => assert_eq!(res.status, status, "{path} as {role:?}: {}", res.body),
                None => assert!(
                    !matches!(res.status, 401 | 403),
                    "{path} as {role:?} was refused: {}",
                    res.body
                ),
            }
        }
    }
}

#[tokio::test]
async fn a_denial_is_audited() {
    let app = spawn_app(Backend::Sqlite).await;
    let cookie = caller(&app, Some(Role::User)).await.unwrap();
    let res = app
        .post_form(
            "/api/list_users",
            "",
            &[("cookie", &cookie), ("accept", "application/json")],
        )
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(res.json(), serde_json::json!({ "error": "forbidden" }));
    let denied: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'authz.denied'"
    ).fetch_one(pool).await)
    .unwrap();
    assert_eq!(denied, 1);
}

#[tokio::test]
async fn admins_list_and_search_accounts_on_every_backend() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        let admin = caller(&app, Some(Role::Admin)).await.unwrap();
        app.create_user("ana.souza@monteiro.com.br", PASSWORD, Role::User)
            .await;
        let all = app
            .post_form(
                "/api/list_users",
                "",
                &[("cookie", &admin), ("accept", "application/json")],
            )
            .await;
        assert_eq!(all.status, 200, "{backend:?}: {}", all.body);
        assert_eq!(all.json().as_array().unwrap().len(), 2);
        let found = app
            .post_form(
                "/api/list_users",
                "query=ANA.S",
                &[("cookie", &admin), ("accept", "application/json")],
            )
            .await;
        let found = found.json();
        assert_eq!(found.as_array().unwrap().len(), 1, "{backend:?}: {found}");
        assert_eq!(found[0]["email"], "ana.souza@monteiro.com.br");
        assert!(found[0]["last_login_at"].is_null());
        let wildcard = app
            .post_form(
                "/api/list_users",
                "query=%25",
                &[("cookie", &admin), ("accept", "application/json")],
            )
            .await;
        assert_eq!(
            wildcard.json().as_array().unwrap().len(),
            0,
            "{backend:?}: % is searched literally"
        );
    }
}

#[tokio::test]
async fn a_user_opening_administration_gets_a_403_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let user = caller(&app, Some(Role::User)).await.unwrap();
    let res = app.get_as(&user, "/admin").await;
    assert_eq!(
        res.status,
        403,
        "{}",
        &res.body[res.body.len().saturating_sub(600)..]
    );
    assert!(res.body.contains("Acesso negado"));
    let admin = caller(&app, Some(Role::Admin)).await.unwrap();
    let res = app.get_as(&admin, "/admin").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("user@monteiro.com.br"));
}
