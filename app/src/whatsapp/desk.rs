//! Handling a conversation: handing it to someone (staff take it themselves; managers hand it
//! within their teams, admins to anyone), closing and reopening it (a customer who writes again
//! opens it by themselves), and internal notes that never leave the CRM. Each change is for
//! those who may see the conversation; handing and closing are audited.

use serde_json::json;

use super::repo;
use crate::{
    audit::{self, AuditEntry, RequestMeta},
    clients::scope::Scope,
    db::Db,
    error::AppError,
    users::repo::UserRow,
};

/// Longest internal note.
pub const MAX_NOTE_CHARS: usize = 5000;

/// Conversation `id` if `scope` may see it (404 otherwise).
pub async fn visible(db: &Db, scope: &Scope, id: i64) -> Result<super::ConversationRow, AppError> {
    match repo::conversation_row(db, id).await? {
        Some((row, holders)) if holders.visible_to(scope) => Ok(row),
        _ => Err(AppError::NotFound),
    }
}

async fn record(
    db: &Db,
    actor: &UserRow,
    action: &'static str,
    id: i64,
    changes: serde_json::Value,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let entry = AuditEntry {
        actor_id: Some(actor.id),
        action,
        entity_type: Some("whatsapp_conversation"),
        entity_id: Some(id.to_string()),
        changes: Some(changes),
        meta: RequestMeta::current(),
    };
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Hands conversation `id` to `to` (`None`: to nobody). `to` must be among those `scope` may
/// hand conversations to (a field error on `user` otherwise).
pub async fn assign(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    to: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let row = visible(db, scope, id).await?;
    if let Some(to) = to {
        let allowed = crate::clients::repo::owners(db, scope).await?;
        if !allowed.iter().any(|(user, _)| *user == to) {
            return Err(AppError::invalid("user", "owner_invalid"));
        }
    }
    let changed = repo::set_assignee(db, id, to, now).await?;
    if changed {
        let changes = json!({ "assigned_to": { "from": row.assigned_id, "to": to } });
        record(db, actor, "whatsapp.assign", id, changes).await?;
    }
    Ok(changed)
}

/// Closes (or reopens) conversation `id`.
pub async fn close(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    closed: bool,
    now: i64,
) -> Result<bool, AppError> {
    visible(db, scope, id).await?;
    let changed = repo::set_closed(db, id, closed, now).await?;
    if changed {
        let action = if closed {
            "whatsapp.close"
        } else {
            "whatsapp.reopen"
        };
        record(db, actor, action, id, json!({})).await?;
    }
    Ok(changed)
}

/// Adds internal note `body` to conversation `id`.
pub async fn note(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    body: &str,
    now: i64,
) -> Result<(), AppError> {
    visible(db, scope, id).await?;
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("note", "value_required"));
    }
    if body.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::invalid("note", "note_too_long"));
    }
    repo::insert_note(db, id, actor.id, body, now).await?;
    Ok(())
}

/// Ties conversation `id` to client `client` (a lead's conversation becomes the client's: their
/// profile shows it and their owner sees it) or, with `None`, unties it. The client must be one
/// `scope` may see, not archived (a field error on `client` otherwise). Audited.
pub async fn link(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    client: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let row = visible(db, scope, id).await?;
    if let Some(client) = client {
        if crate::policies::repo::client_name(db, scope, client)
            .await?
            .is_none()
        {
            return Err(AppError::invalid("client", "client_invalid"));
        }
    }
    let changed = repo::set_client(db, id, client, now).await?;
    if changed {
        let changes = json!({ "client": { "from": row.client_id, "to": client } });
        record(db, actor, "whatsapp.link", id, changes).await?;
    }
    Ok(changed)
}

/// The Kanban board a card opened from a conversation goes to (its first column).
pub const CARD_BOARD: &str = "vendas";

/// The Kanban card of conversation `id`: the one linked to it, else a new card on the sales
/// board, owned by `actor`, about the conversation's client (when `scope` may see them), linked
/// to the conversation. Answers (card, whether it was created now).
pub async fn card(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    now: time::OffsetDateTime,
) -> Result<(i64, bool), AppError> {
    let row = visible(db, scope, id).await?;
    if let Some(card) = row.card_id {
        return Ok((card, false));
    }
    let client = match row.client_id {
        Some(c)
            if crate::policies::repo::client_name(db, scope, c)
                .await?
                .is_some() =>
        {
            c
        }
        _ => 0,
    };
    let title: String = format!("WhatsApp: {}", row.name)
        .chars()
        .take(200)
        .collect();
    let input = crate::kanban::CardInput {
        title,
        client,
        description: format!("Conversa no WhatsApp com {} (/whatsapp/{id}).", row.phone),
        ..Default::default()
    };
    let card = crate::kanban::service::create(db, actor, scope, CARD_BOARD, &input, now).await?;
    if repo::set_card(db, id, card, now.unix_timestamp()).await? {
        return Ok((card, true));
    }
    // Someone linked a card meanwhile (a double click): keep theirs, drop this one.
    crate::kanban::service::delete(db, actor, scope, card).await?;
    let linked = visible(db, scope, id).await?.card_id;
    Ok((linked.ok_or(AppError::Conflict)?, false))
}
