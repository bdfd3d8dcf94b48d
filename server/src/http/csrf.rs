//! CSRF protection for everything that changes state. Leptos server functions have none of
//! their own, so every non-safe request must come from `APP_ORIGIN`: its `Origin` (or, lacking
//! that, its `Referer`) must be exactly that origin, and `Sec-Fetch-Site`, when sent, must say
//! `same-origin`. `Host` and `X-Forwarded-Host` are never consulted. Only the webhook is exempt.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{HeaderMap, Method, StatusCode};

/// What the check needs.
#[derive(Clone, Debug)]
pub struct CsrfPolicy {
    /// The only trusted origin, normalised (`scheme://host[:port]`).
    pub app_origin: String,
    /// Path prefixes that authenticate callers another way (the Meta webhook's signature).
    pub exempt_prefixes: Vec<&'static str>,
}

/// Why a request was turned away.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejection {
    CrossSiteFetch,
    ForeignOrigin,
    NoOrigin,
}

impl CsrfPolicy {
    /// Decides whether a request with these headers may change state.
    pub fn check(&self, method: &Method, path: &str, headers: &HeaderMap) -> Result<(), Rejection> {
        if matches!(
            *method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
        ) || self.exempt_prefixes.iter().any(|p| path.starts_with(p))
        {
            return Ok(());
        }
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(site) = header("sec-fetch-site") {
            if site != "same-origin" {
                return Err(Rejection::CrossSiteFetch);
            }
        }
        let source = match header("origin") {
            Some(origin) => origin.to_owned(),
            None => header("referer")
                .and_then(origin_of)
                .ok_or(Rejection::NoOrigin)?,
        };
        if source.eq_ignore_ascii_case(&self.app_origin) {
            Ok(())
        } else {
            Err(Rejection::ForeignOrigin)
        }
    }
}

fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    parsed
        .has_host()
        .then(|| parsed.origin().ascii_serialization())
}

/// Middleware: answers 403 to a state-changing request from anywhere but our origin.
pub async fn protect(State(policy): State<Arc<CsrfPolicy>>, req: Request, next: Next) -> Response {
    match policy.check(req.method(), req.uri().path(), req.headers()) {
        Ok(()) => next.run(req).await,
        Err(reason) => {
            let origin = req
                .headers()
                .get("origin")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::warn!(
                event = "security.csrf",
                method = %req.method(),
                path = req.uri().path(),
                origin,
                request_id = super::request_id::of(&req),
                ?reason,
                "rejected a state-changing request from another origin"
            );
            let wants_html = req
                .headers()
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"));
            if wants_html {
                // A person submitted a form, most likely from another address of this same
                // server (localhost vs 127.0.0.1): tell them where the app lives.
                (
                    StatusCode::FORBIDDEN,
                    axum::response::Html(refusal_page(&policy.app_origin)),
                )
                    .into_response()
            } else {
                let body = serde_json::json!({ "error": "forbidden", "reason": "cross_origin" });
                (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
            }
        }
    }
}

/// The page shown to a person whose form came from another address (pt-BR, then English).
fn refusal_page(app_origin: &str) -> String {
    // The origin comes from validated configuration (scheme://host[:port]); escaped all the same.
    let origin = app_origin
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    format!(
        "<!DOCTYPE html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Pedido recusado · Monteiro CRM</title></head><body><main>\
         <h1>Pedido recusado</h1>\
         <p>Por segurança, o sistema só aceita formulários enviados a partir de \
         <a href=\"{origin}/\">{origin}</a>. Abra o sistema por esse endereço e tente de novo.</p>\
         <p lang=\"en\">For security, the system only accepts forms sent from \
         <a href=\"{origin}/\">{origin}</a>. Open it at that address and try again.</p>\
         </main></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> CsrfPolicy {
        CsrfPolicy {
            app_origin: "https://crm.example.com".into(),
            exempt_prefixes: vec!["/webhooks/"],
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    fn post(pairs: &[(&'static str, &str)]) -> Result<(), Rejection> {
        policy().check(&Method::POST, "/api/x", &headers(pairs))
    }

    #[test]
    fn same_origin_posts_pass() {
        assert_eq!(
            post(&[
                ("origin", "https://crm.example.com"),
                ("sec-fetch-site", "same-origin")
            ]),
            Ok(())
        );
        assert_eq!(
            post(&[("referer", "https://crm.example.com/clientes?x=1")]),
            Ok(())
        );
    }

    #[test]
    fn foreign_and_lookalike_origins_are_rejected() {
        assert_eq!(
            post(&[("origin", "https://evil.example")]),
            Err(Rejection::ForeignOrigin)
        );
        assert_eq!(
            post(&[("origin", "https://crm.example.com.evil.io")]),
            Err(Rejection::ForeignOrigin)
        );
        assert_eq!(post(&[("origin", "null")]), Err(Rejection::ForeignOrigin));
        assert_eq!(
            post(&[("origin", "http://crm.example.com")]),
            Err(Rejection::ForeignOrigin)
        );
        assert_eq!(
            post(&[("referer", "https://crm.example.com.evil.io/")]),
            Err(Rejection::ForeignOrigin)
        );
    }

    #[test]
    fn cross_site_and_same_site_fetches_are_rejected_even_with_a_good_origin() {
        for site in ["cross-site", "same-site", "none"] {
            let result = post(&[
                ("origin", "https://crm.example.com"),
                ("sec-fetch-site", site),
            ]);
            assert_eq!(result, Err(Rejection::CrossSiteFetch), "{site}");
        }
    }

    #[test]
    fn a_post_with_no_origin_evidence_is_rejected() {
        assert_eq!(post(&[]), Err(Rejection::NoOrigin));
        assert_eq!(
            post(&[
                ("host", "crm.example.com"),
                ("x-forwarded-host", "crm.example.com")
            ]),
            Err(Rejection::NoOrigin)
        );
    }

    #[test]
    fn the_refusal_page_points_a_person_to_the_right_address() {
        let page = refusal_page("http://127.0.0.1:3000");
        assert!(page.contains(r#"<a href="http://127.0.0.1:3000/">http://127.0.0.1:3000</a>"#));
        assert!(page.contains("Pedido recusado"));
    }

    #[test]
    fn safe_methods_and_the_webhook_are_not_checked() {
        assert_eq!(
            policy().check(&Method::GET, "/api/x", &HeaderMap::new()),
            Ok(())
        );
        assert_eq!(
            policy().check(&Method::POST, "/webhooks/whatsapp", &HeaderMap::new()),
            Ok(())
        );
    }
}
