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

/// When the session started and was last used (Unix seconds), and whether it is remembered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamps {
    pub started: i64,
    pub seen: i64,
    pub remember: bool,
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
pub fn judge(stamps: Stamps, now: i64, limits: Limits) -> Verdict {
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
        }
    }

    #[test]
    fn a_session_idle_for_more_than_30_minutes_expires() {
        assert_eq!(
            judge(stamps(false), 29 * MIN, Limits::default()),
            Verdict::Touch
        );
        assert_eq!(
            judge(stamps(false), 30 * MIN, Limits::default()),
            Verdict::Touch
        );
        assert_eq!(
            judge(stamps(false), 31 * MIN, Limits::default()),
            Verdict::Expired
        );
    }

    #[test]
    fn activity_is_written_at_most_once_a_minute() {
        assert_eq!(judge(stamps(false), 59, Limits::default()), Verdict::Fresh);
        assert_eq!(judge(stamps(false), 60, Limits::default()), Verdict::Touch);
    }

    #[test]
    fn a_busy_session_still_ends_after_10_hours() {
        let busy = Stamps {
            started: 0,
            seen: 10 * 60 * MIN,
            remember: false,
        };
        assert_eq!(
            judge(busy, 10 * 60 * MIN + MIN, Limits::default()),
            Verdict::Expired
        );
    }

    #[test]
    fn remembered_sessions_last_7_idle_days_and_30_days_in_all() {
        let day = 24 * 60 * MIN;
        assert_eq!(
            judge(stamps(true), 6 * day, Limits::default()),
            Verdict::Touch
        );
        assert_eq!(
            judge(stamps(true), 8 * day, Limits::default()),
            Verdict::Expired
        );
        let busy = Stamps {
            started: 0,
            seen: 30 * day,
            remember: true,
        };
        assert_eq!(
            judge(busy, 30 * day + MIN, Limits::default()),
            Verdict::Expired
        );
    }
}
