//! The social accounts' SQL (one place). Times are Unix seconds.

use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

const COLUMNS: &str = "id, network, external_id, name, page_id, token_hint, expires_at, status, \
    last_error, checked_at";

type Row = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<i64>,
    String,
    Option<String>,
    Option<i64>,
);

fn account(r: Row) -> super::Account {
    super::Account {
        id: r.0,
        network: r.1,
        external_id: r.2,
        name: r.3,
        page_id: r.4,
        token_hint: r.5,
        expires_at: r.6,
        status: r.7,
        last_error: r.8,
        checked_at: r.9,
    }
}

/// Every connected account, Facebook first.
pub async fn accounts(db: &Db) -> Result<Vec<super::Account>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM social_accounts ORDER BY network, name, id");
    let rows: Vec<Row> = on_pool!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(account).collect())
}

/// Account `id`.
pub async fn account_by_id(db: &Db, id: i64) -> Result<Option<super::Account>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM social_accounts WHERE id = $1");
    let row: Option<Row> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(account))
}

/// The account on `network` with Meta id `external_id`.
pub async fn account_by_external(
    db: &Db,
    network: &str,
    external_id: &str,
) -> Result<Option<super::Account>, sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM social_accounts WHERE network = $1 AND external_id = $2");
    let row: Option<Row> = on_pool!(db, pool => sqlx::query_as(&sql).bind(network)
        .bind(external_id).fetch_optional(pool).await)?;
    Ok(row.map(account))
}

/// Account `id`'s sealed token: (ciphertext, nonce).
pub async fn sealed_token(db: &Db, id: i64) -> Result<Option<(Vec<u8>, Vec<u8>)>, sqlx::Error> {
    const SQL: &str = "SELECT token_ciphertext, token_nonce FROM social_accounts WHERE id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// An account as admins enter it, with its sealed token.
pub struct NewAccount<'a> {
    pub network: &'a str,
    pub external_id: &'a str,
    pub name: &'a str,
    pub page_id: Option<&'a str>,
    pub sealed: (Vec<u8>, Vec<u8>),
    pub hint: &'a str,
    pub expires_at: Option<i64>,
    pub by: Option<i64>,
}

/// Connects an account, or replaces the token (and name) of the one on the same network and
/// id (reconnecting it); answers its id.
pub async fn upsert(tx: &mut Tx, a: &NewAccount<'_>, now: i64) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO social_accounts (network, external_id, name, page_id, \
        token_ciphertext, token_nonce, token_hint, expires_at, status, created_by, created_at, \
        updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ok', $9, $10, $10) \
        ON CONFLICT (network, external_id) DO UPDATE SET name = excluded.name, \
        page_id = excluded.page_id, token_ciphertext = excluded.token_ciphertext, \
        token_nonce = excluded.token_nonce, token_hint = excluded.token_hint, \
        expires_at = excluded.expires_at, status = 'ok', last_error = NULL, checked_at = NULL, \
        updated_at = excluded.updated_at RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(a.network).bind(a.external_id).bind(a.name)
        .bind(a.page_id).bind(&a.sealed.0).bind(&a.sealed.1).bind(a.hint).bind(a.expires_at)
        .bind(a.by).bind(now).fetch_one(conn).await)
}

/// Disconnects account `id` (its token is deleted with it); answers whether it existed.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "DELETE FROM social_accounts WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).execute(conn).await.map(|r| r.rows_affected()))
        .map(|n| n > 0)
}

/// Records a token check: the status it leads to and Meta's reason when it failed.
pub async fn checked(
    db: &Db,
    id: i64,
    status: &str,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_accounts SET status = $2, last_error = $3, checked_at = $4, \
        updated_at = $4 WHERE id = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(status).bind(error).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))
    .map(drop)
}
