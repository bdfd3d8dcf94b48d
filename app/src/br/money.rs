//! Money in reais and percentages as people type them in Brazil: `1.234,56`, `1234,56`,
//! `1234.56`, `R$ 1.234`, `20%`, `7,38`. Amounts are kept as integer centavos and rates as
//! hundredths of a percent, never floats.

use super::compact;
use serde::{Deserialize, Serialize};

/// The largest amount accepted: R$ 99.999.999.999,99 (far above any premium, far below `i64`).
pub const MAX_CENTAVOS: i64 = 9_999_999_999_999;

/// An amount of reais, in centavos, never negative.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Money(i64);

impl Money {
    /// Zero reais.
    pub const ZERO: Self = Self(0);

    /// An amount already in centavos (from the database or arithmetic).
    pub fn from_centavos(centavos: i64) -> Self {
        Self(centavos)
    }

    /// The amount in centavos.
    pub fn centavos(self) -> i64 {
        self.0
    }

    /// Parses what a person typed: an optional `R$`, then digits with `,` or `.` as the decimal
    /// mark and the other (or `.` in groups of three) as the thousands mark. `1.234,56`,
    /// `1234,56`, `1234.56`, `1,234.56`, `1.234` (one thousand two hundred and thirty-four
    /// reais, as in Brazil) and `1234` are all understood.
    ///
    /// Errors: `"money_negative"`, `"money_invalid"` (not a number, more than two decimals,
    /// misplaced thousands marks) and `"money_too_large"`.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let text = compact(raw, &[]);
        let text = text
            .strip_prefix("R$")
            .or_else(|| text.strip_prefix("r$"))
            .unwrap_or(&text);
        if text.starts_with('-') {
            return Err("money_negative");
        }
        if text.is_empty() {
            return Err("money_invalid");
        }
        let (whole, cents) = split_decimal(text).ok_or("money_invalid")?;
        let reais = parse_grouped(whole).ok_or("money_invalid")?;
        let centavos = reais
            .checked_mul(100)
            .and_then(|c| c.checked_add(cents))
            .filter(|c| *c <= MAX_CENTAVOS)
            .ok_or("money_too_large")?;
        Ok(Self(centavos))
    }

    /// `R$ 1.234,56` (with the no-break space pt-BR puts after `R$`).
    pub fn display(self) -> String {
        crate::format::brl(self.0)
    }

    /// What an input field shows: `1234,56` (no currency sign, no thousands marks), so that it
    /// reads back through [`Money::parse`] unchanged.
    pub fn input_value(self) -> String {
        format!("{},{:02}", self.0 / 100, self.0 % 100)
    }
}

/// Splits `text` into the whole part and the centavos, deciding which mark is the decimal one.
fn split_decimal(text: &str) -> Option<(&str, i64)> {
    let last_comma = text.rfind(',');
    let last_dot = text.rfind('.');
    let decimal_at = match (last_comma, last_dot) {
        (Some(c), Some(d)) => Some(c.max(d)),
        (Some(c), None) => Some(c),
        // A single dot followed by one or two digits is a decimal point (`1234.56`); otherwise
        // dots group thousands (`1.234`, `1.234.567`).
        (None, Some(d)) => {
            let after = text.len() - d - 1;
            (text.matches('.').count() == 1 && (1..=2).contains(&after)).then_some(d)
        }
        (None, None) => None,
    };
    let Some(at) = decimal_at else {
        return Some((text, 0));
    };
    let (whole, fraction) = (&text[..at], &text[at + 1..]);
    if fraction.is_empty() || fraction.len() > 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let cents: i64 = fraction.parse().ok()?;
    Some((
        whole,
        if fraction.len() == 1 {
            cents * 10
        } else {
            cents
        },
    ))
}

/// Parses whole reais with optional thousands marks (`.` or `,`, one kind, groups of three).
fn parse_grouped(whole: &str) -> Option<i64> {
    if whole.is_empty() {
        return Some(0);
    }
    let mark = whole.chars().find(|c| *c == '.' || *c == ',');
    let digits: String = match mark {
        None => whole.to_owned(),
        Some(mark) => {
            let mut groups = whole.split(mark);
            let first = groups.next()?;
            if first.is_empty() || first.len() > 3 {
                return None;
            }
            let rest: Vec<&str> = groups.collect();
            if rest.iter().any(|g| g.len() != 3) {
                return None;
            }
            std::iter::once(first).chain(rest).collect()
        }
    };
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A percentage in hundredths of a percent (`20,5%` → 2050), between 0 and 100%.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Rate(i64);

impl Rate {
    /// A rate already in hundredths of a percent.
    pub fn from_hundredths(hundredths: i64) -> Self {
        Self(hundredths)
    }

    /// The rate in hundredths of a percent.
    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// Parses `20`, `20%`, `20,5`, `7.38` (a comma or a dot as the decimal mark).
    ///
    /// Errors: `"rate_invalid"` (not a number, more than two decimals, negative) and
    /// `"rate_too_large"` (above 100%).
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let text = compact(raw, &['%']);
        let (whole, fraction) = match text.find([',', '.']) {
            Some(at) => (&text[..at], &text[at + 1..]),
            None => (text.as_str(), ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 3 || fraction.len() > 2 || !digits(whole) {
            return Err("rate_invalid");
        }
        if !digits(fraction) {
            return Err("rate_invalid");
        }
        let whole: i64 = whole.parse().map_err(|_| "rate_invalid")?;
        let fraction: i64 = format!("{fraction:0<2}")
            .parse()
            .map_err(|_| "rate_invalid")?;
        let hundredths = whole * 100 + fraction;
        if hundredths > 10_000 {
            return Err("rate_too_large");
        }
        Ok(Self(hundredths))
    }

    /// `20,5%`, `7,38%`, `20%` (no trailing zeros).
    pub fn display(self) -> String {
        format!("{}%", self.input_value())
    }

    /// What an input field shows: `20,5`, `7,38`, `20`.
    pub fn input_value(self) -> String {
        let (whole, fraction) = (self.0 / 100, self.0 % 100);
        match fraction {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole},{}", f / 10),
            f => format!("{whole},{f:02}"),
        }
    }

    /// `amount × rate`, rounded to the nearest centavo (halves away from zero).
    pub fn of(self, amount: i64) -> i64 {
        let product = i128::from(amount) * i128::from(self.0);
        let rounded = (product.abs() + 5_000) / 10_000;
        let signed = if product < 0 { -rounded } else { rounded };
        i64::try_from(signed).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn centavos(raw: &str) -> Result<i64, &'static str> {
        Money::parse(raw).map(Money::centavos)
    }

    #[test]
    fn money_accepts_the_brazilian_and_the_dotted_decimal_forms() {
        assert_eq!(centavos("1.234,56"), Ok(123_456));
        assert_eq!(centavos("1234,56"), Ok(123_456));
        assert_eq!(centavos("1234.56"), Ok(123_456));
        assert_eq!(centavos("1,234.56"), Ok(123_456));
        assert_eq!(centavos("R$ 1.234,56"), Ok(123_456));
        assert_eq!(centavos("R$\u{a0}1.234,56"), Ok(123_456));
        assert_eq!(centavos("1.234.567,8"), Ok(123_456_780));
        assert_eq!(centavos("0,5"), Ok(50));
        assert_eq!(centavos(",99"), Ok(99));
        assert_eq!(centavos("1234"), Ok(123_400));
    }

    #[test]
    fn money_reads_a_dot_before_three_digits_as_thousands_as_brazilians_write_it() {
        assert_eq!(centavos("1.234"), Ok(123_400));
        assert_eq!(centavos("12.345.678"), Ok(1_234_567_800));
    }

    #[test]
    fn money_refuses_negatives_garbage_misplaced_marks_and_three_decimals() {
        assert_eq!(centavos("-10,00"), Err("money_negative"));
        for bad in [
            "",
            "abc",
            "12,345",
            "1.23.4",
            "1,2,3",
            "12,3a",
            "1..2",
            "1.2345,00",
            "R$",
        ] {
            assert_eq!(centavos(bad), Err("money_invalid"), "{bad:?}");
        }
        assert_eq!(centavos("999999999999999"), Err("money_too_large"));
    }

    #[test]
    fn money_input_value_reads_back_unchanged() {
        for c in [0, 5, 99, 100, 123_456, MAX_CENTAVOS] {
            let m = Money::from_centavos(c);
            assert_eq!(Money::parse(&m.input_value()), Ok(m));
        }
    }

    #[test]
    fn rate_parses_percentages_with_comma_or_dot_into_hundredths() {
        assert_eq!(Rate::parse("20").map(Rate::hundredths), Ok(2000));
        assert_eq!(Rate::parse("20%").map(Rate::hundredths), Ok(2000));
        assert_eq!(Rate::parse("20,5").map(Rate::hundredths), Ok(2050));
        assert_eq!(Rate::parse("7.38").map(Rate::hundredths), Ok(738));
        assert_eq!(Rate::parse("0,38 %").map(Rate::hundredths), Ok(38));
        assert_eq!(Rate::parse("100").map(Rate::hundredths), Ok(10_000));
        for bad in ["", "-1", "abc", "1,234", "10,5,0", "1000"] {
            assert_eq!(Rate::parse(bad), Err("rate_invalid"), "{bad:?}");
        }
        assert_eq!(Rate::parse("100,01"), Err("rate_too_large"));
    }

    #[test]
    fn rate_shows_without_trailing_zeros_and_reads_back() {
        assert_eq!(Rate::from_hundredths(2000).display(), "20%");
        assert_eq!(Rate::from_hundredths(2050).display(), "20,5%");
        assert_eq!(Rate::from_hundredths(738).display(), "7,38%");
        assert_eq!(Rate::from_hundredths(5).display(), "0,05%");
        for h in [0, 5, 38, 738, 2050, 10_000] {
            let r = Rate::from_hundredths(h);
            assert_eq!(Rate::parse(&r.input_value()), Ok(r));
        }
    }

    #[test]
    fn rate_of_rounds_half_centavos_away_from_zero() {
        // 20% of R$ 1.234,56 = R$ 246,912 → R$ 246,91.
        assert_eq!(Rate::from_hundredths(2000).of(123_456), 24_691);
        // 7,38% of R$ 0,50 = 3,69 centavos → 4.
        assert_eq!(Rate::from_hundredths(738).of(50), 4);
        // 50% of 1 centavo = 0,5 → 1.
        assert_eq!(Rate::from_hundredths(5000).of(1), 1);
        assert_eq!(Rate::from_hundredths(5000).of(-1), -1);
        assert_eq!(Rate::from_hundredths(0).of(123_456), 0);
    }
}
