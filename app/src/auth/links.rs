//! The pages behind one-time links: setting a password (new accounts and resets) and creating
//! the first admin of an empty installation. A used, replaced or expired link answers 410.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::set_page_status,
    ui::{action_error, FormAlert, PageTitle, TextField},
};

/// Whose password a link sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkAccount {
    pub name: String,
    pub email: String,
}

/// The account a password link belongs to (404 unknown, 410 used or expired).
#[server(prefix = "/api", endpoint = "password_link")]
pub async fn password_link(token: String) -> Result<LinkAccount, AppError> {
    crate::error::respond(server::password_link(&token).await)
}

/// Sets the password through a link, then sends the person to the login page.
#[server(prefix = "/api", endpoint = "set_password")]
pub async fn set_password(
    token: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    crate::error::respond(server::set_password(&token, password, &confirm).await)?;
    leptos_axum::redirect("/login?senha=definida");
    Ok(())
}

/// Whether a first-admin link can still be used (404 unknown, 410 used, expired or too late).
#[server(prefix = "/api", endpoint = "first_admin_link")]
pub async fn first_admin_link(token: String) -> Result<(), AppError> {
    crate::error::respond(server::first_admin_link(&token).await)
}

/// Creates the first admin through the setup link, then sends them to the login page.
#[server(prefix = "/api", endpoint = "create_first_admin")]
pub async fn create_first_admin(
    token: String,
    name: String,
    email: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    let input = crate::users::service::FirstAdmin {
        name,
        email,
        password,
        confirm,
    };
    crate::error::respond(server::create_first_admin(&token, input).await)?;
    leptos_axum::redirect("/login?senha=definida");
    Ok(())
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::{
        auth::tokens::{self, Purpose},
        state::AppState,
        users::{repo, service},
    };

    fn gone(err: tokens::Unusable) -> AppError {
        match err {
            tokens::Unusable::Unknown => AppError::NotFound,
            _ => AppError::Gone,
        }
    }

    pub async fn password_link(token: &str) -> Result<LinkAccount, AppError> {
        let state = expect_context::<AppState>();
        let now = state.clock.now().unix_timestamp();
        let link = tokens::check(&state.db, Purpose::Password, token, now)
            .await?
            .map_err(gone)?;
        let user = match link.user_id {
            Some(id) => repo::find_by_id(&state.db, id).await?,
            None => None,
        }
        .ok_or(AppError::NotFound)?;
        Ok(LinkAccount {
            name: user.name,
            email: user.email,
        })
    }

    pub async fn set_password(
        token: &str,
        password: String,
        confirm: &str,
    ) -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        service::set_password_with_link(&state.db, token, password, confirm, state.clock.now())
            .await
            .map(|_| ())
    }

    pub async fn first_admin_link(token: &str) -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        let now = state.clock.now().unix_timestamp();
        tokens::check(&state.db, Purpose::Bootstrap, token, now)
            .await?
            .map_err(gone)?;
        if repo::count(&state.db).await? > 0 {
            return Err(AppError::Gone);
        }
        Ok(())
    }

    pub async fn create_first_admin(
        token: &str,
        input: service::FirstAdmin,
    ) -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        service::create_first_admin(&state.db, token, input, state.clock.now())
            .await
            .map(|_| ())
    }
}

/// The card every link page is drawn in.
#[component]
fn LinkCard(#[prop(into)] title: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <PageTitle text=move || title.get() />
        <main id="conteudo" class="login-page" tabindex="-1">
            <div class="card shadow-sm login-card">
                <div class="card-body p-4">
                    <h1 class="h4 mb-3 d-flex align-items-center gap-2">
                        <i class="bi bi-key text-primary" aria-hidden="true"></i>
                        {title}
                    </h1>
                    <crate::ui::PlainPostError />
                    {children()}
                </div>
            </div>
        </main>
    }
}

/// What a dead link shows (status 410, or 404 for one that never existed).
#[component]
fn DeadLink(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let status = match error {
        AppError::Gone => http::StatusCode::GONE,
        AppError::NotFound => http::StatusCode::NOT_FOUND,
        _ => http::StatusCode::INTERNAL_SERVER_ERROR,
    };
    set_page_status(status);
    view! {
        <div class="alert alert-warning" role="alert">{t!(i18n, link_dead)}</div>
        <a href="/login" class="btn btn-primary">{t!(i18n, link_to_login)}</a>
    }
}

fn token_param() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("token").unwrap_or_default()
}

/// `/definir-senha/{token}`: a person sets their password.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = token_param();
    let account = Resource::new(token, password_link);
    view! {
        <LinkCard title=Signal::derive(move || t_string!(i18n, set_password_title).to_string())>
            <Suspense>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(account) => view! { <SetPasswordForm account token=token() /> }.into_any(),
                        Err(error) => view! { <DeadLink error /> }.into_any(),
                    }
                })}
            </Suspense>
        </LinkCard>
    }
}

/// Fields every new password form has, with the policy as help.
#[component]
fn NewPasswordFields(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <TextField
            id="new-password"
            name="password"
            kind="password"
            label=Signal::derive(move || t_string!(i18n, field_new_password).to_string())
            help=Signal::derive(move || t_string!(i18n, password_policy_help).to_string())
            autocomplete="new-password"
            required=true
            error
        />
        <TextField
            id="confirm-password"
            name="confirm"
            kind="password"
            label=Signal::derive(move || t_string!(i18n, field_confirm_password).to_string())
            autocomplete="new-password"
            required=true
            error
        />
    }
}

#[component]
fn SetPasswordForm(account: LinkAccount, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetPassword>::new();
    let error = action_error(action);
    view! {
        <p class="text-body-secondary">
            {t!(i18n, set_password_for, name = account.name.clone(), email = account.email.clone())}
        </p>
        <FormAlert error />
        <ActionForm action>
            <input type="hidden" name="token" value=token />
            <input type="text" value=account.email.clone() autocomplete="username" aria-hidden="true" hidden />
            <NewPasswordFields error />
            <button type="submit" class="btn btn-primary w-100">{t!(i18n, set_password_submit)}</button>
        </ActionForm>
    }
}

/// `/primeiro-acesso/{token}`: the first admin of an empty installation creates their account.
#[component]
pub fn FirstAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = token_param();
    let status = Resource::new(token, first_admin_link);
    view! {
        <LinkCard title=Signal::derive(move || t_string!(i18n, first_admin_title).to_string())>
            <Suspense>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(()) => view! { <FirstAdminForm token=token() /> }.into_any(),
                        Err(error) => view! { <DeadLink error /> }.into_any(),
                    }
                })}
            </Suspense>
        </LinkCard>
    }
}

#[component]
fn FirstAdminForm(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreateFirstAdmin>::new();
    let error = action_error(action);
    view! {
        <p class="text-body-secondary">{t!(i18n, first_admin_intro)}</p>
        <FormAlert error />
        <ActionForm action>
            <input type="hidden" name="token" value=token />
            <TextField
                id="admin-name"
                name="name"
                label=Signal::derive(move || t_string!(i18n, field_name).to_string())
                autocomplete="name"
                required=true
                error
            />
            <TextField
                id="admin-email"
                name="email"
                kind="email"
                label=Signal::derive(move || t_string!(i18n, login_email).to_string())
                autocomplete="username"
                required=true
                error
            />
            <NewPasswordFields error />
            <button type="submit" class="btn btn-primary w-100">{t!(i18n, first_admin_submit)}</button>
        </ActionForm>
    }
}
