//! Server-rendered pages: every section renders, unknown addresses get a real 404, and
//! administration is not offered to visitors.

use app::{db::Backend, roles::Role};

use crate::support::{spawn_app, TestApp};

async fn signed_in() -> (TestApp, String) {
    let app = spawn_app(Backend::Sqlite).await;
    app.create_user("ana@monteiro.com.br", "uma senha bem longa", Role::User)
        .await;
    let cookie = app
        .login("ana@monteiro.com.br", "uma senha bem longa")
        .await;
    (app, cookie)
}

#[tokio::test]
async fn every_section_renders_with_its_heading_and_title() {
    let (app, cookie) = signed_in().await;
    for (path, name) in [
        ("/", "Painel"),
        ("/clientes", "Clientes"),
        ("/apolices", "Apólices"),
        ("/kanban", "Kanban"),
        ("/whatsapp", "Caixa de entrada"),
        ("/redes-sociais", "Redes sociais"),
    ] {
        let res = app.get_as(&cookie, path).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(
            res.body
                .contains(&format!("<title>{name} · Monteiro CRM</title>")),
            "{path}"
        );
        assert!(
            res.body.contains(r#"<main id="conteudo""#),
            "{path}: main landmark"
        );
        assert!(
            res.body.contains(r##"href="#conteudo""##),
            "{path}: skip link"
        );
    }
}

#[tokio::test]
async fn an_unknown_address_is_a_404_page_in_the_users_language() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/nao-existe", &[]).await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("Página não encontrada"));
    let res = app
        .get("/nao-existe/mais", &[("accept-language", "en")])
        .await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("Page not found"));
}

#[tokio::test]
async fn the_current_section_is_marked_for_assistive_technology() {
    let (app, cookie) = signed_in().await;
    let res = app.get_as(&cookie, "/apolices").await;
    assert!(
        res.body
            .contains(r#"<a href="/apolices" aria-current="page""#),
        "{}",
        res.body
    );
    assert!(!res.body.contains(r#"<a href="/" aria-current="page""#));
}

/// Regression: under concurrent load a page's `<title>` closure could read a disposed signal
/// while the `<head>` was written; the panic left the response hanging until the 30 s timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_rendered_concurrently_all_complete() {
    let app = std::sync::Arc::new(spawn_app(Backend::Sqlite).await);
    app.create_user("admin@monteiro.com.br", "uma senha bem longa", Role::Admin)
        .await;
    let cookie = app
        .login("admin@monteiro.com.br", "uma senha bem longa")
        .await;
    let paths = ["/clientes", "/admin", "/", "/conta", "/admin/auditoria"];
    let mut tasks = Vec::new();
    for task in 0..12 {
        let (app, cookie) = (app.clone(), cookie.clone());
        tasks.push(tokio::spawn(async move {
            let mut failures = Vec::new();
            for i in 0..30 {
                let path = paths[(i + task) % paths.len()];
                // Far above any real render time: only a hang reaches it.
                let limit = std::time::Duration::from_secs(10);
                match tokio::time::timeout(limit, app.get_as(&cookie, path)).await {
                    Ok(res) if res.status == 200 => {}
                    Ok(res) => failures.push(format!("{path}: {}", res.status)),
                    Err(_) => failures.push(format!("{path}: no answer")),
                }
            }
            failures
        }));
    }
    let mut failures = Vec::new();
    for task in tasks {
        failures.extend(task.await.unwrap());
    }
    assert!(failures.is_empty(), "{failures:?}");
}
