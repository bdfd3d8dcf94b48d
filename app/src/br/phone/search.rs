//! What to look for when someone types a phone number, or part of one, into a search box.

use super::{without_nono_digito, PhoneBr};

/// The digit strings to look for, as substrings, in stored phone numbers (E.164, where a
/// stored `+5531988888888` contains each key of a match):
///
/// - when `raw` is a whole number that [`PhoneBr::parse`] accepts: the digits of each of its
///   [`PhoneBr::variants`], without the `+` (`"(31) 98888-8888"` and `"553188888888"` both give
///   `["5531988888888", "553188888888"]`; a landline gives one key);
/// - otherwise every digit of `raw`, in order, ignoring any other character, as one key
///   (`"3456-78"` → `["345678"]`); when those are exactly 9 digits of a mobile (a 9, then 6–9),
///   also the same without the leading 9, the form a WhatsApp account may have
///   (`"98888-8888"` → `["988888888", "88888888"]`);
/// - no digit at all (a name, an empty box): no key.
///
/// It sets no minimum length: the caller decides when a query looks enough like a phone number.
pub fn phone_search_keys(raw: &str) -> Vec<String> {
    if let Ok(phone) = PhoneBr::parse(raw) {
        return phone
            .variants()
            .into_iter()
            .map(|variant| variant.trim_start_matches('+').to_owned())
            .collect();
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Vec::new();
    }
    let short = without_nono_digito(&digits).map(str::to_owned);
    std::iter::once(digits).chain(short).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_mobile_gives_both_forms_without_the_plus() {
        for raw in ["(31) 98888-8888", "+55 31 8888-8888", "553188888888"] {
            assert_eq!(
                phone_search_keys(raw),
                ["5531988888888", "553188888888"],
                "{raw}"
            );
        }
    }

    #[test]
    fn a_whole_landline_gives_one_key() {
        assert_eq!(phone_search_keys("0 11 3456-7890"), ["551134567890"]);
    }

    #[test]
    fn a_mobile_without_ddd_is_also_searched_without_its_nono_digito() {
        assert_eq!(phone_search_keys("98888-8888"), ["988888888", "88888888"]);
    }

    #[test]
    fn a_partial_number_is_searched_as_the_digits_typed() {
        assert_eq!(phone_search_keys("3456-78"), ["345678"]);
        assert_eq!(phone_search_keys("8888-8888"), ["88888888"]);
        assert_eq!(phone_search_keys("(20) 98888-8888"), ["20988888888"]);
        assert_eq!(phone_search_keys("+1 212 555 1234"), ["12125551234"]);
    }

    #[test]
    fn nine_digits_whose_short_form_would_be_a_landline_give_one_key() {
        assert_eq!(phone_search_keys("92345-6789"), ["923456789"]);
    }

    #[test]
    fn text_without_digits_gives_no_key() {
        assert!(phone_search_keys("").is_empty());
        assert!(phone_search_keys("Maria").is_empty());
    }
}
