//! From a verified webhook delivery to stored messages. The webhook only keeps the raw bytes and
//! queues [`WEBHOOK_JOB`] in the same transaction (fast, nothing lost in a crash); the job reads
//! every item of the delivery, each in its own transaction, so one bad item never loses the
//! others, and a repeated delivery changes nothing (UNIQUE wamid, forward-only statuses).

use serde_json::json;

use super::{
    payload::{self, Inbound, Item, MetaError, StatusUpdate},
    repo::{self, NewMessage, Tick},
    status_rank,
};
use crate::{br::PhoneBr, db::Db, jobs};

/// The job kind that reads a stored delivery (payload `{"event": id}`).
pub const WEBHOOK_JOB: &str = "whatsapp.webhook";

/// The `object` of a delivery (`whatsapp_business_account`, `page`, `instagram`…), read from
/// its JSON; `unknown` when it names none (it is kept all the same: nothing Meta sends is lost).
pub fn object_of(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Head {
        object: Option<String>,
    }
    serde_json::from_slice::<Head>(body)
        .ok()
        .and_then(|h| h.object)
        .filter(|o| !o.is_empty() && o.len() <= 64)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Keeps a verified delivery and queues its reading; answers the delivery's id.
pub async fn receive(db: &Db, body: &[u8], now: i64) -> Result<i64, sqlx::Error> {
    let object = object_of(body);
    let mut tx = db.begin().await?;
    let id = repo::insert_event(&mut tx, body, &object, now).await?;
    jobs::enqueue(&mut tx, WEBHOOK_JOB, &json!({ "event": id }), None, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// What reading one delivery did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Processed {
    /// Messages stored for the first time (in order), with their conversation.
    pub messages: Vec<(i64, i64)>,
    /// Repeated messages left alone.
    pub duplicates: usize,
    /// Statuses applied to their message: (wamid, conversation).
    pub ticks: Vec<(String, i64)>,
    /// Statuses kept until their message appears.
    pub parked: usize,
    /// Items about another business number, or not a WhatsApp message nor status.
    pub ignored: usize,
    /// Items that could not be read or stored.
    pub failed: usize,
}

/// Reads stored delivery `event` for business number `ours` (`None`: any number). Items that
/// fail are counted, logged and recorded on the delivery; if any failed, the job is failed too,
/// so it runs again later (the items already stored are then duplicates).
pub async fn process(
    db: &Db,
    event: i64,
    ours: Option<&str>,
    now: i64,
) -> Result<Processed, sqlx::Error> {
    let Some((body, object)) = repo::event_body(db, event).await? else {
        return Ok(Processed::default());
    };
    if crate::social::payload::channel(&object).is_some() {
        return crate::social::ingest::process(db, event, &body, now).await;
    }
    let parsed = payload::parse(&body);
    let mut done = Processed {
        failed: parsed.skipped,
        ..Processed::default()
    };
    let mut last_error = None;
    for item in &parsed.items {
        if let Err(err) = store(db, item, ours, now, &mut done).await {
            tracing::error!(event, error = %err, "could not store a WhatsApp webhook item");
            done.failed += 1;
            last_error = Some(err);
        }
    }
    settle(
        db,
        event,
        parsed.items.len() + parsed.skipped,
        done,
        last_error,
        now,
    )
    .await
}

/// Records how delivery `event` went (`items` read, `done.failed` of them not stored) and
/// answers it — or the last storage error, so the job tries again.
pub async fn settle(
    db: &Db,
    event: i64,
    items: usize,
    done: Processed,
    last_error: Option<sqlx::Error>,
    now: i64,
) -> Result<Processed, sqlx::Error> {
    let count = i64::try_from(items).unwrap_or(i64::MAX);
    let failed = i64::try_from(done.failed).unwrap_or(i64::MAX);
    let summary = last_error
        .as_ref()
        .map(|_| "an item could not be stored (see the log)");
    repo::mark_processed(db, event, count, failed, summary, now).await?;
    match last_error {
        Some(err) => Err(err),
        None => Ok(done),
    }
}

async fn store(
    db: &Db,
    item: &Item,
    ours: Option<&str>,
    now: i64,
    done: &mut Processed,
) -> Result<(), sqlx::Error> {
    let number = match item {
        Item::Message(m) => &m.phone_number_id,
        Item::Status(s) => &s.phone_number_id,
        Item::Error {
            phone_number_id, ..
        } => phone_number_id,
        // About the business account, not one number.
        Item::TemplateStatus {
            name,
            language,
            status,
        } => {
            if !repo::set_template_status(db, name, language, status).await? {
                tracing::info!(%name, %language, %status, "a status for a template not synced yet");
            }
            return Ok(());
        }
    };
    if ours.is_some_and(|ours| ours != number) {
        done.ignored += 1;
        return Ok(());
    }
    match item {
        Item::Message(m) => match store_inbound(db, m, now).await? {
            Some(stored) => done.messages.push(stored),
            None => done.duplicates += 1,
        },
        Item::Status(s) => match store_status(db, s, now).await? {
            Some(conversation) => done.ticks.push((s.wamid.clone(), conversation)),
            None => done.parked += 1,
        },
        Item::Error { error, .. } => {
            tracing::warn!(code = error.code, title = ?error.title, details = ?error.details,
                "WhatsApp reported an error not tied to a message");
        }
        Item::TemplateStatus { .. } => {}
    }
    Ok(())
}

/// How the CRM keys a WhatsApp user, and the E.164 forms to look for among clients' phones: a
/// Brazilian number with its nono dígito (`553188887777` and `5531988887777` are one person),
/// any other as `+<digits>`, a username id (BSUID) as given.
pub fn identity(wa_id: &str) -> (String, Vec<String>) {
    if let Ok(phone) = PhoneBr::parse(&format!("+{wa_id}")) {
        return (phone.e164().to_owned(), phone.variants());
    }
    if !wa_id.is_empty() && wa_id.bytes().all(|b| b.is_ascii_digit()) {
        let e164 = format!("+{wa_id}");
        return (e164.clone(), vec![e164]);
    }
    (wa_id.to_owned(), vec![])
}

/// Stores a customer's message (with its contact and conversation); answers (message,
/// conversation), or `None` when it was stored before.
async fn store_inbound(db: &Db, m: &Inbound, now: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let (key, phones) = identity(&m.from);
    let mut tx = db.begin().await?;
    let (contact, _client) = repo::contact(
        &mut tx,
        "whatsapp",
        &key,
        &m.from,
        m.profile_name.as_deref(),
        &phones,
        now,
    )
    .await?;
    let conversation =
        repo::conversation(&mut tx, "whatsapp", contact, &m.phone_number_id, now).await?;
    let raw = m.raw.to_string();
    let media = m.media.as_ref();
    let sent_on = if m.timestamp > 0 { m.timestamp } else { now };
    let message = NewMessage {
        conversation,
        wamid: Some(&m.wamid),
        direction: "in",
        kind: &m.kind,
        body: m.body.as_deref(),
        media_id: media.map(|x| x.id.as_str()),
        media_mime: media.and_then(|x| x.mime.as_deref()),
        media_sha256: media.and_then(|x| x.sha256.as_deref()),
        media_filename: media.and_then(|x| x.filename.as_deref()),
        context_wamid: m.context_wamid.as_deref(),
        status: "received",
        error: m.error.as_ref().map(error_parts),
        sent_on,
        raw: Some(&raw),
        ..NewMessage::default()
    };
    let Some(id) = repo::insert_message(&mut tx, &message, now).await? else {
        return Ok(None);
    };
    if media.is_some() {
        // Fetched at once: Meta's download address lives five minutes after it is asked for.
        crate::jobs::enqueue(
            &mut tx,
            super::media::MEDIA_JOB,
            &serde_json::json!({ "message": id }),
            None,
            now,
        )
        .await?;
    }
    let bubble = m.reaction.is_none();
    if let Some((target, emoji)) = &m.reaction {
        let emoji = Some(emoji.as_str()).filter(|e| !e.is_empty());
        repo::set_reaction(&mut tx, target, emoji, now).await?;
    }
    let preview: Option<String> = m.body.as_ref().map(|b| b.chars().take(200).collect());
    repo::inbound_arrived(
        &mut tx,
        conversation,
        sent_on,
        preview.as_deref(),
        &m.kind,
        bubble,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some((id, conversation)))
}

fn error_parts(e: &MetaError) -> (i64, Option<&str>, Option<&str>) {
    (e.code, e.title.as_deref(), e.details.as_deref())
}

/// Applies a status to its sent message; answers `false` when it was parked instead (its
/// message is not known yet, or the status is one Meta added after this was written).
async fn store_status(db: &Db, s: &StatusUpdate, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let tick = Tick {
        wamid: &s.wamid,
        status: &s.status,
        rank: status_rank(&s.status).unwrap_or(0),
        at: if s.timestamp > 0 { s.timestamp } else { now },
        error: s.error.as_ref().map(error_parts),
    };
    let mut tx = db.begin().await?;
    if let Some(opaque) = &s.opaque {
        repo::adopt_wamid(&mut tx, opaque, &s.wamid).await?;
    }
    let applied = match status_rank(&s.status) {
        Some(_) => repo::apply_tick(&mut tx, &tick, now).await?,
        None => None,
    };
    if applied.is_none() {
        repo::park(&mut tx, &tick, s.opaque.as_deref(), now).await?;
    }
    tx.commit().await?;
    Ok(applied)
}

/// Applies the statuses parked for `wamid`, now that its message is stored (inside the
/// transaction that stored it or gave it its wamid).
pub async fn apply_parked(
    tx: &mut crate::db::Tx,
    wamid: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    for (status, at, code, title, details) in repo::take_parked(tx, wamid).await? {
        let Some(rank) = status_rank(&status) else {
            continue;
        };
        let error = code.map(|code| (code, title.as_deref(), details.as_deref()));
        let tick = Tick {
            wamid,
            status: &status,
            rank,
            at,
            error,
        };
        repo::apply_tick(tx, &tick, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::identity;

    #[test]
    fn a_brazilian_mobile_is_one_identity_with_and_without_the_nono_digito() {
        let (with, phones) = identity("5531988887777");
        let (without, _) = identity("553188887777");
        assert_eq!(with, "+5531988887777");
        assert_eq!(without, with);
        assert!(phones.contains(&"+553188887777".to_owned()));
    }

    #[test]
    fn other_countries_and_usernames_keep_their_own_form() {
        assert_eq!(identity("14155550123").0, "+14155550123");
        assert_eq!(
            identity("BR.1502576394655843"),
            ("BR.1502576394655843".to_owned(), vec![])
        );
    }
}
