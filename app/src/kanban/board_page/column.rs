//! A column of the board (or of one swimlane): its header (cards, prêmio sum, WIP limit,
//! reactive to moves and live events) and its cards in rank order, as the filter lets through.

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
    /// In a swimlane: only the cards of this responsible person (`Some(None)`: nobody's).
    #[prop(optional)]
    owner: Option<Option<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = match owner {
        None => format!("coluna-{}", lane.id),
        Some(o) => format!("coluna-{}-raia-{}", lane.id, o.unwrap_or(0)),
    };
    let labelled_by = heading.clone();
    let cards = lane.cards;
    let count = move || cards.with(Vec::len) as i64;
    let today = crate::format::today_sao_paulo(time::OffsetDateTime::now_utc());
    // The cards shown here: those the filter lets through (and of the swimlane's person).
    let shown = Memo::new(move |_| {
        filter.with(|f| {
            cards.with(|c| {
                c.iter()
                    .filter(|card| f.admits(card, today))
                    .filter(|card| owner.is_none_or(|o| card.owner_id == o))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let narrowed = move || owner.is_some() || filter.with(BoardFilter::is_active);
    let sum = move || shown.with(|c| c.iter().filter_map(|c| c.value).sum::<i64>());
    let commission = move || shown.with(|c| crate::kanban::commission_sum(c));
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
    let data_owner = owner.map(|o| o.unwrap_or(0));
    view! {
        <section class=class aria-labelledby=labelled_by data-lane=at data-owner=data_owner>
            <header class="kanban-column-head">
                <h2 id=heading class="h6 mb-1">{lane.name.clone()}</h2>
                <p class="small mb-0 text-body-secondary">
                    {move || if narrowed() {
                        t!(i18n, kanban.shown_of, shown = shown.with(Vec::len), total = count()).into_any()
                    } else {
                        cards_label(i18n, count())
                    }}
                    {move || (sum() > 0).then(|| format!(" · {}", brl(sum())))}
                    {move || (commission() > 0).then(|| view! {
                        " · " {t!(i18n, kanban.commission_short)} " " {brl(commission())}
                    })}
                    {limit.map(|l| view! {
                        <span class="ms-1" class:text-danger=over class:fw-semibold=over>
                            {t!(i18n, kanban.wip_limit, limit = l)}
                            {move || over().then(|| view! { " " {t!(i18n, kanban.wip_over)} })}
                        </span>
                    })}
                </p>
            </header>
            <ol class="kanban-cards list-unstyled mb-0">
                <For each=move || shown.get() key=|card: &Card| card.clone() let(card)>
                    <CardView card sla moves dragging />
                </For>
            </ol>
        </section>
    }
}
