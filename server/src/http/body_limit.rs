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

/// The forms that carry a file: their limit, and where a person who chose too big a file goes
/// back to (the form's page, with the reason).
fn upload(req: &Request) -> Option<(usize, String)> {
    use crate::http::{client_import, policy_documents, social_posts, whatsapp_media};
    if req.method() != http::Method::POST {
        return None;
    }
    let path = req.uri().path();
    if path == "/clientes/importar" {
        let back = "/clientes/importar?erro=import_too_large".to_owned();
        return Some((client_import::MAX_UPLOAD_BYTES, back));
    }
    if path == social_posts::PATH {
        let back = "/redes-sociais/nova?erro=social_upload_too_large".to_owned();
        return Some((social_posts::MAX_UPLOAD_BYTES, back));
    }
    if let Some(conversation) = whatsapp_media::upload_conversation(path) {
        let back = format!("/whatsapp/{conversation}?arquivo=wa_file_too_large");
        return Some((whatsapp_media::MAX_UPLOAD_BYTES, back));
    }
    let policy = policy_documents::upload_policy(path)?;
    let back = format!("/apolices/{policy}?documento=document_too_large#documentos");
    Some((policy_documents::MAX_UPLOAD_BYTES, back))
}

fn too_large(limit: usize, back: Option<String>) -> Response {
    if let Some(back) = back {
        return axum::response::Redirect::to(&back).into_response();
    }
    let body = serde_json::json!({ "error": "payload_too_large", "limit_bytes": limit });
    (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(body)).into_response()
}

/// Middleware: buffers the body of requests that may carry one, within [`MAX_BODY_BYTES`].
/// Routes under `/webhooks/` set their own (larger) limit; the forms that carry a file (the
/// spreadsheet import, a policy's documents, a file sent on WhatsApp) get theirs.
pub async fn enforce(req: Request, next: Next) -> Response {
    // The fake Graph API (demo and tests only) takes uploads as big as Meta's.
    if req.uri().path().starts_with("/webhooks/") || req.uri().path().starts_with("/_fake/") {
        return next.run(req).await;
    }
    let (limit, back) = match upload(&req) {
        Some((limit, back)) => (limit, Some(back)),
        None => (MAX_BODY_BYTES, None),
    };
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(limit, back);
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(limit, back),
    }
}
