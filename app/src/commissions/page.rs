//! `/comissoes`: the month's commission report (`?mes=aaaa-mm`, today's month by default), with
//! links to the months around it and a plain GET form to pick one (so it works without
//! JavaScript), the CSV download, and the aging of unpaid commissions below (`?atraso=31-60`
//! opens a bucket's list).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{
    aging_section::AgingSection,
    api::{commissions_aging, commissions_month},
    groups::{GroupTable, Grouping, Totals},
    AgingBucket, Month, MonthReport,
};
use crate::{
    error::AppError,
    format::percent_encode,
    i18n::{t, t_string, use_i18n, Locale},
    pages::ErrorPage,
    ui::PageTitle,
    users::Forbidden,
};

/// The page's address for month `mes` (kept as given; blank: none) with bucket `atraso` open.
pub fn href(mes: &str, atraso: Option<AgingBucket>) -> String {
    let mut params = Vec::new();
    if !mes.trim().is_empty() {
        params.push(format!("mes={}", percent_encode(mes.trim(), false)));
    }
    if let Some(bucket) = atraso {
        params.push(format!("atraso={}", bucket.as_param()));
    }
    let anchor = if atraso.is_some() { "#atraso" } else { "" };
    if params.is_empty() {
        format!("/comissoes{anchor}")
    } else {
        format!("/comissoes?{}{anchor}", params.join("&"))
    }
}

/// The month's name in the person's language.
pub fn month_name(i18n: leptos_i18n::I18nContext<Locale>, month: u8) -> String {
    match month {
        1 => t_string!(i18n, commission.month_1),
        2 => t_string!(i18n, commission.month_2),
        3 => t_string!(i18n, commission.month_3),
        4 => t_string!(i18n, commission.month_4),
        5 => t_string!(i18n, commission.month_5),
        6 => t_string!(i18n, commission.month_6),
        7 => t_string!(i18n, commission.month_7),
        8 => t_string!(i18n, commission.month_8),
        9 => t_string!(i18n, commission.month_9),
        10 => t_string!(i18n, commission.month_10),
        11 => t_string!(i18n, commission.month_11),
        _ => t_string!(i18n, commission.month_12),
    }
    .to_string()
}

/// The commissions page.
#[component]
pub fn CommissionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let mes = Memo::new(move |_| query.read().get("mes").unwrap_or_default());
    let atraso = Memo::new(move |_| query.read().get("atraso").unwrap_or_default());
    let month = Resource::new(move || mes.get(), commissions_month);
    let aging = Resource::new(move || atraso.get(), commissions_aging);
    let failed = |err: AppError| match err {
        AppError::Forbidden => view! { <Forbidden /> }.into_any(),
        err => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
    };
    view! {
        <PageTitle text=move || t_string!(i18n, commission.title) />
        <h1 class="h3 mb-1">{t!(i18n, commission.title)}</h1>
        <p class="text-body-secondary">{t!(i18n, commission.intro)}</p>
        <Transition>
            {move || Suspend::new(async move {
                match month.await {
                    Ok(report) => view! { <MonthSection report /> }.into_any(),
                    Err(err) => failed(err),
                }
            })}
        </Transition>
        <Transition>
            {move || Suspend::new(async move {
                match aging.await {
                    Ok(report) => view! { <AgingSection report mes=mes.get_untracked() /> }.into_any(),
                    Err(err) => failed(err),
                }
            })}
        </Transition>
    }
}

/// The month: its name, the way to other months, the totals and the three tables.
#[component]
fn MonthSection(report: MonthReport) -> impl IntoView {
    let i18n = use_i18n();
    let month = report.month;
    let (name_of, year) = (month.month, month.year);
    let link = |m: Month| href(&m.as_param(), None);
    let export = format!("/comissoes/exportar.csv?mes={}", month.as_param());
    let totals = report.totals;
    let head = view! {
        <h2 id="commission-month" class="h4">
            {t!(i18n, commission.month_of, month = month_name(i18n, name_of), year = year)}
        </h2>
        <div class="d-flex flex-wrap align-items-end gap-3 mb-3">
            <nav aria-label=move || t_string!(i18n, commission.months)>
                <ul class="pagination mb-0">
                    <li class="page-item"><a class="page-link" href=link(month.previous())>
                        <i class="bi bi-chevron-left me-1" aria-hidden="true"></i>{t!(i18n, commission.previous)}
                    </a></li>
                    <li class="page-item"><a class="page-link" href=link(report.current)
                        aria-current=(month == report.current).then_some("page")>{t!(i18n, commission.current)}</a></li>
                    <li class="page-item"><a class="page-link" href=link(month.next())>
                        {t!(i18n, commission.next)}<i class="bi bi-chevron-right ms-1" aria-hidden="true"></i>
                    </a></li>
                </ul>
            </nav>
            <form method="get" action="/comissoes" class="d-flex align-items-end gap-2">
                <div>
                    <label for="commission-mes" class="form-label small mb-0">{t!(i18n, commission.month)}</label>
                    <input id="commission-mes" name="mes" type="month" class="form-control form-control-sm"
                        value=month.as_param() placeholder="aaaa-mm" aria-describedby="commission-mes-help" />
                    <div id="commission-mes-help" class="visually-hidden">{t!(i18n, commission.month_help)}</div>
                </div>
                <button type="submit" class="btn btn-sm btn-primary">{t!(i18n, commission.show)}</button>
            </form>
            <a href=export rel="external" download class="btn btn-sm btn-outline-primary ms-auto"
                title=move || t_string!(i18n, commission.export_help)>
                <i class="bi bi-download me-1" aria-hidden="true"></i>{t!(i18n, commission.export)}
            </a>
        </div>
    }
    .into_any();
    // Each part is type-erased: the whole section as one type is too deep for the compiler.
    view! {
        <section aria-labelledby="commission-month">
            {head}
            {view! { <Totals report=report.clone() /> }.into_any()}
            <div class="row g-4">
                {view! { <GroupTable grouping=Grouping::Producer groups=report.by_producer totals /> }.into_any()}
                {view! { <GroupTable grouping=Grouping::Insurer groups=report.by_insurer totals /> }.into_any()}
                {view! { <GroupTable grouping=Grouping::Line groups=report.by_line totals /> }.into_any()}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_address_keeps_the_month_and_opens_a_bucket_at_the_aging_section() {
        assert_eq!(href("", None), "/comissoes");
        assert_eq!(href("2026-11", None), "/comissoes?mes=2026-11");
        assert_eq!(
            href("2026-11", Some(AgingBucket::UpTo60)),
            "/comissoes?mes=2026-11&atraso=31-60#atraso"
        );
        assert_eq!(
            href(" ", Some(AgingBucket::Over90)),
            "/comissoes?atraso=mais-de-90#atraso"
        );
        assert_eq!(href("a&b=c", None), "/comissoes?mes=a%26b%3Dc");
    }
}
