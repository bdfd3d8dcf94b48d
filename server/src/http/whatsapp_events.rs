//! `GET /whatsapp/eventos`: the inbox's live changes as server-sent events (`conversation`
//! with `{"id": …}`, or `reload`), each passing the reader's record scope
//! (`app::whatsapp::live`). Reconnecting with `Last-Event-ID` replays what was missed.
//! Mounted beside the board streams, outside the request timeout, under the same stream cap and
//! session re-check (`board_events::guard`).

use app::{clients::scope::Scope, live::Topic, state::AppState};
use axum::{
    extract::State,
    response::{sse::KeepAlive, sse::Sse, IntoResponse, Response},
};
use http::{request::Parts, StatusCode};

use super::{
    board_events::{board_stream, guard},
    caller,
};

/// The handler.
pub async fn stream(State(state): State<AppState>, parts: Parts) -> Response {
    let Some(user) = caller::signed_in(&parts) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let guard = match guard(&state, &parts, user.id).await {
        Ok(guard) => guard,
        Err(refused) => return refused,
    };
    let scope = match Scope::of(&state.db, &user).await {
        Ok(scope) => scope,
        Err(err) => {
            tracing::error!(error = %err, "could not open the WhatsApp stream");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let last = parts
        .headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let events = board_stream(
        state.bus.clone(),
        Topic::WhatsApp,
        scope,
        last.as_deref(),
        guard,
    );
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}
