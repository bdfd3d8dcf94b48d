//! The upload form (a plain multipart form to the server's upload route, the same with or
//! without JavaScript) and the table of the latest imports.

use leptos::prelude::*;

use super::{progress::number, status_label};
use crate::{
    clients::{columns::Column, import::ImportSummary},
    format::datetime_br,
    i18n::{t, use_i18n},
};

/// The form that sends a spreadsheet.
#[component]
pub fn UploadForm() -> impl IntoView {
    let i18n = use_i18n();
    let known = Column::ALL
        .iter()
        .map(|c| c.header())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="card mb-4" aria-labelledby="upload-heading">
            <div class="card-body">
                <h2 id="upload-heading" class="h5">{t!(i18n, import.upload_heading)}</h2>
                <form method="post" action="/clientes/importar" enctype="multipart/form-data">
                    <div class="mb-3">
                        <label for="arquivo" class="form-label">{t!(i18n, import.file_label)}</label>
                        <input id="arquivo" name="arquivo" type="file" class="form-control" required
                            accept=".csv,.txt,text/csv,text/plain" aria-describedby="arquivo-ajuda" />
                        <div id="arquivo-ajuda" class="form-text">
                            {t!(i18n, import.file_help)}
                            <br />
                            {t!(i18n, import.known_columns)} " " {known}
                        </div>
                    </div>
                    <button type="submit" class="btn btn-primary">
                        <i class="bi bi-upload me-1" aria-hidden="true"></i>
                        {t!(i18n, import.upload_submit)}
                    </button>
                </form>
            </div>
        </section>
    }
}

/// The latest imports the viewer may see.
#[component]
pub fn RecentImports(imports: Vec<ImportSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if imports.is_empty() {
        return view! { <p class="text-body-secondary">{t!(i18n, import.none_yet)}</p> }.into_any();
    }
    let rows = imports
        .into_iter()
        .map(|i| {
            let status = i.status;
            view! {
                <tr>
                    <td><a href=format!("/clientes/importar/{}", i.id)>{i.file_name}</a></td>
                    <td>{i.created_by.unwrap_or_default()}</td>
                    <td>{datetime_br(i.created_at)}</td>
                    <td>{move || status_label(i18n, status)}</td>
                    <td class="text-end">{move || number(i18n, i.total_rows)}</td>
                    <td class="text-end">{move || number(i18n, i.created_count)}</td>
                    <td class="text-end">{move || number(i18n, i.updated_count)}</td>
                    <td class="text-end">{move || number(i18n, i.skipped_count + i.invalid_count)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="recent-heading">
            <h2 id="recent-heading" class="h5">{t!(i18n, import.recent_heading)}</h2>
            <div class="table-responsive">
                <table class="table table-sm align-middle">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, import.col_file)}</th>
                            <th scope="col">{t!(i18n, import.col_by)}</th>
                            <th scope="col">{t!(i18n, import.col_when)}</th>
                            <th scope="col">{t!(i18n, import.col_status)}</th>
                            <th scope="col" class="text-end">{t!(i18n, import.col_rows)}</th>
                            <th scope="col" class="text-end">{t!(i18n, import.created)}</th>
                            <th scope="col" class="text-end">{t!(i18n, import.updated)}</th>
                            <th scope="col" class="text-end">{t!(i18n, import.not_imported)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// The clients list's "Importar planilha" button, for those who may import (managers, admins).
#[component]
pub fn ImportLink() -> impl IntoView {
    use crate::{
        auth::permissions::{allowed, Action},
        error::AppError,
        users::UserSummary,
    };
    let i18n = use_i18n();
    let user = use_context::<Resource<Result<Option<UserSummary>, AppError>>>();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let may = match user {
                    Some(user) => matches!(user.await, Ok(Some(u)) if allowed(u.role, Action::ImportClients)),
                    None => false,
                };
                may.then(|| view! {
                    <a href="/clientes/importar" class="btn btn-outline-primary">
                        <i class="bi bi-file-earmark-arrow-up me-1" aria-hidden="true"></i>
                        {t!(i18n, import.import_link)}
                    </a>
                })
            })}
        </Suspense>
    }
}
