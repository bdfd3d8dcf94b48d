//! Column SQL, written once for both engines.

use sqlx::FromRow;

use super::{ColumnRow, ColumnSettings};
use crate::{
    db::{Db, Tx},
    kanban::Outcome,
    on_pool, on_tx,
};

#[derive(FromRow)]
struct Row {
    id: i64,
    name: String,
    outcome: String,
    color: String,
    wip_limit: Option<i64>,
    sla_days: Option<i64>,
    cards: i64,
}

/// Board `board`'s columns in order, with how many cards each holds (all of them).
pub async fn list(db: &Db, board: i64) -> Result<Vec<ColumnRow>, sqlx::Error> {
    const SQL: &str = "SELECT c.id, c.name, c.outcome, c.color, c.wip_limit, c.sla_days, \
        (SELECT COUNT(*) FROM kanban_cards k WHERE k.column_id = c.id) AS cards \
        FROM kanban_columns c WHERE c.board_id = $1 ORDER BY c.position, c.id";
    let rows: Vec<Row> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(board).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| ColumnRow {
            id: r.id,
            name: r.name,
            outcome: Outcome::parse(&r.outcome).unwrap_or(Outcome::Open),
            color: r.color,
            wip_limit: r.wip_limit,
            sla_days: r.sla_days,
            cards: r.cards,
        })
        .collect())
}

/// Column `id`: (board, name, outcome code, position).
pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<(i64, String, String, i64)>, sqlx::Error> {
    const SQL: &str = "SELECT board_id, name, outcome, position FROM kanban_columns WHERE id = $1";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(id).fetch_optional(conn).await)
}

/// Whether board `board` has another column (not `except`) called `name` (any case).
pub async fn name_taken(
    tx: &mut Tx,
    board: i64,
    name: &str,
    except: i64,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM kanban_columns WHERE board_id = $1 \
        AND lower(name) = lower($2) AND id <> $3";
    let n: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(board).bind(name).bind(except)
        .fetch_one(conn).await)?;
    Ok(n > 0)
}

/// How many open columns board `board` has besides `except`.
pub async fn other_open(tx: &mut Tx, board: i64, except: i64) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM kanban_columns WHERE board_id = $1 \
        AND outcome = 'open' AND id <> $2";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(board).bind(except).fetch_one(conn).await)
}

/// Adds a column at the end of board `board`; answers its id.
pub async fn insert(tx: &mut Tx, board: i64, c: &ColumnSettings) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO kanban_columns (board_id, name, position, outcome, color, \
        wip_limit, sla_days) VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM \
        kanban_columns WHERE board_id = $1), $3, $4, $5, $6) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(board).bind(&c.name).bind(c.outcome.code()).bind(&c.color).bind(c.wip_limit)
        .bind(c.sla_days).fetch_one(conn).await)
}

/// Changes column `id`'s settings.
pub async fn update(tx: &mut Tx, id: i64, c: &ColumnSettings) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE kanban_columns SET name = $1, outcome = $2, color = $3, \
        wip_limit = $4, sla_days = $5 WHERE id = $6";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(&c.name).bind(c.outcome.code()).bind(&c.color).bind(c.wip_limit).bind(c.sla_days)
        .bind(id).execute(conn).await.map(|_| ()))
}

/// The column next to position `position` on board `board`: the one before (`later` false) or
/// after; (id, position).
pub async fn beside(
    tx: &mut Tx,
    board: i64,
    position: i64,
    id: i64,
    later: bool,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    // The comparison and order are one of two fixed pairs, never input.
    let (cmp, order) = if later { (">", "ASC") } else { ("<", "DESC") };
    let sql = format!(
        "SELECT id, position FROM kanban_columns WHERE board_id = $1 AND \
         (position {cmp} $2 OR (position = $2 AND id {cmp} $3)) \
         ORDER BY position {order}, id {order} LIMIT 1"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(board).bind(position).bind(id)
        .fetch_optional(conn).await)
}

/// Gives column `id` position `position`.
pub async fn set_position(tx: &mut Tx, id: i64, position: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE kanban_columns SET position = $1 WHERE id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(position).bind(id).execute(conn).await.map(|_| ()))
}

/// Column `column`'s cards in order: (id, title).
pub async fn cards_in(tx: &mut Tx, column: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    const SQL: &str = "SELECT id, title FROM kanban_cards WHERE column_id = $1 ORDER BY rank, id";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(column).fetch_all(conn).await)
}

/// Deletes column `id` (it holds no card any more).
pub async fn delete(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM kanban_columns WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).execute(conn).await.map(|_| ()))
}
