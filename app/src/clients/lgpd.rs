//! A client's rights under the LGPD (arts. 16, 18 and 19): the consent history on the profile,
//! and for admins the per-person data export (JSON and CSV, served by a plain axum route in
//! `server`), anonymisation and hard deletion, each confirmed on a page of its own so it works
//! without JavaScript and is never done by one stray click.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::AppError;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod redact;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
mod ui;

pub use ui::{AnonymizeClientPage, DeleteClientPage, PrivacyCard};

/// One grant or withdrawal of marketing consent, as the history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEntry {
    pub at: OffsetDateTime,
    pub granted: bool,
    /// `whatsapp`, `email`, `telefone` or `presencial`.
    pub channel: Option<String>,
    /// The staff member who recorded it.
    pub recorded_by: Option<String>,
}

/// What the LGPD card and the confirmation pages show about a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyData {
    pub id: i64,
    pub name: String,
    /// Newest first.
    pub consents: Vec<ConsentEntry>,
    pub anonymized_at: Option<OffsetDateTime>,
    /// Whether the caller may export, anonymise and delete (admins).
    pub may_handle: bool,
}

/// The consent history of a client the caller may see, and whether they may act on it.
#[server(prefix = "/api", endpoint = "client_privacy")]
pub async fn client_privacy(id: i64) -> Result<PrivacyData, AppError> {
    use crate::{auth::permissions, error::respond, state::AppState};
    respond(
        async {
            let user = crate::auth::server::require_user().await?.0;
            let state = expect_context::<AppState>();
            let scope = super::scope::Scope::of(&state.db, &user).await?;
            let (name, anonymized_at) = repo::name_in_scope(&state.db, &scope, id)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(PrivacyData {
                id,
                name,
                consents: repo::consents(&state.db, id).await?,
                anonymized_at,
                may_handle: permissions::allowed(
                    user.role(),
                    permissions::Action::HandlePersonalData,
                ),
            })
        }
        .await,
    )
}

/// Anonymises a client for good (admins): `confirm` must be the client's name as typed.
#[server(prefix = "/api", endpoint = "anonymize_client")]
pub async fn anonymize_client(id: i64, confirm: String) -> Result<(), AppError> {
    use crate::{auth::permissions::Action, error::respond, state::AppState};
    respond(
        async {
            let user = crate::auth::server::require(Action::HandlePersonalData)
                .await?
                .0;
            let state = expect_context::<AppState>();
            service::anonymize(&state.db, &user, id, &confirm, state.clock.now()).await
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/clientes/{id}"));
    Ok(())
}

/// Deletes a client and everything under it for good (admins), then opens the list. `confirm`
/// is the required checkbox of the confirmation page.
#[server(prefix = "/api", endpoint = "delete_client")]
pub async fn delete_client(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::{auth::permissions::Action, error::respond, state::AppState};
    respond(
        async {
            let user = crate::auth::server::require(Action::HandlePersonalData)
                .await?
                .0;
            if confirm.is_none() {
                return Err(AppError::invalid("confirm", "delete_confirm_required"));
            }
            let state = expect_context::<AppState>();
            service::delete(&state.db, &user, id).await
        }
        .await,
    )?;
    leptos_axum::redirect("/clientes");
    Ok(())
}
