//! SQL of imports: `client_imports` (one per uploaded file) and `client_import_rows` (one per
//! line dealt with).

use sqlx::FromRow;
use time::OffsetDateTime;

use super::{ImportProblem, ImportStatus, ImportSummary};
use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

/// An import as stored (the file itself only until the import has run).
#[derive(Clone, Debug, FromRow)]
pub struct ImportRow {
    pub id: i64,
    pub created_by: Option<i64>,
    pub file_name: String,
    pub content: Option<Vec<u8>>,
    pub encoding: String,
    pub separator: String,
    pub mapping: Option<String>,
    pub mode: Option<String>,
    pub keep_valid: bool,
    pub status: String,
    pub finished_at: Option<OffsetDateTime>,
    #[sqlx(flatten)]
    pub counts: Counts,
}

impl ImportRow {
    /// The stored status (`Failed` for an unknown code, which only a hand-edited row can have).
    pub fn status(&self) -> ImportStatus {
        ImportStatus::from_code(&self.status).unwrap_or(ImportStatus::Failed)
    }
}

/// Progress counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromRow)]
pub struct Counts {
    pub total_rows: i64,
    pub done_rows: i64,
    pub created_count: i64,
    pub updated_count: i64,
    pub skipped_count: i64,
    pub invalid_count: i64,
    pub reverted_rows: i64,
    pub kept_count: i64,
}

macro_rules! counts {
    () => {
        "total_rows, done_rows, created_count, updated_count, skipped_count, invalid_count, \
         reverted_rows, kept_count"
    };
}

/// Stores an uploaded file as a draft; answers its id.
#[allow(clippy::too_many_arguments)]
pub async fn insert_draft(
    db: &Db,
    created_by: i64,
    file_name: &str,
    content: &[u8],
    encoding: &str,
    separator: &str,
    mapping: &str,
    total_rows: i64,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO client_imports (created_by, file_name, content, encoding, \
        separator, mapping, total_rows, status, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $8) RETURNING id";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(created_by).bind(file_name).bind(content)
        .bind(encoding).bind(separator).bind(mapping).bind(total_rows).bind(now)
        .fetch_one(pool).await)
}

/// An import, file included.
pub async fn load(db: &Db, id: i64) -> Result<Option<ImportRow>, sqlx::Error> {
    const SQL: &str = concat!(
        "SELECT id, created_by, file_name, content, encoding, separator, mapping, mode, \
         keep_valid, status, finished_at, ",
        counts!(),
        " FROM client_imports WHERE id = $1"
    );
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// Changes how a draft is read (and so its proposed mapping). Answers whether it was a draft.
pub async fn set_format(
    db: &Db,
    id: i64,
    encoding: &str,
    separator: &str,
    mapping: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE client_imports SET encoding = $2, separator = $3, mapping = $4, \
        updated_at = $5 WHERE id = $1 AND status = 'draft'";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(encoding).bind(separator).bind(mapping)
        .bind(now).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Queues a draft with its mapping and choices. Answers whether it was a draft.
pub async fn queue(
    tx: &mut Tx,
    id: i64,
    mapping: &str,
    mode: &str,
    keep_valid: bool,
    total_rows: i64,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE client_imports SET mapping = $2, mode = $3, keep_valid = $4, \
        total_rows = $5, status = 'queued', updated_at = $6 WHERE id = $1 AND status = 'draft'";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(mapping).bind(mode).bind(keep_valid)
        .bind(total_rows).bind(now).execute(conn).await.map(|r| r.rows_affected() == 1))
}

/// Moves an import from one status to another. Answers whether it was in `from`.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: ImportStatus,
    to: ImportStatus,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE client_imports SET status = $3, updated_at = $4 \
        WHERE id = $1 AND status = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(from.code()).bind(to.code()).bind(now)
        .execute(conn).await.map(|r| r.rows_affected() == 1))
}

/// Ends an import (done, refused or failed) and forgets its file.
pub async fn finish(
    tx: &mut Tx,
    id: i64,
    status: ImportStatus,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE client_imports SET status = $2, content = NULL, finished_at = $3, \
        updated_at = $3 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(status.code()).bind(now)
        .execute(conn).await.map(|_| ()))
}

/// One line's outcome, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineOutcome {
    pub line: i64,
    /// `created`, `updated`, `skipped` or `invalid`.
    pub outcome: &'static str,
    pub client_id: Option<i64>,
    pub label: Option<String>,
    /// JSON list of [column, key] pairs.
    pub reasons: Option<String>,
    /// JSON of the client before an update.
    pub before: Option<String>,
}

/// Writes a chunk's line outcomes and advances the counters by them.
pub async fn record_lines(
    tx: &mut Tx,
    id: i64,
    lines: &[LineOutcome],
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const LINE: &str = "INSERT INTO client_import_rows (import_id, line, outcome, client_id, \
        label, reasons, before) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    for l in lines {
        on_tx!(tx, conn => sqlx::query(LINE).bind(id).bind(l.line).bind(l.outcome)
            .bind(l.client_id).bind(&l.label).bind(&l.reasons).bind(&l.before)
            .execute(conn).await.map(|_| ()))?;
    }
    let count = |o: &str| lines.iter().filter(|l| l.outcome == o).count() as i64;
    const ADVANCE: &str = "UPDATE client_imports SET done_rows = done_rows + $2, \
        created_count = created_count + $3, updated_count = updated_count + $4, \
        skipped_count = skipped_count + $5, invalid_count = invalid_count + $6, updated_at = $7 \
        WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(ADVANCE).bind(id).bind(lines.len() as i64)
        .bind(count("created")).bind(count("updated")).bind(count("skipped"))
        .bind(count("invalid")).bind(now).execute(conn).await.map(|_| ()))
}

#[derive(FromRow)]
struct ProblemRow {
    line: i64,
    outcome: String,
    label: Option<String>,
    client_id: Option<i64>,
    reasons: Option<String>,
    revert: Option<String>,
}

impl From<ProblemRow> for ImportProblem {
    fn from(r: ProblemRow) -> Self {
        ImportProblem {
            line: r.line,
            outcome: match r.revert.as_deref() {
                Some("kept") => "kept".to_owned(),
                _ => r.outcome,
            },
            label: r.label,
            client_id: r.client_id,
            reasons: r
                .reasons
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
        }
    }
}

/// Lines that were not written (skipped, invalid) or kept by a revert, in file order; `None`
/// as limit answers every line of the import instead (the downloadable report).
pub async fn problems(
    db: &Db,
    id: i64,
    limit: Option<i64>,
) -> Result<Vec<ImportProblem>, sqlx::Error> {
    const SOME: &str = "SELECT line, outcome, label, client_id, reasons, revert \
        FROM client_import_rows WHERE import_id = $1 \
        AND (outcome IN ('skipped', 'invalid') OR revert = 'kept') ORDER BY line LIMIT $2";
    const ALL: &str = "SELECT line, outcome, label, client_id, reasons, revert \
        FROM client_import_rows WHERE import_id = $1 ORDER BY line";
    let rows: Vec<ProblemRow> = match limit {
        Some(limit) => on_pool!(db, pool => sqlx::query_as(SOME).bind(id).bind(limit)
            .fetch_all(pool).await)?,
        None => on_pool!(db, pool => sqlx::query_as(ALL).bind(id).fetch_all(pool).await)?,
    };
    Ok(rows.into_iter().map(ImportProblem::from).collect())
}

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    file_name: String,
    status: String,
    created_by: Option<String>,
    created_at: OffsetDateTime,
    #[sqlx(flatten)]
    counts: Counts,
}

macro_rules! summary {
    () => {
        "SELECT i.id, i.file_name, i.status, u.name AS created_by, i.created_at, i.total_rows, \
         i.done_rows, i.created_count, i.updated_count, i.skipped_count, i.invalid_count, \
         i.reverted_rows, i.kept_count FROM client_imports i \
         LEFT JOIN users u ON u.id = i.created_by "
    };
}

impl From<SummaryRow> for ImportSummary {
    fn from(r: SummaryRow) -> Self {
        ImportSummary {
            id: r.id,
            file_name: r.file_name,
            status: ImportStatus::from_code(&r.status).unwrap_or(ImportStatus::Failed),
            created_by: r.created_by,
            created_at: r.created_at,
            total_rows: r.counts.total_rows,
            done_rows: r.counts.done_rows,
            created_count: r.counts.created_count,
            updated_count: r.counts.updated_count,
            skipped_count: r.counts.skipped_count,
            invalid_count: r.counts.invalid_count,
            reverted_rows: r.counts.reverted_rows,
            kept_count: r.counts.kept_count,
        }
    }
}

/// One import's summary.
pub async fn summary(db: &Db, id: i64) -> Result<Option<ImportSummary>, sqlx::Error> {
    const SQL: &str = concat!(summary!(), "WHERE i.id = $1");
    let row: Option<SummaryRow> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(ImportSummary::from))
}

/// The latest imports (of `created_by` only, when given), newest first.
pub async fn recent(
    db: &Db,
    created_by: Option<i64>,
    limit: i64,
) -> Result<Vec<ImportSummary>, sqlx::Error> {
    const SQL: &str = concat!(
        summary!(),
        "WHERE ($1 IS NULL OR i.created_by = $1) ORDER BY i.id DESC LIMIT $2"
    );
    let rows: Vec<SummaryRow> = on_pool!(db, pool => sqlx::query_as(SQL).bind(created_by)
        .bind(limit).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(ImportSummary::from).collect())
}

/// A written line a revert has not dealt with yet.
#[derive(Clone, Debug, FromRow)]
pub struct WrittenLine {
    pub line: i64,
    pub outcome: String,
    pub client_id: Option<i64>,
    pub before: Option<String>,
}

/// The next `limit` created or updated lines a revert has not dealt with.
pub async fn unreverted(db: &Db, id: i64, limit: i64) -> Result<Vec<WrittenLine>, sqlx::Error> {
    const SQL: &str = "SELECT line, outcome, client_id, before FROM client_import_rows \
        WHERE import_id = $1 AND outcome IN ('created', 'updated') AND revert IS NULL \
        ORDER BY line LIMIT $2";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).bind(limit).fetch_all(pool).await)
}

/// Marks a line as dealt with by the revert (`undone` or `kept`) and counts it.
pub async fn mark_reverted(
    tx: &mut Tx,
    id: i64,
    line: i64,
    revert: &'static str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const LINE: &str = "UPDATE client_import_rows SET revert = $3, before = NULL \
        WHERE import_id = $1 AND line = $2";
    const COUNT: &str = "UPDATE client_imports SET reverted_rows = reverted_rows + $2, \
        kept_count = kept_count + $3, updated_at = $4 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(LINE).bind(id).bind(line).bind(revert)
        .execute(conn).await.map(|_| ()))?;
    let kept = i64::from(revert == "kept");
    on_tx!(tx, conn => sqlx::query(COUNT).bind(id).bind(1_i64 - kept).bind(kept).bind(now)
        .execute(conn).await.map(|_| ()))
}

/// Ends a revert.
pub async fn finish_revert(
    tx: &mut Tx,
    id: i64,
    by: Option<i64>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE client_imports SET status = 'reverted', reverted_at = $2, \
        reverted_by = $3, updated_at = $2 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(now).bind(by)
        .execute(conn).await.map(|_| ()))
}

/// When a client was last changed, and when its latest note or call was logged.
pub async fn touched(
    tx: &mut Tx,
    client_id: i64,
) -> Result<Option<(OffsetDateTime, Option<OffsetDateTime>)>, sqlx::Error> {
    const SQL: &str = "SELECT c.updated_at, (SELECT MAX(n.created_at) FROM client_notes n \
        WHERE n.client_id = c.id) AS noted FROM clients c WHERE c.id = $1";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(client_id).fetch_optional(conn).await)
}

/// Deletes a client with everything that hangs on it (a revert of its creation).
pub async fn delete_client(tx: &mut Tx, client_id: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM clients WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(client_id).execute(conn).await.map(|_| ()))
}

/// Data minimisation: forgets the names and before-images of lines of imports that finished
/// before `finished_before` (they can no longer be reverted), and deletes drafts (with their
/// files) uploaded before `drafts_before` and never started. Answers how many rows changed.
pub async fn forget_old(
    db: &Db,
    finished_before: OffsetDateTime,
    drafts_before: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    const LINES: &str = "UPDATE client_import_rows SET label = NULL, before = NULL \
        WHERE (label IS NOT NULL OR before IS NOT NULL) AND import_id IN \
        (SELECT id FROM client_imports WHERE finished_at < $1)";
    const DRAFTS: &str = "DELETE FROM client_imports WHERE status = 'draft' AND created_at < $1";
    let lines = on_pool!(db, pool => sqlx::query(LINES).bind(finished_before).execute(pool).await
        .map(|r| r.rows_affected()))?;
    let drafts = on_pool!(db, pool => sqlx::query(DRAFTS).bind(drafts_before).execute(pool).await
        .map(|r| r.rows_affected()))?;
    Ok(lines + drafts)
}
