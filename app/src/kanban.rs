//! Kanban: the boards staff move deals, renewals, claims and endorsements across (the four
//! defaults of DOMAIN.md are seeded). A card's place in its column is a text rank
//! ([`rank`]): a move writes one row. Cards are seen within the record scope: a card about a
//! client when its client is, a card without a client when its responsible person is (owner,
//! their team for managers, everyone for admins). Every move is audited.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

pub mod api;
pub(crate) mod board_page;
mod card_page;
pub mod card_work;
pub mod columns;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod edit;
pub mod filter;
pub mod lanes;
#[cfg(feature = "ssr")]
pub mod live;
pub mod rank;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
mod stream;

pub use board_page::{BoardPage, BoardsPage};
pub use card_page::CardPage;

/// Longest card title, in characters.
pub const MAX_TITLE: usize = 200;

/// What a column means for the cards in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Work in progress.
    Open,
    /// Ganho / renovada / migrada.
    Won,
    /// Perdido (a reason is asked for).
    Lost,
    /// Finished (indenizado, emitido).
    Done,
}

impl Outcome {
    const ALL: [Self; 4] = [Self::Open, Self::Won, Self::Lost, Self::Done];

    /// The stored code (`open`, `won`, `lost`, `done`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Won => "won",
            Self::Lost => "lost",
            Self::Done => "done",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// A board in the list of boards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSummary {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// Cards the viewer sees on it.
    pub cards: i64,
}

/// A column with the viewer's cards in it, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub id: i64,
    pub name: String,
    pub outcome: Outcome,
    pub color: String,
    pub wip_limit: Option<i64>,
    pub sla_days: Option<i64>,
    pub cards: Vec<Card>,
}

impl Column {
    /// The sum of the cards' values (prêmio), in centavos.
    pub fn value_sum(&self) -> i64 {
        self.cards.iter().filter_map(|c| c.value).sum()
    }

    /// The sum of the commissions known (cards with a policy), in centavos.
    pub fn commission_sum(&self) -> i64 {
        commission_sum(&self.cards)
    }

    /// Whether the column holds more cards than its WIP limit.
    pub fn over_limit(&self) -> bool {
        self.wip_limit
            .is_some_and(|limit| self.cards.len() as i64 > limit)
    }
}

/// A card as the board shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Card {
    pub id: i64,
    pub column_id: i64,
    pub rank: String,
    pub title: String,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub policy_id: Option<i64>,
    #[serde(default)]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub value: Option<i64>,
    /// The commission of its policy, in centavos (known once the card has a policy).
    #[serde(default)]
    pub commission: Option<i64>,
    pub due_on: Option<Date>,
    #[serde(default)]
    pub labels: Vec<String>,
    pub entered_column_at: OffsetDateTime,
    /// Whole São Paulo days in its column (filled by the service from its clock).
    #[serde(default)]
    pub days: i64,
    /// Checklist items done, of how many.
    #[serde(default)]
    pub checklist_done: i64,
    #[serde(default)]
    pub checklist_total: i64,
    /// How many comments it has.
    #[serde(default)]
    pub comments: i64,
}

/// A board with its columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub columns: Vec<Column>,
    /// The other boards, for switching.
    pub boards: Vec<BoardSummary>,
    /// Whether the viewer may manage columns (admins and managers).
    pub manage: bool,
    /// The live-event id the board was read at (its stream starts after it).
    #[serde(default)]
    pub live: String,
    /// `sales`, `renewals`, `claims`, `operations` or `custom`.
    #[serde(default)]
    pub kind: String,
}

/// Where a moved card goes: its new column, and the card it lands after (`None`: the top) —
/// or before (`None`: the bottom) when only that one is known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveTo {
    pub column: i64,
    #[serde(default)]
    pub after: Option<i64>,
    #[serde(default)]
    pub before: Option<i64>,
}

/// The new-card form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardInput {
    pub title: String,
    /// The column (0: the board's first open column).
    #[serde(default)]
    pub column: i64,
    /// The client the card is about (0: none).
    #[serde(default)]
    pub client: i64,
    /// Prêmio, as typed (`1.234,56`).
    #[serde(default)]
    pub value: String,
    /// `aaaa-mm-dd`.
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub description: String,
}

/// A card's page: the card, where it is, what the board shows only there, and its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardDetail {
    pub card: Card,
    pub board_slug: String,
    pub board_name: String,
    pub column_name: String,
    /// The board's columns: (id, name, outcome), for moving.
    pub columns: Vec<(i64, String, Outcome)>,
    pub description: Option<String>,
    pub lost_reason: Option<String>,
    pub recontact_on: Option<Date>,
    /// Whether the viewer may delete it (managers and admins, or its responsible person).
    pub may_delete: bool,
    /// Who the viewer may make responsible for it (id, name).
    pub owners: Vec<(i64, String)>,
    /// The board's kind (`sales`, `renewals` …): a won sales card offers to create the policy.
    pub board_kind: String,
    /// Audited changes, newest first.
    pub history: Vec<crate::clients::TimelineEntry>,
    /// Its checklist and comments.
    pub work: card_work::CardWork,
    /// The live-event id the card was read at (its page follows the board from there).
    #[serde(default)]
    pub live: String,
}

/// A board stream's `removed` event (`card` events carry a [`Card`]; `reload` asks to read the
/// board again).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub id: i64,
}

/// The card form on its page, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardEdit {
    pub title: String,
    /// Prêmio, as typed (`1.234,56`).
    #[serde(default)]
    pub value: String,
    /// `aaaa-mm-dd`.
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub description: String,
    /// Comma-separated.
    #[serde(default)]
    pub labels: String,
    /// The responsible person (0: unchanged).
    #[serde(default)]
    pub owner: i64,
}

/// The sum of `cards`' known commissions, in centavos.
pub fn commission_sum<'a>(cards: impl IntoIterator<Item = &'a Card>) -> i64 {
    cards.into_iter().filter_map(|c| c.commission).sum()
}

/// Whole days a card has been in its column on `today` (São Paulo).
pub fn days_in_column(entered: OffsetDateTime, today: Date) -> i64 {
    let entered = entered.to_offset(crate::format::SAO_PAULO).date();
    (today - entered).whole_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn days_in_column_count_sao_paulo_calendar_days() {
        // 02:30 UTC is still the day before in São Paulo.
        let entered = datetime!(2026-11-10 02:30 UTC);
        assert_eq!(days_in_column(entered, date!(2026 - 11 - 09)), 0);
        assert_eq!(days_in_column(entered, date!(2026 - 11 - 10)), 1);
        assert_eq!(days_in_column(entered, date!(2026 - 11 - 30)), 21);
    }

    #[test]
    fn a_column_sums_values_and_known_commissions_and_knows_when_it_is_over_its_limit() {
        let card = |id, value| Card {
            id,
            column_id: 1,
            rank: "V".into(),
            title: "x".into(),
            client_id: None,
            client_name: None,
            policy_id: None,
            owner_id: None,
            owner: None,
            value,
            commission: value.map(|v| v / 10),
            due_on: None,
            labels: Vec::new(),
            entered_column_at: datetime!(2026-11-10 12:00 UTC),
            days: 0,
            checklist_done: 0,
            checklist_total: 0,
            comments: 0,
        };
        let mut column = Column {
            id: 1,
            name: "Em cotação".into(),
            outcome: Outcome::Open,
            color: "#0b5394".into(),
            wip_limit: Some(2),
            sla_days: None,
            cards: vec![card(1, Some(100)), card(2, None)],
        };
        assert_eq!(column.value_sum(), 100);
        assert_eq!(column.commission_sum(), 10);
        assert!(!column.over_limit());
        column.cards.push(card(3, Some(50)));
        assert!(column.over_limit());
        assert_eq!(column.value_sum(), 150);
        assert_eq!(column.commission_sum(), 15, "only the commissions known");
    }
}
