//! The list's "Exportar CSV" button: a plain link to `/clientes/exportar.csv` with the list's
//! current filters, so it works without JavaScript and exports exactly what the list shows
//! (every page of it, within the caller's scope).

use leptos::prelude::*;
use leptos_router::{hooks::use_query_map, params::ParamsMap};

use super::list_href;
use crate::i18n::{t, t_string, use_i18n};

/// The export's address for the list's address parameters (the page number left out).
pub fn export_href(query: &ParamsMap) -> String {
    let kept = query
        .latest_values()
        .filter(|(k, _)| *k != "pagina" && *k != "erro")
        .map(|(k, v)| (k.as_ref(), v));
    let list = list_href(kept);
    let params = list.strip_prefix("/clientes").unwrap_or_default();
    format!("/clientes/exportar.csv{params}")
}

/// The button. `rel="external"` and `download` keep the router from handling it as a page.
#[component]
pub fn ExportLink() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let href = move || export_href(&query.read());
    view! {
        <a href=href rel="external" download class="btn btn-outline-primary"
            title=move || t_string!(i18n, client_export.export_help)>
            <i class="bi bi-download me-1" aria-hidden="true"></i>
            {t!(i18n, client_export.export)}
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&'static str, &str)]) -> ParamsMap {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn the_export_link_keeps_the_filters_but_not_the_page() {
        assert_eq!(export_href(&ParamsMap::new()), "/clientes/exportar.csv");
        assert_eq!(
            export_href(&query(&[
                ("q", "são paulo"),
                ("pagina", "3"),
                ("etiqueta", "VIP"),
                ("criado_de", "2026-11-01"),
                ("cidade", ""),
            ])),
            "/clientes/exportar.csv?q=s%C3%A3o%20paulo&etiqueta=VIP&criado_de=2026-11-01"
        );
    }
}
