//! `/clientes/{id}/mesclar/{other}`: the two clients side by side, one pair of radios per field
//! (checked: this client's value, or the other's when this one is blank), what is united and
//! what moves, and "Mesclar clientes". A plain form, so it works before the app hydrates; after
//! the merge the server sends the browser to the client kept.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{merge_preview, merged, shown, side, Field, MergeClients, MergePair, Side};
use crate::{
    clients::{form_page::labels, ClientDetail, MergeChoice},
    error::AppError,
    i18n::{t, t_string, use_i18n, Locale},
    pages::{ErrorPage, NotFoundPage},
    ui::{action_error, field_key, FormAlert, PageTitle},
    users::Forbidden,
};

type I18n = leptos_i18n::I18nContext<Locale>;

/// The merge page.
#[component]
pub fn MergeClientsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let ids = move || {
        let read = |key: &str| params.read().get(key).and_then(|v| v.parse::<i64>().ok());
        read("id").zip(read("other"))
    };
    let data = Resource::new(ids, |ids| async move {
        match ids {
            Some((id, other)) => merge_preview(id, other).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=move || t_string!(i18n, merge.title).to_string() />
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <MergeForm data /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(AppError::NotFound | AppError::BadRequest) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn field_label(i18n: I18n, field: Field) -> String {
    let label = match field {
        Field::Name => t_string!(i18n, merge.field_name),
        Field::TaxId => t_string!(i18n, merge.field_tax_id),
        Field::BirthDate => t_string!(i18n, merge.field_birth_date),
        Field::Profession => t_string!(i18n, merge.field_profession),
        Field::TradeName => t_string!(i18n, merge.field_trade_name),
        Field::ContactName => t_string!(i18n, merge.field_contact_name),
        Field::Source => t_string!(i18n, merge.field_source),
        Field::Address => t_string!(i18n, merge.field_address),
        Field::Notes => t_string!(i18n, merge.field_notes),
        Field::Owner => t_string!(i18n, merge.field_owner),
    };
    label.to_string()
}

/// A field's value as the radio's label shows it (codes as names, the kind with the document).
fn value_text(i18n: I18n, field: Field, c: &ClientDetail) -> String {
    let value = shown(field, c);
    match (field, value) {
        (Field::Source, Some(code)) => labels::source(i18n, &code),
        (Field::TaxId, value) => {
            let kind = labels::kind(i18n, c.kind);
            value.map_or(kind.clone(), |v| format!("{kind} · {v}"))
        }
        (_, Some(value)) => value,
        (_, None) => "—".to_owned(),
    }
}

fn radio(i18n: I18n, field: Field, side: Side, c: &ClientDetail, checked: bool) -> impl IntoView {
    let key = field.key();
    let (code, whose) = match side {
        Side::This => ("this", t_string!(i18n, merge.this_client).to_string()),
        Side::Other => ("other", t_string!(i18n, merge.other_client).to_string()),
    };
    let id = format!("merge-{key}-{code}");
    let text = value_text(i18n, field, c);
    view! {
        <div class="col-md form-check ms-3 ms-md-0">
            <input class="form-check-input" type="radio" id=id.clone() name=format!("keep[{key}]")
                value=code checked=checked />
            <label class="form-check-label text-break" for=id>
                <span class="visually-hidden">{whose}": "</span>{text}
            </label>
        </div>
    }
}

/// One field: its name, and a radio for each client's value.
fn field_row(i18n: I18n, field: Field, this: &ClientDetail, other: &ClientDetail) -> impl IntoView {
    let default = side(field, &MergeChoice::default(), this, other);
    view! {
        <fieldset class="row border-bottom py-2 mx-0">
            <legend class="col-md-3 col-form-label fw-semibold fs-6 pt-0">{field_label(i18n, field)}</legend>
            {radio(i18n, field, Side::This, this, default == Side::This)}
            {radio(i18n, field, Side::Other, other, default == Side::Other)}
        </fieldset>
    }
}

fn united(label: String, values: Vec<String>, none: String) -> impl IntoView {
    let text = if values.is_empty() {
        none
    } else {
        values.join(", ")
    };
    view! { <dt class="col-sm-4">{label}</dt><dd class="col-sm-8">{text}</dd> }
}

/// What the merge unites and moves (for the default choices).
fn summary(i18n: I18n, data: &MergePair) -> impl IntoView {
    let none = t_string!(i18n, merge.none).to_string();
    let result = merged(&data.this, &data.other, &MergeChoice::default());
    let body = match result {
        Ok(m) => {
            let phones = m.phones.into_iter().map(|p| p.display).collect();
            let lines = m.lines.iter().map(|l| labels::line(i18n, l)).collect();
            view! {
                <dl class="row mb-2">
                    {united(t_string!(i18n, merge.phones).to_string(), phones, none.clone())}
                    {united(t_string!(i18n, merge.emails).to_string(), m.emails, none.clone())}
                    {united(t_string!(i18n, merge.tags).to_string(), m.tags, none.clone())}
                    {united(t_string!(i18n, merge.lines).to_string(), lines, none)}
                </dl>
            }
            .into_any()
        }
        Err(field) => {
            view! { <p class="alert alert-warning">{too_many(i18n, field)}</p> }.into_any()
        }
    };
    let (notes, consents, imports) = (data.notes, data.consents, data.import_rows);
    view! {
        <section class="card my-3" aria-labelledby="merge-summary">
            <div class="card-body">
                <h2 id="merge-summary" class="h6">{t!(i18n, merge.united_heading)}</h2>
                {body}
                <p class="mb-1">{t!(i18n, merge.moved, notes = notes, consents = consents, imports = imports)}</p>
                <p class="mb-1">{t!(i18n, merge.consent_note)}</p>
                <p class="mb-0 fw-semibold">{t!(i18n, merge.deleted_note)}</p>
            </div>
        </section>
    }
}

fn too_many(i18n: I18n, field: &str) -> String {
    match field {
        "phones" => t_string!(i18n, merge.too_many_phones),
        "emails" => t_string!(i18n, merge.too_many_emails),
        _ => t_string!(i18n, merge.too_many_tags),
    }
    .to_string()
}

#[component]
fn MergeForm(data: MergePair) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<MergeClients>::new();
    let error = action_error(action);
    let refused = move || {
        let error = error.get();
        ["phones", "emails", "tags"]
            .into_iter()
            .find(|f| field_key(error.as_ref(), f).is_some())
            .map(|f| too_many(i18n, f))
    };
    let (id, other) = (data.this.id, data.other.id);
    let back = format!("/clientes/{id}");
    let rows = Field::ALL
        .into_iter()
        .map(|f| field_row(i18n, f, &data.this, &data.other))
        .collect_view();
    let (this_name, other_name) = (data.this.name.clone(), data.other.name.clone());
    view! {
        <h1 class="h3 mb-1">{t!(i18n, merge.title)}</h1>
        <p class="text-body-secondary">
            <a href=back.clone()>{this_name}</a>" ← "
            <a href=format!("/clientes/{other}")>{other_name}</a>
        </p>
        <p>{t!(i18n, merge.intro)}</p>
        {summary(i18n, &data)}
        <FormAlert error />
        {move || refused().map(|text| view! { <p class="alert alert-danger" role="alert">{text}</p> })}
        <ActionForm action>
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="other" value=other />
            <div class="row fw-semibold mx-0 d-none d-md-flex border-bottom pb-1" aria-hidden="true">
                <div class="col-md-3"></div>
                <div class="col-md">{t!(i18n, merge.this_client)}" (#"{id}")"</div>
                <div class="col-md">{t!(i18n, merge.other_client)}" (#"{other}")"</div>
            </div>
            {rows}
            <div class="d-flex gap-2 mt-3">
                <button type="submit" class="btn btn-danger" disabled=move || action.pending().get()>
                    <i class="bi bi-union me-1" aria-hidden="true"></i>{t!(i18n, merge.submit)}
                </button>
                <a href=back class="btn btn-link">{t!(i18n, cancel)}</a>
            </div>
        </ActionForm>
    }
}
