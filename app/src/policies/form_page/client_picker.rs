//! Choosing the client of a new policy when the page was opened without one: a plain GET
//! search (it works without JavaScript) over the clients the caller may see, each result a link
//! to the form for that client.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    clients::{api::list_clients, ClientFilter},
    i18n::{t, t_string, use_i18n},
};

/// The search box and its results.
#[component]
pub fn ClientPicker() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let typed = move || {
        query
            .read()
            .get("busca")
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty())
    };
    let found = Resource::new(typed, |typed| async move {
        match typed {
            Some(text) => list_clients(ClientFilter {
                query: Some(text),
                page: 1,
                ..ClientFilter::default()
            })
            .await
            .map(|page| page.rows)
            .map(Some),
            None => Ok(None),
        }
    });
    view! {
        <p class="text-body-secondary">{t!(i18n, policy.pick_client_intro)}</p>
        <form method="get" action="/apolices/nova" role="search" class="card card-body mb-3"
            aria-label=move || t_string!(i18n, policy.pick_client)>
            <label for="pick-client" class="form-label">{t!(i18n, policy.pick_client)}</label>
            <div class="d-flex gap-2">
                <input id="pick-client" name="busca" type="search" class="form-control"
                    value=move || typed().unwrap_or_default() />
                <button type="submit" class="btn btn-primary">{t!(i18n, policy.search_button)}</button>
            </div>
        </form>
        <Transition>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(Some(rows)) if rows.is_empty() => view! {
                        <p>{t!(i18n, policy.pick_client_none)}</p>
                    }.into_any(),
                    Ok(Some(rows)) => view! {
                        <ul class="list-group">
                            {rows.into_iter().map(|c| view! {
                                <li class="list-group-item d-flex justify-content-between align-items-center">
                                    <span>{c.name.clone()} <span class="text-body-secondary small ms-2">{c.tax_id.clone()}</span></span>
                                    <a class="btn btn-sm btn-outline-primary" href=format!("/apolices/nova?cliente={}", c.id)>
                                        {t!(i18n, policy.pick_this)}<span class="visually-hidden">": " {c.name.clone()}</span>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(_) => view! { <p class="text-danger">{t!(i18n, policy.pick_client_failed)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
