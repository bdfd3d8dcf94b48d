//! One page of the list: the count, the table (or the empty state) and the page links.

use super::{city_state, shown_range};
use crate::{
    clients::{ClientKind, ClientPage, ClientSummary, PAGE_SIZE},
    i18n::{t, use_i18n},
    ui::pager::Pager,
};
use leptos::prelude::*;

/// The clients of one page.
#[component]
pub fn Results(page: ClientPage) -> impl IntoView {
    let i18n = use_i18n();
    let (current, total) = (page.page, page.total);
    let Some((first, last)) = shown_range(current, total) else {
        return view! {
            <div class="border rounded text-center py-5 px-3">
                <p class="fw-semibold mb-1">{t!(i18n, client.empty)}</p>
                <p class="text-body-secondary mb-0">{t!(i18n, client.empty_hint)}</p>
            </div>
            <Pager base="/clientes" current total size=PAGE_SIZE />
        }
        .into_any();
    };
    let rows = page
        .rows
        .into_iter()
        .map(|client| view! { <ClientRow client /> })
        .collect_view();
    view! {
        <p class="text-body-secondary small mb-2">
            {t!(i18n, client.showing, first = first, last = last, total = total)}
        </p>
        <div class="table-responsive">
            <table class="table table-hover align-middle">
                <caption class="visually-hidden">{t!(i18n, client.table)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, client.col_name)}</th>
                        <th scope="col">{t!(i18n, client.col_tax_id)}</th>
                        <th scope="col">{t!(i18n, client.col_phone)}</th>
                        <th scope="col">{t!(i18n, client.col_email)}</th>
                        <th scope="col">{t!(i18n, client.col_city)}</th>
                        <th scope="col">{t!(i18n, client.col_owner)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager base="/clientes" current total size=PAGE_SIZE />
    }
    .into_any()
}

#[component]
fn ClientRow(client: ClientSummary) -> impl IntoView {
    let i18n = use_i18n();
    let trade_name = client.trade_name.filter(|_| client.kind == ClientKind::Pj);
    let place = city_state(client.city.as_deref(), client.state.as_deref());
    view! {
        <tr>
            <td>
                <a href=format!("/clientes/{}", client.id) class="fw-semibold">{client.name}</a>
                {client.archived.then(|| view! {
                    <span class="badge text-bg-warning ms-2">{t!(i18n, client.archived)}</span>
                })}
                {trade_name.map(|name| view! { <div class="small text-body-secondary">{name}</div> })}
            </td>
            <td class="text-nowrap">{client.tax_id}</td>
            <td class="text-nowrap">{client.phone}</td>
            <td>{client.email}</td>
            <td>{place}</td>
            <td>{client.owner}</td>
        </tr>
    }
}
