//! Enforces the session limits of `app::auth::timeouts` on every page and server-function
//! request: an expired session is ended on the server (and audited as `session.expired`) before
//! anything runs, so the request continues as a visitor's.

use std::sync::Arc;

use app::{
    audit::{self, AuditEntry, RequestMeta},
    auth::{
        backend::AuthSession,
        timeouts::{judge, Limits, Stamps, Verdict, SESSION_KEY},
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
    pub limits: Limits,
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
    // A session without stamps (made before they existed) starts counting now.
    let stamps: Stamps = auth
        .session
        .get(SESSION_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(Stamps {
            started: now,
            seen: now,
            remember: false,
        });
    match judge(stamps, now, lifetime.limits) {
        Verdict::Fresh => {}
        Verdict::Touch => {
            let _ = auth
                .session
                .insert(
                    SESSION_KEY,
                    Stamps {
                        seen: now,
                        ..stamps
                    },
                )
                .await;
        }
        Verdict::Expired => {
            if let Err(err) = auth.logout().await {
                tracing::error!(error = ?err, "could not end an expired session");
            }
            let meta = RequestMeta::of(req.headers(), req.extensions());
            record_expiry(&lifetime.state, meta, user_id).await;
            req.extensions_mut().insert(auth);
        }
    }
    next.run(req).await
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
