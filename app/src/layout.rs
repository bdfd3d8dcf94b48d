//! The frame around every page: skip link, top bar (product name, language), side navigation,
//! the main landmark and the footer.

use leptos::prelude::*;
use leptos_router::{
    components::{Outlet, Redirect},
    hooks::use_location,
};

use crate::{
    auth::{current_user, UserMenu},
    i18n::{t, t_string, use_i18n},
    nav::{nav_sections, Section},
    pages::ErrorPage,
    preferences::LanguageSwitch,
    users::UserSummary,
};

/// The frame of every signed-in page; visitors are sent to the login page (and back after).
#[component]
pub fn AppLayout() -> impl IntoView {
    // The routes render with SsrMode::Async: the server waits for this before sending the page,
    // so browsers without JavaScript get it whole. Visitors never get here from the server
    // (see the server's require_login).
    let user = Resource::new(|| (), |_| current_user());
    // Pages that offer role-dependent actions read the signed-in user from here.
    provide_context(user);
    // Created here, not inside the Suspense that draws the top bar: the browser must create
    // resources in the order the server did, or hydration reads another resource's data.
    let inbox = Resource::new(|| (), |_| crate::notifications::api::my_notifications());
    provide_context(inbox);
    let location = use_location();
    let login_url = move || {
        let here = format!(
            "{}{}",
            location.pathname.get_untracked(),
            location.search.get_untracked()
        );
        crate::auth::login_url(&here, None)
    };
    // The page (the Outlet) stays outside the Suspense that waits for the user: were it inside,
    // every re-run of that Suspense would build the page anew and fetch its data again.
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#conteudo">{t!(i18n, skip_to_content)}</a>
        <Suspense>
            {move || Suspend::new(async move {
                // One Suspend reads both: the bell has no Suspense of its own (see
                // NotificationBell).
                let unread = inbox.await.map(|i| i.unread).unwrap_or(0);
                signed_in(user, login_url, move |user| view! { <TopBar user unread /> }.into_any())
                    .await
            })}
        </Suspense>
        <div class="app-layout">
            <Suspense>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) => view! { <SideNav role=user.role /> }.into_any(),
                        _ => ().into_any(),
                    }
                })}
            </Suspense>
            <main id="conteudo" class="app-main" tabindex="-1">
                <crate::ui::PlainPostError />
                <Outlet />
            </main>
        </div>
        <footer class="border-top py-2 px-4 small text-body-secondary">{t!(i18n, footer_text)}</footer>
    }
}

/// The top bar's content once the user is known; a redirect to the login page when the session
/// ended while the app ran in the browser (the server already answers visitors with a redirect,
/// see server::http::require_login).
async fn signed_in(
    user: Resource<Result<Option<UserSummary>, crate::error::AppError>>,
    login_url: impl Fn() -> String,
    build: impl FnOnce(UserSummary) -> AnyView,
) -> AnyView {
    match user.await {
        Ok(Some(user)) => build(user),
        Ok(None) => view! { <Redirect path=login_url() /> }.into_any(),
        Err(err) => {
            view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any()
        }
    }
}

#[component]
fn TopBar(user: UserSummary, unread: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="app-topbar navbar px-3 gap-2">
            <a class="navbar-brand fw-semibold d-flex align-items-center gap-2" href="/">
                <i class="bi bi-shield-check" aria-hidden="true"></i>
                {t!(i18n, app_name)}
            </a>
            <div class="d-flex align-items-center gap-3 flex-wrap">
                <crate::notifications::NotificationBell unread />
                <LanguageSwitch />
                <UserMenu user />
            </div>
        </header>
    }
}

#[component]
fn SideNav(role: crate::roles::Role) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let sections = nav_sections(Some(role));
    view! {
        <nav class="app-sidebar p-2" aria-label=move || t_string!(i18n, nav_label)>
            <ul class="nav nav-pills flex-md-column flex-nowrap overflow-auto gap-1">
                {sections
                    .into_iter()
                    .map(|section| {
                        let current = move || section.contains(&location.pathname.get()).then_some("page");
                        view! {
                            <li class="nav-item">
                                <a class="nav-link d-flex align-items-center gap-2" href=section.path() aria-current=current>
                                    <i class=format!("bi {}", section.icon()) aria-hidden="true"></i>
                                    <SectionLabel section />
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The translated name of a section.
#[component]
pub fn SectionLabel(section: Section) -> impl IntoView {
    let i18n = use_i18n();
    move || match section {
        Section::Dashboard => t!(i18n, nav_dashboard).into_any(),
        Section::Clients => t!(i18n, nav_clients).into_any(),
        Section::Policies => t!(i18n, nav_policies).into_any(),
        Section::Commissions => t!(i18n, nav_commissions).into_any(),
        Section::Kanban => t!(i18n, nav_kanban).into_any(),
        Section::WhatsApp => t!(i18n, nav_whatsapp).into_any(),
        Section::Social => t!(i18n, nav_social).into_any(),
        Section::Admin => t!(i18n, nav_admin).into_any(),
    }
}
