//! Server functions for policies: each finds the caller and their record scope (a policy is in
//! scope when its client is), then calls one function of [`super::service`]. Anything outside
//! the caller's scope answers 404.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{CommissionEntry, FormOptions, PolicyDetail, PolicyFilter, PolicyInput, PolicyPage};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::respond;

/// A policy's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyData {
    pub policy: PolicyDetail,
    pub commissions: Vec<CommissionEntry>,
    /// Why its renewal was lost, when it was.
    pub renewal_lost: Option<String>,
    /// Its attached documents, newest first.
    pub documents: Vec<super::documents::PolicyDocument>,
}

/// What the policy form needs: its choices, the client (new policy), the policy (edit) or the
/// policy being renewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyFormData {
    pub options: FormOptions,
    /// The client a new policy is for: (id, name).
    pub client: Option<(i64, String)>,
    /// The policy being edited.
    pub policy: Option<PolicyDetail>,
    /// The policy a new one renews.
    pub renews: Option<PolicyDetail>,
}

#[cfg(feature = "ssr")]
use crate::clients::scope::caller;

/// One page of the policies the caller may see, filtered.
#[server(prefix = "/api", endpoint = "list_policies")]
pub async fn list_policies(
    #[server(default)] filter: PolicyFilter,
) -> Result<PolicyPage, AppError> {
    respond(
        async {
            let (_, scope, state) = caller().await?;
            super::service::list(&state.db, &scope, &filter, state.clock.now()).await
        }
        .await,
    )
}

/// A policy with its commissions.
#[server(prefix = "/api", endpoint = "policy_view")]
pub async fn policy_view(id: i64) -> Result<PolicyData, AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            let (policy, commissions) = super::service::detail(&state.db, &scope, id).await?;
            let renewal_lost = super::renewals::repo::lost_reason(&state.db, id).await?;
            let documents = super::documents::service::list(&state.db, &user, id).await?;
            Ok(PolicyData {
                policy,
                commissions,
                renewal_lost,
                documents,
            })
        }
        .await,
    )
}

/// The form's data: for a new policy of client `client` (0 = none chosen yet), for editing
/// policy `policy`, or for the renewal of policy `renews`.
#[server(prefix = "/api", endpoint = "policy_form")]
pub async fn policy_form(
    #[server(default)] client: i64,
    #[server(default)] policy: i64,
    #[server(default)] renews: i64,
) -> Result<PolicyFormData, AppError> {
    respond(
        async {
            let (_, scope, state) = caller().await?;
            let db = &state.db;
            let options = super::service::form_options(db, &scope).await?;
            let policy = match policy {
                0 => None,
                id => Some(super::service::detail(db, &scope, id).await?.0),
            };
            let renews = match renews {
                0 => None,
                id => Some(super::service::detail(db, &scope, id).await?.0),
            };
            let client = match client {
                0 => None,
                id => super::repo::client_name(db, &scope, id)
                    .await?
                    .map(|name| (id, name)),
            };
            Ok(PolicyFormData {
                options,
                client,
                policy,
                renews,
            })
        }
        .await,
    )
}

/// Creates a policy, then opens its page. Created from a won Kanban card's offer (`card`), the
/// card is tied to it.
#[server(prefix = "/api", endpoint = "create_policy")]
pub async fn create_policy(
    policy: PolicyInput,
    #[server(default)] card: i64,
) -> Result<(), AppError> {
    let id = respond(
        async {
            let (user, scope, state) = caller().await?;
            let now = state.clock.now();
            let client = policy.client_id.trim().parse::<i64>().unwrap_or(0);
            let label = [&policy.policy_number, &policy.proposal_number]
                .into_iter()
                .filter_map(|n| n.as_deref().map(str::trim))
                .find(|n| !n.is_empty())
                .unwrap_or_default()
                .to_owned();
            let id = super::service::create(&state.db, &user, &scope, policy, now).await?;
            if card != 0 {
                tie_card(&state, &user, &scope, card, (id, client, &label), now).await;
            }
            Ok(id)
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/apolices/{id}"));
    Ok(())
}

/// Records the renewal of policy `id` with the new policy typed in the form, then opens the
/// new policy's page.
#[server(prefix = "/api", endpoint = "renew_policy")]
pub async fn renew_policy(id: i64, policy: PolicyInput) -> Result<(), AppError> {
    let new_id = respond(
        async {
            let (user, scope, state) = caller().await?;
            let now = state.clock.now();
            let new_id = super::service::renew(&state.db, &user, &scope, id, policy, now).await?;
            crate::kanban::live::announce_policy(&state.db, &state.bus, id, now).await?;
            Ok(new_id)
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/apolices/{new_id}"));
    Ok(())
}

/// Saves an edit of a policy, then opens its page.
#[server(prefix = "/api", endpoint = "update_policy")]
pub async fn update_policy(id: i64, policy: PolicyInput) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            super::service::update(&state.db, &user, &scope, id, policy, state.clock.now()).await
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/apolices/{id}"));
    Ok(())
}

/// Cancels a policy on `cancelled_on` for `reason` (recording the estorno).
#[server(prefix = "/api", endpoint = "cancel_policy")]
pub async fn cancel_policy(id: i64, cancelled_on: String, reason: String) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            let now = state.clock.now();
            super::service::cancel(&state.db, &user, &scope, id, &cancelled_on, &reason, now).await
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/apolices/{id}"));
    Ok(())
}

/// Writes off commission `entry` of policy `id` as received.
#[server(prefix = "/api", endpoint = "receive_commission")]
pub async fn receive_commission(
    id: i64,
    entry: i64,
    received_on: String,
    #[server(default)] statement_ref: String,
) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            let now = state.clock.now();
            super::service::receive_commission(
                &state.db,
                &user,
                &scope,
                id,
                entry,
                &received_on,
                &statement_ref,
                now,
            )
            .await
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/apolices/{id}"));
    Ok(())
}

/// Ties won card `card` to the policy just created from its offer and shows it on the live
/// board. The policy stands either way: a failure here is logged, never undoes it.
#[cfg(feature = "ssr")]
async fn tie_card(
    state: &crate::state::AppState,
    user: &crate::users::repo::UserRow,
    scope: &crate::clients::scope::Scope,
    card: i64,
    policy: (i64, i64, &str),
    now: time::OffsetDateTime,
) {
    let label = if policy.2.is_empty() {
        format!("#{}", policy.0)
    } else {
        policy.2.to_owned()
    };
    let tied = crate::kanban::service::attach_policy(
        &state.db,
        user,
        scope,
        card,
        (policy.0, policy.1, &label),
    )
    .await;
    let announced = match tied {
        Ok(true) => crate::kanban::live::announce(&state.db, &state.bus, card, now).await,
        Ok(false) => Ok(()),
        Err(err) => Err(err),
    };
    if let Err(err) = announced {
        tracing::warn!(error = %err, card, policy = policy.0, "could not tie the card to its policy");
    }
}
