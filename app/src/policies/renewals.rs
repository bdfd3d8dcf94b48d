//! Renewal monitoring: every day a durable job finds the policies in force whose vigência ends
//! within 90/60/30/15/7/0 days, keeps one renewal record per policy (the Renovações board's card
//! once the Kanban exists), alerts the policy's owner once per window, and marks the policies
//! whose vigência ended without renewal as expired. "A vencer" lists them, needs-attention
//! first, grouped by window, with the previous premium and — for auto policies past their end —
//! the days left to renew without losing the bonus class.

use serde::{Deserialize, Serialize};
use time::Date;

use super::PolicyStatus;

pub mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::RenewalsPage;

/// The alert windows, in days before the vigência ends.
pub const WINDOWS: [i64; 6] = [90, 60, 30, 15, 7, 0];

/// Days after the end within which an auto renewal still earns the bonus class (DOMAIN.md:
/// "Auto bonus class").
pub const BONUS_DAYS: i64 = 30;

/// How far back "A vencer" keeps policies that ended without renewal.
pub const SHOWN_AFTER_END: i64 = 60;

/// The window a policy with `days_left` until its end is in: the smallest one not below it
/// (`None` beyond 90 days or after the end).
pub fn window_for(days_left: i64) -> Option<i64> {
    WINDOWS
        .iter()
        .rev()
        .copied()
        .find(|w| days_left <= *w)
        .filter(|_| days_left >= 0)
}

/// Days left to renew an auto policy that ended on `ends_on` without losing its bonus class
/// (`None` before its end and once the 30 days passed).
pub fn bonus_days_left(ends_on: Date, today: Date) -> Option<i64> {
    let since = (today - ends_on).whole_days();
    (0..=BONUS_DAYS)
        .contains(&since)
        .then_some(BONUS_DAYS - since)
}

/// What became of a renewal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalStatus {
    /// Not renewed yet: needs attention.
    Open,
    /// Renovada (same insurer).
    Renewed,
    /// Migrada (another insurer).
    Migrated,
    /// Perdida, with a reason.
    Lost,
}

impl RenewalStatus {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Renewed => "renewed",
            Self::Migrated => "migrated",
            Self::Lost => "lost",
        }
    }

    /// Parses the stored code (unknown ones read as open).
    pub fn parse(raw: &str) -> Self {
        match raw {
            "renewed" => Self::Renewed,
            "migrated" => Self::Migrated,
            "lost" => Self::Lost,
            _ => Self::Open,
        }
    }
}

/// One line of "A vencer".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalRow {
    pub policy_id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub insurer: String,
    pub line: String,
    pub family: String,
    pub policy_number: Option<String>,
    pub proposal_number: Option<String>,
    pub status: PolicyStatus,
    pub ends_on: Date,
    /// Days until the end (negative once it passed).
    pub days_left: i64,
    /// The prêmio total of the policy being renewed (what the renewal is compared with).
    pub previous_premium: i64,
    /// The renewal's prêmio total, once recorded.
    pub new_premium: Option<i64>,
    pub new_policy_id: Option<i64>,
    pub renewal: RenewalStatus,
    pub lost_reason: Option<String>,
    pub owner: Option<String>,
    /// For auto policies past their end: days left to keep the bonus class.
    pub bonus_days_left: Option<i64>,
}

/// "A vencer": the policies the caller may see, grouped by how soon they end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalList {
    pub today: Date,
    /// Only those still needing attention (not renewed, not lost).
    pub attention: bool,
    pub rows: Vec<RenewalRow>,
}

/// The group a row is shown in: `None` = already ended; `Some(w)` = its window.
pub fn group_of(days_left: i64) -> Option<i64> {
    window_for(days_left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn each_day_count_falls_in_the_smallest_window_not_below_it() {
        assert_eq!(window_for(90), Some(90));
        assert_eq!(window_for(61), Some(90));
        assert_eq!(window_for(60), Some(60));
        assert_eq!(window_for(30), Some(30));
        assert_eq!(window_for(16), Some(30));
        assert_eq!(window_for(8), Some(15));
        assert_eq!(window_for(1), Some(7));
        assert_eq!(window_for(0), Some(0));
        assert_eq!(window_for(91), None);
        assert_eq!(window_for(-1), None);
    }

    #[test]
    fn the_bonus_countdown_runs_for_thirty_days_after_the_end() {
        let end = date!(2026 - 11 - 30);
        assert_eq!(bonus_days_left(end, date!(2026 - 11 - 29)), None);
        assert_eq!(bonus_days_left(end, end), Some(30));
        assert_eq!(bonus_days_left(end, date!(2026 - 12 - 20)), Some(10));
        assert_eq!(bonus_days_left(end, date!(2026 - 12 - 30)), Some(0));
        assert_eq!(bonus_days_left(end, date!(2026 - 12 - 31)), None);
    }
}
