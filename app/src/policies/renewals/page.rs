//! "A vencer" (`/apolices/a-vencer`): the policies ending soon, grouped by window — ended
//! without renewal (with the bonus-class countdown for auto), today, 7, 15, 30, 60 and 90 days —
//! with the previous premium to compare the renewal against. The default view keeps only what
//! still needs attention; `?todas=1` shows every policy expiring, whatever became of it.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{api::renewal_board, group_of, RenewalRow, RenewalStatus, WINDOWS};
use crate::{
    format::{brl, date_br},
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    policies::labels,
    ui::PageTitle,
};

/// `/apolices/a-vencer`.
#[component]
pub fn RenewalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let all = move || query.read().get("todas").is_some_and(|v| v == "1");
    let board = Resource::new(all, renewal_board);
    view! {
        <PageTitle text=move || t_string!(i18n, renewal.title) />
        <div class="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-3">
            <h1 class="h3 mb-0">{t!(i18n, renewal.title)}</h1>
            <a href="/apolices" class="btn btn-outline-secondary">{t!(i18n, policy.title)}</a>
        </div>
        <ul class="nav nav-tabs mb-3">
            <li class="nav-item">
                <a class="nav-link" class:active=move || !all() aria-current=move || (!all()).then_some("page")
                    href="/apolices/a-vencer">{t!(i18n, renewal.attention)}</a>
            </li>
            <li class="nav-item">
                <a class="nav-link" class:active=all aria-current=move || all().then_some("page")
                    href="/apolices/a-vencer?todas=1">{t!(i18n, renewal.all)}</a>
            </li>
        </ul>
        <Transition>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) if board.rows.is_empty() => view! {
                        <p class="text-body-secondary">{t!(i18n, renewal.empty)}</p>
                    }.into_any(),
                    Ok(board) => groups(board.rows).into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The rows split by group, in the order they are shown: ended first, then each window.
fn split(rows: Vec<RenewalRow>) -> Vec<(Option<i64>, Vec<RenewalRow>)> {
    let mut groups: Vec<(Option<i64>, Vec<RenewalRow>)> = std::iter::once(None)
        .chain(WINDOWS.iter().rev().map(|w| Some(*w)))
        .map(|g| (g, Vec::new()))
        .collect();
    for row in rows {
        let group = group_of(row.days_left);
        if let Some((_, list)) = groups.iter_mut().find(|(g, _)| *g == group) {
            list.push(row);
        }
    }
    groups.retain(|(_, list)| !list.is_empty());
    groups
}

fn groups(rows: Vec<RenewalRow>) -> impl IntoView {
    split(rows)
        .into_iter()
        .map(|(group, rows)| view! { <Group group rows /> })
        .collect_view()
}

#[component]
fn Group(group: Option<i64>, rows: Vec<RenewalRow>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = move || match group {
        None => t_string!(i18n, renewal.group_ended).to_string(),
        Some(0) => t_string!(i18n, renewal.group_today).to_string(),
        Some(w) => format!(
            "{} {w} {}",
            t_string!(i18n, renewal.group_within),
            t_string!(i18n, renewal.days)
        ),
    };
    let id = format!(
        "grupo-{}",
        group.map_or("vencidas".to_owned(), |g| g.to_string())
    );
    let count = rows.len();
    let labelled_by = id.clone();
    view! {
        <section class="mb-4" aria-labelledby=labelled_by>
            <h2 id=id class="h5">{heading} " " <span class="badge text-bg-secondary">{count}</span></h2>
            <div class="table-responsive">
                <table class="table table-sm align-middle">
                    <thead><tr>
                        <th scope="col">{t!(i18n, policy.client)}</th>
                        <th scope="col">{t!(i18n, policy.number)}</th>
                        <th scope="col">{t!(i18n, policy.insurer)}</th>
                        <th scope="col">{t!(i18n, policy.ends_on)}</th>
                        <th scope="col" class="text-end">{t!(i18n, renewal.previous_premium)}</th>
                        <th scope="col">{t!(i18n, renewal.outcome)}</th>
                        <th scope="col">{t!(i18n, policy.owner)}</th>
                    </tr></thead>
                    <tbody>{rows.into_iter().map(|row| view! { <Row row /> }).collect_view()}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Row(row: RenewalRow) -> impl IntoView {
    let i18n = use_i18n();
    let number = labels::number(row.policy_number.as_deref(), row.proposal_number.as_deref());
    let days = row.days_left;
    let when = move || match days {
        d if d < 0 => t!(i18n, renewal.ended_ago, days = -d).into_any(),
        0 => t!(i18n, renewal.today).into_any(),
        d => t!(i18n, renewal.in_days, days = d).into_any(),
    };
    let outcome = match (row.renewal, row.new_premium) {
        (RenewalStatus::Open, _) => view! {
            <a class="btn btn-sm btn-success" href=format!("/apolices/nova?renova={}", row.policy_id)>
                {t!(i18n, policy.renew)}<span class="visually-hidden">": " {number.clone()}</span>
            </a>
        }.into_any(),
        (RenewalStatus::Lost, _) => view! {
            <span class="badge text-bg-danger">{t!(i18n, renewal.lost)}</span>
            " " <span class="small">{row.lost_reason.clone()}</span>
        }.into_any(),
        (status, premium) => {
            let label = if status == RenewalStatus::Migrated {
                t_string!(i18n, policy.outcome_migrada)
            } else {
                t_string!(i18n, policy.outcome_renovada)
            };
            view! {
                <a href=row.new_policy_id.map(|id| format!("/apolices/{id}"))>{label}</a>
                {premium.map(|p| view! { " · " {brl(p)} " (" {change(row.previous_premium, p)} ")" })}
            }.into_any()
        }
    };
    view! {
        <tr>
            <td><a href=format!("/clientes/{}", row.client_id)>{row.client_name.clone()}</a></td>
            <td><a href=format!("/apolices/{}", row.policy_id) class="text-nowrap">{number.clone()}</a></td>
            <td>{row.insurer.clone()} <div class="small text-body-secondary">{row.line.clone()}</div></td>
            <td class="text-nowrap">{date_br(row.ends_on)} <div class="small text-body-secondary">{when}</div>
                {row.bonus_days_left.map(|d| view! {
                    <div><span class="badge text-bg-warning">{t!(i18n, renewal.bonus)} ": " {d} " " {t!(i18n, renewal.days)}</span></div>
                })}
            </td>
            <td class="text-end text-nowrap">{brl(row.previous_premium)}</td>
            <td>{outcome}</td>
            <td>{row.owner.clone()}</td>
        </tr>
    }
}

/// The change from the previous premium: `+5,2%`, `-3%`.
pub fn change(previous: i64, new: i64) -> String {
    if previous == 0 {
        return "—".to_owned();
    }
    let tenths = ((new - previous) as i128 * 1000 / previous as i128) as i64;
    let sign = if tenths > 0 {
        "+"
    } else if tenths < 0 {
        "-"
    } else {
        ""
    };
    let abs = tenths.abs();
    if abs % 10 == 0 {
        format!("{sign}{}%", abs / 10)
    } else {
        format!("{sign}{},{}%", abs / 10, abs % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_premium_change_reads_as_a_signed_percentage_with_a_decimal_comma() {
        assert_eq!(change(100_000, 105_200), "+5,2%");
        assert_eq!(change(100_000, 97_000), "-3%");
        assert_eq!(change(100_000, 100_000), "0%");
        assert_eq!(change(0, 100), "—");
    }
}
