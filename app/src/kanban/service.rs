//! What can be done on the boards, always within the caller's [`Scope`]: read a board, add a
//! card, move one (a new rank between its new neighbours: one row written). A card outside the
//! scope, or gone, answers 404; a column of another board or a lost column without a reason is
//! a field error. Every change is audited on the card (`kanban_card`), and cards about a client
//! show on the client's timeline.

use serde_json::json;
use time::OffsetDateTime;

use super::{rank, repo, Board, CardDetail, CardInput, MoveTo, Outcome};
use crate::{
    audit::{self, Changes, RequestMeta},
    clients::scope::Scope,
    db::{Db, Tx},
    error::{AppError, FieldErrors},
    roles::Role,
    users::repo::UserRow,
};

/// Longest reason for a lost card (or renewal), in characters.
pub const MAX_REASON: usize = 500;

/// Why a card or a renewal was lost, as typed: the reason (required, at most [`MAX_REASON`]
/// characters) and an optional date to call again. Field errors under `lost_reason` and
/// `recontact_on`.
pub fn lost_reason<'a>(
    reason: &'a str,
    recontact_on: &str,
) -> Result<(&'a str, Option<time::Date>), AppError> {
    let mut errors = FieldErrors::default();
    let reason = reason.trim();
    if reason.is_empty() {
        errors.add("lost_reason", "reason_required");
    } else if reason.chars().count() > MAX_REASON {
        errors.add("lost_reason", "text_too_long");
    }
    let recontact = match recontact_on.trim() {
        "" => None,
        typed => {
            let date = crate::audit::parse_date(typed);
            if date.is_none() {
                errors.add("recontact_on", "date_invalid");
            }
            date
        }
    };
    errors.into_result()?;
    Ok((reason, recontact))
}

/// Audits `action` on `entity` (`kanban_card` or `kanban_column`) by `actor`.
pub(super) async fn write_audit(
    tx: &mut Tx,
    actor: i64,
    action: &str,
    entity: (&str, i64),
    changes: serde_json::Value,
) -> Result<(), AppError> {
    audit::change(
        tx,
        Some(actor),
        action,
        entity,
        Some(changes),
        RequestMeta::current(),
    )
    .await?;
    Ok(())
}

/// Board `slug` with the cards `scope` sees, their days in the column counted on `now`'s São
/// Paulo day.
pub async fn board(
    db: &Db,
    viewer: &UserRow,
    scope: &Scope,
    slug: &str,
    now: OffsetDateTime,
) -> Result<Board, AppError> {
    let row = repo::board(db, slug).await?.ok_or(AppError::NotFound)?;
    let mut columns = repo::columns(db, row.id).await?;
    let today = crate::format::today_sao_paulo(now);
    for mut card in repo::cards(db, scope, row.id).await? {
        card.days = super::days_in_column(card.entered_column_at, today);
        if let Some(column) = columns.iter_mut().find(|c| c.id == card.column_id) {
            column.cards.push(card);
        }
    }
    Ok(Board {
        id: row.id,
        slug: row.slug,
        name: row.name,
        columns,
        boards: repo::boards(db, scope).await?,
        manage: matches!(viewer.role(), Role::Admin | Role::Manager),
        live: String::new(),
        kind: row.kind,
    })
}

/// Adds a card to board `slug` (at the bottom of its column), owned by `actor`; answers its id.
pub async fn create(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    slug: &str,
    input: &CardInput,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let board = repo::board(db, slug).await?.ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let fields = super::edit::parse(
        (&input.title, &input.value, &input.due_on),
        &input.description,
        "",
        &mut errors,
    );
    let column = match input.column {
        0 => repo::first_column(db, board.id).await?,
        id => match repo::column(db, id).await? {
            Some((b, _, _)) if b == board.id => Some(id),
            _ => None,
        },
    };
    if column.is_none() {
        errors.add("column", "column_invalid");
    }
    let client = match input.client {
        0 => None,
        id => {
            if crate::policies::repo::client_name(db, scope, id)
                .await?
                .is_none()
            {
                errors.add("client", "client_invalid");
            }
            Some(id)
        }
    };
    errors.into_result()?;
    let column = column.ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    let last = repo::neighbour(&mut tx, column, None, false, 0).await?;
    let rank = rank::between(last.as_deref(), None);
    let card = repo::NewCard {
        board: board.id,
        column,
        rank: &rank,
        title: fields.title,
        client_id: client,
        policy_id: None,
        owner_id: actor.id,
        value: fields.value,
        due_on: fields.due_on,
        description: fields.description,
    };
    let id = repo::insert(&mut tx, &card, now).await?;
    let changes = json!({ "title": { "from": null, "to": fields.title }, "board": board.name });
    write_audit(
        &mut tx,
        actor.id,
        "card.create",
        ("kanban_card", id),
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves card `id` to `to` (its column, after or before another card, else the bottom). A lost
/// column needs `reason` (and takes `recontact_on`). One row is written; the move is audited.
#[allow(clippy::too_many_arguments)]
pub async fn move_card(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    to: &MoveTo,
    reason: &str,
    recontact_on: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let (board, card) = repo::card(db, scope, id).await?.ok_or(AppError::NotFound)?;
    let (target_board, target_name, outcome) = repo::column(db, to.column)
        .await?
        .filter(|(b, _, _)| *b == board)
        .ok_or_else(|| AppError::invalid("column", "column_invalid"))?;
    let changing_column = to.column != card.column_id;
    let lost = if outcome == Outcome::Lost && changing_column {
        Some(lost_reason(reason, recontact_on)?)
    } else {
        None
    };
    debug_assert_eq!(target_board, board);
    let mut tx = db.begin().await?;
    // The neighbours are read inside the transaction that writes, so the rank fits the column
    // as it is now; a neighbour that moved away meanwhile means the bottom (or top).
    let rank = match (to.after, to.before) {
        (Some(after), _) => match repo::rank_in(&mut tx, to.column, after, id).await? {
            Some((a, a_id)) => {
                let next = repo::neighbour(&mut tx, to.column, Some((&a, a_id)), true, id).await?;
                rank::between(Some(&a), next.as_deref())
            }
            None => bottom(&mut tx, to.column, id).await?,
        },
        (None, Some(before)) => match repo::rank_in(&mut tx, to.column, before, id).await? {
            Some((b, b_id)) => {
                let prev = repo::neighbour(&mut tx, to.column, Some((&b, b_id)), false, id).await?;
                rank::between(prev.as_deref(), Some(&b))
            }
            None => bottom(&mut tx, to.column, id).await?,
        },
        (None, None) => bottom(&mut tx, to.column, id).await?,
    };
    let Some((from_column, _)) = repo::current(&mut tx, id).await? else {
        return Err(AppError::NotFound);
    };
    let entered = (from_column != to.column).then_some(now);
    if !repo::place(&mut tx, id, to.column, &rank, entered, lost, now).await? {
        return Err(AppError::NotFound);
    }
    let from_name = repo::column(db, from_column)
        .await?
        .map(|(_, name, _)| name)
        .unwrap_or_default();
    let mut changes = Changes::default();
    changes.compare("column", from_name.as_str(), target_name.as_str());
    if let Some((reason, recontact)) = lost {
        changes.compare("lost_reason", serde_json::Value::Null, reason);
        if let Some(on) = recontact {
            changes.compare(
                "recontact_on",
                serde_json::Value::Null,
                crate::format::date_br(on),
            );
        }
    }
    let mut changes = changes.into_value();
    if entered.is_none() {
        changes["reordered"] = json!(true);
    }
    write_audit(&mut tx, actor.id, "card.move", ("kanban_card", id), changes).await?;
    tx.commit().await?;
    Ok(())
}

/// The rank at the bottom of `column` (not counting card `moving`).
async fn bottom(tx: &mut Tx, column: i64, moving: i64) -> Result<String, AppError> {
    let last = repo::neighbour(tx, column, None, false, moving).await?;
    Ok(rank::between(last.as_deref(), None))
}

/// Deletes card `id`: admins and managers any card in their scope, users the cards they are
/// responsible for. Answers its board and audience (for the live board). Audited with its title.
pub async fn delete(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
) -> Result<(i64, crate::live::Audience), AppError> {
    let (board, card) = repo::card(db, scope, id).await?.ok_or(AppError::NotFound)?;
    let (_, audience, _) = repo::card_for_all(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = repo::extras(db, id).await?.and_then(|e| e.3);
    if actor.role() == Role::User && owner != Some(actor.id) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    if !repo::delete(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    let changes = json!({ "title": { "from": card.title, "to": null } });
    write_audit(
        &mut tx,
        actor.id,
        "card.delete",
        ("kanban_card", id),
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok((board, audience))
}

/// Ties card `card` (a won deal) to policy `policy` of client `client`, created from its offer:
/// only a card `scope` sees, about that client, without a policy yet. Audited on the card as
/// `card.update` (its page then opens the policy). Answers whether it was tied.
pub async fn attach_policy(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    card: i64,
    (policy, client, label): (i64, i64, &str),
) -> Result<bool, AppError> {
    let Some((_, found)) = repo::card(db, scope, card).await? else {
        return Ok(false);
    };
    if found.client_id != Some(client) || found.policy_id.is_some() {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    if !repo::set_policy(&mut tx, card, policy).await? {
        return Ok(false);
    }
    let changes = json!({ "policy": { "from": null, "to": label } });
    write_audit(
        &mut tx,
        actor.id,
        "card.update",
        ("kanban_card", card),
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// How many history entries a card's page shows.
pub const HISTORY: i64 = 200;

/// Card `id`'s page, if `scope` sees it.
pub async fn detail(
    db: &Db,
    viewer: &UserRow,
    scope: &Scope,
    id: i64,
    now: OffsetDateTime,
) -> Result<CardDetail, AppError> {
    let (board_id, mut card) = repo::card(db, scope, id).await?.ok_or(AppError::NotFound)?;
    card.days = super::days_in_column(card.entered_column_at, crate::format::today_sao_paulo(now));
    let (description, lost_reason, recontact_on, owner) =
        repo::extras(db, id).await?.ok_or(AppError::NotFound)?;
    let board = repo::board_by_id(db, board_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let columns: Vec<(i64, String, Outcome)> = repo::columns(db, board_id)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name, c.outcome))
        .collect();
    let column_name = columns
        .iter()
        .find(|(c, _, _)| *c == card.column_id)
        .map(|(_, name, _)| name.clone())
        .unwrap_or_default();
    Ok(CardDetail {
        board_slug: board.slug,
        board_name: board.name,
        column_name,
        columns,
        description,
        lost_reason,
        recontact_on,
        may_delete: viewer.role() != Role::User || owner == Some(viewer.id),
        owners: crate::clients::repo::owners(db, scope).await?,
        board_kind: board.kind,
        history: repo::history(db, id, HISTORY).await?,
        work: super::card_work::service::work(db, viewer, scope, id).await?,
        live: String::new(),
        card,
    })
}
