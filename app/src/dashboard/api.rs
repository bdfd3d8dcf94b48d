//! The Painel's server function: any signed-in staff member, limited to what their record scope
//! lets them see.

use leptos::prelude::*;

use super::Dashboard;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::respond;

/// The Painel for month `month` (`aaaa-mm`; blank or invalid means the current month in São
/// Paulo).
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn load_dashboard(#[server(default)] month: String) -> Result<Dashboard, AppError> {
    respond(
        async {
            let (_, scope, state) = crate::clients::scope::caller().await?;
            super::service::dashboard(&state.db, &scope, &month, state.clock.now()).await
        }
        .await,
    )
}
