//! Card order as text ranks ("fractional indexing"): a card's position in its column is a
//! string, and the cards are shown in the strings' byte order. Moving a card writes one row: its
//! new rank is a string strictly between its new neighbours', so no other card is renumbered.
//! Two people dropping different cards between the same neighbours get equal ranks; the card id
//! breaks the tie, so the order stays total and nothing is corrupted.
//!
//! A rank is an integer part and an optional fraction. The integer part's first character tells
//! its length (`a` one digit, `b` two…; `Z`, `Y`… for the ones before zero), so a card added at
//! the bottom or the top takes the next integer: ranks grow with the logarithm of the number of
//! cards added at the ends (`a0`…`az`, then `b00`…), not linearly. Inserting between two
//! neighbours extends the fraction. Digits are `0-9A-Za-z` (ASCII order, so SQL's byte-wise
//! `ORDER BY` agrees with Rust's). A fraction never ends in `0`, so there is always room below.
//! (The scheme is the one the `fractional-indexing` libraries use; written here from its
//! description.)

/// The digits, in ascending order.
const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The rank of the first card of an empty column.
const ZERO: &str = "a0";

fn digit(c: u8) -> Option<usize> {
    DIGITS.iter().position(|d| *d == c)
}

/// The length of the integer part a rank starting with `head` has (head included).
fn integer_len(head: u8) -> Option<usize> {
    match head {
        b'a'..=b'z' => Some(usize::from(head - b'a') + 2),
        b'A'..=b'Z' => Some(usize::from(b'Z' - head) + 2),
        _ => None,
    }
}

/// The integer part of `rank` and its fraction.
fn split(rank: &str) -> Option<(&str, &str)> {
    let len = integer_len(*rank.as_bytes().first()?)?;
    (rank.len() >= len).then(|| rank.split_at(len))
}

/// Whether `rank` is one this module could have produced.
pub fn is_valid(rank: &str) -> bool {
    let Some((integer, fraction)) = split(rank) else {
        return false;
    };
    let smallest = integer.starts_with('A') && integer[1..].bytes().all(|b| b == b'0');
    !smallest && rank.bytes().skip(1).all(|b| digit(b).is_some()) && !fraction.ends_with('0')
}

fn increment(integer: &str) -> Option<String> {
    let bytes = integer.as_bytes();
    let head = bytes[0];
    let mut digits: Vec<u8> = bytes[1..].to_vec();
    for d in digits.iter_mut().rev() {
        let next = digit(*d)? + 1;
        if next < DIGITS.len() {
            *d = DIGITS[next];
            return Some(format!(
                "{}{}",
                char::from(head),
                String::from_utf8_lossy(&digits)
            ));
        }
        *d = DIGITS[0];
    }
    // Every digit carried: the integer gets one digit longer (or crosses zero).
    match head {
        b'Z' => Some(ZERO.to_owned()),
        b'z' => None,
        _ => {
            let head = head + 1;
            if head > b'a' {
                digits.push(DIGITS[0]);
            } else {
                digits.pop();
            }
            Some(format!(
                "{}{}",
                char::from(head),
                String::from_utf8_lossy(&digits)
            ))
        }
    }
}

fn decrement(integer: &str) -> Option<String> {
    let bytes = integer.as_bytes();
    let head = bytes[0];
    let mut digits: Vec<u8> = bytes[1..].to_vec();
    let top = DIGITS[DIGITS.len() - 1];
    for d in digits.iter_mut().rev() {
        match digit(*d)?.checked_sub(1) {
            Some(prev) => {
                *d = DIGITS[prev];
                return Some(format!(
                    "{}{}",
                    char::from(head),
                    String::from_utf8_lossy(&digits)
                ));
            }
            None => *d = top,
        }
    }
    match head {
        b'a' => Some(format!("Z{}", char::from(top))),
        b'A' => None,
        _ => {
            let head = head - 1;
            if head < b'Z' {
                digits.push(top);
            } else {
                digits.pop();
            }
            Some(format!(
                "{}{}",
                char::from(head),
                String::from_utf8_lossy(&digits)
            ))
        }
    }
}

/// A rank strictly between `before` and `after` (`None`: the column's start or end). A card
/// added at an end takes the next integer; between two cards the rank is as short as the two
/// allow. Ranks a stale or hostile client sent that are not valid, or not in order, count as
/// the column's ends.
pub fn between(before: Option<&str>, after: Option<&str>) -> String {
    let a = before.filter(|a| is_valid(a));
    let b = after.filter(|b| is_valid(b) && a.is_none_or(|a| a < *b));
    match (a, b) {
        (None, None) => ZERO.to_owned(),
        (None, Some(b)) => {
            let Some((integer, fraction)) = split(b) else {
                return ZERO.to_owned();
            };
            if !fraction.is_empty() {
                return integer.to_owned();
            }
            match decrement(integer) {
                Some(prev) => prev,
                None => format!("{integer}{}", midpoint(b"", Some(fraction.as_bytes()))),
            }
        }
        (Some(a), None) => {
            let Some((integer, fraction)) = split(a) else {
                return ZERO.to_owned();
            };
            match increment(integer) {
                Some(next) => next,
                None => format!("{integer}{}", midpoint(fraction.as_bytes(), None)),
            }
        }
        (Some(a), Some(b)) => {
            let (Some((ia, fa)), Some((ib, fb))) = (split(a), split(b)) else {
                return ZERO.to_owned();
            };
            if ia == ib {
                return format!("{ia}{}", midpoint(fa.as_bytes(), Some(fb.as_bytes())));
            }
            match increment(ia) {
                Some(next) if next.as_str() < b => next,
                _ => format!("{ia}{}", midpoint(fa.as_bytes(), None)),
            }
        }
    }
}

/// The fraction between fraction `a` (possibly empty = the very start) and `b` (`None` = the
/// very end).
fn midpoint(a: &[u8], b: Option<&[u8]>) -> String {
    if let Some(b) = b {
        // The common prefix (reading `a` as padded with zeros) stays as it is.
        let mut n = 0;
        while n < b.len() && a.get(n).copied().unwrap_or(b'0') == b[n] {
            n += 1;
        }
        if n > 0 {
            let rest = midpoint(a.get(n..).unwrap_or_default(), Some(&b[n..]));
            return format!("{}{rest}", String::from_utf8_lossy(&b[..n]));
        }
    }
    let da = a.first().and_then(|c| digit(*c)).unwrap_or(0);
    let db = b
        .and_then(|b| b.first())
        .and_then(|c| digit(*c))
        .unwrap_or(DIGITS.len());
    if db - da > 1 {
        // Room for a digit between the two.
        return char::from(DIGITS[(da + db).div_ceil(2)]).to_string();
    }
    // Consecutive first digits.
    match b {
        Some(b) if b.len() > 1 => char::from(b[0]).to_string(),
        _ => {
            let rest = midpoint(a.get(1..).unwrap_or_default(), None);
            format!("{}{rest}", char::from(DIGITS[da]))
        }
    }
}

/// `n` ranks in ascending order (for seeding a column).
pub fn spread(n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(n);
    for _ in 0..n {
        let last = out.last().map(String::as_str);
        out.push(between(last, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_first_rank_sits_in_the_middle_and_the_ends_leave_room() {
        let first = between(None, None);
        assert_eq!(first, "a0");
        let before = between(None, Some(&first));
        let after = between(Some(&first), None);
        assert!(before < first && first < after, "{before} {first} {after}");
        assert!(is_valid(&before) && is_valid(&after));
    }

    #[test]
    fn a_rank_between_neighbours_one_apart_gets_longer_but_stays_between() {
        for (a, b) in [
            ("a0", "a1"),
            ("a0V", "a1"),
            ("az", "azV"),
            ("a1", "a2"),
            ("aVz", "aW"),
            ("Zz", "a0"),
            ("a0", "b000"),
        ] {
            let m = between(Some(a), Some(b));
            assert!(a < m.as_str() && m.as_str() < b, "{a} < {m} < {b}");
            assert!(is_valid(&m), "{m}");
        }
    }

    #[test]
    fn neighbours_in_the_wrong_order_give_a_rank_after_the_first() {
        let m = between(Some("a5"), Some("a1"));
        assert!(m.as_str() > "a5", "{m}");
        let m = between(Some("a5"), Some("a5"));
        assert!(m.as_str() > "a5", "{m}");
    }

    #[test]
    fn invalid_ranks_sent_by_a_client_are_treated_as_the_columns_ends() {
        let m = between(Some("a b"), Some("<script>"));
        assert!(is_valid(&m));
        for bad in [
            "",
            "a",
            "a00",
            "é",
            "1",
            "A00000000000000000000000000",
            "a0 ",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn seeding_spreads_ranks_in_order() {
        let ranks = spread(500);
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
        assert!(ranks.iter().all(|r| is_valid(r)));
        assert!(
            ranks.iter().all(|r| r.len() <= 10),
            "appending keeps ranks short"
        );
    }

    proptest! {
        /// Any two valid ranks in order have a valid rank between them.
        #[test]
        fn there_is_always_a_rank_between_two_others(a in "[a-c][0-9A-Za-z]{1,3}[1-9A-Za-z]?", b in "[a-c][0-9A-Za-z]{1,3}[1-9A-Za-z]?") {
            prop_assume!(is_valid(&a) && is_valid(&b) && a < b);
            let m = between(Some(&a), Some(&b));
            prop_assert!(is_valid(&m) && a < m && m < b, "{} < {} < {}", a, m, b);
        }

        /// Any sequence of insertions keeps a strictly ordered column of valid ranks.
        #[test]
        fn inserting_anywhere_keeps_the_column_strictly_ordered(positions in proptest::collection::vec(0usize..1000, 1..300)) {
            let mut column: Vec<String> = Vec::new();
            for p in positions {
                let at = p % (column.len() + 1);
                let before = at.checked_sub(1).map(|i| column[i].as_str());
                let after = column.get(at).map(String::as_str);
                let rank = between(before, after);
                prop_assert!(is_valid(&rank), "{rank}");
                if let Some(b) = before { prop_assert!(b < rank.as_str()); }
                if let Some(a) = after { prop_assert!(rank.as_str() < a); }
                column.insert(at, rank);
            }
            prop_assert!(column.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
