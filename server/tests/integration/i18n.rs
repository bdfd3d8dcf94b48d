//! Language: pt-BR by default, the browser's Accept-Language, and a saved choice that wins.

use app::db::Backend;

use crate::support::spawn_app;

#[tokio::test]
async fn pages_are_in_portuguese_by_default() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/login", &[]).await;
    assert!(
        res.body.contains(r#"<html lang="pt-BR""#),
        "{}",
        &res.body[..200]
    );
    assert!(res
        .body
        .contains("Acesse com o e-mail e a senha da sua conta."));
    assert!(res.body.contains("<title>Entrar · Monteiro CRM</title>"));
}

#[tokio::test]
async fn a_browser_that_prefers_english_gets_english() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app
        .get("/login", &[("accept-language", "en-US,en;q=0.9")])
        .await;
    assert!(res.body.contains(r#"<html lang="en""#));
    assert!(res.body.contains("Use your account's e-mail and password."));
}

#[tokio::test]
async fn the_saved_choice_wins_over_the_browser_language() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app
        .get(
            "/login",
            &[("accept-language", "en-US"), ("cookie", "crm_locale=pt-BR")],
        )
        .await;
    assert!(res
        .body
        .contains("Acesse com o e-mail e a senha da sua conta."));
    let res = app.get("/login", &[("cookie", "crm_locale=en")]).await;
    assert!(res.body.contains("Use your account's e-mail and password."));
}

#[tokio::test]
async fn set_locale_saves_the_choice_in_a_lax_cookie_for_a_year() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app
        .post_form(
            "/api/set_locale",
            "locale=en",
            &[("accept", "application/json")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let cookie = res.header("set-cookie");
    assert!(cookie.starts_with("crm_locale=en;"), "{cookie}");
    for attribute in ["Path=/", "Max-Age=31536000", "SameSite=Lax", "Secure"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing from {cookie}"
        );
    }
}

#[tokio::test]
async fn set_locale_without_javascript_returns_to_the_page_it_came_from() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app
        .post_form(
            "/api/set_locale",
            "locale=en",
            &[
                ("accept", "text/html"),
                ("referer", "https://crm.test/clientes"),
            ],
        )
        .await;
    assert_eq!(res.status, 302);
    assert_eq!(res.header("location"), "/clientes");
    assert!(res.header("set-cookie").starts_with("crm_locale=en;"));
}

#[tokio::test]
async fn set_locale_never_redirects_to_another_site() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app
        .post_form(
            "/api/set_locale",
            "locale=en",
            &[
                ("accept", "text/html"),
                ("referer", "https://crm.test//evil.example/"),
            ],
        )
        .await;
    assert!(
        !res.header("location").contains("evil"),
        "{}",
        res.header("location")
    );
}

#[tokio::test]
async fn an_unknown_language_is_a_400_with_a_field_error_and_no_cookie() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app
        .post_form(
            "/api/set_locale",
            "locale=xx",
            &[("accept", "application/json")],
        )
        .await;
    assert_eq!(res.status, 400);
    assert_eq!(
        res.json(),
        serde_json::json!({ "error": "invalid", "fields": { "locale": "locale_unknown" } })
    );
    assert!(res.header("set-cookie").is_empty());
}

#[tokio::test]
async fn a_missing_argument_is_a_400_not_a_500() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app
        .post_form("/api/set_locale", "", &[("accept", "application/json")])
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["error"], "bad_request");
}
