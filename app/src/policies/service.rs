//! What can be done to policies: each form parsed into a [`Record`] (field errors in the
//! person's language), each change written in one transaction with its audit row and the
//! expected commissions kept in step, always within the caller's [`Scope`] (the client's).

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{
    premium, repo, repo::Record, CommissionEntry, FormOptions, InsurerOption, LineOption,
    PolicyDetail, PolicyFilter, PolicyInput, PolicyPage, PolicyStatus,
};
use crate::{
    audit::{self, Changes, RequestMeta},
    clients::scope::Scope,
    db::{Db, Tx},
    error::AppError,
    format::today_sao_paulo,
    users::repo::UserRow,
};

mod parse;

pub use parse::{parse_input, Known};

/// Longest cancellation reason or statement reference, in characters.
pub const MAX_REASON: usize = 500;

async fn write_audit(
    tx: &mut Tx,
    actor: i64,
    action: &str,
    id: i64,
    changes: Option<Value>,
) -> Result<(), AppError> {
    audit::change(
        tx,
        Some(actor),
        action,
        ("policy", id),
        changes,
        RequestMeta::current(),
    )
    .await?;
    Ok(())
}

fn date_br(d: time::Date) -> String {
    crate::format::date_br(d)
}

/// The names behind a record's ids, for the audit trail.
struct Names {
    insurer: String,
    line: String,
    owner: Option<String>,
}

async fn names(db: &Db, r: &Record) -> Result<Names, AppError> {
    let (insurer, line, owner) = repo::names(db, r.insurer_id, r.line_id, r.owner_id).await?;
    Ok(Names {
        insurer,
        line,
        owner,
    })
}

/// The values the audit trail records for a policy, as people read them.
fn audit_view(r: &Record, names: &Names) -> Vec<(&'static str, Value)> {
    let money = |c: i64| json!(crate::format::brl(c));
    vec![
        ("insurer", json!(names.insurer)),
        ("line", json!(names.line)),
        ("product", json!(r.product)),
        ("proposal_number", json!(r.proposal_number)),
        ("policy_number", json!(r.policy_number)),
        ("status", json!(r.status.as_str())),
        ("starts_on", json!(date_br(r.starts_on))),
        ("ends_on", json!(date_br(r.ends_on))),
        ("net_premium", money(r.premium.net)),
        ("installment_fee", money(r.premium.installment_fee)),
        ("policy_fee", money(r.premium.policy_fee)),
        ("iof", money(r.premium.iof)),
        ("total_premium", money(r.premium.total)),
        ("installments", json!(r.installments)),
        (
            "commission_rate",
            json!(crate::br::Rate::from_hundredths(r.commission_rate).display()),
        ),
        ("commission", money(r.premium.commission)),
        ("owner", json!(names.owner)),
        ("item_kind", json!(r.item_kind)),
        ("vehicle_plate", json!(r.vehicle_plate)),
        ("vehicle_chassis", json!(r.vehicle_chassis)),
        ("vehicle_model", json!(r.vehicle_model)),
        ("vehicle_year", json!(r.vehicle_year)),
        ("bonus_class", json!(r.bonus_class)),
        ("property_cep", json!(r.property_cep)),
        ("property_address", json!(r.property_address)),
        ("notes", json!(r.notes)),
    ]
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

fn number_taken() -> AppError {
    AppError::invalid("policy_number", "policy_number_taken")
}

/// The choices of the form and the filters: active insurers and ramos, and the staff `scope`
/// may hand a policy to.
pub async fn form_options(db: &Db, scope: &Scope) -> Result<FormOptions, AppError> {
    let (insurers, lines) = crate::insurers::repo::options(db).await?;
    Ok(FormOptions {
        insurers: insurers
            .into_iter()
            .map(|i| InsurerOption {
                id: i.id,
                name: i.name,
            })
            .collect(),
        lines: lines
            .into_iter()
            .map(|l| LineOption {
                id: l.id,
                susep_code: l.susep_code,
                name: l.name,
                family: l.family,
                iof_rate: l.iof_rate,
            })
            .collect(),
        owners: crate::clients::repo::owners(db, scope).await?,
    })
}

/// Looks up the ids the form sent. The client is `client_id` when given (an edit keeps its
/// client), else the form's.
async fn known(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    input: &PolicyInput,
    client_id: Option<i64>,
    now: OffsetDateTime,
) -> Result<Known, AppError> {
    let client = match client_id.or_else(|| parse::id(&input.client_id)) {
        Some(id) => repo::client_name(db, scope, id).await?.map(|_| id),
        None => None,
    };
    let insurer = match parse::id(&input.insurer_id) {
        Some(id) if repo::insurer_active(db, id).await? => Some(id),
        _ => None,
    };
    let line = match parse::id(&input.line_id) {
        Some(id) => repo::line_iof_rate(db, id).await?.map(|rate| (id, rate)),
        None => None,
    };
    let owner = match input.owner_id.as_deref().and_then(parse::id) {
        None => Some(actor.id),
        Some(id) => crate::clients::repo::owners(db, scope)
            .await?
            .iter()
            .any(|(o, _)| *o == id)
            .then_some(id),
    };
    Ok(Known {
        client,
        insurer,
        line,
        owner,
        this_year: today_sao_paulo(now).year(),
    })
}

/// Keeps the expected commission per instalment in step with the policy: none before it is
/// issued; once issued, what was not received yet is spread over the instalments not received.
async fn sync_commissions(
    tx: &mut Tx,
    id: i64,
    record: &Record,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    if !record.status.is_issued() {
        repo::replace_expected(tx, id, &[], now).await?;
        return Ok(());
    }
    let received = repo::received(tx, id).await?;
    let open: Vec<i64> = (1..=record.installments)
        .filter(|n| !received.iter().any(|(r, _)| r == n))
        .collect();
    let left = record.premium.commission - received.iter().map(|(_, a)| a).sum::<i64>();
    let amounts = premium::split(left.max(0), i64::try_from(open.len()).unwrap_or(1));
    let dues = premium::due_dates(record.starts_on, record.installments);
    let expected: Vec<(i64, time::Date, i64)> = open
        .iter()
        .zip(amounts)
        .map(|(n, amount)| {
            let due = dues
                .get(usize::try_from(n - 1).unwrap_or(0))
                .copied()
                .unwrap_or(record.starts_on);
            (*n, due, amount)
        })
        .collect();
    repo::replace_expected(tx, id, &expected, now).await?;
    Ok(())
}

/// Creates a policy for a client the caller may see; answers its id.
pub async fn create(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    input: PolicyInput,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let known = known(db, actor, scope, &input, None, now).await?;
    let record = parse_input(&input, &known)?;
    if !PolicyStatus::EDITABLE.contains(&record.status) {
        return Err(AppError::invalid("status", "status_invalid"));
    }
    let names = names(db, &record).await?;
    let mut tx = db.begin().await?;
    let id = insert_new(&mut tx, actor, &record, &names, None, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Stores a parsed new policy (renewing `renews_id`, if any) with its expected commissions and
/// its audit row, in `tx`; answers its id.
async fn insert_new(
    tx: &mut Tx,
    actor: &UserRow,
    record: &Record,
    names: &Names,
    renews_id: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let id = match repo::insert(tx, record, renews_id, now).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(number_taken()),
        Err(e) => return Err(e.into()),
    };
    sync_commissions(tx, id, record, now).await?;
    let mut changes = Changes::default();
    for (field, value) in audit_view(record, names) {
        if !value.is_null() {
            changes.compare(field, Value::Null, value);
        }
    }
    write_audit(
        tx,
        actor.id,
        "policy.create",
        id,
        Some(changes.into_value()),
    )
    .await?;
    Ok(id)
}

/// The record a stored policy would post back (for comparing an edit).
fn stored_record(p: &PolicyDetail) -> Record {
    Record {
        client_id: p.client_id,
        insurer_id: p.insurer_id,
        line_id: p.line_id,
        product: p.product.clone(),
        proposal_number: p.proposal_number.clone(),
        policy_number: p.policy_number.clone(),
        status: p.status,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        premium: premium::Premium {
            net: p.net_premium,
            installment_fee: p.installment_fee,
            policy_fee: p.policy_fee,
            iof: p.iof,
            total: p.total_premium,
            commission: p.commission,
        },
        installments: p.installments,
        commission_rate: p.commission_rate,
        owner_id: p.owner_id.unwrap_or_default(),
        item_kind: p.item_kind.clone(),
        vehicle_plate: p.vehicle_plate.clone(),
        vehicle_chassis: p.vehicle_chassis.clone(),
        vehicle_model: p.vehicle_model.clone(),
        vehicle_year: p.vehicle_year,
        bonus_class: p.bonus_class,
        property_cep: p.property_cep.clone(),
        property_address: p.property_address.clone(),
        notes: p.notes.clone(),
    }
}

/// Saves an edit of a policy the caller may see. Renewed, cancelled and expired policies keep
/// their status (those come from their own actions).
pub async fn update(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    input: PolicyInput,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let stored = repo::find(db, scope, id).await?.ok_or(AppError::NotFound)?;
    let known = known(db, actor, scope, &input, Some(stored.client_id), now).await?;
    let record = parse_input(&input, &known)?;
    let status_ok = if PolicyStatus::EDITABLE.contains(&stored.status) {
        PolicyStatus::EDITABLE.contains(&record.status)
    } else {
        record.status == stored.status
    };
    if !status_ok {
        return Err(AppError::invalid("status", "status_invalid"));
    }
    let before = stored_record(&stored);
    let before_names = Names {
        insurer: stored.insurer.clone(),
        line: format!("{} {}", stored.line_code, stored.line),
        owner: stored.owner.clone(),
    };
    let after_names = names(db, &record).await?;
    let mut changes = Changes::default();
    let (from, to) = (
        audit_view(&before, &before_names),
        audit_view(&record, &after_names),
    );
    for ((field, from), (_, to)) in from.into_iter().zip(to) {
        changes.compare(field, from, to);
    }
    if changes.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    match repo::update(&mut tx, id, &record, now).await {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => return Err(number_taken()),
        Err(e) => return Err(e.into()),
    }
    if stored.status != PolicyStatus::Cancelled {
        sync_commissions(&mut tx, id, &record, now).await?;
    }
    write_audit(
        &mut tx,
        actor.id,
        "policy.update",
        id,
        Some(changes.into_value()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records the renewal of policy `old_id` (in force or expired, not renewed yet): the new
/// policy, typed in the form pre-filled from the old one, is created for the same client and
/// linked to it, and the old one becomes "renovada" — "migrada" in the audit trail when the
/// insurer changed.
pub async fn renew(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    old_id: i64,
    mut input: PolicyInput,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let old = repo::find(db, scope, old_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !matches!(old.status, PolicyStatus::Active | PolicyStatus::Expired)
        || old.renewed_by_id.is_some()
    {
        return Err(AppError::invalid("status", "policy_not_renewable"));
    }
    input.client_id = old.client_id.to_string();
    let known = known(db, actor, scope, &input, Some(old.client_id), now).await?;
    let record = parse_input(&input, &known)?;
    if !PolicyStatus::EDITABLE.contains(&record.status) {
        return Err(AppError::invalid("status", "status_invalid"));
    }
    let names = names(db, &record).await?;
    let mut tx = db.begin().await?;
    let id = insert_new(&mut tx, actor, &record, &names, Some(old_id), now).await?;
    let from = [PolicyStatus::Active, PolicyStatus::Expired];
    if !repo::set_status(&mut tx, old_id, &from, PolicyStatus::Renewed, now).await? {
        return Err(AppError::invalid("status", "policy_not_renewable"));
    }
    let same_insurer = record.insurer_id == old.insurer_id;
    let outcome = if same_insurer { "renovada" } else { "migrada" };
    let status = if same_insurer {
        super::renewals::RenewalStatus::Renewed
    } else {
        super::renewals::RenewalStatus::Migrated
    };
    super::renewals::repo::set_outcome(&mut tx, old_id, status, Some(id), None, None, now).await?;
    super::renewals::service::settle_card(&mut tx, actor.id, old_id, status, None, now).await?;
    let mut changes = Changes::default();
    changes.compare(
        "status",
        old.status.as_str(),
        PolicyStatus::Renewed.as_str(),
    );
    changes.compare("outcome", Value::Null, outcome);
    changes.compare("renewed_by", Value::Null, id);
    changes.compare(
        "previous_premium",
        Value::Null,
        crate::format::brl(old.total_premium),
    );
    changes.compare(
        "total_premium",
        Value::Null,
        crate::format::brl(record.premium.total),
    );
    write_audit(
        &mut tx,
        actor.id,
        "policy.renew",
        old_id,
        Some(changes.into_value()),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Marks policy `id` (in force) as expired: its vigência ended without a renewal. Done by the
/// system (no actor), audited.
pub async fn mark_expired(db: &Db, id: i64, now: OffsetDateTime) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let from = [PolicyStatus::Active];
    if !repo::set_status(&mut tx, id, &from, PolicyStatus::Expired, now).await? {
        return Ok(false);
    }
    let mut changes = Changes::default();
    changes.compare(
        "status",
        PolicyStatus::Active.as_str(),
        PolicyStatus::Expired.as_str(),
    );
    let changes = Some(changes.into_value());
    let meta = RequestMeta::current();
    audit::change(
        &mut tx,
        None,
        "policy.expire",
        ("policy", id),
        changes,
        meta,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Cancels a policy on `on` (`aaaa-mm-dd`, within its vigência) for `reason`. The expected
/// commissions due after `on` and not received are dropped; an issued policy has what its kept
/// instalments pay beyond the commission earned pro rata of the days it ran charged back
/// (estorno).
pub async fn cancel(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    on: &str,
    reason: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let stored = repo::find(db, scope, id).await?.ok_or(AppError::NotFound)?;
    let mut errors = crate::error::FieldErrors::default();
    let on = crate::audit::parse_date(on.trim());
    match on {
        None => errors.add("cancelled_on", "date_invalid"),
        Some(d) if d < stored.starts_on && stored.status.is_issued() => {
            errors.add("cancelled_on", "cancel_before_start")
        }
        Some(d) if d > stored.ends_on => errors.add("cancelled_on", "cancel_after_end"),
        Some(_) => {}
    }
    let reason = reason.trim();
    if reason.is_empty() {
        errors.add("reason", "reason_required");
    } else if reason.chars().count() > MAX_REASON {
        errors.add("reason", "text_too_long");
    }
    errors.into_result()?;
    let on = on.unwrap_or(stored.starts_on);
    let mut tx = db.begin().await?;
    // The insurer stops paying the instalments due after the cancellation; what the kept ones
    // pay beyond the commission earned pro rata goes back.
    let kept = repo::drop_expected_after(&mut tx, id, on).await?;
    let estorno = if stored.status.is_issued() {
        let earned = premium::earned(stored.commission, stored.starts_on, stored.ends_on, on);
        premium::estorno(earned, kept)
    } else {
        0
    };
    if !repo::cancel(&mut tx, id, on, reason, estorno, now).await? {
        return Err(AppError::invalid("cancelled_on", "policy_not_cancellable"));
    }
    let mut changes = Changes::default();
    changes.compare("status", stored.status.as_str(), "cancelled");
    changes.compare("cancelled_on", Value::Null, date_br(on));
    changes.compare("cancel_reason", Value::Null, reason);
    changes.compare("estorno", Value::Null, crate::format::brl(estorno));
    write_audit(
        &mut tx,
        actor.id,
        "policy.cancel",
        id,
        Some(changes.into_value()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes off commission `entry` of a policy as received on `on` against the insurer's
/// statement `reference`.
#[allow(clippy::too_many_arguments)]
pub async fn receive_commission(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    entry: i64,
    on: &str,
    reference: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    repo::find(db, scope, id).await?.ok_or(AppError::NotFound)?;
    let Some(on) = crate::audit::parse_date(on.trim()) else {
        return Err(AppError::invalid("received_on", "date_invalid"));
    };
    if on > today_sao_paulo(now) {
        return Err(AppError::invalid("received_on", "date_in_future"));
    }
    let reference = reference.trim();
    if reference.chars().count() > MAX_REASON {
        return Err(AppError::invalid("statement_ref", "text_too_long"));
    }
    let reference = (!reference.is_empty()).then_some(reference);
    let mut tx = db.begin().await?;
    if !repo::receive(&mut tx, id, entry, on, reference, now).await? {
        return Err(AppError::invalid(
            "received_on",
            "commission_already_received",
        ));
    }
    let mut changes = Changes::default();
    changes.compare("commission_entry", Value::Null, entry);
    changes.compare("received_on", Value::Null, date_br(on));
    changes.compare("statement_ref", Value::Null, reference);
    write_audit(
        &mut tx,
        actor.id,
        "policy.commission_received",
        id,
        Some(changes.into_value()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One page of the policies the caller may see, filtered, with the form's options.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &PolicyFilter,
    now: OffsetDateTime,
) -> Result<PolicyPage, AppError> {
    let mut filter = filter.clone();
    filter.page = filter.page.clamp(1, 1_000_000);
    let (rows, total, total_premium) = repo::list(db, scope, &filter, today_sao_paulo(now)).await?;
    Ok(PolicyPage {
        rows,
        total,
        page: filter.page,
        total_premium,
        options: form_options(db, scope).await?,
    })
}

/// A policy the caller may see with its commissions (opening it is not audited: policies hold
/// no personal data beyond the client's name).
pub async fn detail(
    db: &Db,
    scope: &Scope,
    id: i64,
) -> Result<(PolicyDetail, Vec<CommissionEntry>), AppError> {
    let policy = repo::find(db, scope, id).await?.ok_or(AppError::NotFound)?;
    let commissions = repo::commissions(db, id).await?;
    Ok((policy, commissions))
}
