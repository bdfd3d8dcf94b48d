//! Clientes (`/clientes`): the clients the caller may see, searched and filtered, 25 a page.
//! The filters live in the address, so a plain GET form works without JavaScript and a filtered
//! list can be shared; once hydrated, the list follows the search box as the person types.

use leptos::prelude::*;
use leptos_router::{hooks::use_query_map, params::ParamsMap};

use super::{api::list_clients, ClientFilter, ClientKind, ClientSort, LINES, PAGE_SIZE};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    ui::{FormAlert, PageTitle},
    users::Forbidden,
};

mod created_between;
mod export_link;
mod filters;
mod table;

/// The highest page number taken from the address (beyond it the list is empty anyway).
const MAX_PAGE: i64 = 100_000;

/// The address parameters of the filter form, in the order they are written.
pub(super) const FILTER_PARAMS: &[&str] = &[
    "q",
    "tipo",
    "responsavel",
    "ramo",
    "etiqueta",
    "cidade",
    "criado_de",
    "criado_ate",
    "ordem",
    "arquivados",
];

/// The list's filter as the address gives it: blank values mean "any"; numbers that do not
/// parse, unknown kinds and unknown lines are ignored; pages count from 1.
pub fn filter_from_query(query: &ParamsMap) -> ClientFilter {
    let text = |key: &str| {
        query
            .get_str(key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    ClientFilter {
        query: text("q"),
        kind: text("tipo").and_then(|k| ClientKind::parse(&k)),
        owner_id: text("responsavel").and_then(|v| v.parse().ok()),
        tag: text("etiqueta"),
        line: text("ramo").filter(|l| LINES.contains(&l.as_str())),
        city: text("cidade"),
        created_from: text("criado_de"),
        created_until: text("criado_ate"),
        archived: text("arquivados").is_some_and(|v| v == "1"),
        sort: ClientSort::parse(text("ordem").as_deref()),
        page: text("pagina")
            .and_then(|p| p.parse::<i64>().ok())
            .map_or(1, |p| p.clamp(1, MAX_PAGE)),
    }
}

/// `/clientes` with `params` (blank values left out).
pub fn list_href<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    crate::ui::pager::href("/clientes", params)
}

/// The first and last position shown on `page` of `total` clients (`None` when it shows none).
pub fn shown_range(page: i64, total: i64) -> Option<(i64, i64)> {
    crate::ui::pager::shown_range(page, total, PAGE_SIZE)
}

/// "São Paulo/SP", or whichever half is known.
pub fn city_state(city: Option<&str>, state: Option<&str>) -> String {
    match (city, state) {
        (Some(city), Some(state)) => format!("{city}/{state}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => String::new(),
    }
}

/// The clients list page.
#[component]
pub fn ClientsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| filter_from_query(&query.read()));
    let clients = Resource::new(move || filter.get(), list_clients);
    // The results are re-rendered on each search; this region stays, so screen readers hear
    // the new count (not on the first load: the page itself is announced then).
    let count = RwSignal::new(None::<(Option<(i64, i64)>, i64)>);
    Effect::new(move |previous: Option<()>| {
        let shown = clients.with(|page| match page {
            Some(Ok(page)) => Some((shown_range(page.page, page.total), page.total)),
            _ => None,
        });
        if let (Some(()), Some(shown)) = (previous, shown) {
            count.set(Some(shown));
        }
    });
    let announcement = move || {
        count.get().map(|shown| match shown {
            (Some((first, last)), total) => t!(
                i18n,
                client.showing,
                first = first,
                last = last,
                total = total
            )
            .into_any(),
            (None, _) => t!(i18n, client.empty).into_any(),
        })
    };
    view! {
        <PageTitle text=move || t_string!(i18n, client.title) />
        <div class="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-3">
            <h1 class="h3 mb-0">{t!(i18n, client.title)}</h1>
            <div class="d-flex flex-wrap gap-2">
                <export_link::ExportLink />
                <super::import::ImportLink />
                <a href="/clientes/novo" class="btn btn-primary">
                    <i class="bi bi-person-plus me-1" aria-hidden="true"></i>
                    {t!(i18n, client.new)}
                </a>
            </div>
        </div>
        <filters::Filters clients />
        <div class="visually-hidden" role="status">{announcement}</div>
        <Transition>
            {move || Suspend::new(async move {
                match clients.await {
                    Ok(page) => view! { <table::Results page /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    // A bad filter value: the form shows it next to its field.
                    Err(error @ AppError::Invalid { .. }) => view! { <FormAlert error=Signal::stored(Some(error)) /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&'static str, &str)]) -> ParamsMap {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn the_filter_is_read_from_the_address_and_bad_values_are_ignored() {
        let filter = filter_from_query(&query(&[
            ("q", "  ana  "),
            ("tipo", "pj"),
            ("responsavel", "7"),
            ("ramo", "auto"),
            ("etiqueta", ""),
            ("cidade", "Campinas"),
            ("criado_de", " 2026-11-01 "),
            ("criado_ate", ""),
            ("ordem", "recentes"),
            ("arquivados", "1"),
            ("pagina", "3"),
        ]));
        assert_eq!(
            filter,
            ClientFilter {
                query: Some("ana".into()),
                kind: Some(ClientKind::Pj),
                owner_id: Some(7),
                tag: None,
                line: Some("auto".into()),
                city: Some("Campinas".into()),
                created_from: Some("2026-11-01".into()),
                created_until: None,
                archived: true,
                sort: ClientSort::Newest,
                page: 3,
            }
        );
        let bad = filter_from_query(&query(&[
            ("tipo", "xx"),
            ("responsavel", "abc"),
            ("ramo", "barco"),
            ("pagina", "-2"),
        ]));
        assert_eq!(
            bad,
            ClientFilter {
                page: 1,
                ..ClientFilter::default()
            }
        );
        let huge = filter_from_query(&query(&[("pagina", "999999999999999999")]));
        assert_eq!(huge.page, MAX_PAGE);
        assert_eq!(filter_from_query(&query(&[("pagina", "x")])).page, 1);
    }

    #[test]
    fn page_links_keep_the_other_parameters() {
        let q = query(&[
            ("q", "são paulo"),
            ("tipo", "pf"),
            ("pagina", "2"),
            ("cidade", ""),
        ]);
        assert_eq!(
            crate::ui::pager::page_href("/clientes", &q, 3),
            "/clientes?q=s%C3%A3o%20paulo&tipo=pf&pagina=3"
        );
        assert_eq!(
            crate::ui::pager::page_href("/clientes", &q, 1),
            "/clientes?q=s%C3%A3o%20paulo&tipo=pf"
        );
        assert_eq!(
            crate::ui::pager::page_href("/clientes", &ParamsMap::new(), 1),
            "/clientes"
        );
    }

    #[test]
    fn the_range_shown_is_counted_from_one() {
        assert_eq!(shown_range(1, 340), Some((1, 25)));
        assert_eq!(shown_range(14, 340), Some((326, 340)));
        assert_eq!(shown_range(1, 0), None);
        assert_eq!(shown_range(20, 340), None);
        assert_eq!(crate::ui::pager::page_count(0, PAGE_SIZE), 1);
        assert_eq!(crate::ui::pager::page_count(25, PAGE_SIZE), 1);
        assert_eq!(crate::ui::pager::page_count(26, PAGE_SIZE), 2);
    }
}
