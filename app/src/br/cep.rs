//! CEP, the postal code: 8 digits shown as `01310-100`. Only the format is checked here; whether
//! the CEP exists is a question for an address lookup.

use super::compact;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A well-formed CEP, kept as its 8 digits (text, so leading zeros survive).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cep(String);

impl Cep {
    /// Parses a CEP with or without its mask (`01310-100`, `01.310-100`, `01310100`): `-`, `.`
    /// and whitespace are removed, then exactly 8 digits must remain.
    ///
    /// Error: `"cep_invalid"`.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let digits = compact(raw, &['-', '.']);
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("cep_invalid");
        }
        Ok(Self(digits))
    }

    /// The 8 digits, unmasked: what is stored and what an address lookup takes.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The usual mask: `01310-100`.
    pub fn masked(&self) -> String {
        format!("{}-{}", &self.0[..5], &self.0[5..])
    }
}

impl TryFrom<String> for Cep {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<Cep> for String {
    fn from(cep: Cep) -> Self {
        cep.0
    }
}

impl fmt::Display for Cep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_cep_with_or_without_its_mask() {
        for raw in ["01310-100", "01310100", "01.310-100", " 01310 100 "] {
            let cep = Cep::parse(raw).unwrap();
            assert_eq!(cep.as_str(), "01310100");
            assert_eq!(cep.masked(), "01310-100");
            assert_eq!(cep.to_string(), "01310-100");
        }
    }

    #[test]
    fn rejects_wrong_lengths_and_foreign_characters() {
        for raw in [
            "",
            "1310-100",
            "01310-1000",
            "01310/100",
            "0131O-100",
            "０1310-100",
        ] {
            assert_eq!(Cep::parse(raw), Err("cep_invalid"), "{raw}");
        }
    }

    #[test]
    fn serde_round_trips_as_the_bare_digits() {
        let cep = Cep::parse("01310-100").unwrap();
        let json = serde_json::to_string(&cep).unwrap();
        assert_eq!(json, "\"01310100\"");
        assert_eq!(serde_json::from_str::<Cep>(&json).unwrap(), cep);
    }

    #[test]
    fn serde_refuses_an_invalid_cep() {
        assert!(serde_json::from_str::<Cep>("\"0131010\"").is_err());
    }
}
