//! Reverting an import as a whole: clients it created are deleted, clients it updated get back
//! what they held before — except those someone changed (or logged a note on) after the import
//! finished, which are kept and listed in the report. Runs as a job, in chunks that each commit
//! with their progress, so a revert cut short resumes where it stopped.

use serde_json::json;
use time::OffsetDateTime;

use super::{visible, write_audit, REVERT_JOB};
use crate::{
    audit::{self, AuditEntry, RequestMeta},
    clients::{
        import::{
            repo::{self, WrittenLine},
            ImportStatus, REVERT_DAYS,
        },
        repo as clients_repo,
        scope::Scope,
        service::{parse_input, record_of, update_in},
        ClientInput,
    },
    db::{Db, Tx},
    error::AppError,
    users::repo::{find_by_id, UserRow},
};

/// Lines undone per transaction.
const CHUNK: i64 = 200;

/// Asks for import `id` to be reverted (queued as a job). Asking again does nothing.
pub async fn request_revert(
    db: &Db,
    actor: &UserRow,
    id: i64,
    meta: RequestMeta,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let import = visible(db, actor, id).await?;
    match import.status() {
        ImportStatus::Reverting | ImportStatus::Reverted => return Ok(()),
        ImportStatus::Done => {}
        _ => return Err(AppError::Conflict),
    }
    let too_late = import
        .finished_at
        .is_none_or(|at| now > at + time::Duration::days(REVERT_DAYS));
    if too_late {
        return Err(AppError::Gone);
    }
    let mut tx = db.begin().await?;
    if !repo::set_status(
        &mut tx,
        id,
        ImportStatus::Done,
        ImportStatus::Reverting,
        now,
    )
    .await?
    {
        return Ok(());
    }
    let payload = json!({ "import": id, "by": actor.id });
    crate::jobs::enqueue(
        &mut tx,
        REVERT_JOB,
        &payload,
        Some(actor.id),
        now.unix_timestamp(),
    )
    .await?;
    write_audit(
        &mut tx,
        actor.id,
        "client_import.revert",
        id,
        json!({}),
        meta,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Undoes one written line; answers `undone` or `kept`.
async fn undo(
    tx: &mut Tx,
    db: &Db,
    actor: &UserRow,
    import_id: i64,
    finished_at: OffsetDateTime,
    line: &WrittenLine,
    now: OffsetDateTime,
) -> Result<&'static str, AppError> {
    let Some(client_id) = line.client_id else {
        return Ok("undone");
    };
    let Some((updated_at, noted_at)) = repo::touched(tx, client_id).await? else {
        return Ok("undone");
    };
    if updated_at > finished_at || noted_at.is_some_and(|at| at > finished_at) {
        return Ok("kept");
    }
    if line.outcome == "created" {
        repo::delete_client(tx, client_id).await?;
        let entry = AuditEntry {
            actor_id: Some(actor.id),
            action: "client.delete",
            entity_type: Some("client"),
            entity_id: Some(client_id.to_string()),
            changes: Some(json!({ "import": import_id })),
            meta: RequestMeta::default(),
        };
        audit::record(tx, &entry).await?;
        return Ok("undone");
    }
    let Some(before) = line
        .before
        .as_deref()
        .and_then(|json| serde_json::from_str::<ClientInput>(json).ok())
    else {
        return Ok("kept");
    };
    let Some(current) = clients_repo::find(db, &Scope::All, client_id).await? else {
        return Ok("undone");
    };
    let (Ok(current), Ok(before)) = (record_of(&current), parse_input(before)) else {
        return Ok("kept");
    };
    match update_in(tx, actor, client_id, &current, &before, now).await {
        Ok(_) => Ok("undone"),
        // The document it had is someone else's now.
        Err(AppError::Invalid { .. }) => Ok("kept"),
        Err(e) => Err(e),
    }
}

/// Runs (or resumes) the revert of import `id` asked by user `by`. Doing it again after it
/// finished does nothing.
pub async fn revert(
    db: &Db,
    id: i64,
    by: i64,
    now: impl Fn() -> OffsetDateTime,
) -> Result<(), AppError> {
    let Some(import) = repo::load(db, id).await? else {
        return Ok(());
    };
    if import.status() != ImportStatus::Reverting {
        return Ok(());
    }
    let Some(actor) = find_by_id(db, by).await? else {
        return Err(AppError::NotFound);
    };
    let finished_at = import.finished_at.unwrap_or_else(&now);
    loop {
        let batch = repo::unreverted(db, id, CHUNK).await?;
        if batch.is_empty() {
            break;
        }
        let at = now();
        let mut tx = db.begin().await?;
        for line in &batch {
            let result = undo(&mut tx, db, &actor, id, finished_at, line, at).await?;
            repo::mark_reverted(&mut tx, id, line.line, result, at).await?;
        }
        tx.commit().await?;
    }
    let summary = repo::summary(db, id).await?;
    let details = summary.map_or(
        json!({}),
        |s| json!({ "undone": s.reverted_rows, "kept": s.kept_count }),
    );
    let mut tx = db.begin().await?;
    repo::finish_revert(&mut tx, id, Some(actor.id), now()).await?;
    write_audit(
        &mut tx,
        actor.id,
        "client_import.reverted",
        id,
        details,
        RequestMeta::default(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
