//! The LGPD actions on a client, each in one transaction with its audit row. The caller's role
//! was checked by the server function (or route); admins see every client, so there is no
//! record scope to apply here.

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{
    export::{self, DataExport, Format},
    redact::{self, Identifiers},
    repo,
};
use crate::{
    audit::{self, AuditEntry, RequestMeta},
    clients::search,
    db::{Db, Tx},
    error::AppError,
    users::repo::UserRow,
};

/// Personal-data exports one admin may make per hour.
pub const EXPORTS_PER_HOUR: i64 = 20;

/// The name an anonymised client is left with.
pub fn anonymous_name(id: i64) -> String {
    format!("Cliente anonimizado #{id}")
}

/// Whether what was typed to confirm an anonymisation is the client's name (spacing, case and
/// accents aside).
pub fn confirms_name(name: &str, typed: &str) -> bool {
    let typed = search::words(typed);
    !typed.is_empty() && typed == search::words(name)
}

async fn write_audit(
    tx: &mut Tx,
    actor: i64,
    action: &str,
    id: i64,
    changes: Value,
    meta: RequestMeta,
) -> Result<(), AppError> {
    let entry = AuditEntry {
        actor_id: Some(actor),
        action,
        entity_type: Some("client"),
        entity_id: Some(id.to_string()),
        changes: Some(changes),
        meta,
    };
    audit::record(tx, &entry).await?;
    Ok(())
}

/// Redacts the audit trail of `who` (client `id`); answers how many rows changed.
async fn redact_audit(
    tx: &mut Tx,
    id: i64,
    who: &Identifiers,
    now: OffsetDateTime,
) -> Result<usize, AppError> {
    let mut redacted = 0;
    for (row, own, stored) in repo::audit_to_redact(tx, id, who.needles()).await? {
        let Ok(changes) = serde_json::from_str::<Value>(&stored) else {
            // Not JSON: plain text, kept only if it names nobody.
            if own || who.found_in(&stored) {
                let text = Value::String(redact::REDACTED.to_owned()).to_string();
                repo::redact_audit_row(tx, row, &text, now).await?;
                redacted += 1;
            }
            continue;
        };
        let clean = if own {
            redact::redact_own(&changes, who)
        } else {
            redact::scrub(&changes, who)
        };
        if clean != changes {
            repo::redact_audit_row(tx, row, &clean.to_string(), now).await?;
            redacted += 1;
        }
    }
    Ok(redacted)
}

/// Anonymises client `id` for good (LGPD arts. 16 and 18 IV/VI) once `confirm` is its name:
/// the client row, its contacts, tags, notes, what the import kept of it, its policies' free
/// texts and identity documents, its WhatsApp conversations, and the personal values of the
/// audit trail, all in one
/// transaction with the `client.anonymize` audit row.
pub async fn anonymize(
    db: &Db,
    actor: &UserRow,
    id: i64,
    confirm: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let person = repo::personal(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !confirms_name(&person.name, confirm) {
        return Err(AppError::invalid("confirm", "anonymize_confirm_mismatch"));
    }
    let who = Identifiers::new(
        &person.name,
        person.tax_id.as_deref(),
        &person.phones,
        &person.emails,
    );
    let name = anonymous_name(id);
    let search_text = search::search_text(&search::Searchable {
        name: &name,
        trade_name: None,
        contact_name: None,
        tax_id: None,
        phones: &[],
        emails: &[],
        tags: &[],
        city: person.city.as_deref(),
    });
    repo::anonymize(&mut tx, id, &name, &search_text, now).await?;
    if person.marketing_consent {
        crate::clients::repo::record_consent(&mut tx, id, false, None, actor.id, now).await?;
    }
    repo::scrub_import_rows(&mut tx, id, &name).await?;
    // Policies are contracts the brokerage must keep: their free texts go, and so do the
    // documents that only identify the person (CNH, CRLV, vistoria photos…).
    crate::policies::repo::redact_client_texts(&mut tx, id, redact::REDACTED, now).await?;
    // So do the free texts of the Kanban cards about the person (descriptions, comments), and
    // their titles and checklist items that name them.
    let names_them = |text: &str| who.found_in(text);
    crate::kanban::repo::redact_client_cards(&mut tx, id, redact::REDACTED, &names_them).await?;
    let documents =
        crate::policies::documents::repo::delete_personal_of_client(&mut tx, id).await?;
    // WhatsApp conversations are the person's own words and number: they go entirely.
    let whatsapp = crate::whatsapp::privacy::erase_client(&mut tx, id).await?;
    let redacted = redact_audit(&mut tx, id, &who, now).await?;
    repo::purge_search_index(&mut tx).await?;
    let changes = json!({
        "redacted_audit_rows": redacted,
        "deleted_documents": documents,
        "deleted_whatsapp_messages": whatsapp.messages,
    });
    write_audit(
        &mut tx,
        actor.id,
        "client.anonymize",
        id,
        changes,
        RequestMeta::current(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes client `id` and everything under it (its WhatsApp conversations too), unless it holds
/// policies (then anonymising is the way). The audit row keeps only the id and the name.
pub async fn delete(db: &Db, actor: &UserRow, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let person = repo::personal(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if repo::has_policies(&mut tx, id).await? {
        return Err(AppError::invalid("confirm", "delete_has_policies"));
    }
    // Without this the contacts would outlive the client as leads (ON DELETE SET NULL).
    crate::whatsapp::privacy::erase_client(&mut tx, id).await?;
    repo::delete(&mut tx, id).await?;
    let changes = json!({ "name": person.name });
    write_audit(
        &mut tx,
        actor.id,
        "client.delete",
        id,
        changes,
        RequestMeta::current(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Everything held about client `id`, for an admin's export in `format` (audited as
/// `client.data_export`; at most [`EXPORTS_PER_HOUR`] per admin per hour, else 429).
pub async fn export(
    db: &Db,
    actor: &UserRow,
    id: i64,
    format: Format,
    meta: RequestMeta,
    now: OffsetDateTime,
) -> Result<DataExport, AppError> {
    let mut tx = db.begin().await?;
    if repo::exports_last_hour(&mut tx, actor.id).await? >= EXPORTS_PER_HOUR {
        return Err(AppError::RateLimited);
    }
    let data = export::gather(&mut tx, id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let changes = json!({ "format": format.as_str() });
    write_audit(&mut tx, actor.id, "client.data_export", id, changes, meta).await?;
    tx.commit().await?;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_typed_to_confirm_ignores_case_accents_and_spacing_but_not_words() {
        let name = "João Conceição da Silva";
        assert!(confirms_name(name, "João Conceição da Silva"));
        assert!(confirms_name(name, "  joao conceicao   DA silva "));
        assert!(!confirms_name(name, "João Conceição"));
        assert!(!confirms_name(name, ""));
        assert!(!confirms_name("", ""));
        assert!(!confirms_name(name, "sim"));
    }

    #[test]
    fn an_anonymised_client_is_named_by_its_number_only() {
        assert_eq!(anonymous_name(42), "Cliente anonimizado #42");
    }
}
