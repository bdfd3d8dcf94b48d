//! The registry of signed-in sessions: one `user_sessions` row per browser session, keyed by a
//! random id kept inside the session (never the cookie value). A session whose row is gone is
//! over: that is how a person or an admin ends a session on another device.

use sqlx::FromRow;

use super::timeouts::Limits;
use crate::{
    audit::RequestMeta,
    db::{Db, Tx},
    on_pool, on_tx,
};

/// A new random session key.
pub fn new_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// One signed-in session as listed to its owner or an admin.
#[derive(Clone, Debug, FromRow)]
pub struct SessionRow {
    pub key: String,
    pub user_id: i64,
    pub started_at: i64,
    pub last_seen_at: i64,
    pub remember: bool,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
}

/// Records a session that just signed in.
pub async fn register(
    tx: &mut Tx,
    key: &str,
    user_id: i64,
    now: i64,
    remember: bool,
    meta: &RequestMeta,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO user_sessions \
        (key, user_id, started_at, last_seen_at, remember, client_ip, user_agent) \
        VALUES ($1, $2, $3, $3, $4, $5, $6)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(key)
        .bind(user_id)
        .bind(now)
        .bind(remember)
        .bind(meta.client_ip.as_deref())
        .bind(meta.user_agent.as_deref())
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))
    .map(|_| ())
}

/// Whether the session `key` of `user_id` is still registered.
pub async fn is_live(db: &Db, key: &str, user_id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM user_sessions WHERE key = $1 AND user_id = $2";
    let n: i64 = on_pool!(db, pool => sqlx::query_scalar(SQL).bind(key).bind(user_id).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// Records activity on a session.
pub async fn touch(db: &Db, key: &str, now: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE user_sessions SET last_seen_at = $2 WHERE key = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(key).bind(now).execute(pool).await.map(|r| r.rows_affected()))
        .map(|_| ())
}

/// Forgets one session (logout, expiry).
pub async fn remove(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM user_sessions WHERE key = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(key).execute(pool).await.map(|r| r.rows_affected()))
        .map(|_| ())
}

/// Ends one session of `user_id`; answers whether there was such a session.
pub async fn revoke(tx: &mut Tx, user_id: i64, key: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str = "DELETE FROM user_sessions WHERE key = $1 AND user_id = $2";
    let n = on_tx!(tx, conn => sqlx::query(SQL).bind(key).bind(user_id).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Ends every session of `user_id` except `keep`; answers how many ended.
pub async fn revoke_all_except(
    tx: &mut Tx,
    user_id: i64,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    const SQL: &str =
        "DELETE FROM user_sessions WHERE user_id = $1 AND key <> COALESCE(CAST($2 AS TEXT), '')";
    on_tx!(tx, conn => sqlx::query(SQL).bind(user_id).bind(keep).execute(conn).await.map(|r| r.rows_affected()))
}

/// The sessions of `user_id`, most recently used first.
pub async fn list_for_user(db: &Db, user_id: i64) -> Result<Vec<SessionRow>, sqlx::Error> {
    const SQL: &str =
        "SELECT key, user_id, started_at, last_seen_at, remember, client_ip, user_agent \
        FROM user_sessions WHERE user_id = $1 ORDER BY last_seen_at DESC";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(user_id).fetch_all(pool).await)
}

/// Deletes the rows of sessions past their idle or absolute limit (the session itself is
/// refused at its next request anyway; this keeps the table and the lists clean).
pub async fn purge_stale(db: &Db, now: i64, limits: &Limits) -> Result<u64, sqlx::Error> {
    const SQL: &str = "DELETE FROM user_sessions WHERE \
        (remember = $1 AND (last_seen_at < $2 OR started_at < $3)) OR \
        (remember = $4 AND (last_seen_at < $5 OR started_at < $6))";
    on_pool!(db, pool => sqlx::query(SQL)
        .bind(true)
        .bind(now - limits.remember_idle.whole_seconds())
        .bind(now - limits.remember_absolute.whole_seconds())
        .bind(false)
        .bind(now - limits.idle.whole_seconds())
        .bind(now - limits.absolute.whole_seconds())
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}
