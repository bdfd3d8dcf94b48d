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
    /// Change installation settings (session limits, …).
    ManageSettings,
    /// Answer LGPD requests about a client: export, anonymise or delete their personal data.
    HandlePersonalData,
    /// Hand clients to another staff member (admins anyone; managers within their teams).
    ReassignClients,
    /// Import clients from spreadsheets (and revert an import).
    ImportClients,
    /// Merge two clients that are the same person (admins any; managers those they see).
    MergeClients,
    /// Add, edit, deactivate and reactivate insurers and ramos (reading them is open to all).
    ManageReferenceData,
    /// Add, change, reorder and delete Kanban columns.
    ManageBoards,
    /// Approve social media posts before they go out (when the brokerage asks for it).
    ApprovePosts,
}

/// The matrix: admins everything; managers their team views; users neither.
pub fn allowed(role: Role, action: Action) -> bool {
    match action {
        Action::ManageUsers
        | Action::ViewAudit
        | Action::ManageSettings
        | Action::HandlePersonalData
        | Action::ManageReferenceData => role == Role::Admin,
        Action::OpenAdministration
        | Action::ReassignClients
        | Action::ImportClients
        | Action::MergeClients
        | Action::ManageBoards
        | Action::ApprovePosts => {
            matches!(role, Role::Admin | Role::Manager)
        }
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

/// A server function: its path, what calling it requires, and the names of its arguments
/// (anything else in a request is refused: no mass assignment through extra fields).
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub path: &'static str,
    pub access: Access,
    pub arguments: fn() -> &'static [&'static str],
}

macro_rules! rules {
    ($(($fn_type:ty, $access:expr)),* $(,)?) => {
        /// Every server function and what it requires. A test walks the registry and fails for
        /// a server function missing here.
        pub const SERVER_FN_ACCESS: &[Rule] = &[$(Rule {
            path: <$fn_type as leptos::server_fn::ServerFn>::PATH,
            access: $access,
            arguments: super::arguments::names::<$fn_type>,
        }),*];
    };
}

use crate::{
    auth::{links, CurrentUser, Login, Logout},
    clients::{api as clients, import::api as imports},
    insurers::api as insurers,
    preferences::SetLocale,
    users::{api, teams_page, ListUsers},
};

rules![
    (clients::AddClientNote, Access::SignedIn),
    (imports::ListImports, Access::Role(Action::ImportClients)),
    (imports::LoadImport, Access::Role(Action::ImportClients)),
    (imports::ReformatImport, Access::Role(Action::ImportClients)),
    (imports::RevertImport, Access::Role(Action::ImportClients)),
    (imports::StartImport, Access::Role(Action::ImportClients)),
    (clients::ArchiveClient, Access::SignedIn),
    (clients::ClientForEdit, Access::SignedIn),
    (clients::ClientProfile, Access::SignedIn),
    (clients::CreateClient, Access::SignedIn),
    (clients::ListClients, Access::SignedIn),
    (
        crate::clients::reassign::ReassignClient,
        Access::Role(Action::ReassignClients)
    ),
    (crate::clients::reassign::ReassignOptions, Access::SignedIn),
    (
        crate::clients::merge::MergeClients,
        Access::Role(Action::MergeClients)
    ),
    (
        crate::clients::merge::MergePreview,
        Access::Role(Action::MergeClients)
    ),
    (clients::UpdateClient, Access::SignedIn),
    (
        crate::clients::lgpd::AnonymizeClient,
        Access::Role(Action::HandlePersonalData)
    ),
    (crate::clients::lgpd::ClientPrivacy, Access::SignedIn),
    (
        crate::clients::lgpd::DeleteClient,
        Access::Role(Action::HandlePersonalData)
    ),
    (api::ChangePassword, Access::SignedIn),
    (crate::policies::api::ListPolicies, Access::SignedIn),
    (crate::policies::api::PolicyView, Access::SignedIn),
    (crate::policies::api::PolicyForm, Access::SignedIn),
    (crate::policies::api::CreatePolicy, Access::SignedIn),
    (crate::policies::api::UpdatePolicy, Access::SignedIn),
    (crate::policies::api::RenewPolicy, Access::SignedIn),
    (
        crate::policies::renewals::api::RenewalBoard,
        Access::SignedIn
    ),
    (
        crate::policies::renewals::api::MarkRenewalLost,
        Access::SignedIn
    ),
    (crate::notifications::api::MyNotifications, Access::SignedIn),
    (
        crate::notifications::api::ReadNotifications,
        Access::SignedIn
    ),
    (crate::policies::api::CancelPolicy, Access::SignedIn),
    (crate::policies::api::ReceiveCommission, Access::SignedIn),
    (
        crate::policies::documents::api::RemovePolicyDocument,
        Access::SignedIn
    ),
    (crate::kanban::api::KanbanBoards, Access::SignedIn),
    (crate::whatsapp::api::WhatsappInbox, Access::SignedIn),
    (crate::whatsapp::api::WhatsappChat, Access::SignedIn),
    (crate::whatsapp::api::SendWhatsapp, Access::SignedIn),
    (crate::whatsapp::api::ReadWhatsapp, Access::SignedIn),
    (crate::whatsapp::api::SendWhatsappTemplate, Access::SignedIn),
    (
        crate::whatsapp::api::SyncWhatsappTemplates,
        Access::SignedIn
    ),
    (crate::whatsapp::api::AssignWhatsapp, Access::SignedIn),
    (crate::whatsapp::api::CloseWhatsapp, Access::SignedIn),
    (crate::whatsapp::api::NoteWhatsapp, Access::SignedIn),
    (crate::whatsapp::api::LinkWhatsapp, Access::SignedIn),
    (crate::whatsapp::api::CardWhatsapp, Access::SignedIn),
    (crate::kanban::api::KanbanBoard, Access::SignedIn),
    (crate::kanban::api::KanbanCard, Access::SignedIn),
    (crate::kanban::api::CreateCard, Access::SignedIn),
    (crate::kanban::api::MoveCard, Access::SignedIn),
    (crate::kanban::api::DeleteCard, Access::SignedIn),
    (crate::kanban::api::UpdateCard, Access::SignedIn),
    (
        crate::kanban::card_work::api::KanbanCardWork,
        Access::SignedIn
    ),
    (
        crate::kanban::card_work::api::AddChecklistItem,
        Access::SignedIn
    ),
    (
        crate::kanban::card_work::api::CheckChecklistItem,
        Access::SignedIn
    ),
    (
        crate::kanban::card_work::api::DeleteChecklistItem,
        Access::SignedIn
    ),
    (
        crate::kanban::card_work::api::AddCardComment,
        Access::SignedIn
    ),
    (
        crate::kanban::card_work::api::DeleteCardComment,
        Access::SignedIn
    ),
    (
        crate::kanban::columns::api::KanbanColumns,
        Access::Role(Action::ManageBoards)
    ),
    (
        crate::kanban::columns::api::SaveColumn,
        Access::Role(Action::ManageBoards)
    ),
    (
        crate::kanban::columns::api::ShiftColumn,
        Access::Role(Action::ManageBoards)
    ),
    (
        crate::kanban::columns::api::DeleteColumn,
        Access::Role(Action::ManageBoards)
    ),
    (crate::dashboard::api::LoadDashboard, Access::SignedIn),
    // The commission report is open to every role on purpose: a producer's commissions are
    // their own money. The record scope keeps users to their own clients' policies, managers
    // to their teams' and gives admins everything.
    (crate::commissions::api::CommissionsMonth, Access::SignedIn),
    (crate::commissions::api::CommissionsAging, Access::SignedIn),
    (insurers::ListInsurers, Access::SignedIn),
    (insurers::ListInsuranceLines, Access::SignedIn),
    (insurers::ReferenceOptions, Access::SignedIn),
    (
        insurers::CreateInsurer,
        Access::Role(Action::ManageReferenceData)
    ),
    (
        insurers::UpdateInsurer,
        Access::Role(Action::ManageReferenceData)
    ),
    (
        insurers::SetInsurerActive,
        Access::Role(Action::ManageReferenceData)
    ),
    (
        insurers::CreateInsuranceLine,
        Access::Role(Action::ManageReferenceData)
    ),
    (
        insurers::UpdateInsuranceLine,
        Access::Role(Action::ManageReferenceData)
    ),
    (
        insurers::SetInsuranceLineActive,
        Access::Role(Action::ManageReferenceData)
    ),
    (
        crate::jobs::api::JobsOverview,
        Access::Role(Action::ManageSettings)
    ),
    (
        crate::jobs::api::RetryJob,
        Access::Role(Action::ManageSettings)
    ),
    (links::CreateFirstAdmin, Access::Public),
    (teams_page::CreateTeam, Access::Role(Action::ManageUsers)),
    (api::CreateUser, Access::Role(Action::ManageUsers)),
    (CurrentUser, Access::Public),
    (api::EndMySession, Access::SignedIn),
    (api::EndUserSession, Access::Role(Action::ManageUsers)),
    (links::FirstAdminLink, Access::Public),
    (crate::audit::ListAudit, Access::Role(Action::ViewAudit)),
    (api::ListTeams, Access::Role(Action::ManageUsers)),
    (ListUsers, Access::Role(Action::ManageUsers)),
    (Login, Access::Public),
    (Logout, Access::Public),
    (api::MyAccount, Access::SignedIn),
    (links::PasswordLink, Access::Public),
    (api::ResetPasswordLink, Access::Role(Action::ManageUsers)),
    (
        crate::settings::SessionSettings,
        Access::Role(Action::ManageSettings)
    ),
    (SetLocale, Access::Public),
    (links::SetPassword, Access::Public),
    (teams_page::TeamsOverview, Access::Role(Action::ManageUsers)),
    (teams_page::UpdateTeam, Access::Role(Action::ManageUsers)),
    (
        crate::settings::UpdateSessionSettings,
        Access::Role(Action::ManageSettings)
    ),
    (api::UpdateUser, Access::Role(Action::ManageUsers)),
    (
        crate::social::api::SocialAccounts,
        Access::Role(Action::ManageSettings)
    ),
    (
        crate::social::api::ConnectSocialAccount,
        Access::Role(Action::ManageSettings)
    ),
    (
        crate::social::api::RemoveSocialAccount,
        Access::Role(Action::ManageSettings)
    ),
    (
        crate::social::api::CheckSocialAccounts,
        Access::Role(Action::ManageSettings)
    ),
    (api::UserDetail, Access::Role(Action::ManageUsers)),
    (crate::social::posts_api::SocialCalendar, Access::SignedIn),
    (crate::social::posts_api::SocialPost, Access::SignedIn),
    (crate::social::posts_api::PostComposer, Access::SignedIn),
    (
        crate::social::posts_api::ApproveSocialPost,
        Access::Role(Action::ApprovePosts)
    ),
    (
        crate::social::posts_api::PublishSocialPostNow,
        Access::SignedIn
    ),
    (crate::social::posts_api::DeleteSocialPost, Access::SignedIn),
    (
        crate::social::posts_api::RescheduleSocialPost,
        Access::SignedIn
    ),
    (
        crate::social::posts_api::SetSocialApproval,
        Access::Role(Action::ManageSettings)
    ),
];

/// The rule of `path`, if it is listed.
pub fn rule_of(path: &str) -> Option<&'static Rule> {
    SERVER_FN_ACCESS.iter().find(|rule| rule.path == path)
}

/// What `path` requires, if it is listed.
pub fn access_of(path: &str) -> Option<Access> {
    rule_of(path).map(|rule| rule.access)
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
            Action::ManageSettings,
            Action::HandlePersonalData,
            Action::ImportClients,
            Action::ManageReferenceData,
            Action::ManageBoards,
        ] {
            assert!(allowed(Role::Admin, action), "{action:?}");
        }
    }

    #[test]
    fn admins_and_managers_manage_kanban_columns_and_users_do_not() {
        assert!(allowed(Role::Admin, Action::ManageBoards));
        assert!(allowed(Role::Manager, Action::ManageBoards));
        assert!(!allowed(Role::User, Action::ManageBoards));
    }

    #[test]
    fn managers_open_administration_but_do_not_manage_accounts() {
        assert!(allowed(Role::Manager, Action::OpenAdministration));
        assert!(!allowed(Role::Manager, Action::ManageUsers));
        assert!(!allowed(Role::Manager, Action::ViewAudit));
        assert!(!allowed(Role::Manager, Action::ManageReferenceData));
    }

    #[test]
    fn admins_and_managers_hand_clients_over_and_users_do_not() {
        assert!(allowed(Role::Admin, Action::MergeClients));
        assert!(allowed(Role::Manager, Action::MergeClients));
        assert!(!allowed(Role::User, Action::MergeClients));
        assert!(allowed(Role::Admin, Action::ReassignClients));
        assert!(allowed(Role::Manager, Action::ReassignClients));
        assert!(!allowed(Role::User, Action::ReassignClients));
    }

    #[test]
    fn users_have_no_administrative_action() {
        for action in [
            Action::ManageUsers,
            Action::ViewAudit,
            Action::OpenAdministration,
            Action::ManageSettings,
            Action::HandlePersonalData,
            Action::ReassignClients,
            Action::ManageReferenceData,
        ] {
            assert!(!allowed(Role::User, action), "{action:?}");
        }
    }

    #[test]
    fn the_arguments_of_each_server_function_are_known() {
        let rule = rule_of("/api/change_password").unwrap();
        assert_eq!((rule.arguments)(), ["current", "password", "confirm"]);
        for rule in SERVER_FN_ACCESS {
            assert!(rule.path.starts_with("/api/"), "{}", rule.path);
            let _ = (rule.arguments)();
        }
    }

    #[test]
    fn each_server_function_is_listed_once() {
        let mut paths: Vec<_> = SERVER_FN_ACCESS.iter().map(|rule| rule.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), SERVER_FN_ACCESS.len());
    }
}
