//! The page of a section whose feature has not been built yet: its name and an honest notice.

use crate::ui::PageTitle;
use leptos::prelude::*;

use crate::{
    i18n::{t, use_i18n},
    layout::SectionLabel,
    nav::Section,
};

/// A section that exists in the navigation but has no feature behind it yet.
#[component]
pub fn SectionPage(section: Section) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SectionTitle section />
        <h1 class="h3 mb-3 d-flex align-items-center gap-2">
            <i class=format!("bi {}", section.icon()) aria-hidden="true"></i>
            <SectionLabel section />
        </h1>
        <div class="alert alert-info" role="status">{t!(i18n, section_unavailable)}</div>
        <a href="/" class="btn btn-outline-primary">{t!(i18n, section_back)}</a>
    }
}

#[component]
fn SectionTitle(section: Section) -> impl IntoView {
    use crate::i18n::t_string;
    let i18n = use_i18n();
    let text = move || match section {
        Section::Dashboard => t_string!(i18n, nav_dashboard),
        Section::Clients => t_string!(i18n, nav_clients),
        Section::Policies => t_string!(i18n, nav_policies),
        Section::Commissions => t_string!(i18n, nav_commissions),
        Section::Kanban => t_string!(i18n, nav_kanban),
        Section::WhatsApp => t_string!(i18n, nav_whatsapp),
        Section::Social => t_string!(i18n, nav_social),
        Section::Admin => t_string!(i18n, nav_admin),
    };
    view! { <PageTitle text /> }
}
