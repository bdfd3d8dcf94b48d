//! The aging of unpaid commissions: one line per bucket (count and sum), each a link that opens
//! its list of overdue instalments below (policy, client, insurer, due date, amount, days).

use leptos::prelude::*;

use super::{page::href, AgingBucket, AgingReport, OverdueEntry};
use crate::{
    format::{brl, date_br},
    i18n::{t, t_string, use_i18n, Locale},
    policies::labels,
};

/// The bucket's name in the person's language.
fn bucket_label(i18n: leptos_i18n::I18nContext<Locale>, bucket: AgingBucket) -> String {
    match bucket {
        AgingBucket::UpTo30 => t_string!(i18n, commission.bucket_1_30),
        AgingBucket::UpTo60 => t_string!(i18n, commission.bucket_31_60),
        AgingBucket::UpTo90 => t_string!(i18n, commission.bucket_61_90),
        AgingBucket::Over90 => t_string!(i18n, commission.bucket_over_90),
    }
    .to_string()
}

/// The aging section; `mes` is the month the page shows (kept in the buckets' links).
#[component]
pub fn AgingSection(report: AgingReport, mes: String) -> impl IntoView {
    let i18n = use_i18n();
    let today = report.today;
    let (count, amount) = report
        .buckets
        .iter()
        .fold((0, 0), |(c, a), b| (c + b.count, a + b.amount));
    let open = report.open;
    let rows = report
        .buckets
        .iter()
        .map(|b| {
            let bucket = b.bucket;
            let is_open = open == Some(bucket);
            view! {
                <tr class:table-active=is_open>
                    <th scope="row" class="fw-normal">
                        <a href=href(&mes, Some(bucket)) aria-current=is_open.then_some("true")>
                            {move || bucket_label(i18n, bucket)}
                        </a>
                    </th>
                    <td class="text-end">{b.count}</td>
                    <td class="text-end text-nowrap">{brl(b.amount)}</td>
                </tr>
            }
        })
        .collect_view();
    let list = open.map(|bucket| {
        view! {
            <OverdueList bucket entries=report.entries truncated=report.truncated close=href(&mes, None) />
        }
        .into_any()
    });
    view! {
        <section id="atraso" class="mt-4" aria-labelledby="commission-aging">
            <h2 id="commission-aging" class="h4">{t!(i18n, commission.aging_title)}</h2>
            <p class="text-body-secondary mb-1">{t!(i18n, commission.aging_help)}</p>
            <p class="text-body-secondary small">{t!(i18n, commission.aging_today, date = date_br(today))}</p>
            <div class="table-responsive col-lg-8 col-xl-6">
                <table class="table align-middle">
                    <caption class="visually-hidden">{t!(i18n, commission.aging_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, commission.bucket)}</th>
                        <th scope="col" class="text-end">{t!(i18n, commission.count)}</th>
                        <th scope="col" class="text-end">{t!(i18n, commission.amount)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr class="fw-semibold">
                        <th scope="row">{t!(i18n, commission.total)}</th>
                        <td class="text-end">{count}</td>
                        <td class="text-end text-nowrap">{brl(amount)}</td>
                    </tr></tfoot>
                </table>
            </div>
            {list}
        </section>
    }
}

/// The overdue instalments of an open bucket, oldest first.
#[component]
fn OverdueList(
    bucket: AgingBucket,
    entries: Vec<OverdueEntry>,
    truncated: bool,
    close: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = if entries.is_empty() {
        view! { <tr><td colspan="6" class="text-body-secondary">{t!(i18n, commission.list_empty)}</td></tr> }
            .into_any()
    } else {
        entries
            .into_iter()
            .map(|entry| view! { <OverdueRow entry /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="mt-3" aria-labelledby="commission-aging-list">
            <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">
                <h3 id="commission-aging-list" class="h5 mb-0">
                    {t!(i18n, commission.list_title, bucket = bucket_label(i18n, bucket).to_lowercase())}
                </h3>
                <a href=close class="btn btn-sm btn-link">{t!(i18n, commission.close_list)}</a>
            </div>
            {truncated.then(|| view! { <p class="small text-body-secondary">{t!(i18n, commission.list_truncated)}</p> })}
            <div class="table-responsive">
                <table class="table table-sm table-hover align-middle">
                    <caption class="visually-hidden">{t!(i18n, commission.list_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, commission.policy)}</th>
                        <th scope="col">{t!(i18n, commission.client)}</th>
                        <th scope="col">{t!(i18n, commission.insurer)}</th>
                        <th scope="col">{t!(i18n, commission.due_on)}</th>
                        <th scope="col" class="text-end">{t!(i18n, commission.amount)}</th>
                        <th scope="col" class="text-end">{t!(i18n, commission.days_overdue)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn OverdueRow(entry: OverdueEntry) -> impl IntoView {
    let i18n = use_i18n();
    let number = labels::number(
        entry.policy_number.as_deref(),
        entry.proposal_number.as_deref(),
    );
    let installment = entry.installment;
    view! {
        <tr>
            <td>
                <a href=format!("/apolices/{}", entry.policy_id) class="fw-semibold text-nowrap">{number}</a>
                <span class="d-block small text-body-secondary">
                    {move || t_string!(i18n, commission.installment)} " " {installment}
                </span>
            </td>
            <td><a href=format!("/clientes/{}", entry.client_id)>{entry.client_name}</a></td>
            <td>{entry.insurer}</td>
            <td class="text-nowrap">{date_br(entry.due_on)}</td>
            <td class="text-end text-nowrap">{brl(entry.amount)}</td>
            <td class="text-end">{entry.days_overdue}</td>
        </tr>
    }
}
