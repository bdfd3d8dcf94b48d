//! Small pieces every form uses: the translated message of an error key, the error next to a
//! field, and the alert above a form for errors that belong to no field.

use leptos::prelude::*;

pub mod fields;
pub mod pager;

use crate::{
    error::AppError,
    i18n::{t, t_string, td_string, use_i18n, Locale},
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
        // leptos_meta writes the title into the `<head>` as it is: a client named
        // `</title><svg onload=…>` would end the element (SECURITY.md §23). Escaped here, it is
        // text; the browser shows it decoded, as the hydrated app's `document.title` does.
        let now = escape_text(&text().to_string());
        view! { <leptos_meta::Title text=now /> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        view! { <leptos_meta::Title text=move || text().to_string() /> }
    }
}

/// `text` safe inside an element the server writes without escaping (`<title>`, `<textarea>`):
/// `&`, `<` and `>` as character references, which the browser shows decoded.
pub fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The translated message of a validation key (from [`AppError::Invalid`]).
pub fn message(i18n: leptos_i18n::I18nContext<Locale>, key: &str) -> String {
    message_in(i18n.get_locale(), key)
}

/// [`message`] in a given language (for text made outside a page, like a CSV report).
pub fn message_in(locale: Locale, key: &str) -> String {
    match key {
        "email_invalid" => td_string!(locale, err.email_invalid).to_string(),
        "email_taken" => td_string!(locale, err.email_taken).to_string(),
        "name_required" => td_string!(locale, err.name_required).to_string(),
        "name_too_long" => td_string!(locale, err.name_too_long).to_string(),
        "password_too_short" => td_string!(locale, err.password_too_short).to_string(),
        "password_too_long" => td_string!(locale, err.password_too_long).to_string(),
        "password_common" => td_string!(locale, err.password_common).to_string(),
        "password_mismatch" => td_string!(locale, err.password_mismatch).to_string(),
        "password_wrong" => td_string!(locale, err.password_wrong).to_string(),
        "role_invalid" => td_string!(locale, err.role_invalid).to_string(),
        "team_invalid" => td_string!(locale, err.team_invalid).to_string(),
        "locale_invalid" | "locale_unknown" => td_string!(locale, err.locale_invalid).to_string(),
        "last_admin" => td_string!(locale, err.last_admin).to_string(),
        "team_taken" => td_string!(locale, err.team_taken).to_string(),
        "manager_invalid" => td_string!(locale, err.manager_invalid).to_string(),
        "reauth_required" => td_string!(locale, err.reauth_required).to_string(),
        "login_failed" => td_string!(locale, login_failed).to_string(),
        "date_invalid" => td_string!(locale, err.date_invalid).to_string(),
        "date_range_invalid" => td_string!(locale, err.date_range_invalid).to_string(),
        "timeout_out_of_range" => td_string!(locale, err.timeout_out_of_range).to_string(),
        "cpf_invalid" => td_string!(locale, err.cpf_invalid).to_string(),
        "cnpj_invalid" => td_string!(locale, err.cnpj_invalid).to_string(),
        "tax_id_invalid" => td_string!(locale, err.tax_id_invalid).to_string(),
        "tax_id_taken" => td_string!(locale, err.tax_id_taken).to_string(),
        "phone_invalid" => td_string!(locale, err.phone_invalid).to_string(),
        "wa_window_closed" => td_string!(locale, err.wa_window_closed).to_string(),
        "social_caption_too_long" => td_string!(locale, err.social_caption_too_long).to_string(),
        "social_too_many_hashtags" => td_string!(locale, err.social_too_many_hashtags).to_string(),
        "social_account_required" => td_string!(locale, err.social_account_required).to_string(),
        "social_instagram_needs_picture" => {
            td_string!(locale, err.social_instagram_needs_picture).to_string()
        }
        "social_too_many_pictures" => td_string!(locale, err.social_too_many_pictures).to_string(),
        "social_picture_type" => td_string!(locale, err.social_picture_type).to_string(),
        "social_picture_too_large" => td_string!(locale, err.social_picture_too_large).to_string(),
        "social_time_past" => td_string!(locale, err.social_time_past).to_string(),
        "social_time_required" => td_string!(locale, err.social_time_required).to_string(),
        "social_not_multipart" => td_string!(locale, err.social_not_multipart).to_string(),
        "social_upload_too_large" => td_string!(locale, err.social_upload_too_large).to_string(),
        "social_post_failed" => td_string!(locale, err.social_post_failed).to_string(),
        "social_network_invalid" => td_string!(locale, err.social_network_invalid).to_string(),
        "social_id_invalid" => td_string!(locale, err.social_id_invalid).to_string(),
        "social_page_required" => td_string!(locale, err.social_page_required).to_string(),
        "social_token_invalid" => td_string!(locale, err.social_token_invalid).to_string(),
        "social_key_missing" => td_string!(locale, err.social_key_missing).to_string(),
        "social_token_refused" => td_string!(locale, err.social_token_refused).to_string(),
        "social_id_refused" => td_string!(locale, err.social_id_refused).to_string(),
        "social_meta_unreachable" => td_string!(locale, err.social_meta_unreachable).to_string(),
        "wa_channel_text_only" => td_string!(locale, err.wa_channel_text_only).to_string(),
        "wa_social_window_closed" => td_string!(locale, err.wa_social_window_closed).to_string(),
        "wa_text_too_long" => td_string!(locale, err.wa_text_too_long).to_string(),
        "wa_param_line_break" => td_string!(locale, err.wa_param_line_break).to_string(),
        "wa_param_spaces" => td_string!(locale, err.wa_param_spaces).to_string(),
        "wa_param_too_long" => td_string!(locale, err.wa_param_too_long).to_string(),
        "wa_template_unavailable" => td_string!(locale, err.wa_template_unavailable).to_string(),
        "wa_templates_unavailable" => td_string!(locale, err.wa_templates_unavailable).to_string(),
        "wa_file_required" => td_string!(locale, err.wa_file_required).to_string(),
        "wa_file_type" => td_string!(locale, err.wa_file_type).to_string(),
        "wa_file_too_large" => td_string!(locale, err.wa_file_too_large).to_string(),
        "wa_file_image_too_large" => td_string!(locale, err.wa_file_image_too_large).to_string(),
        "wa_caption_too_long" => td_string!(locale, err.wa_caption_too_long).to_string(),
        "phone_ddd_invalid" => td_string!(locale, err.phone_ddd_invalid).to_string(),
        "phone_not_br" => td_string!(locale, err.phone_not_br).to_string(),
        "phone_repeated" => td_string!(locale, err.phone_repeated).to_string(),
        "cep_invalid" => td_string!(locale, err.cep_invalid).to_string(),
        "text_too_long" => td_string!(locale, err.text_too_long).to_string(),
        "checklist_full" => td_string!(locale, err.checklist_full).to_string(),
        "tags_invalid" => td_string!(locale, err.tags_invalid).to_string(),
        "note_required" => td_string!(locale, err.note_required).to_string(),
        "note_too_long" => td_string!(locale, err.note_too_long).to_string(),
        "owner_invalid" => td_string!(locale, client_export.owner_invalid).to_string(),
        "import_empty" => td_string!(locale, err.import_empty).to_string(),
        "import_too_large" => td_string!(locale, err.import_too_large).to_string(),
        "import_no_rows" => td_string!(locale, err.import_no_rows).to_string(),
        "import_too_many_rows" => td_string!(locale, err.import_too_many_rows).to_string(),
        "import_too_many_columns" => td_string!(locale, err.import_too_many_columns).to_string(),
        "import_unreadable" => td_string!(locale, err.import_unreadable).to_string(),
        "import_not_multipart" => td_string!(locale, err.import_not_multipart).to_string(),
        "import_file_gone" => td_string!(locale, err.import_file_gone).to_string(),
        "import_name_unmapped" => td_string!(locale, err.import_name_unmapped).to_string(),
        "import_column_twice" => td_string!(locale, err.import_column_twice).to_string(),
        "import_exists" => td_string!(locale, err.import_exists).to_string(),
        "import_not_yours" => td_string!(locale, err.import_not_yours).to_string(),
        "import_repeated" => td_string!(locale, err.import_repeated).to_string(),
        "import_unchanged" => td_string!(locale, err.import_unchanged).to_string(),
        "cnpj_is_cpf" => td_string!(locale, reference.err_cnpj_is_cpf).to_string(),
        "cnpj_taken" => td_string!(locale, reference.err_cnpj_taken).to_string(),
        "insurer_name_taken" => td_string!(locale, reference.err_insurer_name_taken).to_string(),
        "susep_code_invalid" => td_string!(locale, reference.err_susep_code_invalid).to_string(),
        "susep_code_taken" => td_string!(locale, reference.err_susep_code_taken).to_string(),
        "line_code_invalid" => td_string!(locale, reference.err_line_code_invalid).to_string(),
        "line_code_taken" => td_string!(locale, reference.err_line_code_taken).to_string(),
        "iof_rate_invalid" => td_string!(locale, reference.err_iof_rate_invalid).to_string(),
        "client_invalid" => td_string!(locale, err.client_invalid).to_string(),
        "insurer_invalid" => td_string!(locale, err.insurer_invalid).to_string(),
        "line_invalid" => td_string!(locale, err.line_invalid).to_string(),
        "status_invalid" => td_string!(locale, err.status_invalid).to_string(),
        "value_required" => td_string!(locale, err.value_required).to_string(),
        "ends_before_start" => td_string!(locale, err.ends_before_start).to_string(),
        "money_invalid" => td_string!(locale, err.money_invalid).to_string(),
        "money_negative" => td_string!(locale, err.money_negative).to_string(),
        "money_too_large" => td_string!(locale, err.money_too_large).to_string(),
        "rate_invalid" => td_string!(locale, err.rate_invalid).to_string(),
        "rate_too_large" => td_string!(locale, err.rate_too_large).to_string(),
        "installments_invalid" => td_string!(locale, err.installments_invalid).to_string(),
        "plate_invalid" => td_string!(locale, err.plate_invalid).to_string(),
        "chassis_invalid" => td_string!(locale, err.chassis_invalid).to_string(),
        "year_invalid" => td_string!(locale, err.year_invalid).to_string(),
        "bonus_class_invalid" => td_string!(locale, err.bonus_class_invalid).to_string(),
        "policy_number_taken" => td_string!(locale, err.policy_number_taken).to_string(),
        "cancel_before_start" => td_string!(locale, err.cancel_before_start).to_string(),
        "cancel_after_end" => td_string!(locale, err.cancel_after_end).to_string(),
        "reason_required" => td_string!(locale, err.reason_required).to_string(),
        "policy_not_cancellable" => td_string!(locale, err.policy_not_cancellable).to_string(),
        "commission_already_received" => {
            td_string!(locale, err.commission_already_received).to_string()
        }
        "date_in_future" => td_string!(locale, err.date_in_future).to_string(),
        "policy_not_renewable" => td_string!(locale, err.policy_not_renewable).to_string(),
        "column_invalid" => td_string!(locale, err.column_invalid).to_string(),
        "count_invalid" => td_string!(locale, err.count_invalid).to_string(),
        "column_name_taken" => td_string!(locale, err.column_name_taken).to_string(),
        "column_last_open" => td_string!(locale, err.column_last_open).to_string(),
        "column_target_required" => td_string!(locale, err.column_target_required).to_string(),
        "column_target_lost" => td_string!(locale, err.column_target_lost).to_string(),
        "document_kind_invalid" => td_string!(locale, err.document_kind_invalid).to_string(),
        "document_empty" => td_string!(locale, err.document_empty).to_string(),
        "document_too_large" => td_string!(locale, err.document_too_large).to_string(),
        "document_type" => td_string!(locale, err.document_type).to_string(),
        "document_too_many" => td_string!(locale, err.document_too_many).to_string(),
        "document_not_multipart" => td_string!(locale, err.document_not_multipart).to_string(),
        _ => td_string!(locale, err.value_invalid).to_string(),
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
