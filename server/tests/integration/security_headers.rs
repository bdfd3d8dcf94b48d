//! SECURITY.md §24: security headers on every response; the CSP nonce matches the page's scripts.

use app::db::Backend;

use crate::support::spawn_app;

#[tokio::test]
async fn pages_api_health_and_error_pages_carry_the_security_headers() {
    let app = spawn_app(Backend::Sqlite).await;
    let responses = [
        ("/", app.get("/", &[]).await),
        ("/login", app.get("/login", &[]).await),
        ("/nao-existe", app.get("/nao-existe", &[]).await),
        ("/healthz", app.get("/healthz", &[]).await),
        (
            "/api/set_locale",
            app.post_form("/api/set_locale", "locale=xx", &[]).await,
        ),
    ];
    for (path, res) in &responses {
        let csp = res.header("content-security-policy");
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "script-src 'self' 'nonce-",
        ] {
            assert!(
                csp.contains(directive),
                "{path}: {directive} missing from {csp:?}"
            );
        }
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(res.header("x-content-type-options"), "nosniff", "{path}");
        assert!(!res.header("referrer-policy").is_empty(), "{path}");
        assert!(
            res.headers
                .get("access-control-allow-credentials")
                .is_none(),
            "{path}"
        );
        assert!(
            res.headers.get("strict-transport-security").is_some(),
            "{path}: https origin gets HSTS"
        );
    }
    for (path, res) in &responses[..3] {
        assert_eq!(
            res.header("cache-control"),
            "no-store",
            "{path}: HTML must not be cached"
        );
    }
    assert_eq!(
        responses[4].1.header("cache-control"),
        "no-store",
        "/api must not be cached"
    );
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_origin_is_https() {
    let app =
        crate::support::spawn_app_with(Backend::Sqlite, &[("APP_ORIGIN", "http://127.0.0.1:3000")])
            .await;
    let res = app.get("/", &[]).await;
    assert!(res.headers.get("strict-transport-security").is_none());
    let hsts = crate::support::spawn_app(Backend::Sqlite)
        .await
        .get("/", &[])
        .await;
    assert!(hsts
        .header("strict-transport-security")
        .contains("max-age=31536000"));
}

#[tokio::test]
async fn every_inline_script_carries_the_nonce_of_its_own_response() {
    let app = spawn_app(Backend::Sqlite).await;
    let first = app.get("/login", &[]).await;
    let second = app.get("/login", &[]).await;
    let nonce_of = |csp: &str| {
        csp.split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap()
            .to_owned()
    };
    let nonce = nonce_of(first.header("content-security-policy"));
    assert_ne!(
        nonce,
        nonce_of(second.header("content-security-policy")),
        "nonces are per response"
    );
    let scripts = first.body.matches("<script").count();
    let nonced = first
        .body
        .matches(&format!("<script nonce=\"{nonce}\""))
        .count()
        + first
            .body
            .matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
            .count();
    // leptos_i18n adds one empty <script></script> placeholder that carries no code.
    let empty = first.body.matches("<script></script>").count();
    assert!(
        nonced >= 2,
        "hydration scripts carry the nonce: {}",
        first.body
    );
    assert_eq!(
        scripts,
        nonced + empty,
        "a script without the nonce would be blocked: {}",
        first.body
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = spawn_app(Backend::Sqlite).await;
    let body = format!("locale={}", "a".repeat(2 * 1024 * 1024));
    let length = body.len().to_string();
    let res = app
        .post_form("/api/set_locale", &body, &[("content-length", &length)])
        .await;
    assert_eq!(res.status, 413);
    // Without a length up front (chunked), the limit still stops the read: a 4xx, never a 500.
    let res = app.post_form("/api/set_locale", &body, &[]).await;
    assert!((400..500).contains(&res.status), "{}", res.status);
}
