//! axum-login's view of our accounts: credentials are checked against the argon2id hash (with a
//! dummy check for unknown e-mails, so timing tells nothing), and a session stays valid only
//! while the account is active and its security stamp unchanged.

use axum_login::{AuthUser, AuthnBackend, UserId};

use crate::{
    db::Db,
    users::{
        normalize_email,
        password::{self, Verified},
        repo::{self, UserRow},
    },
};

/// The signed-in user as the session knows it.
#[derive(Clone, Debug)]
pub struct SessionUser(pub UserRow);

impl AuthUser for SessionUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.0.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.0.security_stamp.as_bytes()
    }
}

/// What the login form sends.
#[derive(Clone)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// Looks accounts up in the database.
#[derive(Clone, Debug)]
pub struct AuthBackend {
    pub db: Db,
}

/// The session extractor of this app.
pub type AuthSession = axum_login::AuthSession<AuthBackend>;

impl AuthnBackend for AuthBackend {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = sqlx::Error;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, sqlx::Error> {
        let email = normalize_email(&creds.email);
        let row = repo::find_by_email(&self.db, &email).await?;
        let Some((row, stored)) =
            row.and_then(|r| r.password_hash.clone().filter(|_| r.active).map(|h| (r, h)))
        else {
            password::verify_dummy(creds.password).await;
            return Ok(None);
        };
        match password::verify(stored, creds.password.clone()).await {
            Verified::No => Ok(None),
            Verified::Yes => Ok(Some(SessionUser(row))),
            Verified::YesRehash => {
                let stronger = password::hash(creds.password).await;
                repo::upgrade_password_hash(&self.db, row.id, &stronger).await?;
                Ok(Some(SessionUser(row)))
            }
        }
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<SessionUser>, sqlx::Error> {
        Ok(repo::find_by_id(&self.db, *id)
            .await?
            .filter(|row| row.active)
            .map(SessionUser))
    }
}
