//! The settings page and its server functions.

use leptos::prelude::*;

use super::{Timeouts, ABSOLUTE_HOURS, IDLE_MINUTES, REMEMBER_ABSOLUTE_DAYS, REMEMBER_IDLE_DAYS};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    ui::{action_error, FormAlert, PageTitle, Saved, TextField},
    users::{AdminTabs, Forbidden},
};

/// The session limits in force (admins).
#[server(prefix = "/api", endpoint = "session_settings")]
pub async fn session_settings() -> Result<Timeouts, AppError> {
    crate::error::respond(
        async {
            crate::auth::server::require(crate::auth::permissions::Action::ManageSettings).await?;
            let db = expect_context::<crate::state::AppState>().db;
            Ok(super::store::timeouts(&db).await?)
        }
        .await,
    )
}

/// Changes the session limits (admins; bounded; audited; in force within 30 s everywhere).
#[server(prefix = "/api", endpoint = "update_session_settings")]
pub async fn update_session_settings(
    idle_minutes: String,
    absolute_hours: String,
    remember_idle_days: String,
    remember_absolute_days: String,
) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let admin =
                crate::auth::server::require(crate::auth::permissions::Action::ManageSettings)
                    .await?;
            let number = |raw: &str| raw.trim().parse::<i64>().unwrap_or(-1);
            let new = Timeouts {
                idle_minutes: number(&idle_minutes),
                absolute_hours: number(&absolute_hours),
                remember_idle_days: number(&remember_idle_days),
                remember_absolute_days: number(&remember_absolute_days),
            };
            new.validate().map_err(|fields| AppError::Invalid {
                fields: fields
                    .into_iter()
                    .map(|f| (f.to_owned(), "timeout_out_of_range".to_owned()))
                    .collect(),
            })?;
            let state = expect_context::<crate::state::AppState>();
            super::store::save_timeouts(&state.db, admin.0.id, new, state.clock.now()).await?;
            state.timeouts.invalidate();
            Ok(())
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// `/admin/configuracoes`.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateSessionSettings>::new();
    let current = Resource::new(move || action.version().get(), |_| session_settings());
    view! {
        <PageTitle text=move || t_string!(i18n, admin_settings) />
        <AdminTabs />
        <h1 class="h3 mb-3">{t!(i18n, admin_settings)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match current.await {
                    Ok(timeouts) => view! { <TimeoutsForm timeouts action /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TimeoutsForm(timeouts: Timeouts, action: ServerAction<UpdateSessionSettings>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let saved = Signal::derive(move || matches!(action.value().get(), Some(Ok(()))));
    let range = |(lo, hi): (i64, i64)| format!("{lo}–{hi}");
    view! {
        <section class="card" style="max-width: 40rem" aria-labelledby="timeouts-heading">
            <div class="card-body">
                <h2 id="timeouts-heading" class="h5">{t!(i18n, settings_sessions)}</h2>
                <p class="small text-body-secondary">{t!(i18n, settings_sessions_intro)}</p>
                <Saved show=saved text=Signal::derive(move || t_string!(i18n, saved).to_string()) />
                <FormAlert error />
                <ActionForm action>
                    <TextField id="idle-minutes" name="idle_minutes" kind="number" required=true error
                        value=timeouts.idle_minutes.to_string()
                        label=Signal::derive(move || t_string!(i18n, settings_idle_minutes).to_string())
                        help=Signal::derive(move || format!("{} {}.", t_string!(i18n, settings_between), range(IDLE_MINUTES))) />
                    <TextField id="absolute-hours" name="absolute_hours" kind="number" required=true error
                        value=timeouts.absolute_hours.to_string()
                        label=Signal::derive(move || t_string!(i18n, settings_absolute_hours).to_string())
                        help=Signal::derive(move || format!("{} {}.", t_string!(i18n, settings_between), range(ABSOLUTE_HOURS))) />
                    <TextField id="remember-idle-days" name="remember_idle_days" kind="number" required=true error
                        value=timeouts.remember_idle_days.to_string()
                        label=Signal::derive(move || t_string!(i18n, settings_remember_idle_days).to_string())
                        help=Signal::derive(move || format!("{} {}.", t_string!(i18n, settings_between), range(REMEMBER_IDLE_DAYS))) />
                    <TextField id="remember-absolute-days" name="remember_absolute_days" kind="number" required=true error
                        value=timeouts.remember_absolute_days.to_string()
                        label=Signal::derive(move || t_string!(i18n, settings_remember_absolute_days).to_string())
                        help=Signal::derive(move || format!("{} {}.", t_string!(i18n, settings_between), range(REMEMBER_ABSOLUTE_DAYS))) />
                    <button type="submit" class="btn btn-primary">{t!(i18n, save)}</button>
                </ActionForm>
            </div>
        </section>
    }
}
