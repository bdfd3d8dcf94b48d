//! Kanban SQL, written once for both engines. Every read of cards takes the caller's [`Scope`]:
//! a card about a client is in scope when its client is; a card without a client when its
//! responsible person is the caller (or, for managers, one of their teams').

use sqlx::FromRow;
use time::{Date, OffsetDateTime};

use super::{BoardSummary, Card, Column, Outcome};
use crate::{
    bind_args,
    clients::{repo::Args, scope::Scope},
    db::{Db, Tx},
    on_pool, on_tx,
};

/// The joins every scoped card query needs (`k` cards, `c` their client, `o` their owner, `p`
/// their policy).
const CARD_JOINS: &str = "FROM kanban_cards k LEFT JOIN clients c ON c.id = k.client_id \
    LEFT JOIN users o ON o.id = k.owner_id LEFT JOIN policies p ON p.id = k.policy_id";

/// The scope condition on cards `k` (with `c` and `o` joined as in [`CARD_JOINS`]).
fn card_scope(scope: &Scope, args: &mut Args) -> String {
    let owner = match scope {
        Scope::All => return "TRUE".to_owned(),
        Scope::Own { user_id } => format!("k.owner_id = {}", args.int(*user_id)),
        Scope::Teams { user_id, team_ids } => {
            let own = format!("k.owner_id = {}", args.int(*user_id));
            if team_ids.is_empty() {
                own
            } else {
                let teams: Vec<String> = team_ids.iter().map(|id| args.int(*id)).collect();
                format!("({own} OR o.team_id IN ({}))", teams.join(", "))
            }
        }
    };
    let client = scope.condition(args);
    format!("((k.client_id IS NOT NULL AND {client}) OR (k.client_id IS NULL AND {owner}))")
}

/// A board's identity.
#[derive(Clone, Debug, FromRow)]
pub struct BoardRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: String,
}

/// Every board with how many of its cards `scope` sees, in their order.
pub async fn boards(db: &Db, scope: &Scope) -> Result<Vec<BoardSummary>, sqlx::Error> {
    let mut args = Args::default();
    let condition = card_scope(scope, &mut args);
    let sql = format!(
        "SELECT b.id, b.slug, b.name, (SELECT COUNT(*) {CARD_JOINS} WHERE k.board_id = b.id AND \
         {condition}) FROM kanban_boards b ORDER BY b.position, b.id"
    );
    let rows: Vec<(i64, String, String, i64)> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, name, cards)| BoardSummary {
            id,
            slug,
            name,
            cards,
        })
        .collect())
}

/// The board called `slug`.
pub async fn board(db: &Db, slug: &str) -> Result<Option<BoardRow>, sqlx::Error> {
    const SQL: &str = "SELECT id, slug, name, kind FROM kanban_boards WHERE slug = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(slug).fetch_optional(pool).await)
}

#[derive(FromRow)]
struct ColumnRow {
    id: i64,
    name: String,
    outcome: String,
    color: String,
    wip_limit: Option<i64>,
    sla_days: Option<i64>,
}

/// The columns of board `board`, in order, without their cards.
pub async fn columns(db: &Db, board: i64) -> Result<Vec<Column>, sqlx::Error> {
    const SQL: &str = "SELECT id, name, outcome, color, wip_limit, sla_days FROM kanban_columns \
        WHERE board_id = $1 ORDER BY position, id";
    let rows: Vec<ColumnRow> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(board).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| Column {
            id: r.id,
            name: r.name,
            outcome: Outcome::parse(&r.outcome).unwrap_or(Outcome::Open),
            color: r.color,
            wip_limit: r.wip_limit,
            sla_days: r.sla_days,
            cards: Vec::new(),
        })
        .collect())
}

#[derive(FromRow)]
struct CardRow {
    id: i64,
    column_id: i64,
    rank: String,
    title: String,
    client_id: Option<i64>,
    client_name: Option<String>,
    policy_id: Option<i64>,
    owner_id: Option<i64>,
    owner: Option<String>,
    value: Option<i64>,
    commission: Option<i64>,
    due_on: Option<Date>,
    labels: String,
    entered_column_at: OffsetDateTime,
    checklist_done: i64,
    checklist_total: i64,
    comments: i64,
}

impl From<CardRow> for Card {
    fn from(r: CardRow) -> Self {
        Self {
            id: r.id,
            column_id: r.column_id,
            rank: r.rank,
            title: r.title,
            client_id: r.client_id,
            client_name: r.client_name,
            policy_id: r.policy_id,
            owner_id: r.owner_id,
            owner: r.owner,
            value: r.value,
            commission: r.commission,
            due_on: r.due_on,
            labels: serde_json::from_str(&r.labels).unwrap_or_default(),
            entered_column_at: r.entered_column_at,
            days: 0,
            checklist_done: r.checklist_done,
            checklist_total: r.checklist_total,
            comments: r.comments,
        }
    }
}

/// A card's columns, with its checklist and comment counts (each an index lookup).
const CARD_COLUMNS: &str = "SELECT k.id, k.column_id, k.rank, k.title, k.client_id, \
    c.name AS client_name, k.policy_id, k.owner_id, o.name AS owner, k.value, \
    p.commission AS commission, k.due_on, k.labels, k.entered_column_at, \
    (SELECT COUNT(i.done_at) FROM kanban_checklist_items i WHERE i.card_id = k.id) \
        AS checklist_done, \
    (SELECT COUNT(*) FROM kanban_checklist_items i WHERE i.card_id = k.id) AS checklist_total, \
    (SELECT COUNT(*) FROM kanban_card_comments m WHERE m.card_id = k.id) AS comments";

/// The cards of board `board` that `scope` sees, in column order (rank, then id).
pub async fn cards(db: &Db, scope: &Scope, board: i64) -> Result<Vec<Card>, sqlx::Error> {
    let mut args = Args::default();
    let condition = card_scope(scope, &mut args);
    let sql = format!(
        "{CARD_COLUMNS} {CARD_JOINS} WHERE k.board_id = {} AND {condition} \
         ORDER BY k.column_id, k.rank, k.id",
        args.int(board)
    );
    let rows: Vec<CardRow> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Card `id` with its board, if `scope` sees it.
pub async fn card(db: &Db, scope: &Scope, id: i64) -> Result<Option<(i64, Card)>, sqlx::Error> {
    let mut args = Args::default();
    let condition = card_scope(scope, &mut args);
    let sql = format!(
        "SELECT k.board_id, {} {CARD_JOINS} WHERE k.id = {} AND {condition}",
        CARD_COLUMNS.trim_start_matches("SELECT "),
        args.int(id)
    );
    #[derive(FromRow)]
    struct Row {
        board_id: i64,
        #[sqlx(flatten)]
        card: CardRow,
    }
    let row: Option<Row> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_optional(pool).await)?;
    Ok(row.map(|r| (r.board_id, r.card.into())))
}

/// Card `id` whatever the scope, with its board and who may see it (the owner and team of its
/// client, or of its responsible person for a card without a client).
pub async fn card_for_all(
    db: &Db,
    id: i64,
) -> Result<Option<(i64, crate::live::Audience, Card)>, sqlx::Error> {
    let sql = format!(
        "SELECT k.board_id, CASE WHEN k.client_id IS NULL THEN k.owner_id ELSE c.owner_id END \
         AS audience_owner, CASE WHEN k.client_id IS NULL THEN o.team_id ELSE c.team_id END \
         AS audience_team, {} {CARD_JOINS} WHERE k.id = $1",
        CARD_COLUMNS.trim_start_matches("SELECT ")
    );
    #[derive(FromRow)]
    struct Row {
        board_id: i64,
        audience_owner: Option<i64>,
        audience_team: Option<i64>,
        #[sqlx(flatten)]
        card: CardRow,
    }
    let row: Option<Row> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(|r| {
        let audience = crate::live::Audience::Record {
            owner: r.audience_owner,
            team: r.audience_team,
        };
        (r.board_id, audience, r.card.into())
    }))
}

/// The board with id `id`.
pub async fn board_by_id(db: &Db, id: i64) -> Result<Option<BoardRow>, sqlx::Error> {
    const SQL: &str = "SELECT id, slug, name, kind FROM kanban_boards WHERE id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// The cards about policy `policy`.
pub async fn cards_of_policy(db: &Db, policy: i64) -> Result<Vec<i64>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM kanban_cards WHERE policy_id = $1 ORDER BY id";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(policy).fetch_all(pool).await)
}

/// The first board of kind `kind` (`renewals` …).
pub async fn board_of_kind(db: &Db, kind: &str) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM kanban_boards WHERE kind = $1 ORDER BY position, id LIMIT 1";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(kind).fetch_optional(pool).await)
}

/// Column `id`: its board, name and outcome.
pub async fn column(db: &Db, id: i64) -> Result<Option<(i64, String, Outcome)>, sqlx::Error> {
    const SQL: &str = "SELECT board_id, name, outcome FROM kanban_columns WHERE id = $1";
    let row: Option<(i64, String, String)> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(|(board, name, outcome)| {
        (
            board,
            name,
            Outcome::parse(&outcome).unwrap_or(Outcome::Open),
        )
    }))
}

/// The first open column of board `board`.
pub async fn first_column(db: &Db, board: i64) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM kanban_columns WHERE board_id = $1 AND outcome = 'open' \
        ORDER BY position, id LIMIT 1";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(board).fetch_optional(pool).await)
}

/// The rank and id of card `id` when it lies in column `column` (and is not `moving`).
pub async fn rank_in(
    tx: &mut Tx,
    column: i64,
    id: i64,
    moving: i64,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    const SQL: &str =
        "SELECT rank, id FROM kanban_cards WHERE column_id = $1 AND id = $2 AND id <> $3";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(column).bind(id).bind(moving)
        .fetch_optional(conn).await)
}

/// The rank of the card right after (`later`) or right before (`!later`) position (`rank`,
/// `id`) in column `column`, not counting card `moving`; `None` at the column's end.
pub async fn neighbour(
    tx: &mut Tx,
    column: i64,
    at: Option<(&str, i64)>,
    later: bool,
    moving: i64,
) -> Result<Option<String>, sqlx::Error> {
    let (cmp, order) = if later { (">", "ASC") } else { ("<", "DESC") };
    // `cmp` and `order` are one of two fixed pairs above, never input.
    match at {
        Some((rank, id)) => {
            let sql = format!(
                "SELECT rank FROM kanban_cards WHERE column_id = $1 AND id <> $2 AND \
                 (rank {cmp} $3 OR (rank = $3 AND id {cmp} $4)) ORDER BY rank {order}, \
                 id {order} LIMIT 1"
            );
            on_tx!(tx, conn => sqlx::query_scalar(&sql).bind(column).bind(moving).bind(rank)
                .bind(id).fetch_optional(conn).await)
        }
        None => {
            let sql = format!(
                "SELECT rank FROM kanban_cards WHERE column_id = $1 AND id <> $2 \
                 ORDER BY rank {order}, id {order} LIMIT 1"
            );
            on_tx!(tx, conn => sqlx::query_scalar(&sql).bind(column).bind(moving)
                .fetch_optional(conn).await)
        }
    }
}

/// A card about to be stored.
pub struct NewCard<'a> {
    pub board: i64,
    pub column: i64,
    pub rank: &'a str,
    pub title: &'a str,
    pub client_id: Option<i64>,
    pub policy_id: Option<i64>,
    pub owner_id: i64,
    pub value: Option<i64>,
    pub due_on: Option<Date>,
    pub description: Option<&'a str>,
}

/// Stores a card; answers its id.
pub async fn insert(
    tx: &mut Tx,
    card: &NewCard<'_>,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO kanban_cards (board_id, column_id, rank, title, client_id, \
        policy_id, owner_id, value, due_on, description, entered_column_at, created_by, \
        created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $7, $11, \
        $11) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(card.board).bind(card.column).bind(card.rank).bind(card.title)
        .bind(card.client_id).bind(card.policy_id).bind(card.owner_id).bind(card.value)
        .bind(card.due_on).bind(card.description).bind(now)
        .fetch_one(conn).await)
}

/// Puts card `id` at `rank` in `column` (one row written). `entered` is set when the column
/// changes; `lost` records why (and when to call again) for a lost column. Answers whether the
/// card still existed.
pub async fn place(
    tx: &mut Tx,
    id: i64,
    column: i64,
    rank: &str,
    entered: Option<OffsetDateTime>,
    lost: Option<(&str, Option<Date>)>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE kanban_cards SET column_id = $1, rank = $2, \
        entered_column_at = COALESCE($3, entered_column_at), \
        lost_reason = CASE WHEN $4 THEN $5 ELSE lost_reason END, \
        recontact_on = CASE WHEN $4 THEN $6 ELSE recontact_on END, updated_at = $7 WHERE id = $8";
    let (is_lost, reason, recontact) = match lost {
        Some((reason, on)) => (true, Some(reason), on),
        None => (false, None, None),
    };
    let done = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(column).bind(rank).bind(entered).bind(is_lost).bind(reason).bind(recontact)
        .bind(now).bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// What only card `id`'s page shows: (description, lost reason, recontact date, owner id).
pub async fn extras(
    db: &Db,
    id: i64,
) -> Result<Option<(Option<String>, Option<String>, Option<Date>, Option<i64>)>, sqlx::Error> {
    const SQL: &str = "SELECT description, lost_reason, recontact_on, owner_id FROM kanban_cards \
        WHERE id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// Card `id`'s audited changes, newest first (at most `limit`).
pub async fn history(
    db: &Db,
    id: i64,
    limit: i64,
) -> Result<Vec<crate::clients::TimelineEntry>, sqlx::Error> {
    const SQL: &str = "SELECT a.occurred_at, a.action, u.name, a.changes FROM audit_log a \
        LEFT JOIN users u ON u.id = a.actor_id WHERE a.entity_type = 'kanban_card' \
        AND a.entity_id = $1 ORDER BY a.occurred_at DESC, a.id DESC LIMIT $2";
    let rows: Vec<(OffsetDateTime, String, Option<String>, Option<String>)> = on_pool!(db, pool =>
        sqlx::query_as(SQL).bind(id.to_string()).bind(limit).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(at, kind, author, changes)| crate::clients::TimelineEntry {
                at,
                kind,
                author,
                body: None,
                changes: changes
                    .and_then(|c| serde_json::from_str(&c).ok())
                    .map(|c| {
                        crate::audit::field_changes(&c)
                            .into_iter()
                            .map(|f| (f.field, f.from, f.to))
                            .collect()
                    })
                    .unwrap_or_default(),
            },
        )
        .collect())
}

/// What a card's page changes.
pub struct CardChange<'a> {
    pub title: &'a str,
    pub value: Option<i64>,
    pub due_on: Option<Date>,
    pub description: Option<&'a str>,
    pub labels: &'a str,
    pub owner_id: Option<i64>,
}

/// Stores card `id`'s new fields; answers whether it existed.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    change: &CardChange<'_>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE kanban_cards SET title = $1, value = $2, due_on = $3, \
        description = $4, labels = $5, owner_id = $6, updated_at = $7 WHERE id = $8";
    let done = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(change.title).bind(change.value).bind(change.due_on).bind(change.description)
        .bind(change.labels).bind(change.owner_id).bind(now).bind(id)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Deletes card `id`; answers whether it existed.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "DELETE FROM kanban_cards WHERE id = $1";
    let done = on_tx!(tx, conn => sqlx::query(SQL).bind(id).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// The column and rank card `id` has now (read inside the move's transaction).
pub async fn current(tx: &mut Tx, id: i64) -> Result<Option<(i64, String)>, sqlx::Error> {
    const SQL: &str = "SELECT column_id, rank FROM kanban_cards WHERE id = $1";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(id).fetch_optional(conn).await)
}

/// The renewal card of policy `policy` on the Renovações board: added at the bottom of the
/// board's first column unless the board already holds a card for that policy (or has no
/// column). Answers the new card's id.
pub async fn ensure_renewal_card(
    tx: &mut Tx,
    policy: i64,
    card: &NewCard<'_>,
    now: OffsetDateTime,
) -> Result<Option<i64>, sqlx::Error> {
    const BOARD: &str = "SELECT b.id, (SELECT c.id FROM kanban_columns c WHERE c.board_id = b.id \
        AND c.outcome = 'open' ORDER BY c.position, c.id LIMIT 1) FROM kanban_boards b \
        WHERE b.kind = 'renewals' ORDER BY b.position, b.id LIMIT 1";
    const EXISTS: &str = "SELECT COUNT(*) FROM kanban_cards WHERE board_id = $1 AND policy_id = $2";
    let found: Option<(i64, Option<i64>)> =
        on_tx!(tx, conn => sqlx::query_as(BOARD).fetch_optional(conn).await)?;
    let Some((board, Some(column))) = found else {
        return Ok(None);
    };
    let existing: i64 = on_tx!(tx, conn => sqlx::query_scalar(EXISTS).bind(board).bind(policy).fetch_one(conn).await)?;
    if existing > 0 {
        return Ok(None);
    }
    let last = neighbour(tx, column, None, false, 0).await?;
    let rank = super::rank::between(last.as_deref(), None);
    let card = NewCard {
        board,
        column,
        rank: &rank,
        policy_id: Some(policy),
        ..*card
    };
    insert(tx, &card, now).await.map(Some)
}

/// Moves policy `policy`'s card on the renewals board to the bottom of the `nth` column (from 0,
/// in board order) whose outcome is `outcome` — the first when there are fewer — recording
/// `lost` (reason, recontact date) for a lost column. Answers (card, from column, to column)
/// when a card moved.
pub async fn settle_renewal_card(
    tx: &mut Tx,
    policy: i64,
    outcome: Outcome,
    nth: i64,
    lost: Option<(&str, Option<Date>)>,
    now: OffsetDateTime,
) -> Result<Option<(i64, String, String)>, sqlx::Error> {
    const CARD: &str = "SELECT k.id, k.board_id, k.column_id, c.name FROM kanban_cards k \
        JOIN kanban_boards b ON b.id = k.board_id JOIN kanban_columns c ON c.id = k.column_id \
        WHERE b.kind = 'renewals' AND k.policy_id = $1 ORDER BY k.id LIMIT 1";
    const TARGETS: &str = "SELECT id, name FROM kanban_columns WHERE board_id = $1 \
        AND outcome = $2 ORDER BY position, id";
    let card: Option<(i64, i64, i64, String)> =
        on_tx!(tx, conn => sqlx::query_as(CARD).bind(policy).fetch_optional(conn).await)?;
    let Some((card, board, from, from_name)) = card else {
        return Ok(None);
    };
    let code = outcome.code();
    let targets: Vec<(i64, String)> =
        on_tx!(tx, conn => sqlx::query_as(TARGETS).bind(board).bind(code).fetch_all(conn).await)?;
    let at = usize::try_from(nth).unwrap_or(0);
    let Some((to, to_name)) = targets.get(at).or(targets.first()).cloned() else {
        return Ok(None);
    };
    if to == from {
        return Ok(None);
    }
    let last = neighbour(tx, to, None, false, card).await?;
    let rank = super::rank::between(last.as_deref(), None);
    place(tx, card, to, &rank, Some(now), lost, now).await?;
    Ok(Some((card, from_name, to_name)))
}

/// LGPD anonymisation of client `client`'s cards: the free texts — descriptions, lost reasons,
/// comments — become `redacted`; titles and checklist items only when `names_them` finds the
/// person in them (they usually name the work: "Renovação auto", "pedir CRLV"). Answers how many
/// texts changed.
pub async fn redact_client_cards(
    tx: &mut Tx,
    client: i64,
    redacted: &str,
    names_them: &(dyn Fn(&str) -> bool + Sync),
) -> Result<u64, sqlx::Error> {
    const CARDS: &str = "UPDATE kanban_cards SET \
        description = CASE WHEN description IS NULL THEN NULL ELSE $1 END, \
        lost_reason = CASE WHEN lost_reason IS NULL THEN NULL ELSE $1 END WHERE client_id = $2";
    const COMMENTS: &str = "UPDATE kanban_card_comments SET body = $1 WHERE card_id IN \
        (SELECT id FROM kanban_cards WHERE client_id = $2)";
    const TITLES: &str = "SELECT id, title FROM kanban_cards WHERE client_id = $1";
    const ITEMS: &str = "SELECT id, text FROM kanban_checklist_items WHERE card_id IN \
        (SELECT id FROM kanban_cards WHERE client_id = $1)";
    const SET_TITLE: &str = "UPDATE kanban_cards SET title = $1 WHERE id = $2";
    const SET_ITEM: &str = "UPDATE kanban_checklist_items SET text = $1 WHERE id = $2";
    let mut changed = 0;
    for sql in [CARDS, COMMENTS] {
        changed += on_tx!(tx, conn => sqlx::query(sql).bind(redacted).bind(client)
            .execute(conn).await.map(|r| r.rows_affected()))?;
    }
    for (select, update) in [(TITLES, SET_TITLE), (ITEMS, SET_ITEM)] {
        let texts: Vec<(i64, String)> =
            on_tx!(tx, conn => sqlx::query_as(select).bind(client).fetch_all(conn).await)?;
        for (id, _) in texts.iter().filter(|(_, text)| names_them(text)) {
            changed += on_tx!(tx, conn => sqlx::query(update).bind(redacted).bind(id)
                .execute(conn).await.map(|r| r.rows_affected()))?;
        }
    }
    Ok(changed)
}

/// Ties card `id` to policy `policy` unless it has one already; answers whether it did.
pub async fn set_policy(tx: &mut Tx, id: i64, policy: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE kanban_cards SET policy_id = $1 WHERE id = $2 AND policy_id IS NULL";
    let done = on_tx!(tx, conn => sqlx::query(SQL).bind(policy).bind(id).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
