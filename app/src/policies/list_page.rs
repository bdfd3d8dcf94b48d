//! Apólices (`/apolices`): the policies the caller may see, filtered by status, insurer, ramo,
//! owner, vigência end and "expiring in N days", 25 a page. The filters live in the address,
//! so the plain GET form works without JavaScript and a filtered list can be shared.

use leptos::prelude::*;
use leptos_router::{hooks::use_query_map, params::ParamsMap};

use super::{
    api::list_policies, labels, PolicyFilter, PolicyPage, PolicySort, PolicyStatus, PolicySummary,
    PAGE_SIZE,
};
use crate::{
    error::AppError,
    format::{brl, date_br},
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    ui::{
        pager::{shown_range, Pager},
        PageTitle,
    },
    users::Forbidden,
};

/// The "expiring in" choices, in days.
pub const EXPIRING_CHOICES: [i64; 6] = [7, 15, 30, 60, 90, 180];

/// The list's filter as the address gives it: blank values mean "any"; values that do not
/// parse are ignored; pages count from 1.
pub fn filter_from_query(query: &ParamsMap) -> PolicyFilter {
    let text = |key: &str| {
        query
            .get_str(key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let id = |key: &str| {
        text(key)
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|v| *v > 0)
    };
    PolicyFilter {
        query: text("q"),
        status: text("situacao").and_then(|s| labels::status_from_slug(&s)),
        insurer_id: id("seguradora"),
        line_id: id("ramo"),
        owner_id: id("responsavel"),
        client_id: id("cliente"),
        ends_from: text("fim_de"),
        ends_until: text("fim_ate"),
        expiring_days: id("vence_em").filter(|d| *d <= 3660),
        sort: PolicySort::parse(text("ordem").as_deref()),
        page: text("pagina")
            .and_then(|p| p.parse::<i64>().ok())
            .map_or(1, |p| p.clamp(1, 100_000)),
    }
}

/// The policies list page.
#[component]
pub fn PoliciesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| filter_from_query(&query.read()));
    let policies = Resource::new(move || filter.get(), list_policies);
    view! {
        <PageTitle text=move || t_string!(i18n, policy.title) />
        <div class="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-3">
            <h1 class="h3 mb-0">{t!(i18n, policy.title)}</h1>
            <div class="d-flex flex-wrap gap-2">
            <a href="/apolices/a-vencer" class="btn btn-outline-primary">
                <i class="bi bi-calendar-event me-1" aria-hidden="true"></i>
                {t!(i18n, renewal.title)}
            </a>
            <a href="/apolices/nova" class="btn btn-primary">
                <i class="bi bi-file-earmark-plus me-1" aria-hidden="true"></i>
                {t!(i18n, policy.new)}
            </a>
            </div>
        </div>
        <Transition>
            {move || Suspend::new(async move {
                match policies.await {
                    Ok(page) => view! { <Filters page=page.clone() /> <Results page /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A labelled `<select>` of the filter form; `options` are (value, label).
#[component]
fn FilterSelect(
    id: &'static str,
    name: &'static str,
    label: Signal<String>,
    any: Signal<String>,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let query = use_query_map();
    let current = query.read_untracked().get(name).unwrap_or_default();
    view! {
        <div class="col-sm-6 col-lg-3">
            <label for=id class="form-label">{label}</label>
            <select id=id name=name class="form-select">
                <option value="">{any}</option>
                {options.into_iter().map(|(value, text)| {
                    let selected = value == current;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The filter form (a plain GET form).
#[component]
fn Filters(page: PolicyPage) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let value = move |key: &str| query.read_untracked().get(key).unwrap_or_default();
    let statuses: Vec<(String, String)> = PolicyStatus::ALL
        .into_iter()
        .map(|s| (labels::status_slug(s).to_owned(), labels::status(i18n, s)))
        .collect();
    let insurers = page
        .options
        .insurers
        .iter()
        .map(|i| (i.id.to_string(), i.name.clone()))
        .collect();
    let lines = page
        .options
        .lines
        .iter()
        .map(|l| (l.id.to_string(), format!("{} · {}", l.name, l.susep_code)))
        .collect();
    let owners = page
        .options
        .owners
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let expiring = EXPIRING_CHOICES
        .iter()
        .map(|d| {
            (
                d.to_string(),
                format!(
                    "{} {d} {}",
                    t_string!(i18n, policy.within),
                    t_string!(i18n, policy.days)
                ),
            )
        })
        .collect();
    let sorts = [PolicySort::EndsOn, PolicySort::Newest, PolicySort::Client]
        .into_iter()
        .map(|s| {
            let label = match s {
                PolicySort::EndsOn => t_string!(i18n, policy.sort_ends),
                PolicySort::Newest => t_string!(i18n, policy.sort_newest),
                PolicySort::Client => t_string!(i18n, policy.sort_client),
            };
            (s.as_param().to_owned(), label.to_string())
        })
        .collect();
    let client = value("cliente");
    let sig = |s: String| Signal::stored(s);
    view! {
        <form method="get" action="/apolices" role="search" class="card card-body mb-3"
            aria-label=move || t_string!(i18n, policy.filters)>
            {(!client.is_empty()).then(|| view! { <input type="hidden" name="cliente" value=client.clone() /> })}
            <div class="row g-3">
                <div class="col-sm-6 col-lg-3">
                    <label for="filter-q" class="form-label">{t!(i18n, policy.search)}</label>
                    <input id="filter-q" name="q" type="search" class="form-control" value=value("q")
                        aria-describedby="filter-q-help" />
                    <div id="filter-q-help" class="form-text">{t!(i18n, policy.search_help)}</div>
                </div>
                <FilterSelect id="filter-status" name="situacao" label=sig(t_string!(i18n, policy.status).to_string()) any=sig(t_string!(i18n, policy.any).to_string()) options=statuses />
                <FilterSelect id="filter-insurer" name="seguradora" label=sig(t_string!(i18n, policy.insurer).to_string()) any=sig(t_string!(i18n, policy.any_f).to_string()) options=insurers />
                <FilterSelect id="filter-line" name="ramo" label=sig(t_string!(i18n, policy.line).to_string()) any=sig(t_string!(i18n, policy.any).to_string()) options=lines />
                <FilterSelect id="filter-owner" name="responsavel" label=sig(t_string!(i18n, policy.owner).to_string()) any=sig(t_string!(i18n, policy.any).to_string()) options=owners />
                <FilterSelect id="filter-expiring" name="vence_em" label=sig(t_string!(i18n, policy.expiring).to_string()) any=sig(t_string!(i18n, policy.any_time).to_string()) options=expiring />
                <div class="col-sm-6 col-lg-3">
                    <label for="filter-ends-from" class="form-label">{t!(i18n, policy.ends_from)}</label>
                    <input id="filter-ends-from" name="fim_de" type="date" class="form-control" value=value("fim_de") />
                </div>
                <div class="col-sm-6 col-lg-3">
                    <label for="filter-ends-until" class="form-label">{t!(i18n, policy.ends_until)}</label>
                    <input id="filter-ends-until" name="fim_ate" type="date" class="form-control" value=value("fim_ate") />
                </div>
                <FilterSelect id="filter-sort" name="ordem" label=sig(t_string!(i18n, policy.sort).to_string()) any=sig(t_string!(i18n, policy.sort_ends).to_string()) options=sorts />
            </div>
            <div class="d-flex gap-2 mt-3">
                <button type="submit" class="btn btn-primary">
                    <i class="bi bi-funnel me-1" aria-hidden="true"></i>{t!(i18n, policy.filter)}
                </button>
                <a href="/apolices" class="btn btn-link">{t!(i18n, policy.clear)}</a>
            </div>
        </form>
    }
}

/// One page of policies: the count, the table (or the empty state) and the page links.
#[component]
fn Results(page: PolicyPage) -> impl IntoView {
    let i18n = use_i18n();
    let (current, total) = (page.page, page.total);
    let Some((first, last)) = shown_range(current, total, PAGE_SIZE) else {
        return view! {
            <div class="border rounded text-center py-5 px-3">
                <p class="fw-semibold mb-1">{t!(i18n, policy.empty)}</p>
                <p class="text-body-secondary mb-0">{t!(i18n, policy.empty_hint)}</p>
            </div>
            <Pager base="/apolices" current total size=PAGE_SIZE />
        }
        .into_any();
    };
    let sum = brl(page.total_premium);
    let rows = page
        .rows
        .into_iter()
        .map(|policy| view! { <PolicyRow policy /> })
        .collect_view();
    view! {
        <p class="text-body-secondary small mb-2">
            {t!(i18n, policy.showing, first = first, last = last, total = total)}
            " · " {t!(i18n, policy.premium_sum)} " " <strong class="text-body">{sum}</strong>
        </p>
        <div class="table-responsive">
            <table class="table table-hover align-middle">
                <caption class="visually-hidden">{t!(i18n, policy.table)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, policy.number)}</th>
                        <th scope="col">{t!(i18n, policy.client)}</th>
                        <th scope="col">{t!(i18n, policy.insurer)}</th>
                        <th scope="col">{t!(i18n, policy.line)}</th>
                        <th scope="col">{t!(i18n, policy.vigencia)}</th>
                        <th scope="col" class="text-end">{t!(i18n, policy.total_premium)}</th>
                        <th scope="col">{t!(i18n, policy.status)}</th>
                        <th scope="col">{t!(i18n, policy.owner)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager base="/apolices" current total size=PAGE_SIZE />
    }
    .into_any()
}

#[component]
fn PolicyRow(policy: PolicySummary) -> impl IntoView {
    let i18n = use_i18n();
    let number = labels::number(
        policy.policy_number.as_deref(),
        policy.proposal_number.as_deref(),
    );
    let status = policy.status;
    view! {
        <tr>
            <td><a href=format!("/apolices/{}", policy.id) class="fw-semibold text-nowrap">{number}</a></td>
            <td><a href=format!("/clientes/{}", policy.client_id)>{policy.client_name}</a></td>
            <td>{policy.insurer}</td>
            <td>{policy.line}</td>
            <td class="text-nowrap">{date_br(policy.starts_on)} " – " {date_br(policy.ends_on)}</td>
            <td class="text-end text-nowrap">{brl(policy.total_premium)}</td>
            <td><span class=labels::status_badge(status)>{move || labels::status(i18n, status)}</span></td>
            <td>{policy.owner}</td>
        </tr>
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
        let f = filter_from_query(&query(&[
            ("q", " 0531 "),
            ("situacao", "vigente"),
            ("seguradora", "3"),
            ("ramo", "x"),
            ("vence_em", "30"),
            ("fim_de", "2026-12-01"),
            ("ordem", "cliente"),
            ("pagina", "2"),
        ]));
        assert_eq!(
            f,
            PolicyFilter {
                query: Some("0531".into()),
                status: Some(PolicyStatus::Active),
                insurer_id: Some(3),
                ends_from: Some("2026-12-01".into()),
                expiring_days: Some(30),
                sort: PolicySort::Client,
                page: 2,
                ..PolicyFilter::default()
            }
        );
        let bad = filter_from_query(&query(&[
            ("situacao", "active"),
            ("vence_em", "-1"),
            ("pagina", "0"),
        ]));
        assert_eq!(
            bad,
            PolicyFilter {
                page: 1,
                ..PolicyFilter::default()
            }
        );
    }
}
