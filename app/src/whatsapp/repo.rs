//! The WhatsApp tables' SQL (one place): raw deliveries, contacts, conversations, messages and
//! parked statuses. Times are Unix seconds.

use crate::{
    bind_args,
    clients::{repo::Args, scope::Scope},
    db::{Db, Tx},
    on_pool, on_tx,
};

/// Keeps a delivery's exact bytes and its `object`; answers its id.
pub async fn insert_event(
    tx: &mut Tx,
    body: &[u8],
    object: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO wa_webhook_events (body, received_at, object) \
        VALUES ($1, $2, $3) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(body).bind(now).bind(object)
        .fetch_one(conn).await)
}

/// A delivery's bytes and `object`.
pub async fn event_body(db: &Db, id: i64) -> Result<Option<(Vec<u8>, String)>, sqlx::Error> {
    const SQL: &str = "SELECT body, object FROM wa_webhook_events WHERE id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// Records that delivery `id` was read: its item count and how many could not be stored.
pub async fn mark_processed(
    db: &Db,
    id: i64,
    items: i64,
    failed: i64,
    last_error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE wa_webhook_events SET processed_at = $2, items = $3, \
        failed_items = $4, last_error = $5 WHERE id = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(now).bind(items).bind(failed)
        .bind(last_error).execute(pool).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// The contact keyed `identity` (id, client), created when new on `channel` — tied to the
/// client one of whose phones is among `phones` — and given the latest `wa_id` and profile name.
pub async fn contact(
    tx: &mut Tx,
    channel: &str,
    identity: &str,
    wa_id: &str,
    profile_name: Option<&str>,
    phones: &[String],
    now: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    const FIND: &str = "SELECT id, client_id FROM wa_contacts WHERE identity = $1";
    const UPDATE: &str = "UPDATE wa_contacts SET wa_id = $2, \
        profile_name = COALESCE($3, profile_name), updated_at = $4 WHERE id = $1";
    const INSERT: &str = "INSERT INTO wa_contacts \
        (identity, wa_id, profile_name, client_id, created_at, updated_at, channel) \
        VALUES ($1, $2, $3, $4, $5, $5, $6) ON CONFLICT (identity) DO NOTHING";
    let found: Option<(i64, Option<i64>)> =
        on_tx!(&mut *tx, conn => sqlx::query_as(FIND).bind(identity).fetch_optional(conn).await)?;
    if let Some((id, client)) = found {
        on_tx!(&mut *tx, conn => sqlx::query(UPDATE).bind(id).bind(wa_id).bind(profile_name)
            .bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
        return Ok((id, client));
    }
    let client = client_by_phone(tx, phones).await?;
    on_tx!(&mut *tx, conn => sqlx::query(INSERT).bind(identity).bind(wa_id).bind(profile_name)
        .bind(client).bind(now).bind(channel).execute(conn).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, conn => sqlx::query_as(FIND).bind(identity).fetch_one(conn).await)
}

/// The client with one of `phones` (E.164), preferring a number marked as WhatsApp and clients
/// not archived.
async fn client_by_phone(tx: &mut Tx, phones: &[String]) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str =
        "SELECT p.client_id FROM client_phones p JOIN clients c ON c.id = p.client_id \
        WHERE p.e164 = $1 OR p.e164 = $2 \
        ORDER BY c.archived_at IS NOT NULL, p.whatsapp DESC, p.client_id LIMIT 1";
    let Some(first) = phones.first() else {
        return Ok(None);
    };
    let second = phones.get(1).unwrap_or(first);
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(first).bind(second).fetch_optional(conn).await)
}

/// The conversation of `contact` on business number `number` (or Page, or Instagram account)
/// of `channel`, opened when there is none.
pub async fn conversation(
    tx: &mut Tx,
    channel: &str,
    contact: i64,
    number: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    const INSERT: &str = "INSERT INTO wa_conversations \
        (contact_id, phone_number_id, created_at, updated_at, channel) VALUES ($1, $2, $3, $3, $4) \
        ON CONFLICT (contact_id, phone_number_id) DO NOTHING";
    const FIND: &str =
        "SELECT id FROM wa_conversations WHERE contact_id = $1 AND phone_number_id = $2";
    on_tx!(&mut *tx, conn => sqlx::query(INSERT).bind(contact).bind(number).bind(now)
        .bind(channel).execute(conn).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, conn => sqlx::query_scalar(FIND).bind(contact).bind(number).fetch_one(conn).await)
}

/// A message as stored.
#[derive(Clone, Debug, Default)]
pub struct NewMessage<'a> {
    pub conversation: i64,
    pub wamid: Option<&'a str>,
    pub client_uuid: Option<&'a str>,
    pub direction: &'a str,
    pub kind: &'a str,
    pub body: Option<&'a str>,
    pub media_id: Option<&'a str>,
    pub media_mime: Option<&'a str>,
    pub media_sha256: Option<&'a str>,
    pub media_filename: Option<&'a str>,
    pub context_wamid: Option<&'a str>,
    pub status: &'a str,
    pub error: Option<(i64, Option<&'a str>, Option<&'a str>)>,
    pub author: Option<i64>,
    pub sent_on: i64,
    pub raw: Option<&'a str>,
}

/// Stores `m` unless a message with its wamid exists; answers the new row's id (`None`: a
/// repeated delivery).
pub async fn insert_message(
    tx: &mut Tx,
    m: &NewMessage<'_>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "INSERT INTO wa_messages (conversation_id, wamid, client_uuid, direction, \
        kind, body, media_id, media_mime, media_sha256, media_filename, context_wamid, status, \
        status_rank, error_code, error_title, error_details, author_id, sent_on, raw, \
        created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
        $18, $19, $20, $20) ON CONFLICT DO NOTHING RETURNING id";
    let rank = super::status_rank(m.status).unwrap_or(0);
    let (code, title, details) = m.error.unwrap_or((0, None, None));
    let code = m.error.map(|_| code);
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(m.conversation).bind(m.wamid).bind(m.client_uuid).bind(m.direction).bind(m.kind)
        .bind(m.body).bind(m.media_id).bind(m.media_mime).bind(m.media_sha256)
        .bind(m.media_filename).bind(m.context_wamid).bind(m.status).bind(rank)
        .bind(code).bind(title).bind(details).bind(m.author).bind(m.sent_on).bind(m.raw)
        .bind(now).fetch_optional(conn).await)
}

/// Sets the customer's reaction (`None`: removed) on the message `wamid`.
pub async fn set_reaction(
    tx: &mut Tx,
    wamid: &str,
    emoji: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE wa_messages SET reaction = $2, updated_at = $3 WHERE wamid = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(wamid).bind(emoji).bind(now).execute(conn).await.map(|r| r.rows_affected()))
        .map(drop)
}

/// A customer's message arrived in `conversation`: one more unread (unless it is only a
/// reaction), the window runs from its time, the preview shows it when it is the latest, and a
/// closed conversation opens again.
pub async fn inbound_arrived(
    tx: &mut Tx,
    conversation: i64,
    sent_on: i64,
    preview: Option<&str>,
    kind: &str,
    bubble: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE wa_conversations SET \
        unread = unread + $3, \
        last_preview = CASE WHEN $4 AND (last_message_at IS NULL OR last_message_at <= $2) \
            THEN $5 ELSE last_preview END, \
        last_kind = CASE WHEN $4 AND (last_message_at IS NULL OR last_message_at <= $2) \
            THEN $6 ELSE last_kind END, \
        last_message_at = CASE WHEN $4 AND (last_message_at IS NULL OR last_message_at < $2) \
            THEN $2 ELSE last_message_at END, \
        last_inbound_at = CASE WHEN last_inbound_at IS NULL OR last_inbound_at < $2 \
            THEN $2 ELSE last_inbound_at END, \
        status = 'open', updated_at = $7 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(conversation).bind(sent_on).bind(i64::from(bubble))
        .bind(bubble).bind(preview).bind(kind).bind(now).execute(conn).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// A status to apply to a sent message.
#[derive(Clone, Debug)]
pub struct Tick<'a> {
    pub wamid: &'a str,
    pub status: &'a str,
    pub rank: i64,
    pub at: i64,
    pub error: Option<(i64, Option<&'a str>, Option<&'a str>)>,
}

/// Applies `tick` to its message: the time of that status is kept (once), the status moves only
/// forward, a failure keeps Meta's reason. Answers the message's conversation, `None` when no
/// sent message has that wamid.
pub async fn apply_tick(
    tx: &mut Tx,
    tick: &Tick<'_>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let column = match tick.status {
        "sent" => "sent_at",
        "delivered" => "delivered_at",
        "read" | "played" => "read_at",
        _ => "failed_at",
    };
    let stamp = format!(
        "UPDATE wa_messages SET {column} = COALESCE({column}, $2), updated_at = $3 \
         WHERE wamid = $1 AND direction = 'out' RETURNING conversation_id"
    );
    const FORWARD: &str = "UPDATE wa_messages SET status = $2, status_rank = $3, \
        error_code = COALESCE($4, error_code), error_title = COALESCE($5, error_title), \
        error_details = COALESCE($6, error_details), updated_at = $7 \
        WHERE wamid = $1 AND direction = 'out' AND status_rank < $3";
    let found: Option<i64> = on_tx!(&mut *tx, conn => sqlx::query_scalar(&stamp)
        .bind(tick.wamid).bind(tick.at).bind(now).fetch_optional(conn).await)?;
    let Some(conversation) = found else {
        return Ok(None);
    };
    let (code, title, details) = match tick.error {
        Some((code, title, details)) => (Some(code), title, details),
        None => (None, None, None),
    };
    on_tx!(tx, conn => sqlx::query(FORWARD).bind(tick.wamid).bind(tick.status).bind(tick.rank)
        .bind(code).bind(title).bind(details).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(Some(conversation))
}

/// Gives the sent message whose own id is `client_uuid` its wamid (a status that echoed our id
/// came before the send's answer was stored).
pub async fn adopt_wamid(tx: &mut Tx, client_uuid: &str, wamid: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE wa_messages SET wamid = $2 WHERE client_uuid = $1 AND wamid IS NULL";
    on_tx!(tx, conn => sqlx::query(SQL).bind(client_uuid).bind(wamid).execute(conn).await.map(|r| r.rows_affected()))
        .map(drop)
}

/// The conversation of the contact keyed `identity` on account `number`.
pub async fn find_conversation(
    tx: &mut Tx,
    identity: &str,
    number: &str,
) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "SELECT v.id FROM wa_conversations v JOIN wa_contacts c \
        ON c.id = v.contact_id WHERE c.identity = $1 AND v.phone_number_id = $2";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(identity).bind(number).fetch_optional(conn).await)
}

/// When message `wamid` was written (Unix seconds).
pub async fn sent_on(tx: &mut Tx, wamid: &str) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "SELECT sent_on FROM wa_messages WHERE wamid = $1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(wamid).fetch_optional(conn).await)
}

/// Moves every message sent in `conversation` up to `until` (Unix seconds) and accepted by Meta
/// forward to `status` (Messenger's and Instagram's read and delivery watermarks); answers how
/// many moved.
pub async fn tick_up_to(
    tx: &mut Tx,
    conversation: i64,
    until: i64,
    status: &str,
    at: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let column = if status == "read" {
        "read_at"
    } else {
        "delivered_at"
    };
    let rank = super::status_rank(status).unwrap_or(0);
    let sql = format!(
        "UPDATE wa_messages SET status = $2, status_rank = $3, {column} = COALESCE({column}, $4), \
         updated_at = $5 WHERE conversation_id = $1 AND direction = 'out' AND status_rank >= 1 \
         AND status_rank < $3 AND sent_on <= $6"
    );
    on_tx!(tx, conn => sqlx::query(&sql).bind(conversation).bind(status).bind(rank).bind(at)
        .bind(now).bind(until).execute(conn).await.map(|r| r.rows_affected()))
}

/// Deletes the copy of `wamid` an echo stored before the send that wrote message `id` learnt
/// its id (Instagram echoes carry no metadata to tell ours apart).
pub async fn drop_echo(tx: &mut Tx, id: i64, wamid: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM wa_messages WHERE wamid = $1 AND id <> $2 \
        AND direction = 'out' AND client_uuid IS NULL AND author_id IS NULL";
    on_tx!(tx, conn => sqlx::query(SQL).bind(wamid).bind(id).execute(conn).await.map(|r| r.rows_affected()))
        .map(drop)
}

/// Keeps a status whose message is not known yet.
pub async fn park(
    tx: &mut Tx,
    tick: &Tick<'_>,
    opaque: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO wa_pending_statuses (wamid, status, at, opaque, error_code, \
        error_title, error_details, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
        ON CONFLICT (wamid, status) DO NOTHING";
    let (code, title, details) = match tick.error {
        Some((code, title, details)) => (Some(code), title, details),
        None => (None, None, None),
    };
    on_tx!(tx, conn => sqlx::query(SQL).bind(tick.wamid).bind(tick.status).bind(tick.at)
        .bind(opaque).bind(code).bind(title).bind(details).bind(now).execute(conn).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// A parked status: (status, at, error code, title, details).
pub type Parked = (String, i64, Option<i64>, Option<String>, Option<String>);

/// Takes the statuses parked for `wamid` (they are deleted: the caller applies them).
pub async fn take_parked(tx: &mut Tx, wamid: &str) -> Result<Vec<Parked>, sqlx::Error> {
    const SELECT: &str = "SELECT status, at, error_code, error_title, error_details \
        FROM wa_pending_statuses WHERE wamid = $1 ORDER BY at, id";
    const DELETE: &str = "DELETE FROM wa_pending_statuses WHERE wamid = $1";
    let parked: Vec<Parked> =
        on_tx!(&mut *tx, conn => sqlx::query_as(SELECT).bind(wamid).fetch_all(conn).await)?;
    if !parked.is_empty() {
        on_tx!(tx, conn => sqlx::query(DELETE).bind(wamid).execute(conn).await.map(|r| r.rows_affected()))?;
    }
    Ok(parked)
}

/// What the outbox needs to send message `id`: (status, wamid, kind, body, raw, client_uuid,
/// context wamid, the contact's wa_id, the conversation's channel, its business number or Page or
/// Instagram account id, when the customer last wrote).
pub type Outgoing = (
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    Option<i64>,
);

/// Message `id` as the outbox sends it.
pub async fn outgoing(db: &Db, id: i64) -> Result<Option<Outgoing>, sqlx::Error> {
    const SQL: &str = "SELECT m.status, m.wamid, m.kind, m.body, m.raw, m.client_uuid, \
        m.context_wamid, c.wa_id, v.channel, v.phone_number_id, v.last_inbound_at \
        FROM wa_messages m \
        JOIN wa_conversations v ON v.id = m.conversation_id \
        JOIN wa_contacts c ON c.id = v.contact_id WHERE m.id = $1 AND m.direction = 'out'";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// Meta accepted message `id` as `wamid`; the contact's wa_id is what WhatsApp answered.
pub async fn accepted(
    tx: &mut Tx,
    id: i64,
    wamid: &str,
    wa_id: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const MESSAGE: &str = "UPDATE wa_messages SET wamid = COALESCE(wamid, $2), \
        status = CASE WHEN status_rank < 1 THEN 'accepted' ELSE status END, \
        status_rank = CASE WHEN status_rank < 1 THEN 1 ELSE status_rank END, \
        updated_at = $3 WHERE id = $1";
    const CONTACT: &str = "UPDATE wa_contacts SET wa_id = $2, updated_at = $3 WHERE id = \
        (SELECT v.contact_id FROM wa_messages m JOIN wa_conversations v \
         ON v.id = m.conversation_id WHERE m.id = $1)";
    on_tx!(&mut *tx, conn => sqlx::query(MESSAGE).bind(id).bind(wamid).bind(now)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    if let Some(wa_id) = wa_id {
        on_tx!(tx, conn => sqlx::query(CONTACT).bind(id).bind(wa_id).bind(now)
            .execute(conn).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Ends message `id` as `status` (`failed` with Meta's reason, or `unknown`) unless a status
/// already moved it on.
pub async fn give_up(
    db: &Db,
    id: i64,
    status: &str,
    error: Option<(Option<i64>, Option<&str>)>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE wa_messages SET status = $2, status_rank = $3, \
        error_code = $4, error_details = $5, \
        failed_at = CASE WHEN $2 = 'failed' THEN $6 ELSE failed_at END, updated_at = $6 \
        WHERE id = $1 AND status_rank < 1";
    let rank = super::status_rank(status).unwrap_or(0);
    let (code, details) = error.unwrap_or((None, None));
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(status).bind(rank).bind(code)
        .bind(details).bind(now).execute(pool).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// The conversation's channel and window: (channel, when the customer last wrote).
pub async fn last_inbound(
    db: &Db,
    conversation: i64,
) -> Result<Option<(String, Option<i64>)>, sqlx::Error> {
    const SQL: &str = "SELECT channel, last_inbound_at FROM wa_conversations WHERE id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(conversation).fetch_optional(pool).await)
}

/// A brokerage message was written in `conversation` (the preview shows it).
pub async fn outbound_written(
    tx: &mut Tx,
    conversation: i64,
    preview: Option<&str>,
    kind: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE wa_conversations SET last_preview = $2, last_kind = $3, \
        last_message_at = $4, unread = 0, updated_at = $4 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(conversation).bind(preview).bind(kind).bind(now)
        .execute(conn).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// A conversation row with what deciding who may see it needs: (row, assigned user, client
/// owner, client team).
pub type Listed = (super::ConversationRow, super::live::Holders);

const LIST: &str = "SELECT v.id, COALESCE(cl.name, c.profile_name, c.identity), c.identity, \
    v.last_preview, v.last_kind, v.last_message_at, v.unread, c.client_id, u.name, \
    v.assigned_to, cl.owner_id, cl.team_id, v.last_inbound_at, v.status, u.team_id, v.card_id \
    FROM wa_conversations v JOIN wa_contacts c ON c.id = v.contact_id \
    LEFT JOIN clients cl ON cl.id = c.client_id LEFT JOIN users u ON u.id = v.assigned_to";

type ListRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    i64,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    String,
    Option<i64>,
    Option<i64>,
);

fn listed(r: ListRow) -> Listed {
    let channel = super::channel_of_identity(&r.2);
    // Before their profile is read, a Messenger or Instagram person is named by their channel.
    let name = match (channel, r.1 == r.2) {
        ("messenger", true) => format!("Messenger …{}", tail(&r.2)),
        ("instagram", true) => format!("Instagram …{}", tail(&r.2)),
        _ => r.1,
    };
    // A Messenger or Instagram person has no number: their ids mean nothing to staff.
    let phone = match channel {
        "whatsapp" => crate::br::PhoneBr::parse(&r.2)
            .map(|p| p.display())
            .unwrap_or(r.2),
        _ => String::new(),
    };
    let row = super::ConversationRow {
        id: r.0,
        name,
        phone,
        preview: r.3,
        kind: r.4,
        last_at: r.5,
        unread: r.6,
        client_id: r.7,
        assigned: r.8,
        assigned_id: r.9,
        last_inbound_at: r.12,
        closed: r.13 == "closed",
        card_id: r.15,
        channel: channel.to_owned(),
    };
    let holders = super::live::Holders {
        assigned: r.9,
        assigned_team: r.14,
        owner: r.10,
        team: r.11,
    };
    (row, holders)
}

/// The last four characters of `id`.
fn tail(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// Which conversations the inbox lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Every open one the reader may see.
    Open,
    /// Open ones assigned to the reader.
    Mine,
    /// Open ones nobody answers yet.
    Unassigned,
    /// Closed ones.
    Closed,
}

/// The condition "a reader with `scope` may see it" in SQL (the rule of `Holders::visible_to`).
fn visible_condition(scope: &Scope, args: &mut Args) -> String {
    let nobody = "(v.assigned_to IS NULL AND cl.owner_id IS NULL)";
    match scope {
        Scope::All => "TRUE".to_owned(),
        Scope::Own { user_id } => {
            let me = args.int(*user_id);
            format!("({nobody} OR v.assigned_to = {me} OR cl.owner_id = {me})")
        }
        Scope::Teams { user_id, team_ids } => {
            let me = args.int(*user_id);
            let mut any = vec![
                nobody.to_owned(),
                format!("v.assigned_to = {me}"),
                format!("cl.owner_id = {me}"),
            ];
            if !team_ids.is_empty() {
                let teams: Vec<String> = team_ids.iter().map(|id| args.int(*id)).collect();
                let teams = teams.join(", ");
                any.push(format!("cl.team_id IN ({teams})"));
                any.push(format!("u.team_id IN ({teams})"));
            }
            format!("({})", any.join(" OR "))
        }
    }
}

/// The most recent conversations `scope` may see that `filter` keeps (at most `limit`), newest
/// first; `me` is the reader.
pub async fn conversations(
    db: &Db,
    scope: &Scope,
    me: i64,
    filter: Filter,
    limit: i64,
) -> Result<Vec<super::ConversationRow>, sqlx::Error> {
    let mut args = Args::default();
    let visible = visible_condition(scope, &mut args);
    let kept = match filter {
        Filter::Open => "v.status = 'open'".to_owned(),
        Filter::Mine => format!("v.status = 'open' AND v.assigned_to = {}", args.int(me)),
        Filter::Unassigned => "v.status = 'open' AND v.assigned_to IS NULL".to_owned(),
        Filter::Closed => "v.status = 'closed'".to_owned(),
    };
    let limit = args.int(limit);
    let sql = format!(
        "{LIST} WHERE {visible} AND {kept} \
         ORDER BY COALESCE(v.last_message_at, 0) DESC, v.id DESC LIMIT {limit}"
    );
    let rows: Vec<ListRow> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|r| listed(r).0).collect())
}

/// Conversation `id`.
pub async fn conversation_row(db: &Db, id: i64) -> Result<Option<Listed>, sqlx::Error> {
    let sql = format!("{LIST} WHERE v.id = $1");
    let row: Option<ListRow> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(listed))
}

type BubbleRow = (
    i64,
    String,
    String,
    Option<String>,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The last `limit` messages of conversation `id`, oldest first (reactions show on their
/// message, not as bubbles).
pub async fn bubbles(db: &Db, id: i64, limit: i64) -> Result<Vec<super::Bubble>, sqlx::Error> {
    const SQL: &str = "SELECT * FROM (SELECT m.id, m.direction, m.kind, m.body, m.status, \
        m.sent_on, m.error_details, m.error_title, m.reaction, u.name, m.media_filename, \
        CASE WHEN m.media_id IS NULL AND f.message_id IS NULL THEN NULL \
        ELSE COALESCE(f.status, 'pending') END, f.mime \
        FROM wa_messages m LEFT JOIN users u ON u.id = m.author_id \
        LEFT JOIN wa_media f ON f.message_id = m.id \
        WHERE m.conversation_id = $1 AND m.kind <> 'reaction' \
        ORDER BY m.sent_on DESC, m.id DESC LIMIT $2) last ORDER BY sent_on, id";
    let rows: Vec<BubbleRow> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(id).bind(limit).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| super::Bubble {
            id: r.0,
            outgoing: r.1 == "out",
            kind: r.2,
            body: r.3,
            status: r.4,
            at: r.5,
            error: r.6.or(r.7),
            reaction: r.8,
            author: r.9,
            filename: r.10,
            media: r.11,
            media_mime: r.12,
        })
        .collect())
}

/// The conversation of message `id`.
pub async fn conversation_of(db: &Db, message: i64) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "SELECT conversation_id FROM wa_messages WHERE id = $1";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(message).fetch_optional(pool).await)
}

/// Nothing unread in conversation `id` any more.
pub async fn mark_read(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE wa_conversations SET unread = 0, updated_at = $2 WHERE id = $1 AND unread > 0";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(now).execute(pool).await
        .map(|r| r.rows_affected() > 0))
}

/// The wamid of the customer's last message in conversation `id`.
pub async fn last_inbound_wamid(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT wamid FROM wa_messages WHERE conversation_id = $1 \
        AND direction = 'in' AND wamid IS NOT NULL ORDER BY sent_on DESC, id DESC LIMIT 1";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(id).fetch_optional(pool).await)
}

/// Whether contact `id` was created at `now` without a profile name (a Messenger or Instagram
/// person met just now, whose name is still to be read).
pub async fn unnamed_since(tx: &mut Tx, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM wa_contacts WHERE id = $1 AND created_at = $2 \
        AND profile_name IS NULL";
    let n: i64 =
        on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(id).bind(now).fetch_one(conn).await)?;
    Ok(n > 0)
}

/// Contact `id`: (channel, wa_id / PSID / IGSID, the account of their latest conversation).
pub async fn contact_target(
    db: &Db,
    id: i64,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    const SQL: &str = "SELECT c.channel, c.wa_id, v.phone_number_id FROM wa_contacts c \
        JOIN wa_conversations v ON v.contact_id = c.id WHERE c.id = $1 \
        ORDER BY v.id DESC LIMIT 1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// Names contact `id` (the profile Meta shares); answers their conversations.
pub async fn set_profile_name(
    db: &Db,
    id: i64,
    name: &str,
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    const UPDATE: &str = "UPDATE wa_contacts SET profile_name = $2, updated_at = $3 WHERE id = $1";
    const CONVERSATIONS: &str = "SELECT id FROM wa_conversations WHERE contact_id = $1";
    on_pool!(db, pool => sqlx::query(UPDATE).bind(id).bind(name).bind(now).execute(pool).await
        .map(|r| r.rows_affected()))?;
    on_pool!(db, pool => sqlx::query_scalar(CONVERSATIONS).bind(id).fetch_all(pool).await)
}

/// Whom conversation `id` is with: (channel, business number or Page or Instagram account id,
/// the contact's wa_id, PSID or IGSID).
pub async fn conversation_target(
    db: &Db,
    id: i64,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    const SQL: &str = "SELECT v.channel, v.phone_number_id, c.wa_id FROM wa_conversations v \
        JOIN wa_contacts c ON c.id = v.contact_id WHERE v.id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

type TemplateRow = (i64, String, String, String, Option<String>, String, String);

fn definition(row: TemplateRow) -> super::templates::Definition {
    let (id, name, language, status, category, parameter_format, components) = row;
    super::templates::Definition {
        id,
        name,
        language,
        status,
        category,
        parameter_format,
        components: serde_json::from_str(&components).unwrap_or_default(),
    }
}

const TEMPLATE_COLUMNS: &str =
    "SELECT id, name, language, status, category, parameter_format, components FROM wa_templates";

/// The approved templates, by name.
pub async fn approved_templates(db: &Db) -> Result<Vec<super::templates::Definition>, sqlx::Error> {
    let sql = format!("{TEMPLATE_COLUMNS} WHERE status = 'APPROVED' ORDER BY name, language");
    let rows: Vec<TemplateRow> = on_pool!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(definition).collect())
}

/// Template `id`, whatever its status.
pub async fn template(
    db: &Db,
    id: i64,
) -> Result<Option<super::templates::Definition>, sqlx::Error> {
    let sql = format!("{TEMPLATE_COLUMNS} WHERE id = $1");
    let row: Option<TemplateRow> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(definition))
}

/// Makes the stored templates what Meta listed: each one inserted or updated by (name,
/// language), those Meta no longer lists deleted. Answers how many are stored.
pub async fn replace_templates(
    tx: &mut Tx,
    templates: &[super::graph::Template],
    now: i64,
) -> Result<u64, sqlx::Error> {
    const UPSERT: &str = "INSERT INTO wa_templates (name, language, status, category, \
        parameter_format, components, synced_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
        ON CONFLICT (name, language) DO UPDATE SET status = excluded.status, \
        category = excluded.category, parameter_format = excluded.parameter_format, \
        components = excluded.components, synced_at = excluded.synced_at";
    const STALE: &str = "DELETE FROM wa_templates WHERE synced_at < $1";
    // Within one sync every row gets the same mark; a row Meta did not list keeps an older one.
    let mark = now;
    let mut stored = 0;
    for t in templates {
        let format = t
            .parameter_format
            .clone()
            .unwrap_or_else(|| "POSITIONAL".to_owned());
        let components = t.components.to_string();
        stored += on_tx!(tx, conn => sqlx::query(UPSERT).bind(&t.name).bind(&t.language)
            .bind(&t.status).bind(&t.category).bind(&format).bind(&components).bind(mark)
            .execute(conn).await.map(|r| r.rows_affected()))?;
    }
    on_tx!(tx, conn => sqlx::query(STALE).bind(mark).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(stored)
}

/// Meta changed the status of template `name` in `language` (the template status webhook).
/// Answers whether a stored template changed.
pub async fn set_template_status(
    db: &Db,
    name: &str,
    language: &str,
    status: &str,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE wa_templates SET status = $1 WHERE name = $2 AND language = $3";
    let changed = on_pool!(db, pool => sqlx::query(SQL).bind(status).bind(name).bind(language)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// What fetching the file of message `id` needs: (Meta's media id, the mime type Meta gave).
/// `None` when the message has no file or its file was fetched (or given up on) before.
pub async fn media_to_fetch(
    db: &Db,
    id: i64,
) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    const SQL: &str = "SELECT m.media_id, m.media_mime FROM wa_messages m \
        WHERE m.id = $1 AND m.media_id IS NOT NULL \
        AND NOT EXISTS (SELECT 1 FROM wa_media f WHERE f.message_id = m.id)";
    let row: Option<(Option<String>, Option<String>)> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)?;
    Ok(row.and_then(|(media, mime)| media.map(|m| (m, mime))))
}

/// Keeps the file of message `id` (`bytes`), or why it could not be fetched (`error`).
pub async fn store_media(
    db: &Db,
    id: i64,
    file: Result<(&[u8], Option<&str>), &str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    keep_media(&mut tx, id, file, now).await?;
    tx.commit().await
}

/// [`store_media`] within a transaction (a file staff send is kept with its message).
pub async fn keep_media(
    tx: &mut Tx,
    id: i64,
    file: Result<(&[u8], Option<&str>), &str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO wa_media (message_id, status, bytes, mime, size_bytes, error, \
        stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (message_id) DO NOTHING";
    let (status, bytes, mime, size, error) = match file {
        Ok((bytes, mime)) => ("stored", Some(bytes), mime, Some(bytes.len() as i64), None),
        Err(why) => ("failed", None, None, None, Some(why)),
    };
    on_tx!(&mut *tx, conn => sqlx::query(SQL).bind(id).bind(status).bind(bytes).bind(mime)
        .bind(size).bind(error).bind(now).execute(conn).await.map(|_| ()))
}

/// An outgoing file's Meta media id (once uploaded) and name: `None` when message `id` has no
/// kept file.
pub async fn outgoing_media(
    db: &Db,
    id: i64,
) -> Result<Option<(Option<String>, Option<String>)>, sqlx::Error> {
    const SQL: &str = "SELECT m.media_id, m.media_filename FROM wa_messages m \
        WHERE m.id = $1 AND m.direction = 'out' \
        AND EXISTS (SELECT 1 FROM wa_media f WHERE f.message_id = m.id AND f.status = 'stored')";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// The kept bytes of message `id`'s file and their type.
pub async fn kept_media(db: &Db, id: i64) -> Result<Option<(Vec<u8>, String)>, sqlx::Error> {
    const SQL: &str = "SELECT f.bytes, COALESCE(f.mime, m.media_mime, 'application/octet-stream') \
        FROM wa_media f JOIN wa_messages m ON m.id = f.message_id \
        WHERE f.message_id = $1 AND f.status = 'stored'";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// Message `id`'s file was uploaded to Meta as `media_id`.
pub async fn uploaded(db: &Db, id: i64, media_id: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE wa_messages SET media_id = $2 WHERE id = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(media_id).execute(pool).await.map(|_| ()))
}

/// A stored file: (bytes, mime type, file name, conversation).
pub type MediaFile = (Vec<u8>, Option<String>, Option<String>, i64);

/// The stored file of message `id`, if there is one.
pub async fn media_file(db: &Db, id: i64) -> Result<Option<MediaFile>, sqlx::Error> {
    const SQL: &str = "SELECT f.bytes, COALESCE(f.mime, m.media_mime), m.media_filename, \
        m.conversation_id FROM wa_media f JOIN wa_messages m ON m.id = f.message_id \
        WHERE f.message_id = $1 AND f.status = 'stored'";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// Hands conversation `id` to `user` (or to nobody); answers whether it changed hands.
pub async fn set_assignee(
    db: &Db,
    id: i64,
    user: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE wa_conversations SET assigned_to = $2, updated_at = $3 \
        WHERE id = $1 AND (assigned_to IS NULL AND $2 IS NOT NULL OR assigned_to <> $2 \
        OR assigned_to IS NOT NULL AND $2 IS NULL)";
    let n = on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(user).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Closes or reopens conversation `id`; answers whether it changed.
pub async fn set_closed(db: &Db, id: i64, closed: bool, now: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE wa_conversations SET status = $2, updated_at = $3 WHERE id = $1 AND status <> $2";
    let status = if closed { "closed" } else { "open" };
    let n = on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(status).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Ties the contact of conversation `id` to `client` (`None`: to no client, a lead again);
/// answers whether that changed anything.
pub async fn set_client(
    db: &Db,
    id: i64,
    client: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE wa_contacts SET client_id = $2, updated_at = $3 \
        WHERE id = (SELECT contact_id FROM wa_conversations WHERE id = $1) \
        AND client_id IS DISTINCT FROM $2";
    let n = on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(client).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// The WhatsApp contacts with no client whose number is one of `phones` (E.164) become client
/// `client`'s.
pub async fn adopt_leads(
    tx: &mut Tx,
    client: i64,
    phones: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE wa_contacts SET client_id = $1, updated_at = $2 \
        WHERE client_id IS NULL AND identity = $3";
    for phone in phones {
        on_tx!(&mut *tx, conn => sqlx::query(SQL).bind(client).bind(now).bind(phone)
            .execute(conn).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Links Kanban card `card` to conversation `id` unless one is linked already; answers whether
/// it did.
pub async fn set_card(db: &Db, id: i64, card: i64, now: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE wa_conversations SET card_id = $2, updated_at = $3 \
        WHERE id = $1 AND card_id IS NULL";
    let n = on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(card).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Adds an internal note by `author` to conversation `id`.
pub async fn insert_note(
    db: &Db,
    id: i64,
    author: i64,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO wa_notes (conversation_id, author_id, body, created_at) \
        VALUES ($1, $2, $3, $4)";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(author).bind(body).bind(now)
        .execute(pool).await.map(|_| ()))
}

/// The last `limit` internal notes of conversation `id`, as bubbles, oldest first.
pub async fn notes(db: &Db, id: i64, limit: i64) -> Result<Vec<super::Bubble>, sqlx::Error> {
    const SQL: &str = "SELECT * FROM (SELECT n.id, n.body, n.created_at, u.name FROM wa_notes n \
        LEFT JOIN users u ON u.id = n.author_id WHERE n.conversation_id = $1 \
        ORDER BY n.created_at DESC, n.id DESC LIMIT $2) last ORDER BY created_at, id";
    let rows: Vec<(i64, String, i64, Option<String>)> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(id).bind(limit).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, body, at, author)| super::Bubble {
            id,
            outgoing: true,
            kind: "note".to_owned(),
            body: Some(body),
            status: String::new(),
            at,
            error: None,
            reaction: None,
            author,
            filename: None,
            media: None,
            media_mime: None,
        })
        .collect())
}
