//! SQL for accounts, written once for both engines.

use sqlx::FromRow;

use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
    roles::Role,
    users::{UserListItem, UserSummary},
};

/// A user row as stored.
#[derive(Clone, Debug, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub password_hash: Option<String>,
    pub role: String,
    pub team_id: Option<i64>,
    pub active: bool,
    pub locale: String,
    pub security_stamp: String,
}

impl UserRow {
    /// The row as the browser may see it (no hash, no stamp).
    pub fn summary(&self) -> UserSummary {
        UserSummary {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role(),
            team_id: self.team_id,
            locale: self.locale.clone(),
        }
    }

    /// The role; a value the CHECK constraint allows always parses, anything else is least privilege.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::User)
    }
}

/// A user to create.
pub struct NewUser<'a> {
    pub name: &'a str,
    /// Already normalised with [`crate::users::normalize_email`].
    pub email: &'a str,
    pub password_hash: Option<&'a str>,
    pub role: Role,
    pub team_id: Option<i64>,
    pub locale: &'a str,
}

const COLUMNS: &str =
    "id, name, email, password_hash, role, team_id, active, locale, security_stamp";

fn new_stamp() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Finds a user by (normalised) e-mail.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = const_format_select("WHERE email = $1");
    on_pool!(db, pool => sqlx::query_as::<_, UserRow>(&sql).bind(email).fetch_optional(pool).await)
}

/// Finds a user by id.
pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = const_format_select("WHERE id = $1");
    on_pool!(db, pool => sqlx::query_as::<_, UserRow>(&sql).bind(id).fetch_optional(pool).await)
}

fn const_format_select(filter: &str) -> String {
    // Both parts are constants of this module; nothing from input reaches the SQL text.
    ["SELECT ", COLUMNS, " FROM users ", filter].concat()
}

/// How many accounts exist.
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await)
}

/// Inserts a user in `tx`; answers the new id.
pub async fn insert(tx: &mut Tx, user: &NewUser<'_>) -> Result<i64, sqlx::Error> {
    const SQL: &str =
        "INSERT INTO users (name, email, password_hash, role, team_id, locale, security_stamp) \
                       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let stamp = new_stamp();
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(user.name)
        .bind(user.email)
        .bind(user.password_hash)
        .bind(user.role.as_str())
        .bind(user.team_id)
        .bind(user.locale)
        .bind(&stamp)
        .fetch_one(conn)
        .await)
}

/// Replaces a stored hash with a stronger one of the same password (the security stamp stays:
/// the password did not change, so other sessions stay valid).
pub async fn upgrade_password_hash(db: &Db, id: i64, new_hash: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE users SET password_hash = $1 WHERE id = $2";
    on_pool!(db, pool => sqlx::query(SQL).bind(new_hash).bind(id).execute(pool).await.map(|r| r.rows_affected())).map(|_| ())
}

/// Records a successful login.
pub async fn touch_last_login(
    tx: &mut Tx,
    id: i64,
    at: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE users SET last_login_at = $1 WHERE id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(at).bind(id).execute(conn).await.map(|r| r.rows_affected())).map(|_| ())
}

/// The editable fields of an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editable {
    pub name: String,
    pub role: Role,
    pub team_id: Option<i64>,
    pub active: bool,
    pub locale: String,
}

impl UserRow {
    /// The fields an admin edits, as stored now.
    pub fn editable(&self) -> Editable {
        Editable {
            name: self.name.clone(),
            role: self.role(),
            team_id: self.team_id,
            active: self.active,
            locale: self.locale.clone(),
        }
    }
}

/// Reads a user for update inside `tx`.
pub async fn find_for_update(tx: &mut Tx, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = const_format_select("WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as::<_, UserRow>(&sql).bind(id).fetch_optional(conn).await)
}

/// Stores the editable fields; with `rotate_stamp` the user's sessions end.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    fields: &Editable,
    rotate_stamp: bool,
    now: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE users SET name = $1, role = $2, team_id = $3, active = $4, \
        locale = $5, security_stamp = CASE WHEN $6 THEN $7 ELSE security_stamp END, updated_at = $8 \
        WHERE id = $9";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(&fields.name)
        .bind(fields.role.as_str())
        .bind(fields.team_id)
        .bind(fields.active)
        .bind(&fields.locale)
        .bind(rotate_stamp)
        .bind(new_stamp())
        .bind(now)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))
    .map(|_| ())
}

/// Sets a new password hash and rotates the security stamp (other sessions end).
pub async fn set_password(
    tx: &mut Tx,
    id: i64,
    hash: &str,
    now: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE users SET password_hash = $1, security_stamp = $2, updated_at = $3 WHERE id = $4";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(hash)
        .bind(new_stamp())
        .bind(now)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))
    .map(|_| ())
}

/// Sets the preferred language of a user.
pub async fn set_locale(tx: &mut Tx, id: i64, locale: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE users SET locale = $1 WHERE id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(locale).bind(id).execute(conn).await.map(|r| r.rows_affected()))
        .map(|_| ())
}

/// How many active admins there are.
pub async fn count_active_admins(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = $1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(true).fetch_one(conn).await)
}

/// One team with its people.
#[derive(Clone, Debug, FromRow)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub members: i64,
}

/// Every team, by name, with its member count.
pub async fn list_teams(db: &Db) -> Result<Vec<TeamRow>, sqlx::Error> {
    const SQL: &str = "SELECT t.id, t.name, \
        (SELECT COUNT(*) FROM users u WHERE u.team_id = t.id) AS members \
        FROM teams t ORDER BY t.name";
    on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

/// Whether a team exists.
pub async fn team_exists(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM teams WHERE id = $1";
    let n: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(id).fetch_one(conn).await)?;
    Ok(n > 0)
}

/// A team's name, for update.
pub async fn team_name(tx: &mut Tx, id: i64) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT name FROM teams WHERE id = $1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(id).fetch_optional(conn).await)
}

/// Creates a team; answers its id.
pub async fn insert_team(tx: &mut Tx, name: &str) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO teams (name) VALUES ($1) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(name).fetch_one(conn).await)
}

/// Renames a team.
pub async fn rename_team(
    tx: &mut Tx,
    id: i64,
    name: &str,
    now: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE teams SET name = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(name).bind(now).bind(id).execute(conn).await.map(|r| r.rows_affected()))
        .map(|_| ())
}

/// The managers of a team (user ids).
pub async fn team_manager_ids(tx: &mut Tx, team_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    const SQL: &str = "SELECT user_id FROM team_managers WHERE team_id = $1 ORDER BY user_id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(team_id).fetch_all(conn).await)
}

/// Every (team, manager) pair, for the teams page.
pub async fn all_team_managers(db: &Db) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    const SQL: &str = "SELECT team_id, user_id FROM team_managers";
    on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

/// Makes `user_id` no longer a manager of `team_id`.
pub async fn remove_team_manager(
    tx: &mut Tx,
    team_id: i64,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM team_managers WHERE team_id = $1 AND user_id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(team_id).bind(user_id).execute(conn).await.map(|r| r.rows_affected()))
        .map(|_| ())
}

/// Finds or creates a team by name; answers its id.
pub async fn ensure_team(tx: &mut Tx, name: &str) -> Result<i64, sqlx::Error> {
    const FIND: &str = "SELECT id FROM teams WHERE name = $1";
    const INSERT: &str = "INSERT INTO teams (name) VALUES ($1) RETURNING id";
    let existing: Option<i64> =
        on_tx!(tx, conn => sqlx::query_scalar(FIND).bind(name).fetch_optional(conn).await)?;
    match existing {
        Some(id) => Ok(id),
        None => on_tx!(tx, conn => sqlx::query_scalar(INSERT).bind(name).fetch_one(conn).await),
    }
}

/// Makes `user_id` a manager of `team_id`.
pub async fn add_team_manager(tx: &mut Tx, team_id: i64, user_id: i64) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO team_managers (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    on_tx!(tx, conn => sqlx::query(SQL).bind(team_id).bind(user_id).execute(conn).await.map(|r| r.rows_affected())).map(|_| ())
}

#[derive(FromRow)]
struct ListRow {
    id: i64,
    name: String,
    email: String,
    role: String,
    team: Option<String>,
    active: bool,
    last_login_at: Option<time::OffsetDateTime>,
}

/// Accounts whose name or e-mail contains `query` (all when `None` or blank), by name; at most 500.
pub async fn list(db: &Db, query: Option<&str>) -> Result<Vec<UserListItem>, sqlx::Error> {
    const SQL: &str = "SELECT u.id, u.name, u.email, u.role, t.name AS team, u.active, u.last_login_at \
        FROM users u LEFT JOIN teams t ON t.id = u.team_id \
        WHERE CAST($1 AS TEXT) IS NULL OR LOWER(u.name) LIKE $1 ESCAPE '\\' OR u.email LIKE $1 ESCAPE '\\' \
        ORDER BY u.name LIMIT 500";
    let pattern = query
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(like_pattern);
    let rows: Vec<ListRow> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(pattern.as_deref()).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| UserListItem {
            role: Role::parse(&r.role).unwrap_or(Role::User),
            id: r.id,
            name: r.name,
            email: r.email,
            team: r.team,
            active: r.active,
            last_login_at: r.last_login_at,
        })
        .collect())
}

/// `%text%`, lower-cased, with LIKE's wildcards in the text escaped.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like_pattern("Ana_%"), "%ana\\_\\%%");
    }
}
