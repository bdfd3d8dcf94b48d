//! Server functions of the commission report: each finds the caller and their record scope (a
//! commission is in scope when its policy's client is), then calls one function of
//! [`super::service`]. Any signed-in staff member may call them: a producer's commissions are
//! their own money, and the scope keeps everyone to their own clients (managers their teams',
//! admins all).

use leptos::prelude::*;

use super::{AgingReport, MonthReport};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::respond;

#[cfg(feature = "ssr")]
use crate::clients::scope::caller;

/// The report of month `mes` (`aaaa-mm`; today's month when blank or bad).
#[server(prefix = "/api", endpoint = "commissions_month")]
pub async fn commissions_month(#[server(default)] mes: String) -> Result<MonthReport, AppError> {
    respond(
        async {
            let (_, scope, state) = caller().await?;
            let raw = Some(mes.as_str()).filter(|m| !m.trim().is_empty());
            super::service::month_report(&state.db, &scope, raw, state.clock.now()).await
        }
        .await,
    )
}

/// The aging of unpaid commissions, with the list of bucket `atraso` (`1-30`, `31-60`, `61-90`,
/// `mais-de-90`) when it names one.
#[server(prefix = "/api", endpoint = "commissions_aging")]
pub async fn commissions_aging(#[server(default)] atraso: String) -> Result<AgingReport, AppError> {
    respond(
        async {
            let (_, scope, state) = caller().await?;
            let raw = Some(atraso.as_str()).filter(|a| !a.trim().is_empty());
            super::service::aging(&state.db, &scope, raw, state.clock.now()).await
        }
        .await,
    )
}
