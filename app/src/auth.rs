//! Signing in and out: the login page (works without JavaScript), the current user for the
//! shell, and logout.

use crate::ui::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    users::UserSummary,
};

mod arguments;
pub mod links;
pub mod permissions;
pub mod timeouts;

#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "ssr")]
pub mod registry;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;

/// Where to go after signing in: only a path on this site, never another origin.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Why the login page is shown again after a plain form post (the `erro` query parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginFailure {
    /// Wrong e-mail or password, or a locked account (`erro=1`).
    Refused,
    /// Too many failed attempts from this address (`erro=limite`).
    RateLimited,
}

impl LoginFailure {
    fn of(err: &AppError) -> Self {
        match err {
            AppError::RateLimited => Self::RateLimited,
            _ => Self::Refused,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Self::Refused => "1",
            Self::RateLimited => "limite",
        }
    }

    fn parse(code: &str) -> Self {
        if code == "limite" {
            Self::RateLimited
        } else {
            Self::Refused
        }
    }
}

/// The login page's address that returns to `next` afterwards (`erro=…` shows the failure
/// message after a plain form post).
pub fn login_url(next: &str, failure: Option<LoginFailure>) -> String {
    let encoded = crate::format::percent_encode(next, true);
    let flag = failure
        .map(|f| format!("erro={}&", f.code()))
        .unwrap_or_default();
    format!("/login?{flag}next={encoded}")
}

/// The signed-in user, or `None` for a visitor.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<UserSummary>, AppError> {
    crate::error::respond(server::current_user().await)
}

/// Signs in. On success the browser goes to `next` (a local path) or the dashboard.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    remember: Option<String>,
    next: Option<String>,
) -> Result<(), AppError> {
    let next = safe_next(next.as_deref());
    let result = crate::error::respond(server::login(email, password, remember.is_some()).await);
    match &result {
        Ok(_) => leptos_axum::redirect(&next),
        // Without JavaScript the form comes back with the error flagged in the address.
        Err(err) if crate::forms::is_plain_form_post() => {
            leptos_axum::redirect(&login_url(&next, Some(LoginFailure::of(err))))
        }
        Err(_) => {}
    }
    result.map(|_| ())
}

/// Signs out and returns to the login page.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::error::respond(server::logout().await)?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// The login page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    // Without JavaScript a failed attempt comes back here with the error in the URL.
    let failure = move || match action.value().get() {
        Some(Err(err)) => Some(LoginFailure::of(&err)),
        Some(Ok(())) => None,
        None => query
            .read()
            .get("erro")
            .map(|code| LoginFailure::parse(&code)),
    };
    view! {
        <PageTitle text=move || t_string!(i18n, login_title) />
        <main id="conteudo" class="login-page" tabindex="-1">
            <div class="card shadow-sm login-card">
                <div class="card-body p-4">
                    <h1 class="h4 mb-1 d-flex align-items-center gap-2">
                        <i class="bi bi-shield-check text-primary" aria-hidden="true"></i>
                        {t!(i18n, app_name)}
                    </h1>
                    <p class="text-body-secondary mb-4">{t!(i18n, login_subtitle)}</p>
                    {move || query.read().get("senha").is_some().then(|| view! {
                        <div class="alert alert-success" role="status">{t!(i18n, login_password_set)}</div>
                    })}
                    {move || failure().map(|failure| view! {
                        <div class="alert alert-danger" role="alert">
                            {match failure {
                                LoginFailure::Refused => t_string!(i18n, login_failed),
                                LoginFailure::RateLimited => t_string!(i18n, login_rate_limited),
                            }}
                        </div>
                    })}
                    <ActionForm action>
                        <input type="hidden" name="next" value=next />
                        <div class="mb-3">
                            <label for="login-email" class="form-label">{t!(i18n, login_email)}</label>
                            <input id="login-email" name="email" type="email" class="form-control" autocomplete="username" required autofocus />
                        </div>
                        <div class="mb-3">
                            <label for="login-password" class="form-label">{t!(i18n, login_password)}</label>
                            <input id="login-password" name="password" type="password" class="form-control" autocomplete="current-password" required />
                        </div>
                        <div class="form-check mb-4">
                            <input id="login-remember" name="remember" type="checkbox" value="on" class="form-check-input" />
                            <label for="login-remember" class="form-check-label">{t!(i18n, login_remember)}</label>
                        </div>
                        <button type="submit" class="btn btn-primary w-100">{t!(i18n, login_submit)}</button>
                    </ActionForm>
                </div>
            </div>
        </main>
    }
}

/// The user's name and the logout button, in the top bar.
#[component]
pub fn UserMenu(user: UserSummary) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Logout>::new();
    view! {
        <div class="d-flex align-items-center gap-2 text-white">
            <i class="bi bi-person-circle" aria-hidden="true"></i>
            <a class="small link-light" href="/conta" title=move || t_string!(i18n, account_title)>{user.name}</a>
            <ActionForm action attr:class="mb-0">
                <button type="submit" class="btn btn-sm btn-outline-light">{t!(i18n, logout)}</button>
            </ActionForm>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn the_login_url_encodes_where_to_return() {
        assert_eq!(
            super::login_url("/clientes?q=ana&x=1", None),
            "/login?next=/clientes%3Fq%3Dana%26x%3D1"
        );
        assert_eq!(
            super::login_url("/", Some(super::LoginFailure::Refused)),
            "/login?erro=1&next=/"
        );
        assert_eq!(
            super::login_url("/", Some(super::LoginFailure::RateLimited)),
            "/login?erro=limite&next=/"
        );
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/clientes?q=1")), "/clientes?q=1");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
