//! A calendar month as the report's address gives it (`?mes=aaaa-mm`): parsing, its first day
//! and the first day of the next one (the report's half-open range), and the months around it.

use serde::{Deserialize, Serialize};
use time::{Date, Month as CalendarMonth};

/// Earliest and latest years the report accepts (anything else falls back to today's month).
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// A month of a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    /// The month `date` falls in.
    pub fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            month: u8::from(date.month()),
        }
    }

    /// Parses `aaaa-mm` (what `<input type="month">` sends); `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        let (year, month) = raw.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u8 = month.parse().ok()?;
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// The month the address asks for, or `today`'s when it is missing or does not parse.
    pub fn resolve(raw: Option<&str>, today: Date) -> Self {
        raw.and_then(Self::parse).unwrap_or_else(|| Self::of(today))
    }

    /// `aaaa-mm`, for the address.
    pub fn as_param(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `mm/aaaa`, as people read it in a file name or a table.
    pub fn display(self) -> String {
        format!("{:02}/{:04}", self.month, self.year)
    }

    fn calendar_month(self) -> CalendarMonth {
        CalendarMonth::try_from(self.month).unwrap_or(CalendarMonth::January)
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.year, self.calendar_month(), 1).unwrap_or(Date::MIN)
    }

    /// The month after.
    pub fn next(self) -> Self {
        if self.month >= 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                month: self.month + 1,
                ..self
            }
        }
    }

    /// The month before.
    pub fn previous(self) -> Self {
        if self.month <= 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                month: self.month - 1,
                ..self
            }
        }
    }

    /// The days it covers as a half-open range: its first day (inclusive) and the next month's
    /// first day (exclusive), so SQL compares `>=` and `<` without knowing month lengths.
    pub fn range(self) -> (Date, Date) {
        (self.first_day(), self.next().first_day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_month_is_read_as_year_dash_month_and_anything_else_is_refused() {
        assert_eq!(
            Month::parse("2026-11"),
            Some(Month {
                year: 2026,
                month: 11
            })
        );
        assert_eq!(
            Month::parse(" 2027-01 ").map(Month::as_param).as_deref(),
            Some("2027-01")
        );
        for bad in [
            "",
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2026/11",
            "abc",
            "2026-11-01",
            "1800-01",
            "9999-12",
            "-2026-11",
            "2026--1",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_missing_or_bad_month_falls_back_to_todays() {
        let today = date!(2026 - 03 - 20);
        let march = Month {
            year: 2026,
            month: 3,
        };
        assert_eq!(Month::resolve(None, today), march);
        assert_eq!(Month::resolve(Some("2026-13"), today), march);
        assert_eq!(Month::resolve(Some("2025-12"), today).as_param(), "2025-12");
    }

    #[test]
    fn the_range_runs_from_the_first_day_to_the_next_months_first_day_across_year_end() {
        let december = Month::parse("2026-12").unwrap();
        assert_eq!(
            december.range(),
            (date!(2026 - 12 - 01), date!(2027 - 01 - 01))
        );
        assert_eq!(december.next().as_param(), "2027-01");
        let january = Month::parse("2027-01").unwrap();
        assert_eq!(january.previous(), december);
        assert_eq!(
            january.range(),
            (date!(2027 - 01 - 01), date!(2027 - 02 - 01))
        );
        let february = Month::parse("2028-02").unwrap();
        assert_eq!(february.range().1, date!(2028 - 03 - 01));
        assert_eq!(Month::of(date!(2028 - 02 - 29)), february);
        assert_eq!(february.display(), "02/2028");
    }
}
