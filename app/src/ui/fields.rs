//! Form controls for the feature forms (clients, policies …): an input, a select and a text area, each with its
//! visible label and, when the last error names its key, the message next to it (wired with
//! `aria-invalid` and `aria-describedby`). Unlike [`crate::ui::TextField`], the form name
//! (`client[phones][0][number]`) and the error key (`phones.0`) are given separately.

use leptos::{prelude::*, wasm_bindgen::JsCast, web_sys};

use crate::{
    error::AppError,
    i18n::use_i18n,
    ui::{field_key, message},
};

/// The message key of `key` in the last error, if it names it.
fn key_signal(error: Signal<Option<AppError>>, key: String) -> Signal<Option<String>> {
    Signal::derive(move || error.with(|e| field_key(e.as_ref(), &key)))
}

/// The ids a control is described by: its help (always) and its message (when shown).
fn described_by(
    help_id: Option<String>,
    feedback_id: String,
    key: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + Clone + 'static {
    move || {
        let ids: Vec<&str> = help_id
            .iter()
            .map(String::as_str)
            .chain(key.with(Option::is_some).then_some(feedback_id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The help line and the error message under a control.
#[component]
fn Feedback(
    id: String,
    key: Signal<Option<String>>,
    help: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let help_id = format!("{id}-ajuda");
    let feedback_id = format!("{id}-erro");
    view! {
        {help.map(|help| view! { <div id=help_id class="form-text">{help}</div> })}
        {move || key.get().map(|key| view! {
            <div id=feedback_id.clone() class="invalid-feedback d-block">{message(i18n, &key)}</div>
        })}
    }
}

/// A labelled `<input>`.
#[component]
pub fn Field(
    /// `id` of the input (also the base of its help's and message's ids).
    #[prop(into)]
    id: String,
    /// The form field name, such as `client[name]`.
    #[prop(into)]
    name: String,
    /// The field's key in the server's errors, such as `name` or `phones.0`.
    #[prop(into)]
    error_key: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The last error of the form.
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(into, default = String::new())] value: String,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] help: Option<Signal<String>>,
    #[prop(optional)] required: bool,
    /// Classes of the wrapper (a grid column, say).
    #[prop(default = "mb-3")]
    class: &'static str,
) -> impl IntoView {
    let key = key_signal(error, error_key);
    let help_id = help.is_some().then(|| format!("{id}-ajuda"));
    let described = described_by(help_id, format!("{id}-erro"), key);
    view! {
        <div class=class>
            <label for=id.clone() class="form-label">{label}</label>
            <input id=id.clone() name=name type=kind class="form-control"
                class:is-invalid=move || key.with(Option::is_some)
                aria-invalid=move || key.with(Option::is_some).then_some("true")
                aria-describedby=described
                value=value autocomplete=autocomplete inputmode=inputmode required=required />
            <Feedback id key help />
        </div>
    }
}

/// A labelled `<select>`; the children are its options.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] error_key: String,
    #[prop(into)] label: Signal<String>,
    error: Signal<Option<AppError>>,
    #[prop(default = "mb-3")] class: &'static str,
    children: Children,
) -> impl IntoView {
    let key = key_signal(error, error_key);
    let described = described_by(None, format!("{id}-erro"), key);
    view! {
        <div class=class>
            <label for=id.clone() class="form-label">{label}</label>
            <select id=id.clone() name=name class="form-select"
                class:is-invalid=move || key.with(Option::is_some)
                aria-invalid=move || key.with(Option::is_some).then_some("true")
                aria-describedby=described>
                {children()}
            </select>
            <Feedback id key help=None />
        </div>
    }
}

/// A labelled `<textarea>`.
#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] error_key: String,
    #[prop(into)] label: Signal<String>,
    error: Signal<Option<AppError>>,
    #[prop(into, default = String::new())] value: String,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let key = key_signal(error, error_key);
    let described = described_by(None, format!("{id}-erro"), key);
    // The server writes a textarea's text as it is (SECURITY.md §23: a note holding
    // `</textarea><script>` would end it); in the browser it is a text node, never markup.
    #[cfg(feature = "ssr")]
    let value = crate::ui::escape_text(&value);
    view! {
        <div class="mb-3">
            <label for=id.clone() class="form-label">{label}</label>
            <textarea id=id.clone() name=name class="form-control" rows=rows required=required
                class:is-invalid=move || key.with(Option::is_some)
                aria-invalid=move || key.with(Option::is_some).then_some("true")
                aria-describedby=described>{value}</textarea>
            <Feedback id key help=None />
        </div>
    }
}

/// A signal that turns true once the page is hydrated (effects run only in the browser), for
/// what only works with JavaScript.
pub fn hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}

/// Moves the focus to the element `selector` finds, once the browser has drawn it.
pub fn focus_soon(selector: String) {
    request_animation_frame(move || {
        let element = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}
