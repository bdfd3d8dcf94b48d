//! The board on the page: one signal per column, so a move or a live event redraws the two
//! columns it touches and nothing else. Changes go through [`super::super::lanes`], which keeps
//! each column in the server's order.

use leptos::prelude::*;

use crate::kanban::{lanes, Board, Card, Column, MoveTo, Outcome};

/// A column on the page: what it is, and its cards (reactive).
#[derive(Clone, Debug)]
pub struct Lane {
    pub id: i64,
    pub name: String,
    pub outcome: Outcome,
    pub color: String,
    pub wip_limit: Option<i64>,
    pub sla_days: Option<i64>,
    pub cards: RwSignal<Vec<Card>>,
}

/// The board's columns (copyable handle).
#[derive(Clone, Copy, Debug)]
pub struct BoardStore {
    lanes: StoredValue<Vec<Lane>>,
}

impl BoardStore {
    pub fn new(board: &Board) -> Self {
        let lanes = board
            .columns
            .iter()
            .map(|c: &Column| Lane {
                id: c.id,
                name: c.name.clone(),
                outcome: c.outcome,
                color: c.color.clone(),
                wip_limit: c.wip_limit,
                sla_days: c.sla_days,
                cards: RwSignal::new(c.cards.clone()),
            })
            .collect();
        Self {
            lanes: StoredValue::new(lanes),
        }
    }

    /// Every column, in board order.
    pub fn lanes(self) -> Vec<Lane> {
        self.lanes.get_value()
    }

    /// Column number `at`.
    pub fn lane(self, at: usize) -> Option<Lane> {
        self.lanes.with_value(|l| l.get(at).cloned())
    }

    /// The number of the column with id `column`.
    pub fn lane_of_column(self, column: i64) -> Option<usize> {
        self.lanes
            .with_value(|l| l.iter().position(|lane| lane.id == column))
    }

    /// Where card `id` is now (column number, position) and the card.
    pub fn locate(self, id: i64) -> Option<(usize, usize, Card)> {
        self.lanes.with_value(|lanes| {
            lanes.iter().enumerate().find_map(|(at, lane)| {
                lane.cards.with_untracked(|cards| {
                    cards
                        .iter()
                        .position(|c| c.id == id)
                        .map(|p| (at, p, cards[p].clone()))
                })
            })
        })
    }

    /// The cards of column number `at`, without reading reactively.
    pub fn cards_of(self, at: usize) -> Vec<Card> {
        self.lane(at)
            .map(|l| l.cards.get_untracked())
            .unwrap_or_default()
    }

    /// Takes card `id` off the board; answers it.
    pub fn remove(self, id: i64) -> Option<Card> {
        let (at, position, card) = self.locate(id)?;
        let lane = self.lane(at)?;
        lane.cards.update(|cards| {
            cards.remove(position);
        });
        Some(card)
    }

    /// Shows `card` as it is now: moved out of wherever it was, into its column in rank order
    /// (a card of a column this board does not have is only removed).
    pub fn upsert(self, card: Card) {
        let current = self.locate(card.id).map(|(_, _, c)| c);
        if current.as_ref() == Some(&card) {
            return;
        }
        if current.is_some() {
            self.remove(card.id);
        }
        if let Some(lane) = self
            .lane_of_column(card.column_id)
            .and_then(|at| self.lane(at))
        {
            lane.cards.update(|cards| lanes::insert_sorted(cards, card));
        }
    }

    /// Puts card `card` at `index` of column number `at` (counted without it), with the rank
    /// the server will give it; answers the move to ask the server for.
    pub fn place(self, mut card: Card, at: usize, index: usize) -> Option<MoveTo> {
        let lane = self.lane(at)?;
        self.remove(card.id);
        let cards = lane.cards.get_untracked();
        let (rank, to) = lanes::placement(&cards, lane.id, index.min(cards.len()));
        if card.column_id != lane.id {
            card.column_id = lane.id;
            card.entered_column_at = time::OffsetDateTime::now_utc();
            card.days = 0;
        }
        card.rank = rank;
        lane.cards.update(|cards| lanes::insert_sorted(cards, card));
        Some(to)
    }
}
