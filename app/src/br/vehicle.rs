//! Vehicle identifiers an auto policy carries: the placa (old `ABC-1234` or Mercosul `ABC1D23`)
//! and the chassi (VIN: 17 characters, never I, O or Q).

use super::compact;

/// A well-formed placa, upper-case and without the dash (`ABC1234`, `ABC1D23`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Plate(String);

impl Plate {
    /// Parses `abc-1234`, `ABC 1234` or `ABC1D23`: three letters, a digit, a letter or digit
    /// (the Mercosul fifth character), two digits.
    ///
    /// Error: `"plate_invalid"`.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let text = compact(raw, &['-']).to_uppercase();
        let b = text.as_bytes();
        let ok = b.len() == 7
            && b[..3].iter().all(u8::is_ascii_uppercase)
            && b[3].is_ascii_digit()
            && (b[4].is_ascii_digit() || b[4].is_ascii_uppercase())
            && b[5..].iter().all(u8::is_ascii_digit);
        if ok {
            Ok(Self(text))
        } else {
            Err("plate_invalid")
        }
    }

    /// Stored form: `ABC1234`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Shown form: old plates with their dash (`ABC-1234`), Mercosul ones as they are.
    pub fn display(&self) -> String {
        if self.0.as_bytes()[4].is_ascii_digit() {
            format!("{}-{}", &self.0[..3], &self.0[3..])
        } else {
            self.0.clone()
        }
    }
}

/// A well-formed chassi (VIN), upper-case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Chassis(String);

impl Chassis {
    /// Parses 17 letters and digits, I, O and Q excluded (they look like 1 and 0).
    ///
    /// Error: `"chassis_invalid"`.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let text = compact(raw, &['-', '.']).to_uppercase();
        let ok = text.len() == 17
            && text
                .bytes()
                .all(|c| (c.is_ascii_uppercase() || c.is_ascii_digit()) && !b"IOQ".contains(&c));
        if ok {
            Ok(Self(text))
        } else {
            Err("chassis_invalid")
        }
    }

    /// The 17 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plates_old_and_mercosul_are_accepted_in_any_case_with_or_without_dash() {
        assert_eq!(Plate::parse("abc-1234").unwrap().as_str(), "ABC1234");
        assert_eq!(Plate::parse("ABC 1234").unwrap().display(), "ABC-1234");
        assert_eq!(Plate::parse("bra2e19").unwrap().display(), "BRA2E19");
        for bad in [
            "", "AB1234", "ABCD123", "ABC12345", "1BC1234", "ABC1D2E", "ÁBC1234",
        ] {
            assert_eq!(Plate::parse(bad), Err("plate_invalid"), "{bad:?}");
        }
    }

    #[test]
    fn chassis_is_17_characters_without_i_o_or_q() {
        assert_eq!(
            Chassis::parse("9bwzzz377vt004251").unwrap().as_str(),
            "9BWZZZ377VT004251"
        );
        for bad in [
            "9BWZZZ377VT00425",
            "9BWZZZ377VT0042511",
            "9BWZZZ377VT00I251",
            "9BWZZZ377VT0O4251",
        ] {
            assert_eq!(Chassis::parse(bad), Err("chassis_invalid"), "{bad:?}");
        }
    }
}
