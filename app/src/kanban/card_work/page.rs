//! The checklist and comments on a card's page. Plain forms (they work before scripts run);
//! once the app runs, each answer — and each change a colleague makes, from the board's live
//! stream — redraws the two lists in place, leaving whatever is being typed alone.

use leptos::{html, prelude::*};

use super::{
    api::{
        kanban_card_work, AddCardComment, AddChecklistItem, CheckChecklistItem, DeleteCardComment,
        DeleteChecklistItem,
    },
    CardWork, ChecklistItem, Comment, MAX_COMMENT, MAX_ITEM,
};
use crate::{
    error::AppError,
    format::datetime_br,
    i18n::{t, t_string, use_i18n},
    kanban::{stream, Card},
    ui::{action_error, fields::TextAreaField, FormAlert},
};

/// Takes each successful answer of `action` as the card's work now (and tells `changed`);
/// answers a signal bumped after each success (forms empty themselves on it).
fn adopt<I>(
    action: ServerAction<I>,
    work: RwSignal<CardWork>,
    changed: Callback<()>,
) -> RwSignal<u32>
where
    I: leptos::server_fn::ServerFn<Output = CardWork, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    let done = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if let Some(Ok(now)) = action.value().get() {
            work.set(now);
            done.update(|n| *n += 1);
            changed.run(());
        }
    });
    done
}

#[component]
pub fn CardWorkView(
    work: CardWork,
    /// The card's board, and the live-event id its page was read at.
    slug: String,
    live: String,
    /// Set when a colleague deletes the card while the page is open.
    gone: RwSignal<bool>,
    /// Told after each change, the viewer's or a colleague's (the history reads itself again).
    changed: Callback<()>,
) -> impl IntoView {
    let card = work.card;
    let work = RwSignal::new(work);
    let handlers = stream::Handlers {
        card: move |event: Card| {
            if event.id == card {
                leptos::task::spawn_local(async move {
                    if let Ok(now) = kanban_card_work(card).await {
                        work.set(now);
                        changed.run(());
                    }
                });
            }
        },
        removed: move |id| {
            if id == card {
                gone.set(true);
            }
        },
        reload: || {},
    };
    stream::follow(slug, live, handlers);
    view! {
        <Checklist work changed />
        <Comments work changed />
    }
}

#[component]
fn Checklist(work: RwSignal<CardWork>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let card = work.with_untracked(|w| w.card);
    let add = ServerAction::<AddChecklistItem>::new();
    let check = ServerAction::<CheckChecklistItem>::new();
    let remove = ServerAction::<DeleteChecklistItem>::new();
    let added = adopt(add, work, changed);
    adopt(check, work, changed);
    adopt(remove, work, changed);
    let add_error = action_error(add);
    let other_error = Signal::derive(move || {
        action_error(check)
            .get()
            .or_else(|| action_error(remove).get())
    });
    let progress = move || work.with(CardWork::progress);
    let input: NodeRef<html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if added.get() > 0 {
            if let Some(input) = input.get_untracked() {
                input.set_value("");
                let _ = input.focus();
            }
        }
    });
    let item_error = move || {
        crate::ui::field_key(add_error.get().as_ref(), "item")
            .map(|key| crate::ui::message(i18n, &key))
    };
    view! {
        <section class="card mb-3" aria-labelledby="cartao-checklist">
            <div class="card-body">
                <h2 id="cartao-checklist" class="h5">{t!(i18n, kanban.checklist)}</h2>
                {move || {
                    let (done, total) = progress();
                    (total > 0).then(|| view! {
                        <div class="d-flex align-items-center gap-2 mb-2">
                            <progress class="kanban-progress flex-grow-1" max=total value=done
                                aria-label=move || t_string!(i18n, kanban.checklist_progress_label)></progress>
                            <span class="small text-body-secondary">{t!(i18n, kanban.checklist_progress, done = done, total = total)}</span>
                        </div>
                    })
                }}
                <FormAlert error=other_error />
                <ul class="list-unstyled mb-3">
                    <For each=move || work.get().checklist key=|i: &ChecklistItem| (i.id, i.done_at.is_some(), i.text.clone()) let(item)>
                        <ChecklistRow item check remove />
                    </For>
                </ul>
                <ActionForm action=add attr:class="d-flex gap-2 align-items-start">
                    <input type="hidden" name="card" value=card />
                    <div class="flex-grow-1">
                        <label for="checklist-novo" class="visually-hidden">{t!(i18n, kanban.checklist_new)}</label>
                        <input id="checklist-novo" name="text" type="text" class="form-control form-control-sm" node_ref=input
                            maxlength=MAX_ITEM placeholder=move || t_string!(i18n, kanban.checklist_new)
                            class:is-invalid=move || item_error().is_some()
                            aria-invalid=move || item_error().is_some().then_some("true")
                            aria-describedby=move || item_error().is_some().then_some("checklist-novo-erro") />
                        {move || item_error().map(|text| view! { <div id="checklist-novo-erro" class="invalid-feedback d-block">{text}</div> })}
                    </div>
                    <button type="submit" class="btn btn-sm btn-outline-primary text-nowrap" disabled=move || add.pending().get()>
                        {t!(i18n, kanban.checklist_add)}
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}

#[component]
fn ChecklistRow(
    item: ChecklistItem,
    check: ServerAction<CheckChecklistItem>,
    remove: ServerAction<DeleteChecklistItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let done = item.done_at.is_some();
    let who = item.done_at.map(|at| {
        format!(
            "{} · {}",
            item.done_by.clone().unwrap_or_default(),
            datetime_br(at)
        )
    });
    let remove_label = format!(
        "{}: {}",
        t_string!(i18n, kanban.checklist_remove),
        item.text
    );
    view! {
        <li class="d-flex align-items-start gap-2 py-1 border-bottom">
            <ActionForm action=check attr:class="flex-grow-1">
                <input type="hidden" name="id" value=item.id />
                <input type="hidden" name="done" value=if done { "false" } else { "true" } />
                <button type="submit" role="checkbox" aria-checked=if done { "true" } else { "false" }
                    class="btn btn-link link-body-emphasis text-decoration-none text-start p-0 d-flex gap-2 align-items-start"
                    disabled=move || check.pending().get()>
                    <i class=if done { "bi bi-check-square-fill text-success" } else { "bi bi-square" } aria-hidden="true"></i>
                    <span class:text-decoration-line-through=done class:text-body-secondary=done>{item.text.clone()}</span>
                </button>
                {who.map(|w| view! { <span class="d-block small text-body-secondary ms-4">{w}</span> })}
            </ActionForm>
            <ActionForm action=remove>
                <input type="hidden" name="id" value=item.id />
                <button type="submit" class="btn btn-sm btn-link text-danger p-0" aria-label=remove_label.clone() title=remove_label>
                    <i class="bi bi-x-lg" aria-hidden="true"></i>
                </button>
            </ActionForm>
        </li>
    }
}

#[component]
fn Comments(work: RwSignal<CardWork>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let card = work.with_untracked(|w| w.card);
    let add = ServerAction::<AddCardComment>::new();
    let remove = ServerAction::<DeleteCardComment>::new();
    let posted = adopt(add, work, changed);
    adopt(remove, work, changed);
    let error = action_error(add);
    let remove_error = action_error(remove);
    let count = move || work.with(|w| w.comments.len());
    // Emptied once the comment went in (kept as typed when it was refused).
    Effect::new(move |_| {
        if posted.get() > 0 {
            use leptos::wasm_bindgen::JsCast;
            if let Some(field) = document()
                .get_element_by_id("cartao-comentario")
                .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlTextAreaElement>().ok())
            {
                field.set_value("");
            }
        }
    });
    view! {
        <section class="card mb-3" aria-labelledby="cartao-comentarios">
            <div class="card-body">
                <h2 id="cartao-comentarios" class="h5">
                    {t!(i18n, kanban.comments)} " "
                    <span class="badge text-bg-light">{count}</span>
                </h2>
                {move || (count() == 0).then(|| view! { <p class="text-body-secondary">{t!(i18n, kanban.comments_empty)}</p> })}
                <FormAlert error=remove_error />
                <ol class="list-unstyled mb-3">
                    <For each=move || work.get().comments key=|c: &Comment| c.id let(comment)>
                        <CommentRow comment remove />
                    </For>
                </ol>
                <FormAlert error />
                <ActionForm action=add>
                    <input type="hidden" name="card" value=card />
                    <TextAreaField id="cartao-comentario" name="body" error_key="body" rows=3
                        label=Signal::derive(move || t_string!(i18n, kanban.comment_new).to_string()) error />
                    <p class="form-text mt-n2">{t!(i18n, kanban.comment_help, max = MAX_COMMENT)}</p>
                    <button type="submit" class="btn btn-primary btn-sm" disabled=move || add.pending().get()>
                        {t!(i18n, kanban.comment_submit)}
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}

#[component]
fn CommentRow(comment: Comment, remove: ServerAction<DeleteCardComment>) -> impl IntoView {
    let i18n = use_i18n();
    let author = comment
        .author
        .clone()
        .unwrap_or_else(|| t_string!(i18n, kanban.someone).to_string());
    let when = datetime_br(comment.at);
    let remove_label = format!(
        "{} ({author}, {when})",
        t_string!(i18n, kanban.comment_delete)
    );
    view! {
        <li class="mb-3 pb-2 border-bottom">
            <div class="d-flex justify-content-between flex-wrap gap-2 small">
                <strong>{author.clone()}</strong>
                <time datetime=comment.at.to_string() class="text-body-secondary">{when.clone()}</time>
            </div>
            <p class="mb-1 text-pre-line">{comment.body.clone()}</p>
            {comment.may_delete.then(|| view! {
                <ActionForm action=remove>
                    <input type="hidden" name="id" value=comment.id />
                    <button type="submit" class="btn btn-link btn-sm p-0 text-danger" aria-label=remove_label>
                        {t!(i18n, kanban.comment_delete)}
                    </button>
                </ActionForm>
            })}
        </li>
    }
}
