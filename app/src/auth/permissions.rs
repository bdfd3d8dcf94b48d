//! Who may do what: the one role → action matrix, and what each server function requires.
//! Every server function is listed in [`SERVER_FN_ACCESS`]; a test walks the registry and fails
//! for any function missing here, then checks each one for every role.

use crate::roles::Role;

/// Something a role may or may not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See and manage staff accounts, teams and settings.
    ManageUsers,
    /// Read the audit trail.
    ViewAudit,
    /// See the administration area (team views for managers, everything for admins).
    OpenAdministration,
}

/// The matrix: admins everything; managers their team views; users neither.
pub fn allowed(role: Role, action: Action) -> bool {
    match action {
        Action::ManageUsers | Action::ViewAudit => role == Role::Admin,
        Action::OpenAdministration => matches!(role, Role::Admin | Role::Manager),
    }
}

/// What calling a server function requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (login, language, who am I).
    Public,
    /// Any signed-in staff member.
    SignedIn,
    /// A signed-in staff member whose role may do this.
    Role(Action),
}

/// Every server function and what it requires. Keep in step with the `#[server]` functions.
pub const SERVER_FN_ACCESS: &[(&str, Access)] = &[
    ("/api/current_user", Access::Public),
    ("/api/list_users", Access::Role(Action::ManageUsers)),
    ("/api/login", Access::Public),
    ("/api/logout", Access::Public),
    ("/api/set_locale", Access::Public),
];

/// What `path` requires, if it is listed.
pub fn access_of(path: &str) -> Option<Access> {
    SERVER_FN_ACCESS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, access)| *access)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_may_do_everything() {
        for action in [
            Action::ManageUsers,
            Action::ViewAudit,
            Action::OpenAdministration,
        ] {
            assert!(allowed(Role::Admin, action), "{action:?}");
        }
    }

    #[test]
    fn managers_open_administration_but_do_not_manage_accounts() {
        assert!(allowed(Role::Manager, Action::OpenAdministration));
        assert!(!allowed(Role::Manager, Action::ManageUsers));
        assert!(!allowed(Role::Manager, Action::ViewAudit));
    }

    #[test]
    fn users_have_no_administrative_action() {
        for action in [
            Action::ManageUsers,
            Action::ViewAudit,
            Action::OpenAdministration,
        ] {
            assert!(!allowed(Role::User, action), "{action:?}");
        }
    }

    #[test]
    fn each_server_function_is_listed_once() {
        let mut paths: Vec<_> = SERVER_FN_ACCESS.iter().map(|(p, _)| *p).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), SERVER_FN_ACCESS.len());
    }
}
