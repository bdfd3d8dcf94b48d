//! The board as the browser holds it between renders: each column's cards in rank order. Live
//! events and optimistic moves change it through these functions, which keep every card in one
//! place and every column sorted by (rank, id) — the order the server reads.

use super::{rank, Card, MoveTo};

/// Where card `id` is among `lanes` (each a column's cards): (column index, position).
pub fn find(lanes: &[&[Card]], id: i64) -> Option<(usize, usize)> {
    lanes
        .iter()
        .enumerate()
        .find_map(|(l, cards)| cards.iter().position(|c| c.id == id).map(|p| (l, p)))
}

/// Puts `card` into `cards` at its place by (rank, id).
pub fn insert_sorted(cards: &mut Vec<Card>, card: Card) {
    let at = cards.partition_point(|c| (c.rank.as_str(), c.id) < (card.rank.as_str(), card.id));
    cards.insert(at, card);
}

/// Where a card dropped at `index` of `cards` (the column without it) goes: its new rank (the
/// one the server will compute from the same neighbours) and the move to ask for.
pub fn placement(cards: &[Card], column: i64, index: usize) -> (String, MoveTo) {
    let above = index.checked_sub(1).and_then(|i| cards.get(i));
    let below = cards.get(index);
    let rank = rank::between(
        above.map(|c| c.rank.as_str()),
        below.map(|c| c.rank.as_str()),
    );
    let to = MoveTo {
        column,
        after: above.map(|c| c.id),
        before: if above.is_none() {
            below.map(|c| c.id)
        } else {
            None
        },
    };
    (rank, to)
}

/// One keyboard step up (`up`) or down for a card at `index` of `cards` (its column without
/// it) among the cards `shown` lets through (a filtered board, a swimlane): the index just above
/// the nearest shown card that way, or just below it; `None` when no shown card is that way.
pub fn step(
    cards: &[Card],
    index: usize,
    up: bool,
    shown: impl Fn(&Card) -> bool,
) -> Option<usize> {
    let index = index.min(cards.len());
    if up {
        (0..index).rev().find(|&j| shown(&cards[j]))
    } else {
        (index..cards.len())
            .find(|&j| shown(&cards[j]))
            .map(|j| j + 1)
    }
}

/// Where a card that has `seen` shown cards above it lands in another column's `cards`: above
/// that column's shown card number `seen` (from 0), or at its end when it has fewer. Answers
/// (index, shown cards above it there, shown cards there).
pub fn across(cards: &[Card], seen: usize, shown: impl Fn(&Card) -> bool) -> (usize, usize, usize) {
    let visible: Vec<usize> = (0..cards.len()).filter(|&j| shown(&cards[j])).collect();
    match visible.get(seen) {
        Some(&j) => (j, seen, visible.len()),
        None => (cards.len(), visible.len(), visible.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn card(id: i64, rank: &str) -> Card {
        Card {
            id,
            column_id: 1,
            rank: rank.into(),
            title: format!("Cartão {id}"),
            client_id: None,
            client_name: None,
            policy_id: None,
            owner_id: None,
            owner: None,
            value: None,
            commission: None,
            due_on: None,
            labels: Vec::new(),
            entered_column_at: datetime!(2026-11-10 12:00 UTC),
            days: 0,
            checklist_done: 0,
            checklist_total: 0,
            comments: 0,
        }
    }

    fn ids(cards: &[Card]) -> Vec<i64> {
        cards.iter().map(|c| c.id).collect()
    }

    #[test]
    fn cards_are_kept_in_rank_order_with_the_id_breaking_ties() {
        let mut cards = vec![card(1, "a0"), card(2, "a2")];
        insert_sorted(&mut cards, card(3, "a1"));
        insert_sorted(&mut cards, card(4, "a0"));
        insert_sorted(&mut cards, card(0, "a0"));
        assert_eq!(ids(&cards), vec![0, 1, 4, 3, 2]);
        assert_eq!(find(&[&cards[..0], &cards], 3), Some((1, 3)));
        assert_eq!(find(&[&cards], 9), None);
    }

    #[test]
    fn a_drop_names_the_card_above_or_else_the_one_below_and_ranks_between_them() {
        let cards = vec![card(1, "a0"), card(2, "a1")];
        let (rank, to) = placement(&cards, 5, 1);
        assert!(rank.as_str() > "a0" && rank.as_str() < "a1", "{rank}");
        assert_eq!((to.column, to.after, to.before), (5, Some(1), None));
        let (rank, to) = placement(&cards, 5, 0);
        assert!(rank.as_str() < "a0", "{rank}");
        assert_eq!((to.after, to.before), (None, Some(1)));
        let (rank, to) = placement(&cards, 5, 2);
        assert!(rank.as_str() > "a1", "{rank}");
        assert_eq!((to.after, to.before), (Some(2), None));
        let (_, to) = placement(&[], 5, 0);
        assert_eq!((to.after, to.before), (None, None));
    }

    #[test]
    fn a_card_placed_where_placement_says_lands_at_the_drop_index() {
        let cards: Vec<Card> = rank::spread(5)
            .iter()
            .enumerate()
            .map(|(i, r)| card(i as i64 + 1, r))
            .collect();
        for index in 0..=cards.len() {
            let (rank, _) = placement(&cards, 1, index);
            let mut with = cards.clone();
            insert_sorted(&mut with, card(99, &rank));
            assert_eq!(with.iter().position(|c| c.id == 99), Some(index));
        }
    }

    #[test]
    fn keyboard_steps_skip_the_cards_a_filter_hides() {
        // Column without the moving card: 1 2(hidden) 3 4(hidden); the card sits at index 2.
        let cards: Vec<Card> = ["a0", "a1", "a2", "a3"]
            .iter()
            .enumerate()
            .map(|(i, r)| card(i as i64 + 1, r))
            .collect();
        let shown = |c: &Card| c.id % 2 == 1;
        assert_eq!(step(&cards, 2, true, shown), Some(0), "above card 1");
        assert_eq!(step(&cards, 2, false, shown), Some(3), "below card 3");
        assert_eq!(step(&cards, 3, false, shown), None, "no shown card below");
        assert_eq!(step(&cards, 0, true, shown), None);
        assert_eq!(
            step(&cards, 2, true, |_| true),
            Some(1),
            "unfiltered: one place"
        );
        assert_eq!(
            across(&cards, 1, shown),
            (2, 1, 2),
            "above the second shown card"
        );
        assert_eq!(across(&cards, 5, shown), (4, 2, 2), "at the end");
        assert_eq!(across(&[], 0, shown), (0, 0, 0));
    }
}
