//! The frame around every page: skip link, top bar (product name, language), side navigation,
//! the main landmark and the footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    i18n::{t, t_string, use_i18n},
    nav::{nav_sections, Section},
    preferences::LanguageSwitch,
};

/// Wraps a page in the app's frame.
#[component]
pub fn AppLayout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#conteudo">{t!(i18n, skip_to_content)}</a>
        <TopBar />
        <div class="app-layout">
            <SideNav />
            <main id="conteudo" class="app-main" tabindex="-1">
                {children()}
            </main>
        </div>
        <footer class="border-top py-2 px-4 small text-body-secondary">{t!(i18n, footer_text)}</footer>
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="app-topbar navbar px-3">
            <a class="navbar-brand fw-semibold d-flex align-items-center gap-2" href="/">
                <i class="bi bi-shield-check" aria-hidden="true"></i>
                {t!(i18n, app_name)}
            </a>
            <LanguageSwitch />
        </header>
    }
}

#[component]
fn SideNav() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // Until sign-in lands, the role is unknown and administration stays hidden.
    let sections = nav_sections(None);
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
        Section::Kanban => t!(i18n, nav_kanban).into_any(),
        Section::WhatsApp => t!(i18n, nav_whatsapp).into_any(),
        Section::Social => t!(i18n, nav_social).into_any(),
        Section::Admin => t!(i18n, nav_admin).into_any(),
    }
}
