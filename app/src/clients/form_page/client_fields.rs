//! The controls of the client form, shared by the new and edit pages. They are drawn once from
//! the initial values and never again: an error only adds messages, so nothing typed is lost.

use leptos::prelude::*;

use super::{
    contacts::{EmailList, PhoneList},
    labels,
};
use crate::{
    clients::{ClientInput, ClientKind, LINES, SOURCES, STATES},
    error::AppError,
    i18n::{t, t_string, use_i18n},
    ui::{
        field_key,
        fields::{focus_soon, hydrated, Field, SelectField, TextAreaField},
        message,
    },
};

/// `Some(value)` as the text a control starts with.
fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// Every control of the client form, filled with `values`.
#[component]
pub fn ClientFields(values: ClientInput, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let hydrated = hydrated();
    let initial_kind = ClientKind::parse(&values.kind).unwrap_or(ClientKind::Pf);
    let kind = RwSignal::new(initial_kind);
    // Without JavaScript both groups are shown (the kind may change before sending).
    let shows = move |group: ClientKind| !hydrated.get() || kind.get() == group;
    let name_label = Signal::derive(move || match (hydrated.get(), kind.get()) {
        (false, _) => t_string!(i18n, client.name_any).to_string(),
        (true, ClientKind::Pf) => t_string!(i18n, client.name_pf).to_string(),
        (true, ClientKind::Pj) => t_string!(i18n, client.name_pj).to_string(),
    });
    let tax_id_label = Signal::derive(move || match (hydrated.get(), kind.get()) {
        (false, _) => t_string!(i18n, client.tax_id_any).to_string(),
        (true, ClientKind::Pf) => t_string!(i18n, client.tax_id_pf).to_string(),
        (true, ClientKind::Pj) => t_string!(i18n, client.tax_id_pj).to_string(),
    });
    // After a refused save, the first field in error gets the focus.
    Effect::new(move |_| {
        if error.with(|e| matches!(e, Some(AppError::Invalid { .. }))) {
            focus_soon("#client-fields [aria-invalid=\"true\"]".to_owned());
        }
    });
    let label = move |text: fn(leptos_i18n::I18nContext<crate::i18n::Locale>) -> String| {
        Signal::derive(move || text(i18n))
    };
    let source = text(&values.source);
    view! {
        <div id="client-fields">
            <KindChoice initial=initial_kind kind error />
            <div class="row g-3 mb-3">
                <Field class="col-md-8" id="client-name" name="client[name]" error_key="name"
                    label=name_label error value=values.name.clone() required=true />
                <Field class="col-md-4" id="client-tax-id" name="client[tax_id]" error_key="tax_id"
                    label=tax_id_label error value=text(&values.tax_id) />
            </div>
            <fieldset class="mb-3" hidden=move || !shows(ClientKind::Pf)>
                <legend class="fs-6 fw-semibold">{t!(i18n, client.kind_pf)}</legend>
                <div class="row g-3">
                    <Field class="col-md-4" id="client-birth-date" name="client[birth_date]"
                        error_key="birth_date" kind="date" error value=text(&values.birth_date)
                        label=label(|i18n| t_string!(i18n, client.birth_date).to_string()) />
                    <Field class="col-md-8" id="client-profession" name="client[profession]"
                        error_key="profession" error value=text(&values.profession)
                        label=label(|i18n| t_string!(i18n, client.profession).to_string()) />
                </div>
            </fieldset>
            <fieldset class="mb-3" hidden=move || !shows(ClientKind::Pj)>
                <legend class="fs-6 fw-semibold">{t!(i18n, client.kind_pj)}</legend>
                <div class="row g-3">
                    <Field class="col-md-6" id="client-trade-name" name="client[trade_name]"
                        error_key="trade_name" error value=text(&values.trade_name)
                        label=label(|i18n| t_string!(i18n, client.trade_name).to_string()) />
                    <Field class="col-md-6" id="client-contact-name" name="client[contact_name]"
                        error_key="contact_name" error value=text(&values.contact_name)
                        label=label(|i18n| t_string!(i18n, client.contact_name).to_string()) />
                </div>
            </fieldset>
            <PhoneList phones=values.phones.clone() error />
            <EmailList emails=values.emails.clone() error />
            <Field id="client-tags" name="client[tags]" error_key="tags" error value=text(&values.tags)
                label=label(|i18n| t_string!(i18n, client.tags).to_string())
                help=label(|i18n| t_string!(i18n, client.tags_help).to_string()) />
            <LineChoice chosen=values.lines.clone() error />
            <SelectField id="client-source" name="client[source]" error_key="source" error
                label=label(|i18n| t_string!(i18n, client.source).to_string())>
                <option value="">{t!(i18n, client.source_none)}</option>
                {SOURCES.iter().map(|code| view! {
                    <option value=*code selected=source == *code>{move || labels::source(i18n, code)}</option>
                }).collect_view()}
            </SelectField>
            <Address values=values.clone() error />
            <TextAreaField id="client-notes" name="client[notes]" error_key="notes" error
                value=text(&values.notes) label=label(|i18n| t_string!(i18n, client.notes).to_string()) />
            <Consent values error />
        </div>
    }
}

/// Pessoa física or jurídica; hydrated, the choice shows the fields that belong to it.
#[component]
fn KindChoice(
    initial: ClientKind,
    kind: RwSignal<ClientKind>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = move || error.with(|e| field_key(e.as_ref(), "kind"));
    let radio = move |value: ClientKind| {
        let id = format!("client-kind-{}", value.as_str());
        view! {
            <div class="form-check form-check-inline">
                <input id=id.clone() name="client[kind]" type="radio" value=value.as_str()
                    class="form-check-input" checked=initial == value
                    on:change=move |_| kind.set(value) />
                <label for=id class="form-check-label">{move || labels::kind(i18n, value)}</label>
            </div>
        }
    };
    view! {
        <fieldset class="mb-3" aria-describedby=move || key().map(|_| "client-kind-erro")>
            <legend class="fs-6 fw-semibold">{t!(i18n, client.kind_legend)}</legend>
            {radio(ClientKind::Pf)}
            {radio(ClientKind::Pj)}
            {move || key().map(|key| view! {
                <div id="client-kind-erro" class="invalid-feedback d-block">{message(i18n, &key)}</div>
            })}
        </fieldset>
    }
}

/// The insurance lines the client is interested in.
#[component]
fn LineChoice(chosen: Vec<String>, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let key = move || error.with(|e| field_key(e.as_ref(), "lines"));
    view! {
        <fieldset class="mb-3" aria-describedby=move || key().map(|_| "client-lines-erro")>
            <legend class="fs-6 fw-semibold">{t!(i18n, client.lines)}</legend>
            <div class="d-flex flex-wrap column-gap-4">
                {LINES.iter().map(|code| {
                    let id = format!("client-line-{code}");
                    view! {
                        <div class="form-check">
                            <input id=id.clone() name="client[lines][]" type="checkbox" value=*code
                                class="form-check-input" checked=chosen.iter().any(|c| c == code) />
                            <label for=id class="form-check-label">{move || labels::line(i18n, code)}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
            {move || key().map(|key| view! {
                <div id="client-lines-erro" class="invalid-feedback d-block">{message(i18n, &key)}</div>
            })}
        </fieldset>
    }
}

#[component]
fn Address(values: ClientInput, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |text: fn(leptos_i18n::I18nContext<crate::i18n::Locale>) -> String| {
        Signal::derive(move || text(i18n))
    };
    let state = text(&values.state);
    view! {
        <fieldset class="mb-3">
            <legend class="fs-6 fw-semibold">{t!(i18n, client.address)}</legend>
            <div class="row g-3">
                <Field class="col-sm-4 col-lg-3" id="client-cep" name="client[cep]" error_key="cep"
                    inputmode="numeric" error value=text(&values.cep)
                    label=label(|i18n| t_string!(i18n, client.cep).to_string()) />
                <Field class="col-sm-8 col-lg-7" id="client-street" name="client[street]" error_key="street"
                    error value=text(&values.street)
                    label=label(|i18n| t_string!(i18n, client.street).to_string()) />
                <Field class="col-sm-4 col-lg-2" id="client-street-number" name="client[street_number]"
                    error_key="street_number" error value=text(&values.street_number)
                    label=label(|i18n| t_string!(i18n, client.street_number).to_string()) />
                <Field class="col-sm-8 col-lg-4" id="client-complement" name="client[complement]"
                    error_key="complement" error value=text(&values.complement)
                    label=label(|i18n| t_string!(i18n, client.complement).to_string()) />
                <Field class="col-sm-6 col-lg-3" id="client-district" name="client[district]"
                    error_key="district" error value=text(&values.district)
                    label=label(|i18n| t_string!(i18n, client.district).to_string()) />
                <Field class="col-sm-6 col-lg-3" id="client-city" name="client[city]" error_key="city"
                    error value=text(&values.city)
                    label=label(|i18n| t_string!(i18n, client.city).to_string()) />
                <SelectField class="col-sm-6 col-lg-2" id="client-state" name="client[state]"
                    error_key="state" error label=label(|i18n| t_string!(i18n, client.state).to_string())>
                    <option value="">{t!(i18n, client.state_none)}</option>
                    {STATES.iter().map(|uf| view! {
                        <option value=*uf selected=state == *uf>{*uf}</option>
                    }).collect_view()}
                </SelectField>
            </div>
        </fieldset>
    }
}

/// Marketing consent (LGPD) and the channel it was given through.
#[component]
fn Consent(values: ClientInput, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let channel = text(&values.consent_channel);
    view! {
        <fieldset class="mb-3">
            <legend class="fs-6 fw-semibold">{t!(i18n, client.consent_legend)}</legend>
            <div class="form-check mb-3">
                <input id="client-marketing-consent" name="client[marketing_consent]" type="checkbox"
                    value="on" class="form-check-input" checked=values.marketing_consent.is_some() />
                <label for="client-marketing-consent" class="form-check-label">
                    {t!(i18n, client.marketing_consent)}
                </label>
            </div>
            <SelectField class="mb-3 col-md-6 px-0" id="client-consent-channel" name="client[consent_channel]"
                error_key="consent_channel" error
                label=Signal::derive(move || t_string!(i18n, client.consent_channel).to_string())>
                <option value="">{t!(i18n, client.channel_none)}</option>
                {labels::CHANNELS.iter().map(|code| view! {
                    <option value=*code selected=channel == *code>{move || labels::channel(i18n, code)}</option>
                }).collect_view()}
            </SelectField>
        </fieldset>
    }
}
