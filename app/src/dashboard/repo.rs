//! The Painel's SQL, written once for both engines: every query joins the policy's client and
//! takes the caller's [`Scope`] on it (as the policies list does), compares calendar dates bound
//! as dates, and casts sums to BIGINT (PostgreSQL's `SUM(bigint)` is NUMERIC).

use time::{Date, Duration};

use super::{ExpiringCount, ExpiringPolicy, FamilyPremium, Kpis, EXPIRING_WINDOWS, SOONEST};
use crate::{
    bind_args,
    clients::{repo::Args, scope::Scope},
    db::Db,
    on_pool,
};

/// The statuses of an issued policy (a sale). Constants, never input.
const ISSUED: &str = "p.status IN ('active', 'renewed', 'expired', 'cancelled')";

/// `FROM` policies `p` joined to their client `c`.
const FROM: &str = "FROM policies p JOIN clients c ON c.id = p.client_id";

/// A sum that is a BIGINT on both engines and 0 over no rows.
fn sum(expr: &str) -> String {
    format!("CAST(COALESCE(SUM({expr}), 0) AS BIGINT)")
}

/// The caller's scope and "issued with its vigência starting in `first`..=`last`".
fn issued_between(scope: &Scope, first: Date, last: Date, args: &mut Args) -> String {
    format!(
        "{} AND {ISSUED} AND p.starts_on >= {} AND p.starts_on <= {}",
        scope.condition(args),
        args.date(first),
        args.date(last)
    )
}

/// Prêmio produzido, comissão and nº de vendas of the policies issued with their vigência
/// starting in `first`..=`last`: the premium, commission and sales of [`Kpis`].
pub async fn production(
    db: &Db,
    scope: &Scope,
    first: Date,
    last: Date,
) -> Result<(i64, i64, i64), sqlx::Error> {
    let mut args = Args::default();
    let condition = issued_between(scope, first, last, &mut args);
    let sql = format!(
        "SELECT {}, {}, COUNT(*) {FROM} WHERE {condition}",
        sum("p.total_premium"),
        sum("p.commission")
    );
    on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_one(pool).await)
}

/// Renewed, not renewed and still-open policies among the issued ones (cancelled left out)
/// whose vigência ends in `first`..=`last`; "still open" is in force and ending today or later.
pub async fn renewals(
    db: &Db,
    scope: &Scope,
    first: Date,
    last: Date,
    today: Date,
) -> Result<Kpis, sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let (first, last) = (args.date(first), args.date(last));
    let (past, open) = (args.date(today), args.date(today));
    let sql = format!(
        "SELECT {}, {}, {} {FROM} WHERE {condition} \
         AND p.status IN ('active', 'renewed', 'expired') \
         AND p.ends_on >= {first} AND p.ends_on <= {last}",
        sum("CASE WHEN p.status = 'renewed' THEN 1 ELSE 0 END"),
        sum(&format!(
            "CASE WHEN p.status = 'expired' OR (p.status = 'active' AND p.ends_on < {past}) \
             THEN 1 ELSE 0 END"
        )),
        sum(&format!(
            "CASE WHEN p.status = 'active' AND p.ends_on >= {open} THEN 1 ELSE 0 END"
        )),
    );
    let (renewed, not_renewed, pending): (i64, i64, i64) =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_one(pool).await)?;
    Ok(Kpis {
        renewed,
        not_renewed,
        pending,
        ..Kpis::default()
    })
}

/// Prêmio produzido per day of vigência start in `first`..=`last` (days without any left out);
/// the service adds the days up into months.
pub async fn premium_by_day(
    db: &Db,
    scope: &Scope,
    first: Date,
    last: Date,
) -> Result<Vec<(Date, i64)>, sqlx::Error> {
    let mut args = Args::default();
    let condition = issued_between(scope, first, last, &mut args);
    let sql = format!(
        "SELECT p.starts_on, {} {FROM} WHERE {condition} GROUP BY p.starts_on \
         ORDER BY p.starts_on",
        sum("p.total_premium")
    );
    on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)
}

/// Prêmio produzido in `first`..=`last` by ramo family, largest first.
pub async fn premium_by_family(
    db: &Db,
    scope: &Scope,
    first: Date,
    last: Date,
) -> Result<Vec<FamilyPremium>, sqlx::Error> {
    let mut args = Args::default();
    let condition = issued_between(scope, first, last, &mut args);
    let sql = format!(
        "SELECT l.family, {} {FROM} JOIN insurance_lines l ON l.id = p.line_id \
         WHERE {condition} GROUP BY l.family ORDER BY 2 DESC, l.family",
        sum("p.total_premium")
    );
    let rows: Vec<(String, i64)> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(family, premium)| FamilyPremium { family, premium })
        .collect())
}

/// The policies in force whose vigência ends from `today` to `today` + `days` (the same
/// condition as the policies list's "vence em" filter).
fn expiring_within(scope: &Scope, today: Date, days: i64, args: &mut Args) -> String {
    format!(
        "{} AND p.status = 'active' AND p.ends_on >= {} AND p.ends_on <= {}",
        scope.condition(args),
        args.date(today),
        args.date(today.saturating_add(Duration::days(days)))
    )
}

/// How many policies in force end within each of [`EXPIRING_WINDOWS`] days from `today`.
pub async fn expiring_counts(
    db: &Db,
    scope: &Scope,
    today: Date,
) -> Result<Vec<ExpiringCount>, sqlx::Error> {
    let widest = EXPIRING_WINDOWS.iter().copied().max().unwrap_or(0);
    let mut args = Args::default();
    let condition = expiring_within(scope, today, widest, &mut args);
    let columns: Vec<String> = EXPIRING_WINDOWS
        .iter()
        .map(|days| {
            let until = args.date(today.saturating_add(Duration::days(*days)));
            sum(&format!("CASE WHEN p.ends_on <= {until} THEN 1 ELSE 0 END"))
        })
        .collect();
    let sql = format!("SELECT {} {FROM} WHERE {condition}", columns.join(", "));
    let (a, b, c): (i64, i64, i64) =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_one(pool).await)?;
    Ok(EXPIRING_WINDOWS
        .iter()
        .zip([a, b, c])
        .map(|(days, count)| ExpiringCount { days: *days, count })
        .collect())
}

/// The [`SOONEST`] policies in force that end first, from `today` to `today` + the widest
/// window.
pub async fn soonest(
    db: &Db,
    scope: &Scope,
    today: Date,
) -> Result<Vec<ExpiringPolicy>, sqlx::Error> {
    let widest = EXPIRING_WINDOWS.iter().copied().max().unwrap_or(0);
    let mut args = Args::default();
    let condition = expiring_within(scope, today, widest, &mut args);
    let sql = format!(
        "SELECT p.id, c.name, i.name, l.name, p.ends_on, p.total_premium {FROM} \
         JOIN insurers i ON i.id = p.insurer_id JOIN insurance_lines l ON l.id = p.line_id \
         WHERE {condition} ORDER BY p.ends_on, p.id LIMIT {SOONEST}"
    );
    type Row = (i64, String, String, String, Date, i64);
    let rows: Vec<Row> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, client_name, insurer, line, ends_on, total_premium)| ExpiringPolicy {
                id,
                client_name,
                insurer,
                line,
                ends_on,
                total_premium,
            },
        )
        .collect())
}
