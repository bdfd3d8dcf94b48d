//! Instagram and Facebook (`../shared/SOCIAL.md`): the brokerage's connected accounts (tokens
//! encrypted at rest, checked daily), and their direct messages — Messenger (`object: page`)
//! and Instagram Direct (`object: instagram`) — read from the same signed Meta webhook as
//! WhatsApp into the same inbox, answered through the same outbox — and the publishing calendar:
//! posts composed here, approved by a manager when the brokerage asks for it, published by the
//! scheduler ([`publish`]) at their time.

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod api;
pub mod calendar;
mod compose;
#[cfg(feature = "ssr")]
pub mod graph;
#[cfg(feature = "ssr")]
pub mod ingest;
#[cfg(feature = "ssr")]
pub mod outbox;
mod page;
#[cfg(feature = "ssr")]
pub mod payload;
mod post_page;
#[cfg(feature = "ssr")]
pub mod posts;
pub mod posts_api;
#[cfg(feature = "ssr")]
pub mod publish;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod vault;

pub use calendar::SocialCalendarPage;
pub use compose::ComposePostPage;
pub use page::SocialAccountsPage;
pub use post_page::PostPage;

use serde::{Deserialize, Serialize};

/// A connected Facebook Page or Instagram professional account, as admins see it (never its
/// token: only the token's last four characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    /// `facebook` or `instagram`.
    pub network: String,
    /// The Page id or the Instagram account id.
    pub external_id: String,
    pub name: String,
    /// For Instagram: the Facebook Page it is linked to.
    pub page_id: Option<String>,
    pub token_hint: String,
    /// Unix seconds (none: the token does not expire).
    pub expires_at: Option<i64>,
    /// `ok`, `expiring` or `needs_reconnect`.
    pub status: String,
    /// Meta's reason, when the last check failed.
    pub last_error: Option<String>,
    /// When the token was last checked (Unix seconds).
    pub checked_at: Option<i64>,
}

/// The networks an account can be on.
pub const NETWORKS: [&str; 2] = ["facebook", "instagram"];

/// The inbox channel of an account's direct messages.
pub fn channel_of(network: &str) -> &'static str {
    match network {
        "instagram" => "instagram",
        _ => "messenger",
    }
}

/// Accounts whose token expires within this many days are flagged `expiring`.
pub const WARN_DAYS_BEFORE_EXPIRY: i64 = 7;

/// The server's side of the social networks: the key tokens are sealed with (`None` when
/// `SOCIAL_TOKEN_KEY` is not configured: accounts cannot be connected) and the Graph client.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct Social {
    pub key: Option<vault::TokenKey>,
    pub graph: graph::SocialGraph,
    /// Replies to Messenger and Instagram may go out up to 7 days after the customer wrote
    /// (Meta's `HUMAN_AGENT` tag; the app must have that feature approved).
    pub human_agent: bool,
}

/// A post's place on the calendar and in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostSummary {
    pub id: i64,
    pub caption: String,
    /// `draft`, `pending`, `scheduled`, `published` or `failed`.
    pub status: String,
    /// When it goes (or went) out, Unix seconds; none for a draft without a time.
    pub publish_at: Option<i64>,
    /// The networks it goes to (`facebook`, `instagram`), in order.
    pub networks: Vec<String>,
    /// Where it can be seen, once live: (network, permalink).
    pub permalinks: Vec<(String, String)>,
    pub pictures: i64,
}

/// One account a post goes to, and how far it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostTarget {
    pub network: String,
    pub account_name: String,
    /// `scheduled`, `creating`, `processing`, `publishing`, `published` or `failed`.
    pub state: String,
    pub permalink: Option<String>,
    /// Meta's reason for a failure (or why it waits).
    pub last_error: Option<String>,
    pub published_at: Option<i64>,
}

/// A post with everything its page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub summary: PostSummary,
    pub alt_text: Option<String>,
    pub targets: Vec<PostTarget>,
    pub created_by: Option<String>,
    pub approved_by: Option<String>,
    /// Whether the caller may approve it (a manager, while it is pending).
    pub can_approve: bool,
    /// Whether it can still be changed: sent now, or deleted (nothing has gone to Meta yet).
    pub can_change: bool,
}

/// An account a post can go to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostAccount {
    pub id: i64,
    pub network: String,
    pub name: String,
}

/// What the composer needs: the accounts, and whether the caller's posts wait for approval.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeOptions {
    pub accounts: Vec<PostAccount>,
    pub needs_approval: bool,
    /// Now (Unix seconds), for the default time.
    pub now: i64,
}

/// The calendar (or list) of posts between two days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostCalendar {
    pub posts: Vec<PostSummary>,
    /// Drafts with no time (shown beside the calendar).
    pub undated: Vec<PostSummary>,
    /// Now (Unix seconds), to mark today.
    pub now: i64,
    /// Whether the brokerage's managers approve posts first.
    pub approval: bool,
    /// The day shown (`AAAA-MM-DD`, São Paulo): the one asked for, or today.
    pub anchor: String,
}

/// Longest Instagram caption.
pub const MAX_CAPTION_CHARS: usize = 2200;
/// Most hashtags Instagram takes in a caption.
pub const MAX_HASHTAGS: usize = 30;

/// How many hashtags `caption` has: words starting with `#` and a letter or digit (the
/// composer counts as the server checks).
pub fn hashtags(caption: &str) -> usize {
    caption
        .split(char::is_whitespace)
        .filter(|w| w.starts_with('#') && w.chars().nth(1).is_some_and(char::is_alphanumeric))
        .count()
}
