//! Handing a client to another staff member (its "Responsável"). Admins hand any client to any
//! active staff member; managers hand clients they can see only to themselves or to members of
//! a team they manage (SECURITY.md §19); users may not (403, audited as `authz.denied`). The
//! client's team follows its new owner's, and the change is audited like an edit (`owner`, `team`).
//! On the client's page a small plain form does it, so it works without JavaScript.

use leptos::prelude::*;

use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    ui::{action_error, field_key, message, FormAlert},
};

#[cfg(feature = "ssr")]
mod service;

#[cfg(feature = "ssr")]
pub use service::{assignees, reassign};

/// The staff the caller may hand client `id` to (id, name), by name; empty for users (who
/// may not hand clients over: the page then shows no form).
#[server(prefix = "/api", endpoint = "reassign_options")]
pub async fn reassign_options(id: i64) -> Result<Vec<(i64, String)>, AppError> {
    crate::error::respond(
        async {
            let user = crate::auth::server::require_user().await?.0;
            let state = expect_context::<crate::state::AppState>();
            let scope = super::scope::Scope::of(&state.db, &user).await?;
            assignees(&state.db, &user, &scope, id).await
        }
        .await,
    )
}

/// Hands client `id` to staff member `owner_id`, then goes back to the client's page.
#[server(prefix = "/api", endpoint = "reassign_client")]
pub async fn reassign_client(id: i64, owner_id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            use crate::auth::{permissions::Action, server::require};
            let user = require(Action::ReassignClients).await?.0;
            let state = expect_context::<crate::state::AppState>();
            let scope = super::scope::Scope::of(&state.db, &user).await?;
            let now = state.clock.now();
            reassign(&state.db, &user, &scope, id, owner_id, now).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// The "Responsável" form of a client's page: the staff the caller may choose, and "Transferir".
/// Nothing is shown to those who may not hand the client over. The page provides the action
/// (it reloads itself after each transfer that succeeds).
#[component]
pub fn ReassignForm(client_id: i64, owner_id: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let action = expect_context::<ServerAction<ReassignClient>>();
    let staff = Resource::new(
        move || (client_id, action.version().get()),
        |(id, _)| reassign_options(id),
    );
    let error = action_error(action);
    let owner_error =
        move || field_key(error.get().as_ref(), "owner_id").map(|k| message(i18n, &k));
    let form = move |staff: Vec<(i64, String)>| {
        let options = staff
            .into_iter()
            .map(|(id, name)| view! { <option value=id selected=owner_id == Some(id)>{name}</option> })
            .collect_view();
        view! {
            <section class="card mt-4" aria-labelledby="reassign-heading">
                <div class="card-body">
                    <h2 id="reassign-heading" class="h5">{t!(i18n, client_export.owner_heading)}</h2>
                    <FormAlert error />
                    <ActionForm action>
                        <input type="hidden" name="id" value=client_id />
                        <label for="reassign-owner" class="form-label">{t!(i18n, client_export.owner_label)}</label>
                        <div class="d-flex flex-wrap gap-2">
                            <select id="reassign-owner" name="owner_id" class="form-select w-auto flex-grow-1"
                                class:is-invalid=move || owner_error().is_some()>
                                {options}
                            </select>
                            <button type="submit" class="btn btn-outline-primary" disabled=move || action.pending().get()>
                                <i class="bi bi-arrow-left-right me-1" aria-hidden="true"></i>
                                {t!(i18n, client_export.transfer)}
                            </button>
                        </div>
                        {move || owner_error().map(|m| view! { <div class="invalid-feedback d-block">{m}</div> })}
                        <div class="form-text">{t!(i18n, client_export.owner_help)}</div>
                    </ActionForm>
                </div>
            </section>
        }
    };
    let done = move || {
        action
            .value()
            .with(|v| matches!(v, Some(Ok(()))))
            .then(|| t_string!(i18n, client_export.transferred).to_string())
    };
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let staff = staff.await.unwrap_or_default();
                (!staff.is_empty()).then(|| form(staff))
            })}
        </Transition>
        <div class="visually-hidden" role="status">{done}</div>
    }
}
