//! Sessions stored in the database (the same engine as the rest), behind axum-login. The cookie
//! is `__Host-crm_sid` on https (Secure, HttpOnly, SameSite=Lax, Path=/, no Domain) and plain
//! `crm_sid` on http://localhost development.

use app::{auth::backend::AuthBackend, db::Db};
use async_trait::async_trait;
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use tower_sessions::{
    cookie::SameSite,
    session::{Id, Record},
    session_store, Expiry, SessionManagerLayer, SessionStore,
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session store on whichever backend the app uses.
#[derive(Clone, Debug)]
pub enum DbSessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// A store on `db`, its table created if missing.
    pub async fn new(db: &Db) -> Result<Self, sqlx::Error> {
        Ok(match db {
            Db::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone());
                store.migrate().await?;
                Self::Sqlite(store)
            }
            Db::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                Self::Postgres(store)
            }
        })
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.create(record).await,
            Self::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.save(record).await,
            Self::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite(store) => store.load(id).await,
            Self::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.delete(id).await,
            Self::Postgres(store) => store.delete(id).await,
        }
    }
}

impl DbSessionStore {
    /// Deletes the stored sessions whose cookie expiry has passed.
    pub async fn delete_expired(&self) -> session_store::Result<()> {
        use tower_sessions::session_store::ExpiredDeletion;
        match self {
            Self::Sqlite(store) => store.delete_expired().await,
            Self::Postgres(store) => store.delete_expired().await,
        }
    }
}

/// The session cookie's name for this origin.
pub fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-crm_sid"
    } else {
        "crm_sid"
    }
}

/// The layer that loads the session and the signed-in user.
pub type AuthLayer = AuthManagerLayer<AuthBackend, DbSessionStore>;

/// The layer that loads the session and the signed-in user on every request it wraps.
pub async fn auth_layer(db: &Db, https: bool) -> Result<(AuthLayer, DbSessionStore), sqlx::Error> {
    let store = DbSessionStore::new(db).await?;
    let sessions = SessionManagerLayer::new(store.clone())
        .with_name(cookie_name(https))
        .with_secure(https)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnSessionEnd);
    let layer = AuthManagerLayerBuilder::new(AuthBackend { db: db.clone() }, sessions).build();
    Ok((layer, store))
}
