//! Server functions for the boards: each finds the caller and their record scope, then calls one
//! function of [`super::service`].

use leptos::prelude::*;

use super::{Board, BoardSummary, Card, CardDetail, CardEdit, CardInput, MoveTo};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::respond;

#[cfg(feature = "ssr")]
use crate::clients::scope::caller;

/// The boards, with how many cards the caller sees on each.
#[server(prefix = "/api", endpoint = "kanban_boards")]
pub async fn kanban_boards() -> Result<Vec<BoardSummary>, AppError> {
    respond(
        async {
            let (_, scope, state) = caller().await?;
            Ok(super::repo::boards(&state.db, &scope).await?)
        }
        .await,
    )
}

/// Board `slug` with the cards the caller sees.
#[server(prefix = "/api", endpoint = "kanban_board")]
pub async fn kanban_board(slug: String) -> Result<Board, AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            // Taken before reading: the page's stream replays anything published meanwhile.
            let live = state.bus.last_id();
            let mut board =
                super::service::board(&state.db, &user, &scope, &slug, state.clock.now()).await?;
            board.live = live;
            Ok(board)
        }
        .await,
    )
}

/// Card `id`'s page.
#[server(prefix = "/api", endpoint = "kanban_card")]
pub async fn kanban_card(id: i64) -> Result<CardDetail, AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            // Taken before reading: the page's stream replays anything published meanwhile.
            let live = state.bus.last_id();
            let mut detail =
                super::service::detail(&state.db, &user, &scope, id, state.clock.now()).await?;
            detail.live = live;
            Ok(detail)
        }
        .await,
    )
}

/// Adds a card to board `board` and answers it (the board's page puts it in place at once);
/// a form posted without scripts is sent back to the board.
#[server(prefix = "/api", endpoint = "create_card")]
pub async fn create_card(board: String, card: CardInput) -> Result<Card, AppError> {
    let card = respond(
        async {
            let (user, scope, state) = caller().await?;
            let now = state.clock.now();
            let id = super::service::create(&state.db, &user, &scope, &board, &card, now).await?;
            super::live::published(&state.db, &state.bus, id, now)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/kanban/{board}"));
    Ok(card)
}

/// Moves card `id` (see [`MoveTo`]); a lost column needs `lost_reason`.
#[server(prefix = "/api", endpoint = "move_card")]
pub async fn move_card(
    id: i64,
    to: MoveTo,
    #[server(default)] lost_reason: String,
    #[server(default)] recontact_on: String,
    #[server(default)] board: String,
) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            let now = state.clock.now();
            super::service::move_card(
                &state.db,
                &user,
                &scope,
                id,
                &to,
                &lost_reason,
                &recontact_on,
                now,
            )
            .await?;
            super::live::announce(&state.db, &state.bus, id, now).await
        }
        .await,
    )?;
    if !board.is_empty() {
        leptos_axum::redirect(&format!("/kanban/{board}#cartao-{id}"));
    }
    Ok(())
}

/// Deletes card `id` (see [`super::service::delete`]); a `board` given means a form posted
/// without scripts, which goes back to that board.
#[server(prefix = "/api", endpoint = "delete_card")]
pub async fn delete_card(id: i64, #[server(default)] board: String) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            let (board, audience) = super::service::delete(&state.db, &user, &scope, id).await?;
            super::live::announce_removed(&state.bus, board, audience, id);
            Ok(())
        }
        .await,
    )?;
    if !board.is_empty() {
        leptos_axum::redirect(&format!("/kanban/{board}"));
    }
    Ok(())
}

/// Saves card `id`'s fields from its page.
#[server(prefix = "/api", endpoint = "update_card")]
pub async fn update_card(id: i64, card: CardEdit) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            let now = state.clock.now();
            super::edit::update(&state.db, &user, &scope, id, &card, now).await?;
            super::live::announce(&state.db, &state.bus, id, now).await
        }
        .await,
    )
}
