//! Configurações (`/admin/configuracoes`): settings admins change at run time, kept in
//! `app_settings`. For now the session time limits (SECURITY.md §13): bounded, audited, and in
//! force on every instance within 30 seconds (the cache's lifetime), without a restart.

use serde::{Deserialize, Serialize};

mod page;
#[cfg(feature = "ssr")]
pub mod store;

pub use page::{SessionSettings, SettingsPage, UpdateSessionSettings};

/// The session limits as admins set them, in whole units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeouts {
    pub idle_minutes: i64,
    pub absolute_hours: i64,
    pub remember_idle_days: i64,
    pub remember_absolute_days: i64,
}

/// Allowed range of each limit (inclusive).
pub const IDLE_MINUTES: (i64, i64) = (5, 240);
pub const ABSOLUTE_HOURS: (i64, i64) = (1, 24);
pub const REMEMBER_IDLE_DAYS: (i64, i64) = (1, 30);
pub const REMEMBER_ABSOLUTE_DAYS: (i64, i64) = (1, 90);

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            idle_minutes: 30,
            absolute_hours: 10,
            remember_idle_days: 7,
            remember_absolute_days: 30,
        }
    }
}

impl Timeouts {
    /// Checks every limit against its range (and that no absolute limit is shorter than its
    /// idle one); answers the fields out of bounds.
    pub fn validate(&self) -> Result<(), Vec<&'static str>> {
        let within = |v: i64, (lo, hi): (i64, i64)| (lo..=hi).contains(&v);
        let mut bad = Vec::new();
        if !within(self.idle_minutes, IDLE_MINUTES) {
            bad.push("idle_minutes");
        }
        if !within(self.absolute_hours, ABSOLUTE_HOURS)
            || self.absolute_hours * 60 < self.idle_minutes
        {
            bad.push("absolute_hours");
        }
        if !within(self.remember_idle_days, REMEMBER_IDLE_DAYS) {
            bad.push("remember_idle_days");
        }
        if !within(self.remember_absolute_days, REMEMBER_ABSOLUTE_DAYS)
            || self.remember_absolute_days < self.remember_idle_days
        {
            bad.push("remember_absolute_days");
        }
        if bad.is_empty() {
            Ok(())
        } else {
            Err(bad)
        }
    }

    /// The limits the session middleware applies.
    #[cfg(feature = "ssr")]
    pub fn limits(&self) -> crate::auth::timeouts::Limits {
        use time::Duration;
        crate::auth::timeouts::Limits {
            idle: Duration::minutes(self.idle_minutes),
            absolute: Duration::hours(self.absolute_hours),
            remember_idle: Duration::days(self.remember_idle_days),
            remember_absolute: Duration::days(self.remember_absolute_days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_documented_limits_and_valid() {
        let d = Timeouts::default();
        assert_eq!(d.validate(), Ok(()));
        #[cfg(feature = "ssr")]
        assert_eq!(d.limits(), crate::auth::timeouts::Limits::default());
    }

    #[test]
    fn limits_out_of_bounds_are_named() {
        let t = Timeouts {
            idle_minutes: 4,
            absolute_hours: 25,
            remember_idle_days: 10,
            remember_absolute_days: 5,
        };
        assert_eq!(
            t.validate(),
            Err(vec![
                "idle_minutes",
                "absolute_hours",
                "remember_absolute_days"
            ])
        );
        let shorter = Timeouts {
            idle_minutes: 120,
            absolute_hours: 1,
            ..Timeouts::default()
        };
        assert_eq!(shorter.validate(), Err(vec!["absolute_hours"]));
    }
}
