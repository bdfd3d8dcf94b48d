//! One page of the list: the count, the table (or the empty state) and the page links.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{city_state, page_count, page_href, shown_range};
use crate::{
    clients::{ClientKind, ClientPage, ClientSummary},
    i18n::{t, t_string, use_i18n},
};

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
            <Pager current total />
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
        <Pager current total />
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

/// "Anterior" and "Próxima", keeping the filters.
#[component]
fn Pager(current: i64, total: i64) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let pages = page_count(total);
    let link = move |page: i64, rel: &'static str, label: AnyView, enabled: bool| {
        if enabled {
            let href = page_href(&query.read_untracked(), page);
            view! { <li class="page-item"><a class="page-link" href=href rel=rel>{label}</a></li> }
                .into_any()
        } else {
            view! {
                <li class="page-item disabled">
                    <span class="page-link" aria-disabled="true">{label}</span>
                </li>
            }
            .into_any()
        }
    };
    (pages > 1 || current > 1).then(|| {
        let previous = link(
            (current - 1).min(pages),
            "prev",
            t!(i18n, client.previous).into_any(),
            current > 1,
        );
        let next = link(
            current + 1,
            "next",
            t!(i18n, client.next).into_any(),
            current < pages,
        );
        view! {
            <nav aria-label=move || t_string!(i18n, client.pages)>
                <ul class="pagination flex-wrap">
                    {previous}
                    {(current <= pages).then(|| view! {
                        <li class="page-item active">
                            <span class="page-link" aria-current="page">
                                {t!(i18n, client.page_of, page = current, pages = pages)}
                            </span>
                        </li>
                    })}
                    {next}
                </ul>
            </nav>
        }
    })
}
