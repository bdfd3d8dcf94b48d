//! Meta's webhook (a plain axum route, not a server function): one route for every object of
//! the one Meta app — `whatsapp_business_account` (WhatsApp Cloud API), `page` (Messenger) and
//! `instagram` (Instagram Direct) — at `/webhooks/meta` (and `/webhooks/whatsapp`, kept for apps
//! configured before). The signature is checked the same way for every object; a kept delivery's
//! reading is dispatched by its `object` (`app::whatsapp::ingest::process`).
//!
//! - `GET`: the verification handshake — `hub.mode=subscribe` and our verify token give back
//!   `hub.challenge` as plain text; anything else 403.
//! - `POST`: the raw body (up to [`MAX_BODY_BYTES`]) is checked against `X-Hub-Signature-256`
//!   with the app secret (or the previous one, during a rotation) before anything is parsed; a
//!   bad or missing signature is refused 401, audited (at most [`AUDITED_REFUSALS_PER_MINUTE`]
//!   rows a minute, so a flood cannot bloat the audit trail: the next row counts the ones left
//!   out), and nothing is stored. A good one is kept
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

/// Most refused deliveries audited in one minute (the rest are logged and counted).
pub const AUDITED_REFUSALS_PER_MINUTE: u32 = 20;

/// Refusals audited in the current minute, and those left out since the last audit row.
#[derive(Default)]
struct Refusals {
    minute: i64,
    audited: u32,
    left_out: u64,
}

impl Refusals {
    /// Whether a refusal at `now` (Unix seconds) gets an audit row, and how many were left out
    /// before it (`None`: this one is left out).
    fn admit(&mut self, now: i64) -> Option<u64> {
        let minute = now.div_euclid(60);
        if minute != self.minute {
            self.minute = minute;
            self.audited = 0;
        }
        if self.audited >= AUDITED_REFUSALS_PER_MINUTE {
            self.left_out += 1;
            return None;
        }
        self.audited += 1;
        Some(std::mem::take(&mut self.left_out))
    }
}

/// What the webhook needs: the app state and the secrets from the configuration.
pub struct Webhook {
    state: AppState,
    secrets: Vec<Secret>,
    verify_token: Option<Secret>,
    refusals: std::sync::Mutex<Refusals>,
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
            refusals: std::sync::Mutex::default(),
        }
    }
}

/// Compares two byte strings in time that depends only on their lengths.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /webhooks/meta`: the verification handshake.
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

/// `POST /webhooks/meta`: a delivery.
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
        // Unverified: only logged and audited as a hint (bounded), never acted upon.
        let object = ingest::object_of(&body);
        tracing::warn!(reason, %object, bytes = body.len(), "Meta webhook delivery refused");
        let now = state.clock.now().unix_timestamp();
        let admitted = hook
            .refusals
            .lock()
            .map(|mut r| r.admit(now))
            .unwrap_or(Some(0));
        if let Some(left_out) = admitted {
            let meta = RequestMeta::of(&parts.headers, &parts.extensions);
            audit_refusal(state, meta, reason, &object, left_out).await;
        }
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let now = state.clock.now().unix_timestamp();
    match ingest::receive(&state.db, &body, now).await {
        Ok(_) => {
            state.jobs_wake.notify_one();
            StatusCode::OK.into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "could not keep a Meta delivery; Meta will retry");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn audit_refusal(
    state: &AppState,
    meta: RequestMeta,
    reason: &str,
    object: &str,
    left_out: u64,
) {
    let mut changes = serde_json::json!({ "reason": reason, "object": object });
    if left_out > 0 {
        changes["refusals_not_audited_before"] = left_out.into();
    }
    let entry = AuditEntry {
        actor_id: None,
        action: "whatsapp.webhook_refused",
        entity_type: None,
        entity_id: None,
        changes: Some(changes),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_audited_twenty_a_minute_and_the_next_row_counts_those_left_out() {
        let mut r = Refusals::default();
        let start = 30_000_000 * 60; // the first second of a minute
        let audited = (0..25).filter_map(|_| r.admit(start + 5)).count();
        assert_eq!(audited, AUDITED_REFUSALS_PER_MINUTE as usize);
        assert_eq!(r.admit(start + 59), None);
        assert_eq!(r.admit(start + 60), Some(6), "the new minute's first row");
        assert_eq!(r.admit(start + 61), Some(0));
    }
}
