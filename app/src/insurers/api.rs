//! Server functions of the reference data. Reading is open to every signed-in staff member;
//! changing needs [`Action::ManageReferenceData`] (admins). Each one checks the caller, then
//! calls one function of [`super::service`].

use leptos::prelude::*;

use super::{InsuranceLine, Insurer, ReferenceLists};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use super::{InsurerInput, LineInput};
#[cfg(feature = "ssr")]
use crate::{
    auth::{permissions::Action, server::require},
    error::respond,
    state::AppState,
};

/// Where the pages live (a saved edit goes back there).
pub const INSURERS_PATH: &str = "/admin/seguradoras";
/// Where the ramos page lives.
pub const LINES_PATH: &str = "/admin/ramos";

/// The admin making a change, and the app state.
#[cfg(feature = "ssr")]
async fn admin() -> Result<(i64, AppState), AppError> {
    let user = require(Action::ManageReferenceData).await?.0;
    Ok((user.id, expect_context::<AppState>()))
}

/// Every insurer, active or not, by name.
#[server(prefix = "/api", endpoint = "list_insurers")]
pub async fn list_insurers() -> Result<Vec<Insurer>, AppError> {
    respond(
        async {
            crate::auth::server::require_user().await?;
            let db = expect_context::<AppState>().db;
            Ok(super::repo::list_insurers(&db).await?)
        }
        .await,
    )
}

/// Every ramo, active or not, by SUSEP code.
#[server(prefix = "/api", endpoint = "list_insurance_lines")]
pub async fn list_insurance_lines() -> Result<Vec<InsuranceLine>, AppError> {
    respond(
        async {
            crate::auth::server::require_user().await?;
            let db = expect_context::<AppState>().db;
            Ok(super::repo::list_lines(&db).await?)
        }
        .await,
    )
}

/// The active insurers and ramos by name, for forms.
#[server(prefix = "/api", endpoint = "reference_options")]
pub async fn reference_options() -> Result<ReferenceLists, AppError> {
    respond(
        async {
            crate::auth::server::require_user().await?;
            let db = expect_context::<AppState>().db;
            let (insurers, lines) = super::repo::options(&db).await?;
            Ok(ReferenceLists { insurers, lines })
        }
        .await,
    )
}

/// Registers an insurer, then shows the list again.
#[server(prefix = "/api", endpoint = "create_insurer")]
pub async fn create_insurer(
    legal_name: String,
    name: String,
    cnpj: Option<String>,
    susep_code: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let (actor, state) = admin().await?;
            let input = InsurerInput {
                legal_name,
                name,
                cnpj,
                susep_code,
            };
            super::service::create_insurer(&state.db, actor, &input, state.clock.now()).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Saves an edit of an insurer, then opens the list.
#[server(prefix = "/api", endpoint = "update_insurer")]
pub async fn update_insurer(
    id: i64,
    legal_name: String,
    name: String,
    cnpj: Option<String>,
    susep_code: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let (actor, state) = admin().await?;
            let input = InsurerInput {
                legal_name,
                name,
                cnpj,
                susep_code,
            };
            super::service::update_insurer(&state.db, actor, id, &input, state.clock.now()).await
        }
        .await,
    )?;
    leptos_axum::redirect(INSURERS_PATH);
    Ok(())
}

/// Activates (`active=true`) or deactivates (`active=false`) an insurer.
#[server(prefix = "/api", endpoint = "set_insurer_active")]
pub async fn set_insurer_active(id: i64, active: bool) -> Result<(), AppError> {
    respond(
        async {
            let (actor, state) = admin().await?;
            super::service::set_insurer_active(&state.db, actor, id, active, state.clock.now())
                .await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Registers a ramo, then shows the list again.
#[server(prefix = "/api", endpoint = "create_insurance_line")]
pub async fn create_insurance_line(
    susep_code: String,
    name: String,
    family: String,
    iof_rate: String,
) -> Result<(), AppError> {
    respond(
        async {
            let (actor, state) = admin().await?;
            let input = LineInput {
                susep_code,
                name,
                family,
                iof_rate,
            };
            super::service::create_line(&state.db, actor, &input, state.clock.now()).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Saves an edit of a ramo, then opens the list.
#[server(prefix = "/api", endpoint = "update_insurance_line")]
pub async fn update_insurance_line(
    id: i64,
    susep_code: String,
    name: String,
    family: String,
    iof_rate: String,
) -> Result<(), AppError> {
    respond(
        async {
            let (actor, state) = admin().await?;
            let input = LineInput {
                susep_code,
                name,
                family,
                iof_rate,
            };
            super::service::update_line(&state.db, actor, id, &input, state.clock.now()).await
        }
        .await,
    )?;
    leptos_axum::redirect(LINES_PATH);
    Ok(())
}

/// Activates (`active=true`) or deactivates (`active=false`) a ramo.
#[server(prefix = "/api", endpoint = "set_insurance_line_active")]
pub async fn set_insurance_line_active(id: i64, active: bool) -> Result<(), AppError> {
    respond(
        async {
            let (actor, state) = admin().await?;
            super::service::set_line_active(&state.db, actor, id, active, state.clock.now()).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}
