//! The server halves of signing in and out.

use leptos::prelude::*;

use super::{
    backend::{AuthSession, Credentials, SessionUser},
    timeouts::{Stamps, SESSION_KEY},
};
use crate::{
    audit::{self, AuditEntry, RequestMeta},
    error::AppError,
    state::AppState,
    users::{repo, UserSummary},
};

/// How long a "lembrar de mim" session lasts without use.
pub const REMEMBER_ME_DAYS: i64 = 7;

/// The session of the current request.
pub async fn session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>()
        .await
        .map_err(|e| AppError::Internal {
            id: crate::error::report(&e),
        })
}

/// The signed-in user, or 401.
pub async fn require_user() -> Result<SessionUser, AppError> {
    session().await?.user.ok_or(AppError::Unauthenticated)
}

/// The signed-in user if their role may do `action`; otherwise 403, and the denial is audited.
pub async fn require(action: super::permissions::Action) -> Result<SessionUser, AppError> {
    let user = require_user().await?;
    if super::permissions::allowed(user.0.role(), action) {
        return Ok(user);
    }
    let attempted = serde_json::json!({ "action": format!("{action:?}") });
    audit(
        "authz.denied",
        Some(user.0.id),
        Some(user.0.id),
        Some(attempted),
    )
    .await?;
    Err(AppError::Forbidden)
}

/// The signed-in user as the browser may see them (None for visitors).
pub async fn current_user() -> Result<Option<UserSummary>, AppError> {
    Ok(session().await?.user.map(|u| u.0.summary()))
}

/// Records an authentication event about a user account.
async fn audit(
    action: &str,
    actor: Option<i64>,
    subject: Option<i64>,
    changes: Option<serde_json::Value>,
) -> Result<(), AppError> {
    let db = expect_context::<AppState>().db;
    let mut tx = db.begin().await?;
    let entry = AuditEntry {
        actor_id: actor,
        action,
        entity_type: Some("user"),
        entity_id: subject.map(|id| id.to_string()),
        changes,
        meta: RequestMeta::current(),
    };
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks the credentials and starts a session (a new session id; persistent only with
/// remember-me). Unknown e-mail and wrong password give the same answer.
pub async fn login(
    email: String,
    password: String,
    remember: bool,
) -> Result<UserSummary, AppError> {
    let mut session = session().await?;
    let email_for_audit = crate::users::normalize_email(&email);
    let user = session
        .authenticate(Credentials { email, password })
        .await
        .map_err(|e| AppError::Internal {
            id: crate::error::report(&e),
        })?;
    let Some(user) = user else {
        let attempted = serde_json::json!({ "email": email_for_audit });
        audit("auth.login_failed", None, None, Some(attempted)).await?;
        return Err(AppError::invalid("login", "login_failed"));
    };
    session.login(&user).await.map_err(|e| AppError::Internal {
        id: crate::error::report(&e),
    })?;
    let expiry = if remember {
        tower_sessions::Expiry::OnInactivity(time::Duration::days(REMEMBER_ME_DAYS))
    } else {
        tower_sessions::Expiry::OnSessionEnd
    };
    session.session.set_expiry(Some(expiry));
    let state = expect_context::<AppState>();
    let now = state.clock.now();
    let stamps = Stamps {
        started: now.unix_timestamp(),
        seen: now.unix_timestamp(),
        remember,
    };
    session
        .session
        .insert(SESSION_KEY, stamps)
        .await
        .map_err(|e| AppError::Internal {
            id: crate::error::report(&e),
        })?;
    let mut tx = state.db.begin().await?;
    repo::touch_last_login(&mut tx, user.0.id, now).await?;
    tx.commit().await?;
    audit("auth.login", Some(user.0.id), Some(user.0.id), None).await?;
    Ok(user.0.summary())
}

/// Ends the session on the server and tells the browser to drop its cookies.
pub async fn logout() -> Result<(), AppError> {
    let mut session = session().await?;
    let user = session.logout().await.map_err(|e| AppError::Internal {
        id: crate::error::report(&e),
    })?;
    if let Some(user) = user {
        audit("auth.logout", Some(user.0.id), Some(user.0.id), None).await?;
    }
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.insert_header(
            http::HeaderName::from_static("clear-site-data"),
            http::HeaderValue::from_static("\"cookies\""),
        );
    }
    Ok(())
}
