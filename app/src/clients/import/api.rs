//! Server functions of imports (managers and admins): each checks the role, then calls one
//! function of [`super::service`]. The upload itself is a plain multipart route of the server
//! (`POST /clientes/importar`), so it works the same with or without JavaScript.

use leptos::prelude::*;

use super::{ImportSummary, ImportView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{auth::permissions::Action, error::respond, state::AppState, users::repo::UserRow};

#[cfg(feature = "ssr")]
async fn importer() -> Result<(UserRow, AppState), AppError> {
    let user = crate::auth::server::require(Action::ImportClients).await?.0;
    Ok((user, expect_context::<AppState>()))
}

/// The latest imports the caller may see.
#[server(prefix = "/api", endpoint = "list_imports")]
pub async fn list_imports() -> Result<Vec<ImportSummary>, AppError> {
    respond(
        async {
            let (user, state) = importer().await?;
            super::service::recent(&state.db, &user).await
        }
        .await,
    )
}

/// An import's page: preview and mapping while a draft, then progress, then the report.
#[server(prefix = "/api", endpoint = "load_import")]
pub async fn load_import(id: i64) -> Result<ImportView, AppError> {
    respond(
        async {
            let (user, state) = importer().await?;
            super::service::view(&state.db, &user, id, state.clock.now()).await
        }
        .await,
    )
}

/// Reads a draft again with another encoding or separator.
#[server(prefix = "/api", endpoint = "reformat_import")]
pub async fn reformat_import(id: i64, encoding: String, separator: String) -> Result<(), AppError> {
    respond(
        async {
            let (user, state) = importer().await?;
            let now = state.clock.now();
            super::service::reformat(&state.db, &user, id, &encoding, &separator, now).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Starts a draft import: `mapping[i]` is the field of column `i` ("" to ignore it), `mode`
/// `create` or `update`, `keep_valid` `sim` (import the valid lines) or `nao` (nothing if a
/// line is invalid).
#[server(prefix = "/api", endpoint = "start_import")]
pub async fn start_import(
    id: i64,
    #[server(default)] mapping: Vec<String>,
    mode: String,
    keep_valid: String,
) -> Result<(), AppError> {
    respond(
        async {
            let (user, state) = importer().await?;
            let keep = match keep_valid.as_str() {
                "sim" => true,
                "nao" => false,
                _ => return Err(AppError::invalid("keep_valid", "value_invalid")),
            };
            let meta = crate::audit::RequestMeta::current();
            let now = state.clock.now();
            super::service::start(&state.db, &user, id, &mapping, &mode, keep, meta, now).await?;
            state.jobs_wake.notify_one();
            Ok(())
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Reverts a finished import as a whole (queued as a job).
#[server(prefix = "/api", endpoint = "revert_import")]
pub async fn revert_import(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let (user, state) = importer().await?;
            let meta = crate::audit::RequestMeta::current();
            let now = state.clock.now();
            super::service::request_revert(&state.db, &user, id, meta, now).await?;
            state.jobs_wake.notify_one();
            Ok(())
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}
