//! Brazilian phone numbers (+55): parsed from any human format, stored as E.164, shown as
//! `(11) 91234-5678`, and matched with and without the nono dígito that WhatsApp may drop.

mod search;

pub use search::phone_search_keys;

use super::compact;
use serde::{Deserialize, Serialize};
use std::fmt;

const INVALID: &str = "phone_invalid";
const DDD_INVALID: &str = "phone_ddd_invalid";
const NOT_BR: &str = "phone_not_br";

/// The 67 area codes (DDDs) in use, ascending.
const VALID_DDDS: [u8; 67] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, // SP
    21, 22, 24, 27, 28, // RJ, ES
    31, 32, 33, 34, 35, 37, 38, // MG
    41, 42, 43, 44, 45, 46, 47, 48, 49, // PR, SC
    51, 53, 54, 55, // RS
    61, 62, 63, 64, 65, 66, 67, 68, 69, // DF, GO, TO, MT, MS, AC, RO
    71, 73, 74, 75, 77, 79, // BA, SE
    81, 82, 83, 84, 85, 86, 87, 88, 89, // PE, AL, PB, RN, CE, PI
    91, 92, 93, 94, 95, 96, 97, 98, 99, // PA, AM, RR, AP, MA
];

/// A Brazilian mobile or landline number, kept in E.164 (`+5511912345678`).
///
/// A mobile always has its 9 digits: one written with the 8 digits it had before the nono
/// dígito (as WhatsApp still reports some accounts) is stored with the 9 put back.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneBr(String);

impl PhoneBr {
    /// Parses a number written any way people write one: `+55 (11) 91234-5678`,
    /// `(11) 91234-5678`, `11912345678`, `5511912345678`, `055 11 91234 5678`, `0 11 3456-7890`.
    ///
    /// Spaces, `(`, `)`, `-` and `.` are ignored. Leading zeros (the trunk `0`, a `00`
    /// international prefix) are dropped; 12 or 13 digits must then begin with the country code
    /// `55`, or, after a leading `0`, a 2-digit carrier code (`0 21 11 3456-7890`). What remains
    /// is the DDD and the subscriber number: a mobile is 9 digits starting with 9, a landline
    /// 8 digits starting with 2–5, and 8 digits starting with 6–9 are a mobile without its
    /// nono dígito, which gets it back (`553188888888` → `+5531988888888`). So a mobile typed
    /// with one digit missing, `(11) 91234-567`, reads as the old mobile `(11) 99123-4567`: the
    /// two cannot be told apart.
    ///
    /// Errors: `"phone_not_br"` when it starts with `+` and another country code;
    /// `"phone_ddd_invalid"` for an area code not in use; `"phone_invalid"` for anything else.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let national = national_digits(raw)?;
        let (ddd, subscriber) = national.split_at(2);
        if !is_valid_ddd(ddd) {
            return Err(DDD_INVALID);
        }
        let subscriber = match (subscriber.len(), subscriber.as_bytes()[0]) {
            (9, b'9') | (8, b'2'..=b'5') => subscriber.to_owned(),
            (8, b'6'..=b'9') => format!("9{subscriber}"),
            _ => return Err(INVALID),
        };
        Ok(Self(format!("+55{ddd}{subscriber}")))
    }

    /// The E.164 form, as stored: `+5511912345678`.
    pub fn e164(&self) -> &str {
        &self.0
    }

    /// The national form people read: `(11) 91234-5678`, `(11) 3456-7890`.
    pub fn display(&self) -> String {
        let subscriber = self.subscriber();
        let (head, tail) = subscriber.split_at(subscriber.len() - 4);
        format!("({}) {head}-{tail}", self.ddd())
    }

    /// Whether this is a mobile (9-digit subscriber number) rather than a landline.
    pub fn is_mobile(&self) -> bool {
        self.subscriber().len() == 9
    }

    /// The two-digit area code: `"11"`.
    pub fn ddd(&self) -> &str {
        &self.0[3..5]
    }

    /// Every E.164 form of this same number that a search or deduplication must match, its own
    /// first: for a mobile whose 8-digit tail starts with 6–9 also the form without the nono
    /// dígito (`+5531988888888`, `+553188888888`), the one WhatsApp may use; otherwise just
    /// itself.
    ///
    /// The short form is offered only when it would parse back to this number: without the 9,
    /// `(11) 92345-6789` would read as the landline `(11) 2345-6789`, another subscriber.
    pub fn variants(&self) -> Vec<String> {
        let mut variants = vec![self.0.clone()];
        if let Some(tail) = without_nono_digito(self.subscriber()) {
            variants.push(format!("+55{}{tail}", self.ddd()));
        }
        variants
    }

    /// The number after the DDD.
    fn subscriber(&self) -> &str {
        &self.0[5..]
    }
}

/// Whether `ddd` is one of the area codes in use.
fn is_valid_ddd(ddd: &str) -> bool {
    ddd.parse()
        .is_ok_and(|n: u8| VALID_DDDS.binary_search(&n).is_ok())
}

/// The last 8 digits of a 9-digit mobile subscriber number that existed before the nono dígito
/// (a 9, then 6–9), the form WhatsApp may still use; `None` for anything else.
fn without_nono_digito(subscriber: &str) -> Option<&str> {
    let b = subscriber.as_bytes();
    (b.len() == 9 && b[0] == b'9' && matches!(b[1], b'6'..=b'9')).then(|| &subscriber[1..])
}

/// The DDD and subscriber digits (10 or 11) of `raw`, without country code or prefixes.
fn national_digits(raw: &str) -> Result<String, &'static str> {
    let raw = raw.trim();
    let (international, rest) = match raw.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let digits = compact(rest, &['(', ')', '-', '.']);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(INVALID);
    }
    let after_zeros = digits.trim_start_matches('0');
    let national = if international {
        // `+55 (011) …` happens: a trunk 0 copied after the country code.
        digits
            .strip_prefix("55")
            .ok_or(NOT_BR)?
            .trim_start_matches('0')
    } else {
        match after_zeros.len() {
            12 | 13 if after_zeros.starts_with("55") || digits.starts_with('0') => {
                &after_zeros[2..]
            }
            _ => after_zeros,
        }
    };
    match national.len() {
        10 | 11 => Ok(national.to_owned()),
        _ => Err(INVALID),
    }
}

impl TryFrom<String> for PhoneBr {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<PhoneBr> for String {
    fn from(phone: PhoneBr) -> Self {
        phone.0
    }
}

impl fmt::Display for PhoneBr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e164(raw: &str) -> Result<String, &'static str> {
        PhoneBr::parse(raw).map(|phone| phone.e164().to_owned())
    }

    #[test]
    fn the_list_of_ddds_has_all_67_once_and_in_order() {
        assert!(VALID_DDDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(VALID_DDDS.len(), 67);
    }

    #[test]
    fn reads_a_mobile_written_in_every_usual_way() {
        for raw in [
            "+55 (11) 91234-5678",
            "(11) 91234-5678",
            "11912345678",
            "5511912345678",
            "055 11 91234 5678",
            "0055 11 91234.5678",
            "+55 (011) 91234-5678",
            "0 15 11 91234-5678",
            "\t11 91234 5678\u{a0}",
        ] {
            assert_eq!(e164(raw), Ok("+5511912345678".to_owned()), "{raw}");
        }
    }

    #[test]
    fn drops_a_leading_trunk_zero_from_a_landline() {
        let phone = PhoneBr::parse("0 11 3456-7890").unwrap();
        assert_eq!(phone.e164(), "+551134567890");
        assert!(!phone.is_mobile());
    }

    #[test]
    fn gives_an_eight_digit_mobile_back_its_nono_digito() {
        for raw in [
            "+55 31 8888-8888",
            "553188888888",
            "(31) 8888-8888",
            "31 6123-4567",
        ] {
            let phone = PhoneBr::parse(raw).unwrap();
            assert!(phone.is_mobile(), "{raw}");
            assert_eq!(phone.e164().len(), 14, "{raw}");
        }
        assert_eq!(e164("553188888888"), Ok("+5531988888888".to_owned()));
        // The ambiguity the parse documents: a mobile missing a digit looks like an old one.
        assert_eq!(e164("(11) 91234-567"), Ok("+5511991234567".to_owned()));
    }

    #[test]
    fn shows_the_national_form_and_the_ddd() {
        let mobile = PhoneBr::parse("+5511912345678").unwrap();
        assert_eq!(mobile.display(), "(11) 91234-5678");
        assert_eq!(mobile.to_string(), "(11) 91234-5678");
        assert_eq!(mobile.ddd(), "11");
        let landline = PhoneBr::parse("+551134567890").unwrap();
        assert_eq!(landline.display(), "(11) 3456-7890");
    }

    #[test]
    fn rejects_area_codes_not_in_use() {
        assert_eq!(e164("(20) 91234-5678"), Err("phone_ddd_invalid"));
        assert_eq!(e164("+55 10 3456-7890"), Err("phone_ddd_invalid"));
    }

    #[test]
    fn rejects_another_country_code_after_a_plus() {
        assert_eq!(e164("+1 212 555 1234"), Err("phone_not_br"));
        assert_eq!(e164("+351 912 345 678"), Err("phone_not_br"));
    }

    #[test]
    fn rejects_wrong_lengths_characters_and_number_shapes() {
        for raw in [
            "",
            "+",
            "+55",
            "1234-5678",
            "11 3456-789",
            "11 91234-56789",
            "11 9123a-5678",
            "11 91234/5678",
            "55 11 91234-5678 9",
            "11 81234-5678",
            "11 1234-5678",
            "(11) 0234-5678",
            "11 +91234-5678",
        ] {
            assert_eq!(e164(raw), Err("phone_invalid"), "{raw}");
        }
    }

    #[test]
    fn a_mobile_is_matched_with_and_without_its_nono_digito() {
        let phone = PhoneBr::parse("(31) 98888-8888").unwrap();
        assert_eq!(phone.variants(), ["+5531988888888", "+553188888888"]);
    }

    #[test]
    fn a_mobile_whose_short_form_would_be_a_landline_has_no_short_variant() {
        let phone = PhoneBr::parse("(11) 92345-6789").unwrap();
        assert_eq!(phone.variants(), ["+5511923456789"]);
    }

    #[test]
    fn a_landline_is_its_only_variant() {
        let phone = PhoneBr::parse("(11) 3456-7890").unwrap();
        assert_eq!(phone.variants(), ["+551134567890"]);
    }

    #[test]
    fn serde_round_trips_as_e164() {
        let phone = PhoneBr::parse("(11) 91234-5678").unwrap();
        let json = serde_json::to_string(&phone).unwrap();
        assert_eq!(json, "\"+5511912345678\"");
        assert_eq!(serde_json::from_str::<PhoneBr>(&json).unwrap(), phone);
    }

    #[test]
    fn serde_refuses_an_invalid_number() {
        assert!(serde_json::from_str::<PhoneBr>("\"+5520912345678\"").is_err());
        assert!(serde_json::from_str::<PhoneBr>("\"+12125551234\"").is_err());
    }

    fn valid_phone() -> impl Strategy<Value = PhoneBr> {
        let subscriber = prop_oneof!["9[0-9]{8}", "[2-5][0-9]{7}"];
        (prop::sample::select(&VALID_DDDS[..]), subscriber)
            .prop_map(|(ddd, subscriber)| PhoneBr(format!("+55{ddd}{subscriber}")))
    }

    proptest! {
        #[test]
        fn a_valid_number_parses_back_from_its_e164_and_its_display(phone in valid_phone()) {
            prop_assert_eq!(PhoneBr::parse(phone.e164()), Ok(phone.clone()));
            prop_assert_eq!(PhoneBr::parse(&phone.display()), Ok(phone));
        }

        #[test]
        fn every_variant_is_the_same_number_and_a_mobile_includes_its_own(phone in valid_phone()) {
            let variants = phone.variants();
            prop_assert_eq!(&variants[0], phone.e164());
            for variant in &variants {
                prop_assert_eq!(PhoneBr::parse(variant), Ok(phone.clone()));
            }
        }
    }
}
