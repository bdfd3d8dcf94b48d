//! Turning what the insurer and ramo forms sent into validated records, or field errors
//! (catalogue keys) for everything wrong at once. Field names are the forms': `legal_name`,
//! `name`, `cnpj`, `susep_code`, `family`, `iof_rate`.

use super::{InsurerInput, LineInput, FAMILIES};
use crate::{
    br::TaxId,
    error::{AppError, FieldErrors},
};

/// Longest name or razão social, in characters.
pub const MAX_NAME: usize = 200;

/// A validated insurer, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InsurerRecord {
    pub legal_name: String,
    pub name: String,
    /// The bare 14 characters.
    pub cnpj: Option<String>,
    /// 5 digits.
    pub susep_code: Option<String>,
}

/// A validated ramo, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRecord {
    /// 4 digits.
    pub susep_code: String,
    pub name: String,
    pub family: String,
    /// Hundredths of a percent.
    pub iof_rate: i64,
}

/// Trimmed, inner whitespace collapsed; required and at most [`MAX_NAME`] characters.
fn name(raw: &str, field: &str, errors: &mut FieldErrors) -> String {
    let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        errors.add(field, "name_required");
    } else if cleaned.chars().count() > MAX_NAME {
        errors.add(field, "text_too_long");
    }
    cleaned
}

/// A CNPJ (never a CPF), as its bare characters; blank means none.
pub fn cnpj(raw: Option<&str>) -> Result<Option<String>, &'static str> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    match TaxId::parse(raw) {
        Ok(TaxId::Cnpj(cnpj)) => Ok(Some(cnpj.as_str().to_owned())),
        Ok(TaxId::Cpf(_)) => Err("cnpj_is_cpf"),
        Err(_) => Err("cnpj_invalid"),
    }
}

/// The código SUSEP/FIP of an insurer: exactly 5 digits (documents also write `0588-6`);
/// blank means none.
pub fn insurer_code(raw: Option<&str>) -> Result<Option<String>, &'static str> {
    let code: String = raw
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.'))
        .collect();
    if code.is_empty() {
        return Ok(None);
    }
    if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(code))
    } else {
        Err("susep_code_invalid")
    }
}

/// The SUSEP code of a ramo: exactly 4 digits (2-digit group + 2-digit ramo).
pub fn line_code(raw: &str) -> Result<String, &'static str> {
    let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err("line_code_invalid")
    }
}

/// An IOF rate typed as a percentage (`7,38`, `7.38`, `7`, `0,38 %`) in hundredths of a
/// percent (738), between 0 and 100% with at most two decimal places.
pub fn iof_rate(raw: &str) -> Result<i64, &'static str> {
    const INVALID: &str = "iof_rate_invalid";
    let text = raw.trim().trim_end_matches('%').trim_end();
    let (whole, fraction) = match text.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || fraction.len() > 2 || !digits(whole) {
        return Err(INVALID);
    }
    if !digits(fraction) {
        return Err(INVALID);
    }
    let whole: i64 = whole.parse().map_err(|_| INVALID)?;
    let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| INVALID)?;
    let rate = whole * 100 + fraction;
    if rate > 10_000 {
        return Err(INVALID);
    }
    Ok(rate)
}

/// Parses and validates the insurer form; every problem is reported at once.
pub fn parse_insurer(input: &InsurerInput) -> Result<InsurerRecord, AppError> {
    let mut errors = FieldErrors::default();
    let legal_name = name(&input.legal_name, "legal_name", &mut errors);
    let short_name = name(&input.name, "name", &mut errors);
    let cnpj = cnpj(input.cnpj.as_deref()).unwrap_or_else(|key| {
        errors.add("cnpj", key);
        None
    });
    let susep_code = insurer_code(input.susep_code.as_deref()).unwrap_or_else(|key| {
        errors.add("susep_code", key);
        None
    });
    errors.into_result()?;
    Ok(InsurerRecord {
        legal_name,
        name: short_name,
        cnpj,
        susep_code,
    })
}

/// Parses and validates the ramo form; every problem is reported at once.
pub fn parse_line(input: &LineInput) -> Result<LineRecord, AppError> {
    let mut errors = FieldErrors::default();
    let susep_code = line_code(&input.susep_code).unwrap_or_else(|key| {
        errors.add("susep_code", key);
        String::new()
    });
    let line_name = name(&input.name, "name", &mut errors);
    let family = input.family.trim();
    if !FAMILIES.contains(&family) {
        errors.add("family", "value_invalid");
    }
    let iof_rate = iof_rate(&input.iof_rate).unwrap_or_else(|key| {
        errors.add("iof_rate", key);
        0
    });
    errors.into_result()?;
    Ok(LineRecord {
        susep_code,
        name: line_name,
        family: family.to_owned(),
        iof_rate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(err: AppError) -> Vec<(String, String)> {
        match err {
            AppError::Invalid { fields } => fields.into_iter().collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn an_iof_rate_typed_with_a_comma_or_a_point_is_read_in_hundredths_of_a_percent() {
        for (typed, rate) in [
            ("7,38", 738),
            ("7.38", 738),
            (" 7,38 % ", 738),
            ("0,38", 38),
            ("2,38", 238),
            ("7", 700),
            ("7,3", 730),
            ("0", 0),
            ("100", 10_000),
            ("100,00", 10_000),
        ] {
            assert_eq!(iof_rate(typed), Ok(rate), "{typed}");
        }
    }

    #[test]
    fn an_iof_rate_outside_zero_to_a_hundred_or_with_three_decimals_is_refused() {
        for typed in [
            "", "%", "-1", "100,01", "101", "7,385", "1.000,00", "7,3a", ",38", "sete", "7 38",
        ] {
            assert_eq!(iof_rate(typed), Err("iof_rate_invalid"), "{typed}");
        }
    }

    #[test]
    fn an_insurer_code_has_exactly_five_digits() {
        assert_eq!(insurer_code(Some("05886")), Ok(Some("05886".to_owned())));
        assert_eq!(insurer_code(Some("0588-6")), Ok(Some("05886".to_owned())));
        assert_eq!(insurer_code(Some("  ")), Ok(None));
        assert_eq!(insurer_code(None), Ok(None));
        for typed in ["5886", "058860", "0588a", "202059019"] {
            assert_eq!(
                insurer_code(Some(typed)),
                Err("susep_code_invalid"),
                "{typed}"
            );
        }
    }

    #[test]
    fn a_ramo_code_has_exactly_four_digits() {
        assert_eq!(line_code(" 0531 "), Ok("0531".to_owned()));
        for typed in ["", "531", "05310", "05-31", "O531"] {
            assert_eq!(line_code(typed), Err("line_code_invalid"), "{typed}");
        }
    }

    #[test]
    fn the_cnpj_is_checked_and_a_cpf_is_refused() {
        assert_eq!(
            cnpj(Some("61.198.164/0001-60")),
            Ok(Some("61198164000160".to_owned()))
        );
        assert_eq!(cnpj(Some("")), Ok(None));
        assert_eq!(cnpj(Some("61.198.164/0001-61")), Err("cnpj_invalid"));
        assert_eq!(cnpj(Some("6119816400016")), Err("cnpj_invalid"));
        assert_eq!(cnpj(Some("529.982.247-25")), Err("cnpj_is_cpf"));
    }

    #[test]
    fn an_insurer_form_reports_every_problem_at_once() {
        let input = InsurerInput {
            legal_name: "  ".into(),
            name: "x".repeat(MAX_NAME + 1),
            cnpj: Some("11.222.333/0001-82".into()),
            susep_code: Some("123".into()),
        };
        assert_eq!(
            fields(parse_insurer(&input).unwrap_err()),
            [
                ("cnpj".to_owned(), "cnpj_invalid".to_owned()),
                ("legal_name".to_owned(), "name_required".to_owned()),
                ("name".to_owned(), "text_too_long".to_owned()),
                ("susep_code".to_owned(), "susep_code_invalid".to_owned()),
            ]
        );
    }

    #[test]
    fn a_valid_insurer_is_trimmed_and_stored_bare() {
        let input = InsurerInput {
            legal_name: " Porto Seguro  Companhia de Seguros Gerais ".into(),
            name: "Porto Seguro".into(),
            cnpj: Some("61.198.164/0001-60".into()),
            susep_code: Some("05886".into()),
        };
        assert_eq!(
            parse_insurer(&input).unwrap(),
            InsurerRecord {
                legal_name: "Porto Seguro Companhia de Seguros Gerais".into(),
                name: "Porto Seguro".into(),
                cnpj: Some("61198164000160".into()),
                susep_code: Some("05886".into()),
            }
        );
    }

    #[test]
    fn a_ramo_form_checks_code_family_and_iof() {
        let good = LineInput {
            susep_code: "0531".into(),
            name: "Automóvel – casco".into(),
            family: "auto".into(),
            iof_rate: "7,38".into(),
        };
        let record = parse_line(&good).unwrap();
        assert_eq!((record.susep_code.as_str(), record.iof_rate), ("0531", 738));
        let bad = LineInput {
            susep_code: "531".into(),
            name: String::new(),
            family: "pet".into(),
            iof_rate: "7,385".into(),
        };
        assert_eq!(
            fields(parse_line(&bad).unwrap_err()),
            [
                ("family".to_owned(), "value_invalid".to_owned()),
                ("iof_rate".to_owned(), "iof_rate_invalid".to_owned()),
                ("name".to_owned(), "name_required".to_owned()),
                ("susep_code".to_owned(), "line_code_invalid".to_owned()),
            ]
        );
    }
}
