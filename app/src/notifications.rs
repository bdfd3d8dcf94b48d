//! In-app notifications: what the system tells a staff member (a policy of theirs entering a
//! renewal window …), shown by a bell in the top bar with the unread count and listed at
//! `/notificacoes`. Each one is stored as a kind and its data, and written in the reader's
//! language when shown.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod repo;

pub use page::{NotificationBell, NotificationsPage};

/// A policy entered a renewal window (payload: policy, client, number, insurer, days, ends_on).
pub const RENEWAL_DUE: &str = "renewal_due";

/// One notification as its reader sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub link: String,
    pub read: bool,
    pub created_at: OffsetDateTime,
}

/// The caller's latest notifications and how many are unread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub items: Vec<Notification>,
    pub unread: i64,
}
