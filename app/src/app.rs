//! The HTML document and the router: every page of the app is listed here.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

use crate::{
    audit::AuditViewerPage,
    auth::{
        links::{FirstAdminPage, SetPasswordPage},
        LoginPage,
    },
    clients::{
        import::{ImportPage, ImportsPage},
        AnonymizeClientPage, ClientProfilePage, ClientsPage, DeleteClientPage, EditClientPage,
        MergeClientsPage, NewClientPage,
    },
    commissions::CommissionsPage,
    dashboard::DashboardPage,
    i18n::{t_string, use_i18n, I18nContextProvider},
    insurers::{EditInsurerPage, EditLinePage, InsurersPage, LinesPage},
    jobs::JobsPage,
    layout::AppLayout,
    notifications::NotificationsPage,
    pages::NotFoundPage,
    policies::{renewals::RenewalsPage, EditPolicyPage, NewPolicyPage, PoliciesPage, PolicyPage},
    preferences::LOCALE_COOKIE,
    settings::SettingsPage,
    users::{AccountPage, AdminPage, NewUserPage, TeamsPage, UserPage},
};

/// The whole HTML document, rendered on the server around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: i18n context, document metadata and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run only in the browser: this marks the page as hydrated (tests wait for it).
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <I18nContextProvider cookie_name=LOCALE_COOKIE cookie_options=crate::preferences::cookie_options()>
            <AppTitle />
            <Router>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/definir-senha/:token") view=SetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/primeiro-acesso/:token") view=FirstAdminPage ssr=SsrMode::Async />
                    <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=DashboardPage ssr=SsrMode::Async />
                        <Route path=path!("clientes") view=ClientsPage ssr=SsrMode::Async />
                        <Route path=path!("clientes/novo") view=NewClientPage ssr=SsrMode::Async />
                        <Route path=path!("clientes/importar") view=ImportsPage ssr=SsrMode::Async />
                        <Route path=path!("clientes/importar/:id") view=ImportPage ssr=SsrMode::Async />
                        <Route path=path!("clientes/:id") view=ClientProfilePage ssr=SsrMode::Async />
                        <Route path=path!("clientes/:id/editar") view=EditClientPage ssr=SsrMode::Async />
                        <Route path=path!("clientes/:id/anonimizar") view=AnonymizeClientPage ssr=SsrMode::Async />
                        <Route path=path!("clientes/:id/excluir") view=DeleteClientPage ssr=SsrMode::Async />
                        <Route path=path!("clientes/:id/mesclar/:other") view=MergeClientsPage ssr=SsrMode::Async />
                        <Route path=path!("apolices") view=PoliciesPage ssr=SsrMode::Async />
                        <Route path=path!("apolices/nova") view=NewPolicyPage ssr=SsrMode::Async />
                        <Route path=path!("apolices/a-vencer") view=RenewalsPage ssr=SsrMode::Async />
                        <Route path=path!("notificacoes") view=NotificationsPage ssr=SsrMode::Async />
                        <Route path=path!("apolices/:id") view=PolicyPage ssr=SsrMode::Async />
                        <Route path=path!("apolices/:id/editar") view=EditPolicyPage ssr=SsrMode::Async />
                        <Route path=path!("comissoes") view=CommissionsPage ssr=SsrMode::Async />
                        <Route path=path!("kanban") view=crate::kanban::BoardsPage ssr=SsrMode::Async />
                        <Route path=path!("kanban/:slug") view=crate::kanban::BoardPage ssr=SsrMode::Async />
                        <Route path=path!("kanban/cartoes/:id") view=crate::kanban::CardPage ssr=SsrMode::Async />
                        <Route path=path!("kanban/:slug/colunas") view=crate::kanban::columns::ColumnsPage ssr=SsrMode::Async />
                        <Route path=path!("whatsapp") view=crate::whatsapp::InboxPage ssr=SsrMode::Async />
                        <Route path=path!("whatsapp/:id") view=crate::whatsapp::InboxPage ssr=SsrMode::Async />
                        <Route path=path!("redes-sociais") view=crate::social::SocialCalendarPage ssr=SsrMode::Async />
                        <Route path=path!("redes-sociais/nova") view=crate::social::ComposePostPage ssr=SsrMode::Async />
                        <Route path=path!("redes-sociais/:id") view=crate::social::PostPage ssr=SsrMode::Async />
                        <Route path=path!("admin") view=AdminPage ssr=SsrMode::Async />
                        <Route path=path!("admin/usuarios/nova") view=NewUserPage ssr=SsrMode::Async />
                        <Route path=path!("admin/usuarios/:id") view=UserPage ssr=SsrMode::Async />
                        <Route path=path!("admin/equipes") view=TeamsPage ssr=SsrMode::Async />
                        <Route path=path!("admin/auditoria") view=AuditViewerPage ssr=SsrMode::Async />
                        <Route path=path!("admin/configuracoes") view=SettingsPage ssr=SsrMode::Async />
                        <Route path=path!("admin/redes-sociais") view=crate::social::SocialAccountsPage ssr=SsrMode::Async />
                        <Route path=path!("admin/tarefas") view=JobsPage ssr=SsrMode::Async />
                        <Route path=path!("admin/seguradoras") view=InsurersPage ssr=SsrMode::Async />
                        <Route path=path!("admin/seguradoras/:id") view=EditInsurerPage ssr=SsrMode::Async />
                        <Route path=path!("admin/ramos") view=LinesPage ssr=SsrMode::Async />
                        <Route path=path!("admin/ramos/:id") view=EditLinePage ssr=SsrMode::Async />
                        <Route path=path!("conta") view=AccountPage ssr=SsrMode::Async />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// `<title>` as "Page · Monteiro CRM"; pages set their own part with `Title`.
#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    // Read now, not when the <head> is written (see `ui::PageTitle`); it is the same in every
    // language anyway.
    let app = t_string!(i18n, app_name).to_string();
    let formatter = move |page: String| {
        if page.is_empty() {
            app.clone()
        } else {
            format!("{page} · {app}")
        }
    };
    view! { <Title formatter /> }
}
