//! `/healthz`: the process answers. `/readyz`: the database answers and every migration is applied.

use std::time::Duration;

use app::state::AppState;
use axum::{extract::State, response::IntoResponse, Json};
use http::StatusCode;
use serde_json::json;

/// How long readiness waits for the database before reporting it unavailable.
const READY_TIMEOUT: Duration = Duration::from_secs(3);

/// Liveness: always 200 while the process serves requests.
pub async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// Readiness: 200 when the database is reachable and fully migrated, 503 otherwise.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let backend = state.db.backend();
    match tokio::time::timeout(READY_TIMEOUT, state.db.pending_migrations()).await {
        Ok(Ok(0)) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": backend, "pending_migrations": 0 })),
        ),
        Ok(Ok(pending)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                json!({ "status": "migrations_pending", "database": backend, "pending_migrations": pending }),
            ),
        ),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "readiness check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "database_unavailable", "database": backend })),
            )
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "database_timeout", "database": backend })),
        ),
    }
}
