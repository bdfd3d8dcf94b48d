//! Importar clientes (`/clientes/importar`): the upload form and the latest imports; and one
//! import's page (`/clientes/importar/{id}`): the preview with the column mapping while a draft,
//! then a progress bar (reloaded every second when hydrated, every two seconds by the browser
//! without JavaScript), then the report with its download and the revert.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    api::{list_imports, load_import, ReformatImport, RevertImport, StartImport},
    ImportStatus, ImportSummary, ImportView,
};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::{message, PageTitle},
    users::Forbidden,
};

mod mapping;
mod progress;
mod report;
mod upload;

pub use upload::ImportLink;

/// The importing pages' answer for a failed load.
fn failure(err: AppError) -> AnyView {
    match err {
        AppError::NotFound => view! { <NotFoundPage /> }.into_any(),
        AppError::Forbidden => view! { <Forbidden /> }.into_any(),
        err => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
    }
}

/// The translated name of an import status.
pub(super) fn status_label(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    status: ImportStatus,
) -> String {
    match status {
        ImportStatus::Draft => t_string!(i18n, import.status_draft),
        ImportStatus::Queued => t_string!(i18n, import.status_queued),
        ImportStatus::Running => t_string!(i18n, import.status_running),
        ImportStatus::Done => t_string!(i18n, import.status_done),
        ImportStatus::Refused => t_string!(i18n, import.status_refused),
        ImportStatus::Failed => t_string!(i18n, import.status_failed),
        ImportStatus::Reverting => t_string!(i18n, import.status_reverting),
        ImportStatus::Reverted => t_string!(i18n, import.status_reverted),
    }
    .to_string()
}

/// `/clientes/importar`.
#[component]
pub fn ImportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let imports = Resource::new(|| (), |_| list_imports());
    // Refusals of the upload route come back as `erro=<key>`; only import keys are shown as such.
    let refused = move || {
        query.read().get("erro").map(|key| {
            let text = if key.starts_with("import_") {
                message(i18n, &key)
            } else {
                t_string!(i18n, error_body).to_string()
            };
            view! { <div class="alert alert-danger" role="alert">{text}</div> }
        })
    };
    view! {
        <PageTitle text=move || t_string!(i18n, import.title).to_string() />
        <nav aria-label=move || t_string!(i18n, import.breadcrumb)>
            <a href="/clientes">{t!(i18n, nav_clients)}</a>
        </nav>
        <h1 class="h3 mb-3">{t!(i18n, import.title)}</h1>
        {refused}
        <Suspense fallback=move || view! { <p>{t!(i18n, import.loading)}</p> }>
            {move || Suspend::new(async move {
                match imports.await {
                    Ok(list) => view! {
                        <upload::UploadForm />
                        <upload::RecentImports imports=list />
                    }.into_any(),
                    Err(err) => failure(err),
                }
            })}
        </Suspense>
    }
}

/// `/clientes/importar/{id}`.
#[component]
pub fn ImportPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let reformat = ServerAction::<ReformatImport>::new();
    let start = ServerAction::<StartImport>::new();
    let revert = ServerAction::<RevertImport>::new();
    let ticks = RwSignal::new(0_u32);
    let view_data = Resource::new(
        move || {
            (
                id(),
                ticks.get(),
                reformat.version().get(),
                start.version().get(),
                revert.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => load_import(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(data) => {
                        if data.summary.status.in_progress() {
                            progress::poll_again(ticks);
                        }
                        view! { <Import data reformat start revert /> }.into_any()
                    }
                    Err(err) => failure(err),
                }
            })}
        </Transition>
    }
}

#[component]
fn Import(
    data: ImportView,
    reformat: ServerAction<ReformatImport>,
    start: ServerAction<StartImport>,
    revert: ServerAction<RevertImport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary: ImportSummary = data.summary.clone();
    let file = summary.file_name.clone();
    let status = summary.status;
    let (name, total) = (summary.file_name.clone(), summary.total_rows);
    let body = match status {
        ImportStatus::Draft => view! { <mapping::Mapping data reformat start /> }.into_any(),
        s if s.in_progress() => view! { <progress::Progress summary /> }.into_any(),
        _ => view! { <report::Report data revert /> }.into_any(),
    };
    view! {
        <PageTitle text=move || format!("{} — {}", t_string!(i18n, import.title), file) />
        <nav aria-label=move || t_string!(i18n, import.breadcrumb)>
            <a href="/clientes/importar">{t!(i18n, import.title)}</a>
        </nav>
        <h1 class="h3 mb-1">{name}</h1>
        <p class="text-body-secondary">
            {move || status_label(i18n, status)}
            " · "
            {move || format!("{} {}", progress::number(i18n, total), t_string!(i18n, import.lines))}
        </p>
        {body}
    }
}
