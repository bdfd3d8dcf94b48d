//! The Painel page (`/`, `/?mes=aaaa-mm`): the greeting, the month's KPIs with how they are
//! counted, the policies about to expire and the two charts. The month is chosen with plain
//! links and a GET form, so the page works the same without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{
    api::load_dashboard,
    chart::{ChartText, ColumnChart, Datum, RowChart},
    expiring::Expiring,
    month, Dashboard, Kpis,
};
use crate::{
    br::Rate,
    format::{brl, date_br},
    i18n::{t, t_string, use_i18n},
    insurers::family_label,
    pages::ErrorPage,
    ui::PageTitle,
};

/// The dashboard.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let requested = Memo::new(move |_| query.read().get("mes").unwrap_or_default());
    let data = Resource::new(move || requested.get(), load_dashboard);
    view! {
        <PageTitle text=move || t_string!(i18n, dashboard_title) />
        <h1 class="h3 mb-1">{t!(i18n, dashboard_welcome)}</h1>
        <Transition>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(board) => view! { <Board board /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `name` with its first letter in upper case ("março" → "Março").
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .chain(chars)
        .collect()
}

/// "Março de 2026", in the person's language.
#[component]
fn MonthName(first: time::Date) -> impl IntoView {
    let i18n = use_i18n();
    let name = capitalised(&month::name(first, t_string!(i18n, dashboard.month_names)));
    let year = first.year();
    view! { {t!(i18n, dashboard.month_heading, month = name.clone(), year = year)} }
}

/// Everything below the greeting.
#[component]
fn Board(board: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let today = date_br(board.today);
    view! {
        <p class="lead mb-4">{t!(i18n, dashboard_today, date = today.clone())}</p>
        <MonthChooser first=board.month />
        <KpiCards kpis=board.kpis />
        <Expiring counts=board.expiring.clone() soonest=board.soonest.clone() />
        <Charts board />
    }
    .into_any()
}

/// The month's heading with the previous and next months and a form to jump to any month.
#[component]
fn MonthChooser(first: time::Date) -> impl IntoView {
    let i18n = use_i18n();
    let href = |n: i32| format!("/?mes={}", month::param(month::shift(first, n)));
    view! {
        <div class="d-flex flex-wrap align-items-center gap-2 mb-3">
            <h2 class="h4 mb-0 me-2"><MonthName first /></h2>
            <nav class="d-flex gap-2" aria-label=move || t_string!(i18n, dashboard.month_nav)>
                <a href=href(-1) rel="prev" class="btn btn-sm btn-outline-secondary">
                    <i class="bi bi-chevron-left me-1" aria-hidden="true"></i>{t!(i18n, dashboard.previous)}
                </a>
                <a href=href(1) rel="next" class="btn btn-sm btn-outline-secondary">
                    {t!(i18n, dashboard.next)}<i class="bi bi-chevron-right ms-1" aria-hidden="true"></i>
                </a>
            </nav>
            <form method="get" action="/" class="d-flex align-items-center gap-2 ms-md-auto">
                <label for="painel-mes" class="col-form-label-sm text-nowrap">{t!(i18n, dashboard.month_label)}</label>
                <input id="painel-mes" name="mes" type="month" class="form-control form-control-sm"
                    value=month::param(first) aria-describedby="painel-mes-help" />
                <span id="painel-mes-help" class="visually-hidden">{t!(i18n, dashboard.month_format)}</span>
                <button type="submit" class="btn btn-sm btn-primary">{t!(i18n, dashboard.month_show)}</button>
            </form>
        </div>
    }
}

/// One KPI: its label, its value and an optional line under it.
#[component]
fn Kpi(label: String, value: String, #[prop(optional)] note: Option<String>) -> impl IntoView {
    view! {
        // Six in a row only where a money value fits its card (≥ 1400 px); three below.
        <div class="col-6 col-md-4 col-xxl-2">
            <div class="card h-100">
                <div class="card-body">
                    <p class="small text-body-secondary mb-1">{label}</p>
                    <p class="kpi-value fw-semibold mb-0">{value}</p>
                    {note.map(|note| view! { <p class="small text-body-secondary mb-0">{note}</p> })}
                </div>
            </div>
        </div>
    }
}

/// A percentage in hundredths of a percent as `18,33%`, or a dash when there is none.
fn percent(hundredths: Option<i64>) -> String {
    hundredths.map_or_else(|| "—".to_owned(), |h| Rate::from_hundredths(h).display())
}

/// "1 de 2 renovadas · 3 ainda em vigor", or that no vigência ended in the month.
fn renewal_note(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, kpis: &Kpis) -> String {
    let decided = kpis.renewed + kpis.not_renewed;
    let mut parts = Vec::new();
    if decided > 0 {
        parts.push(format!(
            "{} {} {decided} {}",
            kpis.renewed,
            t_string!(i18n, dashboard.renewal_of),
            t_string!(i18n, dashboard.renewal_renewed)
        ));
    }
    if kpis.pending > 0 {
        parts.push(format!(
            "{} {}",
            kpis.pending,
            t_string!(i18n, dashboard.renewal_pending)
        ));
    }
    if parts.is_empty() {
        return t_string!(i18n, dashboard.renewal_none).to_string();
    }
    parts.join(" · ")
}

/// The month's six KPIs and how they are counted.
#[component]
fn KpiCards(kpis: Kpis) -> impl IntoView {
    let i18n = use_i18n();
    let renewal_note = renewal_note(i18n, &kpis);
    view! {
        <section class="mb-4" aria-labelledby="painel-kpis">
            <h3 id="painel-kpis" class="visually-hidden">{t!(i18n, dashboard.kpis)}</h3>
            <div class="row g-3 mb-2">
                <Kpi label={t_string!(i18n, dashboard.premium).to_string()} value=brl(kpis.premium) />
                <Kpi label={t_string!(i18n, dashboard.commission).to_string()} value=brl(kpis.commission) />
                <Kpi label={t_string!(i18n, dashboard.sales).to_string()} value=kpis.sales.to_string() />
                <Kpi label={t_string!(i18n, dashboard.ticket).to_string()} value=brl(kpis.average_ticket()) />
                <Kpi label={t_string!(i18n, dashboard.commission_rate).to_string()} value=percent(kpis.commission_rate()) />
                <Kpi label={t_string!(i18n, dashboard.renewal_rate).to_string()} value=percent(kpis.renewal_rate()) note=renewal_note />
            </div>
            <p class="form-text mb-0">{t!(i18n, dashboard.help_production)}</p>
            <p class="form-text mt-0">{t!(i18n, dashboard.help_renewal)}</p>
        </section>
    }
    .into_any()
}

/// Prêmio produzido over the last months and by ramo family.
#[component]
fn Charts(board: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let abbreviations = t_string!(i18n, dashboard.months).to_string();
    let chosen = board.history.iter().position(|m| m.month == board.month);
    let history: Vec<Datum> = board
        .history
        .iter()
        .map(|m| Datum {
            label: month::short_label(m.month, &abbreviations),
            value: m.premium,
        })
        .collect();
    let families: Vec<Datum> = board
        .families
        .iter()
        .map(|f| Datum {
            label: family_label(i18n, &f.family),
            value: f.premium,
        })
        .collect();
    let value_header = t_string!(i18n, dashboard.premium).to_string();
    let history_text = ChartText {
        caption: t_string!(i18n, dashboard.history).to_string(),
        label_header: t_string!(i18n, dashboard.col_month).to_string(),
        value_header: value_header.clone(),
        empty: t_string!(i18n, dashboard.history_empty).to_string(),
    };
    let family_text = ChartText {
        caption: t_string!(i18n, dashboard.by_family).to_string(),
        label_header: t_string!(i18n, dashboard.col_family).to_string(),
        value_header,
        empty: t_string!(i18n, dashboard.by_family_empty).to_string(),
    };
    view! {
        <div class="row g-3 mb-4">
            <section class="col-lg-7" aria-labelledby="painel-history">
                <div class="card h-100">
                    <div class="card-body">
                        <h2 id="painel-history" class="h5">{t!(i18n, dashboard.history)}</h2>
                        <ColumnChart data=history highlight=chosen text=history_text />
                    </div>
                </div>
            </section>
            <section class="col-lg-5" aria-labelledby="painel-families">
                <div class="card h-100">
                    <div class="card-body">
                        <h2 id="painel-families" class="h5">{t!(i18n, dashboard.by_family)}</h2>
                        <p class="small text-body-secondary"><MonthName first=board.month /></p>
                        <RowChart data=families text=family_text />
                    </div>
                </div>
            </section>
        </div>
    }
    .into_any()
}
