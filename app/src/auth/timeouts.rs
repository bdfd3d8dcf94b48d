//! Server-side session lifetimes: an idle limit and an absolute limit, longer with
//! "lembrar de mim". The stamps live in the session; activity is written at most once a minute.

use serde::{Deserialize, Serialize};
use time::Duration;

/// The key under which the stamps are kept in the session.
pub const SESSION_KEY: &str = "crm.lifetime";
/// Activity closer than this to the last recorded one is not written again.
pub const TOUCH_EVERY: Duration = Duration::minutes(1);

/// The limits in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub idle: Duration,
    pub absolute: Duration,
    pub remember_idle: Duration,
    pub remember_absolute: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            idle: Duration::minutes(30),
            absolute: Duration::hours(10),
            remember_idle: Duration::days(7),
            remember_absolute: Duration::days(30),
        }
    }
}

/// What the server keeps in a signed-in session: when it started and was last used (Unix
/// seconds), whether it is remembered, its key in the session registry, and when the password
/// was last typed (login or confirmation; sensitive actions need it recent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamps {
    pub started: i64,
    pub seen: i64,
    pub remember: bool,
    pub key: String,
    pub reauth: i64,
}

/// How recently the password must have been typed for a sensitive action.
pub const REAUTH_WITHIN: Duration = Duration::minutes(5);

impl Stamps {
    /// Whether the password was typed within [`REAUTH_WITHIN`] of `now`.
    pub fn recently_authenticated(&self, now: i64) -> bool {
        now - self.reauth <= REAUTH_WITHIN.whole_seconds()
    }
}

/// What to do with a session at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Valid; nothing to write.
    Fresh,
    /// Valid; record the activity.
    Touch,
    /// Past a limit: end it.
    Expired,
}

/// Judges `stamps` at `now` (Unix seconds).
pub fn judge(stamps: &Stamps, now: i64, limits: Limits) -> Verdict {
    let (idle, absolute) = if stamps.remember {
        (limits.remember_idle, limits.remember_absolute)
    } else {
        (limits.idle, limits.absolute)
    };
    if now - stamps.seen > idle.whole_seconds() || now - stamps.started > absolute.whole_seconds() {
        Verdict::Expired
    } else if now - stamps.seen >= TOUCH_EVERY.whole_seconds() {
        Verdict::Touch
    } else {
        Verdict::Fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60;

    fn stamps(remember: bool) -> Stamps {
        Stamps {
            started: 0,
            seen: 0,
            remember,
            key: "k".into(),
            reauth: 0,
        }
    }

    #[test]
    fn a_session_idle_for_more_than_30_minutes_expires() {
        assert_eq!(
            judge(&stamps(false), 29 * MIN, Limits::default()),
            Verdict::Touch
        );
        assert_eq!(
            judge(&stamps(false), 30 * MIN, Limits::default()),
            Verdict::Touch
        );
        assert_eq!(
            judge(&stamps(false), 31 * MIN, Limits::default()),
            Verdict::Expired
        );
    }

    #[test]
    fn activity_is_written_at_most_once_a_minute() {
        assert_eq!(judge(&stamps(false), 59, Limits::default()), Verdict::Fresh);
        assert_eq!(judge(&stamps(false), 60, Limits::default()), Verdict::Touch);
    }

    #[test]
    fn a_busy_session_still_ends_after_10_hours() {
        let busy = Stamps {
            started: 0,
            seen: 10 * 60 * MIN,
            remember: false,
            ..stamps(false)
        };
        assert_eq!(
            judge(&busy, 10 * 60 * MIN + MIN, Limits::default()),
            Verdict::Expired
        );
    }

    #[test]
    fn the_password_counts_as_recent_for_five_minutes() {
        let s = Stamps {
            reauth: 1_000,
            ..stamps(false)
        };
        assert!(s.recently_authenticated(1_000 + 5 * MIN));
        assert!(!s.recently_authenticated(1_000 + 5 * MIN + 1));
    }

    #[test]
    fn remembered_sessions_last_7_idle_days_and_30_days_in_all() {
        let day = 24 * 60 * MIN;
        assert_eq!(
            judge(&stamps(true), 6 * day, Limits::default()),
            Verdict::Touch
        );
        assert_eq!(
            judge(&stamps(true), 8 * day, Limits::default()),
            Verdict::Expired
        );
        let busy = Stamps {
            started: 0,
            seen: 30 * day,
            remember: true,
            ..stamps(true)
        };
        assert_eq!(
            judge(&busy, 30 * day + MIN, Limits::default()),
            Verdict::Expired
        );
    }
}
