//! WhatsApp through Meta's Cloud API (`../shared/WHATSAPP.md`): the signed webhook's deliveries
//! are kept raw first, then read by a background job into contacts, conversations and messages —
//! every item of a batch, each once (UNIQUE wamid), statuses only ever moving forward.
//!
//! Still to come on top of this (issue 8): the Graph API client and its local fake, the outbox,
//! the inbox pages and their live stream.

#[cfg(feature = "ssr")]
pub mod graph;
#[cfg(feature = "ssr")]
pub mod ingest;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod payload;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod signature;

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
