//! What can be done to clients: each input parsed into a [`Record`] (field errors in the
//! person's language), each change written in one transaction with its audit row, always within
//! the caller's [`Scope`].

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{
    repo::{self, Record},
    scope::Scope,
    ClientDetail, ClientFilter, ClientPage, Duplicate, TimelinePage,
};
use crate::{
    audit::{self, Changes, RequestMeta},
    db::{Db, Tx},
    error::AppError,
    users::repo::UserRow,
};

pub(crate) mod parse;

pub use parse::parse_input;

/// Highest page number the list answers (a larger one shows this page).
pub const MAX_PAGE: i64 = 1_000_000;

/// Longest note or logged call, in characters.
pub const MAX_NOTE: usize = 5_000;

async fn write_audit(
    tx: &mut Tx,
    actor: i64,
    action: &str,
    id: i64,
    changes: Option<Value>,
) -> Result<(), AppError> {
    audit::change(
        tx,
        Some(actor),
        action,
        ("client", id),
        changes,
        RequestMeta::current(),
    )
    .await?;
    Ok(())
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// The values the audit trail records for a client, as people read them (documents masked).
fn audit_view(r: &Record) -> Vec<(&'static str, Value)> {
    let phones: Vec<String> = r
        .phones
        .iter()
        .map(|(p, kind, whatsapp)| {
            let wa = if *whatsapp { " WhatsApp" } else { "" };
            format!("{} ({kind}{wa})", p.display())
        })
        .collect();
    vec![
        ("kind", json!(r.kind.as_str())),
        ("name", json!(r.name)),
        ("trade_name", json!(r.trade_name)),
        ("tax_id", json!(r.tax_id.as_deref().map(repo::mask_tax_id))),
        (
            "birth_date",
            json!(r.birth_date.map(crate::format::date_br)),
        ),
        ("profession", json!(r.profession)),
        ("contact_name", json!(r.contact_name)),
        ("phones", json!(phones.join(", "))),
        ("emails", json!(r.emails.join(", "))),
        ("tags", json!(r.tags.join(", "))),
        ("lines", json!(r.lines.join(", "))),
        ("source", json!(r.source)),
        ("cep", json!(r.cep)),
        ("street", json!(r.street)),
        ("street_number", json!(r.street_number)),
        ("complement", json!(r.complement)),
        ("district", json!(r.district)),
        ("city", json!(r.city)),
        ("state", json!(r.state)),
        ("notes", json!(r.notes)),
        ("marketing_consent", json!(r.marketing_consent)),
        ("consent_channel", json!(r.consent_channel)),
    ]
}

/// The fields of a new client that hold something, as `{"field": {"from": null, "to": …}}`.
fn creation_changes(r: &Record) -> Value {
    let mut changes = Changes::default();
    for (field, value) in audit_view(r) {
        let empty = value.is_null() || value == json!("") || value == json!(false);
        if !empty {
            changes.compare(field, Value::Null, value);
        }
    }
    changes.into_value()
}

fn tax_id_taken() -> AppError {
    AppError::invalid("tax_id", "tax_id_taken")
}

/// Creates a client owned by `actor` (in the actor's team); answers its id. A CPF/CNPJ already
/// registered is refused; other likely duplicates are shown on the new client's page.
pub async fn create(
    db: &Db,
    actor: &UserRow,
    input: super::ClientInput,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let record = parse_input(input)?;
    let mut tx = db.begin().await?;
    let id = create_in(&mut tx, actor, &record, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`create`] inside the caller's transaction, for a record already parsed.
pub async fn create_in(
    tx: &mut Tx,
    actor: &UserRow,
    record: &Record,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    if repo::duplicates(tx, record, None)
        .await?
        .iter()
        .any(|(_, _, reason)| *reason == "tax_id")
    {
        return Err(tax_id_taken());
    }
    let id = match repo::insert(tx, record, actor.id, actor.team_id, now).await {
        Err(e) if is_unique_violation(&e) => return Err(tax_id_taken()),
        other => other?,
    };
    if record.marketing_consent {
        let channel = record.consent_channel.as_deref();
        repo::record_consent(tx, id, true, channel, actor.id, now).await?;
    }
    adopt_whatsapp_leads(tx, id, record, now).await?;
    write_audit(
        tx,
        actor.id,
        "client.create",
        id,
        Some(creation_changes(record)),
    )
    .await?;
    Ok(id)
}

/// What the edit form would send for a client as it is.
pub fn input_of(detail: &ClientDetail) -> super::ClientInput {
    super::ClientInput {
        kind: detail.kind.as_str().to_owned(),
        name: detail.name.clone(),
        trade_name: detail.trade_name.clone(),
        tax_id: detail.tax_id.clone(),
        birth_date: detail.birth_date.map(|d| d.to_string()),
        profession: detail.profession.clone(),
        contact_name: detail.contact_name.clone(),
        phones: detail
            .phones
            .iter()
            .map(|p| super::PhoneInput {
                number: p.e164.clone(),
                kind: p.kind.clone(),
                whatsapp: p.whatsapp.then(|| "on".to_owned()),
            })
            .collect(),
        emails: detail.emails.clone(),
        tags: Some(detail.tags.join(", ")),
        lines: detail.lines.clone(),
        source: detail.source.clone(),
        cep: detail.cep.clone(),
        street: detail.street.clone(),
        street_number: detail.street_number.clone(),
        complement: detail.complement.clone(),
        district: detail.district.clone(),
        city: detail.city.clone(),
        state: detail.state.clone(),
        notes: detail.notes.clone(),
        marketing_consent: detail.marketing_consent.then(|| "on".to_owned()),
        consent_channel: detail.consent_channel.clone(),
    }
}

/// Rebuilds the stored record of a client from what its page shows (for diffs).
pub fn record_of(detail: &ClientDetail) -> Result<Record, AppError> {
    parse_input(input_of(detail))
}

/// Saves an edit of client `id`; only fields that changed are audited. Answers whether
/// anything changed.
pub async fn update(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    input: super::ClientInput,
    now: OffsetDateTime,
) -> Result<bool, AppError> {
    let record = parse_input(input)?;
    let before = repo::find(db, scope, id).await?.ok_or(AppError::NotFound)?;
    let before_record = record_of(&before)?;
    let mut tx = db.begin().await?;
    if !repo::in_scope(&mut tx, scope, id).await? {
        return Err(AppError::NotFound);
    }
    if repo::duplicates(&mut tx, &record, Some(id))
        .await?
        .iter()
        .any(|(_, _, reason)| *reason == "tax_id")
    {
        return Err(tax_id_taken());
    }
    let changed = update_in(&mut tx, actor, id, &before_record, &record, now).await?;
    adopt_whatsapp_leads(&mut tx, id, &record, now).await?;
    tx.commit().await?;
    Ok(changed)
}

/// WhatsApp leads writing from one of `record`'s phones (with or without the nono dígito)
/// become client `id`'s conversations: registering the person who wrote links their chat.
async fn adopt_whatsapp_leads(
    tx: &mut Tx,
    id: i64,
    record: &Record,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let phones: Vec<String> = record
        .phones
        .iter()
        .flat_map(|(phone, _, _)| phone.variants())
        .collect();
    crate::whatsapp::repo::adopt_leads(tx, id, &phones, now.unix_timestamp()).await
}

/// Writes `record` over client `id` (stored as `before`) inside the caller's transaction, with
/// its audit row; answers whether anything changed. The caller checked scope and duplicates.
pub async fn update_in(
    tx: &mut Tx,
    actor: &UserRow,
    id: i64,
    before_record: &Record,
    record: &Record,
    now: OffsetDateTime,
) -> Result<bool, AppError> {
    let mut changes = Changes::default();
    for ((field, from), (_, to)) in audit_view(before_record)
        .into_iter()
        .zip(audit_view(record))
    {
        changes.compare(field, from, to);
    }
    if changes.is_empty() {
        return Ok(false);
    }
    let consent_changed = before_record.marketing_consent != record.marketing_consent;
    match repo::update(tx, id, record, consent_changed, now).await {
        Err(e) if is_unique_violation(&e) => return Err(tax_id_taken()),
        other => other?,
    }
    if consent_changed {
        repo::record_consent(
            tx,
            id,
            record.marketing_consent,
            record.consent_channel.as_deref(),
            actor.id,
            now,
        )
        .await?;
    }
    write_audit(
        tx,
        actor.id,
        "client.update",
        id,
        Some(changes.into_value()),
    )
    .await?;
    Ok(true)
}

/// Archives client `id` (or restores it with `archive = false`).
pub async fn set_archived(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    archive: bool,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    if !repo::in_scope(&mut tx, scope, id).await? {
        return Err(AppError::NotFound);
    }
    repo::set_archived(&mut tx, id, archive.then_some(now), now).await?;
    let action = if archive {
        "client.archive"
    } else {
        "client.restore"
    };
    write_audit(&mut tx, actor.id, action, id, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Logs a note or a call on client `id`.
pub async fn add_note(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    kind: &str,
    body: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let body = body.trim();
    if !matches!(kind, "note" | "call") {
        return Err(AppError::invalid("kind", "value_invalid"));
    }
    if body.is_empty() {
        return Err(AppError::invalid("body", "note_required"));
    }
    if body.chars().count() > MAX_NOTE {
        return Err(AppError::invalid("body", "note_too_long"));
    }
    let mut tx = db.begin().await?;
    if !repo::in_scope(&mut tx, scope, id).await? {
        return Err(AppError::NotFound);
    }
    repo::insert_note(&mut tx, id, actor.id, kind, body, now).await?;
    tx.commit().await?;
    Ok(())
}

/// One page of the clients list within `scope`.
pub async fn list(db: &Db, scope: &Scope, filter: &ClientFilter) -> Result<ClientPage, AppError> {
    super::created::created_days(filter)?;
    // Far past any real list, and small enough that the offset cannot overflow.
    let filter = ClientFilter {
        page: filter.page.clamp(1, MAX_PAGE),
        ..filter.clone()
    };
    let (rows, total) = repo::list(db, scope, &filter).await?;
    Ok(ClientPage {
        rows,
        total,
        page: filter.page,
        owners: repo::owners(db, scope).await?,
    })
}

/// A client's page: the record, its likely duplicates within `scope`, and its timeline.
/// Opening it is audited (`client.view`, LGPD: who looked at whose data).
pub async fn profile(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    page: i64,
) -> Result<(ClientDetail, Vec<Duplicate>, TimelinePage), AppError> {
    let detail = repo::find(db, scope, id).await?.ok_or(AppError::NotFound)?;
    let record = record_of(&detail)?;
    let mut tx = db.begin().await?;
    let mut duplicates = Vec::new();
    for (other, name, reason) in repo::duplicates(&mut tx, &record, Some(id)).await? {
        // Someone else's client is named only if the caller may see it.
        let visible = repo::in_scope(&mut tx, scope, other).await?;
        duplicates.push(Duplicate {
            id: other,
            name: if visible { name } else { String::new() },
            reason: reason.to_owned(),
        });
    }
    write_audit(&mut tx, actor.id, "client.view", id, None).await?;
    tx.commit().await?;
    let page = page.clamp(1, repo::MAX_TIMELINE_PAGE);
    let mut entries = repo::timeline(db, id, page).await?;
    let more = entries.len() as i64 > repo::TIMELINE_PAGE;
    entries.truncate(repo::TIMELINE_PAGE as usize);
    Ok((
        detail,
        duplicates,
        TimelinePage {
            entries,
            page,
            more,
        },
    ))
}
