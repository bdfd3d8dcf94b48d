//! The sections of the app, where they live and who may see them in the side navigation.

use crate::{
    auth::permissions::{allowed, Action},
    roles::Role,
};

/// A top-level section of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Dashboard,
    Clients,
    Policies,
    Commissions,
    Kanban,
    WhatsApp,
    Social,
    Admin,
}

impl Section {
    /// Every section, in navigation order.
    pub const ALL: [Section; 8] = [
        Self::Dashboard,
        Self::Clients,
        Self::Policies,
        Self::Commissions,
        Self::Kanban,
        Self::WhatsApp,
        Self::Social,
        Self::Admin,
    ];

    /// The path the section lives at (pt-BR, as staff type and share them).
    pub fn path(self) -> &'static str {
        match self {
            Self::Dashboard => "/",
            Self::Clients => "/clientes",
            Self::Policies => "/apolices",
            Self::Commissions => "/comissoes",
            Self::Kanban => "/kanban",
            Self::WhatsApp => "/whatsapp",
            Self::Social => "/redes-sociais",
            Self::Admin => "/admin",
        }
    }

    /// The Bootstrap Icons name shown beside the label.
    pub fn icon(self) -> &'static str {
        match self {
            Self::Dashboard => "bi-speedometer2",
            Self::Clients => "bi-people",
            Self::Policies => "bi-file-earmark-text",
            Self::Commissions => "bi-cash-coin",
            Self::Kanban => "bi-kanban",
            Self::WhatsApp => "bi-chat-dots",
            Self::Social => "bi-instagram",
            Self::Admin => "bi-shield-lock",
        }
    }

    /// Whether a staff member with `role` sees this section (`None`: not signed in).
    /// Administration follows the permission matrix; managers' team views are not built yet, so
    /// for now it is offered to those who may manage accounts.
    pub fn visible_to(self, role: Option<Role>) -> bool {
        match self {
            Self::Admin => role.is_some_and(|r| allowed(r, Action::ManageUsers)),
            _ => true,
        }
    }

    /// Whether `current_path` is inside this section.
    pub fn contains(self, current_path: &str) -> bool {
        match self {
            Self::Dashboard => current_path == "/",
            _ => {
                let base = self.path();
                current_path == base
                    || current_path
                        .strip_prefix(base)
                        .is_some_and(|rest| rest.starts_with('/'))
            }
        }
    }
}

/// The sections shown in the side navigation for `role`, in order.
pub fn nav_sections(role: Option<Role>) -> Vec<Section> {
    Section::ALL
        .into_iter()
        .filter(|s| s.visible_to(role))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administration_is_shown_only_to_those_who_manage_accounts() {
        assert!(nav_sections(Some(Role::Admin)).contains(&Section::Admin));
        assert!(!nav_sections(Some(Role::Manager)).contains(&Section::Admin));
        assert!(!nav_sections(Some(Role::User)).contains(&Section::Admin));
        assert!(!nav_sections(None).contains(&Section::Admin));
    }

    #[test]
    fn staff_sections_are_shown_to_every_role_in_order() {
        let expected = &Section::ALL[..Section::ALL.len() - 1];
        assert_eq!(&nav_sections(Some(Role::User))[..], expected);
    }

    #[test]
    fn a_section_contains_its_subpages_but_not_lookalike_paths() {
        assert!(Section::Clients.contains("/clientes"));
        assert!(Section::Clients.contains("/clientes/42"));
        assert!(!Section::Clients.contains("/clientes-antigos"));
        assert!(Section::Dashboard.contains("/"));
        assert!(!Section::Dashboard.contains("/clientes"));
    }

    #[test]
    fn section_paths_are_unique() {
        let mut paths: Vec<_> = Section::ALL.iter().map(|s| s.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), Section::ALL.len());
    }
}
