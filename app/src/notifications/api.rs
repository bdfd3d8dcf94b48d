//! Server functions for notifications: a staff member reads and clears only their own.

use leptos::prelude::*;

use super::Inbox;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{error::respond, state::AppState};

/// The caller's latest notifications and unread count.
#[server(prefix = "/api", endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<Inbox, AppError> {
    respond(
        async {
            let user = crate::auth::server::require_user().await?.0;
            let db = &expect_context::<AppState>().db;
            Ok(Inbox {
                items: super::repo::latest(db, user.id).await?,
                unread: super::repo::unread(db, user.id).await?,
            })
        }
        .await,
    )
}

/// Marks all of the caller's notifications read.
#[server(prefix = "/api", endpoint = "read_notifications")]
pub async fn read_notifications() -> Result<(), AppError> {
    respond(
        async {
            let user = crate::auth::server::require_user().await?.0;
            let state = expect_context::<AppState>();
            super::repo::mark_all_read(&state.db, user.id, state.clock.now()).await?;
            Ok(())
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}
