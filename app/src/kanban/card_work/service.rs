//! Checklist and comments, within the caller's [`Scope`]: a card (or an item or comment of a
//! card) outside it, or gone, answers 404. Each change is one transaction with its audit row on
//! the card (`card.checklist_*`, `card.comment*`); the comment's audit row keeps an excerpt.

use serde_json::json;
use time::OffsetDateTime;

use super::{excerpt, repo, CardWork, MAX_COMMENT, MAX_ITEM, MAX_ITEMS, SHOWN_COMMENTS};
use crate::{
    clients::scope::Scope,
    db::Db,
    error::AppError,
    kanban::{repo as cards, service::write_audit},
    roles::Role,
    users::repo::UserRow,
};

/// Checks that card `card` is in `scope`.
async fn visible(db: &Db, scope: &Scope, card: i64) -> Result<(), AppError> {
    cards::card(db, scope, card)
        .await?
        .map(|_| ())
        .ok_or(AppError::NotFound)
}

/// A typed text, trimmed: required, at most `max` characters (errors under `field`).
fn text<'a>(typed: &'a str, field: &str, max: usize) -> Result<&'a str, AppError> {
    let text = typed.trim();
    if text.is_empty() {
        Err(AppError::invalid(field, "value_required"))
    } else if text.chars().count() > max {
        Err(AppError::invalid(field, "text_too_long"))
    } else {
        Ok(text)
    }
}

/// Card `card`'s checklist and comments, as `viewer` may act on them.
pub async fn work(
    db: &Db,
    viewer: &UserRow,
    scope: &Scope,
    card: i64,
) -> Result<CardWork, AppError> {
    visible(db, scope, card).await?;
    let moderator = viewer.role() != Role::User;
    let comments = repo::comments(db, card, SHOWN_COMMENTS)
        .await?
        .into_iter()
        .map(|(mut comment, author)| {
            comment.may_delete = moderator || author == Some(viewer.id);
            comment
        })
        .collect();
    Ok(CardWork {
        card,
        checklist: repo::checklist(db, card).await?,
        comments,
    })
}

/// Adds `typed` at the end of card `card`'s checklist (at most [`MAX_ITEMS`] items).
pub async fn add_item(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    card: i64,
    typed: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    visible(db, scope, card).await?;
    let text = text(typed, "item", MAX_ITEM)?;
    let mut tx = db.begin().await?;
    if repo::item_count(&mut tx, card).await? >= MAX_ITEMS {
        return Err(AppError::invalid("item", "checklist_full"));
    }
    repo::insert_item(&mut tx, card, text, actor.id, now).await?;
    let changes = json!({ "item": { "from": null, "to": text } });
    let entity = ("kanban_card", card);
    write_audit(&mut tx, actor.id, "card.checklist_add", entity, changes).await?;
    tx.commit().await?;
    Ok(())
}

/// Ticks (`done`) or unticks checklist item `id`; already so changes nothing. Answers its card.
pub async fn check_item(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    done: bool,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let (card, text, _) = repo::item(db, id).await?.ok_or(AppError::NotFound)?;
    visible(db, scope, card).await?;
    let mut tx = db.begin().await?;
    if !repo::set_done(&mut tx, id, done.then_some((actor.id, now))).await? {
        return Ok(card);
    }
    let action = if done {
        "card.checklist_check"
    } else {
        "card.checklist_uncheck"
    };
    let changes = json!({ "item": { "from": null, "to": text } });
    write_audit(&mut tx, actor.id, action, ("kanban_card", card), changes).await?;
    tx.commit().await?;
    Ok(card)
}

/// Deletes checklist item `id`; answers its card.
pub async fn remove_item(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
) -> Result<i64, AppError> {
    let (card, text, _) = repo::item(db, id).await?.ok_or(AppError::NotFound)?;
    visible(db, scope, card).await?;
    let mut tx = db.begin().await?;
    if !repo::delete_item(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    let changes = json!({ "item": { "from": text, "to": null } });
    let entity = ("kanban_card", card);
    write_audit(&mut tx, actor.id, "card.checklist_remove", entity, changes).await?;
    tx.commit().await?;
    Ok(card)
}

/// Comments `typed` on card `card`.
pub async fn comment(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    card: i64,
    typed: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    visible(db, scope, card).await?;
    let body = text(typed, "body", MAX_COMMENT)?;
    let mut tx = db.begin().await?;
    repo::insert_comment(&mut tx, card, body, actor.id, now).await?;
    let changes = json!({ "comment": { "from": null, "to": excerpt(body) } });
    write_audit(
        &mut tx,
        actor.id,
        "card.comment",
        ("kanban_card", card),
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes comment `id`: its author, or a manager or admin. Answers its card.
pub async fn delete_comment(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
) -> Result<i64, AppError> {
    let (card, author, body) = repo::comment(db, id).await?.ok_or(AppError::NotFound)?;
    visible(db, scope, card).await?;
    if actor.role() == Role::User && author != Some(actor.id) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    if !repo::delete_comment(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    let changes = json!({ "comment": { "from": excerpt(&body), "to": null } });
    let entity = ("kanban_card", card);
    write_audit(&mut tx, actor.id, "card.comment_delete", entity, changes).await?;
    tx.commit().await?;
    Ok(card)
}
