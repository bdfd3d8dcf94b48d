//! The ramo half of the service: registering, editing, deactivating and reactivating ramos,
//! each change in one transaction with its audit row.

use serde_json::Value;
use time::OffsetDateTime;

use super::{activation, diff, line_view, write_audit, write_error, LINE};
use crate::{
    db::Db,
    error::AppError,
    insurers::{
        parse::{parse_line, LineRecord},
        repo, InsuranceLine, LineInput,
    },
};

fn line_taken() -> AppError {
    AppError::invalid("susep_code", "line_code_taken")
}

fn record_line_view(r: &LineRecord) -> Value {
    line_view(&r.susep_code, &r.name, &r.family, r.iof_rate)
}

fn stored_line_view(l: &InsuranceLine) -> Value {
    line_view(&l.susep_code, &l.name, &l.family, l.iof_rate)
}

/// Registers a ramo (active); answers its id.
pub async fn create_line(
    db: &Db,
    actor: i64,
    input: &LineInput,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let record = parse_line(input)?;
    let mut tx = db.begin().await?;
    if repo::line_code_taken(&mut tx, &record.susep_code, None).await? {
        return Err(line_taken());
    }
    let id = repo::insert_line(&mut tx, &record, now)
        .await
        .map_err(|e| write_error(e, |_| line_taken()))?;
    let changes = diff(&Value::Null, &record_line_view(&record));
    write_audit(&mut tx, actor, "insurance_line.create", LINE, id, changes).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edit of ramo `id`; only fields that changed are audited. Answers whether anything
/// changed.
pub async fn update_line(
    db: &Db,
    actor: i64,
    id: i64,
    input: &LineInput,
    now: OffsetDateTime,
) -> Result<bool, AppError> {
    let record = parse_line(input)?;
    let mut tx = db.begin().await?;
    let before = repo::find_line(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if repo::line_code_taken(&mut tx, &record.susep_code, Some(id)).await? {
        return Err(line_taken());
    }
    let changes = diff(&stored_line_view(&before), &record_line_view(&record));
    if changes.is_empty() {
        return Ok(false);
    }
    repo::update_line(&mut tx, id, &record, now)
        .await
        .map_err(|e| write_error(e, |_| line_taken()))?;
    write_audit(&mut tx, actor, "insurance_line.update", LINE, id, changes).await?;
    tx.commit().await?;
    Ok(true)
}

/// Activates or deactivates ramo `id` (nothing happens when it already is).
pub async fn set_line_active(
    db: &Db,
    actor: i64,
    id: i64,
    active: bool,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let before = repo::find_line(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some((action, changes)) = activation(LINE, before.active, active) {
        repo::set_line_active(&mut tx, id, active, now).await?;
        write_audit(&mut tx, actor, &action, LINE, id, changes).await?;
        tx.commit().await?;
    }
    Ok(())
}
