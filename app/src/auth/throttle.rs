//! Brute-force throttling of logins, per account and per client address.
//!
//! * Per account (in the database, so it holds across restarts and instances): 10 failed
//!   logins within 15 minutes lock the typed e-mail for 15 minutes; while locked even the right
//!   password is refused with the same generic message. The e-mail need not exist, so a lock
//!   tells an attacker nothing about which accounts do.
//! * Per address (in memory): after `limit` failed logins in one minute from one client address,
//!   further attempts from it get 429 before any password is hashed. The address is the one
//!   resolved with `TRUSTED_PROXIES`, so a forged `X-Forwarded-For` changes nothing.

use std::{
    collections::{HashMap, VecDeque},
    net::IpAddr,
    sync::Mutex,
};

use time::Duration;

use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

/// Failed logins within [`WINDOW`] that lock an account.
pub const MAX_FAILURES: i64 = 10;
/// The window in which failures are counted.
pub const WINDOW: Duration = Duration::minutes(15);
/// How long a lock lasts.
pub const LOCK: Duration = Duration::minutes(15);
/// The window of the per-address limit.
pub const IP_WINDOW: Duration = Duration::minutes(1);
/// Failed logins per address per minute when `LOGIN_IP_LIMIT` is not set.
pub const DEFAULT_IP_LIMIT: usize = 10;

/// Whether `email` (normalised) is locked at `now` (Unix seconds).
pub async fn is_locked(db: &Db, email: &str, now: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT locked_until FROM login_throttle WHERE email = $1";
    let until: Option<Option<i64>> =
        on_pool!(db, pool => sqlx::query_scalar(SQL).bind(email).fetch_optional(pool).await)?;
    Ok(until.flatten().is_some_and(|until| until > now))
}

/// Counts a failed login for `email`; answers `true` when this failure locked the account.
pub async fn record_failure(tx: &mut Tx, email: &str, now: i64) -> Result<bool, sqlx::Error> {
    // One statement, so concurrent failures cannot lose a count.
    const COUNT: &str = "INSERT INTO login_throttle (email, failures, window_started) \
        VALUES ($1, 1, $2) \
        ON CONFLICT (email) DO UPDATE SET \
          failures = CASE WHEN login_throttle.window_started <= $3 THEN 1 \
                          ELSE login_throttle.failures + 1 END, \
          window_started = CASE WHEN login_throttle.window_started <= $3 THEN $2 \
                                ELSE login_throttle.window_started END \
        RETURNING failures";
    const LOCK_SQL: &str = "UPDATE login_throttle \
        SET locked_until = $2, failures = 0, window_started = $3 WHERE email = $1";
    let window_start = now - WINDOW.whole_seconds();
    let failures: i64 = on_tx!(tx, conn => sqlx::query_scalar(COUNT)
        .bind(email)
        .bind(now)
        .bind(window_start)
        .fetch_one(conn)
        .await)?;
    if failures < MAX_FAILURES {
        return Ok(false);
    }
    let until = now + LOCK.whole_seconds();
    on_tx!(tx, conn => sqlx::query(LOCK_SQL)
        .bind(email)
        .bind(until)
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(true)
}

/// Forgets the failures of `email` (after a successful login).
pub async fn clear(tx: &mut Tx, email: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM login_throttle WHERE email = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(email).execute(conn).await.map(|r| r.rows_affected()))
        .map(|_| ())
}

/// Deletes rows whose window and lock are both over; answers how many.
pub async fn purge_stale(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    const SQL: &str = "DELETE FROM login_throttle \
        WHERE window_started <= $1 AND (locked_until IS NULL OR locked_until <= $2)";
    on_pool!(db, pool => sqlx::query(SQL)
        .bind(now - WINDOW.whole_seconds())
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}

/// Recent failed logins per client address, in memory.
#[derive(Debug)]
pub struct IpLimiter {
    limit: usize,
    failures: Mutex<HashMap<IpAddr, VecDeque<i64>>>,
}

/// Addresses remembered before old entries are swept.
const SWEEP_ABOVE: usize = 10_000;

impl IpLimiter {
    /// A limiter allowing `limit` failures per address per minute.
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `ip` has used up its failures at `now` (Unix seconds).
    pub fn blocked(&self, ip: IpAddr, now: i64) -> bool {
        let mut failures = self.failures.lock().expect("limiter lock");
        let Some(times) = failures.get_mut(&ip) else {
            return false;
        };
        forget_before(times, now);
        times.len() >= self.limit
    }

    /// Counts a failure from `ip`; answers `true` when this one reached the limit.
    pub fn record_failure(&self, ip: IpAddr, now: i64) -> bool {
        let mut failures = self.failures.lock().expect("limiter lock");
        if failures.len() > SWEEP_ABOVE {
            failures.retain(|_, times| {
                forget_before(times, now);
                !times.is_empty()
            });
        }
        let times = failures.entry(ip).or_default();
        forget_before(times, now);
        times.push_back(now);
        times.len() == self.limit
    }
}

fn forget_before(times: &mut VecDeque<i64>, now: i64) {
    let oldest = now - IP_WINDOW.whole_seconds();
    while times.front().is_some_and(|t| *t <= oldest) {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_address_is_blocked_after_its_limit_of_failures_in_a_minute() {
        let limiter = IpLimiter::new(3);
        let a = ip("203.0.113.7");
        assert!(!limiter.record_failure(a, 0));
        assert!(!limiter.record_failure(a, 10));
        assert!(!limiter.blocked(a, 20));
        assert!(limiter.record_failure(a, 20), "the third reaches the limit");
        assert!(limiter.blocked(a, 30));
        assert!(
            !limiter.blocked(ip("203.0.113.8"), 30),
            "other addresses are not affected"
        );
    }

    #[test]
    fn failures_older_than_a_minute_no_longer_count() {
        let limiter = IpLimiter::new(2);
        let a = ip("2001:db8::1");
        limiter.record_failure(a, 0);
        limiter.record_failure(a, 30);
        assert!(limiter.blocked(a, 59));
        assert!(!limiter.blocked(a, 61), "the first failure left the window");
    }

    #[test]
    fn the_map_of_addresses_is_swept_when_large() {
        let limiter = IpLimiter::new(5);
        for n in 0..=SWEEP_ABOVE as u32 {
            limiter.record_failure(IpAddr::from(n.to_be_bytes()), 0);
        }
        limiter.record_failure(ip("192.0.2.1"), 1_000);
        assert_eq!(limiter.failures.lock().unwrap().len(), 1);
    }
}
