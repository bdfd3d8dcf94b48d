//! Replies on Messenger and Instagram, sent by the WhatsApp outbox's job (same row, same
//! retries) through the Page the conversation is on — an Instagram account's replies go
//! through its linked Page — with that account's token. Within 24 hours of the customer's last
//! message a reply is a `RESPONSE`; after that, when the brokerage has Meta's Human Agent
//! feature (`META_HUMAN_AGENT`), a `HUMAN_AGENT`-tagged message up to 7 days. A token Meta
//! refuses (190) fails the message and marks the account `needs_reconnect`.

use super::{accounts, graph::Retry, repo as accounts_repo, Social};
use crate::{
    db::Db,
    whatsapp::{
        outbox::{SendError, Sent, WINDOW_MARGIN_SECONDS, WINDOW_SECONDS},
        repo,
    },
};

/// How long after the customer's last message a `HUMAN_AGENT` reply may go.
pub const HUMAN_AGENT_SECONDS: i64 = 7 * 24 * 3600;

/// The network of the accounts a channel's conversations are on.
pub fn network_of(channel: &str) -> &'static str {
    if channel == "instagram" {
        "instagram"
    } else {
        "facebook"
    }
}

/// Whether a reply may go now to a customer who last wrote at `last_inbound` (with the Human
/// Agent feature: up to 7 days).
pub fn window_open(last_inbound: Option<i64>, now: i64, human_agent: bool) -> bool {
    let span = if human_agent {
        HUMAN_AGENT_SECONDS
    } else {
        WINDOW_SECONDS
    };
    last_inbound.is_some_and(|at| now < at + span - WINDOW_MARGIN_SECONDS)
}

/// A message to send on Messenger or Instagram (read from the outbox's row).
pub struct Reply<'a> {
    pub id: i64,
    pub channel: &'a str,
    /// The Page or Instagram account id the conversation is on.
    pub account: &'a str,
    /// The person's PSID or IGSID.
    pub recipient: &'a str,
    pub text: &'a str,
    pub uuid: &'a str,
    pub last_inbound: Option<i64>,
}

/// Sends `reply` (attempt `attempt` of `last_attempt`).
pub async fn send(
    db: &Db,
    social: Option<&Social>,
    reply: &Reply<'_>,
    attempt: i64,
    last_attempt: i64,
    now: i64,
) -> Result<Sent, SendError> {
    let fail = |why: String| async move {
        repo::give_up(
            db,
            reply.id,
            "failed",
            Some((None, Some(why.as_str()))),
            now,
        )
        .await?;
        Ok::<_, SendError>(Sent::Failed(None, Some(why)))
    };
    let Some(social) = social else {
        return fail("Instagram and Facebook are not configured on this server".into()).await;
    };
    let network = network_of(reply.channel);
    let Some(account) = accounts_repo::account_by_external(db, network, reply.account).await?
    else {
        return fail("the account this conversation is on was disconnected".into()).await;
    };
    let token = match accounts::token(db, social, &account).await {
        Ok(token) => token,
        Err(accounts::TokenError::Database(err)) => return Err(err.into()),
        Err(err) => return fail(err.to_string()).await,
    };
    let via = match network {
        "instagram" => account.page_id.as_deref().unwrap_or(reply.account),
        _ => reply.account,
    };
    // Past the standard 24 hours only a Human Agent reply may go (the queue checked the rest).
    let tagged = !crate::whatsapp::outbox::window_open(reply.last_inbound, now);
    let metadata = format!("{}{}", super::ingest::METADATA_PREFIX, reply.uuid);
    match social
        .graph
        .send_text(&token, via, reply.recipient, reply.text, tagged, &metadata)
        .await
    {
        Ok(sent) => {
            let mut tx = db.begin().await?;
            repo::drop_echo(&mut tx, reply.id, &sent.mid).await?;
            repo::accepted(&mut tx, reply.id, &sent.mid, None, now).await?;
            crate::whatsapp::ingest::apply_parked(&mut tx, &sent.mid, now).await?;
            tx.commit().await?;
            Ok(Sent::Accepted(sent.mid))
        }
        Err(err) => {
            tracing::warn!(message = reply.id, attempt, error = %err, "a Messenger/Instagram send failed");
            if super::graph::token_refused(&err) {
                let why = err.explanation().unwrap_or_else(|| err.to_string());
                accounts::refused(db, account.id, &why, now).await?;
            }
            match err.retry() {
                Retry::Later if attempt < last_attempt => Err(SendError::Later(err)),
                Retry::Unsure => {
                    repo::give_up(db, reply.id, "unknown", None, now).await?;
                    Ok(Sent::Unknown)
                }
                _ => {
                    let why = err.explanation();
                    repo::give_up(
                        db,
                        reply.id,
                        "failed",
                        Some((err.code(), why.as_deref())),
                        now,
                    )
                    .await?;
                    Ok(Sent::Failed(err.code(), why))
                }
            }
        }
    }
}

/// Tells the person of conversation `id` their messages were seen (errors are logged: a
/// missing "seen" is not worth a retry storm, but Meta asking to slow down is retried).
pub async fn mark_seen(db: &Db, social: Option<&Social>, id: i64) -> Result<(), SendError> {
    let (Some(social), Some((channel, account, recipient))) =
        (social, repo::conversation_target(db, id).await?)
    else {
        return Ok(());
    };
    let network = network_of(&channel);
    let Some(account) = accounts_repo::account_by_external(db, network, &account).await? else {
        return Ok(());
    };
    let Ok(token) = accounts::token(db, social, &account).await else {
        return Ok(());
    };
    let via = match network {
        "instagram" => account.page_id.as_deref().unwrap_or(&account.external_id),
        _ => &account.external_id,
    };
    match social.graph.mark_seen(&token, via, &recipient).await {
        Ok(()) => Ok(()),
        Err(err) if err.retry() == Retry::Later => Err(SendError::Later(err)),
        Err(err) => {
            tracing::warn!(conversation = id, error = %err, "a Messenger/Instagram seen was refused");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_go_for_24_hours_or_7_days_with_the_human_agent_feature() {
        let wrote = 1_000_000;
        let day = 86_400;
        assert!(window_open(Some(wrote), wrote + day - 121, false));
        assert!(!window_open(Some(wrote), wrote + day, false));
        assert!(window_open(Some(wrote), wrote + 6 * day, true));
        assert!(!window_open(Some(wrote), wrote + 7 * day, true));
        assert!(!window_open(None, wrote, true));
    }
}
