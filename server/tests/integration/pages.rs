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
        ("/whatsapp", "WhatsApp"),
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
