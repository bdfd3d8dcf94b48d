//! The new-card form at the top of a board (a plain form: works before scripts run).
//! `?cliente={id}` ties the card to a client, as the client page's quick action does.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    i18n::{t, t_string, use_i18n},
    kanban::{api::CreateCard, Column, Outcome},
    ui::{action_error, fields::Field, FormAlert},
};

/// The client a new card is for, from `?cliente=`.
pub fn board_client() -> Option<i64> {
    use_query_map()
        .read_untracked()
        .get("cliente")
        .and_then(|id| id.parse().ok())
}

#[component]
pub fn NewCard(
    slug: String,
    columns: Vec<Column>,
    client: Option<i64>,
    /// Whether the form is open (kept by the page: it stays open while cards are added).
    open: RwSignal<bool>,
    action: ServerAction<CreateCard>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let details = NodeRef::<leptos::html::Details>::new();
    // The form is emptied for the next card once one is added (the page is not redrawn).
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |before: Option<()>| {
        let added = matches!(action.value().get(), Some(Ok(_)));
        if before.is_some() && added {
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
        }
    });
    let options = columns
        .into_iter()
        .filter(|c| c.outcome == Outcome::Open)
        .map(|c| view! { <option value=c.id>{c.name}</option> })
        .collect_view();
    view! {
        <details class="card mb-3" node_ref=details open=move || open.get()
            on:toggle=move |_| if let Some(d) = details.get() { open.set(d.open()) }>
            <summary class="card-header">{t!(i18n, kanban.new_card)}</summary>
            <div class="card-body">
                <FormAlert error />
                <ActionForm action node_ref=form>
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
