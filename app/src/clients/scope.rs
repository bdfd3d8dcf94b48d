//! Record scope: which clients a staff member may see and change. Admins: all; managers: their
//! own and those of the teams they manage; users: their own. The same condition filters lists,
//! searches, single reads, writes and exports, so a record outside the scope looks like one that
//! does not exist (404).

use crate::{db::Db, on_pool, roles::Role, users::repo::UserRow};

/// What a staff member may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    /// Clients owned by `user_id` or belonging to one of `team_ids`.
    Teams {
        user_id: i64,
        team_ids: Vec<i64>,
    },
    /// Clients owned by `user_id`.
    Own {
        user_id: i64,
    },
}

impl Scope {
    /// The scope of `user` (managers' teams are read from the database).
    pub async fn of(db: &Db, user: &UserRow) -> Result<Self, sqlx::Error> {
        Ok(match user.role() {
            Role::Admin => Self::All,
            Role::Manager => {
                const SQL: &str = "SELECT team_id FROM team_managers WHERE user_id = $1";
                let team_ids: Vec<i64> = on_pool!(db, pool => sqlx::query_scalar(SQL)
                    .bind(user.id)
                    .fetch_all(pool)
                    .await)?;
                Self::Teams {
                    user_id: user.id,
                    team_ids,
                }
            }
            Role::User => Self::Own { user_id: user.id },
        })
    }

    /// The SQL condition on clients aliased `c`, with its arguments added to `args`.
    pub fn condition(&self, args: &mut super::repo::Args) -> String {
        match self {
            Self::All => "TRUE".to_owned(),
            Self::Own { user_id } => format!("c.owner_id = {}", args.int(*user_id)),
            Self::Teams { user_id, team_ids } => {
                let owner = format!("c.owner_id = {}", args.int(*user_id));
                if team_ids.is_empty() {
                    return owner;
                }
                let teams: Vec<String> = team_ids.iter().map(|id| args.int(*id)).collect();
                format!("({owner} OR c.team_id IN ({}))", teams.join(", "))
            }
        }
    }

    /// Whether the scope may hand a client to `owner` of team `team_id` (managers only within
    /// their teams; users keep their clients).
    pub fn may_assign_to(&self, owner_id: i64, team_id: Option<i64>) -> bool {
        match self {
            Self::All => true,
            Self::Teams { user_id, team_ids } => {
                owner_id == *user_id || team_id.is_some_and(|t| team_ids.contains(&t))
            }
            Self::Own { user_id } => owner_id == *user_id,
        }
    }
}

/// The signed-in caller of a server function, their record scope and the app state (401 for a
/// visitor). Every server function that reads or writes clients' records starts here.
#[cfg(feature = "ssr")]
pub async fn caller() -> Result<(UserRow, Scope, crate::state::AppState), crate::error::AppError> {
    let user = crate::auth::server::require_user().await?.0;
    let state = leptos::prelude::expect_context::<crate::state::AppState>();
    let scope = Scope::of(&state.db, &user).await?;
    Ok((user, scope, state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::repo::Args;

    #[test]
    fn each_scope_filters_by_owner_or_team_with_bound_arguments() {
        let mut args = Args::default();
        assert_eq!(Scope::All.condition(&mut args), "TRUE");
        assert_eq!(
            Scope::Own { user_id: 7 }.condition(&mut args),
            "c.owner_id = $1"
        );
        let teams = Scope::Teams {
            user_id: 3,
            team_ids: vec![1, 2],
        };
        assert_eq!(
            teams.condition(&mut args),
            "(c.owner_id = $2 OR c.team_id IN ($3, $4))"
        );
        assert_eq!(args.len(), 4);
    }

    #[test]
    fn managers_assign_only_within_their_teams_and_users_not_at_all() {
        let manager = Scope::Teams {
            user_id: 3,
            team_ids: vec![1],
        };
        assert!(manager.may_assign_to(9, Some(1)));
        assert!(!manager.may_assign_to(9, Some(2)));
        assert!(!manager.may_assign_to(9, None));
        assert!(!Scope::Own { user_id: 7 }.may_assign_to(8, Some(1)));
        assert!(Scope::All.may_assign_to(8, None));
    }
}
