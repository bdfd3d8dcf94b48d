//! A card on the board: its handle (drag it, or pick it up with Space and carry it with the
//! arrows), its title (opens the card's page), client, value, due date, days in the column, SLA
//! badge, checklist progress and comment count.

use leptos::{ev, prelude::*};

use super::{moves::Moves, pointer, pointer::Dragging};
use crate::{
    format::{brl, date_br},
    i18n::{t, t_string, use_i18n},
    kanban::Card,
};

#[component]
pub fn CardView(
    card: Card,
    /// The column's time limit in days, if it has one.
    sla: Option<i64>,
    moves: Moves,
    dragging: Dragging,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = card.id;
    let days = card.days;
    let picked = move || {
        moves
            .picked
            .with(|p| p.as_ref().is_some_and(|p| p.origin.id == id))
    };
    let handle_label = format!("{}: {}", t_string!(i18n, kanban.handle), card.title);
    let on_key = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Escape" && pointer::cancel(dragging, moves) {
            ev.prevent_default();
            return;
        }
        if moves.key(id, &ev.key()) {
            ev.prevent_default();
        }
    };
    view! {
        <li class="kanban-card card" class:kanban-picked=picked id=format!("cartao-{id}") data-card=id>
            <div class="card-body p-2 d-flex gap-1 align-items-start">
                <button type="button" class="btn btn-sm kanban-handle" id=format!("alca-{id}")
                    aria-label=handle_label aria-describedby="kanban-instrucoes"
                    aria-pressed=move || if picked() { "true" } else { "false" }
                    on:pointerdown=move |ev: ev::PointerEvent| pointer::down(dragging, id, &ev)
                    on:pointermove=move |ev: ev::PointerEvent| pointer::over(dragging, &ev)
                    on:pointerup=move |ev: ev::PointerEvent| pointer::up(dragging, moves, &ev)
                    on:pointercancel=move |_| { pointer::cancel(dragging, moves); }
                    on:keydown=on_key>
                    <i class="bi bi-grip-vertical" aria-hidden="true"></i>
                </button>
                <div class="flex-grow-1 kanban-card-text">
                    <p class="fw-semibold mb-1"><a href=format!("/kanban/cartoes/{id}") class="link-body-emphasis">{card.title.clone()}</a></p>
                    {sla.filter(|limit| days > *limit).map(|limit| view! {
                        <p class="mb-1"><span class="badge text-bg-danger">{t!(i18n, kanban.sla_over, limit = limit)}</span></p>
                    })}
                    {(!card.labels.is_empty()).then(|| view! {
                        <p class="mb-1">{card.labels.iter().map(|l| view! {
                            <span class="badge text-bg-secondary me-1">{l.clone()}</span>
                        }).collect_view()}</p>
                    })}
                    {work_line(i18n, &card)}
                    {card.client_id.map(|c| view! {
                        <p class="small mb-1"><a href=format!("/clientes/{c}")>{card.client_name.clone().unwrap_or_default()}</a></p>
                    })}
                    <p class="small text-body-secondary mb-0">
                        {card.value.map(|v| format!("{} · ", brl(v)))}
                        {card.due_on.map(|d| view! { {t!(i18n, kanban.due_short)} " " {date_br(d)} " · " })}
                        {super::days_label(i18n, days)}
                        {card.owner.clone().map(|o| format!(" · {o}"))}
                    </p>
                </div>
            </div>
        </li>
    }
}

/// "☑ 2/5 · 💬 3" (read out in full), when the card has a checklist or comments.
fn work_line(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, card: &Card) -> Option<AnyView> {
    let (done, total, comments) = (card.checklist_done, card.checklist_total, card.comments);
    if total == 0 && comments == 0 {
        return None;
    }
    let checklist = (total > 0).then(|| {
        view! {
            <span class:text-success=done == total>
                <i class="bi bi-check2-square me-1" aria-hidden="true"></i>
                <span aria-hidden="true">{format!("{done}/{total}")}</span>
                <span class="visually-hidden">{t!(i18n, kanban.checklist_badge, done = done, total = total)}</span>
            </span>
        }
    });
    let comments = (comments > 0).then(|| {
        view! {
            <span>
                <i class="bi bi-chat-left-text me-1" aria-hidden="true"></i>
                <span aria-hidden="true">{comments}</span>
                <span class="visually-hidden">{if comments == 1 {
                    t!(i18n, kanban.comments_badge_one).into_any()
                } else {
                    t!(i18n, kanban.comments_badge, count = comments).into_any()
                }}</span>
            </span>
        }
    });
    Some(
        view! { <p class="small text-body-secondary mb-1 d-flex gap-3">{checklist}{comments}</p> }
            .into_any(),
    )
}
