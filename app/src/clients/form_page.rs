//! The client form: registering a client (`/clientes/novo`) and editing one
//! (`/clientes/{id}/editar`). Every control posts as `client[field]` (the server function's
//! `client: ClientInput`), so the form works without JavaScript; hydrated, the fields follow
//! the kind of client, rows can be added, and what was typed stays after an error.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    api::{client_for_edit, CreateClient, UpdateClient},
    ClientDetail, ClientInput, ClientKind, PhoneInput,
};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::{action_error, FormAlert, PageTitle},
    users::Forbidden,
};

mod client_fields;
mod contacts;
pub(super) mod labels;

use client_fields::ClientFields;

/// What the form shows for a stored client, as it would post it back.
pub fn form_values(client: &ClientDetail) -> ClientInput {
    ClientInput {
        kind: client.kind.as_str().to_owned(),
        name: client.name.clone(),
        trade_name: client.trade_name.clone(),
        tax_id: client.tax_id.clone(),
        birth_date: client
            .birth_date
            .map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())),
        profession: client.profession.clone(),
        contact_name: client.contact_name.clone(),
        phones: client
            .phones
            .iter()
            .map(|p| PhoneInput {
                number: p.display.clone(),
                kind: p.kind.clone(),
                whatsapp: p.whatsapp.then(|| "on".to_owned()),
            })
            .collect(),
        emails: client.emails.clone(),
        tags: (!client.tags.is_empty()).then(|| client.tags.join(", ")),
        lines: client.lines.clone(),
        source: client.source.clone(),
        cep: client.cep.clone(),
        street: client.street.clone(),
        street_number: client.street_number.clone(),
        complement: client.complement.clone(),
        district: client.district.clone(),
        city: client.city.clone(),
        state: client.state.clone(),
        notes: client.notes.clone(),
        marketing_consent: client.marketing_consent.then(|| "on".to_owned()),
        consent_channel: client.consent_channel.clone(),
    }
}

/// The save button (off while saving) and the way back.
#[component]
fn Buttons(pending: Memo<bool>, cancel: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="d-flex gap-2 mt-4">
            <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                <i class="bi bi-check-lg me-1" aria-hidden="true"></i>{t!(i18n, client.save)}
            </button>
            <a href=cancel class="btn btn-link">{t!(i18n, cancel)}</a>
        </div>
    }
}

/// `/clientes/novo`.
#[component]
pub fn NewClientPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreateClient>::new();
    let error = action_error(action);
    let values = ClientInput {
        kind: ClientKind::Pf.as_str().to_owned(),
        ..ClientInput::default()
    };
    view! {
        <PageTitle text=move || t_string!(i18n, client.new) />
        <h1 class="h3 mb-1">{t!(i18n, client.new)}</h1>
        <p class="text-body-secondary">{t!(i18n, client.form_intro)}</p>
        <FormAlert error />
        <ActionForm action>
            <ClientFields values error />
            <Buttons pending=action.pending() cancel="/clientes".to_owned() />
        </ActionForm>
    }
}

/// `/clientes/{id}/editar`.
#[component]
pub fn EditClientPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let detail = Resource::new(id, |id| async move {
        match id {
            Some(id) => client_for_edit(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=move || t_string!(i18n, client.edit_title) />
        <Suspense>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(client) => view! { <EditClientForm client /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditClientForm(client: ClientDetail) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateClient>::new();
    let error = action_error(action);
    let back = format!("/clientes/{}", client.id);
    let values = form_values(&client);
    view! {
        <h1 class="h3 mb-1">{t!(i18n, client.edit_title)}</h1>
        <p class="text-body-secondary"><a href=back.clone()>{client.name.clone()}</a></p>
        <FormAlert error />
        <ActionForm action>
            <input type="hidden" name="id" value=client.id />
            <ClientFields values error />
            <Buttons pending=action.pending() cancel=back />
        </ActionForm>
    }
}

#[cfg(test)]
pub(super) mod tests {
    use time::macros::{date, datetime};

    use super::*;
    use crate::clients::Phone;

    /// A person with a bit of everything, for the pages' tests.
    pub fn sample_client() -> ClientDetail {
        ClientDetail {
            id: 7,
            kind: ClientKind::Pf,
            name: "Ana Souza".into(),
            trade_name: None,
            tax_id: Some("529.982.247-25".into()),
            birth_date: Some(date!(1990 - 03 - 05)),
            profession: None,
            contact_name: None,
            phones: vec![Phone {
                e164: "+5531988887777".into(),
                display: "(31) 98888-7777".into(),
                kind: "mobile".into(),
                whatsapp: true,
            }],
            emails: vec!["ana@exemplo.com.br".into()],
            tags: vec!["VIP".into(), "renovação".into()],
            lines: vec!["auto".into()],
            source: Some("site".into()),
            owner_id: Some(3),
            owner: Some("Bruna".into()),
            team: None,
            cep: Some("01310-100".into()),
            street: None,
            street_number: None,
            complement: None,
            district: None,
            city: None,
            state: Some("SP".into()),
            notes: None,
            marketing_consent: true,
            consent_at: None,
            consent_channel: Some("email".into()),
            archived_at: None,
            created_at: datetime!(2026-01-01 12:00 UTC),
            updated_at: datetime!(2026-01-01 12:00 UTC),
        }
    }

    #[test]
    fn a_stored_client_fills_the_form_as_it_would_be_posted() {
        let values = form_values(&sample_client());
        assert_eq!(values.kind, "pf");
        assert_eq!(values.birth_date.as_deref(), Some("1990-03-05"));
        assert_eq!(values.phones[0].number, "(31) 98888-7777");
        assert_eq!(values.phones[0].whatsapp.as_deref(), Some("on"));
        assert_eq!(values.tags.as_deref(), Some("VIP, renovação"));
        assert_eq!(values.marketing_consent.as_deref(), Some("on"));
    }
}
