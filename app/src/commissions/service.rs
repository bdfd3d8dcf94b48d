//! The commission report: the month the address asks for (today's in São Paulo when it asks for
//! none or a bad one) and the aging of what is still owed, both within the caller's [`Scope`].

use time::OffsetDateTime;

use super::{repo, report, AgingBucket, AgingReport, Month, MonthReport, AGING_LIST_LIMIT};
use crate::{clients::scope::Scope, db::Db, error::AppError, format::today_sao_paulo};

/// The report of month `raw` (`aaaa-mm`).
pub async fn month_report(
    db: &Db,
    scope: &Scope,
    raw: Option<&str>,
    now: OffsetDateTime,
) -> Result<MonthReport, AppError> {
    let today = today_sao_paulo(now);
    let month = Month::resolve(raw, today);
    let (from, until) = month.range();
    let cells = repo::month_cells(db, scope, from, until).await?;
    let tables = report::fold(&cells);
    let (count, received) = repo::received_between(db, scope, from, until).await?;
    Ok(MonthReport {
        month,
        current: Month::of(today),
        totals: tables.totals,
        received_in_month: received,
        received_in_month_count: count,
        by_producer: tables.by_producer,
        by_insurer: tables.by_insurer,
        by_line: tables.by_line,
    })
}

/// The aging of the commissions still owed, with the list of bucket `raw` (`31-60`, …) when it
/// names one.
pub async fn aging(
    db: &Db,
    scope: &Scope,
    raw: Option<&str>,
    now: OffsetDateTime,
) -> Result<AgingReport, AppError> {
    let today = today_sao_paulo(now);
    let by_day = repo::overdue_by_day(db, scope, today).await?;
    let buckets = report::buckets(&by_day, today);
    let open = raw.and_then(AgingBucket::parse);
    let (mut entries, truncated) = match open {
        Some(bucket) => {
            let (earliest, latest) = bucket.due_between(today);
            repo::overdue(db, scope, earliest, latest, AGING_LIST_LIMIT).await?
        }
        None => (Vec::new(), false),
    };
    for entry in &mut entries {
        entry.days_overdue = super::days_overdue(entry.due_on, today);
    }
    Ok(AgingReport {
        today,
        buckets,
        open,
        entries,
        truncated,
    })
}
