//! Meta's webhook for the WhatsApp Cloud API (a plain axum route, not a server function).
//!
//! - `GET`: the verification handshake — `hub.mode=subscribe` and our verify token give back
//!   `hub.challenge` as plain text; anything else 403.
//! - `POST`: the raw body (up to [`MAX_BODY_BYTES`]) is checked against `X-Hub-Signature-256`
//!   with the app secret (or the previous one, during a rotation) before anything is parsed; a
//!   bad or missing signature is refused 401, audited, and nothing is stored. A good one is kept
//!   raw with its reading queued, in one transaction, and answered 200 at once: the reading
//!   happens in the job worker (`app::whatsapp::ingest`). When the database cannot keep it, 503
//!   makes Meta deliver it again later.

use std::collections::HashMap;

use app::{
    audit::{record, AuditEntry, RequestMeta},
    state::AppState,
    whatsapp::{ingest, signature},
};
use axum::{
    extract::{Query, Request, State},
    response::{IntoResponse, Response},
};
use http::{header, StatusCode};

use crate::config::{Secret, WhatsAppSettings};

/// Largest delivery accepted (Meta's can reach about 3 MB).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// What the webhook needs: the app state and the secrets from the configuration.
pub struct Webhook {
    state: AppState,
    secrets: Vec<Secret>,
    verify_token: Option<Secret>,
}

impl Webhook {
    /// The webhook of `settings`' WhatsApp number.
    pub fn new(settings: &WhatsAppSettings, state: AppState) -> Self {
        let secrets = [&settings.app_secret, &settings.app_secret_previous]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        Self {
            state,
            secrets,
            verify_token: settings.verify_token.clone(),
        }
    }
}

/// Compares two byte strings in time that depends only on their lengths.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /webhooks/whatsapp`: the verification handshake.
pub async fn verify(
    State(hook): State<std::sync::Arc<Webhook>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let token_ok = match (&hook.verify_token, query.get("hub.verify_token")) {
        (Some(ours), Some(theirs)) => same(ours.expose().as_bytes(), theirs.as_bytes()),
        _ => false,
    };
    let subscribe = query.get("hub.mode").map(String::as_str) == Some("subscribe");
    match query.get("hub.challenge") {
        Some(challenge) if subscribe && token_ok => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            challenge.clone(),
        )
            .into_response(),
        _ => StatusCode::FORBIDDEN.into_response(),
    }
}

/// `POST /webhooks/whatsapp`: a delivery.
pub async fn receive(State(hook): State<std::sync::Arc<Webhook>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if hook.secrets.is_empty() {
        tracing::error!("a WhatsApp delivery arrived but WHATSAPP_APP_SECRET is not set: refused");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let header = parts
        .headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    let secrets: Vec<&[u8]> = hook.secrets.iter().map(|s| s.expose().as_bytes()).collect();
    let state = &hook.state;
    if !signature::verify(&secrets, &body, header) {
        let reason = if header.is_some() {
            "bad_signature"
        } else {
            "no_signature"
        };
        tracing::warn!(reason, bytes = body.len(), "WhatsApp delivery refused");
        audit_refusal(
            state,
            RequestMeta::of(&parts.headers, &parts.extensions),
            reason,
        )
        .await;
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let now = state.clock.now().unix_timestamp();
    match ingest::receive(&state.db, &body, now).await {
        Ok(_) => {
            state.jobs_wake.notify_one();
            StatusCode::OK.into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "could not keep a WhatsApp delivery; Meta will retry");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn audit_refusal(state: &AppState, meta: RequestMeta, reason: &str) {
    let entry = AuditEntry {
        actor_id: None,
        action: "whatsapp.webhook_refused",
        entity_type: None,
        entity_id: None,
        changes: Some(serde_json::json!({ "reason": reason })),
        meta,
    };
    let written = async {
        let mut tx = state.db.begin().await?;
        record(&mut tx, &entry).await?;
        tx.commit().await
    };
    if let Err(err) = written.await {
        tracing::warn!(error = %err, "could not audit a refused WhatsApp delivery");
    }
}
