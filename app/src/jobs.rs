//! Durable background jobs: the one home of work that runs outside a request (imports, reverts,
//! and later the WhatsApp outbox and renewal checks). A job is a row: enqueued in the same
//! transaction as the change that asks for it, claimed by one worker at a time (`BEGIN
//! IMMEDIATE` on SQLite, `FOR UPDATE SKIP LOCKED` on PostgreSQL) under a lease that the worker
//! renews while it runs, retried with exponential backoff, and left `failed` for an admin to see
//! after its last attempt. Handlers must be idempotent: a job whose worker died is claimed again
//! once its lease runs out.

use serde::{Deserialize, Serialize};

pub mod api;
mod page;
#[cfg(feature = "ssr")]
mod repo;

pub use page::JobsPage;

#[cfg(feature = "ssr")]
pub use repo::{
    claim, enqueue, enqueue_daily, finish, list_failed, pending_counts, purge_done, renew, retry,
    Claimed,
};

/// How a failed attempt is followed up: the delay before attempt `n + 1` (30 s, 1 min, 2 min…
/// at most one hour).
pub fn backoff_seconds(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 8) - 1;
    (30_i64 << exponent).min(3_600)
}

/// Attempts a job gets before it is left `failed`.
pub const MAX_ATTEMPTS: i64 = 5;

/// How long a claimed job is reserved for its worker without a renewal, in seconds.
pub const LEASE_SECONDS: i64 = 60;

/// The jobs page: what waits, what runs, and what failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobsState {
    pub queued: i64,
    pub running: i64,
    pub failed: Vec<FailedJob>,
}

/// A job that ran out of attempts, as the admin page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedJob {
    pub id: i64,
    pub kind: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub updated_at: time::OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_an_hour() {
        let delays: Vec<i64> = (1..=9).map(backoff_seconds).collect();
        assert_eq!(delays, vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff_seconds(0), 30);
    }
}
