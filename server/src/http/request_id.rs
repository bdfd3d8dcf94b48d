//! Every request gets a fresh id (a client-sent one is replaced, so nobody can forge log
//! correlation); it is echoed in the `x-request-id` response header and shown on error pages.

use axum::{extract::Request, middleware::Next, response::Response};
use http::HeaderValue;

/// The header that carries the id.
pub const REQUEST_ID: &str = "x-request-id";

/// Middleware: assigns the id before anything else runs and copies it onto the response.
pub async fn assign(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().to_string();
    let value = HeaderValue::from_str(&id).expect("a uuid is a valid header value");
    req.headers_mut().insert(REQUEST_ID, value.clone());
    let mut res = next.run(req).await;
    res.headers_mut().insert(REQUEST_ID, value);
    res
}

/// The id assigned to `req` (empty before the middleware ran).
pub fn of(req: &Request) -> &str {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}
