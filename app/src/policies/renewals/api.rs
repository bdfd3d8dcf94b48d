//! Server functions for renewals: "A vencer" within the caller's scope, and recording a lost
//! renewal.

use leptos::prelude::*;

use super::RenewalList;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::respond;

/// "A vencer": only what needs attention, or everything expiring (`all`).
#[server(prefix = "/api", endpoint = "renewal_board")]
pub async fn renewal_board(#[server(default)] all: bool) -> Result<RenewalList, AppError> {
    respond(
        async {
            let (_, scope, state) = crate::clients::scope::caller().await?;
            super::service::board(&state.db, &scope, !all, state.clock.now()).await
        }
        .await,
    )
}

/// Records that the renewal of policy `id` was lost, why, and when to call again.
#[server(prefix = "/api", endpoint = "mark_renewal_lost")]
pub async fn mark_renewal_lost(
    id: i64,
    lost_reason: String,
    #[server(default)] recontact_on: String,
) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = crate::clients::scope::caller().await?;
            let now = state.clock.now();
            super::service::mark_lost(
                &state.db,
                &user,
                &scope,
                id,
                &lost_reason,
                &recontact_on,
                now,
            )
            .await?;
            crate::kanban::live::announce_policy(&state.db, &state.bus, id, now).await
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/apolices/{id}"));
    Ok(())
}
