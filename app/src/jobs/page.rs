//! Tarefas em segundo plano (`/admin/tarefas`, admins): how many jobs wait and run, and the jobs
//! that ran out of attempts with their last error, each with a "Tentar de novo" button.

use leptos::prelude::*;

use super::{
    api::{jobs_overview, RetryJob},
    FailedJob,
};
use crate::{
    error::AppError,
    format::datetime_br,
    i18n::{t, t_string, use_i18n, Locale},
    pages::ErrorPage,
    ui::{action_error, FormAlert, PageTitle},
    users::{AdminTabs, Forbidden},
};

/// The name of a job kind in the reader's language.
fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: &str) -> String {
    match kind {
        "client_import" => t_string!(i18n, jobs.kind_client_import).to_string(),
        "client_import_revert" => t_string!(i18n, jobs.kind_client_import_revert).to_string(),
        other => other.to_owned(),
    }
}

#[component]
fn FailedRow(job: FailedJob, retry: ServerAction<RetryJob>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = job.kind.clone();
    view! {
        <tr>
            <td>{job.id}</td>
            <td>{move || kind_label(i18n, &kind)}</td>
            <td>{datetime_br(job.updated_at)}</td>
            <td class="text-end">{job.attempts}</td>
            <td class="small font-monospace text-break">{job.last_error.unwrap_or_default()}</td>
            <td>
                <ActionForm action=retry>
                    <input type="hidden" name="id" value=job.id />
                    <button type="submit" class="btn btn-sm btn-outline-primary">{t!(i18n, jobs.retry)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// `/admin/tarefas`.
#[component]
pub fn JobsPage() -> impl IntoView {
    let i18n = use_i18n();
    let retry = ServerAction::<RetryJob>::new();
    let error = action_error(retry);
    let overview = Resource::new(move || retry.version().get(), |_| jobs_overview());
    view! {
        <PageTitle text=move || t_string!(i18n, jobs.title) />
        <AdminTabs />
        <h1 class="h3">{t!(i18n, jobs.title)}</h1>
        <p class="text-body-secondary">{t!(i18n, jobs.intro)}</p>
        <FormAlert error />
        <Transition>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => {
                        let empty = o.failed.is_empty();
                        let rows = o.failed.into_iter().map(|job| view! { <FailedRow job retry /> }).collect_view();
                        view! {
                            <p role="status">
                                {t!(i18n, jobs.queued)} ": " {o.queued} " · " {t!(i18n, jobs.running)} ": " {o.running}
                            </p>
                            <h2 class="h5">{t!(i18n, jobs.failed_heading)}</h2>
                            {empty.then(|| view! { <p class="text-body-secondary">{t!(i18n, jobs.none_failed)}</p> })}
                            {(!empty).then(|| view! {
                                <div class="table-responsive">
                                    <table class="table table-sm align-middle">
                                        <thead>
                                            <tr>
                                                <th scope="col">"#"</th>
                                                <th scope="col">{t!(i18n, jobs.col_kind)}</th>
                                                <th scope="col">{t!(i18n, jobs.col_when)}</th>
                                                <th scope="col" class="text-end">{t!(i18n, jobs.col_attempts)}</th>
                                                <th scope="col">{t!(i18n, jobs.col_error)}</th>
                                                <th scope="col"><span class="visually-hidden">{t!(i18n, jobs.col_actions)}</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            })}
                        }.into_any()
                    }
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}
