//! Server functions of column administration: each needs [`Action::ManageBoards`] (admins and
//! managers), calls one function of [`super::service`], then tells the board's open pages to read
//! it again.

use leptos::prelude::*;

use super::{ColumnInput, ColumnsAdmin};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{permissions::Action, server::require},
    error::respond,
    state::AppState,
};

/// The manager making a change, and the app state.
#[cfg(feature = "ssr")]
async fn manager() -> Result<(crate::users::repo::UserRow, AppState), AppError> {
    let user = require(Action::ManageBoards).await?.0;
    Ok((user, expect_context::<AppState>()))
}

/// After a change to board `board`'s columns: its open pages read it again.
#[cfg(feature = "ssr")]
fn changed(state: &AppState, board: i64) {
    crate::kanban::live::announce_reload(&state.bus, board);
}

/// Names the form a refusal belongs to (`form` = the column's id, 0 for a new one): without
/// scripts the refusal comes back in the page's address, and only that form shows it.
#[cfg(feature = "ssr")]
fn tag_form(err: AppError, id: i64) -> AppError {
    match err {
        AppError::Invalid { mut fields } => {
            fields.insert(FORM_FIELD.to_owned(), id.to_string());
            AppError::Invalid { fields }
        }
        other => other,
    }
}

/// The field of a refusal that names its form.
pub const FORM_FIELD: &str = "form";

/// Board `slug`'s columns, for their administration page.
#[server(prefix = "/api", endpoint = "kanban_columns")]
pub async fn kanban_columns(slug: String) -> Result<ColumnsAdmin, AppError> {
    respond(
        async {
            let (_, state) = manager().await?;
            super::service::admin(&state.db, &slug).await
        }
        .await,
    )
}

/// Adds a column to board `board` (`id` 0) or changes column `id`.
#[server(prefix = "/api", endpoint = "save_column")]
pub async fn save_column(
    board: String,
    #[server(default)] id: i64,
    column: ColumnInput,
) -> Result<(), AppError> {
    respond(
        async {
            let (user, state) = manager().await?;
            let board = super::service::save(&state.db, &user, &board, id, &column)
                .await
                .map_err(|err| tag_form(err, id))?;
            changed(&state, board);
            Ok(())
        }
        .await,
    )
}

/// Moves column `id` one place left (`step` -1) or right (1).
#[server(prefix = "/api", endpoint = "shift_column")]
pub async fn shift_column(id: i64, step: i64) -> Result<(), AppError> {
    respond(
        async {
            let (user, state) = manager().await?;
            let board = super::service::shift(&state.db, &user, id, step).await?;
            changed(&state, board);
            Ok(())
        }
        .await,
    )
}

/// Deletes column `id`, its cards going to column `to`.
#[server(prefix = "/api", endpoint = "delete_column")]
pub async fn delete_column(id: i64, #[server(default)] to: i64) -> Result<(), AppError> {
    respond(
        async {
            let (user, state) = manager().await?;
            let now = state.clock.now();
            let board = super::service::delete(&state.db, &user, id, to, now)
                .await
                .map_err(|err| tag_form(err, id))?;
            changed(&state, board);
            Ok(())
        }
        .await,
    )
}
