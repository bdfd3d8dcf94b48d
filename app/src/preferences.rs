//! Personal preferences. For now the interface language: pt-BR by default (or the browser's
//! Accept-Language), English available, the choice saved in a cookie.

use leptos::prelude::*;

use crate::{
    error::AppError,
    i18n::{t, use_i18n, Locale},
};

/// The cookie that keeps the chosen language (read by leptos_i18n on the server and in the browser).
pub const LOCALE_COOKIE: &str = "crm_locale";
/// How long the language choice is remembered.
pub const LOCALE_COOKIE_DAYS: i64 = 365;

/// Options of the language cookie, shared by the server function and leptos_i18n.
pub fn cookie_options() -> leptos_i18n::context::CookieOptions<Locale> {
    leptos_i18n::context::CookieOptions::default()
        .path("/")
        .max_age(LOCALE_COOKIE_DAYS * 24 * 60 * 60 * 1000)
}

/// Parses a language code sent by the language switch.
pub fn parse_locale(raw: &str) -> Result<Locale, AppError> {
    raw.parse::<Locale>()
        .map_err(|_| AppError::invalid("locale", "locale_unknown"))
}

/// Saves the interface language (works for visitors too: it only sets a cookie) and answers
/// the language code now in force.
#[server(prefix = "/api", endpoint = "set_locale")]
pub async fn set_locale(locale: String) -> Result<String, AppError> {
    let saved = crate::error::respond(server::remember_locale(&locale))?;
    crate::forms::return_to_referer();
    Ok(saved)
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use leptos_i18n::Locale as _;

    pub fn remember_locale(raw: &str) -> Result<String, AppError> {
        let locale = parse_locale(raw)?;
        let secure = use_context::<crate::state::AppState>().is_some_and(|s| s.secure_cookies);
        let cookie = format!(
            "{LOCALE_COOKIE}={}; Path=/; Max-Age={}; SameSite=Lax{}",
            locale.as_str(),
            LOCALE_COOKIE_DAYS * 24 * 60 * 60,
            if secure { "; Secure" } else { "" }
        );
        let options = expect_context::<leptos_axum::ResponseOptions>();
        let value = http::HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal {
            id: crate::error::report(&e),
        })?;
        options.append_header(http::header::SET_COOKIE, value);
        Ok(locale.as_str().to_owned())
    }
}

/// The language selector in the top bar: a plain form, so it works before (and without)
/// JavaScript; once hydrated it switches the language in place.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLocale>::new();
    Effect::new(move |_| {
        if let Some(Ok(code)) = action.value().get() {
            if let Ok(locale) = parse_locale(&code) {
                i18n.set_locale(locale);
            }
        }
    });
    let current = move || i18n.get_locale();
    view! {
        <ActionForm action attr:class="d-flex align-items-center gap-2 mb-0">
            <label for="language-select" class="visually-hidden">{t!(i18n, language_label)}</label>
            <select id="language-select" name="locale" class="form-select form-select-sm w-auto">
                <option value="pt-BR" selected=move || current() == Locale::pt_BR>{t!(i18n, language_pt_br)}</option>
                <option value="en" selected=move || current() == Locale::en>{t!(i18n, language_en)}</option>
            </select>
            <button type="submit" class="btn btn-sm btn-light">{t!(i18n, language_apply)}</button>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_codes_parse_and_others_are_invalid() {
        assert_eq!(parse_locale("pt-BR").unwrap(), Locale::pt_BR);
        assert_eq!(parse_locale("en").unwrap(), Locale::en);
        assert_eq!(
            parse_locale("xx").unwrap_err(),
            AppError::invalid("locale", "locale_unknown")
        );
        assert!(parse_locale("pt-BR; DROP TABLE").is_err());
    }
}
