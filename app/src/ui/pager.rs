//! Paged lists whose filters live in the address: links to a page that keep every other
//! parameter, the range shown, and the "Anterior / Próxima" navigation.

use leptos::prelude::*;
use leptos_router::{hooks::use_query_map, params::ParamsMap};

use crate::i18n::{t, t_string, use_i18n};

/// `base` with `params` as its query (blank values left out).
pub fn href<'a>(base: &str, params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    use crate::format::percent_encode;
    let encoded: Vec<String> = params
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", percent_encode(k, false), percent_encode(v, false)))
        .collect();
    if encoded.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", encoded.join("&"))
    }
}

/// The address of page `page` of the list at `base`, keeping every other parameter.
pub fn page_href(base: &str, query: &ParamsMap, page: i64) -> String {
    let page = page.to_string();
    let kept = query
        .latest_values()
        .filter(|(k, _)| *k != "pagina" && *k != "erro")
        .map(|(k, v)| (k.as_ref(), v));
    href(
        base,
        kept.chain((page != "1").then_some(("pagina", page.as_str()))),
    )
}

/// The number of pages `total` rows fill, `size` a page (at least one).
pub fn page_count(total: i64, size: i64) -> i64 {
    ((total + size - 1) / size).max(1)
}

/// The first and last position shown on `page` (`None` when it shows none).
pub fn shown_range(page: i64, total: i64, size: i64) -> Option<(i64, i64)> {
    let first = (page.max(1) - 1) * size + 1;
    (first <= total).then(|| (first, (first + size - 1).min(total)))
}

/// "Anterior" and "Próxima" for the list at `base`, keeping the filters.
#[component]
pub fn Pager(base: &'static str, current: i64, total: i64, size: i64) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let pages = page_count(total, size);
    let link = move |page: i64, rel: &'static str, label: AnyView, enabled: bool| {
        if enabled {
            let href = page_href(base, &query.read_untracked(), page);
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
