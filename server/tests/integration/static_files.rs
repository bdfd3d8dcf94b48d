//! Static assets: served from the site root, precompressed when the browser accepts it, with
//! long cache lifetimes for the hashed build output.

use app::db::Backend;

use crate::support::spawn_app;

#[tokio::test]
async fn hashed_build_output_is_served_precompressed_and_cached_for_a_year() {
    let app = spawn_app(Backend::Sqlite).await;
    let pkg = app.site_root().join("pkg");
    std::fs::write(pkg.join("app.abc123.js"), "console.log('plain')").unwrap();
    std::fs::write(pkg.join("app.abc123.js.br"), b"brotli-bytes").unwrap();
    let res = app
        .get("/pkg/app.abc123.js", &[("accept-encoding", "br, gzip")])
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-encoding"), "br");
    assert_eq!(res.body, "brotli-bytes");
    assert_eq!(
        res.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let plain = app.get("/pkg/app.abc123.js", &[]).await;
    assert_eq!(plain.body, "console.log('plain')");
}

#[tokio::test]
async fn other_assets_are_cached_for_a_day_and_missing_ones_get_the_404_page() {
    let app = spawn_app(Backend::Sqlite).await;
    std::fs::write(app.site_root().join("favicon.svg"), "<svg/>").unwrap();
    let res = app.get("/favicon.svg", &[]).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("cache-control"), "public, max-age=86400");
    let missing = app.get("/pkg/nothing.js", &[]).await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn paths_cannot_escape_the_site_root() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/../../Cargo.toml", &[]).await;
    assert_ne!(res.status, 200);
    let res = app.get("/%2e%2e/%2e%2e/Cargo.toml", &[]).await;
    assert_ne!(res.status, 200);
}
