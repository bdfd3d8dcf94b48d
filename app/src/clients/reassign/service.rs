//! Who may receive a client, and handing it over in one transaction with its audit row.

use time::OffsetDateTime;

use crate::{
    audit::{self, AuditEntry, Changes, RequestMeta},
    clients::{repo, scope::Scope},
    db::{Db, Tx},
    error::AppError,
    on_tx,
    roles::Role,
    users::repo::UserRow,
};

/// The staff `actor` may hand client `id` to (id, name): none for users; for others the active
/// staff whose clients they see ([`repo::owners`]). 404 when the client is outside `scope`.
pub async fn assignees(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    if repo::find(db, scope, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if actor.role() == Role::User {
        return Ok(Vec::new());
    }
    Ok(repo::owners(db, scope).await?)
}

/// Owner and team of a client as stored: (owner id, owner name, team id, team name).
type Holder = (Option<i64>, Option<String>, Option<i64>, Option<String>);

async fn holder(tx: &mut Tx, id: i64) -> Result<Holder, sqlx::Error> {
    const SQL: &str = "SELECT c.owner_id, u.name, c.team_id, t.name FROM clients c \
        LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN teams t ON t.id = c.team_id \
        WHERE c.id = $1";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(id).fetch_one(conn).await)
}

/// An active staff member who may own clients: (name, team id, team name).
async fn active_staff(
    tx: &mut Tx,
    id: i64,
) -> Result<Option<(String, Option<i64>, Option<String>)>, sqlx::Error> {
    const SQL: &str = "SELECT u.name, u.team_id, t.name FROM users u \
        LEFT JOIN teams t ON t.id = u.team_id WHERE u.id = $1 AND u.active = TRUE";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(id).fetch_optional(conn).await)
}

/// Hands client `id` (within `scope`) to `owner_id`; the client joins the new owner's team.
/// Refused: a client outside the scope (404), an unknown or inactive staff member (field
/// error on `owner_id`), a staff member the scope may not hand clients to (403, audited as
/// `authz.denied`). Handing a client to its current owner changes nothing.
pub async fn reassign(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    owner_id: i64,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    if !repo::in_scope(&mut tx, scope, id).await? {
        return Err(AppError::NotFound);
    }
    let Some((name, team_id, team)) = active_staff(&mut tx, owner_id).await? else {
        return Err(AppError::invalid("owner_id", "owner_invalid"));
    };
    if !scope.may_assign_to(owner_id, team_id) {
        let attempted = serde_json::json!({
            "action": "ReassignClients",
            "client_id": id,
            "owner_id": owner_id,
        });
        write(
            &mut tx,
            actor.id,
            "authz.denied",
            "user",
            actor.id,
            attempted,
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Forbidden);
    }
    let (old_owner, old_name, old_team, old_team_name) = holder(&mut tx, id).await?;
    if old_owner == Some(owner_id) && old_team == team_id {
        return Ok(());
    }
    const SQL: &str = "UPDATE clients SET owner_id = $1, team_id = $2, updated_at = $3 \
        WHERE id = $4";
    on_tx!(&mut tx, conn => sqlx::query(SQL).bind(owner_id).bind(team_id).bind(now).bind(id)
        .execute(conn).await.map(|_| ()))?;
    let mut changes = Changes::default();
    changes.compare("owner", old_name, Some(name));
    changes.compare("team", old_team_name, team);
    write(
        &mut tx,
        actor.id,
        "client.update",
        "client",
        id,
        changes.into_value(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn write(
    tx: &mut Tx,
    actor: i64,
    action: &str,
    entity_type: &str,
    entity_id: i64,
    changes: serde_json::Value,
) -> Result<(), AppError> {
    let entry = AuditEntry {
        actor_id: Some(actor),
        action,
        entity_type: Some(entity_type),
        entity_id: Some(entity_id.to_string()),
        changes: Some(changes),
        meta: RequestMeta::current(),
    };
    audit::record(tx, &entry).await?;
    Ok(())
}
