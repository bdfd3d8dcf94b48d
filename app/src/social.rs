//! Instagram and Facebook (`../shared/SOCIAL.md`): the brokerage's connected accounts (tokens
//! encrypted at rest, checked daily), and their direct messages — Messenger (`object: page`)
//! and Instagram Direct (`object: instagram`) — read from the same signed Meta webhook as
//! WhatsApp into the same inbox, answered through the same outbox.

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod api;
#[cfg(feature = "ssr")]
pub mod graph;
#[cfg(feature = "ssr")]
pub mod ingest;
#[cfg(feature = "ssr")]
pub mod outbox;
mod page;
#[cfg(feature = "ssr")]
pub mod payload;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod vault;

pub use page::SocialAccountsPage;

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
