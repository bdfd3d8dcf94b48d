//! Server-side halves of the error type: status on the response, database errors mapped to
//! 503/500 with the cause logged, and the request id of the current request.

use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::{report, AppError};

/// The `x-request-id` of the request being served, if any.
pub fn request_id() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    parts
        .headers
        .get("x-request-id")?
        .to_str()
        .ok()
        .map(str::to_owned)
}

/// Ends a server function: on error, sets the response status that the error maps to. A plain
/// HTML form post (no JavaScript) is sent back to its page with `erro=…`, which the page shows,
/// instead of a JSON body the person could not read.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        set_status(err);
        crate::forms::return_with_error(err);
    }
    result
}

/// Sets the status of the response being built to the one `err` maps to.
pub fn set_status(err: &AppError) {
    if let Some(options) = use_context::<ResponseOptions>() {
        options.set_status(
            http::StatusCode::from_u16(err.status())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        let id = report(&err);
        match err {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                Self::Unavailable { id }
            }
            sqlx::Error::Database(db) if db.message().contains("database is locked") => {
                Self::Unavailable { id }
            }
            _ => Self::Internal { id },
        }
    }
}
