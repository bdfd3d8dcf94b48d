//! A client's timeline: the form that logs a note or a call, then the entries newest first —
//! notes and calls with their text, changes field by field (before → after).

use leptos::{html, prelude::*};
use time::format_description::well_known::Rfc3339;

use crate::{
    clients::{api::AddClientNote, form_page::labels, TimelineEntry},
    format::datetime_br,
    i18n::{t, t_string, use_i18n},
    ui::{
        action_error,
        fields::{SelectField, TextAreaField},
        FormAlert,
    },
};

/// The timeline section.
#[component]
pub fn Timeline(
    id: i64,
    timeline: crate::clients::TimelinePage,
    note: ServerAction<AddClientNote>,
    /// The note form, emptied by the page once a note is saved.
    form: NodeRef<html::Form>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(note);
    let empty = timeline.entries.is_empty();
    let (page, more) = (timeline.page, timeline.more);
    let entries = timeline
        .entries
        .into_iter()
        .map(|entry| view! { <Entry entry /> })
        .collect_view();
    view! {
        <section id="historico" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading" class="h5">{t!(i18n, client.timeline)}</h2>
            <div class="card mb-3">
                <div class="card-body">
                    <FormAlert error />
                    <ActionForm action=note node_ref=form>
                        <input type="hidden" name="id" value=id />
                        <SelectField id="note-kind" name="kind" error_key="kind" error
                            label=Signal::derive(move || t_string!(i18n, client.entry_kind).to_string())>
                            <option value="note">{t!(i18n, client.entry_note)}</option>
                            <option value="call">{t!(i18n, client.entry_call)}</option>
                        </SelectField>
                        <TextAreaField id="note-body" name="body" error_key="body" error rows=3 required=true
                            label=Signal::derive(move || t_string!(i18n, client.entry_body).to_string()) />
                        <button type="submit" class="btn btn-primary" disabled=move || note.pending().get()>
                            {t!(i18n, client.entry_submit)}
                        </button>
                    </ActionForm>
                </div>
            </div>
            {empty.then(|| view! { <p class="text-body-secondary">{t!(i18n, client.timeline_empty)}</p> })}
            <ol class="list-unstyled mb-0">{entries}</ol>
            <Pager id page more />
        </section>
    }
}

/// Links to newer and older entries (plain links: they work without JavaScript).
#[component]
fn Pager(id: i64, page: i64, more: bool) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |page: i64| {
        if page <= 1 {
            format!("/clientes/{id}#historico")
        } else {
            format!("/clientes/{id}?historico={page}#historico")
        }
    };
    (page > 1 || more).then(|| {
        view! {
            <nav class="d-flex justify-content-between mt-2" aria-label=move || t_string!(i18n, client.timeline_pages)>
                {(page > 1).then(|| view! {
                    <a href=href(page - 1)>{t!(i18n, client.timeline_newer)}</a>
                })}
                {more.then(|| view! {
                    <a class="ms-auto" href=href(page + 1)>{t!(i18n, client.timeline_older)}</a>
                })}
            </nav>
        }
    })
}

#[component]
pub(crate) fn Entry(entry: TimelineEntry) -> impl IntoView {
    let i18n = use_i18n();
    let when = entry.at.format(&Rfc3339).ok();
    let kind = entry.kind;
    let author = entry.author;
    let is_note = matches!(kind.as_str(), "note" | "call");
    let is_policy = kind.starts_with("policy.");
    let changes = (!entry.changes.is_empty()).then(|| {
        let items = entry
            .changes
            .into_iter()
            .map(|(field, from, to)| view! { <Change field from to policy=is_policy /> })
            .collect_view();
        view! { <ul class="small list-unstyled mb-0">{items}</ul> }
    });
    view! {
        <li class="border-start border-3 ps-3 pb-3" class:border-primary=is_note>
            <div class="small text-body-secondary">
                <time datetime=when>{datetime_br(entry.at)}</time>
                " · "
                {move || author.clone().unwrap_or_else(|| t_string!(i18n, client.system).to_string())}
            </div>
            <div class="fw-semibold">
                <i class=if is_note { "bi bi-chat-left-text me-1" } else { "bi bi-pencil-square me-1" }
                    aria-hidden="true"></i>
                {move || labels::event(i18n, &kind)}
            </div>
            {entry.body.map(|body| view! { <p class="mb-1 text-pre-line">{body}</p> })}
            {changes}
        </li>
    }
}

/// "Campo: antes → depois".
#[component]
fn Change(
    field: String,
    from: Option<String>,
    to: Option<String>,
    /// A policy's change (its fields have their own labels).
    policy: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (field_label, value_label) = if policy {
        (
            crate::policies::labels::field as fn(_, &str) -> String,
            crate::policies::labels::value as fn(_, &str, Option<String>) -> Option<String>,
        )
    } else {
        (
            labels::field as fn(_, &str) -> String,
            labels::value as fn(_, &str, Option<String>) -> Option<String>,
        )
    };
    let had_value = from
        .as_deref()
        .is_some_and(|v| v != "null" && !v.is_empty());
    let label = {
        let field = field.clone();
        move || field_label(i18n, &field)
    };
    let before = {
        let field = field.clone();
        move || value_label(i18n, &field, from.clone())
    };
    let after = move || value_label(i18n, &field, to.clone()).unwrap_or_else(|| "—".to_owned());
    view! {
        <li>
            <span class="fw-semibold">{label} ": "</span>
            {had_value.then(|| view! { <del class="text-danger-emphasis">{before}</del> " → " })}
            <ins class="text-success-emphasis">{after}</ins>
        </li>
    }
}
