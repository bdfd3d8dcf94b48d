//! Request bodies are read whole, up to a limit, before any handler sees them: a body that
//! announces or turns out (when chunked) to be larger is answered 413, never a 500 from
//! a half-read decode.

use axum::{
    body::Body,
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::StatusCode;

/// Largest body accepted by pages and server functions.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

fn too_large(limit: usize) -> Response {
    if limit == crate::http::client_import::MAX_UPLOAD_BYTES {
        // A person chose too big a spreadsheet: back to the form, with the reason.
        return axum::response::Redirect::to("/clientes/importar?erro=import_too_large")
            .into_response();
    }
    let body = serde_json::json!({ "error": "payload_too_large", "limit_bytes": limit });
    (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(body)).into_response()
}

/// Middleware: buffers the body of requests that may carry one, within [`MAX_BODY_BYTES`].
/// Routes under `/webhooks/` set their own (larger) limit; the spreadsheet upload gets
/// [`crate::http::client_import::MAX_UPLOAD_BYTES`].
pub async fn enforce(req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/webhooks/") {
        return next.run(req).await;
    }
    // The spreadsheet upload is the one form that carries a file.
    let limit = if req.method() == http::Method::POST && req.uri().path() == "/clientes/importar" {
        crate::http::client_import::MAX_UPLOAD_BYTES
    } else {
        MAX_BODY_BYTES
    };
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(limit);
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(limit),
    }
}
