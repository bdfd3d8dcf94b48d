//! Connecting, checking and disconnecting the brokerage's Facebook Page and Instagram account.
//! No OAuth redirect can run offline, so admins paste the ids and the token (the Page token of
//! "Instagram API with Facebook Login"); the token is checked with Meta before it is kept, then
//! sealed ([`super::vault`]) and never shown again. A daily check ([`HEALTH_JOB`]) marks an
//! account `needs_reconnect` when Meta refuses its token (error 190) and `expiring` a week
//! before the expiry date admins entered.

use serde_json::json;

use super::{
    graph::{token_refused, GraphError},
    repo,
    vault::{Token, Undecryptable},
    Account, Social, NETWORKS, WARN_DAYS_BEFORE_EXPIRY,
};
use crate::{
    audit::{self, AuditEntry, RequestMeta},
    db::Db,
    error::AppError,
};

/// The job kind of the daily token check.
pub const HEALTH_JOB: &str = "social.health";

/// An account as an admin enters it.
#[derive(Clone, Debug, Default)]
pub struct Connect {
    pub network: String,
    pub external_id: String,
    pub page_id: String,
    pub token: String,
    /// `YYYY-MM-DD` (blank: the token does not expire).
    pub expires_on: String,
}

/// What a token is bound to when sealed.
pub fn bound_to(network: &str, external_id: &str) -> String {
    format!("{network}:{external_id}")
}

fn meta_id(raw: &str) -> Option<String> {
    let raw = raw.trim();
    (!raw.is_empty() && raw.len() <= 30 && raw.bytes().all(|b| b.is_ascii_digit()))
        .then(|| raw.to_owned())
}

/// A form that passed its checks: (network, id, page id, token, expiry as Unix seconds).
type Valid = (&'static str, String, Option<String>, Token, Option<i64>);

/// Checks the form.
fn validate(form: &Connect) -> Result<Valid, AppError> {
    let mut fields = std::collections::BTreeMap::new();
    let network = NETWORKS.into_iter().find(|n| *n == form.network.trim());
    if network.is_none() {
        fields.insert("network".to_owned(), "social_network_invalid".to_owned());
    }
    let external_id = meta_id(&form.external_id);
    if external_id.is_none() {
        fields.insert("external_id".to_owned(), "social_id_invalid".to_owned());
    }
    let page_id = match (network, form.page_id.trim()) {
        (Some("instagram"), raw) => {
            let page = meta_id(raw);
            if page.is_none() {
                fields.insert("page_id".to_owned(), "social_page_required".to_owned());
            }
            page
        }
        _ => None,
    };
    let token = form.token.trim();
    if token.len() < 20 || token.len() > 1000 || token.chars().any(char::is_whitespace) {
        fields.insert("token".to_owned(), "social_token_invalid".to_owned());
    }
    let expires_at = match form.expires_on.trim() {
        "" => None,
        raw => match crate::audit::parse_date(raw) {
            // The last second of that day in São Paulo (UTC−3).
            Some(day) => Some(
                day.next_day()
                    .unwrap_or(day)
                    .midnight()
                    .assume_offset(crate::format::SAO_PAULO)
                    .unix_timestamp()
                    - 1,
            ),
            None => {
                fields.insert("expires_on".to_owned(), "date_invalid".to_owned());
                None
            }
        },
    };
    match (network, external_id, fields.is_empty()) {
        (Some(network), Some(id), true) => {
            Ok((network, id, page_id, Token::new(token), expires_at))
        }
        _ => Err(AppError::Invalid { fields }),
    }
}

/// Connects (or reconnects) an account: the token is checked with Meta — which also gives the
/// account's name — sealed and kept; audited without the token. Answers the account's id.
pub async fn connect(
    db: &Db,
    social: &Social,
    by: i64,
    form: &Connect,
    now: i64,
) -> Result<i64, AppError> {
    let (network, external_id, page_id, token, expires_at) = validate(form)?;
    let Some(key) = &social.key else {
        return Err(AppError::invalid("token", "social_key_missing"));
    };
    let name = match social
        .graph
        .account_name(&token, network, &external_id)
        .await
    {
        Ok(name) => name,
        Err(err) if token_refused(&err) => {
            return Err(AppError::invalid("token", "social_token_refused"))
        }
        Err(GraphError::Meta { .. }) => {
            return Err(AppError::invalid("external_id", "social_id_refused"))
        }
        Err(err) => {
            tracing::warn!(error = %err, "could not check a social token with Meta");
            return Err(AppError::invalid("token", "social_meta_unreachable"));
        }
    };
    let hint = token.hint();
    let mut tx = db.begin().await?;
    let account = Keep {
        network,
        external_id: &external_id,
        name: &name,
        page_id: page_id.as_deref(),
        token: &token,
        expires_at,
        by: Some(by),
    };
    let id = keep(&mut tx, key, &account, now).await?;
    let changes = json!({"network": network, "external_id": external_id, "name": name,
        "page_id": page_id, "token": hint});
    audit::record(
        &mut tx,
        &AuditEntry {
            actor_id: Some(by),
            action: "social.account_connected",
            entity_type: Some("social_account"),
            entity_id: Some(id.to_string()),
            changes: Some(changes),
            meta: RequestMeta::current(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An account to keep, its token still open.
pub struct Keep<'a> {
    pub network: &'a str,
    pub external_id: &'a str,
    pub name: &'a str,
    pub page_id: Option<&'a str>,
    pub token: &'a Token,
    pub expires_at: Option<i64>,
    pub by: Option<i64>,
}

/// Seals `a`'s token with `key` and keeps the account (replacing the one on the same network
/// and id); answers its id.
pub async fn keep(
    tx: &mut crate::db::Tx,
    key: &super::vault::TokenKey,
    a: &Keep<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let sealed = key.seal(a.token, &bound_to(a.network, a.external_id));
    let hint = a.token.hint();
    let row = repo::NewAccount {
        network: a.network,
        external_id: a.external_id,
        name: a.name,
        page_id: a.page_id,
        sealed,
        hint: &hint,
        expires_at: a.expires_at,
        by: a.by,
    };
    repo::upsert(tx, &row, now).await
}

/// Disconnects account `id` (its token is deleted); audited.
pub async fn disconnect(db: &Db, by: i64, id: i64) -> Result<(), AppError> {
    let account = repo::account_by_id(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    repo::delete(&mut tx, id).await?;
    let changes = json!({"network": account.network, "external_id": account.external_id,
        "name": account.name});
    audit::record(
        &mut tx,
        &AuditEntry {
            actor_id: Some(by),
            action: "social.account_removed",
            entity_type: Some("social_account"),
            entity_id: Some(id.to_string()),
            changes: Some(changes),
            meta: RequestMeta::current(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Account `account`'s token, opened.
pub async fn token(db: &Db, social: &Social, account: &Account) -> Result<Token, TokenError> {
    let key = social.key.as_ref().ok_or(TokenError::NoKey)?;
    let (sealed, nonce) = repo::sealed_token(db, account.id)
        .await?
        .ok_or(TokenError::Gone)?;
    Ok(key.open(
        &sealed,
        &nonce,
        &bound_to(&account.network, &account.external_id),
    )?)
}

/// Why an account's token could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("SOCIAL_TOKEN_KEY is not configured")]
    NoKey,
    #[error("the account was disconnected")]
    Gone,
    #[error(transparent)]
    Undecryptable(#[from] Undecryptable),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Marks account `id` as needing a reconnection, with Meta's reason (a send or a check was
/// refused with error 190).
pub async fn refused(db: &Db, id: i64, why: &str, now: i64) -> Result<(), sqlx::Error> {
    repo::checked(db, id, "needs_reconnect", Some(why), now).await
}

/// The status an account whose token Meta accepted has at `now`.
pub fn status_at(expires_at: Option<i64>, now: i64) -> &'static str {
    match expires_at {
        Some(at) if at <= now => "needs_reconnect",
        Some(at) if at - now <= WARN_DAYS_BEFORE_EXPIRY * 86_400 => "expiring",
        _ => "ok",
    }
}

/// How one account's check ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub id: i64,
    pub status: String,
}

/// Checks every account's token with Meta; answers each account's status afterwards. A token
/// Meta refuses (190) or that no longer opens marks its account `needs_reconnect`; Meta being
/// unreachable changes nothing but the last error (the job runs again tomorrow).
pub async fn check_all(db: &Db, social: &Social, now: i64) -> Result<Vec<Checked>, sqlx::Error> {
    let mut out = Vec::new();
    for account in repo::accounts(db).await? {
        let (status, error) = match token(db, social, &account).await {
            Err(TokenError::Database(err)) => return Err(err),
            Err(TokenError::Gone) => continue,
            Err(err) => ("needs_reconnect", Some(err.to_string())),
            Ok(token) => {
                match social
                    .graph
                    .account_name(&token, &account.network, &account.external_id)
                    .await
                {
                    Ok(_) => (status_at(account.expires_at, now), None),
                    Err(err) if token_refused(&err) => (
                        "needs_reconnect",
                        Some(err.explanation().unwrap_or_else(|| err.to_string())),
                    ),
                    Err(err) => {
                        tracing::warn!(account = account.id, error = %err, "a token check failed");
                        (account.status.as_str(), Some(err.to_string()))
                    }
                }
            }
        };
        let status = status.to_owned();
        repo::checked(db, account.id, &status, error.as_deref(), now).await?;
        if status != "ok" {
            tracing::warn!(account = account.id, %status, "a social account needs attention");
        }
        out.push(Checked {
            id: account.id,
            status,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Connect {
        Connect {
            network: "instagram".into(),
            external_id: " 17841400000000001 ".into(),
            page_id: "100000000000010".into(),
            token: "EAAGfaketokenfaketoken1234".into(),
            expires_on: "2027-01-31".into(),
        }
    }

    #[test]
    fn a_complete_form_is_read_with_the_expiry_at_the_end_of_that_day_in_sao_paulo() {
        let (network, id, page, token, expires) = validate(&form()).unwrap();
        assert_eq!((network, id.as_str()), ("instagram", "17841400000000001"));
        assert_eq!(page.as_deref(), Some("100000000000010"));
        assert_eq!(token.hint(), "…1234");
        // 2027-01-31 23:59:59 São Paulo = 2027-02-01 02:59:59 UTC.
        assert_eq!(expires, Some(1_801_450_799));
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = Connect {
            network: "tiktok".into(),
            external_id: "abc".into(),
            page_id: String::new(),
            token: "short".into(),
            expires_on: "31/31/2027".into(),
        };
        let Err(AppError::Invalid { fields }) = validate(&bad) else {
            panic!()
        };
        let names: Vec<_> = fields.keys().map(String::as_str).collect();
        assert_eq!(names, ["expires_on", "external_id", "network", "token"]);
        let no_page = Connect {
            page_id: " ".into(),
            ..form()
        };
        let Err(AppError::Invalid { fields }) = validate(&no_page) else {
            panic!()
        };
        assert_eq!(fields["page_id"], "social_page_required");
        let spaced = Connect {
            token: "EAAG fake token with spaces inside".into(),
            ..form()
        };
        assert!(validate(&spaced).is_err());
    }

    #[test]
    fn an_account_is_expiring_in_its_last_week_and_needs_reconnect_once_expired() {
        let day = 86_400;
        assert_eq!(status_at(None, 0), "ok");
        assert_eq!(status_at(Some(8 * day), 0), "ok");
        assert_eq!(status_at(Some(7 * day), 0), "expiring");
        assert_eq!(status_at(Some(1), 1), "needs_reconnect");
    }
}
