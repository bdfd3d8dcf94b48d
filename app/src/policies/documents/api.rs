//! The server function that removes a policy's document (the page lists them through
//! `policy_view`; attaching and downloading are plain routes of the server).

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::respond;

/// Removes document `document` of policy `policy`, then reopens the policy's page.
#[server(prefix = "/api", endpoint = "remove_policy_document")]
pub async fn remove_policy_document(policy: i64, document: i64) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = crate::clients::scope::caller().await?;
            super::service::remove(&state.db, &user, &scope, policy, document).await
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/apolices/{policy}#documentos"));
    Ok(())
}
