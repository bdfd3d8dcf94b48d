//! Server functions for clients: each finds the caller and their record scope, then calls one
//! function of [`super::service`]. Anything outside the caller's scope answers 404.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ClientDetail, ClientFilter, ClientInput, ClientPage, Duplicate, TimelinePage};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::respond;

/// A client's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileData {
    pub client: ClientDetail,
    pub duplicates: Vec<Duplicate>,
    pub timeline: TimelinePage,
}

#[cfg(feature = "ssr")]
use super::scope::caller;

/// One page of the clients the caller may see, filtered.
#[server(prefix = "/api", endpoint = "list_clients")]
pub async fn list_clients(#[server(default)] filter: ClientFilter) -> Result<ClientPage, AppError> {
    respond(
        async {
            let (_, scope, state) = caller().await?;
            super::service::list(&state.db, &scope, &filter).await
        }
        .await,
    )
}

/// A client's page (opening it is audited).
#[server(prefix = "/api", endpoint = "client_profile")]
pub async fn client_profile(
    id: i64,
    /// The timeline's page (from 1).
    #[server(default)]
    page: i64,
) -> Result<ProfileData, AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            let (client, duplicates, timeline) =
                super::service::profile(&state.db, &user, &scope, id, page).await?;
            Ok(ProfileData {
                client,
                duplicates,
                timeline,
            })
        }
        .await,
    )
}

/// A client as the edit form shows it.
#[server(prefix = "/api", endpoint = "client_for_edit")]
pub async fn client_for_edit(id: i64) -> Result<ClientDetail, AppError> {
    respond(
        async {
            let (_, scope, state) = caller().await?;
            super::repo::find(&state.db, &scope, id)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Creates a client owned by the caller, then opens its page.
#[server(prefix = "/api", endpoint = "create_client")]
pub async fn create_client(client: ClientInput) -> Result<(), AppError> {
    let id = respond(
        async {
            let (user, _, state) = caller().await?;
            super::service::create(&state.db, &user, client, state.clock.now()).await
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/clientes/{id}"));
    Ok(())
}

/// Saves an edit of a client, then opens its page.
#[server(prefix = "/api", endpoint = "update_client")]
pub async fn update_client(id: i64, client: ClientInput) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            super::service::update(&state.db, &user, &scope, id, client, state.clock.now()).await
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/clientes/{id}"));
    Ok(())
}

/// Archives a client (`archive` present) or restores it.
#[server(prefix = "/api", endpoint = "archive_client")]
pub async fn archive_client(id: i64, archive: Option<String>) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            let now = state.clock.now();
            super::service::set_archived(&state.db, &user, &scope, id, archive.is_some(), now).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Logs a note or a call (`kind`) on a client's timeline.
#[server(prefix = "/api", endpoint = "add_client_note")]
pub async fn add_client_note(id: i64, kind: String, body: String) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            let now = state.clock.now();
            super::service::add_note(&state.db, &user, &scope, id, &kind, &body, now).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}
