//! `/kanban` (the boards) and `/kanban/{slug}` (one board): columns with their count, prêmio sum
//! and WIP limit, cards with their client, value, due date, days in the column and SLA badge.
//! Cards move by dragging their handle (mouse, pen or touch) or by keyboard on the same handle
//! ([`moves`]); the move shows at once and is undone with a message if the server refuses. The
//! board follows everyone's changes live ([`crate::kanban::stream`]). Without scripts, a card's page moves it.

mod card;
mod column;
mod filters;
mod lost_dialog;
mod moves;
mod new_card;
mod pointer;
mod store;
mod swimlanes;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    api::{kanban_board, kanban_boards, CreateCard},
    Board,
};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::PageTitle,
};
use column::ColumnView;
use lost_dialog::LostDialog;
use moves::Moves;
use new_card::{board_client, NewCard};
use store::BoardStore;

/// "1 cartão", "3 cartões".
pub(super) fn cards_label(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    count: i64,
) -> AnyView {
    if count == 1 {
        t!(i18n, kanban.cards_one).into_any()
    } else {
        t!(i18n, kanban.cards_count, count = count).into_any()
    }
}

/// "1 dia na coluna", "3 dias na coluna".
pub(crate) fn days_label(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    days: i64,
) -> AnyView {
    if days == 1 {
        t!(i18n, kanban.days_one).into_any()
    } else {
        t!(i18n, kanban.days_in_column, days = days).into_any()
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
    let create = ServerAction::<CreateCard>::new();
    // Bumped to read the board again, when the live stream says too much was missed.
    let reads = RwSignal::new(0_u32);
    // Open when coming from a client's page; then as the person leaves it.
    let new_open = RwSignal::new(board_client().is_some());
    let board = Resource::new(
        move || (slug(), reads.get()),
        |(slug, _)| kanban_board(slug),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, kanban.title) />
        <Transition>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) => view! { <BoardView board create reads new_open /> }.into_any(),
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
    create: ServerAction<CreateCard>,
    reads: RwSignal<u32>,
    new_open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = BoardStore::new(&board);
    let filter = filters::current();
    let moves = Moves::new(store, board.kind == "sales", filter, i18n);
    let dragging: pointer::Dragging = StoredValue::new(None);
    let handlers = crate::kanban::stream::Handlers {
        card: move |card: crate::kanban::Card| {
            // The card being dragged is redrawn once it is dropped.
            if pointer::hold(dragging, &card) {
                return;
            }
            // A card redrawn while its handle has the keyboard keeps it.
            let focused = moves::focused_card() == Some(card.id);
            let id = card.id;
            store.upsert(card);
            if focused {
                moves::refocus(id);
            }
        },
        removed: move |id| {
            store.remove(id);
        },
        reload: move || reads.update(|n| *n += 1),
    };
    crate::kanban::stream::follow(board.slug.clone(), board.live.clone(), handlers);
    // A card just added takes its place at once (its live echo then changes nothing). The board
    // is not read again: that would redraw it under a card someone is moving.
    Effect::new(move |before: Option<()>| {
        let added = create.value().get();
        if before.is_some() {
            if let Some(Ok(card)) = added {
                store.upsert(card);
            }
        }
    });
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
    // Swimlanes or one row: switching redraws the board (the cards stay in the store).
    let swimlanes = Memo::new(move |_| filter.with(|f| f.swimlanes));
    let columns = move || {
        if swimlanes.get() {
            view! { <swimlanes::Swimlanes store moves dragging filter /> }.into_any()
        } else {
            let columns = store
                .lanes()
                .into_iter()
                .enumerate()
                .map(|(at, lane)| view! { <ColumnView lane at moves dragging filter /> })
                .collect_view();
            view! { <div class="kanban-board">{columns}</div> }.into_any()
        }
    };
    view! {
        <div class="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-2">
            <h1 class="h3 mb-0">{board.name.clone()}</h1>
            {board.manage.then(|| view! {
                <a class="btn btn-sm btn-outline-secondary" href=format!("/kanban/{}/colunas", board.slug)>
                    <i class="bi bi-layout-three-columns me-1" aria-hidden="true"></i>{t!(i18n, kanban.columns_link)}
                </a>
            })}
        </div>
        <nav aria-label=move || t_string!(i18n, kanban.boards_label)>
            <ul class="nav nav-pills mb-3 flex-wrap">{tabs}</ul>
        </nav>
        <filters::FilterBar board=board.clone() filter />
        <NewCard slug=board.slug.clone() columns=board.columns.clone() client=board_client() action=create open=new_open />
        <p id="kanban-instrucoes" class="visually-hidden">{t!(i18n, kanban.drag_help)}</p>
        <div class="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">{move || moves.said.get()}</div>
        {move || moves.failed.get().map(|text| view! {
            <div class="alert alert-danger d-flex justify-content-between align-items-start gap-2" role="alert">
                <span>{text}</span>
                <button type="button" class="btn-close" aria-label=move || t_string!(i18n, kanban.dismiss)
                    on:click=move |_| moves.failed.set(None)></button>
            </div>
        })}
        {move || moves.won.get().map(|(title, client, card)| view! {
            <div class="alert alert-success d-flex flex-wrap gap-2 align-items-center" role="status">
                <span class="me-auto"><strong>{t!(i18n, kanban.won_title)} ": " {title}</strong> " " {t!(i18n, kanban.won_offer)}</span>
                <a class="btn btn-success btn-sm" href=format!("/apolices/nova?cliente={client}&cartao={card}")>{t!(i18n, kanban.won_create)}</a>
                <button type="button" class="btn-close" aria-label=move || t_string!(i18n, kanban.dismiss)
                    on:click=move |_| moves.won.set(None)></button>
            </div>
        })}
        {columns}
        <LostDialog moves />
    }
}
