//! Server functions for accounts and teams: each checks the caller, then calls one function of
//! [`super::service`]. What crosses the wire is defined here too.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{error::AppError, roles::Role};

#[cfg(feature = "ssr")]
use crate::{
    auth::{
        permissions::Action,
        server::{self as auth, require, require_recent_password, require_user},
    },
    error::respond,
    state::AppState,
};

/// One signed-in session, as its owner or an admin sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub key: String,
    pub started_at: time::OffsetDateTime,
    pub last_seen_at: time::OffsetDateTime,
    pub remember: bool,
    pub client_ip: Option<String>,
    /// A short description of the browser ("Chrome · Windows").
    pub device: String,
    /// The session this page is being viewed from.
    pub current: bool,
}

/// A team to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamOption {
    pub id: i64,
    pub name: String,
}

/// An account as the admin's edit page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetail {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub team_id: Option<i64>,
    pub active: bool,
    pub locale: String,
    pub has_password: bool,
    pub sessions: Vec<SessionInfo>,
    pub teams: Vec<TeamOption>,
    /// A one-time password link issued just now, shown once.
    pub new_link: Option<String>,
    /// Whether the admin typed their password in the last 5 minutes (else sensitive changes
    /// ask for it).
    pub recently_authenticated: bool,
}

/// The signed-in person's own account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnAccount {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub sessions: Vec<SessionInfo>,
}

/// The teams, for forms.
#[server(prefix = "/api", endpoint = "list_teams")]
pub async fn list_teams() -> Result<Vec<TeamOption>, AppError> {
    respond(
        async {
            require(Action::ManageUsers).await?;
            server::team_options().await
        }
        .await,
    )
}

/// One account with its sessions, for the admin's edit page.
#[server(prefix = "/api", endpoint = "user_detail")]
pub async fn user_detail(id: i64) -> Result<AccountDetail, AppError> {
    respond(
        async {
            require(Action::ManageUsers).await?;
            server::user_detail(id).await
        }
        .await,
    )
}

/// Creates an account; its owner sets a password through the one-time link shown next.
#[server(prefix = "/api", endpoint = "create_user")]
pub async fn create_user(
    name: String,
    email: String,
    role: String,
    team_id: Option<String>,
    locale: String,
    confirm_password: Option<String>,
) -> Result<(), AppError> {
    let input = super::service::NewAccount {
        name,
        email,
        role,
        team_id,
        locale,
    };
    let id = respond(server::create_user(input, confirm_password).await)?;
    leptos_axum::redirect(&format!("/admin/usuarios/{id}"));
    Ok(())
}

/// Saves an admin's changes to an account. Changing the role or the active flag needs the
/// admin's password typed in the last 5 minutes, and ends the person's sessions.
#[server(prefix = "/api", endpoint = "update_user")]
pub async fn update_user(
    id: i64,
    name: String,
    role: String,
    team_id: Option<String>,
    active: Option<String>,
    locale: String,
    confirm_password: Option<String>,
) -> Result<bool, AppError> {
    let edit = super::service::AccountEdit {
        name,
        role,
        team_id,
        active: active.is_some(),
        locale,
    };
    let ended = respond(server::update_user(id, edit, confirm_password).await)?;
    crate::forms::return_to_referer();
    Ok(ended)
}

/// Issues a new one-time password link for an account (needs a recent password).
#[server(prefix = "/api", endpoint = "reset_password_link")]
pub async fn reset_password_link(
    id: i64,
    confirm_password: Option<String>,
) -> Result<(), AppError> {
    respond(server::reset_password_link(id, confirm_password).await)?;
    leptos_axum::redirect(&format!("/admin/usuarios/{id}"));
    Ok(())
}

/// Ends one session of an account (admin).
#[server(prefix = "/api", endpoint = "end_user_session")]
pub async fn end_user_session(user_id: i64, key: String) -> Result<(), AppError> {
    respond(
        async {
            let admin = require(Action::ManageUsers).await?;
            let db = expect_context::<AppState>().db;
            super::service::end_session(&db, admin.0.id, user_id, &key).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// The signed-in person's account and sessions.
#[server(prefix = "/api", endpoint = "my_account")]
pub async fn my_account() -> Result<OwnAccount, AppError> {
    respond(server::my_account().await)
}

/// Changes one's own password (the current one is required); other sessions end.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    respond(server::change_password(current, password, confirm).await)?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Ends one of one's own sessions (another device).
#[server(prefix = "/api", endpoint = "end_my_session")]
pub async fn end_my_session(key: String) -> Result<(), AppError> {
    respond(
        async {
            let me = require_user().await?;
            let db = expect_context::<AppState>().db;
            super::service::end_session(&db, me.0.id, me.0.id, &key).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::{
        auth::{registry, tokens::Purpose},
        users::{repo, service},
    };

    /// Where a freshly issued link waits (in the admin's session) until its page shows it once.
    const FLASH_KEY: &str = "crm.new_link";

    #[derive(Serialize, Deserialize)]
    struct Flash {
        user_id: i64,
        url: String,
    }

    async fn flash_link(user_id: i64, token: &str) -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        let url = format!("{}{}{token}", state.app_origin, Purpose::Password.page());
        let session = auth::session().await?;
        session
            .session
            .insert(FLASH_KEY, Flash { user_id, url })
            .await
            .map_err(|e| AppError::Internal {
                id: crate::error::report(&e),
            })
    }

    async fn take_flash(user_id: i64) -> Result<Option<String>, AppError> {
        let session = auth::session().await?;
        let flash: Option<Flash> = session.session.get(FLASH_KEY).await.ok().flatten();
        match flash {
            Some(flash) if flash.user_id == user_id => {
                let _ = session.session.remove::<Flash>(FLASH_KEY).await;
                Ok(Some(flash.url))
            }
            _ => Ok(None),
        }
    }

    pub async fn team_options() -> Result<Vec<TeamOption>, AppError> {
        let db = expect_context::<AppState>().db;
        Ok(repo::list_teams(&db)
            .await?
            .into_iter()
            .map(|t| TeamOption {
                id: t.id,
                name: t.name,
            })
            .collect())
    }

    fn describe(user_agent: Option<&str>) -> String {
        super::super::device::describe(user_agent.unwrap_or_default())
    }

    async fn sessions_of(user_id: i64) -> Result<Vec<SessionInfo>, AppError> {
        let db = expect_context::<AppState>().db;
        let current = auth::current_session_key().await?;
        let at = |secs: i64| {
            time::OffsetDateTime::from_unix_timestamp(secs)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        };
        Ok(registry::list_for_user(&db, user_id)
            .await?
            .into_iter()
            .map(|row| SessionInfo {
                current: current.as_deref() == Some(row.key.as_str()),
                device: describe(row.user_agent.as_deref()),
                started_at: at(row.started_at),
                last_seen_at: at(row.last_seen_at),
                remember: row.remember,
                client_ip: row.client_ip,
                key: row.key,
            })
            .collect())
    }

    pub async fn user_detail(id: i64) -> Result<AccountDetail, AppError> {
        let db = expect_context::<AppState>().db;
        let row = repo::find_by_id(&db, id).await?.ok_or(AppError::NotFound)?;
        Ok(AccountDetail {
            role: row.role(),
            id: row.id,
            name: row.name,
            email: row.email,
            team_id: row.team_id,
            active: row.active,
            locale: row.locale,
            has_password: row.password_hash.is_some(),
            sessions: sessions_of(id).await?,
            teams: team_options().await?,
            new_link: take_flash(id).await?,
            recently_authenticated: auth::recently_authenticated().await?,
        })
    }

    pub async fn create_user(
        input: service::NewAccount,
        confirm_password: Option<String>,
    ) -> Result<i64, AppError> {
        let admin = require(Action::ManageUsers).await?;
        if input.role == Role::Admin.as_str() {
            require_recent_password(&admin, confirm_password).await?;
        }
        let state = expect_context::<AppState>();
        let created =
            service::create_account(&state.db, admin.0.id, input, state.clock.now()).await?;
        flash_link(created.id, &created.token).await?;
        Ok(created.id)
    }

    pub async fn update_user(
        id: i64,
        edit: service::AccountEdit,
        confirm_password: Option<String>,
    ) -> Result<bool, AppError> {
        let admin = require(Action::ManageUsers).await?;
        let state = expect_context::<AppState>();
        if service::edit_is_sensitive(&state.db, id, &edit).await? {
            require_recent_password(&admin, confirm_password).await?;
        }
        let edited =
            service::edit_account(&state.db, admin.0.id, id, edit, state.clock.now()).await?;
        Ok(edited.sessions_ended)
    }

    pub async fn reset_password_link(
        id: i64,
        confirm_password: Option<String>,
    ) -> Result<(), AppError> {
        let admin = require(Action::ManageUsers).await?;
        require_recent_password(&admin, confirm_password).await?;
        let state = expect_context::<AppState>();
        let token =
            service::issue_password_link(&state.db, admin.0.id, id, state.clock.now()).await?;
        flash_link(id, &token).await
    }

    pub async fn my_account() -> Result<OwnAccount, AppError> {
        let me = require_user().await?;
        Ok(OwnAccount {
            role: me.0.role(),
            sessions: sessions_of(me.0.id).await?,
            name: me.0.name,
            email: me.0.email,
        })
    }

    pub async fn change_password(
        current: String,
        password: String,
        confirm: String,
    ) -> Result<(), AppError> {
        let me = require_user().await?;
        let state = expect_context::<AppState>();
        let keep = auth::current_session_key().await?;
        service::change_own_password(
            &state.db,
            me.0.id,
            current,
            password,
            &confirm,
            keep.as_deref(),
            state.clock.now(),
        )
        .await?;
        auth::renew_after_password_change(me.0.id).await
    }
}
