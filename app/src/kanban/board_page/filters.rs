//! The board's filter bar: responsible person, label, due date, and swimlanes by responsible
//! person. A GET form (the address carries the filter; the router keeps the page, so the board
//! is not read again).

use leptos::prelude::*;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::{
    i18n::{t, t_string, use_i18n},
    kanban::{
        filter::{BoardFilter, Due, SWIMLANES_BY_OWNER},
        Board,
    },
};

/// The filter in the page's address.
pub fn current() -> Memo<BoardFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            BoardFilter::from_query(
                q.get_str("responsavel"),
                q.get_str("etiqueta"),
                q.get_str("prazo"),
            )
            .with_swimlanes(q.get_str("raias"))
        })
    })
}

#[component]
pub fn FilterBar(board: Board, filter: Memo<BoardFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let mut owners: Vec<(i64, String)> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    for card in board.columns.iter().flat_map(|c| &c.cards) {
        if let (Some(id), Some(name)) = (card.owner_id, &card.owner) {
            if !owners.iter().any(|(o, _)| *o == id) {
                owners.push((id, name.clone()));
            }
        }
        for label in &card.labels {
            if !labels.iter().any(|l| l.eq_ignore_ascii_case(label)) {
                labels.push(label.clone());
            }
        }
    }
    owners.sort_by(|a, b| a.1.cmp(&b.1));
    labels.sort();
    let now = filter.get_untracked();
    let owner_options = owners
        .into_iter()
        .map(|(id, name)| view! { <option value=id selected=now.owner == Some(id)>{name}</option> })
        .collect_view();
    let label_options = labels
        .into_iter()
        .map(|l| {
            let selected = now
                .label
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(&l));
            let value = l.clone();
            view! { <option value=value selected=selected>{l}</option> }
        })
        .collect_view();
    let due_options = [
        (Due::Overdue, t_string!(i18n, kanban.due_overdue)),
        (Due::Week, t_string!(i18n, kanban.due_week)),
        (Due::Undated, t_string!(i18n, kanban.due_none)),
    ]
    .into_iter()
    .map(|(d, text)| view! { <option value=d.code() selected=now.due == Some(d)>{text}</option> })
    .collect_view();
    let clear = format!("/kanban/{}", board.slug);
    view! {
        <Form method="GET" action="" attr:class="row g-2 align-items-end mb-3" attr:aria-label=t_string!(i18n, kanban.filters)>
            <div class="col-sm-4 col-lg-3">
                <label for="filtro-responsavel" class="form-label small mb-0">{t!(i18n, kanban.filter_owner)}</label>
                <select id="filtro-responsavel" name="responsavel" class="form-select form-select-sm">
                    <option value="">{t!(i18n, kanban.anyone)}</option>
                    {owner_options}
                </select>
            </div>
            <div class="col-sm-4 col-lg-3">
                <label for="filtro-etiqueta" class="form-label small mb-0">{t!(i18n, kanban.filter_label)}</label>
                <select id="filtro-etiqueta" name="etiqueta" class="form-select form-select-sm">
                    <option value="">{t!(i18n, kanban.any_label)}</option>
                    {label_options}
                </select>
            </div>
            <div class="col-sm-4 col-lg-3">
                <label for="filtro-prazo" class="form-label small mb-0">{t!(i18n, kanban.filter_due)}</label>
                <select id="filtro-prazo" name="prazo" class="form-select form-select-sm">
                    <option value="">{t!(i18n, kanban.any_due)}</option>
                    {due_options}
                </select>
            </div>
            <div class="col-auto">
                <div class="form-check mb-1">
                    <input id="filtro-raias" name="raias" type="checkbox" value=SWIMLANES_BY_OWNER class="form-check-input" checked=now.swimlanes />
                    <label for="filtro-raias" class="form-check-label small">{t!(i18n, kanban.swimlanes)}</label>
                </div>
            </div>
            <div class="col-auto d-flex gap-2">
                <button type="submit" class="btn btn-sm btn-outline-primary">{t!(i18n, kanban.filter)}</button>
                {move || filter.with(|f| f.is_active() || f.swimlanes).then(|| view! {
                    <a class="btn btn-sm btn-link" href=clear.clone()>{t!(i18n, kanban.clear_filters)}</a>
                })}
            </div>
        </Form>
    }
}
