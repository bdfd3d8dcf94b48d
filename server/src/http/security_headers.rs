//! Security headers on every response, and the per-request CSP nonce that lets Leptos'
//! hydration scripts run without `unsafe-inline`.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use base64::Engine as _;
use http::{header, HeaderValue};

/// The nonce of the current request, put in the request extensions for the renderer.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

/// What the headers depend on.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    /// Send HSTS (only when the public origin is https).
    pub hsts: bool,
    /// Extra `connect-src` entries (the live-reload socket of `cargo leptos watch`).
    pub extra_connect_src: Option<String>,
}

impl SecurityHeaders {
    /// The Content-Security-Policy for a response rendered with `nonce`.
    pub fn csp(&self, nonce: &str) -> String {
        let connect = match &self.extra_connect_src {
            Some(extra) => format!("'self' {extra}"),
            None => "'self'".to_owned(),
        };
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src {connect}; object-src 'none'; \
             base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        )
    }
}

fn new_nonce() -> String {
    let bytes: [u8; 16] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Middleware: makes the nonce, then sets the headers on whatever the inner service answered.
pub async fn apply(
    State(config): State<Arc<SecurityHeaders>>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.as_str().into()));
    let is_api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = res.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(header::CONTENT_SECURITY_POLICY, &config.csp(&nonce));
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    if config.hsts {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    if is_html || is_api || !headers.contains_key(header::CACHE_CONTROL) {
        // Pages, redirects and API answers carry personal data: never store them in any cache.
        // Static assets arrive here with their own Cache-Control already set.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_allows_only_own_and_nonced_scripts_and_forbids_framing() {
        let csp = SecurityHeaders {
            hsts: false,
            extra_connect_src: None,
        }
        .csp("abc");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!csp.contains("unsafe-inline"));
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{directive} missing from {csp}");
        }
    }

    #[test]
    fn every_nonce_is_fresh_and_long_enough() {
        let (a, b) = (new_nonce(), new_nonce());
        assert_ne!(a, b);
        assert!(a.len() >= 22);
    }
}
