//! Brazilian display formats: money as `R$ 1.234,56` (integer centavos in, no floats), dates as
//! `dd/mm/aaaa`, instants shown in America/Sao_Paulo (UTC−3 all year since 2019).

use time::{Date, OffsetDateTime, UtcOffset};

/// São Paulo's offset. Brazil abolished daylight saving time in 2019, so it is fixed.
pub const SAO_PAULO: UtcOffset = match UtcOffset::from_hms(-3, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("-03:00 is a valid offset"),
};

/// The no-break space that pt-BR currency formatting puts after `R$`.
pub const NBSP: char = '\u{a0}';

/// Formats centavos as Brazilian reais: `123456` → `R$ 1.234,56` (with a no-break space),
/// negative amounts as `-R$ 1.234,56`.
pub fn brl(centavos: i64) -> String {
    let sign = if centavos < 0 { "-" } else { "" };
    let abs = centavos.unsigned_abs();
    format!(
        "{sign}R${NBSP}{},{:02}",
        group_thousands(abs / 100),
        abs % 100
    )
}

fn group_thousands(mut n: u64) -> String {
    let mut groups = Vec::new();
    loop {
        if n < 1000 {
            groups.push(n.to_string());
            break;
        }
        groups.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join(".")
}

/// Percent-encodes `text` for a URL query value (`/` kept as is when `keep_slash`, for paths).
pub fn percent_encode(text: &str, keep_slash: bool) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b'/' if keep_slash => "/".to_owned(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// A calendar date as `dd/mm/aaaa`.
pub fn date_br(date: Date) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// An instant as `dd/mm/aaaa hh:mm` in São Paulo time.
pub fn datetime_br(instant: OffsetDateTime) -> String {
    let local = instant.to_offset(SAO_PAULO);
    format!(
        "{} {:02}:{:02}",
        date_br(local.date()),
        local.hour(),
        local.minute()
    )
}

/// The instants calendar days `from`..=`until` cover in São Paulo: from the start of `from`
/// (inclusive) to the start of the day after `until` (exclusive). Either end may be open.
pub fn sao_paulo_days(
    from: Option<Date>,
    until: Option<Date>,
) -> (Option<OffsetDateTime>, Option<OffsetDateTime>) {
    let start = |d: Date| d.midnight().assume_offset(SAO_PAULO);
    (from.map(start), until.and_then(|d| d.next_day()).map(start))
}

/// Today's calendar date in São Paulo (what "today" means for expiry alerts).
pub fn today_sao_paulo(now: OffsetDateTime) -> Date {
    now.to_offset(SAO_PAULO).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn brl_groups_thousands_with_dots_and_uses_a_decimal_comma() {
        assert_eq!(brl(123_456), "R$\u{a0}1.234,56");
        assert_eq!(brl(0), "R$\u{a0}0,00");
        assert_eq!(brl(5), "R$\u{a0}0,05");
        assert_eq!(brl(100_000_000), "R$\u{a0}1.000.000,00");
        assert_eq!(brl(99_999), "R$\u{a0}999,99");
    }

    #[test]
    fn brl_shows_negative_amounts_with_a_leading_minus() {
        assert_eq!(brl(-123_456), "-R$\u{a0}1.234,56");
        assert_eq!(brl(i64::MIN), "-R$\u{a0}92.233.720.368.547.758,08");
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(date_br(date!(2026 - 01 - 05)), "05/01/2026");
    }

    #[test]
    fn instants_are_shown_in_sao_paulo_time() {
        // 02:30 UTC on 5 Jan is still 4 Jan in São Paulo.
        assert_eq!(
            datetime_br(datetime!(2026-01-05 02:30 UTC)),
            "04/01/2026 23:30"
        );
        assert_eq!(
            today_sao_paulo(datetime!(2026-01-05 02:30 UTC)),
            date!(2026 - 01 - 04)
        );
        assert_eq!(
            today_sao_paulo(datetime!(2026-01-05 03:00 UTC)),
            date!(2026 - 01 - 05)
        );
    }
}
