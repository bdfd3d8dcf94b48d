//! `GET /social/midia/{token}`: a picture of a scheduled post, fetched by Meta while it
//! publishes (SOCIAL.md §1: "we cURL media used in publishing attempts"). Public — Meta has no
//! session — but unguessable (a random 256-bit token per picture) and expiring; only JPEG and
//! PNG are kept, served with their own type. Anything else is 404, as for no such picture.

use app::state::AppState;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use http::{header, StatusCode};

pub async fn picture(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let now = state.clock.now().unix_timestamp();
    match app::social::repo::media_by_token(&state.db, &token, now).await {
        Ok(Some((mime, bytes))) if mime == "image/jpeg" || mime == "image/png" => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(_) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "could not read a post's picture");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
