//! CNPJ, the registration number of a company: 12 base characters and 2 numeric mod-11 check
//! digits. Since July 2026 the base may hold letters (the alphanumeric CNPJ); older numbers are
//! all digits and compute exactly as before.

use super::check_digit;
use crate::br::{all_equal, compact};
use serde::{Deserialize, Serialize};
use std::fmt;

const INVALID: &str = "cnpj_invalid";
const FIRST_WEIGHTS: [u32; 12] = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const SECOND_WEIGHTS: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/// A valid CNPJ, kept as its 14 characters, letters uppercase (`11222333000181`,
/// `12ABC34501DE35`). Well formed, not proven to exist at the Receita.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cnpj(String);

impl Cnpj {
    /// Parses a CNPJ with or without its mask (`11.222.333/0001-81`, `12.abc.345/01de-35`):
    /// `.`, `/`, `-` and whitespace are removed and letters upper-cased; then 12 base characters
    /// `0-9`/`A-Z` and 2 digits must remain, the digits must be the check digits of the base,
    /// and the 14 characters must not all be the same.
    ///
    /// Error: `"cnpj_invalid"`.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let chars = compact(raw, &['.', '/', '-']).to_ascii_uppercase();
        let well_formed = chars.is_ascii()
            && chars.len() == 14
            && is_base(&chars[..12])
            && chars[12..].bytes().all(|b| b.is_ascii_digit());
        if !well_formed || all_equal(&chars) || check_digits(&chars[..12]) != chars[12..] {
            return Err(INVALID);
        }
        Ok(Self(chars))
    }

    /// The CNPJ whose first 12 characters are `base12` (letters in either case), with its check
    /// digits computed (for demo data).
    ///
    /// `None` unless `base12` is 12 characters `0-9`/`A-Z` and the result is a valid CNPJ (only
    /// `000000000000` gives 14 equal characters).
    pub fn from_base(base12: &str) -> Option<Self> {
        let base = base12.to_ascii_uppercase();
        if base.len() != 12 || !is_base(&base) {
            return None;
        }
        Self::parse(&format!("{base}{}", check_digits(&base))).ok()
    }

    /// The 14 characters, unmasked: what is stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The usual mask: `11.222.333/0001-81`, `12.ABC.345/01DE-35`.
    pub fn masked(&self) -> String {
        let c = &self.0;
        format!(
            "{}.{}.{}/{}-{}",
            &c[..2],
            &c[2..5],
            &c[5..8],
            &c[8..12],
            &c[12..]
        )
    }
}

/// Whether every character of `s` may stand in a CNPJ base: `0-9` or uppercase `A-Z`.
fn is_base(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// The two check digits of a 12-character base, as text. A character is worth its ASCII code
/// minus 48 (`'0'` → 0, `'A'` → 17, `'Z'` → 42). The caller has checked the characters.
fn check_digits(base: &str) -> String {
    let mut values: Vec<u32> = base.bytes().map(|b| u32::from(b - b'0')).collect();
    let first = check_digit(&values, &FIRST_WEIGHTS);
    values.push(first);
    let second = check_digit(&values, &SECOND_WEIGHTS);
    format!("{first}{second}")
}

impl TryFrom<String> for Cnpj {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<Cnpj> for String {
    fn from(cnpj: Cnpj) -> Self {
        cnpj.0
    }
}

impl fmt::Display for Cnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_numeric_domain_example_with_or_without_its_mask() {
        for raw in ["11.222.333/0001-81", "11222333000181", "11 222 333 0001 81"] {
            let cnpj = Cnpj::parse(raw).unwrap();
            assert_eq!(cnpj.as_str(), "11222333000181");
            assert_eq!(cnpj.masked(), "11.222.333/0001-81");
            assert_eq!(cnpj.to_string(), "11.222.333/0001-81");
        }
    }

    #[test]
    fn accepts_the_official_alphanumeric_example_in_either_case() {
        for raw in ["12.ABC.345/01DE-35", "12.abc.345/01de-35", "12ABC34501DE35"] {
            let cnpj = Cnpj::parse(raw).unwrap();
            assert_eq!(cnpj.as_str(), "12ABC34501DE35");
            assert_eq!(cnpj.masked(), "12.ABC.345/01DE-35");
        }
    }

    #[test]
    fn rejects_a_wrong_check_digit() {
        assert_eq!(Cnpj::parse("11.222.333/0001-82"), Err("cnpj_invalid"));
        assert_eq!(Cnpj::parse("12.ABC.345/01DE-53"), Err("cnpj_invalid"));
    }

    #[test]
    fn rejects_all_equal_characters() {
        assert_eq!(Cnpj::parse("00.000.000/0000-00"), Err("cnpj_invalid"));
        assert_eq!(Cnpj::parse("11.111.111/1111-11"), Err("cnpj_invalid"));
    }

    #[test]
    fn rejects_letters_in_the_check_digits_and_foreign_characters() {
        // The last one is 14 bytes with a two-byte letter across the base's end: no panic.
        let raws = [
            "",
            "1122233300018",
            "112223330001811",
            "12ABC34501DE3A",
            "12_BC34501DE35",
            "12ÀBC34501DE35",
            "11222333000Ã1",
        ];
        for raw in raws {
            assert_eq!(Cnpj::parse(raw), Err("cnpj_invalid"), "{raw}");
        }
    }

    #[test]
    fn from_base_computes_the_check_digits_and_refuses_bad_bases() {
        assert_eq!(
            Cnpj::from_base("112223330001"),
            Cnpj::parse("11222333000181").ok()
        );
        assert_eq!(
            Cnpj::from_base("12abc34501de"),
            Cnpj::parse("12ABC34501DE35").ok()
        );
        assert_eq!(Cnpj::from_base("000000000000"), None);
        assert_eq!(Cnpj::from_base("11222333000"), None);
        assert_eq!(Cnpj::from_base("11.222.333/0"), None);
    }

    #[test]
    fn serde_round_trips_as_the_bare_characters() {
        let cnpj = Cnpj::parse("12.ABC.345/01DE-35").unwrap();
        let json = serde_json::to_string(&cnpj).unwrap();
        assert_eq!(json, "\"12ABC34501DE35\"");
        assert_eq!(serde_json::from_str::<Cnpj>(&json).unwrap(), cnpj);
    }

    #[test]
    fn serde_refuses_an_invalid_cnpj() {
        assert!(serde_json::from_str::<Cnpj>("\"11222333000182\"").is_err());
    }

    proptest! {
        #[test]
        fn every_cnpj_built_from_a_base_parses_back_to_itself(base in "[0-9A-Za-z]{12}") {
            let cnpj = Cnpj::from_base(&base);
            if !all_equal(&base) {
                prop_assert!(cnpj.is_some(), "{}", base);
            }
            if let Some(cnpj) = cnpj {
                prop_assert_eq!(&cnpj.as_str()[..12], &base.to_ascii_uppercase());
                prop_assert_eq!(Cnpj::parse(cnpj.as_str()), Ok(cnpj.clone()));
                prop_assert_eq!(Cnpj::parse(&cnpj.masked().to_lowercase()), Ok(cnpj));
            }
        }
    }
}
