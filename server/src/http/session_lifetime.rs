//! Enforces the session limits of `app::auth::timeouts` on every page and server-function
//! request: an expired session is ended on the server (and audited as `session.expired`) before
//! anything runs, so the request continues as a visitor's. A session whose registry row is
//! gone (ended from another device or by an admin) ends the same way.

use std::sync::Arc;

use app::{
    audit::{self, AuditEntry, RequestMeta},
    auth::{
        backend::AuthSession,
        registry, server,
        timeouts::{judge, Stamps, Verdict, SESSION_KEY},
    },
    state::AppState,
};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};

/// What the middleware needs.
#[derive(Clone, Debug)]
pub struct Lifetime {
    pub state: AppState,
}

/// Middleware (inside the session layer).
pub async fn enforce(
    State(lifetime): State<Arc<Lifetime>>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(mut auth) = req.extensions().get::<AuthSession>().cloned() else {
        return next.run(req).await;
    };
    let Some(user_id) = auth.user.as_ref().map(|u| u.0.id) else {
        return next.run(req).await;
    };
    let now = lifetime.state.clock.now().unix_timestamp();
    let db = &lifetime.state.db;
    let limits = lifetime.state.timeouts.get(db, now).await.limits();
    let verdict = match server::stamps(&auth).await {
        // A signed-in session without stamps was not made by our login: end it.
        None => Ending::Silently,
        Some(stamps) => match judge(&stamps, now, limits) {
            Verdict::Expired => Ending::Expired(stamps.key),
            live => match registry::is_live(db, &stamps.key, user_id).await {
                Ok(false) => Ending::Silently,
                Err(err) => {
                    tracing::error!(error = %err, "could not check the session registry");
                    Ending::Silently
                }
                Ok(true) => {
                    if live == Verdict::Touch {
                        touch(&lifetime.state, &auth, stamps, now).await;
                    }
                    return next.run(req).await;
                }
            },
        },
    };
    if let Err(err) = auth.logout().await {
        tracing::error!(error = ?err, "could not end a session");
    }
    if let Ending::Expired(key) = verdict {
        if let Err(err) = registry::remove(db, &key).await {
            tracing::error!(error = %err, "could not forget an expired session");
        }
        let meta = RequestMeta::of(req.headers(), req.extensions());
        record_expiry(&lifetime.state, meta, user_id).await;
    }
    req.extensions_mut().insert(auth);
    next.run(req).await
}

/// Why a session ends before the request runs.
enum Ending {
    /// Past its idle or absolute limit (audited).
    Expired(String),
    /// Revoked (its registry row is gone) or not one of ours.
    Silently,
}

async fn touch(state: &AppState, auth: &AuthSession, stamps: Stamps, now: i64) {
    if let Err(err) = registry::touch(&state.db, &stamps.key, now).await {
        tracing::error!(error = %err, "could not record session activity");
    }
    let touched = Stamps {
        seen: now,
        ..stamps
    };
    if let Err(err) = auth.session.insert(SESSION_KEY, touched).await {
        tracing::error!(error = %err, "could not record session activity");
    }
}

async fn record_expiry(state: &AppState, meta: RequestMeta, user_id: i64) {
    let entry = AuditEntry {
        actor_id: Some(user_id),
        action: "session.expired",
        entity_type: Some("user"),
        entity_id: Some(user_id.to_string()),
        changes: None,
        meta,
    };
    let result = async {
        let mut tx = state.db.begin().await?;
        audit::record(&mut tx, &entry).await?;
        tx.commit().await
    }
    .await;
    if let Err(err) = result {
        tracing::error!(error = %err, "could not audit an expired session");
    }
}
