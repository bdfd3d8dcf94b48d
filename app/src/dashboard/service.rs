//! Builds the Painel of one caller: the month asked for (or the current one in São Paulo when
//! the address names none or a bad one), its KPIs, the production history and the expiring
//! policies, all within the caller's [`Scope`].

use time::OffsetDateTime;

use super::{month, repo, Dashboard, Kpis, MonthPremium, HISTORY_MONTHS};
use crate::{clients::scope::Scope, db::Db, error::AppError, format::today_sao_paulo};

/// The Painel for month `requested` (`aaaa-mm`; blank or invalid means the current month).
pub async fn dashboard(
    db: &Db,
    scope: &Scope,
    requested: &str,
    now: OffsetDateTime,
) -> Result<Dashboard, AppError> {
    let today = today_sao_paulo(now);
    let first = month::parse(requested).unwrap_or_else(|| month::start(today));
    let last = month::end(first);

    let (premium, commission, sales) = repo::production(db, scope, first, last).await?;
    let renewals = repo::renewals(db, scope, first, last, today).await?;
    let kpis = Kpis {
        premium,
        commission,
        sales,
        ..renewals
    };

    let months = month::recent(first, HISTORY_MONTHS);
    let oldest = months.first().copied().unwrap_or(first);
    let days = repo::premium_by_day(db, scope, oldest, last).await?;
    let history = months
        .iter()
        .zip(month::bucket(&months, &days))
        .map(|(month, premium)| MonthPremium {
            month: *month,
            premium,
        })
        .collect();

    Ok(Dashboard {
        month: first,
        today,
        kpis,
        history,
        families: repo::premium_by_family(db, scope, first, last).await?,
        expiring: repo::expiring_counts(db, scope, today).await?,
        soonest: repo::soonest(db, scope, today).await?,
    })
}
