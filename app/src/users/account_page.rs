//! Minha conta (`/conta`): change one's own password and see or end one's sessions. The session
//! list is shared with the admin's account page.

use leptos::prelude::*;

use super::api::{my_account, ChangePassword, EndMySession, EndUserSession, SessionInfo};
use crate::{
    format::datetime_br,
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    ui::{action_error, FormAlert, PageTitle, Saved, TextField},
};

/// The signed-in person's own page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let end = ServerAction::<EndMySession>::new();
    let account = Resource::new(
        move || (change.version().get(), end.version().get()),
        |_| my_account(),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, account_title) />
        <h1 class="h3 mb-3 d-flex align-items-center gap-2">
            <i class="bi bi-person-gear" aria-hidden="true"></i>
            {t!(i18n, account_title)}
        </h1>
        <Suspense>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(me) => view! {
                        <p class="text-body-secondary">{me.name.clone()} " · " {me.email.clone()}</p>
                        <div class="row g-4">
                            <div class="col-lg-5">{view! { <PasswordForm action=change email=me.email /> }.into_any()}</div>
                            <div class="col-lg-7">
                                {view! { <SessionList sessions=me.sessions end_own=Some(end) end_other=None user_id=None /> }.into_any()}
                            </div>
                        </div>
                    }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PasswordForm(action: ServerAction<ChangePassword>, email: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let saved = Signal::derive(move || matches!(action.value().get(), Some(Ok(()))));
    view! {
        <section class="card" aria-labelledby="password-heading">
            <div class="card-body">
                <h2 id="password-heading" class="h5">{t!(i18n, account_password)}</h2>
                <p class="small text-body-secondary">{t!(i18n, account_password_intro)}</p>
                <Saved show=saved text=Signal::derive(move || t_string!(i18n, account_password_saved).to_string()) />
                <FormAlert error />
                <ActionForm action>
                    <input type="text" value=email autocomplete="username" aria-hidden="true" hidden />
                    <TextField
                        id="current-password"
                        name="current"
                        kind="password"
                        label=Signal::derive(move || t_string!(i18n, field_current_password).to_string())
                        autocomplete="current-password"
                        required=true
                        error
                    />
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
                    <button type="submit" class="btn btn-primary">{t!(i18n, account_password_submit)}</button>
                </ActionForm>
            </div>
        </section>
    }
}

/// The signed-in sessions of an account, each with a button that ends it (except the one in
/// use). `end_own` for one's own page; `end_other` with `user_id` on the admin's page.
#[component]
pub fn SessionList(
    sessions: Vec<SessionInfo>,
    end_own: Option<ServerAction<EndMySession>>,
    end_other: Option<ServerAction<EndUserSession>>,
    user_id: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = sessions.is_empty();
    let rows = sessions
        .into_iter()
        .map(|s| {
            let device = s.device.clone();
            let button = move || {
                view! {
                    <button type="submit" class="btn btn-sm btn-outline-danger">
                        {t!(i18n, sessions_end)}
                        <span class="visually-hidden">" " {device.clone()}</span>
                    </button>
                }
            };
            let end = if s.current {
                view! { <span class="badge text-bg-success">{t!(i18n, sessions_this_one)}</span> }
                    .into_any()
            } else if let Some(action) = end_own {
                view! {
                    <ActionForm action attr:class="mb-0">
                        <input type="hidden" name="key" value=s.key.clone() />
                        {button()}
                    </ActionForm>
                }
                .into_any()
            } else if let (Some(action), Some(user_id)) = (end_other, user_id) {
                view! {
                    <ActionForm action attr:class="mb-0">
                        <input type="hidden" name="user_id" value=user_id />
                        <input type="hidden" name="key" value=s.key.clone() />
                        {button()}
                    </ActionForm>
                }
                .into_any()
            } else {
                ().into_any()
            };
            let remember = s.remember;
            view! {
                <tr>
                    <td>{s.device.clone()}</td>
                    <td>{s.client_ip.clone().unwrap_or_default()}</td>
                    <td>{datetime_br(s.started_at)}</td>
                    <td>{datetime_br(s.last_seen_at)}</td>
                    <td>{move || if remember { t_string!(i18n, yes) } else { t_string!(i18n, no) }}</td>
                    <td class="text-end">{end}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading" class="h5">{t!(i18n, sessions_title)}</h2>
            {empty.then(|| view! { <p class="text-body-secondary">{t!(i18n, sessions_none)}</p> })}
            <div class="table-responsive">
                <table class="table align-middle">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, sessions_device)}</th>
                            <th scope="col">{t!(i18n, sessions_ip)}</th>
                            <th scope="col">{t!(i18n, sessions_started)}</th>
                            <th scope="col">{t!(i18n, sessions_last_seen)}</th>
                            <th scope="col">{t!(i18n, sessions_remembered)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, sessions_actions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
