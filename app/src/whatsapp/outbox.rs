//! Outgoing messages, never lost and never sent twice for one click: the message row and its
//! [`SEND_JOB`] are written in one transaction; the job worker sends it through the Graph API
//! with our id in `biz_opaque_callback_data`. Service trouble and rate limits are retried with
//! the jobs' exponential backoff (and the message fails, with the reason, after the last
//! attempt); errors that trying again cannot fix (the 24-hour window, a bad number…) fail it at
//! once with Meta's reason. A timeout leaves it `unknown` — Meta may have sent it, and the status
//! webhook that echoes our id settles it — rather than risking a second copy.

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{
    graph::{Graph, GraphError, Outgoing, Retry},
    ingest, repo,
};
use crate::{db::Db, error::AppError, jobs};

/// The job kind that sends one message (payload `{"message": id}`).
pub const SEND_JOB: &str = "whatsapp.send";

/// Free-form messages may be sent this long after the customer last wrote.
pub const WINDOW_SECONDS: i64 = 24 * 3600;
/// The window is treated as closed this much before it really closes (webhooks can be late).
pub const WINDOW_MARGIN_SECONDS: i64 = 120;

/// Longest text WhatsApp takes.
pub const MAX_TEXT_CHARS: usize = 4096;

/// Whether free text may be sent now to a customer who last wrote at `last_inbound`.
pub fn window_open(last_inbound: Option<i64>, now: i64) -> bool {
    last_inbound.is_some_and(|at| now < at + WINDOW_SECONDS - WINDOW_MARGIN_SECONDS)
}

/// A message someone asks to send.
#[derive(Clone, Debug, PartialEq)]
pub enum Draft {
    Text {
        body: String,
        context: Option<String>,
    },
    /// An approved template, with the text it reads as (for the chat) and its components.
    Template {
        name: String,
        language: String,
        components: Value,
        preview: String,
    },
    /// A file (checked by [`super::attach::classify`]) with an optional caption.
    File {
        attachment: super::attach::Attachment,
        bytes: Vec<u8>,
        caption: Option<String>,
    },
}

/// Queues `draft` from `author` in `conversation`; answers the message's id. Free text (or a
/// file) outside the 24-hour window is refused (`wa_window_closed`) before anything is stored; a
/// file is kept with its message, in the same transaction. On Messenger and Instagram only text
/// goes (`wa_channel_text_only`), within 24 hours or, with the Human Agent feature
/// (`human_agent`), 7 days.
pub async fn queue(
    db: &Db,
    conversation: i64,
    author: i64,
    draft: &Draft,
    now: OffsetDateTime,
    human_agent: bool,
) -> Result<i64, AppError> {
    let at = now.unix_timestamp();
    let (channel, last_inbound) = repo::last_inbound(db, conversation)
        .await?
        .ok_or(AppError::NotFound)?;
    let social = channel != "whatsapp";
    let open_at = |last: Option<i64>, at: i64| {
        if social {
            crate::social::outbox::window_open(last, at, human_agent)
        } else {
            window_open(last, at)
        }
    };
    match draft {
        Draft::Template { .. } if social => {
            return Err(AppError::invalid("template", "wa_channel_text_only"))
        }
        Draft::File { .. } if social => {
            return Err(AppError::invalid("file", "wa_channel_text_only"))
        }
        _ => {}
    }
    let (kind, body, context, raw) = match draft {
        Draft::Text { body, context } => {
            let body = body.trim();
            if body.is_empty() {
                return Err(AppError::invalid("body", "value_required"));
            }
            if body.chars().count() > MAX_TEXT_CHARS {
                return Err(AppError::invalid("body", "wa_text_too_long"));
            }
            if !open_at(last_inbound, at) {
                let key = if social {
                    "wa_social_window_closed"
                } else {
                    "wa_window_closed"
                };
                return Err(AppError::invalid("body", key));
            }
            ("text", body.to_owned(), context.clone(), None)
        }
        Draft::Template {
            name,
            language,
            components,
            preview,
        } => {
            let raw = json!({"name": name, "language": language, "components": components});
            ("template", preview.clone(), None, Some(raw.to_string()))
        }
        Draft::File {
            attachment,
            caption,
            ..
        } => {
            let caption = caption.as_deref().map(str::trim).unwrap_or_default();
            if caption.chars().count() > super::attach::MAX_CAPTION_CHARS {
                return Err(AppError::invalid("caption", "wa_caption_too_long"));
            }
            if !open_at(last_inbound, at) {
                return Err(AppError::invalid("file", "wa_window_closed"));
            }
            (attachment.kind, caption.to_owned(), None, None)
        }
    };
    let file = match draft {
        Draft::File {
            attachment, bytes, ..
        } => Some((attachment, bytes)),
        _ => None,
    };
    // A file's caption is its text; audio goes without (WhatsApp shows none).
    let body = Some(body).filter(|b| !b.is_empty() && kind != "audio");
    let uuid = uuid::Uuid::new_v4().to_string();
    let mut tx = db.begin().await?;
    let message = repo::NewMessage {
        conversation,
        client_uuid: Some(&uuid),
        direction: "out",
        kind,
        body: body.as_deref(),
        media_mime: file.map(|(a, _)| a.mime),
        media_filename: file.map(|(a, _)| a.file_name.as_str()),
        context_wamid: context.as_deref(),
        status: "pending",
        author: Some(author),
        sent_on: at,
        raw: raw.as_deref(),
        ..repo::NewMessage::default()
    };
    let id = repo::insert_message(&mut tx, &message, at)
        .await?
        .ok_or(AppError::Conflict)?;
    if let Some((attachment, bytes)) = file {
        repo::keep_media(&mut tx, id, Ok((bytes, Some(attachment.mime))), at).await?;
    }
    let preview = body.map(|b| b.chars().take(200).collect::<String>());
    repo::outbound_written(&mut tx, conversation, preview.as_deref(), kind, at).await?;
    jobs::enqueue(
        &mut tx,
        SEND_JOB,
        &json!({ "message": id }),
        Some(author),
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// How sending one message ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    /// Meta accepted it with this wamid.
    Accepted(String),
    /// Not sent: it had been sent (or settled) already.
    AlreadyDone,
    /// It failed for good with this reason (Meta's code, explanation).
    Failed(Option<i64>, Option<String>),
    /// No answer in time: left `unknown` for the status webhook to settle.
    Unknown,
}

/// Why a send must be tried again later.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the Graph API asked to try later: {0}")]
    Later(GraphError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Sends message `id` (attempt number `attempt` of `last_attempt`): on WhatsApp through
/// `graph`, on Messenger and Instagram through `social`.
pub async fn send(
    db: &Db,
    graph: Option<&Graph>,
    social: Option<&crate::social::Social>,
    id: i64,
    attempt: i64,
    last_attempt: i64,
    now: i64,
) -> Result<Sent, SendError> {
    let Some((status, wamid, kind, body, raw, uuid, context, wa_id, channel, account, last_in)) =
        repo::outgoing(db, id).await?
    else {
        return Ok(Sent::AlreadyDone);
    };
    if status != "pending" || wamid.is_some() {
        return Ok(Sent::AlreadyDone);
    }
    if channel != "whatsapp" {
        let uuid = uuid.unwrap_or_else(|| id.to_string());
        let reply = crate::social::outbox::Reply {
            id,
            channel: &channel,
            account: &account,
            recipient: &wa_id,
            text: body.as_deref().unwrap_or_default(),
            uuid: &uuid,
            last_inbound: last_in,
        };
        return crate::social::outbox::send(db, social, &reply, attempt, last_attempt, now).await;
    }
    let Some(graph) = graph else {
        return fail(
            db,
            id,
            None,
            Some("WhatsApp is not configured on this server".into()),
            now,
        )
        .await;
    };
    let message = match (
        kind.as_str(),
        raw.and_then(|r| serde_json::from_str::<Value>(&r).ok()),
    ) {
        ("template", Some(t)) => Outgoing::Template {
            name: t["name"].as_str().unwrap_or_default().to_owned(),
            language: t["language"].as_str().unwrap_or("pt_BR").to_owned(),
            components: t["components"].clone(),
        },
        ("image" | "document" | "audio" | "video", _) => {
            match uploaded(db, graph, id, &kind, body).await? {
                Ok(media) => media,
                Err(err) => {
                    tracing::warn!(message = id, attempt, error = %err, "a WhatsApp upload failed");
                    // Nothing was sent yet: a timeout is as safe to try again as a 5xx.
                    return match err.retry() {
                        Retry::Later | Retry::Unsure if attempt < last_attempt => {
                            Err(SendError::Later(err))
                        }
                        _ => fail(db, id, err.code(), err.explanation(), now).await,
                    };
                }
            }
        }
        _ => Outgoing::Text {
            body: body.unwrap_or_default(),
        },
    };
    let opaque = uuid.unwrap_or_else(|| id.to_string());
    match graph
        .send(&wa_id, &message, context.as_deref(), &opaque)
        .await
    {
        Ok(accepted) => {
            let mut tx = db.begin().await?;
            repo::accepted(&mut tx, id, &accepted.wamid, accepted.wa_id.as_deref(), now).await?;
            ingest::apply_parked(&mut tx, &accepted.wamid, now).await?;
            tx.commit().await?;
            Ok(Sent::Accepted(accepted.wamid))
        }
        Err(err) => {
            tracing::warn!(message = id, attempt, error = %err, "a WhatsApp send failed");
            match err.retry() {
                Retry::Later if attempt < last_attempt => Err(SendError::Later(err)),
                Retry::Unsure => {
                    repo::give_up(db, id, "unknown", None, now).await?;
                    Ok(Sent::Unknown)
                }
                _ => fail(db, id, err.code(), err.explanation(), now).await,
            }
        }
    }
}

/// Message `id`'s file as WhatsApp sends it: uploaded first (once — the media id is kept, so a
/// retry after a failed send does not upload it again).
async fn uploaded(
    db: &Db,
    graph: &Graph,
    id: i64,
    kind: &str,
    caption: Option<String>,
) -> Result<Result<Outgoing, GraphError>, sqlx::Error> {
    let Some((media_id, filename)) = repo::outgoing_media(db, id).await? else {
        return Ok(Err(GraphError::Unexpected(
            "the file to send is gone".into(),
        )));
    };
    let media_id = match media_id {
        Some(media_id) => media_id,
        None => {
            let Some((bytes, mime)) = repo::kept_media(db, id).await? else {
                return Ok(Err(GraphError::Unexpected(
                    "the file to send is gone".into(),
                )));
            };
            let name = filename.clone().unwrap_or_else(|| "arquivo".into());
            match graph.upload(bytes, &mime, &name).await {
                Ok(media_id) => {
                    repo::uploaded(db, id, &media_id).await?;
                    media_id
                }
                Err(err) => return Ok(Err(err)),
            }
        }
    };
    Ok(Ok(Outgoing::Media {
        kind: kind.to_owned(),
        id: media_id,
        caption,
        filename,
    }))
}

async fn fail(
    db: &Db,
    id: i64,
    code: Option<i64>,
    why: Option<String>,
    now: i64,
) -> Result<Sent, SendError> {
    repo::give_up(db, id, "failed", Some((code, why.as_deref())), now).await?;
    Ok(Sent::Failed(code, why))
}

/// The job kind that tells WhatsApp a conversation was read (payload `{"conversation": id}`).
pub const READ_JOB: &str = "whatsapp.read";

/// Queues the read receipt of conversation `id` (a staff member `by` opened it).
pub async fn queue_read(db: &Db, id: i64, by: i64, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    jobs::enqueue(
        &mut tx,
        READ_JOB,
        &json!({ "conversation": id }),
        Some(by),
        now,
    )
    .await?;
    tx.commit().await
}

/// Marks the customer's last message of conversation `id` read at Meta (the customer's blue
/// ticks: a person saw it), which marks the earlier ones read too. Errors trying again cannot fix
/// are logged and dropped: a missing blue tick is not worth a retry storm.
pub async fn send_read(
    db: &Db,
    graph: Option<&Graph>,
    social: Option<&crate::social::Social>,
    id: i64,
) -> Result<(), SendError> {
    if repo::last_inbound(db, id)
        .await?
        .is_some_and(|(channel, _)| channel != "whatsapp")
    {
        return crate::social::outbox::mark_seen(db, social, id).await;
    }
    let (Some(graph), Some(wamid)) = (graph, repo::last_inbound_wamid(db, id).await?) else {
        return Ok(());
    };
    match graph.mark_read(&wamid).await {
        Ok(()) => Ok(()),
        Err(err) if err.retry() == Retry::Later => Err(SendError::Later(err)),
        Err(err) => {
            tracing::warn!(conversation = id, error = %err, "a WhatsApp read receipt was refused");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_closes_two_minutes_before_twenty_four_hours_have_passed() {
        let wrote = 1_000_000;
        assert!(window_open(Some(wrote), wrote + 60));
        assert!(window_open(
            Some(wrote),
            wrote + WINDOW_SECONDS - WINDOW_MARGIN_SECONDS - 1
        ));
        assert!(!window_open(
            Some(wrote),
            wrote + WINDOW_SECONDS - WINDOW_MARGIN_SECONDS
        ));
        assert!(!window_open(None, wrote));
    }
}
