//! What can be done to insurers and ramos: each input parsed into a record (field errors as
//! catalogue keys), a name, CNPJ or SUSEP code already in use answered as a field error (never a
//! database message), and each change written in one transaction with its audit row.

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{
    format_iof,
    parse::{parse_insurer, InsurerRecord},
    repo, Insurer, InsurerInput,
};
use crate::{
    audit::{self, AuditEntry, Changes, RequestMeta},
    db::{Db, Tx},
    error::{AppError, FieldErrors},
};

mod lines;

pub use lines::{create_line, set_line_active, update_line};

/// `entity_type` of the audit rows about insurers.
pub const INSURER: &str = "insurer";
/// `entity_type` of the audit rows about ramos.
pub const LINE: &str = "insurance_line";

async fn write_audit(
    tx: &mut Tx,
    actor: i64,
    action: &str,
    entity: &'static str,
    id: i64,
    changes: Changes,
) -> Result<(), AppError> {
    let entry = AuditEntry {
        actor_id: Some(actor),
        action,
        entity_type: Some(entity),
        entity_id: Some(id.to_string()),
        changes: Some(changes.into_value()),
        meta: RequestMeta::current(),
    };
    audit::record(tx, &entry).await?;
    Ok(())
}

/// The field a unique index refused, read from the constraint's name (PostgreSQL) or the
/// message (SQLite, `UNIQUE constraint failed: insurers.cnpj`).
fn refused_field(err: &sqlx::Error) -> Option<&'static str> {
    let sqlx::Error::Database(db) = err else {
        return None;
    };
    if !db.is_unique_violation() {
        return None;
    }
    let what = format!("{} {}", db.constraint().unwrap_or_default(), db.message());
    Some(if what.contains("cnpj") {
        "cnpj"
    } else if what.contains("susep") || what.contains("code") {
        "susep_code"
    } else {
        "name"
    })
}

/// The message key of an insurer's `field` already in use.
fn insurer_taken_key(field: &str) -> &'static str {
    match field {
        "cnpj" => "cnpj_taken",
        "susep_code" => "susep_code_taken",
        _ => "insurer_name_taken",
    }
}

fn insurer_taken(fields: &[&str]) -> AppError {
    let mut errors = FieldErrors::default();
    for field in fields {
        errors.add(field, insurer_taken_key(field));
    }
    errors.into_result().err().unwrap_or(AppError::Conflict)
}

/// Maps a failed write: a unique index's refusal becomes the field error `taken` gives.
fn write_error(err: sqlx::Error, taken: impl Fn(&str) -> AppError) -> AppError {
    match refused_field(&err) {
        Some(field) => taken(field),
        None => err.into(),
    }
}

/// The values the audit trail records for an insurer (CNPJ masked, as people read it).
fn insurer_view(legal_name: &str, name: &str, cnpj: Option<String>, code: Option<&str>) -> Value {
    json!({ "legal_name": legal_name, "name": name, "cnpj": cnpj, "susep_code": code })
}

fn record_view(r: &InsurerRecord) -> Value {
    let cnpj = r.cnpj.as_deref().map(repo::mask_cnpj);
    insurer_view(&r.legal_name, &r.name, cnpj, r.susep_code.as_deref())
}

fn stored_view(i: &Insurer) -> Value {
    insurer_view(
        &i.legal_name,
        &i.name,
        i.cnpj.clone(),
        i.susep_code.as_deref(),
    )
}

fn line_view(code: &str, name: &str, family: &str, iof_rate: i64) -> Value {
    json!({ "susep_code": code, "name": name, "family": family, "iof_rate": format_iof(iof_rate) })
}

/// The field-by-field differences between two views (`before` = `Null` for a creation, where
/// empty fields are left out).
fn diff(before: &Value, after: &Value) -> Changes {
    let mut changes = Changes::default();
    if let Some(fields) = after.as_object() {
        for (field, to) in fields {
            let from = before.get(field).cloned().unwrap_or(Value::Null);
            changes.compare(field, from, to);
        }
    }
    changes
}

/// Registers an insurer (active); answers its id.
pub async fn create_insurer(
    db: &Db,
    actor: i64,
    input: &InsurerInput,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let record = parse_insurer(input)?;
    let mut tx = db.begin().await?;
    let conflicts = repo::insurer_conflicts(&mut tx, &record, None).await?;
    if !conflicts.is_empty() {
        return Err(insurer_taken(&conflicts));
    }
    let id = repo::insert_insurer(&mut tx, &record, now)
        .await
        .map_err(|e| write_error(e, |f| insurer_taken(&[f])))?;
    let changes = diff(&Value::Null, &record_view(&record));
    write_audit(&mut tx, actor, "insurer.create", INSURER, id, changes).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edit of insurer `id`; only fields that changed are audited. Answers whether
/// anything changed.
pub async fn update_insurer(
    db: &Db,
    actor: i64,
    id: i64,
    input: &InsurerInput,
    now: OffsetDateTime,
) -> Result<bool, AppError> {
    let record = parse_insurer(input)?;
    let mut tx = db.begin().await?;
    let before = repo::find_insurer(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let conflicts = repo::insurer_conflicts(&mut tx, &record, Some(id)).await?;
    if !conflicts.is_empty() {
        return Err(insurer_taken(&conflicts));
    }
    let changes = diff(&stored_view(&before), &record_view(&record));
    if changes.is_empty() {
        return Ok(false);
    }
    repo::update_insurer(&mut tx, id, &record, now)
        .await
        .map_err(|e| write_error(e, |f| insurer_taken(&[f])))?;
    write_audit(&mut tx, actor, "insurer.update", INSURER, id, changes).await?;
    tx.commit().await?;
    Ok(true)
}

/// The audit action and diff of turning `active` from `before` to `after` (`None` when equal).
fn activation(entity: &str, before: bool, after: bool) -> Option<(String, Changes)> {
    if before == after {
        return None;
    }
    let verb = if after { "activate" } else { "deactivate" };
    let mut changes = Changes::default();
    changes.compare("active", before, after);
    Some((format!("{entity}.{verb}"), changes))
}

/// Activates or deactivates insurer `id` (nothing happens when it already is).
pub async fn set_insurer_active(
    db: &Db,
    actor: i64,
    id: i64,
    active: bool,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let before = repo::find_insurer(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some((action, changes)) = activation(INSURER, before.active, active) {
        repo::set_insurer_active(&mut tx, id, active, now).await?;
        write_audit(&mut tx, actor, &action, INSURER, id, changes).await?;
        tx.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_creation_diff_leaves_out_empty_fields_and_an_edit_only_what_changed() {
        let created = diff(
            &Value::Null,
            &json!({ "name": "Nova", "cnpj": null, "susep_code": "01234" }),
        );
        assert_eq!(
            created.into_value(),
            json!({ "name": { "from": null, "to": "Nova" },
                    "susep_code": { "from": null, "to": "01234" } })
        );
        let edited = diff(
            &json!({ "name": "Nova", "iof_rate": "7,38" }),
            &json!({ "name": "Nova", "iof_rate": "0,38" }),
        );
        assert_eq!(
            edited.into_value(),
            json!({ "iof_rate": { "from": "7,38", "to": "0,38" } })
        );
    }

    #[test]
    fn activation_is_audited_only_when_it_changes() {
        assert!(activation(INSURER, true, true).is_none());
        let (action, changes) = activation(INSURER, true, false).unwrap();
        assert_eq!(action, "insurer.deactivate");
        assert_eq!(
            changes.into_value(),
            json!({ "active": { "from": true, "to": false } })
        );
        assert_eq!(
            activation(LINE, false, true).unwrap().0,
            "insurance_line.activate"
        );
    }

    #[test]
    fn every_field_in_use_gets_its_own_message() {
        assert_eq!(
            insurer_taken(&["cnpj", "susep_code"]),
            AppError::Invalid {
                fields: [
                    ("cnpj".to_owned(), "cnpj_taken".to_owned()),
                    ("susep_code".to_owned(), "susep_code_taken".to_owned()),
                ]
                .into()
            }
        );
        assert_eq!(
            insurer_taken(&["name"]),
            AppError::invalid("name", "insurer_name_taken")
        );
    }
}
