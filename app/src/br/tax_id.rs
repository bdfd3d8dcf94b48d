//! Tax ids: [`Cpf`] for people, [`Cnpj`] for companies, and [`TaxId`] for a field that takes
//! either. Both use the same mod-11 check digits, computed here.

mod cnpj;
mod cpf;

pub use cnpj::Cnpj;
pub use cpf::Cpf;

use super::compact;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A CPF or a CNPJ, for the one "CPF/CNPJ" field of a client.
///
/// Serialises as the bare digits (11 for a CPF, 14 characters for a CNPJ), which is also how it
/// is told apart when read back.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum TaxId {
    /// A person's CPF.
    Cpf(Cpf),
    /// A company's CNPJ.
    Cnpj(Cnpj),
}

impl TaxId {
    /// Parses a CPF or a CNPJ, chosen by length once `.`, `/`, `-` and whitespace are removed:
    /// 11 characters are a CPF, 14 a CNPJ.
    ///
    /// Errors: `"tax_id_invalid"` for any other length; `"cpf_invalid"` or `"cnpj_invalid"` when
    /// the length matches but the number does not.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let compacted = compact(raw, &['.', '/', '-']);
        match compacted.chars().count() {
            11 => Cpf::parse(&compacted).map(Self::Cpf),
            14 => Cnpj::parse(&compacted).map(Self::Cnpj),
            _ => Err("tax_id_invalid"),
        }
    }

    /// The bare digits (and, for an alphanumeric CNPJ, uppercase letters).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Cpf(cpf) => cpf.as_str(),
            Self::Cnpj(cnpj) => cnpj.as_str(),
        }
    }

    /// The number with its usual mask: `529.982.247-25` or `11.222.333/0001-81`.
    pub fn masked(&self) -> String {
        match self {
            Self::Cpf(cpf) => cpf.masked(),
            Self::Cnpj(cnpj) => cnpj.masked(),
        }
    }
}

impl TryFrom<String> for TaxId {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<TaxId> for String {
    fn from(tax_id: TaxId) -> Self {
        tax_id.as_str().to_owned()
    }
}

impl fmt::Display for TaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// The mod-11 check digit over `values` × `weights`: `r = sum mod 11`, then `0` when `r < 2`,
/// else `11 − r`.
fn check_digit(values: &[u32], weights: &[u32]) -> u32 {
    let sum: u32 = values.iter().zip(weights).map(|(v, w)| v * w).sum();
    match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleven_characters_are_read_as_a_cpf_and_fourteen_as_a_cnpj() {
        let cpf = TaxId::parse("529.982.247-25").unwrap();
        assert_eq!(cpf, TaxId::Cpf(Cpf::parse("52998224725").unwrap()));
        assert_eq!(cpf.as_str(), "52998224725");
        assert_eq!(cpf.masked(), "529.982.247-25");

        let cnpj = TaxId::parse("12.abc.345/01de-35").unwrap();
        assert_eq!(cnpj, TaxId::Cnpj(Cnpj::parse("12ABC34501DE35").unwrap()));
        assert_eq!(cnpj.as_str(), "12ABC34501DE35");
        assert_eq!(cnpj.to_string(), "12.ABC.345/01DE-35");
    }

    #[test]
    fn a_number_of_the_right_length_with_a_wrong_check_digit_gets_its_own_error() {
        assert_eq!(TaxId::parse("529.982.247-26"), Err("cpf_invalid"));
        assert_eq!(TaxId::parse("11.222.333/0001-82"), Err("cnpj_invalid"));
    }

    #[test]
    fn any_other_length_is_not_a_tax_id() {
        for raw in [
            "",
            "529.982.247-2",
            "529.982.247-255",
            "11.222.333/0001-8",
            "1122233300018100",
        ] {
            assert_eq!(TaxId::parse(raw), Err("tax_id_invalid"), "{raw}");
        }
    }

    #[test]
    fn serde_round_trips_both_kinds_as_bare_digits() {
        for raw in ["52998224725", "11222333000181"] {
            let tax_id = TaxId::parse(raw).unwrap();
            let json = serde_json::to_string(&tax_id).unwrap();
            assert_eq!(json, format!("\"{raw}\""));
            assert_eq!(serde_json::from_str::<TaxId>(&json).unwrap(), tax_id);
        }
    }

    #[test]
    fn serde_refuses_an_invalid_tax_id() {
        assert!(serde_json::from_str::<TaxId>("\"52998224726\"").is_err());
        assert!(serde_json::from_str::<TaxId>("\"123\"").is_err());
    }

    #[test]
    fn check_digit_folds_remainders_zero_and_one_into_zero() {
        // 11 × 1 leaves remainder 0 and 12 × 1 remainder 1: both give 0; 13 × 1 gives 11 − 2.
        assert_eq!(check_digit(&[1], &[11]), 0);
        assert_eq!(check_digit(&[1], &[12]), 0);
        assert_eq!(check_digit(&[1], &[13]), 9);
    }
}
