//! The social accounts' server functions (admins): thin wrappers over [`super::accounts`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{auth::permissions::Action, error::respond};

/// What the accounts panel shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsPanel {
    pub accounts: Vec<super::Account>,
    /// Whether tokens can be sealed (`SOCIAL_TOKEN_KEY` is configured).
    pub key_configured: bool,
    /// Where Meta must deliver the webhooks (`https://crm…/webhooks/meta`).
    pub webhook_url: String,
    /// Now (Unix seconds), to tell how far away an expiry is.
    pub now: i64,
    /// Whether managers approve brokers' posts before they go out.
    pub approval: bool,
}

/// The connected accounts (admins).
#[server(prefix = "/api", endpoint = "social_accounts")]
pub async fn social_accounts() -> Result<AccountsPanel, AppError> {
    respond(
        async {
            crate::auth::server::require(Action::ManageSettings).await?;
            let state = expect_context::<crate::state::AppState>();
            Ok(AccountsPanel {
                accounts: super::repo::accounts(&state.db).await?,
                key_configured: state.social.key.is_some(),
                webhook_url: format!("{}/webhooks/meta", state.app_origin),
                now: state.clock.now().unix_timestamp(),
                approval: crate::settings::store::flag(&state.db, super::posts::APPROVAL_KEY)
                    .await?,
            })
        }
        .await,
    )
}

/// Connects (or reconnects) an account with its token (admins; checked with Meta; audited).
#[server(prefix = "/api", endpoint = "connect_social_account")]
pub async fn connect_social_account(
    network: String,
    external_id: String,
    page_id: Option<String>,
    token: String,
    expires_on: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let admin = crate::auth::server::require(Action::ManageSettings).await?;
            let state = expect_context::<crate::state::AppState>();
            let form = super::accounts::Connect {
                network,
                external_id,
                page_id: page_id.unwrap_or_default(),
                token,
                expires_on: expires_on.unwrap_or_default(),
            };
            let now = state.clock.now().unix_timestamp();
            super::accounts::connect(&state.db, &state.social, admin.0.id, &form, now).await?;
            Ok(())
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Disconnects account `id` (admins; its token is deleted; audited).
#[server(prefix = "/api", endpoint = "remove_social_account")]
pub async fn remove_social_account(id: String) -> Result<(), AppError> {
    respond(
        async {
            let admin = crate::auth::server::require(Action::ManageSettings).await?;
            let id = id.trim().parse().map_err(|_| AppError::NotFound)?;
            let state = expect_context::<crate::state::AppState>();
            super::accounts::disconnect(&state.db, admin.0.id, id).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Checks every account's token with Meta now (admins), as the daily job does.
#[server(prefix = "/api", endpoint = "check_social_accounts")]
pub async fn check_social_accounts() -> Result<(), AppError> {
    respond(
        async {
            crate::auth::server::require(Action::ManageSettings).await?;
            let state = expect_context::<crate::state::AppState>();
            let now = state.clock.now().unix_timestamp();
            super::accounts::check_all(&state.db, &state.social, now).await?;
            Ok(())
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}
