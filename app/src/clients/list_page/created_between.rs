//! The "Criado entre" pair of date fields of the list's filter form (`criado_de`,
//! `criado_ate`). The server checks them; a bad day or an end before the start is shown next to
//! its field once the list answers.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    clients::ClientPage,
    error::AppError,
    i18n::{t, use_i18n},
    ui::{field_key, message},
};

/// The two date fields; `clients` tells whether the server refused them.
#[component]
pub fn CreatedBetween(clients: Resource<Result<ClientPage, AppError>>) -> impl IntoView {
    let fields = move |error: Option<AppError>| {
        view! {
            <DayField id="filter-created-from" name="criado_de" field="created_from" error=error.clone() />
            <DayField id="filter-created-until" name="criado_ate" field="created_until" error />
        }
    };
    view! {
        <Transition fallback=move || fields(None)>
            {move || Suspend::new(async move { fields(clients.await.err()) })}
        </Transition>
    }
}

#[component]
fn DayField(
    id: &'static str,
    name: &'static str,
    field: &'static str,
    error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let value = query.read_untracked().get(name).unwrap_or_default();
    let problem = field_key(error.as_ref(), field).map(|key| message(i18n, &key));
    let feedback = format!("{id}-erro");
    let label = if name == "criado_de" {
        t!(i18n, client_export.created_from).into_any()
    } else {
        t!(i18n, client_export.created_until).into_any()
    };
    view! {
        <div class="col-sm-6 col-lg-3">
            <label for=id class="form-label">{label}</label>
            <input id=id name=name type="date" class="form-control" value=value
                class:is-invalid=problem.is_some()
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=problem.is_some().then(|| feedback.clone()) />
            {problem.map(|m| view! { <div id=feedback class="invalid-feedback d-block">{m}</div> })}
        </div>
    }
}
