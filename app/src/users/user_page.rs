//! The admin's pages for one account: creating it (`/admin/usuarios/nova`) and editing it
//! (`/admin/usuarios/{id}`: name, role, team, language, active; password link; sessions).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    account_page::SessionList,
    admin_page::{AdminTabs, Forbidden},
    api::{
        list_teams, user_detail, AccountDetail, CreateUser, EndUserSession, ResetPasswordLink,
        TeamOption, UpdateUser,
    },
};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    roles::Role,
    ui::{action_error, field_key, message, FormAlert, PageTitle, Saved, TextField},
};

/// `/admin/usuarios/nova`.
#[component]
pub fn NewUserPage() -> impl IntoView {
    let i18n = use_i18n();
    let teams = Resource::new(|| (), |_| list_teams());
    view! {
        <PageTitle text=move || t_string!(i18n, user_new_title) />
        <AdminTabs />
        <h1 class="h3 mb-3">{t!(i18n, user_new_title)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match teams.await {
                    Ok(teams) => view! { <NewUserForm teams /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewUserForm(teams: Vec<TeamOption>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreateUser>::new();
    let error = action_error(action);
    view! {
        <div class="card" style="max-width: 40rem">
            <div class="card-body">
                <p class="text-body-secondary">{t!(i18n, user_new_intro)}</p>
                <FormAlert error />
                <ActionForm action>
                    <TextField id="user-name" name="name" required=true error
                        label=Signal::derive(move || t_string!(i18n, field_name).to_string()) />
                    <TextField id="user-email" name="email" kind="email" required=true error
                        label=Signal::derive(move || t_string!(i18n, login_email).to_string()) />
                    <RoleSelect current=Role::User error />
                    <TeamSelect teams current=None error />
                    <LocaleSelect current="pt-BR".to_owned() error />
                    <ConfirmPassword id="create-confirm-password" error always=false />
                    <button type="submit" class="btn btn-primary">{t!(i18n, user_new_submit)}</button>
                    <a href="/admin" class="btn btn-link">{t!(i18n, cancel)}</a>
                </ActionForm>
            </div>
        </div>
    }
}

/// A `<select>` with its label and error.
#[component]
fn SelectField(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = move || field_key(error.get().as_ref(), name);
    let feedback_id = format!("{id}-erro");
    view! {
        <div class="mb-3">
            <label for=id class="form-label">{label}</label>
            <select id=id name=name class="form-select" class:is-invalid=move || key().is_some()
                aria-describedby={let f = feedback_id.clone(); move || key().map(|_| f.clone())}>
                {children()}
            </select>
            {move || key().map(|key| view! {
                <div id=feedback_id.clone() class="invalid-feedback d-block">{message(i18n, &key)}</div>
            })}
        </div>
    }
}

#[component]
fn RoleSelect(current: Role, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let option = move |role: Role| {
        let label = move || match role {
            Role::Admin => t_string!(i18n, role_admin),
            Role::Manager => t_string!(i18n, role_manager),
            Role::User => t_string!(i18n, role_user),
        };
        view! { <option value=role.as_str() selected=current == role>{label}</option> }
    };
    view! {
        <SelectField id="user-role" name="role" error
            label=Signal::derive(move || t_string!(i18n, col_role).to_string())>
            {option(Role::User)}
            {option(Role::Manager)}
            {option(Role::Admin)}
        </SelectField>
    }
}

#[component]
fn TeamSelect(
    teams: Vec<TeamOption>,
    current: Option<i64>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SelectField id="user-team" name="team_id" error
            label=Signal::derive(move || t_string!(i18n, col_team).to_string())>
            <option value="" selected=current.is_none()>{t!(i18n, team_none)}</option>
            {teams.into_iter().map(|team| view! {
                <option value=team.id selected=current == Some(team.id)>{team.name}</option>
            }).collect_view()}
        </SelectField>
    }
}

#[component]
fn LocaleSelect(current: String, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SelectField id="user-locale" name="locale" error
            label=Signal::derive(move || t_string!(i18n, field_locale).to_string())>
            <option value="pt-BR" selected=current == "pt-BR">{t!(i18n, language_pt_br)}</option>
            <option value="en" selected=current == "en">{t!(i18n, language_en)}</option>
        </SelectField>
    }
}

/// The admin's own password, asked for sensitive changes when the last one typed is older
/// than 5 minutes (`always`), or once the server asked for it.
#[component]
fn ConfirmPassword(
    id: &'static str,
    error: Signal<Option<AppError>>,
    always: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let asked = move || always || field_key(error.get().as_ref(), "confirm_password").is_some();
    view! {
        <Show when=asked>
            <TextField id=id name="confirm_password" kind="password" error
                autocomplete="current-password"
                label=Signal::derive(move || t_string!(i18n, field_your_password).to_string())
                help=Signal::derive(move || t_string!(i18n, reauth_help).to_string()) />
        </Show>
    }
}

/// `/admin/usuarios/{id}`.
#[component]
pub fn UserPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let update = ServerAction::<UpdateUser>::new();
    let reset = ServerAction::<ResetPasswordLink>::new();
    let end = ServerAction::<EndUserSession>::new();
    let detail = Resource::new(
        move || {
            (
                id(),
                update.version().get(),
                reset.version().get(),
                end.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => user_detail(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=move || t_string!(i18n, user_edit_title) />
        <AdminTabs />
        <Suspense>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(user) => view! { <UserEditor user update reset end /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserEditor(
    user: AccountDetail,
    update: ServerAction<UpdateUser>,
    reset: ServerAction<ResetPasswordLink>,
    end: ServerAction<EndUserSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(update);
    let saved = Signal::derive(move || matches!(update.value().get(), Some(Ok(_))));
    let ended = Signal::derive(move || matches!(update.value().get(), Some(Ok(true))));
    let needs_password = !user.recently_authenticated;
    let (title, email) = (user.name.clone(), user.email.clone());
    let form = view! {
        <section class="card" aria-labelledby="edit-heading">
            <div class="card-body">
                <h2 id="edit-heading" class="h5">{t!(i18n, user_edit_heading)}</h2>
                <Saved show=saved text=Signal::derive(move || t_string!(i18n, saved).to_string()) />
                <Show when=move || ended.get()>
                    <p class="small text-body-secondary" role="status">{t!(i18n, user_sessions_ended)}</p>
                </Show>
                <FormAlert error />
                <ActionForm action=update>
                    <input type="hidden" name="id" value=user.id />
                    <TextField id="user-name" name="name" required=true error value=user.name.clone()
                        label=Signal::derive(move || t_string!(i18n, field_name).to_string()) />
                    <RoleSelect current=user.role error />
                    <TeamSelect teams=user.teams.clone() current=user.team_id error />
                    <LocaleSelect current=user.locale.clone() error />
                    <div class="form-check mb-3">
                        <input id="user-active" name="active" type="checkbox" value="on" class="form-check-input" checked=user.active />
                        <label for="user-active" class="form-check-label">{t!(i18n, user_active_label)}</label>
                        <div class="form-text">{t!(i18n, user_active_help)}</div>
                    </div>
                    <ConfirmPassword id="edit-confirm-password" error always=needs_password />
                    <button type="submit" class="btn btn-primary">{t!(i18n, save)}</button>
                </ActionForm>
            </div>
        </section>
    }
    .into_any();
    let link = view! {
        <PasswordLink user_id=user.id has_password=user.has_password new_link=user.new_link.clone() reset needs_password />
    }
    .into_any();
    let sessions = view! {
        <SessionList sessions=user.sessions end_own=None end_other=Some(end) user_id=Some(user.id) />
    }
    .into_any();
    view! {
        <h1 class="h3 mb-1">{title}</h1>
        <p class="text-body-secondary">
            {email} " · "
            <a href=format!("/admin/auditoria?registro=user&registro_id={}", user.id)>{t!(i18n, audit_history)}</a>
        </p>
        <div class="row g-4">
            <div class="col-lg-6">{form}</div>
            <div class="col-lg-6">{link}</div>
        </div>
        <div class="mt-4">{sessions}</div>
    }
}

#[component]
fn PasswordLink(
    user_id: i64,
    has_password: bool,
    new_link: Option<String>,
    reset: ServerAction<ResetPasswordLink>,
    needs_password: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(reset);
    view! {
        <section class="card" aria-labelledby="link-heading">
            <div class="card-body">
                <h2 id="link-heading" class="h5">{t!(i18n, user_link_heading)}</h2>
                {new_link.map(|url| view! {
                    <div class="alert alert-info" role="status">
                        <p class="mb-2">{t!(i18n, user_link_shown_once)}</p>
                        <label for="new-link" class="form-label fw-semibold">{t!(i18n, user_link_label)}</label>
                        <input id="new-link" class="form-control font-monospace" readonly value=url />
                    </div>
                })}
                <p class="small text-body-secondary">
                    {move || if has_password { t_string!(i18n, user_link_reset_intro) } else { t_string!(i18n, user_link_new_intro) }}
                </p>
                <FormAlert error />
                <ActionForm action=reset>
                    <input type="hidden" name="id" value=user_id />
                    <ConfirmPassword id="link-confirm-password" error always=needs_password />
                    <button type="submit" class="btn btn-outline-primary">{t!(i18n, user_link_issue)}</button>
                </ActionForm>
            </div>
        </section>
    }
}
