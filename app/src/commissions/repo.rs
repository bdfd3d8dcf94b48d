//! The commission report's SQL, written once for both engines. Every query starts from the
//! commission rows, joins their policy and its client, and takes the caller's [`Scope`] on the
//! client (`c`): a commission is seen by whoever may see its policy's client. Sums are cast to
//! BIGINT (PostgreSQL sums BIGINT as NUMERIC).

use sqlx::FromRow;
use time::Date;

use super::{report::Cell, OverdueEntry, Sums};
use crate::{
    bind_args,
    clients::{repo::Args, scope::Scope},
    db::Db,
    on_pool,
};

const FROM: &str = "FROM policy_commissions pc JOIN policies p ON p.id = pc.policy_id \
    JOIN clients c ON c.id = p.client_id";

/// An instalment's commission still owed: not received, and not one of a cancelled policy due
/// after its cancellation (the insurer stops paying those; the estorno settles the rest).
const OWED: &str = "pc.kind = 'installment' AND pc.received_on IS NULL AND \
    (p.status <> 'cancelled' OR p.cancelled_on IS NULL OR pc.due_on <= p.cancelled_on)";

/// The sums of the rows due in `from`..`until` (half-open) that `scope` may see, one cell per
/// producer, insurer and ramo.
pub async fn month_cells(
    db: &Db,
    scope: &Scope,
    from: Date,
    until: Date,
) -> Result<Vec<Cell>, sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let sql = format!(
        "SELECT p.owner_id, u.name, p.insurer_id, i.name, p.line_id, l.susep_code, l.name, \
         CAST(COALESCE(SUM(CASE WHEN pc.kind = 'installment' THEN pc.amount ELSE 0 END), 0) \
         AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN pc.kind = 'installment' AND pc.received_on IS NOT NULL \
         THEN pc.amount ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN pc.kind = 'estorno' THEN pc.amount ELSE 0 END), 0) \
         AS BIGINT) \
         {FROM} JOIN insurers i ON i.id = p.insurer_id \
         JOIN insurance_lines l ON l.id = p.line_id LEFT JOIN users u ON u.id = p.owner_id \
         WHERE {condition} AND pc.due_on >= {} AND pc.due_on < {} \
         GROUP BY p.owner_id, u.name, p.insurer_id, i.name, p.line_id, l.susep_code, l.name",
        args.date(from),
        args.date(until)
    );
    type Row = (
        Option<i64>,
        Option<String>,
        i64,
        String,
        i64,
        String,
        String,
        i64,
        i64,
        i64,
    );
    let rows: Vec<Row> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| Cell {
            owner_id: r.0,
            owner: r.1,
            insurer_id: r.2,
            insurer: r.3,
            line_id: r.4,
            line_code: r.5,
            line: r.6,
            sums: Sums {
                expected: r.7,
                received: r.8,
                estornos: r.9,
            },
        })
        .collect())
}

/// How many rows `scope` may see were received in `from`..`until` (half-open), whatever their
/// due date, and what they add up to.
pub async fn received_between(
    db: &Db,
    scope: &Scope,
    from: Date,
    until: Date,
) -> Result<(i64, i64), sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let sql = format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(pc.amount), 0) AS BIGINT) {FROM} \
         WHERE {condition} AND pc.received_on >= {} AND pc.received_on < {}",
        args.date(from),
        args.date(until)
    );
    on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_one(pool).await)
}

/// The commissions still owed that fell due before `today`, per due date: (due date, count,
/// amount).
pub async fn overdue_by_day(
    db: &Db,
    scope: &Scope,
    today: Date,
) -> Result<Vec<(Date, i64, i64)>, sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let sql = format!(
        "SELECT pc.due_on, COUNT(*), CAST(COALESCE(SUM(pc.amount), 0) AS BIGINT) {FROM} \
         WHERE {condition} AND {OWED} AND pc.due_on < {} GROUP BY pc.due_on ORDER BY pc.due_on",
        args.date(today)
    );
    on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)
}

#[derive(FromRow)]
struct OverdueRow {
    policy_id: i64,
    policy_number: Option<String>,
    proposal_number: Option<String>,
    client_id: i64,
    client_name: String,
    insurer: String,
    installment: i64,
    due_on: Date,
    amount: i64,
}

/// The commissions still owed that fell due from `earliest` (no limit when `None`) to `latest`,
/// oldest first: at most `limit`, and whether there were more. `days_overdue` is left at 0.
pub async fn overdue(
    db: &Db,
    scope: &Scope,
    earliest: Option<Date>,
    latest: Date,
    limit: usize,
) -> Result<(Vec<OverdueEntry>, bool), sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = vec![scope.condition(&mut args), OWED.to_owned()];
    conditions.push(format!("pc.due_on <= {}", args.date(latest)));
    if let Some(earliest) = earliest {
        conditions.push(format!("pc.due_on >= {}", args.date(earliest)));
    }
    // One more than the limit tells whether the list was cut.
    let probe = limit + 1;
    let sql = format!(
        "SELECT p.id AS policy_id, p.policy_number, p.proposal_number, c.id AS client_id, \
         c.name AS client_name, i.name AS insurer, pc.installment, pc.due_on, pc.amount \
         {FROM} JOIN insurers i ON i.id = p.insurer_id WHERE {} \
         ORDER BY pc.due_on, p.id, pc.installment LIMIT {probe}",
        conditions.join(" AND ")
    );
    let rows: Vec<OverdueRow> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    let truncated = rows.len() > limit;
    let entries = rows
        .into_iter()
        .take(limit)
        .map(|r| OverdueEntry {
            policy_id: r.policy_id,
            policy_number: r.policy_number,
            proposal_number: r.proposal_number,
            client_id: r.client_id,
            client_name: r.client_name,
            insurer: r.insurer,
            installment: r.installment,
            due_on: r.due_on,
            amount: r.amount,
            days_overdue: 0,
        })
        .collect();
    Ok((entries, truncated))
}

/// One commission row of the month, as the CSV writes it.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ExportRow {
    pub due_on: Date,
    /// `installment` or `estorno`.
    pub kind: String,
    pub installment: i64,
    pub policy_id: i64,
    pub policy_number: Option<String>,
    pub proposal_number: Option<String>,
    pub client_name: String,
    pub insurer: String,
    pub line_code: String,
    pub line: String,
    pub owner: Option<String>,
    pub amount: i64,
    pub received_on: Option<Date>,
    pub statement_ref: Option<String>,
}

/// The rows due in `from`..`until` (half-open) that `scope` may see, by due date: at most
/// `limit`, and whether there were more.
pub async fn export_rows(
    db: &Db,
    scope: &Scope,
    from: Date,
    until: Date,
    limit: usize,
) -> Result<(Vec<ExportRow>, bool), sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let probe = limit + 1;
    let sql = format!(
        "SELECT pc.due_on, pc.kind, pc.installment, p.id AS policy_id, p.policy_number, \
         p.proposal_number, c.name AS client_name, i.name AS insurer, l.susep_code AS line_code, \
         l.name AS line, u.name AS owner, pc.amount, pc.received_on, pc.statement_ref \
         {FROM} JOIN insurers i ON i.id = p.insurer_id \
         JOIN insurance_lines l ON l.id = p.line_id LEFT JOIN users u ON u.id = p.owner_id \
         WHERE {condition} AND pc.due_on >= {} AND pc.due_on < {} \
         ORDER BY pc.due_on, p.id, pc.kind DESC, pc.installment LIMIT {probe}",
        args.date(from),
        args.date(until)
    );
    let mut rows: Vec<ExportRow> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    let truncated = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, truncated))
}
