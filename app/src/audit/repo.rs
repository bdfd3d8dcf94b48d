//! Reading the audit trail: filtered, newest first, a page at a time (or all of it, for the
//! CSV export). The only SQL that differs between the engines is the timestamp type.

use sqlx::FromRow;
use time::OffsetDateTime;

use super::{AuditFilter, AuditRow};
use crate::db::Db;

/// Most rows one export may hold.
pub const EXPORT_LIMIT: i64 = 50_000;

#[derive(FromRow)]
struct Row {
    id: i64,
    occurred_at: OffsetDateTime,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    actor_email: Option<String>,
    action: String,
    entity_type: Option<String>,
    entity_id: Option<String>,
    changes: Option<String>,
    request_id: Option<String>,
    client_ip: Option<String>,
    user_agent: Option<String>,
}

const SELECT: &str = "SELECT a.id, a.occurred_at, a.actor_id, u.name AS actor_name, \
    u.email AS actor_email, a.action, a.entity_type, a.entity_id, a.changes, a.request_id, \
    a.client_ip, a.user_agent FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ";

// $1 actor, $2 action, $3 entity type, $4 entity id, $5 from (inclusive), $6 until (exclusive).
const WHERE_SQLITE: &str = "WHERE (CAST($1 AS BIGINT) IS NULL OR a.actor_id = $1) \
    AND (CAST($2 AS TEXT) IS NULL OR a.action = $2) \
    AND (CAST($3 AS TEXT) IS NULL OR a.entity_type = $3) \
    AND (CAST($4 AS TEXT) IS NULL OR a.entity_id = $4) \
    AND (CAST($5 AS TEXT) IS NULL OR a.occurred_at >= $5) \
    AND (CAST($6 AS TEXT) IS NULL OR a.occurred_at < $6) ";
const WHERE_POSTGRES: &str = "WHERE (CAST($1 AS BIGINT) IS NULL OR a.actor_id = $1) \
    AND (CAST($2 AS TEXT) IS NULL OR a.action = $2) \
    AND (CAST($3 AS TEXT) IS NULL OR a.entity_type = $3) \
    AND (CAST($4 AS TEXT) IS NULL OR a.entity_id = $4) \
    AND (CAST($5 AS TIMESTAMPTZ) IS NULL OR a.occurred_at >= $5) \
    AND (CAST($6 AS TIMESTAMPTZ) IS NULL OR a.occurred_at < $6) ";
const ORDER: &str = "ORDER BY a.id DESC LIMIT $7 OFFSET $8";

/// SQLite keeps instants as `YYYY-MM-DDTHH:MM:SS.fffZ` text (see the migrations), which sorts
/// like time.
pub fn sqlite_instant(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

/// Rows matching `filter`, newest first: `limit` of them after skipping `offset`.
pub async fn find(
    db: &Db,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    let (from, until) = filter.range();
    let rows: Vec<Row> = match db {
        Db::Sqlite(pool) => {
            let sql = [SELECT, WHERE_SQLITE, ORDER].concat();
            sqlx::query_as(&sql)
                .bind(filter.actor_id)
                .bind(filter.action.as_deref())
                .bind(filter.entity_type.as_deref())
                .bind(filter.entity_id.as_deref())
                .bind(from.map(sqlite_instant))
                .bind(until.map(sqlite_instant))
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?
        }
        Db::Postgres(pool) => {
            let sql = [SELECT, WHERE_POSTGRES, ORDER].concat();
            sqlx::query_as(&sql)
                .bind(filter.actor_id)
                .bind(filter.action.as_deref())
                .bind(filter.entity_type.as_deref())
                .bind(filter.entity_id.as_deref())
                .bind(from)
                .bind(until)
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?
        }
    };
    Ok(rows.into_iter().map(into_row).collect())
}

/// How many rows match `filter`.
pub async fn count(db: &Db, filter: &AuditFilter) -> Result<i64, sqlx::Error> {
    let (from, until) = filter.range();
    match db {
        Db::Sqlite(pool) => {
            let sql = ["SELECT COUNT(*) FROM audit_log a ", WHERE_SQLITE].concat();
            sqlx::query_scalar(&sql)
                .bind(filter.actor_id)
                .bind(filter.action.as_deref())
                .bind(filter.entity_type.as_deref())
                .bind(filter.entity_id.as_deref())
                .bind(from.map(sqlite_instant))
                .bind(until.map(sqlite_instant))
                .fetch_one(pool)
                .await
        }
        Db::Postgres(pool) => {
            let sql = ["SELECT COUNT(*) FROM audit_log a ", WHERE_POSTGRES].concat();
            sqlx::query_scalar(&sql)
                .bind(filter.actor_id)
                .bind(filter.action.as_deref())
                .bind(filter.entity_type.as_deref())
                .bind(filter.entity_id.as_deref())
                .bind(from)
                .bind(until)
                .fetch_one(pool)
                .await
        }
    }
}

fn into_row(r: Row) -> AuditRow {
    AuditRow {
        id: r.id,
        occurred_at: r.occurred_at,
        actor_id: r.actor_id,
        actor_name: r.actor_name,
        actor_email: r.actor_email,
        action: r.action,
        entity_type: r.entity_type,
        entity_id: r.entity_id,
        changes: r.changes.and_then(|c| serde_json::from_str(&c).ok()),
        request_id: r.request_id,
        client_ip: r.client_ip,
        user_agent: r.user_agent,
    }
}

/// The people who appear as actors, for the filter (id, name), by name.
pub async fn actors(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    const SQL: &str = "SELECT id, name FROM users ORDER BY name";
    crate::on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    #[test]
    fn sqlite_instants_use_the_format_the_table_stores() {
        assert_eq!(
            super::sqlite_instant(datetime!(2026-11-24 03:00:00.5 UTC)),
            "2026-11-24T03:00:00.500Z"
        );
        assert_eq!(
            super::sqlite_instant(datetime!(2026-11-24 00:00 -3)),
            "2026-11-24T03:00:00.000Z"
        );
    }
}
