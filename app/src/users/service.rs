//! What can be done to accounts and teams, each change validated, written in one transaction
//! together with its audit row. Server functions check permissions and call these.

use serde_json::{json, Value};

use super::{
    normalize_email, password,
    repo::{self, Editable, NewUser},
    validate_email,
};
use crate::{
    auth::{registry, server::audit_in, tokens},
    db::{Db, Tx},
    error::{AppError, FieldErrors as Errors},
    roles::Role,
};

/// The languages a person may prefer.
pub const LOCALES: &[&str] = &["pt-BR", "en"];
/// Longest name of a person or team, in characters.
pub const MAX_NAME: usize = 120;

fn clean_name(raw: &str, errors: &mut Errors, field: &str) -> String {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.add(field, "name_required");
    } else if name.chars().count() > MAX_NAME {
        errors.add(field, "name_too_long");
    }
    name
}

fn check_new_password(password: &str, confirm: &str, errors: &mut Errors) {
    if let Err(key) = password::check_policy(password) {
        errors.add("password", key);
    } else if password != confirm {
        errors.add("confirm", "password_mismatch");
    }
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// What an admin fills in to create an account.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub name: String,
    pub email: String,
    pub role: String,
    pub team_id: Option<String>,
    pub locale: String,
}

/// A created account and the one-time link that lets its owner set a password.
#[derive(Clone, Debug)]
pub struct Created {
    pub id: i64,
    pub token: String,
}

async fn check_team(
    tx: &mut Tx,
    raw: Option<&str>,
    errors: &mut Errors,
) -> Result<Option<i64>, AppError> {
    let Some(raw) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    match raw.parse::<i64>() {
        Ok(id) if repo::team_exists(tx, id).await? => Ok(Some(id)),
        _ => {
            errors.add("team_id", "team_invalid");
            Ok(None)
        }
    }
}

fn check_role(raw: &str, errors: &mut Errors) -> Role {
    Role::parse(raw).unwrap_or_else(|| {
        errors.add("role", "role_invalid");
        Role::User
    })
}

fn check_locale(raw: &str, errors: &mut Errors) -> String {
    if !LOCALES.contains(&raw) {
        errors.add("locale", "locale_invalid");
    }
    raw.to_owned()
}

/// Creates an account without a password and issues its setup link.
pub async fn create_account(
    db: &Db,
    actor: i64,
    input: NewAccount,
    now: time::OffsetDateTime,
) -> Result<Created, AppError> {
    let mut errors = Errors::default();
    let name = clean_name(&input.name, &mut errors, "name");
    let email = normalize_email(&input.email);
    if let Err(key) = validate_email(&email) {
        errors.add("email", key);
    }
    let role = check_role(&input.role, &mut errors);
    let locale = check_locale(&input.locale, &mut errors);
    let mut tx = db.begin().await?;
    let team_id = check_team(&mut tx, input.team_id.as_deref(), &mut errors).await?;
    errors.into_result()?;
    let new = NewUser {
        name: &name,
        email: &email,
        password_hash: None,
        role,
        team_id,
        locale: &locale,
    };
    let id = match repo::insert(&mut tx, &new).await {
        Ok(id) => id,
        Err(err) if is_unique_violation(&err) => {
            return Err(AppError::invalid("email", "email_taken"))
        }
        Err(err) => return Err(err.into()),
    };
    let token = tokens::issue(
        &mut tx,
        tokens::Purpose::Password,
        Some(id),
        Some(actor),
        now.unix_timestamp(),
    )
    .await?;
    let changes = json!({
        "name": { "to": name },
        "email": { "to": email },
        "role": { "to": role.as_str() },
        "team": { "to": team_name(&mut tx, team_id).await? },
        "locale": { "to": locale },
    });
    audit_in(&mut tx, "user.create", Some(actor), Some(id), Some(changes)).await?;
    tx.commit().await?;
    Ok(Created { id, token })
}

/// What an admin changes on an account.
#[derive(Clone, Debug)]
pub struct AccountEdit {
    pub name: String,
    pub role: String,
    pub team_id: Option<String>,
    pub active: bool,
    pub locale: String,
}

/// The outcome of an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    /// Fields that changed.
    pub changed: Vec<&'static str>,
    /// Whether the person's sessions were ended (role or active flag changed).
    pub sessions_ended: bool,
}

/// Whether applying `edit` to account `id` changes its role or active flag (sensitive: needs a
/// recent password confirmation).
pub async fn edit_is_sensitive(db: &Db, id: i64, edit: &AccountEdit) -> Result<bool, AppError> {
    let row = repo::find_by_id(db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Role::parse(&edit.role).is_some_and(|r| r != row.role()) || edit.active != row.active)
}

/// Field-level diff `{"field": {"from": …, "to": …}}` of two values of an account. Teams are
/// recorded by name (`team`), as people read them, next to the id that changed.
fn diff(
    before: &Editable,
    after: &Editable,
    team_names: (Option<String>, Option<String>),
) -> (Vec<&'static str>, Value) {
    let mut fields = Vec::new();
    let mut changes = serde_json::Map::new();
    let mut compare = |name: &'static str, from: Value, to: Value| {
        if from != to {
            fields.push(name);
            changes.insert(name.to_owned(), json!({ "from": from, "to": to }));
        }
    };
    compare("name", json!(before.name), json!(after.name));
    compare(
        "role",
        json!(before.role.as_str()),
        json!(after.role.as_str()),
    );
    if before.team_id != after.team_id {
        compare("team", json!(team_names.0), json!(team_names.1));
    }
    compare("active", json!(before.active), json!(after.active));
    compare("locale", json!(before.locale), json!(after.locale));
    (fields, Value::Object(changes))
}

async fn team_name(tx: &mut Tx, id: Option<i64>) -> Result<Option<String>, AppError> {
    match id {
        Some(id) => Ok(repo::team_name(tx, id).await?),
        None => Ok(None),
    }
}

/// Applies an admin's edit. Changing the role or disabling/enabling ends the person's sessions.
/// The last active admin cannot demote or disable themselves out of the installation.
pub async fn edit_account(
    db: &Db,
    actor: i64,
    id: i64,
    edit: AccountEdit,
    now: time::OffsetDateTime,
) -> Result<Edited, AppError> {
    let mut errors = Errors::default();
    let name = clean_name(&edit.name, &mut errors, "name");
    let role = check_role(&edit.role, &mut errors);
    let locale = check_locale(&edit.locale, &mut errors);
    let mut tx = db.begin().await?;
    let team_id = check_team(&mut tx, edit.team_id.as_deref(), &mut errors).await?;
    errors.into_result()?;
    let row = repo::find_for_update(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = row.editable();
    let after = Editable {
        name,
        role,
        team_id,
        active: edit.active,
        locale,
    };
    let team_names = if before.team_id == after.team_id {
        (None, None)
    } else {
        (
            team_name(&mut tx, before.team_id).await?,
            team_name(&mut tx, after.team_id).await?,
        )
    };
    let (changed, changes) = diff(&before, &after, team_names);
    if changed.is_empty() {
        return Ok(Edited {
            changed,
            sessions_ended: false,
        });
    }
    let loses_admin =
        before.role == Role::Admin && before.active && (after.role != Role::Admin || !after.active);
    if loses_admin && repo::count_active_admins(&mut tx).await? <= 1 {
        let field = if after.active { "role" } else { "active" };
        return Err(AppError::invalid(field, "last_admin"));
    }
    let sensitive = changed.contains(&"role") || changed.contains(&"active");
    repo::update(&mut tx, id, &after, sensitive, now).await?;
    if sensitive {
        registry::revoke_all_except(&mut tx, id, None).await?;
    }
    audit_in(&mut tx, "user.update", Some(actor), Some(id), Some(changes)).await?;
    tx.commit().await?;
    Ok(Edited {
        changed,
        sessions_ended: sensitive,
    })
}

/// Issues a new one-time password link for account `id` (the old ones stop working).
pub async fn issue_password_link(
    db: &Db,
    actor: i64,
    id: i64,
    now: time::OffsetDateTime,
) -> Result<String, AppError> {
    let mut tx = db.begin().await?;
    repo::find_for_update(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let token = tokens::issue(
        &mut tx,
        tokens::Purpose::Password,
        Some(id),
        Some(actor),
        now.unix_timestamp(),
    )
    .await?;
    audit_in(&mut tx, "user.password_link", Some(actor), Some(id), None).await?;
    tx.commit().await?;
    Ok(token)
}

/// Changes one's own password after checking the current one. Every other session of the
/// person ends (`keep` is the key of the session making the change).
pub async fn change_own_password(
    db: &Db,
    user_id: i64,
    current: String,
    new: String,
    confirm: &str,
    keep: Option<&str>,
    now: time::OffsetDateTime,
) -> Result<(), AppError> {
    let mut errors = Errors::default();
    check_new_password(&new, confirm, &mut errors);
    let row = repo::find_by_id(db, user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let stored = row.password_hash.clone().unwrap_or_default();
    if password::verify(stored, current).await == password::Verified::No {
        errors.add("current", "password_wrong");
    }
    errors.into_result()?;
    let hash = password::hash(new).await;
    let mut tx = db.begin().await?;
    repo::set_password(&mut tx, user_id, &hash, now).await?;
    let ended = registry::revoke_all_except(&mut tx, user_id, keep).await?;
    let changes = json!({ "other_sessions_ended": ended });
    audit_in(
        &mut tx,
        "user.password_change",
        Some(user_id),
        Some(user_id),
        Some(changes),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn unusable(err: tokens::Unusable) -> AppError {
    match err {
        tokens::Unusable::Unknown => AppError::NotFound,
        tokens::Unusable::Used | tokens::Unusable::Expired => AppError::Gone,
    }
}

/// Sets a password through a one-time link; the link is then used up and every session of the
/// account ends. Answers the account's id.
pub async fn set_password_with_link(
    db: &Db,
    token: &str,
    new: String,
    confirm: &str,
    now: time::OffsetDateTime,
) -> Result<i64, AppError> {
    let at = now.unix_timestamp();
    tokens::check(db, tokens::Purpose::Password, token, at)
        .await?
        .map_err(unusable)?;
    let mut errors = Errors::default();
    check_new_password(&new, confirm, &mut errors);
    errors.into_result()?;
    let hash = password::hash(new).await;
    let mut tx = db.begin().await?;
    let link = tokens::redeem(&mut tx, tokens::Purpose::Password, token, at)
        .await?
        .map_err(unusable)?;
    let id = link.user_id.ok_or(AppError::NotFound)?;
    repo::set_password(&mut tx, id, &hash, now).await?;
    registry::revoke_all_except(&mut tx, id, None).await?;
    audit_in(&mut tx, "user.password_set", Some(id), Some(id), None).await?;
    tx.commit().await?;
    Ok(id)
}

/// Issues the first-admin link, if the installation has no account yet.
pub async fn bootstrap_link(
    db: &Db,
    now: time::OffsetDateTime,
) -> Result<Option<String>, AppError> {
    if repo::count(db).await? > 0 {
        return Ok(None);
    }
    let mut tx = db.begin().await?;
    let token = tokens::issue(
        &mut tx,
        tokens::Purpose::Bootstrap,
        None,
        None,
        now.unix_timestamp(),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(token))
}

/// What the first admin fills in.
#[derive(Clone, Debug)]
pub struct FirstAdmin {
    pub name: String,
    pub email: String,
    pub password: String,
    pub confirm: String,
}

/// Creates the first admin through the setup link. Works once, and only while no account exists.
pub async fn create_first_admin(
    db: &Db,
    token: &str,
    input: FirstAdmin,
    now: time::OffsetDateTime,
) -> Result<i64, AppError> {
    let at = now.unix_timestamp();
    tokens::check(db, tokens::Purpose::Bootstrap, token, at)
        .await?
        .map_err(unusable)?;
    let mut errors = Errors::default();
    let name = clean_name(&input.name, &mut errors, "name");
    let email = normalize_email(&input.email);
    if let Err(key) = validate_email(&email) {
        errors.add("email", key);
    }
    check_new_password(&input.password, &input.confirm, &mut errors);
    errors.into_result()?;
    let hash = password::hash(input.password).await;
    let mut tx = db.begin().await?;
    tokens::redeem(&mut tx, tokens::Purpose::Bootstrap, token, at)
        .await?
        .map_err(unusable)?;
    if repo::count_active_admins(&mut tx).await? > 0 {
        return Err(AppError::Gone);
    }
    let new = NewUser {
        name: &name,
        email: &email,
        password_hash: Some(&hash),
        role: Role::Admin,
        team_id: None,
        locale: "pt-BR",
    };
    let id = repo::insert(&mut tx, &new).await?;
    let changes = json!({ "email": { "to": email }, "role": { "to": "admin" } });
    audit_in(
        &mut tx,
        "user.bootstrap_admin",
        Some(id),
        Some(id),
        Some(changes),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates an admin from the command line (no password: the printed link sets it).
pub async fn create_admin_from_cli(
    db: &Db,
    name: &str,
    email: &str,
    now: time::OffsetDateTime,
) -> Result<Created, AppError> {
    let mut errors = Errors::default();
    let name = clean_name(name, &mut errors, "name");
    let email = normalize_email(email);
    if let Err(key) = validate_email(&email) {
        errors.add("email", key);
    }
    errors.into_result()?;
    let mut tx = db.begin().await?;
    let new = NewUser {
        name: &name,
        email: &email,
        password_hash: None,
        role: Role::Admin,
        team_id: None,
        locale: "pt-BR",
    };
    let id = match repo::insert(&mut tx, &new).await {
        Ok(id) => id,
        Err(err) if is_unique_violation(&err) => {
            return Err(AppError::invalid("email", "email_taken"))
        }
        Err(err) => return Err(err.into()),
    };
    let token = tokens::issue(
        &mut tx,
        tokens::Purpose::Password,
        Some(id),
        None,
        now.unix_timestamp(),
    )
    .await?;
    let changes = json!({ "email": { "to": email }, "role": { "to": "admin" }, "via": "cli" });
    audit_in(&mut tx, "user.create", None, Some(id), Some(changes)).await?;
    tx.commit().await?;
    Ok(Created { id, token })
}

/// Ends one session of account `user_id` (from the person's own page or the admin panel).
pub async fn end_session(db: &Db, actor: i64, user_id: i64, key: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    if !registry::revoke(&mut tx, user_id, key).await? {
        return Err(AppError::NotFound);
    }
    audit_in(&mut tx, "session.revoked", Some(actor), Some(user_id), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates a team.
pub async fn create_team(db: &Db, actor: i64, name: &str) -> Result<i64, AppError> {
    let mut errors = Errors::default();
    let name = clean_name(name, &mut errors, "name");
    errors.into_result()?;
    let mut tx = db.begin().await?;
    let id = match repo::insert_team(&mut tx, &name).await {
        Ok(id) => id,
        Err(err) if is_unique_violation(&err) => {
            return Err(AppError::invalid("name", "team_taken"))
        }
        Err(err) => return Err(err.into()),
    };
    let entry = crate::audit::AuditEntry {
        actor_id: Some(actor),
        action: "team.create",
        entity_type: Some("team"),
        entity_id: Some(id.to_string()),
        changes: Some(json!({ "name": { "to": name } })),
        meta: crate::audit::RequestMeta::current(),
    };
    crate::audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(id)
}

/// Renames a team and sets who manages it.
pub async fn update_team(
    db: &Db,
    actor: i64,
    id: i64,
    name: &str,
    managers: &[i64],
    now: time::OffsetDateTime,
) -> Result<(), AppError> {
    let mut errors = Errors::default();
    let name = clean_name(name, &mut errors, "name");
    errors.into_result()?;
    let mut tx = db.begin().await?;
    let old_name = repo::team_name(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let old_managers = repo::team_manager_ids(&mut tx, id).await?;
    let mut new_managers: Vec<i64> = managers.to_vec();
    new_managers.sort_unstable();
    new_managers.dedup();
    for user in &new_managers {
        let row = repo::find_for_update(&mut tx, *user).await?;
        if !row.is_some_and(|r| r.role() == Role::Manager || r.role() == Role::Admin) {
            return Err(AppError::invalid("managers", "manager_invalid"));
        }
    }
    let mut changes = serde_json::Map::new();
    if old_name != name {
        match repo::rename_team(&mut tx, id, &name, now).await {
            Ok(()) => {}
            Err(err) if is_unique_violation(&err) => {
                return Err(AppError::invalid("name", "team_taken"))
            }
            Err(err) => return Err(err.into()),
        }
        changes.insert("name".into(), json!({ "from": old_name, "to": name }));
    }
    if old_managers != new_managers {
        for user in old_managers.iter().filter(|u| !new_managers.contains(u)) {
            repo::remove_team_manager(&mut tx, id, *user).await?;
        }
        for user in new_managers.iter().filter(|u| !old_managers.contains(u)) {
            repo::add_team_manager(&mut tx, id, *user).await?;
        }
        changes.insert(
            "managers".into(),
            json!({ "from": old_managers, "to": new_managers }),
        );
    }
    if changes.is_empty() {
        return Ok(());
    }
    let entry = crate::audit::AuditEntry {
        actor_id: Some(actor),
        action: "team.update",
        entity_type: Some("team"),
        entity_id: Some(id.to_string()),
        changes: Some(Value::Object(changes)),
        meta: crate::audit::RequestMeta::current(),
    };
    crate::audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_inner_spaces_collapsed() {
        let mut errors = Errors::default();
        assert_eq!(
            clean_name("  Ana   Souza ", &mut errors, "name"),
            "Ana Souza"
        );
        assert!(errors.is_empty());
        clean_name("   ", &mut errors, "name");
        assert_eq!(errors.get("name").unwrap(), "name_required");
        let mut errors = Errors::default();
        clean_name(&"a".repeat(MAX_NAME + 1), &mut errors, "name");
        assert_eq!(errors.get("name").unwrap(), "name_too_long");
    }

    #[test]
    fn the_diff_names_only_changed_fields_with_before_and_after() {
        let before = Editable {
            name: "Ana".into(),
            role: Role::User,
            team_id: Some(1),
            active: true,
            locale: "pt-BR".into(),
        };
        let after = Editable {
            role: Role::Manager,
            team_id: None,
            ..before.clone()
        };
        let names = (Some("Automóvel".to_owned()), None);
        let (fields, changes) = diff(&before, &after, names);
        assert_eq!(fields, vec!["role", "team"]);
        assert_eq!(
            changes,
            json!({
                "role": { "from": "user", "to": "manager" },
                "team": { "from": "Automóvel", "to": null },
            })
        );
    }

    #[test]
    fn a_new_password_must_meet_the_policy_and_match_its_confirmation() {
        let mut errors = Errors::default();
        check_new_password("curta", "curta", &mut errors);
        assert_eq!(errors.get("password").unwrap(), "password_too_short");
        let mut errors = Errors::default();
        check_new_password("uma senha bem longa", "outra senha longa", &mut errors);
        assert_eq!(errors.get("confirm").unwrap(), "password_mismatch");
        let mut errors = Errors::default();
        check_new_password("uma senha bem longa", "uma senha bem longa", &mut errors);
        assert!(errors.is_empty());
    }
}
