//! Error pages: 404 for unknown addresses, and the generic failure page with the id to quote.

use crate::ui::PageTitle;
use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};

/// Sets the HTTP status of the page being rendered on the server (nothing in the browser).
pub fn set_page_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Shown for any address that matches no route, with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_page_status(http::StatusCode::NOT_FOUND);
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, not_found_title) />
        <main id="conteudo" class="error-page" tabindex="-1">
            <p class="error-code" aria-hidden="true">"404"</p>
            <h1 class="h3">{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, not_found_body)}</p>
            <a href="/" class="btn btn-primary">{t!(i18n, section_back)}</a>
        </main>
    }
}

/// Shown when something failed; `support_id` is the request id the failure was logged under.
#[component]
pub fn ErrorPage(#[prop(into)] support_id: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, error_title) />
        <main id="conteudo" class="error-page" role="alert" tabindex="-1">
            <h1 class="h3">{t!(i18n, error_title)}</h1>
            <p>{t!(i18n, error_body)}</p>
            {support_id.map(|id| view! { <p class="small text-body-secondary">{t!(i18n, error_support_id, id = id.clone())}</p> })}
            <a href="/" class="btn btn-primary">{t!(i18n, section_back)}</a>
        </main>
    }
}
