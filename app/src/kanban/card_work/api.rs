//! Server functions for a card's checklist and comments: each finds the caller and their scope,
//! calls one function of [`super::service`], announces the card on the live board (its counts
//! changed) and answers the card's checklist and comments as they are now.

use leptos::prelude::*;

use super::CardWork;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{clients::scope::caller, error::respond};

/// Announces card `card` and answers its work as `caller` sees it.
#[cfg(feature = "ssr")]
async fn after_change(
    (user, scope, state): &(
        crate::users::repo::UserRow,
        crate::clients::scope::Scope,
        crate::state::AppState,
    ),
    card: i64,
) -> Result<CardWork, AppError> {
    crate::kanban::live::announce(&state.db, &state.bus, card, state.clock.now()).await?;
    super::service::work(&state.db, user, scope, card).await
}

/// Card `card`'s checklist and comments.
#[server(prefix = "/api", endpoint = "kanban_card_work")]
pub async fn kanban_card_work(card: i64) -> Result<CardWork, AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            super::service::work(&state.db, &user, &scope, card).await
        }
        .await,
    )
}

/// Adds `text` to card `card`'s checklist.
#[server(prefix = "/api", endpoint = "add_checklist_item")]
pub async fn add_checklist_item(card: i64, text: String) -> Result<CardWork, AppError> {
    respond(
        async {
            let who = caller().await?;
            let (user, scope, state) = &who;
            let now = state.clock.now();
            super::service::add_item(&state.db, user, scope, card, &text, now).await?;
            after_change(&who, card).await
        }
        .await,
    )
}

/// Ticks (`done`) or unticks checklist item `id`.
#[server(prefix = "/api", endpoint = "check_checklist_item")]
pub async fn check_checklist_item(id: i64, done: bool) -> Result<CardWork, AppError> {
    respond(
        async {
            let who = caller().await?;
            let (user, scope, state) = &who;
            let now = state.clock.now();
            let card = super::service::check_item(&state.db, user, scope, id, done, now).await?;
            after_change(&who, card).await
        }
        .await,
    )
}

/// Deletes checklist item `id`.
#[server(prefix = "/api", endpoint = "delete_checklist_item")]
pub async fn delete_checklist_item(id: i64) -> Result<CardWork, AppError> {
    respond(
        async {
            let who = caller().await?;
            let (user, scope, state) = &who;
            let card = super::service::remove_item(&state.db, user, scope, id).await?;
            after_change(&who, card).await
        }
        .await,
    )
}

/// Comments `body` on card `card`.
#[server(prefix = "/api", endpoint = "add_card_comment")]
pub async fn add_card_comment(card: i64, body: String) -> Result<CardWork, AppError> {
    respond(
        async {
            let who = caller().await?;
            let (user, scope, state) = &who;
            let now = state.clock.now();
            super::service::comment(&state.db, user, scope, card, &body, now).await?;
            after_change(&who, card).await
        }
        .await,
    )
}

/// Deletes comment `id` (its author, managers and admins).
#[server(prefix = "/api", endpoint = "delete_card_comment")]
pub async fn delete_card_comment(id: i64) -> Result<CardWork, AppError> {
    respond(
        async {
            let who = caller().await?;
            let (user, scope, state) = &who;
            let card = super::service::delete_comment(&state.db, user, scope, id).await?;
            after_change(&who, card).await
        }
        .await,
    )
}
