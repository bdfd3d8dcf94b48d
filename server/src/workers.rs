//! Background work of the server process. For now one periodic maintenance pass: it deletes
//! session registry rows past their limits, expired session-store rows, stale login-throttle
//! rows and old one-time links. (Durable jobs with retries — the outbox, imports — come with
//! the first feature that needs them; see STYLE.md §15.)

use std::time::Duration;

use app::{
    auth::{registry, throttle, tokens},
    state::AppState,
};

use crate::sessions::DbSessionStore;

/// How often maintenance runs.
pub const MAINTENANCE_EVERY: Duration = Duration::from_secs(10 * 60);
/// Used or expired one-time links are kept this long (for support questions), then deleted.
pub const KEEP_DEAD_LINKS: time::Duration = time::Duration::days(30);

/// What one maintenance pass removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub throttles: u64,
    pub links: u64,
}

/// One maintenance pass.
pub async fn maintain(state: &AppState, store: &DbSessionStore) -> Result<Swept, sqlx::Error> {
    let now = state.clock.now().unix_timestamp();
    let limits = state.timeouts.get(&state.db, now).await.limits();
    let sessions = registry::purge_stale(&state.db, now, &limits).await?;
    let throttles = throttle::purge_stale(&state.db, now).await?;
    let links = tokens::purge_dead(&state.db, now - KEEP_DEAD_LINKS.whole_seconds()).await?;
    if let Err(err) = store.delete_expired().await {
        tracing::warn!(error = %err, "could not delete expired sessions from the store");
    }
    Ok(Swept {
        sessions,
        throttles,
        links,
    })
}

/// Runs [`maintain`] every `every` until aborted.
pub fn spawn_maintenance(
    state: AppState,
    store: DbSessionStore,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match maintain(&state, &store).await {
                Ok(swept) if swept != Swept::default() => {
                    tracing::info!(?swept, "maintenance removed stale rows");
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "maintenance pass failed"),
            }
        }
    })
}
