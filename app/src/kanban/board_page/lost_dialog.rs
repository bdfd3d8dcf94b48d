//! The question a lost column asks: why the deal was lost (required) and when to call again
//! (optional). Confirming moves the card; cancelling (or Escape) leaves it where it was.

use leptos::{ev, html, prelude::*};

use super::moves::Moves;
use crate::i18n::{t, t_string, use_i18n};

#[component]
pub fn LostDialog(moves: Moves) -> impl IntoView {
    move || {
        moves
            .asking
            .get()
            .map(|asking| view! { <LostForm moves title=asking.origin.title.clone() column=asking.column.clone() /> })
    }
}

#[component]
fn LostForm(moves: Moves, title: String, column: String) -> impl IntoView {
    let i18n = use_i18n();
    let reason = NodeRef::<html::Input>::new();
    let recontact = NodeRef::<html::Input>::new();
    let missing = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(input) = reason.get() {
            let _ = input.focus();
        }
    });
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let typed = reason.get().map(|i| i.value()).unwrap_or_default();
        if typed.trim().is_empty() {
            missing.set(true);
            if let Some(input) = reason.get() {
                let _ = input.focus();
            }
            return;
        }
        let on = recontact.get().map(|i| i.value()).unwrap_or_default();
        if let Some(asking) = moves.asking.get_untracked() {
            moves.asking.set(None);
            let id = asking.origin.id;
            moves.commit(asking.origin, asking.lane, asking.index, typed, on);
            super::moves::refocus(id);
        }
    };
    let on_key = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            moves.cancel_asking();
        }
    };
    let heading = format!("{} {column}", t_string!(i18n, kanban.move_to));
    view! {
        <div class="kanban-dialog-backdrop">
            <div class="kanban-dialog card shadow" role="dialog" aria-modal="true" aria-labelledby="perda-titulo" on:keydown=on_key>
                <form class="card-body" novalidate on:submit=submit>
                    <h2 id="perda-titulo" class="h5">{heading.clone()}</h2>
                    <p class="mb-2">{title.clone()}</p>
                    <p class="small text-body-secondary">{t!(i18n, kanban.lost_help)}</p>
                    <div class="mb-2">
                        <label for="perda-motivo" class="form-label">{t!(i18n, kanban.lost_reason_label)}</label>
                        <input id="perda-motivo" node_ref=reason type="text" class="form-control" maxlength="500"
                            aria-required="true" class:is-invalid=missing aria-invalid=move || missing.get().to_string()
                            aria-describedby="perda-motivo-erro" />
                        <div id="perda-motivo-erro" class="invalid-feedback">{t!(i18n, err.reason_required)}</div>
                    </div>
                    <div class="mb-3">
                        <label for="perda-recontato" class="form-label">{t!(i18n, kanban.recontact_on)}</label>
                        <input id="perda-recontato" node_ref=recontact type="date" class="form-control" />
                    </div>
                    <div class="d-flex gap-2 justify-content-end">
                        <button type="button" class="btn btn-outline-secondary" on:click=move |_| moves.cancel_asking()>
                            {t!(i18n, cancel)}
                        </button>
                        <button type="submit" class="btn btn-danger">{heading}</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
