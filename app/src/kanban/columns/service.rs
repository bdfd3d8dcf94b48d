//! Column administration: each change in one transaction with its audit rows; answers the
//! board's id so the caller can tell open boards to read themselves again.

use serde_json::json;
use time::OffsetDateTime;

use super::{repo, ColumnInput, ColumnsAdmin};
use crate::kanban::service::write_audit;
use crate::{
    audit::Changes,
    db::{Db, Tx},
    error::{AppError, FieldErrors},
    kanban::{self, rank, Outcome},
    users::repo::UserRow,
};

/// Board `slug`'s columns for the administration page.
pub async fn admin(db: &Db, slug: &str) -> Result<ColumnsAdmin, AppError> {
    let board = kanban::repo::board(db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ColumnsAdmin {
        columns: repo::list(db, board.id).await?,
        slug: board.slug,
        name: board.name,
    })
}

/// Adds a column to board `slug` (`id` 0) or changes column `id` of it. A board keeps at least
/// one open column (new cards start there) and no two columns share a name.
pub async fn save(
    db: &Db,
    actor: &UserRow,
    slug: &str,
    id: i64,
    input: &ColumnInput,
) -> Result<i64, AppError> {
    let board = kanban::repo::board(db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let parsed = input.parse();
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    let mut tx = db.begin().await?;
    let before = match id {
        0 => None,
        id => match repo::get(&mut tx, id).await? {
            Some(found) if found.0 == board.id => Some(found),
            _ => return Err(AppError::NotFound),
        },
    };
    // Checked even when other fields are wrong, so every problem shows at once.
    let name = input.name.trim();
    if !name.is_empty() && repo::name_taken(&mut tx, board.id, name, id).await? {
        errors.add("name", "column_name_taken");
    }
    let outcome = Outcome::parse(input.outcome.trim()).unwrap_or(Outcome::Open);
    if outcome != Outcome::Open && repo::other_open(&mut tx, board.id, id).await? == 0 {
        errors.add("outcome", "column_last_open");
    }
    errors.into_result()?;
    let settings = parsed.map_err(|_| AppError::BadRequest)?;
    let (action, id) = match before {
        None => (
            "column.create",
            repo::insert(&mut tx, board.id, &settings).await?,
        ),
        Some(_) => {
            repo::update(&mut tx, id, &settings).await?;
            ("column.update", id)
        }
    };
    let mut changes = Changes::default();
    changes.compare(
        "name",
        before.as_ref().map(|b| b.1.as_str()),
        settings.name.as_str(),
    );
    let mut changes = changes.into_value();
    changes["board"] = json!(board.name);
    changes["outcome"] = json!(input.outcome.trim());
    changes["wip_limit"] = json!(settings.wip_limit);
    changes["sla_days"] = json!(settings.sla_days);
    write_audit(&mut tx, actor.id, action, ("kanban_column", id), changes).await?;
    tx.commit().await?;
    Ok(board.id)
}

/// Moves column `id` one place left (`step` < 0) or right; answers its board.
pub async fn shift(db: &Db, actor: &UserRow, id: i64, step: i64) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let (board, name, _, position) = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let Some((other, other_position)) =
        repo::beside(&mut tx, board, position, id, step > 0).await?
    else {
        return Ok(board);
    };
    // Equal positions (never made here, but possible by hand) still end up apart.
    let (mine, theirs) = if other_position == position {
        (position + step.signum(), position)
    } else {
        (other_position, position)
    };
    repo::set_position(&mut tx, id, mine).await?;
    repo::set_position(&mut tx, other, theirs).await?;
    let changes = json!({ "name": name, "step": step.signum() });
    write_audit(
        &mut tx,
        actor.id,
        "column.reorder",
        ("kanban_column", id),
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(board)
}

/// Deletes column `id`; its cards go, in their order, to the bottom of column `to` (another
/// open, won or done column of the same board; required when there are cards). The board keeps
/// an open column. Answers the board.
pub async fn delete(
    db: &Db,
    actor: &UserRow,
    id: i64,
    to: i64,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let (board, name, outcome, _) = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let cards = repo::cards_in(&mut tx, id).await?;
    let target = match to {
        0 => None,
        to => repo::get(&mut tx, to)
            .await?
            .filter(|t| t.0 == board && to != id),
    };
    let mut errors = FieldErrors::default();
    match &target {
        None if to != 0 => errors.add("to", "column_invalid"),
        None if !cards.is_empty() => errors.add("to", "column_target_required"),
        Some((_, _, code, _)) if code == "lost" && !cards.is_empty() => {
            errors.add("to", "column_target_lost")
        }
        _ => {}
    }
    if outcome == "open" && repo::other_open(&mut tx, board, id).await? == 0 {
        errors.add("to", "column_last_open");
    }
    errors.into_result()?;
    if let Some((_, target_name, _, _)) = &target {
        relocate(&mut tx, actor, &cards, (&name, to, target_name), now).await?;
    }
    repo::delete(&mut tx, id).await?;
    let changes = json!({ "name": { "from": name, "to": null }, "cards_moved": cards.len() });
    write_audit(
        &mut tx,
        actor.id,
        "column.delete",
        ("kanban_column", id),
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(board)
}

/// Puts `cards` (in order) at the bottom of column `to`, each move audited on its card.
async fn relocate(
    tx: &mut Tx,
    actor: &UserRow,
    cards: &[(i64, String)],
    (from_name, to, to_name): (&str, i64, &str),
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut last = kanban::repo::neighbour(tx, to, None, false, 0).await?;
    for (card, _) in cards {
        let rank = rank::between(last.as_deref(), None);
        kanban::repo::place(tx, *card, to, &rank, Some(now), None, now).await?;
        let mut changes = Changes::default();
        changes.compare("column", from_name, to_name);
        write_audit(
            tx,
            actor.id,
            "card.move",
            ("kanban_card", *card),
            changes.into_value(),
        )
        .await?;
        last = Some(rank);
    }
    Ok(())
}
