//! Who is calling a plain (non-Leptos) route, and whether their role allows it: the same checks
//! server functions make, with denials audited as `authz.denied`. Also the caller's language,
//! for text the route writes (CSV headers and messages).

use app::{
    audit::{self, AuditEntry, RequestMeta},
    auth::{
        backend::AuthSession,
        permissions::{allowed, Action},
    },
    i18n::Locale,
    preferences::LOCALE_COOKIE,
    state::AppState,
    users::repo::UserRow,
};
use axum::response::{IntoResponse, Response};
use http::{request::Parts, StatusCode};

/// The signed-in caller if their role may do `action`; otherwise the response to send (401, or
/// 403 after auditing the denial).
pub async fn require(state: &AppState, parts: &Parts, action: Action) -> Result<UserRow, Response> {
    let user = signed_in(parts).ok_or_else(|| StatusCode::UNAUTHORIZED.into_response())?;
    if allowed(user.role(), action) {
        return Ok(user);
    }
    let entry = AuditEntry {
        actor_id: Some(user.id),
        action: "authz.denied",
        entity_type: Some("user"),
        entity_id: Some(user.id.to_string()),
        changes: Some(
            serde_json::json!({ "action": format!("{action:?}"), "path": parts.uri.path() }),
        ),
        meta: RequestMeta::of(&parts.headers, &parts.extensions),
    };
    let written = async {
        let mut tx = state.db.begin().await?;
        audit::record(&mut tx, &entry).await?;
        tx.commit().await
    }
    .await;
    if let Err(err) = written {
        tracing::error!(error = %err, "could not audit an authorization denial");
    }
    Err((StatusCode::FORBIDDEN, "Acesso negado.").into_response())
}

/// The signed-in caller (`None` for a visitor: answer 401).
pub fn signed_in(parts: &Parts) -> Option<UserRow> {
    parts
        .extensions
        .get::<AuthSession>()
        .and_then(|s| s.user.clone())
        .map(|user| user.0)
}

/// The caller's language: the language cookie, else Portuguese.
pub fn locale(parts: &Parts) -> Locale {
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LOCALE_COOKIE)
        .and_then(|(_, value)| value.parse::<Locale>().ok())
        .unwrap_or(Locale::pt_BR)
}
