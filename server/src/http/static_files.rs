//! The built site (`target/site`): wasm, JS, CSS, fonts and icons, served precompressed
//! (brotli/gzip files made by `cargo leptos build --release -P`) with cache lifetimes.

use std::path::Path;

use axum::{extract::Request, middleware::Next, response::Response};
use http::{header, HeaderValue};
use tower_http::services::ServeDir;

/// A file service over the site root; `not_found` answers whatever is not a file there.
pub fn service<S>(site_root: &Path, not_found: S) -> ServeDir<S> {
    ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(not_found)
}

/// Middleware for the static tree: long-lived caching for the build output under `/pkg`
/// (a new build changes the hashed names), a day for other assets.
pub async fn cache_control(req: Request, next: Next) -> Response {
    let hashed = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    if res.status().is_success() && !res.headers().contains_key(header::CACHE_CONTROL) {
        let is_html = res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        if !is_html {
            let value = if hashed {
                "public, max-age=31536000, immutable"
            } else {
                "public, max-age=86400"
            };
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        }
    }
    res
}
