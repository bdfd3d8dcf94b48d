//! `/kanban` (the boards) and `/kanban/{slug}` (one board): columns with their count, prêmio sum
//! and WIP limit, cards with their client, value, due date and days in the column. Cards move
//! with buttons that work by keyboard and without JavaScript (up, down, previous and next
//! column) and with "Mover para…" (any column; a lost column asks why). Adding a card is a form
//! at the top (`?cliente={id}` ties it to a client, as the client page's quick action does).

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    api::{kanban_board, kanban_boards, CreateCard, MoveCard},
    Board, Card, Column, Outcome,
};
use crate::{
    error::AppError,
    format::{brl, date_br},
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::{action_error, fields::Field, message, FormAlert, PageTitle},
};

/// The columns a card may step to with one button: (id, name) of the previous and the next
/// (lost columns excepted: they ask for a reason).
type Neighbours = (Option<(i64, String)>, Option<(i64, String)>);

/// "1 cartão", "3 cartões".
fn cards_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, count: i64) -> AnyView {
    if count == 1 {
        t!(i18n, kanban.cards_one).into_any()
    } else {
        t!(i18n, kanban.cards_count, count = count).into_any()
    }
}

/// `/kanban`: the boards.
#[component]
pub fn BoardsPage() -> impl IntoView {
    let i18n = use_i18n();
    let boards = Resource::new(|| (), |_| kanban_boards());
    view! {
        <PageTitle text=move || t_string!(i18n, kanban.title) />
        <h1 class="h3 mb-3">{t!(i18n, kanban.title)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match boards.await {
                    Ok(boards) => view! {
                        <ul class="list-group">
                            {boards.into_iter().map(|b| view! {
                                <li class="list-group-item d-flex justify-content-between align-items-center">
                                    <a href=format!("/kanban/{}", b.slug) class="fw-semibold">{b.name}</a>
                                    <span class="badge text-bg-secondary">{cards_label(i18n, b.cards)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/kanban/{slug}`.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let mover = ServerAction::<MoveCard>::new();
    let create = ServerAction::<CreateCard>::new();
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if matches!(mover.value().get(), Some(Ok(()))) {
            saved.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(()))) {
            saved.update(|n| *n += 1);
        }
    });
    let board = Resource::new(
        move || (slug(), saved.get()),
        |(slug, _)| kanban_board(slug),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, kanban.title) />
        <Transition>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) => view! { <BoardView board mover create /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn BoardView(
    board: Board,
    mover: ServerAction<MoveCard>,
    create: ServerAction<CreateCard>,
) -> impl IntoView {
    let i18n = use_i18n();
    let tabs = board
        .boards
        .iter()
        .map(|b| {
            let current = (b.slug == board.slug).then_some("page");
            view! {
                <li class="nav-item">
                    <a class="nav-link" class:active=current.is_some() aria-current=current href=format!("/kanban/{}", b.slug)>
                        {b.name.clone()} " " <span class="badge text-bg-light">{b.cards}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let move_error = action_error(mover);
    // A refused move belongs to one card's form; its reason is shown above the board.
    let move_message = move || {
        move_error.get().and_then(|err| match err {
            AppError::Invalid { fields } => fields.values().next().map(|key| message(i18n, key)),
            _ => None,
        })
    };
    let columns: Vec<(i64, String, Outcome)> = board
        .columns
        .iter()
        .map(|c| (c.id, c.name.clone(), c.outcome))
        .collect();
    let slug = board.slug.clone();
    let board_columns = board
        .columns
        .iter()
        .enumerate()
        .map(|(at, column)| {
            let prev = at.checked_sub(1).and_then(|i| board.columns.get(i)).filter(|c| c.outcome != Outcome::Lost);
            let next = board.columns.get(at + 1).filter(|c| c.outcome != Outcome::Lost);
            let neighbours = (prev.map(|c| (c.id, c.name.clone())), next.map(|c| (c.id, c.name.clone())));
            view! { <ColumnView column=column.clone() neighbours columns=columns.clone() slug=slug.clone() mover /> }
        })
        .collect_view();
    view! {
        <div class="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-2">
            <h1 class="h3 mb-0">{board.name.clone()}</h1>
        </div>
        <nav aria-label=move || t_string!(i18n, kanban.boards_label)>
            <ul class="nav nav-pills mb-3 flex-wrap">{tabs}</ul>
        </nav>
        <NewCard slug=board.slug.clone() columns=board.columns.clone() client=board_client() action=create />
        {move || move_message().map(|text| view! { <div class="alert alert-danger" role="alert">{text}</div> })}
        <FormAlert error=Signal::derive(move || move_error.get().filter(|e| !matches!(e, AppError::Invalid { .. }))) />
        <div class="kanban-board">{board_columns}</div>
    }
}

/// The client a new card is for, from `?cliente=`.
fn board_client() -> Option<i64> {
    use_query_map()
        .read_untracked()
        .get("cliente")
        .and_then(|id| id.parse().ok())
}

#[component]
fn NewCard(
    slug: String,
    columns: Vec<Column>,
    client: Option<i64>,
    action: ServerAction<CreateCard>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let options = columns
        .into_iter()
        .filter(|c| c.outcome == Outcome::Open)
        .map(|c| view! { <option value=c.id>{c.name}</option> })
        .collect_view();
    view! {
        <details class="card mb-3" open=client.is_some()>
            <summary class="card-header">{t!(i18n, kanban.new_card)}</summary>
            <div class="card-body">
                <FormAlert error />
                <ActionForm action>
                    <input type="hidden" name="board" value=slug />
                    <input type="hidden" name="card[client]" value=client.unwrap_or(0) />
                    <div class="row g-2">
                        <Field id="card-title" name="card[title]" error_key="title" required=true class="col-md-4"
                            label=Signal::derive(move || t_string!(i18n, kanban.card_title).to_string()) error />
                        <div class="col-md-3">
                            <label for="card-column" class="form-label">{t!(i18n, kanban.column)}</label>
                            <select id="card-column" name="card[column]" class="form-select">{options}</select>
                        </div>
                        <Field id="card-value" name="card[value]" error_key="value" class="col-md-2" inputmode="decimal"
                            label=Signal::derive(move || t_string!(i18n, kanban.value).to_string()) error />
                        <Field id="card-due" name="card[due_on]" error_key="due_on" kind="date" class="col-md-3"
                            label=Signal::derive(move || t_string!(i18n, kanban.due_on).to_string()) error />
                    </div>
                    {client.map(|_| view! { <p class="small text-body-secondary mb-2">{t!(i18n, kanban.for_client)}</p> })}
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>
                        {t!(i18n, kanban.add_card)}
                    </button>
                </ActionForm>
            </div>
        </details>
    }
}

#[component]
fn ColumnView(
    column: Column,
    neighbours: Neighbours,
    columns: Vec<(i64, String, Outcome)>,
    slug: String,
    mover: ServerAction<MoveCard>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("coluna-{}", column.id);
    let labelled_by = heading.clone();
    let count = column.cards.len();
    let sum = column.value_sum();
    let over = column.over_limit();
    let limit = column.wip_limit;
    let class = match column.outcome {
        Outcome::Open => "kanban-column",
        Outcome::Won => "kanban-column kanban-column-won",
        Outcome::Lost => "kanban-column kanban-column-lost",
        Outcome::Done => "kanban-column kanban-column-done",
    };
    let ids: Vec<i64> = column.cards.iter().map(|c| c.id).collect();
    let cards = column
        .cards
        .iter()
        .enumerate()
        .map(|(at, card)| {
            let above = at.checked_sub(1).map(|i| ids[i]);
            let below = ids.get(at + 1).copied();
            view! {
                <CardView card=card.clone() column=column.id sla=column.sla_days above below
                    neighbours=neighbours.clone() columns=columns.clone() slug=slug.clone() mover />
            }
        })
        .collect_view();
    view! {
        <section class=class aria-labelledby=labelled_by>
            <header class="kanban-column-head">
                <h2 id=heading class="h6 mb-1">{column.name.clone()}</h2>
                <p class="small mb-0 text-body-secondary">
                    {cards_label(i18n, count as i64)}
                    {(sum > 0).then(|| format!(" · {}", brl(sum)))}
                    {limit.map(|l| view! {
                        <span class="ms-1" class:text-danger=over class:fw-semibold=over>
                            {t!(i18n, kanban.wip_limit, limit = l)}
                            {over.then(|| view! { " " {t!(i18n, kanban.wip_over)} })}
                        </span>
                    })}
                </p>
            </header>
            <ol class="kanban-cards list-unstyled mb-0">{cards}</ol>
        </section>
    }
}

/// A small form with one button that moves a card.
fn move_button(
    mover: ServerAction<MoveCard>,
    (id, slug): (i64, String),
    (column, after, before): (i64, Option<i64>, Option<i64>),
    (icon, label): (&'static str, String),
) -> AnyView {
    view! {
        <ActionForm action=mover attr:class="d-inline">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="board" value=slug />
            <input type="hidden" name="to[column]" value=column />
            {after.map(|a| view! { <input type="hidden" name="to[after]" value=a /> })}
            {before.map(|b| view! { <input type="hidden" name="to[before]" value=b /> })}
            <button type="submit" class="btn btn-sm btn-outline-secondary kanban-move" aria-label=label.clone() title=label>
                <i class=icon aria-hidden="true"></i>
            </button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn CardView(
    card: Card,
    column: i64,
    /// The column's time limit in days, if it has one.
    sla: Option<i64>,
    above: Option<i64>,
    below: Option<i64>,
    neighbours: Neighbours,
    columns: Vec<(i64, String, Outcome)>,
    slug: String,
    mover: ServerAction<MoveCard>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = card.id;
    let title = card.title.clone();
    let days = card.days;
    let label = |what: String| format!("{what}: {title}");
    let up = above.map(|a| {
        let text = label(t_string!(i18n, kanban.move_up).to_string());
        move_button(
            mover,
            (id, slug.clone()),
            (column, None, Some(a)),
            ("bi bi-arrow-up", text),
        )
    });
    let down = below.map(|b| {
        let text = label(t_string!(i18n, kanban.move_down).to_string());
        move_button(
            mover,
            (id, slug.clone()),
            (column, Some(b), None),
            ("bi bi-arrow-down", text),
        )
    });
    let left = neighbours.0.map(|(to, name)| {
        let text = label(format!("{} {name}", t_string!(i18n, kanban.move_to)));
        move_button(
            mover,
            (id, slug.clone()),
            (to, None, None),
            ("bi bi-arrow-left", text),
        )
    });
    let right = neighbours.1.map(|(to, name)| {
        let text = label(format!("{} {name}", t_string!(i18n, kanban.move_to)));
        move_button(
            mover,
            (id, slug.clone()),
            (to, None, None),
            ("bi bi-arrow-right", text),
        )
    });
    let select_id = format!("mover-{id}");
    let reason_id = format!("motivo-{id}");
    let recontact_id = format!("recontato-{id}");
    let options = columns
        .into_iter()
        .filter(|(c, _, _)| *c != column)
        .map(|(c, name, outcome)| {
            let name = if outcome == Outcome::Lost {
                format!("{name} ({})", t_string!(i18n, kanban.asks_reason))
            } else {
                name
            };
            view! { <option value=c>{name}</option> }
        })
        .collect_view();
    view! {
        <li class="kanban-card card" id=format!("cartao-{id}")>
            <div class="card-body p-2">
                <p class="fw-semibold mb-1">{card.title.clone()}</p>
                {sla.filter(|limit| days > *limit).map(|limit| view! {
                    <p class="mb-1"><span class="badge text-bg-danger">{t!(i18n, kanban.sla_over, limit = limit)}</span></p>
                })}
                {card.client_id.map(|c| view! {
                    <p class="small mb-1"><a href=format!("/clientes/{c}")>{card.client_name.clone().unwrap_or_default()}</a></p>
                })}
                <p class="small text-body-secondary mb-1">
                    {card.value.map(|v| format!("{} · ", brl(v)))}
                    {card.due_on.map(|d| view! { {t!(i18n, kanban.due_short)} " " {date_br(d)} " · " })}
                    {t!(i18n, kanban.days_in_column, days = days)}
                    {card.owner.clone().map(|o| format!(" · {o}"))}
                </p>
                <div class="d-flex flex-wrap gap-1 align-items-center">
                    {left}{up}{down}{right}
                    <details class="kanban-move-to">
                        <summary class="btn btn-sm btn-outline-primary">{t!(i18n, kanban.move_to_ellipsis)}</summary>
                        <ActionForm action=mover attr:class="mt-2">
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="board" value=slug.clone() />
                            <label for=select_id.clone() class="form-label small mb-0">{t!(i18n, kanban.column)}</label>
                            <select id=select_id name="to[column]" class="form-select form-select-sm mb-1">{options}</select>
                            <label for=reason_id.clone() class="form-label small mb-0">{t!(i18n, kanban.lost_reason)}</label>
                            <input id=reason_id name="lost_reason" type="text" class="form-control form-control-sm mb-1" />
                            <label for=recontact_id.clone() class="form-label small mb-0">{t!(i18n, kanban.recontact_on)}</label>
                            <input id=recontact_id name="recontact_on" type="date" class="form-control form-control-sm mb-1" />
                            <button type="submit" class="btn btn-sm btn-primary">{t!(i18n, kanban.move_submit)}</button>
                        </ActionForm>
                    </details>
                </div>
            </div>
        </li>
    }
}
