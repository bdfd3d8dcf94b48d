//! The audit viewer and its CSV export (SECURITY.md §30 and the issue's audit viewer): filters,
//! field diffs, pagination, admins only, exports audited.

use app::{db::Backend, roles::Role};

use crate::support::{spawn_app, TestApp};

const PASSWORD: &str = "uma senha bem longa";

async fn admin_and_user(app: &TestApp) -> (String, i64) {
    app.create_user("admin@monteiro.com.br", PASSWORD, Role::Admin)
        .await;
    let user = app
        .create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    (app.login("admin@monteiro.com.br", PASSWORD).await, user)
}

async fn promote(app: &TestApp, admin: &str, user: i64) {
    let res = app
        .call(
            admin,
            "/api/update_user",
            &[
                ("id", &user.to_string()),
                ("name", "Ana Souza"),
                ("role", "manager"),
                ("active", "on"),
                ("locale", "pt-BR"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[tokio::test]
async fn the_viewer_shows_the_field_diff_of_a_change_just_made_on_every_backend() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        let (admin, user) = admin_and_user(&app).await;
        promote(&app, &admin, user).await;
        let page = app
            .call(
                &admin,
                "/api/list_audit",
                &[("entity_type", "user"), ("entity_id", &user.to_string())],
            )
            .await;
        assert_eq!(page.status, 200, "{backend:?}: {}", page.body);
        let page = page.json();
        assert_eq!(page["total"], 1, "{backend:?}: {page}");
        let row = &page["rows"][0];
        assert_eq!(row["action"], "user.update");
        assert_eq!(row["actor_email"], "admin@monteiro.com.br");
        assert_eq!(
            row["changes"],
            serde_json::json!({ "name": { "from": "Pessoa de Teste", "to": "Ana Souza" }, "role": { "from": "user", "to": "manager" } })
        );
        let html = app
            .get_as(
                &admin,
                &format!("/admin/auditoria?registro=user&registro_id={user}"),
            )
            .await;
        assert_eq!(html.status, 200, "{backend:?}");
        assert!(html.body.contains("Conta alterada"), "{backend:?}");
        assert!(
            html.body.contains("<dt>Perfil</dt>"),
            "{backend:?}: fields by their labels"
        );
        assert!(
            html.body
                .contains("<del class=\"text-danger-emphasis\">Usuário</del>"),
            "{backend:?}"
        );
        assert!(
            html.body
                .contains("<ins class=\"text-success-emphasis\">Gerente</ins>"),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn filters_by_action_person_and_dates_and_pages_by_50() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        let (admin, user) = admin_and_user(&app).await;
        for _ in 0..60 {
            app.post_form(
                "/api/login",
                &crate::support::login_form("ana@monteiro.com.br", "senha errada demais", false),
                &[],
            )
            .await;
            app.login("ana@monteiro.com.br", PASSWORD).await;
        }
        let logins = app
            .call(
                &admin,
                "/api/list_audit",
                &[("action", "auth.login"), ("actor", &user.to_string())],
            )
            .await
            .json();
        assert_eq!(logins["total"], 60, "{backend:?}: {logins}");
        assert_eq!(logins["rows"].as_array().unwrap().len(), 50);
        assert_eq!(logins["pages"], 2);
        let second = app
            .call(
                &admin,
                "/api/list_audit",
                &[
                    ("action", "auth.login"),
                    ("actor", &user.to_string()),
                    ("page", "2"),
                ],
            )
            .await
            .json();
        assert_eq!(second["rows"].as_array().unwrap().len(), 10);
        let today = app::format::today_sao_paulo(time::OffsetDateTime::now_utc());
        let iso =
            |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
        let now = app
            .call(
                &admin,
                "/api/list_audit",
                &[("from", &iso(today)), ("until", &iso(today))],
            )
            .await
            .json();
        assert!(now["total"].as_i64().unwrap() >= 121, "{backend:?}: {now}");
        let yesterday = today.previous_day().unwrap();
        let before = app
            .call(&admin, "/api/list_audit", &[("until", &iso(yesterday))])
            .await
            .json();
        assert_eq!(before["total"], 0, "{backend:?}");
    }
}

#[tokio::test]
async fn hostile_filter_values_are_errors_or_literals_never_500s() {
    let app = spawn_app(Backend::Sqlite).await;
    let (admin, _) = admin_and_user(&app).await;
    for (field, value) in [
        ("action", "' OR 1=1--"),
        ("entity_type", "\"; DROP TABLE audit_log; --"),
        ("entity_id", "%"),
        ("action", "ação\u{202e}"),
    ] {
        let res = app.call(&admin, "/api/list_audit", &[(field, value)]).await;
        assert_eq!(res.status, 200, "{field}={value}: {}", res.body);
        assert_eq!(res.json()["total"], 0, "{field}={value}");
    }
    let bad_date = app
        .call(&admin, "/api/list_audit", &[("from", "ontem")])
        .await;
    assert_eq!(bad_date.status, 400);
    assert_eq!(bad_date.json()["fields"]["from"], "date_invalid");
    let bad_actor = app
        .call(&admin, "/api/list_audit", &[("actor", "1 OR 1=1")])
        .await;
    assert_eq!(bad_actor.status, 400);
}

#[tokio::test]
async fn admins_export_the_filtered_trail_as_csv_and_the_export_is_audited() {
    let app = spawn_app(Backend::Sqlite).await;
    let (admin, user) = admin_and_user(&app).await;
    promote(&app, &admin, user).await;
    let res = app
        .get_as(
            &admin,
            &format!("/admin/auditoria.csv?registro=user&registro_id={user}"),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.header("content-type"), "text/csv; charset=utf-8");
    assert!(res
        .header("content-disposition")
        .starts_with("attachment; filename=\"auditoria-"));
    let lines: Vec<&str> = res.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{}", res.body);
    assert!(lines[0].starts_with("id,occurred_at_utc,actor_id,actor_email,action"));
    assert!(
        lines[1].contains(",admin@monteiro.com.br,user.update,user,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("\"{\"\"name\"\""),
        "the diff is a quoted JSON cell: {}",
        lines[1]
    );
    assert_eq!(app.audit_count("audit.export").await, 1);
}

#[tokio::test]
async fn staff_without_the_permission_cannot_read_or_export_the_trail() {
    let app = spawn_app(Backend::Sqlite).await;
    admin_and_user(&app).await;
    let ana = app.login("ana@monteiro.com.br", PASSWORD).await;
    assert_eq!(app.call(&ana, "/api/list_audit", &[]).await.status, 403);
    assert_eq!(app.get_as(&ana, "/admin/auditoria.csv").await.status, 403);
    let page = app.get_as(&ana, "/admin/auditoria").await;
    assert_eq!(page.status, 403);
    assert_eq!(app.audit_count("audit.export").await, 0);
    assert_eq!(
        app.audit_count("authz.denied").await,
        3,
        "one row per refusal, even for a page"
    );
    let visitor = app.get("/admin/auditoria.csv", &[]).await;
    assert_eq!(visitor.status, 303, "visitors go to the login page");
}
