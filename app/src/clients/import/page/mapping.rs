//! A draft import: how the file is read (encoding, separator — changeable), its first lines with
//! a field chosen under each column, and the two choices (existing clients, invalid lines).

use leptos::prelude::*;

use crate::{
    clients::{
        columns::Column,
        import::{
            api::{ReformatImport, StartImport},
            column_label, ImportView,
        },
    },
    i18n::{t, t_string, use_i18n, Locale},
    ui::{action_error, field_key, message, FormAlert},
};

/// A label in the reader's language.
type Label = fn(leptos_i18n::I18nContext<Locale>) -> String;

#[component]
fn ReadAs(data: ImportView, reformat: ServerAction<ReformatImport>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(reformat);
    let encodings = [
        ("utf-8", "UTF-8"),
        ("windows-1252", "Windows-1252 (Excel)"),
        ("utf-16", "UTF-16"),
    ];
    let separators: [(&str, Label); 3] = [
        (";", |i18n| {
            t_string!(i18n, import.sep_semicolon).to_string()
        }),
        (",", |i18n| t_string!(i18n, import.sep_comma).to_string()),
        ("tab", |i18n| t_string!(i18n, import.sep_tab).to_string()),
    ];
    let current_sep = if data.separator == "\t" {
        "tab".to_owned()
    } else {
        data.separator.clone()
    };
    let encoding = data.encoding.clone();
    view! {
        <ActionForm action=reformat attr:class="row g-2 align-items-end mb-3">
            <input type="hidden" name="id" value=data.summary.id />
            <div class="col-sm-4">
                <label for="encoding" class="form-label">{t!(i18n, import.encoding)}</label>
                <select id="encoding" name="encoding" class="form-select">
                    {encodings.into_iter().map(|(code, label)| view! {
                        <option value=code selected=encoding == code>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="col-sm-4">
                <label for="separator" class="form-label">{t!(i18n, import.separator)}</label>
                <select id="separator" name="separator" class="form-select">
                    {separators.into_iter().map(|(code, label)| view! {
                        <option value=code selected=current_sep == code>{move || label(i18n)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="col-sm-4">
                <button type="submit" class="btn btn-outline-secondary">{t!(i18n, import.reread)}</button>
            </div>
        </ActionForm>
        <FormAlert error />
    }
}

#[component]
fn ColumnSelect(index: usize, header: String, chosen: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("coluna-{index}");
    let header_for_label = header.clone();
    view! {
        <label for=id.clone() class="visually-hidden">
            {move || format!("{} «{}»", t_string!(i18n, import.field_for), header_for_label)}
        </label>
        <select id=id name=format!("mapping[{index}]") class="form-select form-select-sm">
            <option value="" selected=chosen.is_none()>{t!(i18n, import.ignore_column)}</option>
            {Column::ALL.into_iter().map(|c| {
                let selected = chosen.as_deref() == Some(c.code());
                view! { <option value=c.code() selected=selected>{move || column_label(i18n.get_locale(), c)}</option> }
            }).collect_view()}
        </select>
    }
}

/// The preview, the mapping and the choices.
#[component]
pub fn Mapping(
    data: ImportView,
    reformat: ServerAction<ReformatImport>,
    start: ServerAction<StartImport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(start);
    let mapping_error = move || {
        field_key(error.get().as_ref(), "mapping").map(|key| {
            view! { <div class="alert alert-danger" role="alert">{message(i18n, &key)}</div> }
        })
    };
    let id = data.summary.id;
    let selects = data
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let chosen = data.mapping.get(i).cloned().flatten();
            view! {
                <th scope="col" class="align-top" style="min-width: 12rem">
                    <div class="mb-1">{h.clone()}</div>
                    <ColumnSelect index=i header=h.clone() chosen />
                </th>
            }
        })
        .collect_view();
    let sample = data
        .sample
        .iter()
        .map(|cells| {
            let cells = cells
                .iter()
                .map(|c| view! { <td>{c.clone()}</td> })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let unreadable = data.header.is_empty();
    view! {
        <ReadAs data=data.clone() reformat />
        {unreadable.then(|| view! {
            <div class="alert alert-warning" role="alert">{t!(i18n, import.unreadable_as_chosen)}</div>
        })}
        <ActionForm action=start>
            <input type="hidden" name="id" value=id />
            <h2 class="h5">{t!(i18n, import.mapping_heading)}</h2>
            <p class="text-body-secondary">{t!(i18n, import.mapping_help)}</p>
            {mapping_error}
            <div class="table-responsive mb-3">
                <table class="table table-sm table-bordered">
                    <caption>{t!(i18n, import.preview_caption)}</caption>
                    <thead><tr>{selects}</tr></thead>
                    <tbody>{sample}</tbody>
                </table>
            </div>
            <fieldset class="mb-3">
                <legend class="h6">{t!(i18n, import.mode_legend)}</legend>
                <div class="form-check">
                    <input class="form-check-input" type="radio" name="mode" id="mode-create" value="create" checked />
                    <label class="form-check-label" for="mode-create">{t!(i18n, import.mode_create)}</label>
                </div>
                <div class="form-check">
                    <input class="form-check-input" type="radio" name="mode" id="mode-update" value="update" />
                    <label class="form-check-label" for="mode-update">{t!(i18n, import.mode_update)}</label>
                </div>
            </fieldset>
            <fieldset class="mb-3">
                <legend class="h6">{t!(i18n, import.invalid_legend)}</legend>
                <div class="form-check">
                    <input class="form-check-input" type="radio" name="keep_valid" id="keep-sim" value="sim" checked />
                    <label class="form-check-label" for="keep-sim">{t!(i18n, import.keep_valid)}</label>
                </div>
                <div class="form-check">
                    <input class="form-check-input" type="radio" name="keep_valid" id="keep-nao" value="nao" />
                    <label class="form-check-label" for="keep-nao">{t!(i18n, import.all_or_nothing)}</label>
                </div>
            </fieldset>
            <button type="submit" class="btn btn-primary" disabled=move || start.pending().get()>
                <i class="bi bi-play-fill me-1" aria-hidden="true"></i>{t!(i18n, import.start)}
            </button>
        </ActionForm>
    }
}
