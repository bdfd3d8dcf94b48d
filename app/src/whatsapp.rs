//! WhatsApp through Meta's Cloud API (`../shared/WHATSAPP.md`): the signed webhook's deliveries
//! are kept raw first, then read by a background job into contacts, conversations and messages —
//! every item of a batch, each once (UNIQUE wamid), statuses only ever moving forward.
//!
//! Still to come on top of this (issue 8): the Graph API client and its local fake, the outbox,
//! the inbox pages and their live stream.

#[cfg(feature = "ssr")]
pub mod ingest;
#[cfg(feature = "ssr")]
pub mod payload;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod signature;

/// The brokerage's WhatsApp number as the server knows it (more comes with the Graph client).
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct Channel {
    /// Meta's id of the number whose deliveries are read (`None`: deliveries for any number).
    pub phone_number_id: Option<String>,
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

/// How far a sent message got, as a number that only grows: sent (1) < delivered (2) < read (3)
/// < played (4, a voice note listened to); `failed` (99) ends it. `None` for a status Meta may add
/// later (it is kept aside, not applied).
pub fn status_rank(status: &str) -> Option<i64> {
    match status {
        "pending" => Some(0),
        "sent" => Some(1),
        "delivered" => Some(2),
        "read" => Some(3),
        "played" => Some(4),
        "failed" => Some(99),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::status_rank;

    #[test]
    fn statuses_rank_in_the_order_a_message_travels_and_failed_ends_it() {
        let ranks: Vec<_> = ["pending", "sent", "delivered", "read", "played", "failed"]
            .iter()
            .map(|s| status_rank(s).unwrap())
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
        assert_eq!(status_rank("deleted"), None);
    }
}
