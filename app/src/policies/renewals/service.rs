//! The daily renewal scan (a durable job, idempotent: a second run the same day changes
//! nothing), recording a lost renewal, and reading "A vencer".

use serde_json::{json, Value};
use time::{Date, OffsetDateTime};

use super::{repo, window_for, RenewalList, RenewalStatus};
use crate::{
    audit::{self, AuditEntry, Changes, RequestMeta},
    clients::scope::Scope,
    db::Db,
    error::AppError,
    format::{date_br, today_sao_paulo},
    jobs, notifications,
    policies::{service::mark_expired, PolicyStatus},
    users::repo::UserRow,
};

/// The job kind of the daily scan; its payload names the São Paulo day it is for.
pub const SCAN_JOB: &str = "renewal_scan";

/// What one scan did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scanned {
    /// Renewal records opened.
    pub opened: usize,
    /// Alerts (and notifications) sent.
    pub alerted: usize,
    /// Policies marked expired.
    pub expired: usize,
}

/// The scan for São Paulo day `today`: policies still in force whose vigência ended are marked
/// expired; every policy in force ending within 90 days gets its renewal record and, once per
/// window (90/60/30/15/7/0 days), an alert to its owner. Safe to run any number of times.
pub async fn scan(db: &Db, today: Date, now: OffsetDateTime) -> Result<Scanned, AppError> {
    let mut done = Scanned::default();
    for id in repo::ended(db, today).await? {
        if mark_expired(db, id, now).await? {
            done.expired += 1;
        }
    }
    let until = today + time::Duration::days(super::WINDOWS[0]);
    for due in repo::due(db, today, until).await? {
        let days = (due.ends_on - today).whole_days();
        let Some(window) = window_for(days) else {
            continue;
        };
        let mut tx = db.begin().await?;
        if repo::ensure(&mut tx, due.id, now).await? {
            done.opened += 1;
        }
        if let Some(owner) = due.owner_id {
            renewal_card(&mut tx, &due, owner, now).await?;
        }
        if repo::insert_alert(&mut tx, due.id, window, today, now).await? {
            done.alerted += 1;
            if let Some(owner) = due.owner_id {
                let payload = json!({
                    "policy": due.id,
                    "client": due.client_name,
                    "number": due.policy_number.clone().unwrap_or_default(),
                    "insurer": due.insurer,
                    "days": days,
                    "window": window,
                    "ends_on": date_br(due.ends_on),
                });
                let link = format!("/apolices/{}", due.id);
                notifications::repo::insert(
                    &mut tx,
                    owner,
                    notifications::RENEWAL_DUE,
                    &payload,
                    &link,
                    now,
                )
                .await?;
            }
        }
        tx.commit().await?;
    }
    Ok(done)
}

/// The policy's card on the Renovações board (once: the board is checked for one first), owned
/// by the policy's owner and audited as created by the system.
async fn renewal_card(
    tx: &mut crate::db::Tx,
    due: &repo::Due,
    owner: i64,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let number = due.policy_number.as_deref().unwrap_or("—");
    let title = format!("Renovação — {} ({number})", due.client_name);
    let card = crate::kanban::repo::NewCard {
        board: 0,
        column: 0,
        rank: "",
        title: &title,
        client_id: Some(due.client_id),
        policy_id: Some(due.id),
        owner_id: owner,
        value: Some(due.total_premium),
        due_on: Some(due.ends_on),
        description: None,
    };
    if let Some(id) = crate::kanban::repo::ensure_renewal_card(tx, due.id, &card, now).await? {
        let changes = json!({ "title": { "from": null, "to": title }, "board": "renewals" });
        let entity = ("kanban_card", id);
        audit::change(
            tx,
            None,
            "card.create",
            entity,
            Some(changes),
            RequestMeta::default(),
        )
        .await?;
    }
    Ok(())
}

/// Moves policy `policy`'s card on the Renovações board to the column of its renewal's outcome
/// (Renovada, Migrada or Perdida — by the columns' outcome, so renamed columns still work), as
/// `actor` did; audited as a card move.
pub async fn settle_card(
    tx: &mut crate::db::Tx,
    actor: i64,
    policy: i64,
    status: RenewalStatus,
    lost: Option<(&str, Option<Date>)>,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    use crate::kanban::{repo::settle_renewal_card, Outcome};
    let (outcome, nth) = match status {
        RenewalStatus::Renewed => (Outcome::Won, 0),
        RenewalStatus::Migrated => (Outcome::Won, 1),
        RenewalStatus::Lost => (Outcome::Lost, 0),
        RenewalStatus::Open => return Ok(()),
    };
    if let Some((card, from, to)) = settle_renewal_card(tx, policy, outcome, nth, lost, now).await?
    {
        let changes = json!({ "column": { "from": from, "to": to } });
        let entity = ("kanban_card", card);
        let meta = RequestMeta::current();
        audit::change(tx, Some(actor), "card.move", entity, Some(changes), meta).await?;
    }
    Ok(())
}

/// Queues today's scan (São Paulo day) unless it was queued already; answers whether it was.
pub async fn queue_daily_scan(db: &Db, now: OffsetDateTime) -> Result<bool, AppError> {
    Ok(jobs::enqueue_daily(db, SCAN_JOB, now).await?)
}

/// The day a scan job's payload names.
pub fn scan_day(payload: &Value) -> Option<Date> {
    payload["day"].as_str().and_then(crate::audit::parse_date)
}

/// Records that the renewal of policy `id` was lost, why, and when to call the client again.
#[allow(clippy::too_many_arguments)]
pub async fn mark_lost(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    reason: &str,
    recontact_on: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let policy = crate::policies::repo::find(db, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !matches!(policy.status, PolicyStatus::Active | PolicyStatus::Expired)
        || policy.renewed_by_id.is_some()
    {
        return Err(AppError::invalid("lost_reason", "policy_not_renewable"));
    }
    let (reason, recontact) = crate::kanban::service::lost_reason(reason, recontact_on)?;
    let mut tx = db.begin().await?;
    repo::set_outcome(
        &mut tx,
        id,
        RenewalStatus::Lost,
        None,
        Some(reason),
        recontact,
        now,
    )
    .await?;
    let lost = Some((reason, recontact));
    settle_card(&mut tx, actor.id, id, RenewalStatus::Lost, lost, now).await?;
    let mut changes = Changes::default();
    changes.compare("outcome", Value::Null, "perdida");
    changes.compare("lost_reason", Value::Null, reason);
    changes.compare("recontact_on", Value::Null, recontact.map(date_br));
    audit::record(
        &mut tx,
        &AuditEntry {
            actor_id: Some(actor.id),
            action: "policy.renewal_lost",
            entity_type: Some("policy"),
            entity_id: Some(id.to_string()),
            changes: Some(changes.into_value()),
            meta: RequestMeta::current(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// "A vencer" for the caller.
pub async fn board(
    db: &Db,
    scope: &Scope,
    attention: bool,
    now: OffsetDateTime,
) -> Result<RenewalList, AppError> {
    let today = today_sao_paulo(now);
    Ok(RenewalList {
        today,
        attention,
        rows: repo::board(db, scope, today, attention).await?,
    })
}
