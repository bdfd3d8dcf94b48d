//! Notifications' SQL, written once for both engines.

use time::OffsetDateTime;

use super::Notification;
use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

/// How many notifications the list shows.
pub const SHOWN: i64 = 50;

/// Notifies `user_id` of `kind` with `payload`, linking to `link`.
pub async fn insert(
    tx: &mut Tx,
    user_id: i64,
    kind: &str,
    payload: &serde_json::Value,
    link: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO notifications (user_id, kind, payload, link, created_at) \
        VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(user_id).bind(kind).bind(payload.to_string()).bind(link).bind(now)
        .execute(conn).await.map(|_| ()))
}

/// The latest notifications of `user_id`, newest first.
pub async fn latest(db: &Db, user_id: i64) -> Result<Vec<Notification>, sqlx::Error> {
    const SQL: &str = "SELECT id, kind, payload, link, read_at IS NOT NULL, created_at \
        FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2";
    type Row = (i64, String, String, String, bool, OffsetDateTime);
    let rows: Vec<Row> = on_pool!(db, pool => sqlx::query_as(SQL)
        .bind(user_id).bind(SHOWN).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, payload, link, read, created_at)| Notification {
            id,
            kind,
            payload: serde_json::from_str(&payload).unwrap_or_default(),
            link,
            read,
            created_at,
        })
        .collect())
}

/// How many notifications of `user_id` are unread.
pub async fn unread(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(user_id).fetch_one(pool).await)
}

/// Marks every notification of `user_id` read.
pub async fn mark_all_read(db: &Db, user_id: i64, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL";
    on_pool!(db, pool => sqlx::query(SQL).bind(now).bind(user_id).execute(pool).await
        .map(|_| ()))
}
