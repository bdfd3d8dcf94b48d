//! Policies' SQL, written once for both engines. Every read joins the policy's client and takes
//! the caller's [`Scope`] on it, so a policy outside the scope is never loaded.

use sqlx::FromRow;
use time::{Date, OffsetDateTime};

use super::{premium::Premium, CommissionEntry, PolicyDetail, PolicyStatus};
use crate::{
    bind_args,
    clients::{repo::Args, scope::Scope},
    db::{Db, Tx},
    on_pool, on_tx,
};

mod list;

pub use list::list;

/// A validated policy, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub client_id: i64,
    pub insurer_id: i64,
    pub line_id: i64,
    pub product: Option<String>,
    pub proposal_number: Option<String>,
    pub policy_number: Option<String>,
    pub status: PolicyStatus,
    pub starts_on: Date,
    pub ends_on: Date,
    pub premium: Premium,
    pub installments: i64,
    pub commission_rate: i64,
    pub owner_id: i64,
    pub item_kind: Option<String>,
    pub vehicle_plate: Option<String>,
    pub vehicle_chassis: Option<String>,
    pub vehicle_model: Option<String>,
    pub vehicle_year: Option<i64>,
    pub bonus_class: Option<i64>,
    pub property_cep: Option<String>,
    pub property_address: Option<String>,
    pub notes: Option<String>,
}

const COLUMNS: &str = "client_id, insurer_id, line_id, product, proposal_number, policy_number, \
    status, starts_on, ends_on, net_premium, installment_fee, policy_fee, iof, total_premium, \
    installments, commission_rate, commission, owner_id, item_kind, vehicle_plate, \
    vehicle_chassis, vehicle_model, vehicle_year, bonus_class, property_cep, property_address, \
    notes";

/// Binds a [`Record`]'s 27 columns in [`COLUMNS`] order.
macro_rules! bind_record {
    ($query:expr, $r:expr) => {
        $query
            .bind($r.client_id)
            .bind($r.insurer_id)
            .bind($r.line_id)
            .bind(&$r.product)
            .bind(&$r.proposal_number)
            .bind(&$r.policy_number)
            .bind($r.status.as_str())
            .bind($r.starts_on)
            .bind($r.ends_on)
            .bind($r.premium.net)
            .bind($r.premium.installment_fee)
            .bind($r.premium.policy_fee)
            .bind($r.premium.iof)
            .bind($r.premium.total)
            .bind($r.installments)
            .bind($r.commission_rate)
            .bind($r.premium.commission)
            .bind($r.owner_id)
            .bind(&$r.item_kind)
            .bind(&$r.vehicle_plate)
            .bind(&$r.vehicle_chassis)
            .bind(&$r.vehicle_model)
            .bind($r.vehicle_year)
            .bind($r.bonus_class)
            .bind(&$r.property_cep)
            .bind(&$r.property_address)
            .bind(&$r.notes)
    };
}

/// Stores a new policy (renewing `renews_id`, if any); answers its id.
pub async fn insert(
    tx: &mut Tx,
    record: &Record,
    renews_id: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "INSERT INTO policies ({COLUMNS}, renews_id, created_at, updated_at) VALUES ($1, $2, $3, \
         $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
         $22, $23, $24, $25, $26, $27, $28, $29, $29) RETURNING id"
    );
    on_tx!(tx, conn => bind_record!(sqlx::query_scalar(&sql), record)
        .bind(renews_id).bind(now).fetch_one(conn).await)
}

/// Saves an edit of policy `id` (its client never changes).
pub async fn update(
    tx: &mut Tx,
    id: i64,
    record: &Record,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let assignments: Vec<String> = COLUMNS
        .split(", ")
        .enumerate()
        .map(|(i, column)| format!("{} = ${}", column.trim(), i + 1))
        .collect();
    let sql = format!(
        "UPDATE policies SET {}, updated_at = $28 WHERE id = $29",
        assignments.join(", ")
    );
    on_tx!(tx, conn => bind_record!(sqlx::query(&sql), record)
        .bind(now).bind(id).execute(conn).await.map(|_| ()))?;
    Ok(())
}

/// Selects a policy with its client's, insurer's, ramo's and owner's names (append conditions
/// on `p` and `c`).
const DETAIL: &str = "SELECT p.id, p.client_id, c.name AS client_name, p.insurer_id, \
    i.name AS insurer, p.line_id, l.name AS line, l.susep_code AS line_code, p.product, \
    p.proposal_number, p.policy_number, p.status, p.starts_on, p.ends_on, p.net_premium, \
    p.installment_fee, p.policy_fee, p.iof, p.total_premium, p.installments, p.commission_rate, \
    p.commission, p.owner_id, u.name AS owner, p.item_kind, p.vehicle_plate, p.vehicle_chassis, \
    p.vehicle_model, p.vehicle_year, p.bonus_class, p.property_cep, p.property_address, p.notes, \
    p.cancelled_on, p.cancel_reason, p.renews_id, \
    (SELECT MIN(n.id) FROM policies n WHERE n.renews_id = p.id) AS renewed_by_id, \
    p.created_at, p.updated_at \
    FROM policies p JOIN clients c ON c.id = p.client_id JOIN insurers i ON i.id = p.insurer_id \
    JOIN insurance_lines l ON l.id = p.line_id LEFT JOIN users u ON u.id = p.owner_id ";

#[derive(FromRow)]
struct DetailRow {
    id: i64,
    client_id: i64,
    client_name: String,
    insurer_id: i64,
    insurer: String,
    line_id: i64,
    line: String,
    line_code: String,
    product: Option<String>,
    proposal_number: Option<String>,
    policy_number: Option<String>,
    status: String,
    starts_on: Date,
    ends_on: Date,
    net_premium: i64,
    installment_fee: i64,
    policy_fee: i64,
    iof: i64,
    total_premium: i64,
    installments: i64,
    commission_rate: i64,
    commission: i64,
    owner_id: Option<i64>,
    owner: Option<String>,
    item_kind: Option<String>,
    vehicle_plate: Option<String>,
    vehicle_chassis: Option<String>,
    vehicle_model: Option<String>,
    vehicle_year: Option<i64>,
    bonus_class: Option<i64>,
    property_cep: Option<String>,
    property_address: Option<String>,
    notes: Option<String>,
    cancelled_on: Option<Date>,
    cancel_reason: Option<String>,
    renews_id: Option<i64>,
    renewed_by_id: Option<i64>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl From<DetailRow> for PolicyDetail {
    fn from(r: DetailRow) -> Self {
        Self {
            id: r.id,
            client_id: r.client_id,
            client_name: r.client_name,
            insurer_id: r.insurer_id,
            insurer: r.insurer,
            line_id: r.line_id,
            line: r.line,
            line_code: r.line_code,
            product: r.product,
            proposal_number: r.proposal_number,
            policy_number: r.policy_number,
            status: PolicyStatus::parse(&r.status).unwrap_or(PolicyStatus::Quote),
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            net_premium: r.net_premium,
            installment_fee: r.installment_fee,
            policy_fee: r.policy_fee,
            iof: r.iof,
            total_premium: r.total_premium,
            installments: r.installments,
            commission_rate: r.commission_rate,
            commission: r.commission,
            owner_id: r.owner_id,
            owner: r.owner,
            item_kind: r.item_kind,
            vehicle_plate: r.vehicle_plate,
            vehicle_chassis: r.vehicle_chassis,
            vehicle_model: r.vehicle_model,
            vehicle_year: r.vehicle_year,
            bonus_class: r.bonus_class,
            property_cep: r.property_cep,
            property_address: r.property_address,
            notes: r.notes,
            cancelled_on: r.cancelled_on,
            cancel_reason: r.cancel_reason,
            renews_id: r.renews_id,
            renewed_by_id: r.renewed_by_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// Policy `id`, if it exists and its client is within `scope`.
pub async fn find(db: &Db, scope: &Scope, id: i64) -> Result<Option<PolicyDetail>, sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let sql = format!("{DETAIL} WHERE {condition} AND p.id = {}", args.int(id));
    let row: Option<DetailRow> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_optional(pool).await)?;
    Ok(row.map(Into::into))
}

/// The name of client `id` when it is within `scope` and not archived (a policy may be added
/// to it).
pub async fn client_name(db: &Db, scope: &Scope, id: i64) -> Result<Option<String>, sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let sql = format!(
        "SELECT c.name FROM clients c WHERE {condition} AND c.archived_at IS NULL AND c.id = {}",
        args.int(id)
    );
    on_pool!(db, pool => bind_args!(sqlx::query_scalar(&sql), args).fetch_optional(pool).await)
}

/// The IOF rate (hundredths of a percent) of ramo `id`, if it exists and is active.
pub async fn line_iof_rate(db: &Db, id: i64) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "SELECT iof_rate FROM insurance_lines WHERE id = $1 AND active = TRUE";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(id).fetch_optional(pool).await)
}

/// The names of an insurer, a ramo and a staff member (for the audit trail).
pub async fn names(
    db: &Db,
    insurer_id: i64,
    line_id: i64,
    owner_id: i64,
) -> Result<(String, String, Option<String>), sqlx::Error> {
    const SQL: &str = "SELECT (SELECT name FROM insurers WHERE id = $1), \
        (SELECT susep_code || ' ' || name FROM insurance_lines WHERE id = $2), \
        (SELECT name FROM users WHERE id = $3)";
    let (insurer, line, owner): (Option<String>, Option<String>, Option<String>) = on_pool!(db, pool => sqlx::query_as(SQL)
            .bind(insurer_id).bind(line_id).bind(owner_id).fetch_one(pool).await)?;
    Ok((insurer.unwrap_or_default(), line.unwrap_or_default(), owner))
}

/// Whether insurer `id` exists and is active.
pub async fn insurer_active(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM insurers WHERE id = $1 AND active = TRUE";
    let n: i64 = on_pool!(db, pool => sqlx::query_scalar(SQL).bind(id).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// The expected commissions and chargebacks of policy `id`, by due date.
pub async fn commissions(db: &Db, id: i64) -> Result<Vec<CommissionEntry>, sqlx::Error> {
    const SQL: &str = "SELECT id, kind, installment, due_on, amount, received_on, statement_ref \
        FROM policy_commissions WHERE policy_id = $1 ORDER BY due_on, kind DESC, installment";
    type Row = (i64, String, i64, Date, i64, Option<Date>, Option<String>);
    let rows: Vec<Row> = on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, kind, installment, due_on, amount, received_on, statement_ref)| CommissionEntry {
                id,
                kind,
                installment,
                due_on,
                amount,
                received_on,
                statement_ref,
            },
        )
        .collect())
}

/// Replaces the expected instalment commissions of policy `id` that were not received yet:
/// `expected` gives (instalment, due date, amount) for each one to keep expecting.
pub async fn replace_expected(
    tx: &mut Tx,
    id: i64,
    expected: &[(i64, Date, i64)],
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const DELETE: &str = "DELETE FROM policy_commissions WHERE policy_id = $1 \
        AND kind = 'installment' AND received_on IS NULL";
    const INSERT: &str = "INSERT INTO policy_commissions (policy_id, kind, installment, due_on, \
        amount, created_at, updated_at) VALUES ($1, 'installment', $2, $3, $4, $5, $5)";
    on_tx!(tx, conn => sqlx::query(DELETE).bind(id).execute(&mut *conn).await.map(|_| ()))?;
    for (installment, due_on, amount) in expected {
        on_tx!(tx, conn => sqlx::query(INSERT)
            .bind(id).bind(installment).bind(due_on).bind(amount).bind(now)
            .execute(conn).await.map(|_| ()))?;
    }
    Ok(())
}

/// The instalments of policy `id` whose commission was received: (instalment, amount).
pub async fn received(tx: &mut Tx, id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    const SQL: &str = "SELECT installment, amount FROM policy_commissions WHERE policy_id = $1 \
        AND kind = 'installment' AND received_on IS NOT NULL ORDER BY installment";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(id).fetch_all(conn).await)
}

/// Drops the instalment commissions of policy `id` due after `on` and not received; answers
/// the sum of the instalment commissions left.
pub async fn drop_expected_after(tx: &mut Tx, id: i64, on: Date) -> Result<i64, sqlx::Error> {
    const DROP: &str = "DELETE FROM policy_commissions WHERE policy_id = $1 \
        AND kind = 'installment' AND received_on IS NULL AND due_on > $2";
    const KEPT: &str = "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM policy_commissions \
        WHERE policy_id = $1 AND kind = 'installment'";
    on_tx!(tx, conn => sqlx::query(DROP).bind(id).bind(on).execute(&mut *conn).await
        .map(|_| ()))?;
    on_tx!(tx, conn => sqlx::query_scalar(KEPT).bind(id).fetch_one(conn).await)
}

/// Marks policy `id` cancelled on `on` for `reason` and records the commission's chargeback
/// (when there is one). Answers whether the policy was still cancellable.
pub async fn cancel(
    tx: &mut Tx,
    id: i64,
    on: Date,
    reason: &str,
    estorno: i64,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const UPDATE: &str = "UPDATE policies SET status = 'cancelled', cancelled_on = $1, \
        cancel_reason = $2, updated_at = $3 WHERE id = $4 AND status IN ('quote', 'proposal', \
        'active')";
    const ESTORNO: &str = "INSERT INTO policy_commissions (policy_id, kind, installment, due_on, \
        amount, created_at, updated_at) VALUES ($1, 'estorno', 1, $2, $3, $4, $4)";
    let done = on_tx!(tx, conn => sqlx::query(UPDATE)
        .bind(on).bind(reason).bind(now).bind(id).execute(conn).await
        .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Ok(false);
    }
    if estorno != 0 {
        on_tx!(tx, conn => sqlx::query(ESTORNO)
            .bind(id).bind(on).bind(estorno).bind(now).execute(conn).await.map(|_| ()))?;
    }
    Ok(true)
}

/// Moves policy `id` from status `from` to `to`; answers whether it was in `from`.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: &[PolicyStatus],
    to: PolicyStatus,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    // The statuses are the enum's own codes, never input.
    let statuses: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let sql = format!(
        "UPDATE policies SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ({})",
        statuses.join(", ")
    );
    let done = on_tx!(tx, conn => sqlx::query(&sql)
        .bind(to.as_str()).bind(now).bind(id).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Marks commission `entry` of policy `id` received on `on` against statement `reference`.
/// Answers whether it was still open.
pub async fn receive(
    tx: &mut Tx,
    id: i64,
    entry: i64,
    on: Date,
    reference: Option<&str>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE policy_commissions SET received_on = $1, statement_ref = $2, \
        updated_at = $3 WHERE id = $4 AND policy_id = $5 AND received_on IS NULL";
    let done = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(on).bind(reference).bind(now).bind(entry).bind(id).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Whether client `id` has any policy (such a client is never hard-deleted).
pub async fn client_has_policies(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM policies WHERE client_id = $1";
    let n: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(id).fetch_one(conn).await)?;
    Ok(n > 0)
}

/// Anonymising client `id`: the free texts of its policies (notes, cancellation reason) are
/// replaced by `redacted`. The contract itself (numbers, insurer, ramo, vigência, money, insured
/// item) is kept: the brokerage must keep its policy records.
pub async fn redact_client_texts(
    tx: &mut Tx,
    id: i64,
    redacted: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE policies SET notes = CASE WHEN notes IS NULL THEN NULL ELSE $1 END, \
        cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL ELSE $1 END, updated_at = $2 \
        WHERE client_id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(redacted).bind(now).bind(id).execute(conn).await
        .map(|_| ()))
}
