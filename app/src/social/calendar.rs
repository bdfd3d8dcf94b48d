//! Redes sociais (`/redes-sociais`): the brokerage's posts in a month or week calendar, or a
//! list, each with its networks, time and state — draft, waiting for approval, scheduled,
//! published (with the link to see it), failed. The view and the day live in the address
//! (`?visao=mes|semana|lista&data=AAAA-MM-DD`), so plain links move through it without
//! JavaScript. Weeks start on Sunday, as Brazilian calendars do.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use time::{Date, Duration, Month, OffsetDateTime};

use super::{posts_api::social_calendar, PostSummary};
use crate::{
    error::AppError,
    format::SAO_PAULO,
    i18n::{t, t_string, use_i18n, Locale},
    pages::ErrorPage,
    ui::PageTitle,
    users::Forbidden,
};

/// How the posts are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum View {
    Month,
    Week,
    List,
}

impl View {
    /// The view named in the address (`mes`, `semana`, `lista`); the month by default.
    pub fn parse(raw: Option<&str>) -> Self {
        match raw {
            Some("semana") => Self::Week,
            Some("lista") => Self::List,
            _ => Self::Month,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Self::Month => "mes",
            Self::Week => "semana",
            Self::List => "lista",
        }
    }
}

/// `AAAA-MM-DD` as a date.
pub fn parse_day(raw: &str) -> Option<Date> {
    let mut parts = raw.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = Month::try_from(parts.next()?.parse::<u8>().ok()?).ok()?;
    let day = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// A date as `AAAA-MM-DD`.
pub fn day_slug(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn sunday_on_or_before(date: Date) -> Date {
    date - Duration::days(i64::from(date.weekday().number_days_from_sunday()))
}

/// The days `view` shows around `anchor` (inclusive): a month's weeks from Sunday to Saturday,
/// one week, or (the list) the month itself.
pub fn span(view: View, anchor: Date) -> (Date, Date) {
    let first = anchor.replace_day(1).unwrap_or(anchor);
    let last = first
        .replace_day(first.month().length(first.year()))
        .unwrap_or(first);
    match view {
        View::Month => {
            let start = sunday_on_or_before(first);
            let end =
                last + Duration::days(i64::from(6 - last.weekday().number_days_from_sunday()));
            (start, end)
        }
        View::Week => {
            let start = sunday_on_or_before(anchor);
            (start, start + Duration::days(6))
        }
        View::List => (first, last),
    }
}

/// The day the "previous" (`forward = false`) or "next" link of `view` goes to.
pub fn step(view: View, anchor: Date, forward: bool) -> Date {
    match view {
        View::Week => anchor + Duration::days(if forward { 7 } else { -7 }),
        View::Month | View::List => {
            let first = anchor.replace_day(1).unwrap_or(anchor);
            if forward {
                first + Duration::days(i64::from(first.month().length(first.year())))
            } else {
                (first - Duration::days(1)).replace_day(1).unwrap_or(first)
            }
        }
    }
}

/// `AAAA-MM-DDTHH:MM` (what `<input type="datetime-local">` sends) in São Paulo, as Unix
/// seconds.
pub fn sao_paulo_instant(raw: &str) -> Option<i64> {
    let (day, clock) = raw.trim().split_once('T')?;
    let day: Date = parse_day(day)?;
    let mut parts = clock.split(':');
    let hour = parts.next()?.parse().ok()?;
    let minute = parts.next()?.parse().ok()?;
    let time = time::Time::from_hms(hour, minute, 0).ok()?;
    Some(
        time::PrimitiveDateTime::new(day, time)
            .assume_offset(SAO_PAULO)
            .unix_timestamp(),
    )
}

/// The São Paulo day and time of Unix second `at`.
pub fn local(at: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .map(|at| at.to_offset(SAO_PAULO))
}

/// A post's state in words.
pub fn status_label(i18n: leptos_i18n::I18nContext<Locale>, status: &str) -> String {
    match status {
        "draft" => t_string!(i18n, social.post_draft),
        "pending" => t_string!(i18n, social.post_pending),
        "scheduled" => t_string!(i18n, social.post_scheduled),
        "published" => t_string!(i18n, social.post_published),
        _ => t_string!(i18n, social.post_failed),
    }
    .to_string()
}

/// The badge colour of a post's state.
pub fn status_class(status: &str) -> &'static str {
    match status {
        "draft" => "badge text-bg-secondary",
        "pending" => "badge text-bg-warning",
        "scheduled" => "badge text-bg-primary",
        "published" => "badge text-bg-success",
        _ => "badge text-bg-danger",
    }
}

/// A network's icon and name.
pub fn network_icon(network: &str) -> (&'static str, &'static str) {
    match network {
        "instagram" => ("bi bi-instagram", "Instagram"),
        _ => ("bi bi-facebook", "Facebook"),
    }
}

fn excerpt(caption: &str) -> String {
    let mut short: String = caption.chars().take(48).collect();
    if caption.chars().count() > 48 {
        short.push('…');
    }
    short
}

/// One post on the calendar: a link with its time, networks, state and the caption's start.
#[component]
fn Chip(post: PostSummary) -> impl IntoView {
    let i18n = use_i18n();
    let time = post
        .publish_at
        .and_then(local)
        .map(|at| format!("{:02}:{:02}", at.hour(), at.minute()))
        .unwrap_or_default();
    let label = status_label(i18n, &post.status);
    let icons = post
        .networks
        .iter()
        .map(|n| {
            let (icon, name) = network_icon(n);
            view! { <i class=icon role="img" aria-label=name></i> }
        })
        .collect_view();
    view! {
        <a href=format!("/redes-sociais/{}", post.id)
            class=format!("social-chip d-block text-decoration-none small mb-1 social-{}", post.status)>
            <span class="fw-semibold">{time}</span> " " {icons} " "
            <span class=status_class(&post.status)>{label}</span>
            <span class="d-block text-body text-truncate">{excerpt(&post.caption)}</span>
        </a>
    }
}

/// The month or week grid.
#[component]
fn Grid(posts: Vec<PostSummary>, from: Date, to: Date, month: Month, today: Date) -> impl IntoView {
    let i18n = use_i18n();
    let weekdays: Vec<String> = t_string!(i18n, social.weekdays)
        .to_string()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let head = weekdays
        .into_iter()
        .map(|d| view! { <th scope="col" class="text-center small">{d}</th> })
        .collect_view();
    let mut weeks = Vec::new();
    let mut day = from;
    while day <= to {
        let days = (0..7)
            .map(|i| day + Duration::days(i))
            .map(|d| {
                let of_day: Vec<_> = posts
                    .iter()
                    .filter(|p| p.publish_at.and_then(local).map(|at| at.date()) == Some(d))
                    .cloned()
                    .collect();
                let mut class = "social-day align-top".to_owned();
                if d.month() != month {
                    class.push_str(" social-other-month");
                }
                if d == today {
                    class.push_str(" social-today");
                }
                let current = (d == today).then_some("date");
                view! {
                    <td class=class aria-current=current>
                        <div class="small text-body-secondary">{d.day()}</div>
                        {of_day.into_iter().map(|post| view! { <Chip post /> }).collect_view()}
                    </td>
                }
            })
            .collect_view();
        weeks.push(view! { <tr>{days}</tr> });
        day += Duration::days(7);
    }
    view! {
        <div class="table-responsive">
            <table class="table table-bordered social-calendar">
                <thead><tr>{head}</tr></thead>
                <tbody>{weeks}</tbody>
            </table>
        </div>
    }
}

/// The list of posts.
#[component]
fn List(posts: Vec<PostSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if posts.is_empty() {
        return view! { <p class="text-body-secondary">{t!(i18n, social.no_posts)}</p> }.into_any();
    }
    let rows = posts
        .into_iter()
        .map(|post| {
            let when = post
                .publish_at
                .and_then(local)
                .map(crate::format::datetime_br)
                .unwrap_or_default();
            let networks = post
                .networks
                .iter()
                .map(|n| network_icon(n).1)
                .collect::<Vec<_>>()
                .join(", ");
            let links = post
                .permalinks
                .iter()
                .map(|(network, link)| {
                    let text = format!("{} {}", t_string!(i18n, social.see_on), network_icon(network).1);
                    view! { <a href=link.clone() target="_blank" rel="noopener noreferrer" class="d-block text-nowrap">{text}</a> }
                })
                .collect_view();
            view! {
                <tr>
                    <td class="text-nowrap">{when}</td>
                    <td>{networks}</td>
                    <td><a href=format!("/redes-sociais/{}", post.id)>{excerpt(&post.caption)}</a></td>
                    <td><span class=status_class(&post.status)>{status_label(i18n, &post.status)}</span></td>
                    <td>{links}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-responsive">
            <table class="table table-sm align-middle">
                <caption class="visually-hidden">{t!(i18n, social.posts_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, social.col_when)}</th>
                        <th scope="col">{t!(i18n, social.col_networks)}</th>
                        <th scope="col">{t!(i18n, social.col_caption)}</th>
                        <th scope="col">{t!(i18n, social.col_state)}</th>
                        <th scope="col">{t!(i18n, social.col_link)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/redes-sociais`.
#[component]
pub fn SocialCalendarPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view_of = move || View::parse(query.read().get_str("visao"));
    let day = move || query.read().get("data").unwrap_or_default();
    let data = Resource::new(
        move || (view_of(), day()),
        |(view, day)| async move {
            social_calendar(view.slug().to_owned(), day)
                .await
                .map(|calendar| (view, calendar))
        },
    );
    view! {
        <PageTitle text=move || t_string!(i18n, social.posts_title) />
        <div class="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-3">
            <h1 class="h3 mb-0">{t!(i18n, social.posts_title)}</h1>
            <a href="/redes-sociais/nova" class="btn btn-primary">
                <i class="bi bi-plus-lg me-1" aria-hidden="true"></i>
                {t!(i18n, social.new_post)}
            </a>
        </div>
        {move || query.read().get_str("excluida").is_some().then(|| view! {
            <div class="alert alert-success" role="status">{t!(i18n, social.post_deleted)}</div>
        })}
        <Transition>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((view, calendar)) => view! { <Calendar view calendar /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Calendar(view: View, calendar: super::PostCalendar) -> impl IntoView {
    let i18n = use_i18n();
    let anchor = parse_day(&calendar.anchor)
        .unwrap_or_else(|| OffsetDateTime::now_utc().to_offset(SAO_PAULO).date());
    let (from, to) = span(view, anchor);
    let today = local(calendar.now).map_or(anchor, |at| at.date());
    let months: Vec<String> = t_string!(i18n, dashboard.month_names)
        .to_string()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let month_name: String = months
        .get(usize::from(u8::from(anchor.month())) - 1)
        .map(|m| {
            let mut chars = m.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let title = match view {
        View::Week => format!(
            "{} – {}",
            crate::format::date_br(from),
            crate::format::date_br(to)
        ),
        _ => format!("{month_name} {}", anchor.year()),
    };
    let link = move |v: View, day: Date| {
        format!("/redes-sociais?visao={}&data={}", v.slug(), day_slug(day))
    };
    let tab = move |v: View, label: String| {
        let current = (v == view).then_some("page");
        let class = if v == view {
            "nav-link active"
        } else {
            "nav-link"
        };
        view! { <li class="nav-item"><a class=class aria-current=current href=link(v, anchor)>{label}</a></li> }
    };
    let body = match view {
        View::List => view! { <List posts=calendar.posts /> }.into_any(),
        _ => view! { <Grid posts=calendar.posts from to month=anchor.month() today /> }.into_any(),
    };
    let undated = calendar.undated;
    view! {
        <div class="d-flex flex-wrap align-items-center gap-2 mb-3">
            <ul class="nav nav-pills">
                {tab(View::Month, t_string!(i18n, social.view_month).to_string())}
                {tab(View::Week, t_string!(i18n, social.view_week).to_string())}
                {tab(View::List, t_string!(i18n, social.view_list).to_string())}
            </ul>
            <div class="ms-auto d-flex align-items-center gap-2">
                <a class="btn btn-outline-secondary btn-sm" href=link(view, step(view, anchor, false))>
                    <i class="bi bi-chevron-left" aria-hidden="true"></i>
                    <span class="visually-hidden">{t!(i18n, social.previous)}</span>
                </a>
                <h2 class="h5 mb-0" aria-live="polite">{title}</h2>
                <a class="btn btn-outline-secondary btn-sm" href=link(view, step(view, anchor, true))>
                    <i class="bi bi-chevron-right" aria-hidden="true"></i>
                    <span class="visually-hidden">{t!(i18n, social.next)}</span>
                </a>
                <a class="btn btn-outline-secondary btn-sm" href=link(view, today)>{t!(i18n, social.today)}</a>
            </div>
        </div>
        {calendar.approval.then(|| view! {
            <p class="small text-body-secondary"><i class="bi bi-shield-check me-1" aria-hidden="true"></i>{t!(i18n, social.approval_on)}</p>
        })}
        {body}
        {(!undated.is_empty()).then(|| view! {
            <section class="mt-4" aria-labelledby="drafts-heading">
                <h2 id="drafts-heading" class="h5">{t!(i18n, social.undated_drafts)}</h2>
                <ul class="list-unstyled">
                    {undated.into_iter().map(|post| view! { <li><Chip post /></li> }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_month_runs_from_the_sunday_before_its_first_day_to_the_saturday_after_its_last() {
        // December 2026 starts on a Tuesday and ends on a Thursday.
        assert_eq!(
            span(View::Month, date!(2026 - 12 - 17)),
            (date!(2026 - 11 - 29), date!(2027 - 01 - 02))
        );
        assert_eq!(
            span(View::Week, date!(2026 - 12 - 02)),
            (date!(2026 - 11 - 29), date!(2026 - 12 - 05))
        );
        assert_eq!(
            span(View::List, date!(2026 - 02 - 10)),
            (date!(2026 - 02 - 01), date!(2026 - 02 - 28))
        );
    }

    #[test]
    fn previous_and_next_move_by_a_whole_month_or_week() {
        assert_eq!(
            step(View::Month, date!(2026 - 01 - 31), true),
            date!(2026 - 02 - 01)
        );
        assert_eq!(
            step(View::Month, date!(2026 - 01 - 31), false),
            date!(2025 - 12 - 01)
        );
        assert_eq!(
            step(View::Week, date!(2026 - 12 - 30), true),
            date!(2027 - 01 - 06)
        );
    }

    #[test]
    fn days_in_the_address_are_read_strictly() {
        assert_eq!(parse_day("2026-12-01"), Some(date!(2026 - 12 - 01)));
        assert_eq!(parse_day("2026-02-30"), None);
        assert_eq!(parse_day("ontem"), None);
        assert_eq!(day_slug(date!(2026 - 03 - 04)), "2026-03-04");
        assert_eq!(View::parse(Some("semana")), View::Week);
        assert_eq!(View::parse(Some("x")), View::Month);
    }

    #[test]
    fn the_form_time_is_read_as_sao_paulo_time() {
        // 2026-12-01 10:30 in São Paulo is 13:30 UTC.
        assert_eq!(sao_paulo_instant("2026-12-01T10:30"), Some(1_796_131_800));
        assert_eq!(
            sao_paulo_instant("2026-12-01T10:30:00"),
            Some(1_796_131_800)
        );
        assert_eq!(sao_paulo_instant("2026-12-01"), None);
        assert_eq!(sao_paulo_instant("2026-12-01T25:00"), None);
    }
}
