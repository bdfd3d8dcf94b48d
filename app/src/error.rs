//! The one error type that crosses the wire. Each variant maps to one HTTP status; internal
//! causes are logged on the server under an id and never shown to the user.

use std::collections::BTreeMap;

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What went wrong, as the client may know it. Serialised as `{"error":"<kind>", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    /// 400: the input failed validation. Maps field name → message key in the catalogues.
    #[error("invalid input")]
    Invalid { fields: BTreeMap<String, String> },
    /// 400: the request itself was malformed (missing or undecodable arguments).
    #[error("bad request")]
    BadRequest,
    /// 401: no valid session.
    #[error("authentication required")]
    Unauthenticated,
    /// 403: the caller's role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// 403: a sensitive action needs the password typed again (more than 5 minutes passed).
    #[error("password confirmation required")]
    ReauthRequired,
    /// 410: a one-time link that was used, replaced or expired.
    #[error("link no longer valid")]
    Gone,
    /// 404: no such record, or one the caller may not see (the two look the same).
    #[error("not found")]
    NotFound,
    /// 409: the record changed or already exists.
    #[error("conflict")]
    Conflict,
    /// 429: too many attempts; try again later.
    #[error("too many requests")]
    RateLimited,
    /// 503: a dependency (the database) is unavailable; the request can be retried.
    #[error("service unavailable")]
    Unavailable { id: String },
    /// 500: an unexpected failure, logged on the server under `id`.
    #[error("internal error")]
    Internal { id: String },
    /// The browser could not reach the server (never produced by the server).
    #[error("network error")]
    Network,
}

impl AppError {
    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid { .. } | Self::BadRequest => 400,
            Self::Unauthenticated => 401,
            Self::Forbidden | Self::ReauthRequired => 403,
            Self::Gone => 410,
            Self::NotFound => 404,
            Self::Conflict => 409,
            Self::RateLimited => 429,
            Self::Internal { .. } => 500,
            Self::Unavailable { .. } | Self::Network => 503,
        }
    }

    /// One invalid field with its message key.
    pub fn invalid(field: &str, message_key: &str) -> Self {
        Self::Invalid {
            fields: BTreeMap::from([(field.to_owned(), message_key.to_owned())]),
        }
    }

    /// The id to quote to support, when there is one.
    pub fn support_id(&self) -> Option<&str> {
        match self {
            Self::Internal { id } | Self::Unavailable { id } => Some(id),
            _ => None,
        }
    }
}

/// Field errors collected while validating a form: the first problem of each field wins.
#[derive(Clone, Debug, Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// Records `key` (a catalogue message key) for `field`, unless it already has a problem.
    pub fn add(&mut self, field: &str, key: &str) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| key.to_owned());
    }

    /// The problem recorded for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing was recorded, else [`AppError::Invalid`] with every field.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid { fields: self.0 })
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let err = match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => Self::BadRequest,
            ServerFnErrorErr::Request(_) => Self::Network,
            other => Self::Internal { id: report(&other) },
        };
        // On the server this runs when the arguments could not be decoded, before the function
        // body (and its `respond`) ever runs: the status must be set here.
        #[cfg(feature = "ssr")]
        server::set_status(&err);
        err
    }
}

/// Logs an unexpected failure (on the server) and returns the id it was logged under: the
/// request id when there is one, so that the log line, the access log and the user's screen agree.
pub fn report(cause: &dyn std::fmt::Display) -> String {
    #[cfg(feature = "ssr")]
    {
        let id = server::request_id().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        tracing::error!(error_id = %id, error = %cause, "internal error");
        id
    }
    // In the browser there is no server log to point at.
    #[cfg(not(feature = "ssr"))]
    {
        let _ = cause;
        String::new()
    }
}

#[cfg(feature = "ssr")]
mod server;
#[cfg(feature = "ssr")]
pub use server::{request_id, respond, set_status};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_error_serialises_as_kind_and_id_only() {
        let json = serde_json::to_string(&AppError::Internal { id: "abc".into() }).unwrap();
        assert_eq!(json, r#"{"error":"internal","id":"abc"}"#);
    }

    #[test]
    fn every_error_round_trips_through_the_wire_encoding() {
        for err in [
            AppError::invalid("cpf", "cpf_invalid"),
            AppError::BadRequest,
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Conflict,
            AppError::RateLimited,
            AppError::Unavailable { id: "x".into() },
            AppError::Internal { id: "y".into() },
        ] {
            assert_eq!(AppError::de(err.ser()), err);
        }
    }

    #[test]
    fn statuses_match_their_documented_codes() {
        assert_eq!(AppError::invalid("a", "b").status(), 400);
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::RateLimited.status(), 429);
        assert_eq!(AppError::Internal { id: String::new() }.status(), 500);
    }

    #[test]
    fn malformed_arguments_are_a_bad_request_not_an_internal_error() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("nope".into()));
        assert_eq!(err, AppError::BadRequest);
    }
}
