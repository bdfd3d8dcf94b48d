//! The month's figures: the totals as cards and one table per grouping (producer, insurer,
//! ramo), each with its total row.

use leptos::prelude::*;

use super::{Group, MonthReport, Sums};
use crate::{
    format::brl,
    i18n::{t, t_string, use_i18n},
};

/// One figure of the totals: label, amount, what it means.
fn card(label: String, amount: i64, help: String, extra: Option<AnyView>) -> impl IntoView {
    view! {
        <div class="col-sm-6 col-xl">
            <div class="card h-100">
                <div class="card-body">
                    <h3 class="h6 text-body-secondary mb-1">{label}</h3>
                    <p class="fs-5 fw-semibold text-nowrap mb-1">{brl(amount)}</p>
                    <p class="small text-body-secondary mb-0">{help} {extra}</p>
                </div>
            </div>
        </div>
    }
}

/// The month's totals, and what the bank saw in it.
#[component]
pub fn Totals(report: MonthReport) -> impl IntoView {
    let i18n = use_i18n();
    let s = report.totals;
    let count = report.received_in_month_count;
    let s_ = |key: &str| -> String {
        match key {
            "expected" => t_string!(i18n, commission.expected),
            "expected_help" => t_string!(i18n, commission.expected_help),
            "received" => t_string!(i18n, commission.received),
            "received_help" => t_string!(i18n, commission.received_help),
            "estornos" => t_string!(i18n, commission.estornos),
            "estornos_help" => t_string!(i18n, commission.estornos_help),
            "net" => t_string!(i18n, commission.net),
            "net_help" => t_string!(i18n, commission.net_help),
            "in_month" => t_string!(i18n, commission.received_in_month),
            _ => t_string!(i18n, commission.received_in_month_help),
        }
        .to_string()
    };
    let entries =
        view! { <span class="d-block">{t!(i18n, commission.entries, count = count)}</span> }
            .into_any();
    view! {
        <section aria-labelledby="commission-totals" class="mb-4">
            <h2 id="commission-totals" class="visually-hidden">{t!(i18n, commission.totals)}</h2>
            <div class="row g-3">
                {card(s_("expected"), s.expected, s_("expected_help"), None)}
                {card(s_("received"), s.received, s_("received_help"), None)}
                {card(s_("estornos"), s.estornos, s_("estornos_help"), None)}
                {card(s_("net"), s.net(), s_("net_help"), None)}
                {card(s_("in_month"), report.received_in_month, s_("in_month_help"), Some(entries))}
            </div>
        </section>
    }
}

/// Which grouping a table shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    Producer,
    Insurer,
    Line,
}

impl Grouping {
    fn slug(self) -> &'static str {
        match self {
            Self::Producer => "producer",
            Self::Insurer => "insurer",
            Self::Line => "line",
        }
    }
}

/// The month's sums along one grouping, with the total row.
#[component]
pub fn GroupTable(grouping: Grouping, groups: Vec<Group>, totals: Sums) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("commission-by-{}", grouping.slug());
    let labelled_by = heading_id.clone();
    let title = move || match grouping {
        Grouping::Producer => t_string!(i18n, commission.by_producer),
        Grouping::Insurer => t_string!(i18n, commission.by_insurer),
        Grouping::Line => t_string!(i18n, commission.by_line),
    };
    let caption = move || match grouping {
        Grouping::Producer => t_string!(i18n, commission.by_producer_caption),
        Grouping::Insurer => t_string!(i18n, commission.by_insurer_caption),
        Grouping::Line => t_string!(i18n, commission.by_line_caption),
    };
    let first = move || match grouping {
        Grouping::Producer => t_string!(i18n, commission.producer),
        Grouping::Insurer => t_string!(i18n, commission.insurer),
        Grouping::Line => t_string!(i18n, commission.line),
    };
    let rows = if groups.is_empty() {
        view! {
            <tr><td colspan="5" class="text-body-secondary">{t!(i18n, commission.empty_month)}</td></tr>
        }
        .into_any()
    } else {
        groups
            .into_iter()
            .map(|g| view! { <GroupRow group=g /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="col-12 col-xxl-4" aria-labelledby=labelled_by>
            <h3 id=heading_id class="h5">{title}</h3>
            <div class="table-responsive">
                <table class="table table-sm align-middle">
                    <caption class="visually-hidden">{caption}</caption>
                    <thead><tr>
                        <th scope="col">{first}</th>
                        <th scope="col" class="text-end">{t!(i18n, commission.expected)}</th>
                        <th scope="col" class="text-end">{t!(i18n, commission.received)}</th>
                        <th scope="col" class="text-end">{t!(i18n, commission.estornos)}</th>
                        <th scope="col" class="text-end">{t!(i18n, commission.net)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr class="fw-semibold">
                        <th scope="row">{t!(i18n, commission.total)}</th>
                        <td class="text-end text-nowrap">{brl(totals.expected)}</td>
                        <td class="text-end text-nowrap">{brl(totals.received)}</td>
                        <td class="text-end text-nowrap">{brl(totals.estornos)}</td>
                        <td class="text-end text-nowrap">{brl(totals.net())}</td>
                    </tr></tfoot>
                </table>
            </div>
        </section>
    }
}

#[component]
fn GroupRow(group: Group) -> impl IntoView {
    let i18n = use_i18n();
    let s = group.sums;
    let name = match group.name {
        Some(name) => name.into_any(),
        None => view! { <em>{t!(i18n, commission.no_producer)}</em> }.into_any(),
    };
    view! {
        <tr>
            <th scope="row" class="fw-normal">
                {name}
                {group.code.map(|code| view! { " " <span class="text-body-secondary small">{code}</span> })}
            </th>
            <td class="text-end text-nowrap">{brl(s.expected)}</td>
            <td class="text-end text-nowrap">{brl(s.received)}</td>
            <td class="text-end text-nowrap">{brl(s.estornos)}</td>
            <td class="text-end text-nowrap">{brl(s.net())}</td>
        </tr>
    }
}
