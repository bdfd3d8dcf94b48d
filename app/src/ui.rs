//! Small pieces every form uses: the translated message of an error key, the error next to a
//! field, and the alert above a form for errors that belong to no field.

use leptos::prelude::*;

use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n, Locale},
};

/// The page's `<title>`. On the server the text is read once, while the page is being built:
/// `leptos_meta` reads titles again when it writes the `<head>`, possibly after the page's
/// reactive owner is gone, and a closure reading a disposed signal there panics and leaves the
/// response hanging. In the browser the title follows the language.
#[component]
pub fn PageTitle<F, T>(text: F) -> impl IntoView
where
    F: Fn() -> T + Send + Sync + 'static,
    T: std::fmt::Display + 'static,
{
    #[cfg(feature = "ssr")]
    {
        let now = text().to_string();
        view! { <leptos_meta::Title text=now /> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        view! { <leptos_meta::Title text=move || text().to_string() /> }
    }
}

/// The translated message of a validation key (from [`AppError::Invalid`]).
pub fn message(i18n: leptos_i18n::I18nContext<Locale>, key: &str) -> String {
    match key {
        "email_invalid" => t_string!(i18n, err.email_invalid).to_string(),
        "email_taken" => t_string!(i18n, err.email_taken).to_string(),
        "name_required" => t_string!(i18n, err.name_required).to_string(),
        "name_too_long" => t_string!(i18n, err.name_too_long).to_string(),
        "password_too_short" => t_string!(i18n, err.password_too_short).to_string(),
        "password_too_long" => t_string!(i18n, err.password_too_long).to_string(),
        "password_common" => t_string!(i18n, err.password_common).to_string(),
        "password_mismatch" => t_string!(i18n, err.password_mismatch).to_string(),
        "password_wrong" => t_string!(i18n, err.password_wrong).to_string(),
        "role_invalid" => t_string!(i18n, err.role_invalid).to_string(),
        "team_invalid" => t_string!(i18n, err.team_invalid).to_string(),
        "locale_invalid" | "locale_unknown" => t_string!(i18n, err.locale_invalid).to_string(),
        "last_admin" => t_string!(i18n, err.last_admin).to_string(),
        "team_taken" => t_string!(i18n, err.team_taken).to_string(),
        "manager_invalid" => t_string!(i18n, err.manager_invalid).to_string(),
        "reauth_required" => t_string!(i18n, err.reauth_required).to_string(),
        "login_failed" => t_string!(i18n, login_failed).to_string(),
        "date_invalid" => t_string!(i18n, err.date_invalid).to_string(),
        "date_range_invalid" => t_string!(i18n, err.date_range_invalid).to_string(),
        "timeout_out_of_range" => t_string!(i18n, err.timeout_out_of_range).to_string(),
        "cpf_invalid" => t_string!(i18n, err.cpf_invalid).to_string(),
        "cnpj_invalid" => t_string!(i18n, err.cnpj_invalid).to_string(),
        "tax_id_invalid" => t_string!(i18n, err.tax_id_invalid).to_string(),
        "tax_id_taken" => t_string!(i18n, err.tax_id_taken).to_string(),
        "phone_invalid" => t_string!(i18n, err.phone_invalid).to_string(),
        "phone_ddd_invalid" => t_string!(i18n, err.phone_ddd_invalid).to_string(),
        "phone_not_br" => t_string!(i18n, err.phone_not_br).to_string(),
        "phone_repeated" => t_string!(i18n, err.phone_repeated).to_string(),
        "cep_invalid" => t_string!(i18n, err.cep_invalid).to_string(),
        "text_too_long" => t_string!(i18n, err.text_too_long).to_string(),
        "tags_invalid" => t_string!(i18n, err.tags_invalid).to_string(),
        "note_required" => t_string!(i18n, err.note_required).to_string(),
        "note_too_long" => t_string!(i18n, err.note_too_long).to_string(),
        _ => t_string!(i18n, err.value_invalid).to_string(),
    }
}

/// The message key of `field` in `error`, if the error is about that field.
pub fn field_key(error: Option<&AppError>, field: &str) -> Option<String> {
    match error {
        Some(AppError::Invalid { fields }) => fields.get(field).cloned(),
        Some(AppError::ReauthRequired) if field == "confirm_password" => {
            Some("reauth_required".to_owned())
        }
        _ => None,
    }
}

/// The error of the last run of `action`, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// A text input with its label and, when `error` names it, the message next to it (wired with
/// `aria-invalid` and `aria-describedby`).
#[component]
pub fn TextField(
    /// `id` of the input (also used for the message's id).
    id: &'static str,
    /// Form field name (the server function's argument).
    name: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The last error of the form.
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] help: Option<Signal<String>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = move || field_key(error.get().as_ref(), name);
    let feedback_id = format!("{id}-erro");
    let help_id = format!("{id}-ajuda");
    let has_help = help.is_some();
    let described = {
        let feedback_id = feedback_id.clone();
        let help_id = help_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_help {
                ids.push(help_id.clone());
            }
            if key().is_some() {
                ids.push(feedback_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="mb-3">
            <label for=id class="form-label">{label}</label>
            <input
                id=id
                name=name
                type=kind
                class="form-control"
                class:is-invalid=move || key().is_some()
                aria-invalid=move || key().is_some().then_some("true")
                aria-describedby=described
                value=value
                autocomplete=autocomplete
                required=required
            />
            {help.map(|help| view! { <div id=help_id class="form-text">{help}</div> })}
            {move || key().map(|key| view! {
                <div id=feedback_id.clone() class="invalid-feedback d-block">{message(i18n, &key)}</div>
            })}
        </div>
    }
}

/// The alert above a form for an error that belongs to no single field (or a summary when it
/// does), with the support id for unexpected failures.
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|err| {
            let text = match &err {
                AppError::Invalid { .. } | AppError::BadRequest => {
                    t_string!(i18n, err.invalid_form).to_string()
                }
                AppError::ReauthRequired => t_string!(i18n, err.reauth_required).to_string(),
                AppError::Forbidden => t_string!(i18n, err.forbidden).to_string(),
                AppError::NotFound | AppError::Gone => t_string!(i18n, err.not_found).to_string(),
                AppError::Unauthenticated => t_string!(i18n, err.unauthenticated).to_string(),
                AppError::RateLimited => t_string!(i18n, err.rate_limited).to_string(),
                AppError::Network => t_string!(i18n, err.network).to_string(),
                AppError::Conflict | AppError::Internal { .. } | AppError::Unavailable { .. } => {
                    t_string!(i18n, error_body).to_string()
                }
            };
            let support = err.support_id().map(|id| {
                let id = id.to_owned();
                view! { <div class="small mt-1">{t!(i18n, error_support_id, id = id)}</div> }
            });
            view! {
                <div class="alert alert-danger" role="alert">
                    {text}
                    {support}
                </div>
            }
        })
    }
}

/// The line shown after a form saved.
#[component]
pub fn Saved(
    #[prop(into)] show: Signal<bool>,
    #[prop(into)] text: Signal<String>,
) -> impl IntoView {
    move || {
        show.get().then(|| {
            view! {
                <div class="alert alert-success" role="status">
                    <i class="bi bi-check-circle me-2" aria-hidden="true"></i>
                    {text.get()}
                </div>
            }
        })
    }
}

/// After a failed form post without JavaScript the server sends the browser back with
/// `erro=<code>` in the address; this shows what went wrong.
#[component]
pub fn PlainPostError() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    move || {
        query.read().get("erro").map(|code| {
            let text = match code.as_str() {
                "campos" => t_string!(i18n, err.invalid_form_plain),
                "senha" => t_string!(i18n, err.reauth_required),
                "negado" => t_string!(i18n, err.forbidden),
                "registro" => t_string!(i18n, err.not_found),
                "limite" => t_string!(i18n, err.rate_limited),
                _ => t_string!(i18n, error_body),
            };
            view! { <div class="alert alert-danger" role="alert">{text}</div> }
        })
    }
}
