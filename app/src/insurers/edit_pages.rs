//! Editing one insurer (`/admin/seguradoras/{id}`) or one ramo (`/admin/ramos/{id}`), admins
//! only. Saving goes back to the list; a refused save keeps what was typed and shows each
//! message next to its field.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    api::{
        list_insurance_lines, list_insurers, UpdateInsuranceLine, UpdateInsurer, INSURERS_PATH,
        LINES_PATH,
    },
    widgets::{FormButtons, InsurerFields, LineFields, ManageGate},
    InsuranceLine, Insurer,
};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::{action_error, FormAlert, PageTitle},
    users::AdminTabs,
};

/// The `:id` of the address, if it is a number.
fn id_param() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|id| id.parse().ok())
}

/// The page for a record `found` (or why there is none).
fn page_for<T>(found: Result<Option<T>, AppError>, form: impl FnOnce(T) -> AnyView) -> AnyView {
    match found {
        Ok(Some(record)) => form(record),
        Ok(None) => view! { <NotFoundPage /> }.into_any(),
        Err(err) => {
            view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any()
        }
    }
}

/// `/admin/seguradoras/{id}`.
#[component]
pub fn EditInsurerPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let update = ServerAction::<UpdateInsurer>::new();
    let insurers = Resource::new(|| (), |_| list_insurers());
    view! {
        <PageTitle text=move || t_string!(i18n, reference.insurer_edit) />
        <AdminTabs />
        <h1 class="h3">{t!(i18n, reference.insurer_edit)}</h1>
        <ManageGate>
            <Suspense>
                {move || Suspend::new(async move {
                    let found = insurers.await.map(|all| all.into_iter().find(|i| Some(i.id) == id()));
                    page_for(found, |insurer| view! { <InsurerForm insurer update /> }.into_any())
                })}
            </Suspense>
        </ManageGate>
    }
}

#[component]
fn InsurerForm(insurer: Insurer, update: ServerAction<UpdateInsurer>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(update);
    let id = insurer.id;
    view! {
        <FormAlert error />
        <ActionForm action=update>
            <input type="hidden" name="id" value=id />
            <InsurerFields prefix="insurer-edit" insurer=Some(insurer) error />
            <FormButtons label=Signal::derive(move || t_string!(i18n, save).to_string()) back=INSURERS_PATH />
        </ActionForm>
    }
}

/// `/admin/ramos/{id}`.
#[component]
pub fn EditLinePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let update = ServerAction::<UpdateInsuranceLine>::new();
    let lines = Resource::new(|| (), |_| list_insurance_lines());
    view! {
        <PageTitle text=move || t_string!(i18n, reference.line_edit) />
        <AdminTabs />
        <h1 class="h3">{t!(i18n, reference.line_edit)}</h1>
        <ManageGate>
            <Suspense>
                {move || Suspend::new(async move {
                    let found = lines.await.map(|all| all.into_iter().find(|l| Some(l.id) == id()));
                    page_for(found, |line| view! { <LineForm line update /> }.into_any())
                })}
            </Suspense>
        </ManageGate>
    }
}

#[component]
fn LineForm(line: InsuranceLine, update: ServerAction<UpdateInsuranceLine>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(update);
    let id = line.id;
    view! {
        <FormAlert error />
        <ActionForm action=update>
            <input type="hidden" name="id" value=id />
            <LineFields prefix="line-edit" line=Some(line) error />
            <FormButtons label=Signal::derive(move || t_string!(i18n, save).to_string()) back=LINES_PATH />
        </ActionForm>
    }
}
