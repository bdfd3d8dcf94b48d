//! Staff accounts: who they are, their role and team. Passwords and storage are server-only.

use serde::{Deserialize, Serialize};

use crate::roles::Role;

mod account_page;
mod admin_page;
pub mod api;
#[cfg(feature = "ssr")]
mod device;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod teams_page;
mod user_page;

/// What the browser may know about a signed-in staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub team_id: Option<i64>,
    pub locale: String,
}

pub use account_page::AccountPage;
pub use admin_page::{AdminPage, AdminTabs, Forbidden};
pub use teams_page::TeamsPage;
pub use user_page::{NewUserPage, UserPage};

/// One line of the administration's user list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListItem {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub team: Option<String>,
    pub active: bool,
    pub last_login_at: Option<time::OffsetDateTime>,
}

/// Staff accounts matching `query` (name or e-mail, case-insensitive), for admins.
#[leptos::server(prefix = "/api", endpoint = "list_users")]
pub async fn list_users(
    query: Option<String>,
) -> Result<Vec<UserListItem>, crate::error::AppError> {
    crate::error::respond(
        async {
            crate::auth::server::require(crate::auth::permissions::Action::ManageUsers).await?;
            let db = leptos::prelude::expect_context::<crate::state::AppState>().db;
            Ok(repo::list(&db, query.as_deref()).await?)
        }
        .await,
    )
}

/// Normalises a login e-mail: trimmed and lower-cased (logins are case-insensitive).
pub fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// Checks the shape of an e-mail address; answers the catalogue key of the problem.
pub fn validate_email(email: &str) -> Result<(), &'static str> {
    let Some((local, domain)) = email.split_once('@') else {
        return Err("email_invalid");
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok || email.len() > 254 || email.chars().any(char::is_whitespace)
    {
        return Err("email_invalid");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_compared_case_insensitively() {
        assert_eq!(
            normalize_email("  Ana.Souza@Monteiro.COM.br "),
            "ana.souza@monteiro.com.br"
        );
    }

    #[test]
    fn malformed_emails_are_rejected() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.com",
            "ana@x",
            "ana@.com",
            "ana@x..com",
            "a na@x.com",
        ] {
            assert_eq!(validate_email(bad), Err("email_invalid"), "{bad}");
        }
        assert_eq!(validate_email("ana@monteiro.com.br"), Ok(()));
    }
}
