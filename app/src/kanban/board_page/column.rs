//! A column of the board: its header (cards, prêmio sum, WIP limit, reactive to moves and live
//! events) and its cards in rank order.

use leptos::prelude::*;

use super::{card::CardView, cards_label, moves::Moves, pointer::Dragging, store::Lane};
use crate::{
    format::brl,
    i18n::{t, use_i18n},
    kanban::{filter::BoardFilter, Card, Outcome},
};

#[component]
pub fn ColumnView(
    lane: Lane,
    at: usize,
    moves: Moves,
    dragging: Dragging,
    filter: Memo<BoardFilter>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("coluna-{}", lane.id);
    let labelled_by = heading.clone();
    let cards = lane.cards;
    let count = move || cards.with(Vec::len) as i64;
    let today = crate::format::today_sao_paulo(time::OffsetDateTime::now_utc());
    // The cards the filter lets through (every card when there is none).
    let shown = move || {
        filter.with(|f| {
            cards.with(|c| {
                c.iter()
                    .filter(|card| f.admits(card, today))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let shown_count = Memo::new(move |_| {
        filter.with(|f| cards.with(|c| c.iter().filter(|card| f.admits(card, today)).count()))
    });
    let sum = move || {
        filter.with(|f| {
            cards.with(|c| {
                c.iter()
                    .filter(|card| f.admits(card, today))
                    .filter_map(|c| c.value)
                    .sum::<i64>()
            })
        })
    };
    let limit = lane.wip_limit;
    let over = move || limit.is_some_and(|l| count() > l);
    let sla = lane.sla_days;
    let outcome = match lane.outcome {
        Outcome::Open => "",
        Outcome::Won => " kanban-column-won",
        Outcome::Lost => " kanban-column-lost",
        Outcome::Done => " kanban-column-done",
    };
    let class = format!(
        "kanban-column{outcome} {}",
        crate::kanban::columns::color_class(&lane.color)
    );
    view! {
        <section class=class aria-labelledby=labelled_by data-lane=at>
            <header class="kanban-column-head">
                <h2 id=heading class="h6 mb-1">{lane.name.clone()}</h2>
                <p class="small mb-0 text-body-secondary">
                    {move || if filter.with(BoardFilter::is_active) {
                        t!(i18n, kanban.shown_of, shown = shown_count.get(), total = count()).into_any()
                    } else {
                        cards_label(i18n, count())
                    }}
                    {move || (sum() > 0).then(|| format!(" · {}", brl(sum())))}
                    {limit.map(|l| view! {
                        <span class="ms-1" class:text-danger=over class:fw-semibold=over>
                            {t!(i18n, kanban.wip_limit, limit = l)}
                            {move || over().then(|| view! { " " {t!(i18n, kanban.wip_over)} })}
                        </span>
                    })}
                </p>
            </header>
            <ol class="kanban-cards list-unstyled mb-0">
                <For each=shown key=|card: &Card| card.clone() let(card)>
                    <CardView card sla moves dragging />
                </For>
            </ol>
        </section>
    }
}
