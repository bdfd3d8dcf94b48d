//! One-time account links: the first admin's setup link on an empty database, and the links
//! that let a person set their password (new accounts, resets an admin triggers). The token
//! (256 random bits, hex) is shown once; only its SHA-256 is stored. A link works once and
//! expires; a used or expired link answers 410.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::FromRow;
use time::Duration;

use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

/// How long a link works.
pub const VALID_FOR: Duration = Duration::hours(24);

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Create the first admin of an empty installation.
    Bootstrap,
    /// Set the password of an existing account.
    Password,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Bootstrap => "bootstrap",
            Self::Password => "password",
        }
    }

    /// The page that redeems a link of this purpose.
    pub fn page(self) -> &'static str {
        match self {
            Self::Bootstrap => "/primeiro-acesso/",
            Self::Password => "/definir-senha/",
        }
    }
}

/// A stored link.
#[derive(Clone, Debug, FromRow)]
pub struct TokenRow {
    pub token_hash: String,
    pub user_id: Option<i64>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// Why a link cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// No such link (or one of another purpose).
    Unknown,
    /// Already used, or replaced by a newer one.
    Used,
    /// Past its 24 hours.
    Expired,
}

fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Issues a link for `purpose` (about `user_id`, by `created_by`), replacing the unused links
/// of the same purpose and person. Answers the token (to be shown once).
pub async fn issue(
    tx: &mut Tx,
    purpose: Purpose,
    user_id: Option<i64>,
    created_by: Option<i64>,
    now: i64,
) -> Result<String, sqlx::Error> {
    const RETIRE: &str = "UPDATE account_tokens SET used_at = $1 \
        WHERE purpose = $2 AND used_at IS NULL \
          AND COALESCE(user_id, 0) = COALESCE(CAST($3 AS BIGINT), 0)";
    const INSERT: &str = "INSERT INTO account_tokens \
        (token_hash, purpose, user_id, created_by, created_at, expires_at) \
        VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, conn => sqlx::query(RETIRE)
        .bind(now)
        .bind(purpose.as_str())
        .bind(user_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    let token = new_token();
    on_tx!(tx, conn => sqlx::query(INSERT)
        .bind(digest(&token))
        .bind(purpose.as_str())
        .bind(user_id)
        .bind(created_by)
        .bind(now)
        .bind(now + VALID_FOR.whole_seconds())
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(token)
}

/// Looks a link up without using it (to show its page).
pub async fn check(
    db: &Db,
    purpose: Purpose,
    token: &str,
    now: i64,
) -> Result<Result<TokenRow, Unusable>, sqlx::Error> {
    const SQL: &str = "SELECT token_hash, user_id, expires_at, used_at FROM account_tokens \
        WHERE token_hash = $1 AND purpose = $2";
    let row: Option<TokenRow> = on_pool!(db, pool => sqlx::query_as(SQL)
        .bind(digest(token))
        .bind(purpose.as_str())
        .fetch_optional(pool)
        .await)?;
    Ok(judge(row, now))
}

/// Uses a link inside `tx`: only one of two concurrent uses can succeed.
pub async fn redeem(
    tx: &mut Tx,
    purpose: Purpose,
    token: &str,
    now: i64,
) -> Result<Result<TokenRow, Unusable>, sqlx::Error> {
    const SQL: &str = "UPDATE account_tokens SET used_at = $3 \
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
        RETURNING token_hash, user_id, expires_at, used_at";
    const FIND: &str = "SELECT token_hash, user_id, expires_at, used_at FROM account_tokens \
        WHERE token_hash = $1 AND purpose = $2";
    let hash = digest(token);
    let used: Option<TokenRow> = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(&hash)
        .bind(purpose.as_str())
        .bind(now)
        .fetch_optional(conn)
        .await)?;
    if let Some(row) = used {
        return Ok(Ok(row));
    }
    let row: Option<TokenRow> = on_tx!(tx, conn => sqlx::query_as(FIND)
        .bind(&hash)
        .bind(purpose.as_str())
        .fetch_optional(conn)
        .await)?;
    Ok(Err(judge(row, now).err().unwrap_or(Unusable::Used)))
}

/// Deletes links used or expired before `before` (Unix seconds); answers how many.
pub async fn purge_dead(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    const SQL: &str =
        "DELETE FROM account_tokens WHERE COALESCE(used_at, expires_at) < $1 AND expires_at < $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(before).execute(pool).await.map(|r| r.rows_affected()))
}

fn judge(row: Option<TokenRow>, now: i64) -> Result<TokenRow, Unusable> {
    match row {
        None => Err(Unusable::Unknown),
        Some(row) if row.used_at.is_some() => Err(Unusable::Used),
        Some(row) if row.expires_at <= now => Err(Unusable::Expired),
        Some(row) => Ok(row),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_random_bits_and_only_their_digest_is_stored() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), a);
    }

    #[test]
    fn a_link_is_unusable_once_used_or_expired() {
        let row = |used_at| TokenRow {
            token_hash: String::new(),
            user_id: None,
            expires_at: 100,
            used_at,
        };
        assert!(judge(Some(row(None)), 99).is_ok());
        assert_eq!(judge(Some(row(None)), 100).unwrap_err(), Unusable::Expired);
        assert_eq!(judge(Some(row(Some(50))), 60).unwrap_err(), Unusable::Used);
        assert_eq!(judge(None, 0).unwrap_err(), Unusable::Unknown);
    }
}
