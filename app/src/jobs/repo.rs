//! The `jobs` table: enqueue, claim under a lease, renew, finish (done, retry later, or failed)
//! and the admin's retry. Times are Unix seconds so both engines compare them as numbers.

use serde_json::Value;
use sqlx::FromRow;

use super::{backoff_seconds, FailedJob, LEASE_SECONDS, MAX_ATTEMPTS};
use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

/// A job a worker now holds.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// Including this attempt.
    pub attempts: i64,
}

impl Claimed {
    /// The payload as JSON (`Null` when it is not JSON, which only a hand-edited row can be).
    pub fn payload(&self) -> Value {
        serde_json::from_str(&self.payload).unwrap_or(Value::Null)
    }
}

/// Queues a job of `kind` to run now, inside the transaction of the change that asks for it;
/// answers its id.
pub async fn enqueue(
    tx: &mut Tx,
    kind: &str,
    payload: &Value,
    created_by: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO jobs (kind, payload, status, attempts, run_at, created_by, \
        created_at, updated_at) VALUES ($1, $2, 'queued', 0, $3, $4, $3, $3) RETURNING id";
    let payload = payload.to_string();
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(kind).bind(&payload).bind(now).bind(created_by)
        .fetch_one(conn).await)
}

/// Queues a job of `kind` for today (the São Paulo day, payload `{"day": "YYYY-MM-DD"}`) unless
/// one was queued for today already: daily work the maintenance pass asks for at every tick.
/// Answers whether it queued one.
pub async fn enqueue_daily(
    db: &Db,
    kind: &str,
    now: time::OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const EXISTS: &str = "SELECT COUNT(*) FROM jobs WHERE kind = $1 AND payload = $2";
    let payload = serde_json::json!({ "day": crate::format::today_sao_paulo(now).to_string() });
    let text = payload.to_string();
    let n: i64 = on_pool!(db, pool => sqlx::query_scalar(EXISTS)
        .bind(kind).bind(&text).fetch_one(pool).await)?;
    if n > 0 {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    enqueue(&mut tx, kind, &payload, None, now.unix_timestamp()).await?;
    tx.commit().await?;
    Ok(true)
}

const GIVE_UP: &str = "UPDATE jobs SET status = 'failed', locked_until = NULL, updated_at = $1, \
    last_error = COALESCE(last_error, 'the worker stopped during the last attempt') \
    WHERE status = 'running' AND locked_until < $1 AND attempts >= $2";

const NEXT_SQLITE: &str = "SELECT id, kind, payload, attempts FROM jobs \
    WHERE status IN ('queued', 'running') AND run_at <= $1 \
    AND (locked_until IS NULL OR locked_until < $1) ORDER BY run_at, id LIMIT 1";

const NEXT_POSTGRES: &str = "SELECT id, kind, payload, attempts FROM jobs \
    WHERE status IN ('queued', 'running') AND run_at <= $1 \
    AND (locked_until IS NULL OR locked_until < $1) ORDER BY run_at, id LIMIT 1 \
    FOR UPDATE SKIP LOCKED";

const TAKE: &str = "UPDATE jobs SET status = 'running', attempts = attempts + 1, \
    locked_until = $2, updated_at = $3 WHERE id = $1";

/// Claims the next due job (a queued one, or a running one whose worker's lease ran out), if
/// any. Jobs whose worker died during their last attempt are left `failed` first.
pub async fn claim(db: &Db, now: i64) -> Result<Option<Claimed>, sqlx::Error> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, conn => sqlx::query(GIVE_UP).bind(now).bind(MAX_ATTEMPTS)
        .execute(conn).await.map(|_| ()))?;
    let next: Option<Claimed> = match &mut tx {
        Tx::Sqlite(t) => {
            sqlx::query_as(NEXT_SQLITE)
                .bind(now)
                .fetch_optional(&mut **t)
                .await?
        }
        Tx::Postgres(t) => {
            sqlx::query_as(NEXT_POSTGRES)
                .bind(now)
                .fetch_optional(&mut **t)
                .await?
        }
    };
    let Some(mut job) = next else {
        tx.commit().await?;
        return Ok(None);
    };
    on_tx!(&mut tx, conn => sqlx::query(TAKE).bind(job.id).bind(now + LEASE_SECONDS).bind(now)
        .execute(conn).await.map(|_| ()))?;
    tx.commit().await?;
    job.attempts += 1;
    Ok(Some(job))
}

/// Extends the lease of a job its worker is still running.
pub async fn renew(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE jobs SET locked_until = $2, updated_at = $3 \
        WHERE id = $1 AND status = 'running'";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(now + LEASE_SECONDS).bind(now)
        .execute(pool).await.map(|_| ()))
}

/// Records how an attempt ended: done, queued again after a backoff, or failed for good after
/// [`MAX_ATTEMPTS`].
pub async fn finish(
    db: &Db,
    job: &Claimed,
    outcome: Result<(), String>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const DONE: &str = "UPDATE jobs SET status = 'done', locked_until = NULL, last_error = NULL, \
        updated_at = $2, finished_at = $2 WHERE id = $1";
    const AGAIN: &str = "UPDATE jobs SET status = $2, locked_until = NULL, last_error = $3, \
        run_at = $4, updated_at = $5 WHERE id = $1";
    match outcome {
        Ok(()) => on_pool!(db, pool => sqlx::query(DONE).bind(job.id).bind(now)
            .execute(pool).await.map(|_| ())),
        Err(error) => {
            let status = if job.attempts >= MAX_ATTEMPTS {
                "failed"
            } else {
                "queued"
            };
            let run_at = now + backoff_seconds(job.attempts);
            on_pool!(db, pool => sqlx::query(AGAIN).bind(job.id).bind(status).bind(&error)
                .bind(run_at).bind(now).execute(pool).await.map(|_| ()))
        }
    }
}

#[derive(FromRow)]
struct FailedRow {
    id: i64,
    kind: String,
    attempts: i64,
    last_error: Option<String>,
    updated_at: i64,
}

/// The jobs that ran out of attempts, newest first (at most 200).
pub async fn list_failed(db: &Db) -> Result<Vec<FailedJob>, sqlx::Error> {
    const SQL: &str = "SELECT id, kind, attempts, last_error, updated_at FROM jobs \
        WHERE status = 'failed' ORDER BY updated_at DESC, id DESC LIMIT 200";
    let rows: Vec<FailedRow> = on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| FailedJob {
            id: r.id,
            kind: r.kind,
            attempts: r.attempts,
            last_error: r.last_error,
            updated_at: time::OffsetDateTime::from_unix_timestamp(r.updated_at)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
        })
        .collect())
}

/// Gives a failed job a fresh set of attempts, due now. Answers whether it was failed.
pub async fn retry(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $2, \
        last_error = NULL, updated_at = $2 WHERE id = $1 AND status = 'failed'";
    let result = on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(now).execute(pool).await
        .map(|r| r.rows_affected()))?;
    Ok(result == 1)
}

/// Deletes jobs that finished before `before` (Unix seconds); answers how many.
pub async fn purge_done(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    const SQL: &str = "DELETE FROM jobs WHERE status = 'done' AND finished_at < $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(before).execute(pool).await
        .map(|r| r.rows_affected()))
}

/// How many jobs wait and how many run now.
pub async fn pending_counts(db: &Db) -> Result<(i64, i64), sqlx::Error> {
    const SQL: &str = "SELECT COALESCE(SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END), 0), \
        COALESCE(SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), 0) FROM jobs";
    on_pool!(db, pool => sqlx::query_as(SQL).fetch_one(pool).await)
}
