//! What a team does on a card besides moving it: its **checklist** (the steps of a deal or a
//! claim — tick them off as they are done) and its **comments** (the conversation about it).
//! Whoever sees a card may add and tick items and comment; a comment is deleted by its author,
//! a manager or an admin. Every change is audited on the card (its history and its client's
//! timeline show it) and announced on the live board, whose cards show "2/5" and the comment
//! count; the card's page follows the board's stream to show colleagues' changes as they come.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::CardWorkView;

/// Longest checklist item, in characters.
pub const MAX_ITEM: usize = 300;
/// Most items a card's checklist holds.
pub const MAX_ITEMS: i64 = 100;
/// Longest comment, in characters.
pub const MAX_COMMENT: usize = 4000;
/// How many comments a card's page shows (the newest).
pub const SHOWN_COMMENTS: i64 = 500;

/// A step of a card's checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub id: i64,
    pub text: String,
    /// When it was ticked, and by whom.
    pub done_at: Option<OffsetDateTime>,
    pub done_by: Option<String>,
}

/// A comment on a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    pub author: Option<String>,
    pub body: String,
    pub at: OffsetDateTime,
    /// Whether the viewer may delete it (its author, managers and admins).
    pub may_delete: bool,
}

/// A card's checklist and comments (oldest comment first), as its viewer may act on them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardWork {
    pub card: i64,
    pub checklist: Vec<ChecklistItem>,
    pub comments: Vec<Comment>,
}

impl CardWork {
    /// Items done, of how many.
    pub fn progress(&self) -> (usize, usize) {
        let done = self
            .checklist
            .iter()
            .filter(|i| i.done_at.is_some())
            .count();
        (done, self.checklist.len())
    }
}

/// A comment as the audit trail keeps it: its first 200 characters.
pub fn excerpt(body: &str) -> String {
    const KEEP: usize = 200;
    let mut chars = body.chars();
    let head: String = chars.by_ref().take(KEEP).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_the_ticked_items_of_all() {
        let item = |id, done: bool| ChecklistItem {
            id,
            text: format!("passo {id}"),
            done_at: done.then(OffsetDateTime::now_utc),
            done_by: None,
        };
        let work = CardWork {
            card: 1,
            checklist: vec![item(1, true), item(2, false), item(3, true)],
            comments: Vec::new(),
        };
        assert_eq!(work.progress(), (2, 3));
        assert_eq!(CardWork::default().progress(), (0, 0));
    }

    #[test]
    fn an_excerpt_keeps_two_hundred_characters_and_marks_the_cut() {
        assert_eq!(excerpt("curto"), "curto");
        let long = "ç".repeat(250);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), 201);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt(&"a".repeat(200)), "a".repeat(200));
    }
}
