//! The server halves of signing in and out.

use leptos::prelude::*;

use super::{
    backend::{AuthSession, Credentials, SessionUser},
    registry, throttle,
    timeouts::{Stamps, SESSION_KEY},
};
use crate::{
    audit::{self, AuditEntry, ClientIp, RequestMeta},
    error::AppError,
    state::AppState,
    users::{repo, UserSummary},
};

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

/// Records an authentication event about a user account inside `tx`.
pub async fn audit_in(
    tx: &mut crate::db::Tx,
    action: &str,
    actor: Option<i64>,
    subject: Option<i64>,
    changes: Option<serde_json::Value>,
) -> Result<(), AppError> {
    let entry = AuditEntry {
        actor_id: actor,
        action,
        entity_type: Some("user"),
        entity_id: subject.map(|id| id.to_string()),
        changes,
        meta: RequestMeta::current(),
    };
    audit::record(tx, &entry).await?;
    Ok(())
}

/// Records an authentication event about a user account in a transaction of its own.
async fn audit(
    action: &str,
    actor: Option<i64>,
    subject: Option<i64>,
    changes: Option<serde_json::Value>,
) -> Result<(), AppError> {
    let db = expect_context::<AppState>().db;
    let mut tx = db.begin().await?;
    audit_in(&mut tx, action, actor, subject, changes).await?;
    tx.commit().await?;
    Ok(())
}

fn internal(err: &dyn std::fmt::Display) -> AppError {
    AppError::Internal {
        id: crate::error::report(err),
    }
}

/// The generic answer to a refused login (unknown e-mail, wrong password, locked account).
fn login_refused() -> AppError {
    AppError::invalid("login", "login_failed")
}

/// Checks the credentials and starts a session (a new session id; persistent only with
/// remember-me). Unknown e-mail, wrong password and a locked account give the same answer;
/// an address with too many recent failures gets 429 before any password is checked.
pub async fn login(
    email: String,
    password: String,
    remember: bool,
) -> Result<UserSummary, AppError> {
    let state = expect_context::<AppState>();
    let now = state.clock.now().unix_timestamp();
    let ip = ClientIp::current();
    if ip.is_some_and(|ip| state.login_limiter.blocked(ip, now)) {
        return Err(AppError::RateLimited);
    }
    let email_key = crate::users::normalize_email(&email);
    if throttle::is_locked(&state.db, &email_key, now).await? {
        let attempted = serde_json::json!({ "email": email_key, "locked": true });
        audit("auth.login_failed", None, None, Some(attempted)).await?;
        return Err(login_refused());
    }
    let mut session = session().await?;
    let user = session
        .authenticate(Credentials { email, password })
        .await
        .map_err(|e| internal(&e))?;
    let Some(user) = user else {
        let mut tx = state.db.begin().await?;
        let locked = throttle::record_failure(&mut tx, &email_key, now).await?;
        let attempted = serde_json::json!({ "email": email_key });
        audit_in(
            &mut tx,
            "auth.login_failed",
            None,
            None,
            Some(attempted.clone()),
        )
        .await?;
        if locked {
            audit_in(&mut tx, "auth.lockout", None, None, Some(attempted)).await?;
        }
        tx.commit().await?;
        if let Some(ip) = ip {
            if state.login_limiter.record_failure(ip, now) {
                let changes = serde_json::json!({ "ip": ip.to_string() });
                audit("auth.ip_throttled", None, None, Some(changes)).await?;
            }
        }
        return Err(login_refused());
    };
    session.login(&user).await.map_err(|e| internal(&e))?;
    let expiry = if remember {
        let limits = state.timeouts.get(&state.db, now).await.limits();
        tower_sessions::Expiry::OnInactivity(limits.remember_idle)
    } else {
        tower_sessions::Expiry::OnSessionEnd
    };
    session.session.set_expiry(Some(expiry));
    let stamps = Stamps {
        started: now,
        seen: now,
        remember,
        key: registry::new_key(),
        reauth: now,
    };
    session
        .session
        .insert(SESSION_KEY, &stamps)
        .await
        .map_err(|e| internal(&e))?;
    let mut tx = state.db.begin().await?;
    repo::touch_last_login(&mut tx, user.0.id, state.clock.now()).await?;
    registry::register(
        &mut tx,
        &stamps.key,
        user.0.id,
        now,
        remember,
        &RequestMeta::current(),
    )
    .await?;
    throttle::clear(&mut tx, &email_key).await?;
    audit_in(
        &mut tx,
        "auth.login",
        Some(user.0.id),
        Some(user.0.id),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(user.0.summary())
}

/// The stamps of the current signed-in session.
pub async fn stamps(session: &AuthSession) -> Option<Stamps> {
    session.session.get(SESSION_KEY).await.ok().flatten()
}

/// Ends the session on the server and tells the browser to drop its cookies.
pub async fn logout() -> Result<(), AppError> {
    let mut session = session().await?;
    let key = stamps(&session).await.map(|s| s.key);
    let user = session.logout().await.map_err(|e| internal(&e))?;
    if let Some(key) = key {
        registry::remove(&expect_context::<AppState>().db, &key).await?;
    }
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

/// For a sensitive action: passes when the caller typed their password in the last 5 minutes
/// (at login or in a confirmation); otherwise checks `confirm_password` and, when right, counts
/// it as a fresh confirmation. No password → 403 `reauth_required`; a wrong one → a field error.
pub async fn require_recent_password(
    user: &SessionUser,
    confirm_password: Option<String>,
) -> Result<(), AppError> {
    let state = expect_context::<AppState>();
    let now = state.clock.now().unix_timestamp();
    let session = session().await?;
    let stamps = stamps(&session).await.ok_or(AppError::Unauthenticated)?;
    if stamps.recently_authenticated(now) {
        return Ok(());
    }
    let Some(typed) = confirm_password.filter(|p| !p.is_empty()) else {
        return Err(AppError::ReauthRequired);
    };
    let stored = user.0.password_hash.clone().unwrap_or_default();
    if crate::users::password::verify(stored, typed).await == crate::users::password::Verified::No {
        audit("auth.reauth_failed", Some(user.0.id), Some(user.0.id), None).await?;
        return Err(AppError::invalid("confirm_password", "password_wrong"));
    }
    let fresh = Stamps {
        reauth: now,
        ..stamps
    };
    session
        .session
        .insert(SESSION_KEY, fresh)
        .await
        .map_err(|e| internal(&e))?;
    Ok(())
}

/// Whether the caller typed their password in the last 5 minutes.
pub async fn recently_authenticated() -> Result<bool, AppError> {
    let now = expect_context::<AppState>().clock.now().unix_timestamp();
    let session = session().await?;
    Ok(stamps(&session)
        .await
        .is_some_and(|s| s.recently_authenticated(now)))
}

/// After changing one's own password: the session gets a new id and the new security stamp,
/// so it stays signed in while every other session of the account ends.
pub async fn renew_after_password_change(user_id: i64) -> Result<(), AppError> {
    let state = expect_context::<AppState>();
    let mut session = session().await?;
    let user = repo::find_by_id(&state.db, user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    session.session.cycle_id().await.map_err(|e| internal(&e))?;
    session
        .login(&SessionUser(user))
        .await
        .map_err(|e| internal(&e))?;
    if let Some(stamps) = stamps(&session).await {
        let now = state.clock.now().unix_timestamp();
        let fresh = Stamps {
            reauth: now,
            ..stamps
        };
        session
            .session
            .insert(SESSION_KEY, fresh)
            .await
            .map_err(|e| internal(&e))?;
    }
    Ok(())
}

/// The key of the current session in the registry.
pub async fn current_session_key() -> Result<Option<String>, AppError> {
    let session = session().await?;
    Ok(stamps(&session).await.map(|s| s.key))
}
