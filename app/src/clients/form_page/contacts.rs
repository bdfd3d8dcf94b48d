//! The phone and e-mail lists of the client form: the client's entries plus one empty row.
//! Without JavaScript that empty row is how one more is added; hydrated, a button adds rows
//! (up to the server's limit of 10). Row `N` posts as `client[phones][N][…]` and its error
//! comes back as `phones.N`.

use leptos::prelude::*;

use super::labels;
use crate::{
    clients::{PhoneInput, PHONE_KINDS},
    error::AppError,
    i18n::{t, t_string, use_i18n},
    ui::fields::{focus_soon, hydrated, Field},
};

/// The most phones or e-mails a client may have (more are ignored by the server).
const MAX_ROWS: usize = 10;

/// Rows numbered from 0: the given values, then an empty one while there is room.
fn numbered<T: Default>(values: Vec<T>) -> Vec<(usize, T)> {
    let mut rows: Vec<T> = values.into_iter().take(MAX_ROWS).collect();
    if rows.len() < MAX_ROWS {
        rows.push(T::default());
    }
    rows.into_iter().enumerate().collect()
}

/// The button that adds a row; shown only once hydrated (it needs JavaScript).
#[component]
fn AddButton<T>(
    rows: RwSignal<Vec<(usize, T)>>,
    /// The id of the first control of row `N`, to move the focus there.
    first_control: fn(usize) -> String,
    label: Signal<String>,
    /// The id of the note shown when the list is full.
    limit_id: &'static str,
) -> impl IntoView
where
    T: Default + Clone + Send + Sync + 'static,
{
    let hydrated = hydrated();
    let full = move || rows.with(Vec::len) >= MAX_ROWS;
    let add = move |_| {
        let index = rows.with(Vec::len);
        if index < MAX_ROWS {
            rows.update(|rows| rows.push((index, T::default())));
            focus_soon(format!("#{}", first_control(index)));
        }
    };
    let i18n = use_i18n();
    view! {
        <div hidden=move || !hydrated.get()>
            <button type="button" class="btn btn-outline-secondary btn-sm" on:click=add
                disabled=full aria-describedby=move || full().then_some(limit_id)>
                <i class="bi bi-plus-lg me-1" aria-hidden="true"></i>{label}
            </button>
            <span id=limit_id class="form-text ms-2" hidden=move || !full()>
                {t!(i18n, client.list_limit)}
            </span>
        </div>
    }
}

fn phone_id(index: usize) -> String {
    format!("client-phone-{index}")
}

fn email_id(index: usize) -> String {
    format!("client-email-{index}")
}

/// The phones of the client.
#[component]
pub fn PhoneList(phones: Vec<PhoneInput>, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(numbered(phones));
    view! {
        <fieldset class="mb-3">
            <legend class="fs-6 fw-semibold">{t!(i18n, client.phones)}</legend>
            <For each=move || rows.get() key=|(index, _)| *index
                children=move |(index, phone)| view! { <PhoneRow index phone error /> } />
            <AddButton rows first_control=phone_id limit_id="client-phones-limit"
                label=Signal::derive(move || t_string!(i18n, client.add_phone).to_string()) />
        </fieldset>
    }
}

#[component]
fn PhoneRow(index: usize, phone: PhoneInput, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let n = index + 1;
    let kind_id = format!("client-phone-{index}-kind");
    let whatsapp_id = format!("client-phone-{index}-whatsapp");
    let kind = if phone.kind.is_empty() {
        "mobile".to_owned()
    } else {
        phone.kind
    };
    view! {
        <div class="row g-2 mb-2">
            <Field class="col-sm-6 col-lg-5" id=phone_id(index)
                name=format!("client[phones][{index}][number]") error_key=format!("phones.{index}")
                kind="tel" autocomplete="tel" value=phone.number error
                label=Signal::derive(move || format!("{} {n}", t_string!(i18n, client.col_phone))) />
            <div class="col-sm-4 col-lg-3">
                <label for=kind_id.clone() class="form-label">
                    {t!(i18n, client.phone_kind)}
                    <span class="visually-hidden">" " {t!(i18n, client.phone_kind_of, n = n)}</span>
                </label>
                <select id=kind_id name=format!("client[phones][{index}][kind]") class="form-select">
                    {PHONE_KINDS.iter().map(|code| view! {
                        <option value=*code selected=kind == *code>{move || labels::phone_kind(i18n, code)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="col-sm-2 col-lg-4 d-flex align-items-end">
                <div class="form-check mb-2">
                    <input id=whatsapp_id.clone() name=format!("client[phones][{index}][whatsapp]")
                        type="checkbox" value="on" class="form-check-input"
                        checked=phone.whatsapp.is_some() />
                    <label for=whatsapp_id class="form-check-label">
                        {t!(i18n, client.whatsapp)}
                        <span class="visually-hidden">" " {t!(i18n, client.whatsapp_of, n = n)}</span>
                    </label>
                </div>
            </div>
        </div>
    }
}

/// The e-mails of the client.
#[component]
pub fn EmailList(emails: Vec<String>, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(numbered(emails));
    view! {
        <fieldset class="mb-3">
            <legend class="fs-6 fw-semibold">{t!(i18n, client.emails)}</legend>
            <div class="row g-2">
                <For each=move || rows.get() key=|(index, _)| *index children=move |(index, email)| view! {
                    <Field class="col-md-6" id=email_id(index) name=format!("client[emails][{index}]")
                        error_key=format!("emails.{index}") kind="email" value=email error
                        label=Signal::derive(move || format!("{} {}", t_string!(i18n, client.col_email), index + 1)) />
                } />
            </div>
            <div class="mt-2">
                <AddButton rows first_control=email_id limit_id="client-emails-limit"
                    label=Signal::derive(move || t_string!(i18n, client.add_email).to_string()) />
            </div>
        </fieldset>
    }
}
