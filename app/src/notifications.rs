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

/// A broker's social media post waits for approval (payload: post, author, caption).
pub const SOCIAL_POST_PENDING: &str = "social_post_pending";

/// A post could not go out on an account (payload: post, network, caption, why).
pub const SOCIAL_POST_FAILED: &str = "social_post_failed";

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
