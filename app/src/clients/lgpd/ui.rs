//! The LGPD card of a client's page (consent history; for admins the export links and the ways
//! to anonymise or delete) and the two confirmation pages, `/clientes/{id}/anonimizar` and
//! `/clientes/{id}/excluir`: plain forms, so they work before the app hydrates.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{client_privacy, AnonymizeClient, ConsentEntry, DeleteClient, PrivacyData};
use crate::{
    clients::form_page::labels,
    error::AppError,
    format::datetime_br,
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::{action_error, field_key, FormAlert, PageTitle},
    users::Forbidden,
};

/// The client's LGPD card on its page.
#[component]
pub fn PrivacyCard(id: i64) -> impl IntoView {
    let data = Resource::new(move || id, client_privacy);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                data.await.ok().map(|data| view! { <Card data /> })
            })}
        </Suspense>
    }
}

fn consent_row(entry: ConsentEntry) -> impl IntoView {
    let i18n = use_i18n();
    let channel = entry
        .channel
        .map(|code| move || labels::channel(i18n, &code));
    view! {
        <tr>
            <td>{datetime_br(entry.at)}</td>
            <td>{if entry.granted {
                t!(i18n, lgpd.consent_granted).into_any()
            } else {
                t!(i18n, lgpd.consent_revoked).into_any()
            }}</td>
            <td>{channel}</td>
            <td>{entry.recorded_by}</td>
        </tr>
    }
}

fn consent_history(consents: Vec<ConsentEntry>) -> AnyView {
    let i18n = use_i18n();
    if consents.is_empty() {
        return view! { <p class="text-body-secondary">{t!(i18n, lgpd.consent_none)}</p> }
            .into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table table-sm mb-0">
                <caption class="visually-hidden">{t!(i18n, lgpd.consent_history)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, lgpd.consent_when)}</th>
                        <th scope="col">{t!(i18n, lgpd.consent_status)}</th>
                        <th scope="col">{t!(i18n, lgpd.consent_channel)}</th>
                        <th scope="col">{t!(i18n, lgpd.consent_by)}</th>
                    </tr>
                </thead>
                <tbody>{consents.into_iter().map(consent_row).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The admins' part of the card: the export links and the way to each confirmation page.
fn requests(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3 class="h6 mt-4">{t!(i18n, lgpd.requests)}</h3>
        <div class="d-flex flex-wrap gap-2">
            // `download` and `rel=external`: a file, not a page of the app's router.
            <a href=format!("/clientes/{id}/dados.json") class="btn btn-outline-secondary btn-sm"
                rel="external" download>
                <i class="bi bi-filetype-json me-1" aria-hidden="true"></i>{t!(i18n, lgpd.export_json)}
            </a>
            <a href=format!("/clientes/{id}/dados.csv") class="btn btn-outline-secondary btn-sm"
                rel="external" download>
                <i class="bi bi-filetype-csv me-1" aria-hidden="true"></i>{t!(i18n, lgpd.export_csv)}
            </a>
            <a href=format!("/clientes/{id}/anonimizar") class="btn btn-outline-danger btn-sm">
                <i class="bi bi-incognito me-1" aria-hidden="true"></i>{t!(i18n, lgpd.anonymize)}
            </a>
            <a href=format!("/clientes/{id}/excluir") class="btn btn-outline-danger btn-sm">
                <i class="bi bi-trash me-1" aria-hidden="true"></i>{t!(i18n, lgpd.delete)}
            </a>
        </div>
    }
}

#[component]
fn Card(data: PrivacyData) -> impl IntoView {
    let i18n = use_i18n();
    let anonymized = data.anonymized_at.map(|at| {
        let date = datetime_br(at);
        view! { <p class="alert alert-secondary py-2">{t!(i18n, lgpd.anonymized_on, date = date)}</p> }
    });
    let id = data.id;
    view! {
        <section class="card mt-4" aria-labelledby="lgpd-heading">
            <div class="card-body">
                <h2 id="lgpd-heading" class="h5">{t!(i18n, lgpd.title)}</h2>
                {anonymized}
                <h3 class="h6">{t!(i18n, lgpd.consent_history)}</h3>
                {consent_history(data.consents)}
                {data.may_handle.then(|| requests(id))}
            </div>
        </section>
    }
}

/// The `id` of the page's address, and the client's LGPD data loaded from it.
fn load() -> Resource<Result<PrivacyData, AppError>> {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    Resource::new(id, |id| async move {
        match id {
            Some(id) => client_privacy(id).await,
            None => Err(AppError::NotFound),
        }
    })
}

/// A confirmation page: the form for an admin, 403/404 otherwise.
fn confirmation_page(
    title: impl Fn() -> String + Send + Sync + 'static,
    form: fn(PrivacyData) -> AnyView,
) -> impl IntoView {
    let data = load();
    view! {
        <PageTitle text=title />
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) if data.may_handle => form(data),
                    Ok(_) | Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/clientes/{id}/anonimizar`.
#[component]
pub fn AnonymizeClientPage() -> impl IntoView {
    let i18n = use_i18n();
    confirmation_page(
        move || t_string!(i18n, lgpd.anonymize_title).to_string(),
        |data| view! { <AnonymizeForm data /> }.into_any(),
    )
}

/// `/clientes/{id}/excluir`.
#[component]
pub fn DeleteClientPage() -> impl IntoView {
    let i18n = use_i18n();
    confirmation_page(
        move || t_string!(i18n, lgpd.delete_title).to_string(),
        |data| view! { <DeleteForm data /> }.into_any(),
    )
}

/// The message of the confirmation's field error, if there is one.
fn confirm_error(error: Signal<Option<AppError>>) -> impl Fn() -> Option<String> + Copy {
    let i18n = use_i18n();
    move || {
        field_key(error.get().as_ref(), "confirm").map(|key| match key.as_str() {
            "anonymize_confirm_mismatch" => t_string!(i18n, lgpd.anonymize_mismatch).to_string(),
            "delete_has_policies" => t_string!(i18n, lgpd.delete_has_policies).to_string(),
            _ => t_string!(i18n, lgpd.delete_confirm_required).to_string(),
        })
    }
}

#[component]
fn AnonymizeForm(data: PrivacyData) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AnonymizeClient>::new();
    let error = action_error(action);
    let message = confirm_error(error);
    let back = format!("/clientes/{}", data.id);
    let (id, name) = (data.id, data.name.clone());
    view! {
        <h1 class="h3 mb-1">{t!(i18n, lgpd.anonymize_title)}</h1>
        <p class="text-body-secondary"><a href=back.clone()>{data.name}</a></p>
        <div class="alert alert-warning">
            <p class="mb-2">{t!(i18n, lgpd.anonymize_intro, id = id)}</p>
            <p class="mb-0 fw-semibold">{t!(i18n, lgpd.irreversible)}</p>
        </div>
        <FormAlert error />
        <ActionForm action>
            <input type="hidden" name="id" value=id />
            <div class="mb-3">
                <label for="lgpd-confirm" class="form-label">
                    {t!(i18n, lgpd.anonymize_confirm_label, name = name)}
                </label>
                <input id="lgpd-confirm" name="confirm" type="text" class="form-control" required
                    autocomplete="off" class:is-invalid=move || message().is_some()
                    aria-invalid=move || message().is_some().then_some("true")
                    aria-describedby=move || message().is_some().then_some("lgpd-confirm-erro") />
                {move || message().map(|text| view! {
                    <div id="lgpd-confirm-erro" class="invalid-feedback">{text}</div>
                })}
            </div>
            <div class="d-flex gap-2">
                <button type="submit" class="btn btn-danger" disabled=move || action.pending().get()>
                    {t!(i18n, lgpd.anonymize_submit)}
                </button>
                <a href=back class="btn btn-link">{t!(i18n, cancel)}</a>
            </div>
        </ActionForm>
    }
}

#[component]
fn DeleteForm(data: PrivacyData) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DeleteClient>::new();
    let error = action_error(action);
    let message = confirm_error(error);
    let back = format!("/clientes/{}", data.id);
    let id = data.id;
    view! {
        <h1 class="h3 mb-1">{t!(i18n, lgpd.delete_title)}</h1>
        <p class="text-body-secondary"><a href=back.clone()>{data.name}</a></p>
        <div class="alert alert-warning">
            <p class="mb-2">{t!(i18n, lgpd.delete_intro)}</p>
            <p class="mb-0 fw-semibold">{t!(i18n, lgpd.irreversible)}</p>
        </div>
        <FormAlert error />
        <ActionForm action>
            <input type="hidden" name="id" value=id />
            <div class="form-check mb-3">
                <input id="lgpd-delete-confirm" name="confirm" type="checkbox" value="on" required
                    class="form-check-input" class:is-invalid=move || message().is_some()
                    aria-invalid=move || message().is_some().then_some("true")
                    aria-describedby=move || message().is_some().then_some("lgpd-delete-erro") />
                <label for="lgpd-delete-confirm" class="form-check-label">
                    {t!(i18n, lgpd.delete_confirm_label)}
                </label>
                {move || message().map(|text| view! {
                    <div id="lgpd-delete-erro" class="invalid-feedback">{text}</div>
                })}
            </div>
            <div class="d-flex gap-2">
                <button type="submit" class="btn btn-danger" disabled=move || action.pending().get()>
                    {t!(i18n, lgpd.delete_submit)}
                </button>
                <a href=back class="btn btn-link">{t!(i18n, cancel)}</a>
            </div>
        </ActionForm>
    }
}
