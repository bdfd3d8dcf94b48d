//! The Painel's "Apólices a vencer": how many policies in force end within 30, 60 and 90 days
//! (each a link to the policies list filtered the same way) and the soonest ones.

use leptos::prelude::*;

use super::{ExpiringCount, ExpiringPolicy, EXPIRING_WINDOWS};
use crate::{
    format::{brl, date_br},
    i18n::{t, use_i18n},
};

/// The policies list filtered to the policies expiring within `days`.
pub fn list_href(days: i64) -> String {
    format!("/apolices?vence_em={days}")
}

/// The counts and the soonest policies.
#[component]
pub fn Expiring(counts: Vec<ExpiringCount>, soonest: Vec<ExpiringPolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let widest = EXPIRING_WINDOWS.iter().copied().max().unwrap_or(0);
    let cards = counts
        .into_iter()
        .map(|c| {
            let days = c.days;
            view! {
                <div class="col-sm-4">
                    <a href=list_href(days) class="card h-100 text-decoration-none link-body-emphasis">
                        <span class="card-body d-block">
                            <span class="d-block fs-3 fw-semibold">{c.count}</span>
                            " "
                            <span class="d-block small text-body-secondary">
                                {t!(i18n, dashboard.expiring_within, days = days)}
                            </span>
                        </span>
                    </a>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="mb-4" aria-labelledby="painel-expiring">
            <h2 id="painel-expiring" class="h5 mb-3">{t!(i18n, dashboard.expiring)}</h2>
            <div class="row g-3 mb-3">{cards}</div>
            {if soonest.is_empty() {
                view! {
                    <p class="text-body-secondary mb-0">{t!(i18n, dashboard.soonest_empty, days = widest)}</p>
                }
                .into_any()
            } else {
                view! { <Soonest soonest /> }.into_any()
            }}
        </section>
    }
}

/// The soonest policies to expire, each linking to its page.
#[component]
fn Soonest(soonest: Vec<ExpiringPolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = soonest
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <td><a href=format!("/apolices/{}", p.id)>{p.client_name}</a></td>
                    <td>{p.insurer}</td>
                    <td>{p.line}</td>
                    <td class="text-nowrap">{date_br(p.ends_on)}</td>
                    <td class="text-end text-nowrap">{brl(p.total_premium)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-responsive">
            <table class="table table-sm align-middle mb-0">
                <caption class="caption-top">{t!(i18n, dashboard.soonest)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, dashboard.col_client)}</th>
                        <th scope="col">{t!(i18n, dashboard.col_insurer)}</th>
                        <th scope="col">{t!(i18n, dashboard.col_line)}</th>
                        <th scope="col">{t!(i18n, dashboard.col_ends)}</th>
                        <th scope="col" class="text-end">{t!(i18n, dashboard.col_premium)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_count_links_to_the_list_filtered_by_the_same_window() {
        assert_eq!(list_href(30), "/apolices?vence_em=30");
        assert_eq!(list_href(90), "/apolices?vence_em=90");
    }
}
