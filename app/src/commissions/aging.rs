//! The aging of unpaid commissions: how many days an instalment's commission is overdue
//! (São Paulo's calendar) and the bucket that puts it in, with the due dates each bucket covers.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// How late an unpaid commission is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgingBucket {
    /// 1 to 30 days overdue.
    UpTo30,
    /// 31 to 60 days.
    UpTo60,
    /// 61 to 90 days.
    UpTo90,
    /// More than 90 days.
    Over90,
}

impl AgingBucket {
    /// Every bucket, from the most recent.
    pub const ALL: [Self; 4] = [Self::UpTo30, Self::UpTo60, Self::UpTo90, Self::Over90];

    /// The bucket of a commission `days` overdue (`None` when it is not overdue yet).
    pub fn of_days(days: i64) -> Option<Self> {
        match days {
            ..=0 => None,
            1..=30 => Some(Self::UpTo30),
            31..=60 => Some(Self::UpTo60),
            61..=90 => Some(Self::UpTo90),
            _ => Some(Self::Over90),
        }
    }

    /// The days overdue it covers: first and last (`None`: no end).
    pub fn days(self) -> (i64, Option<i64>) {
        match self {
            Self::UpTo30 => (1, Some(30)),
            Self::UpTo60 => (31, Some(60)),
            Self::UpTo90 => (61, Some(90)),
            Self::Over90 => (91, None),
        }
    }

    /// The address value (`?atraso=31-60`).
    pub fn as_param(self) -> &'static str {
        match self {
            Self::UpTo30 => "1-30",
            Self::UpTo60 => "31-60",
            Self::UpTo90 => "61-90",
            Self::Over90 => "mais-de-90",
        }
    }

    /// Parses the address value; unknown values open no bucket.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_param() == raw.trim())
    }

    /// The due dates it covers when today is `today`: the earliest (`None`: no limit) and the
    /// latest, both inclusive.
    pub fn due_between(self, today: Date) -> (Option<Date>, Date) {
        let (first, last) = self.days();
        let back = |days: i64| today.saturating_sub(Duration::days(days));
        (last.map(back), back(first))
    }
}

/// Days from `due_on` to `today` (negative when it is not due yet).
pub fn days_overdue(due_on: Date, today: Date) -> i64 {
    (today - due_on).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn each_number_of_days_overdue_falls_in_one_bucket_and_the_ends_are_inclusive() {
        assert_eq!(AgingBucket::of_days(-5), None);
        assert_eq!(AgingBucket::of_days(0), None, "due today is not late");
        assert_eq!(AgingBucket::of_days(1), Some(AgingBucket::UpTo30));
        assert_eq!(AgingBucket::of_days(30), Some(AgingBucket::UpTo30));
        assert_eq!(AgingBucket::of_days(31), Some(AgingBucket::UpTo60));
        assert_eq!(AgingBucket::of_days(60), Some(AgingBucket::UpTo60));
        assert_eq!(AgingBucket::of_days(61), Some(AgingBucket::UpTo90));
        assert_eq!(AgingBucket::of_days(90), Some(AgingBucket::UpTo90));
        assert_eq!(AgingBucket::of_days(91), Some(AgingBucket::Over90));
        assert_eq!(AgingBucket::of_days(5_000), Some(AgingBucket::Over90));
        for days in 1..400 {
            let bucket = AgingBucket::of_days(days).unwrap();
            let (first, last) = bucket.days();
            assert!(days >= first && last.is_none_or(|l| days <= l), "{days}");
        }
    }

    #[test]
    fn a_bucket_covers_the_due_dates_its_days_overdue_come_from() {
        let today = date!(2026 - 03 - 20);
        assert_eq!(
            AgingBucket::UpTo30.due_between(today),
            (Some(date!(2026 - 02 - 18)), date!(2026 - 03 - 19))
        );
        assert_eq!(
            AgingBucket::UpTo60.due_between(today),
            (Some(date!(2026 - 01 - 19)), date!(2026 - 02 - 17))
        );
        assert_eq!(
            AgingBucket::Over90.due_between(today),
            (None, date!(2025 - 12 - 19))
        );
        for bucket in AgingBucket::ALL {
            let (earliest, latest) = bucket.due_between(today);
            assert_eq!(
                AgingBucket::of_days(days_overdue(latest, today)),
                Some(bucket)
            );
            if let Some(earliest) = earliest {
                assert_eq!(
                    AgingBucket::of_days(days_overdue(earliest, today)),
                    Some(bucket)
                );
            }
        }
    }

    #[test]
    fn the_address_value_of_each_bucket_reads_back() {
        for bucket in AgingBucket::ALL {
            assert_eq!(AgingBucket::parse(bucket.as_param()), Some(bucket));
        }
        assert_eq!(AgingBucket::parse("90+"), None);
        assert_eq!(AgingBucket::parse(""), None);
    }
}
