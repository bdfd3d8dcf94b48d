//! WhatsApp through Meta's Cloud API (`../shared/WHATSAPP.md`): the signed webhook's deliveries
//! are kept raw first, then read by a background job into contacts, conversations and messages —
//! every item of a batch, each once (UNIQUE wamid), statuses only ever moving forward.

pub mod api;
pub mod attach;
#[cfg(feature = "ssr")]
pub mod desk;
#[cfg(feature = "ssr")]
pub mod graph;
#[cfg(feature = "ssr")]
pub mod ingest;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod outbox;
mod page;
#[cfg(feature = "ssr")]
pub mod payload;
#[cfg(feature = "ssr")]
pub mod privacy;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod signature;
mod stream;
#[cfg(feature = "ssr")]
pub mod templates;

pub use page::InboxPage;

use serde::{Deserialize, Serialize};

/// A conversation as the inbox lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRow {
    pub id: i64,
    /// The client's name, else the WhatsApp profile name, else the number.
    pub name: String,
    /// The number as people read it: `(31) 98888-7777`.
    pub phone: String,
    pub preview: Option<String>,
    /// The last message's type (a bubble without text is previewed by it).
    pub kind: Option<String>,
    /// Unix seconds.
    pub last_at: Option<i64>,
    pub unread: i64,
    pub client_id: Option<i64>,
    /// Who answers it.
    pub assigned: Option<String>,
    pub assigned_id: Option<i64>,
    /// Closed by staff (a new message from the customer opens it again).
    pub closed: bool,
    /// When the customer last wrote (Unix seconds): the 24-hour window runs from it.
    pub last_inbound_at: Option<i64>,
    /// The Kanban card opened from it.
    pub card_id: Option<i64>,
    /// `whatsapp`, `messenger` or `instagram`.
    pub channel: String,
}

/// The inbox channel of a contact's identity (`messenger:<PSID>`, `instagram:<IGSID>`, else a
/// WhatsApp number or username).
pub fn channel_of_identity(identity: &str) -> &'static str {
    match identity.split_once(':') {
        Some(("messenger", _)) => "messenger",
        Some(("instagram", _)) => "instagram",
        _ => "whatsapp",
    }
}

/// One message as the chat shows it (an internal note is one too, of kind `note`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bubble {
    pub id: i64,
    pub outgoing: bool,
    pub kind: String,
    pub body: Option<String>,
    /// received; pending, unknown, accepted, sent, delivered, read, played, failed.
    pub status: String,
    /// Unix seconds (the customer's send time, or the click).
    pub at: i64,
    /// Meta's reason, when it failed.
    pub error: Option<String>,
    /// The customer's reaction to it.
    pub reaction: Option<String>,
    /// The staff member who wrote it.
    pub author: Option<String>,
    pub filename: Option<String>,
    /// For a message with a file: `pending` (being fetched from Meta), `stored` (served at
    /// `/whatsapp/midia/{id}`) or `failed`.
    pub media: Option<String>,
    pub media_mime: Option<String>,
}

/// A conversation opened in the chat pane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chat {
    pub conversation: ConversationRow,
    /// Whether free text may be sent now.
    pub window_open: bool,
    pub bubbles: Vec<Bubble>,
    /// The approved templates, offered when the window is closed (empty while it is open).
    pub templates: Vec<TemplateChoice>,
    /// Whom the reader may hand the conversation to (id, name): themselves for staff, their
    /// teams for managers, everyone for admins.
    pub assignable: Vec<(i64, String)>,
    /// The clients a search for whom to link the contact to found (`?cliente=`), at most 8.
    pub candidates: Vec<crate::clients::ClientSummary>,
    /// What was searched for.
    pub search: Option<String>,
}

/// An approved message template as the composer offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateChoice {
    pub id: i64,
    pub name: String,
    pub language: String,
    pub category: Option<String>,
    pub header: Option<String>,
    pub body: String,
    pub footer: Option<String>,
    pub params: Vec<TemplateParam>,
    /// Whether the CRM can send it (a media header or a link button with a parameter cannot yet).
    pub supported: bool,
}

/// One parameter a template asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateParam {
    /// The form field (`body_1`, `header_1`, `body_nome_cliente`).
    pub field: String,
    /// As the template text writes it (`{{1}}`).
    pub placeholder: String,
    /// Meta's example value.
    pub example: Option<String>,
    /// Longest value Meta takes.
    pub max: usize,
}

/// The inbox: the conversations its reader may see, and the live stream's position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub conversations: Vec<ConversationRow>,
    /// The filter it was read with (`abertas`, `minhas`, `sem-responsavel`, `encerradas`).
    pub filter: String,
    pub live: String,
}

/// The brokerage's WhatsApp number as the server knows it.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct Channel {
    /// Meta's id of the number whose deliveries are read (`None`: deliveries for any number).
    pub phone_number_id: Option<String>,
    /// The Graph API client (`None` when no token or number is configured: nothing is sent).
    pub graph: Option<graph::Graph>,
}

/// Where a message went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// From the customer.
    In,
    /// From the brokerage.
    Out,
}

/// How far a sent message got, as a number that only grows: waiting in the outbox (`pending`) or
/// sent without an answer (`unknown`, after a timeout) 0 < accepted by Meta (1) < sent (2) <
/// delivered (3) < read (4) < played (5, a voice note listened to); `failed` (99) ends it. `None`
/// for a status Meta may add later (it is kept aside, not applied).
pub fn status_rank(status: &str) -> Option<i64> {
    match status {
        "pending" | "unknown" => Some(0),
        "accepted" => Some(1),
        "sent" => Some(2),
        "delivered" => Some(3),
        "read" => Some(4),
        "played" => Some(5),
        "failed" => Some(99),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::status_rank;

    #[test]
    fn statuses_rank_in_the_order_a_message_travels_and_failed_ends_it() {
        let ranks: Vec<_> = [
            "pending",
            "accepted",
            "sent",
            "delivered",
            "read",
            "played",
            "failed",
        ]
        .iter()
        .map(|s| status_rank(s).unwrap())
        .collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
        assert_eq!(status_rank("deleted"), None);
    }
}
