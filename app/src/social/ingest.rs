//! Messenger and Instagram direct messages into the inbox: a stored delivery of `object` `page`
//! or `instagram` is read here (by the same webhook job as WhatsApp's), each event in its own
//! transaction, about connected accounts only. A person is a contact keyed `<channel>:<id>`;
//! their conversation is on the Page or Instagram account; messages are UNIQUE by `mid`, so a
//! repeated delivery changes nothing. Echoes of what the CRM sent are recognised (Messenger
//! echoes our metadata; an Instagram echo that arrives first is replaced when the send learns
//! its id); echoes of what staff sent from Meta's own apps are kept as the brokerage's messages.

use super::payload::{self, Event, What};
use crate::{
    db::Db,
    whatsapp::{
        ingest::Processed,
        repo::{self, NewMessage, Tick},
        status_rank,
    },
};

/// The job kind that reads a new Messenger/Instagram person's name (payload `{"contact": id}`).
pub const PROFILE_JOB: &str = "social.profile";

/// Reads contact `contact`'s name from Meta with their account's token; answers the
/// conversations to announce. A refusal (no profile permission, a person who blocked the Page)
/// leaves them named by their channel — nothing to retry — while Meta being unreachable or
/// busy is retried by the job.
pub async fn fetch_profile(
    db: &Db,
    social: &super::Social,
    contact: i64,
    now: i64,
) -> Result<Vec<i64>, ProfileError> {
    let Some((channel, user, account)) = repo::contact_target(db, contact).await? else {
        return Ok(vec![]);
    };
    let network = super::outbox::network_of(&channel);
    let Some(account) = super::repo::account_by_external(db, network, &account).await? else {
        return Ok(vec![]);
    };
    let token = match super::accounts::token(db, social, &account).await {
        Ok(token) => token,
        Err(super::accounts::TokenError::Database(err)) => return Err(err.into()),
        Err(_) => return Ok(vec![]),
    };
    match social.graph.profile(&token, &channel, &user).await {
        Ok(name) => Ok(repo::set_profile_name(db, contact, &name, now).await?),
        Err(err) if err.retry() == super::graph::Retry::Later => Err(ProfileError::Later(err)),
        Err(err) => {
            tracing::info!(contact, error = %err, "a Messenger/Instagram profile was not shared");
            Ok(vec![])
        }
    }
}

/// Why a profile read must run again.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("the Graph API asked to try later: {0}")]
    Later(super::graph::GraphError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What a message the CRM sends carries as `metadata`, so its echo is known as ours.
pub const METADATA_PREFIX: &str = "crm:";

/// Reads stored delivery `event` (its bytes `body`).
pub async fn process(db: &Db, event: i64, body: &[u8], now: i64) -> Result<Processed, sqlx::Error> {
    let parsed = payload::parse(body);
    let accounts = super::repo::accounts(db).await?;
    let mut done = Processed {
        failed: parsed.skipped,
        ..Processed::default()
    };
    let mut last_error = None;
    for e in &parsed.events {
        let ours = accounts
            .iter()
            .any(|a| super::channel_of(&a.network) == e.channel && a.external_id == e.account);
        if !ours {
            done.ignored += 1;
            continue;
        }
        if let Err(err) = store(db, e, now, &mut done).await {
            tracing::error!(event, error = %err, "could not store a Messenger/Instagram event");
            done.failed += 1;
            last_error = Some(err);
        }
    }
    let items = parsed.events.len() + parsed.skipped;
    crate::whatsapp::ingest::settle(db, event, items, done, last_error, now).await
}

/// The contact key of person `user` on `channel`.
pub fn identity(channel: &str, user: &str) -> String {
    format!("{channel}:{user}")
}

async fn store(db: &Db, e: &Event, now: i64, done: &mut Processed) -> Result<(), sqlx::Error> {
    let at = if e.at > 0 { e.at } else { now };
    let key = identity(e.channel, &e.user);
    let mut tx = db.begin().await?;
    match &e.what {
        What::Message {
            mid,
            echo,
            metadata,
            kind,
            text,
            attachments: _,
            reply_to,
            raw,
        } => {
            if *echo
                && metadata
                    .as_deref()
                    .is_some_and(|m| m.starts_with(METADATA_PREFIX))
            {
                // Sent by this CRM: the send stored it already.
                done.duplicates += 1;
                return Ok(());
            }
            let (contact, _) =
                repo::contact(&mut tx, e.channel, &key, &e.user, None, &[], now).await?;
            let conversation =
                repo::conversation(&mut tx, e.channel, contact, &e.account, now).await?;
            // A file shows as its type; Meta's short-lived address stays in `raw`.
            let body = text.clone();
            let raw = raw.to_string();
            let message = NewMessage {
                conversation,
                wamid: Some(mid),
                direction: if *echo { "out" } else { "in" },
                kind,
                body: body.as_deref(),
                context_wamid: reply_to.as_deref(),
                status: if *echo { "sent" } else { "received" },
                sent_on: at,
                raw: Some(&raw),
                ..NewMessage::default()
            };
            let Some(id) = repo::insert_message(&mut tx, &message, now).await? else {
                done.duplicates += 1;
                return Ok(());
            };
            if repo::unnamed_since(&mut tx, contact, now).await? {
                let payload = serde_json::json!({ "contact": contact });
                crate::jobs::enqueue(&mut tx, PROFILE_JOB, &payload, None, now).await?;
            }
            let preview: Option<String> = text.as_ref().map(|b| b.chars().take(200).collect());
            if *echo {
                repo::outbound_written(&mut tx, conversation, preview.as_deref(), kind, at).await?;
            } else {
                repo::inbound_arrived(
                    &mut tx,
                    conversation,
                    at,
                    preview.as_deref(),
                    kind,
                    true,
                    now,
                )
                .await?;
            }
            tx.commit().await?;
            done.messages.push((id, conversation));
        }
        What::Reaction { mid, emoji } => {
            repo::set_reaction(&mut tx, mid, emoji.as_deref(), now).await?;
            let conversation = repo::find_conversation(&mut tx, &key, &e.account).await?;
            tx.commit().await?;
            if let Some(c) = conversation {
                done.ticks.push((mid.clone(), c));
            }
        }
        What::Read { watermark, mid } => {
            let until = match (watermark, mid) {
                (Some(w), _) => Some(*w),
                (None, Some(mid)) => repo::sent_on(&mut tx, mid).await?,
                (None, None) => None,
            };
            let conversation = repo::find_conversation(&mut tx, &key, &e.account).await?;
            if let (Some(c), Some(until)) = (conversation, until) {
                if repo::tick_up_to(&mut tx, c, until, "read", at, now).await? > 0 {
                    done.ticks.push((String::new(), c));
                }
            } else {
                done.parked += 1;
            }
            tx.commit().await?;
        }
        What::Delivered { mids, watermark } => {
            let conversation = repo::find_conversation(&mut tx, &key, &e.account).await?;
            for mid in mids {
                let tick = Tick {
                    wamid: mid,
                    status: "delivered",
                    rank: status_rank("delivered").unwrap_or(3),
                    at,
                    error: None,
                };
                if let Some(c) = repo::apply_tick(&mut tx, &tick, now).await? {
                    done.ticks.push((mid.clone(), c));
                }
            }
            if let (Some(c), Some(until)) = (conversation, watermark) {
                if repo::tick_up_to(&mut tx, c, *until, "delivered", at, now).await? > 0 {
                    done.ticks.push((String::new(), c));
                }
            }
            tx.commit().await?;
        }
    }
    Ok(())
}
