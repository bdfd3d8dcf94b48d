//! Renewals' SQL, written once for both engines (`ON CONFLICT … DO NOTHING` makes the scan's
//! writes idempotent on both).

use time::{Date, OffsetDateTime};

use super::{bonus_days_left, RenewalRow, RenewalStatus, SHOWN_AFTER_END};
use crate::{
    bind_args,
    clients::{repo::Args, scope::Scope},
    db::{Db, Tx},
    on_pool, on_tx,
    policies::PolicyStatus,
};

/// A policy in force whose vigência ends within the next 90 days.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Due {
    pub id: i64,
    pub client_id: i64,
    pub total_premium: i64,
    pub owner_id: Option<i64>,
    pub ends_on: Date,
    pub client_name: String,
    pub policy_number: Option<String>,
    pub insurer: String,
}

/// Policies in force ending between `today` and `until`.
pub async fn due(db: &Db, today: Date, until: Date) -> Result<Vec<Due>, sqlx::Error> {
    const SQL: &str = "SELECT p.id, p.client_id, p.total_premium, p.owner_id, p.ends_on, \
        c.name AS client_name, \
        p.policy_number, i.name AS insurer FROM policies p JOIN clients c ON c.id = p.client_id \
        JOIN insurers i ON i.id = p.insurer_id \
        WHERE p.status = 'active' AND p.ends_on >= $1 AND p.ends_on <= $2 ORDER BY p.ends_on, p.id";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(today).bind(until).fetch_all(pool).await)
}

/// Policies still marked in force whose vigência ended before `today`.
pub async fn ended(db: &Db, today: Date) -> Result<Vec<i64>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM policies WHERE status = 'active' AND ends_on < $1";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(today).fetch_all(pool).await)
}

/// Records that policy `id` was alerted for `window` days; answers false when it already was.
pub async fn insert_alert(
    tx: &mut Tx,
    id: i64,
    window: i64,
    today: Date,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "INSERT INTO renewal_alerts (policy_id, window_days, alerted_on, \
        created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (policy_id, window_days) DO NOTHING";
    let done = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id).bind(window).bind(today).bind(now).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Opens the renewal record of policy `id` unless it has one; answers whether it opened it.
pub async fn ensure(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    const SQL: &str = "INSERT INTO renewals (policy_id, status, created_at, updated_at) \
        VALUES ($1, 'open', $2, $2) ON CONFLICT (policy_id) DO NOTHING";
    let done = on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(now).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Sets the outcome of policy `id`'s renewal (creating the record if needed).
pub async fn set_outcome(
    tx: &mut Tx,
    id: i64,
    status: RenewalStatus,
    new_policy_id: Option<i64>,
    lost_reason: Option<&str>,
    recontact_on: Option<Date>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO renewals (policy_id, status, new_policy_id, lost_reason, \
        recontact_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
        ON CONFLICT (policy_id) DO UPDATE SET status = excluded.status, \
        new_policy_id = excluded.new_policy_id, lost_reason = excluded.lost_reason, \
        recontact_on = excluded.recontact_on, updated_at = excluded.updated_at";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id).bind(status.as_str()).bind(new_policy_id).bind(lost_reason)
        .bind(recontact_on).bind(now).execute(conn).await.map(|_| ()))
}

/// Why the renewal of policy `id` was lost, when it was.
pub async fn lost_reason(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str =
        "SELECT COALESCE(lost_reason, '') FROM renewals WHERE policy_id = $1 AND status = 'lost'";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(id).fetch_optional(pool).await)
}

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Date,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// "A vencer" for `scope` on `today`: policies in force or ended without renewal whose
/// vigência ends between 60 days ago and 90 days ahead — only the open ones when `attention`,
/// also the renewed and lost ones otherwise — soonest first.
pub async fn board(
    db: &Db,
    scope: &Scope,
    today: Date,
    attention: bool,
) -> Result<Vec<RenewalRow>, sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let from = args.date(today - time::Duration::days(SHOWN_AFTER_END));
    let until = args.date(today + time::Duration::days(90));
    let statuses = if attention {
        "p.status IN ('active', 'expired') AND COALESCE(r.status, 'open') = 'open'"
    } else {
        "p.status IN ('active', 'expired', 'renewed')"
    };
    let sql = format!(
        "SELECT p.id, p.client_id, c.name, i.name, l.name, l.family, p.policy_number, \
         p.proposal_number, p.status, p.ends_on, p.total_premium, \
         COALESCE(r.new_policy_id, (SELECT MIN(n.id) FROM policies n WHERE n.renews_id = p.id)), \
         (SELECT n.total_premium FROM policies n WHERE n.id = COALESCE(r.new_policy_id, \
            (SELECT MIN(m.id) FROM policies m WHERE m.renews_id = p.id))), \
         r.status, r.lost_reason, u.name \
         FROM policies p JOIN clients c ON c.id = p.client_id \
         JOIN insurers i ON i.id = p.insurer_id JOIN insurance_lines l ON l.id = p.line_id \
         LEFT JOIN renewals r ON r.policy_id = p.id LEFT JOIN users u ON u.id = p.owner_id \
         WHERE {condition} AND {statuses} AND p.ends_on >= {from} AND p.ends_on <= {until} \
         ORDER BY p.ends_on, p.id LIMIT 500"
    );
    let rows: Vec<Row> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let status = PolicyStatus::parse(&r.8).unwrap_or(PolicyStatus::Active);
            let renewal = match (r.13.as_deref(), status) {
                (Some(s), _) => RenewalStatus::parse(s),
                (None, PolicyStatus::Renewed) => RenewalStatus::Renewed,
                (None, _) => RenewalStatus::Open,
            };
            let auto = r.5 == "auto";
            RenewalRow {
                policy_id: r.0,
                client_id: r.1,
                client_name: r.2,
                insurer: r.3,
                line: r.4,
                family: r.5,
                policy_number: r.6,
                proposal_number: r.7,
                status,
                ends_on: r.9,
                days_left: (r.9 - today).whole_days(),
                previous_premium: r.10,
                new_policy_id: r.11,
                new_premium: r.12,
                renewal,
                lost_reason: r.14,
                owner: r.15,
                bonus_days_left: (auto && renewal == RenewalStatus::Open)
                    .then(|| bonus_days_left(r.9, today))
                    .flatten(),
            }
        })
        .collect())
}
