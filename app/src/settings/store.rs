//! Reading and writing settings, and the short-lived cache the session middleware reads on
//! every request.

use std::sync::RwLock;

use super::Timeouts;
use crate::{
    audit::{self, AuditEntry, RequestMeta},
    db::{Db, Tx},
    on_pool, on_tx,
};

/// The `app_settings` key of the session limits.
pub const TIMEOUTS_KEY: &str = "session_timeouts";
/// How long a read value is trusted before the database is asked again.
pub const CACHE_SECONDS: i64 = 30;

/// The stored limits (the defaults when never set, or when the stored value is unreadable).
pub async fn timeouts(db: &Db) -> Result<Timeouts, sqlx::Error> {
    const SQL: &str = "SELECT value FROM app_settings WHERE key = $1";
    let raw: Option<String> = on_pool!(db, pool => sqlx::query_scalar(SQL).bind(TIMEOUTS_KEY).fetch_optional(pool).await)?;
    Ok(raw
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default())
}

async fn write(
    tx: &mut Tx,
    key: &str,
    value: &str,
    now: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, $3) \
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at";
    on_tx!(tx, conn => sqlx::query(SQL).bind(key).bind(value).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Stores new limits with an audit row of what changed (old → new), in one transaction.
pub async fn save_timeouts(
    db: &Db,
    actor: i64,
    new: Timeouts,
    now: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let old = timeouts(db).await?;
    if old == new {
        return Ok(());
    }
    let as_json = |t: &Timeouts| serde_json::to_value(t).unwrap_or_default();
    let (old_json, new_json) = (as_json(&old), as_json(&new));
    let mut changes = serde_json::Map::new();
    for (field, to) in new_json.as_object().into_iter().flatten() {
        let from = &old_json[field];
        if from != to {
            changes.insert(field.clone(), serde_json::json!({ "from": from, "to": to }));
        }
    }
    let mut tx = db.begin().await?;
    write(&mut tx, TIMEOUTS_KEY, &new_json.to_string(), now).await?;
    let entry = AuditEntry {
        actor_id: Some(actor),
        action: "settings.update",
        entity_type: Some("settings"),
        entity_id: Some(TIMEOUTS_KEY.to_owned()),
        changes: Some(serde_json::Value::Object(changes)),
        meta: RequestMeta::current(),
    };
    audit::record(&mut tx, &entry).await?;
    tx.commit().await
}

/// The limits as last read, re-read at most every [`CACHE_SECONDS`].
#[derive(Debug, Default)]
pub struct TimeoutsCache {
    cached: RwLock<Option<(Timeouts, i64)>>,
}

impl TimeoutsCache {
    /// The limits in force at `now` (Unix seconds). A database failure keeps the last value
    /// (or the defaults), so a hiccup never signs everyone out.
    pub async fn get(&self, db: &Db, now: i64) -> Timeouts {
        let fresh = *self.cached.read().expect("cache lock");
        if let Some((value, read_at)) = fresh {
            if now - read_at < CACHE_SECONDS && now >= read_at {
                return value;
            }
        }
        let value = match timeouts(db).await {
            Ok(value) => value,
            Err(err) => {
                tracing::error!(error = %err, "could not read the session limits");
                fresh.map(|(v, _)| v).unwrap_or_default()
            }
        };
        *self.cached.write().expect("cache lock") = Some((value, now));
        value
    }

    /// Forgets the cached value (after this instance changed it).
    pub fn invalidate(&self) {
        *self.cached.write().expect("cache lock") = None;
    }
}

/// A setting that is on or off (off when never set).
pub async fn flag(db: &Db, key: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT value FROM app_settings WHERE key = $1";
    let raw: Option<String> =
        on_pool!(db, pool => sqlx::query_scalar(SQL).bind(key).fetch_optional(pool).await)?;
    Ok(raw.as_deref() == Some("true"))
}

/// Turns setting `key` on or off, with an audit row when it changes, in one transaction.
pub async fn save_flag(
    db: &Db,
    actor: i64,
    key: &str,
    on: bool,
    now: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let old = flag(db, key).await?;
    if old == on {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    write(&mut tx, key, if on { "true" } else { "false" }, now).await?;
    let entry = AuditEntry {
        actor_id: Some(actor),
        action: "settings.update",
        entity_type: Some("settings"),
        entity_id: Some(key.to_owned()),
        changes: Some(serde_json::json!({ key: { "from": old, "to": on } })),
        meta: RequestMeta::current(),
    };
    audit::record(&mut tx, &entry).await?;
    tx.commit().await
}
