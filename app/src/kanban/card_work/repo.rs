//! Checklist and comment SQL, written once for both engines. Callers check the card's scope.

use time::OffsetDateTime;

use super::{ChecklistItem, Comment};
use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

/// Card `card`'s checklist, in order.
pub async fn checklist(db: &Db, card: i64) -> Result<Vec<ChecklistItem>, sqlx::Error> {
    const SQL: &str = "SELECT i.id, i.text, i.done_at, u.name FROM kanban_checklist_items i \
        LEFT JOIN users u ON u.id = i.done_by WHERE i.card_id = $1 ORDER BY i.position, i.id";
    let rows: Vec<(i64, String, Option<OffsetDateTime>, Option<String>)> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(card).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, text, done_at, done_by)| ChecklistItem {
            id,
            text,
            done_at,
            done_by,
        })
        .collect())
}

/// Card `card`'s newest `limit` comments, oldest first, with their authors' ids.
pub async fn comments(
    db: &Db,
    card: i64,
    limit: i64,
) -> Result<Vec<(Comment, Option<i64>)>, sqlx::Error> {
    const SQL: &str = "SELECT id, author_id, name, body, created_at FROM ( \
        SELECT m.id, m.author_id, u.name, m.body, m.created_at FROM kanban_card_comments m \
        LEFT JOIN users u ON u.id = m.author_id WHERE m.card_id = $1 \
        ORDER BY m.created_at DESC, m.id DESC LIMIT $2) newest ORDER BY created_at, id";
    type Row = (i64, Option<i64>, Option<String>, String, OffsetDateTime);
    let rows: Vec<Row> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(card).bind(limit).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, author_id, author, body, at)| {
            let comment = Comment {
                id,
                author,
                body,
                at,
                may_delete: false,
            };
            (comment, author_id)
        })
        .collect())
}

/// How many items card `card`'s checklist has.
pub async fn item_count(tx: &mut Tx, card: i64) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM kanban_checklist_items WHERE card_id = $1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(card).fetch_one(conn).await)
}

/// Adds `text` at the end of card `card`'s checklist; answers its id.
pub async fn insert_item(
    tx: &mut Tx,
    card: i64,
    text: &str,
    actor: i64,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO kanban_checklist_items (card_id, position, text, created_by, \
        created_at) VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM \
        kanban_checklist_items WHERE card_id = $1), $2, $3, $4) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(card).bind(text).bind(actor).bind(now)
        .fetch_one(conn).await)
}

/// Item `id`: its card, text and whether it is done.
pub async fn item(db: &Db, id: i64) -> Result<Option<(i64, String, bool)>, sqlx::Error> {
    const SQL: &str = "SELECT card_id, text, done_at IS NOT NULL FROM kanban_checklist_items \
        WHERE id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// Ticks item `id` (by `actor`, at `now`) or unticks it, unless it is already so; answers
/// whether it changed.
pub async fn set_done(
    tx: &mut Tx,
    id: i64,
    done: Option<(i64, OffsetDateTime)>,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE kanban_checklist_items SET done_at = $1, done_by = $2 \
        WHERE id = $3 AND (done_at IS NULL) = $4";
    let (by, at) = done.unzip();
    let changed = on_tx!(tx, conn => sqlx::query(SQL).bind(at).bind(by).bind(id)
        .bind(done.is_some()).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// Deletes item `id`; answers whether it existed.
pub async fn delete_item(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "DELETE FROM kanban_checklist_items WHERE id = $1";
    let done = on_tx!(tx, conn => sqlx::query(SQL).bind(id).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Stores a comment on card `card`; answers its id.
pub async fn insert_comment(
    tx: &mut Tx,
    card: i64,
    body: &str,
    author: i64,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO kanban_card_comments (card_id, author_id, body, created_at) \
        VALUES ($1, $2, $3, $4) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(card).bind(author).bind(body).bind(now)
        .fetch_one(conn).await)
}

/// Comment `id`: its card, author and text.
pub async fn comment(db: &Db, id: i64) -> Result<Option<(i64, Option<i64>, String)>, sqlx::Error> {
    const SQL: &str = "SELECT card_id, author_id, body FROM kanban_card_comments WHERE id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// Deletes comment `id`; answers whether it existed.
pub async fn delete_comment(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "DELETE FROM kanban_card_comments WHERE id = $1";
    let done = on_tx!(tx, conn => sqlx::query(SQL).bind(id).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
