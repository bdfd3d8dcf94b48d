//! Swimlanes by responsible person: one row of the board's columns per person who has cards on
//! it (in name order; cards without one last), each showing only that person's cards. The rows
//! follow the board: a card handed to someone else moves to their row when the event arrives.
//! A card is dragged within its own row (a drop in another row's column is not offered: it would
//! not change who is responsible).

use leptos::prelude::*;

use super::{column::ColumnView, moves::Moves, pointer::Dragging, store::BoardStore};
use crate::{
    i18n::{t, t_string, use_i18n},
    kanban::filter::BoardFilter,
};

/// The people with cards on the board: (id, name), by name; `None` (nobody) last.
fn people(store: BoardStore) -> Vec<(Option<i64>, String)> {
    let mut people: Vec<(Option<i64>, String)> = Vec::new();
    for lane in store.lanes() {
        lane.cards.with(|cards| {
            for card in cards {
                if !people.iter().any(|(id, _)| *id == card.owner_id) {
                    people.push((card.owner_id, card.owner.clone().unwrap_or_default()));
                }
            }
        });
    }
    people.sort_by(|a, b| (a.0.is_none(), &a.1).cmp(&(b.0.is_none(), &b.1)));
    people
}

#[component]
pub fn Swimlanes(
    store: BoardStore,
    moves: Moves,
    dragging: Dragging,
    filter: Memo<BoardFilter>,
) -> impl IntoView {
    let people = Memo::new(move |_| people(store));
    view! {
        <For each=move || people.get() key=|p: &(Option<i64>, String)| p.clone() let((owner, name))>
            <Swimlane owner name store moves dragging filter />
        </For>
    }
}

#[component]
fn Swimlane(
    owner: Option<i64>,
    name: String,
    store: BoardStore,
    moves: Moves,
    dragging: Dragging,
    filter: Memo<BoardFilter>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("raia-{}", owner.unwrap_or(0));
    let labelled_by = heading.clone();
    let name = if owner.is_some() {
        name
    } else {
        t_string!(i18n, kanban.no_owner).to_string()
    };
    let columns = store
        .lanes()
        .into_iter()
        .enumerate()
        .map(|(at, lane)| {
            view! { <ColumnView lane at moves dragging filter owner=owner /> }.into_any()
        })
        .collect_view();
    view! {
        <section class="kanban-swimlane" aria-labelledby=labelled_by>
            <h2 id=heading class="h6 kanban-swimlane-head">
                <i class="bi bi-person me-1" aria-hidden="true"></i>
                <span class="visually-hidden">{t!(i18n, kanban.swimlane_label, name = name.clone())}</span>
                <span aria-hidden="true">{name}</span>
            </h2>
            <div class="kanban-board">{columns}</div>
        </section>
    }
}
