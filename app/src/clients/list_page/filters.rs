//! The list's filter form: a plain GET form (it works without JavaScript), whose search box,
//! once hydrated, updates the address ~300 ms after the person stops typing.

use std::time::Duration;

use leptos::{html, prelude::*, web_sys};
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};

use super::{list_href, FILTER_PARAMS};
use crate::{
    clients::{form_page::labels, ClientKind, ClientPage, ClientSort, LINES},
    error::AppError,
    i18n::{t, t_string, use_i18n},
};

/// How long the search box waits after the last keystroke before searching.
const TYPING_PAUSE: Duration = Duration::from_millis(300);

/// The filter form; `clients` gives the owners to filter by.
#[component]
pub fn Filters(clients: Resource<Result<ClientPage, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let value = move |key: &str| query.read_untracked().get(key).unwrap_or_default();
    let kind = value("tipo");
    let line = value("ramo");
    let sort = ClientSort::parse(Some(&value("ordem")));
    let archived = value("arquivados") == "1";
    let form = NodeRef::<html::Form>::new();
    view! {
        <form node_ref=form method="get" action="/clientes" role="search" class="card card-body mb-3"
            aria-label=move || t_string!(i18n, client.filters)>
            <div class="row g-3">
                <SearchBox form />
                <div class="col-sm-6 col-lg-2">
                    <label for="filter-kind" class="form-label">{t!(i18n, client.kind)}</label>
                    <select id="filter-kind" name="tipo" class="form-select">
                        <option value="">{t!(i18n, client.kind_any)}</option>
                        {[ClientKind::Pf, ClientKind::Pj].into_iter().map(|k| view! {
                            <option value=k.as_str() selected=kind == k.as_str()>{move || labels::kind(i18n, k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="col-sm-6 col-lg-3">
                    <label for="filter-owner" class="form-label">{t!(i18n, client.owner)}</label>
                    <OwnerSelect clients />
                </div>
                <div class="col-sm-6 col-lg-3">
                    <label for="filter-line" class="form-label">{t!(i18n, client.line)}</label>
                    <select id="filter-line" name="ramo" class="form-select">
                        <option value="">{t!(i18n, client.line_any)}</option>
                        {LINES.iter().map(|code| view! {
                            <option value=*code selected=line == *code>{move || labels::line(i18n, code)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="col-sm-6 col-lg-3">
                    <label for="filter-tag" class="form-label">{t!(i18n, client.tag)}</label>
                    <input id="filter-tag" name="etiqueta" type="text" class="form-control" value=value("etiqueta") />
                </div>
                <div class="col-sm-6 col-lg-3">
                    <label for="filter-city" class="form-label">{t!(i18n, client.city)}</label>
                    <input id="filter-city" name="cidade" type="text" class="form-control" value=value("cidade") />
                </div>
                <super::created_between::CreatedBetween clients />
                <div class="col-sm-6 col-lg-3">
                    <label for="filter-sort" class="form-label">{t!(i18n, client.sort)}</label>
                    <select id="filter-sort" name="ordem" class="form-select">
                        <option value=ClientSort::Name.as_param() selected=sort == ClientSort::Name>{t!(i18n, client.sort_name)}</option>
                        <option value=ClientSort::Newest.as_param() selected=sort == ClientSort::Newest>{t!(i18n, client.sort_newest)}</option>
                        <option value=ClientSort::Updated.as_param() selected=sort == ClientSort::Updated>{t!(i18n, client.sort_updated)}</option>
                    </select>
                </div>
                <div class="col-sm-6 col-lg-3 d-flex align-items-end">
                    <div class="form-check mb-2">
                        <input id="filter-archived" name="arquivados" type="checkbox" value="1" class="form-check-input" checked=archived />
                        <label for="filter-archived" class="form-check-label">{t!(i18n, client.show_archived)}</label>
                    </div>
                </div>
                <div class="col-12 d-flex gap-2">
                    <button type="submit" class="btn btn-primary">
                        <i class="bi bi-funnel me-1" aria-hidden="true"></i>{t!(i18n, client.filter)}
                    </button>
                    // A full load, so every control starts again from the empty address.
                    <a href="/clientes" rel="external" class="btn btn-outline-secondary">{t!(i18n, client.clear)}</a>
                </div>
            </div>
        </form>
    }
}

/// The search box. Hydrated, each pause in typing replaces the address with the whole form's
/// current values (so the list matches what the form shows), which reloads the list.
#[component]
fn SearchBox(form: NodeRef<html::Form>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let initial = query.read_untracked().get("q").unwrap_or_default();
    let input = NodeRef::<html::Input>::new();
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // What the box last put in the address; anything else there (going back, say) is shown.
    let sent = StoredValue::new(initial.trim().to_owned());
    Effect::new(move |_| {
        let q = query.read().get("q").unwrap_or_default();
        if q.trim() != sent.get_value() {
            if let Some(input) = input.get_untracked() {
                input.set_value(&q);
            }
            sent.set_value(q.trim().to_owned());
        }
    });
    on_cleanup(move || {
        if let Some(Some(timer)) = timer.try_get_value() {
            timer.clear();
        }
    });
    // The timer is cleared when the page goes away, so `search` never runs after it.
    let on_input = move |_: leptos::ev::Event| {
        if let Some(previous) = timer.get_value() {
            previous.clear();
        }
        let navigate = navigate.clone();
        let search = move || {
            let Some(href) = form.get_untracked().map(|form| form_href(&form)) else {
                return;
            };
            let q = input.get_untracked().map(|i| i.value()).unwrap_or_default();
            sent.set_value(q.trim().to_owned());
            let options = NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            };
            navigate(&href, options);
        };
        timer.set_value(set_timeout_with_handle(search, TYPING_PAUSE).ok());
    };
    view! {
        <div class="col-md-12 col-lg-4">
            <label for="filter-q" class="form-label">{t!(i18n, client.search)}</label>
            <input node_ref=input id="filter-q" name="q" type="search" class="form-control"
                value=initial aria-describedby="filter-q-ajuda" on:input=on_input />
            <div id="filter-q-ajuda" class="form-text">{t!(i18n, client.search_help)}</div>
        </div>
    }
}

/// The list's address for what `form` holds now (page 1).
fn form_href(form: &web_sys::HtmlFormElement) -> String {
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return list_href([]);
    };
    let values: Vec<(&str, String)> = FILTER_PARAMS
        .iter()
        .filter_map(|key| Some((*key, data.get(key).as_string()?.trim().to_owned())))
        .collect();
    list_href(values.iter().map(|(k, v)| (*k, v.as_str())))
}

/// The owner filter. It is drawn again each time the list loads (the owners come with it), so
/// the choice is kept in a signal rather than read back from the address.
#[component]
fn OwnerSelect(clients: Resource<Result<ClientPage, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let chosen = RwSignal::new(
        query
            .read_untracked()
            .get("responsavel")
            .unwrap_or_default(),
    );
    let select = move |owners: Vec<(i64, String)>| {
        let current = chosen.get_untracked();
        view! {
            <select id="filter-owner" name="responsavel" class="form-select"
                on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">{t!(i18n, client.owner_any)}</option>
                {owners.into_iter().map(|(id, name)| {
                    let selected = current == id.to_string();
                    view! { <option value=id selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        }
    };
    view! {
        <Transition fallback=move || select(Vec::new())>
            {move || Suspend::new(async move {
                select(clients.await.map(|page| page.owners).unwrap_or_default())
            })}
        </Transition>
    }
}
