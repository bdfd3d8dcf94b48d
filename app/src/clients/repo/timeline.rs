//! A client's timeline: notes and calls logged by staff merged with the audit trail's changes
//! to the client and to its policies, newest first.

use time::OffsetDateTime;

use crate::{
    audit::field_changes,
    clients::TimelineEntry,
    db::{Db, Tx},
    on_pool, on_tx,
};

/// Entries per page of the timeline.
pub const TIMELINE_PAGE: i64 = 30;
/// Highest timeline page asked for (beyond it the page is empty anyway).
pub const MAX_TIMELINE_PAGE: i64 = 100_000;

/// Logs a note or a call (`kind`) on client `client_id`; answers its id.
pub async fn insert_note(
    tx: &mut Tx,
    client_id: i64,
    author_id: i64,
    kind: &str,
    body: &str,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO client_notes (client_id, author_id, kind, body, created_at, \
        updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(client_id).bind(author_id).bind(kind).bind(body).bind(now)
        .fetch_one(conn).await)
}

type Row = (
    OffsetDateTime,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// One page (from 1) of client `client_id`'s timeline, plus the first entry of the next page
/// when there is one. The caller checked the scope.
pub async fn timeline(
    db: &Db,
    client_id: i64,
    page: i64,
) -> Result<Vec<TimelineEntry>, sqlx::Error> {
    // Notes carry their text; audit rows their changes. The id is compared as text because the
    // audit trail stores entity ids as text for every kind of record.
    const SQL: &str = "SELECT at, kind, author, body, changes FROM ( \
        SELECT n.created_at AS at, n.kind AS kind, u.name AS author, n.body AS body, \
            NULL AS changes FROM client_notes n LEFT JOIN users u ON u.id = n.author_id \
            WHERE n.client_id = $1 \
        UNION ALL \
        SELECT a.occurred_at AS at, a.action AS kind, u.name AS author, NULL AS body, \
            a.changes AS changes FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
            WHERE a.entity_type = 'client' AND a.entity_id = $2 AND a.action <> 'client.view' \
        UNION ALL \
        SELECT a.occurred_at AS at, a.action AS kind, u.name AS author, \
            (SELECT i.name || ' · ' || COALESCE(p.policy_number, p.proposal_number, '—') \
                FROM policies p JOIN insurers i ON i.id = p.insurer_id \
                WHERE CAST(p.id AS TEXT) = a.entity_id) AS body, \
            a.changes AS changes FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
            WHERE a.entity_type = 'policy' \
            AND a.entity_id IN (SELECT CAST(id AS TEXT) FROM policies WHERE client_id = $1) \
        UNION ALL \
        SELECT a.occurred_at AS at, a.action AS kind, u.name AS author, \
            (SELECT k.title FROM kanban_cards k WHERE CAST(k.id AS TEXT) = a.entity_id) AS body, \
            a.changes AS changes FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
            WHERE a.entity_type = 'kanban_card' \
            AND a.entity_id IN (SELECT CAST(id AS TEXT) FROM kanban_cards WHERE client_id = $1) \
        ) entries ORDER BY at DESC LIMIT $3 OFFSET $4";
    let offset = (page.clamp(1, MAX_TIMELINE_PAGE) - 1) * TIMELINE_PAGE;
    let rows: Vec<Row> = on_pool!(db, pool => sqlx::query_as(SQL)
        .bind(client_id).bind(client_id.to_string()).bind(TIMELINE_PAGE + 1).bind(offset)
        .fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(at, kind, author, body, changes)| TimelineEntry {
            at,
            kind,
            author,
            body,
            changes: changes
                .and_then(|c| serde_json::from_str(&c).ok())
                .map(|c| {
                    field_changes(&c)
                        .into_iter()
                        .map(|f| (f.field, f.from, f.to))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}
