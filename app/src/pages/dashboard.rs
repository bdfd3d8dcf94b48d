//! Painel: the first page after sign-in.

use crate::ui::PageTitle;
use leptos::prelude::*;

use crate::{
    format::{date_br, today_sao_paulo},
    i18n::{t, t_string, use_i18n},
};

/// The dashboard.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    // Rendered on the server; the browser keeps the same text when it hydrates.
    let today = date_br(today_sao_paulo(time::OffsetDateTime::now_utc()));
    view! {
        <PageTitle text=move || t_string!(i18n, dashboard_title) />
        <h1 class="h3 mb-3">{t!(i18n, dashboard_welcome)}</h1>
        <p class="lead">{t!(i18n, dashboard_today, date = today.clone())}</p>
        <p>{t!(i18n, dashboard_intro)}</p>
    }
}
