//! Calendar months as the Painel uses them: a month is its first day; the address names it
//! `aaaa-mm`; charts label it `jan/26`. Computed here in Rust, so the SQL only compares dates
//! and reads the same on both engines.

use time::{Date, Month};

/// The earliest and latest years `?mes=` accepts (so a year's worth of months either side is
/// always a valid date).
const YEARS: std::ops::RangeInclusive<i32> = 1901..=9998;

/// The first day of `date`'s month.
pub fn start(date: Date) -> Date {
    date.replace_day(1).unwrap_or(date)
}

/// The last day of the month starting on `first`.
pub fn end(first: Date) -> Date {
    let days = first.month().length(first.year());
    first.replace_day(days).unwrap_or(first)
}

/// The first day of the month `n` months after (or before, when negative) the month of `first`.
pub fn shift(first: Date, n: i32) -> Date {
    let index = first.year() * 12 + i32::from(u8::from(first.month())) - 1 + n;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .unwrap_or(Month::January);
    Date::from_calendar_date(year, month, 1).unwrap_or(first)
}

/// Parses `aaaa-mm` into the month's first day; anything else (or a year out of range) is
/// `None`.
pub fn parse(raw: &str) -> Option<Date> {
    let (year, month) = raw.trim().split_once('-')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(year, 4) || !digits(month, 2) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    YEARS
        .contains(&year)
        .then(|| Date::from_calendar_date(year, month, 1).ok())
        .flatten()
}

/// The month as the address names it: `2026-03`.
pub fn param(first: Date) -> String {
    format!("{:04}-{:02}", first.year(), u8::from(first.month()))
}

/// The `count` months ending at the month of `last`, oldest first.
pub fn recent(last: Date, count: usize) -> Vec<Date> {
    let count = i32::try_from(count).unwrap_or(0);
    (0..count).rev().map(|back| shift(last, -back)).collect()
}

/// The month's name from a list of twelve separated by spaces (the catalogue's), or its number.
pub fn name(first: Date, names: &str) -> String {
    let index = usize::from(u8::from(first.month())) - 1;
    names
        .split_whitespace()
        .nth(index)
        .map_or_else(|| format!("{:02}", u8::from(first.month())), str::to_owned)
}

/// A chart label: `jan/26`.
pub fn short_label(first: Date, abbreviations: &str) -> String {
    format!(
        "{}/{:02}",
        name(first, abbreviations),
        first.year().rem_euclid(100)
    )
}

/// Adds up `(day, amount)` rows into the months starting on `months` (days outside them are
/// ignored).
pub fn bucket(months: &[Date], rows: &[(Date, i64)]) -> Vec<i64> {
    months
        .iter()
        .map(|first| {
            let last = end(*first);
            rows.iter()
                .filter(|(day, _)| day >= first && *day <= last)
                .map(|(_, amount)| amount)
                .sum()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const PT: &str = "jan fev mar abr mai jun jul ago set out nov dez";

    #[test]
    fn a_month_runs_from_its_first_to_its_last_day_leap_years_included() {
        assert_eq!(start(date!(2026 - 03 - 17)), date!(2026 - 03 - 01));
        assert_eq!(end(date!(2026 - 02 - 01)), date!(2026 - 02 - 28));
        assert_eq!(end(date!(2028 - 02 - 01)), date!(2028 - 02 - 29));
        assert_eq!(end(date!(2026 - 12 - 01)), date!(2026 - 12 - 31));
    }

    #[test]
    fn months_shift_across_the_year_end_both_ways() {
        assert_eq!(shift(date!(2026 - 12 - 01), 1), date!(2027 - 01 - 01));
        assert_eq!(shift(date!(2026 - 01 - 01), -1), date!(2025 - 12 - 01));
        assert_eq!(shift(date!(2026 - 03 - 01), -15), date!(2024 - 12 - 01));
        assert_eq!(shift(date!(2026 - 03 - 01), 0), date!(2026 - 03 - 01));
    }

    #[test]
    fn the_last_twelve_months_cross_the_year_end_oldest_first() {
        let months = recent(date!(2026 - 02 - 01), 12);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], date!(2025 - 03 - 01));
        assert_eq!(months[9], date!(2025 - 12 - 01));
        assert_eq!(months[10], date!(2026 - 01 - 01));
        assert_eq!(months[11], date!(2026 - 02 - 01));
    }

    #[test]
    fn only_a_year_and_a_two_digit_month_parse() {
        assert_eq!(parse("2026-03"), Some(date!(2026 - 03 - 01)));
        assert_eq!(parse(" 2026-12 "), Some(date!(2026 - 12 - 01)));
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-00",
            "2026-3",
            "26-03",
            "2026-03-01",
            "abcd-ef",
            "0000-01",
            "9999-12",
            "2026/03",
            "+202-03",
            "2026--3",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert_eq!(param(date!(2026 - 03 - 01)), "2026-03");
        assert_eq!(
            parse(&param(date!(1999 - 11 - 01))),
            Some(date!(1999 - 11 - 01))
        );
    }

    #[test]
    fn chart_labels_are_the_abbreviation_and_two_digit_year() {
        assert_eq!(short_label(date!(2026 - 01 - 01), PT), "jan/26");
        assert_eq!(short_label(date!(2030 - 12 - 01), PT), "dez/30");
        assert_eq!(short_label(date!(2026 - 05 - 01), "only three"), "05/26");
    }

    #[test]
    fn amounts_fall_into_the_month_of_their_day() {
        let months = recent(date!(2026 - 01 - 01), 3);
        let rows = [
            (date!(2025 - 10 - 31), 999),
            (date!(2025 - 11 - 01), 100),
            (date!(2025 - 11 - 30), 50),
            (date!(2025 - 12 - 31), 7),
            (date!(2026 - 01 - 01), 3),
            (date!(2026 - 02 - 01), 999),
        ];
        assert_eq!(bucket(&months, &rows), [150, 7, 3]);
        assert_eq!(bucket(&months, &[]), [0, 0, 0]);
    }
}
