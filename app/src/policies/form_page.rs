//! The policy form: a new policy for a client (`/apolices/nova?cliente={id}`, or a client
//! picker first) and editing one (`/apolices/{id}/editar`). Every control posts as
//! `policy[field]`, so the form works without JavaScript; hydrated, the prêmio total and the
//! commission follow what is typed, and the vigência end is proposed one year after its start.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    api::{policy_form, CreatePolicy, PolicyFormData, RenewPolicy, UpdatePolicy},
    PolicyDetail, PolicyInput, PolicyStatus,
};
use crate::{
    br::{Money, Rate},
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::{action_error, FormAlert, PageTitle},
    users::Forbidden,
};

mod client_picker;
mod controls;

/// What the form shows for a stored policy, as it would post it back.
pub fn form_values(p: &PolicyDetail) -> PolicyInput {
    let iso = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let money = |c: i64| Some(Money::from_centavos(c).input_value());
    PolicyInput {
        client_id: p.client_id.to_string(),
        insurer_id: p.insurer_id.to_string(),
        line_id: p.line_id.to_string(),
        product: p.product.clone(),
        proposal_number: p.proposal_number.clone(),
        policy_number: p.policy_number.clone(),
        status: p.status.as_str().to_owned(),
        starts_on: iso(p.starts_on),
        ends_on: iso(p.ends_on),
        net_premium: Money::from_centavos(p.net_premium).input_value(),
        installment_fee: money(p.installment_fee),
        policy_fee: money(p.policy_fee),
        iof: money(p.iof),
        installments: p.installments.to_string(),
        commission_rate: Rate::from_hundredths(p.commission_rate).input_value(),
        owner_id: p.owner_id.map(|id| id.to_string()),
        item_kind: p.item_kind.clone(),
        vehicle_plate: p.vehicle_plate.clone(),
        vehicle_chassis: p.vehicle_chassis.clone(),
        vehicle_model: p.vehicle_model.clone(),
        vehicle_year: p.vehicle_year.map(|y| y.to_string()),
        bonus_class: p.bonus_class.map(|b| b.to_string()),
        property_cep: p.property_cep.clone(),
        property_address: p.property_address.clone(),
        notes: p.notes.clone(),
    }
}

/// What the renewal form starts from: the old policy's data for the next twelve months, in
/// force, without numbers (the insurer issues new ones) and with the IOF computed again.
pub fn renewal_values(old: &PolicyDetail) -> PolicyInput {
    let iso = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    PolicyInput {
        status: PolicyStatus::Active.as_str().to_owned(),
        starts_on: iso(old.ends_on),
        ends_on: iso(super::premium::add_months(old.ends_on, 12)),
        policy_number: None,
        proposal_number: None,
        iof: None,
        notes: None,
        ..form_values(old)
    }
}

/// The data of the form, or the page that replaces it when it cannot be shown.
fn loaded(
    data: Result<PolicyFormData, AppError>,
    form: impl FnOnce(PolicyFormData) -> AnyView,
) -> AnyView {
    match data {
        Ok(data) => form(data),
        Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
        Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
        Err(err) => {
            view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any()
        }
    }
}

/// `/apolices/nova`.
#[component]
pub fn NewPolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |key: &str| {
        query
            .read()
            .get(key)
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(
        move || (param("cliente"), param("renova")),
        |(client, renews)| policy_form(client, 0, renews),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, policy.new) />
        <h1 class="h3 mb-1">{t!(i18n, policy.new)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                loaded(data.await, |data| match (data.renews.clone(), data.client.clone()) {
                    (Some(old), _) => view! { <RenewPolicyForm data old /> }.into_any(),
                    (None, Some((id, name))) => view! { <NewPolicyForm data client_id=id client_name=name /> }.into_any(),
                    (None, None) => view! { <client_picker::ClientPicker /> }.into_any(),
                })
            })}
        </Suspense>
    }
}

#[component]
fn NewPolicyForm(data: PolicyFormData, client_id: i64, client_name: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreatePolicy>::new();
    let error = action_error(action);
    let values = PolicyInput {
        client_id: client_id.to_string(),
        status: PolicyStatus::Active.as_str().to_owned(),
        installments: "1".to_owned(),
        ..PolicyInput::default()
    };
    let back = format!("/clientes/{client_id}");
    // Opened from a won Kanban card's offer: the card is tied to the new policy.
    let card = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("cartao")
        .and_then(|c| c.parse::<i64>().ok());
    view! {
        <p class="text-body-secondary">
            {t!(i18n, policy.for_client)} " " <a href=back.clone()>{client_name}</a>
        </p>
        <FormAlert error />
        <ActionForm action>
            <input type="hidden" name="policy[client_id]" value=client_id />
            {card.map(|card| view! { <input type="hidden" name="card" value=card /> })}
            <controls::PolicyControls values options=data.options error locked_status=None />
            <controls::Buttons pending=action.pending() cancel=back />
        </ActionForm>
    }
}

#[component]
fn RenewPolicyForm(data: PolicyFormData, old: PolicyDetail) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RenewPolicy>::new();
    let error = action_error(action);
    let back = format!("/apolices/{}", old.id);
    let values = renewal_values(&old);
    let previous = crate::format::brl(old.total_premium);
    let old_number =
        super::labels::number(old.policy_number.as_deref(), old.proposal_number.as_deref());
    view! {
        <h2 class="h5">{t!(i18n, policy.renew_title)}</h2>
        <p class="text-body-secondary">
            {t!(i18n, policy.for_client)} " " <a href=format!("/clientes/{}", old.client_id)>{old.client_name.clone()}</a>
            " · " {t!(i18n, policy.renew_of)} " " <a href=back.clone()>{old_number} " (" {old.insurer.clone()} ")"</a>
        </p>
        <p>{t!(i18n, policy.renew_intro, premium = previous)}</p>
        <FormAlert error />
        <ActionForm action>
            <input type="hidden" name="id" value=old.id />
            <input type="hidden" name="policy[client_id]" value=old.client_id />
            <controls::PolicyControls values options=data.options error locked_status=None />
            <controls::Buttons pending=action.pending() cancel=back />
        </ActionForm>
    }
}

/// `/apolices/{id}/editar`.
#[component]
pub fn EditPolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => policy_form(0, id, 0).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=move || t_string!(i18n, policy.edit_title) />
        <Suspense>
            {move || Suspend::new(async move {
                loaded(data.await, |data| match data.policy.clone() {
                    Some(policy) => view! { <EditPolicyForm data policy /> }.into_any(),
                    None => view! { <NotFoundPage /> }.into_any(),
                })
            })}
        </Suspense>
    }
}

#[component]
fn EditPolicyForm(data: PolicyFormData, policy: PolicyDetail) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdatePolicy>::new();
    let error = action_error(action);
    let back = format!("/apolices/{}", policy.id);
    let values = form_values(&policy);
    let locked_status = (!PolicyStatus::EDITABLE.contains(&policy.status)).then_some(policy.status);
    view! {
        <h1 class="h3 mb-1">{t!(i18n, policy.edit_title)}</h1>
        <p class="text-body-secondary">
            <a href=format!("/clientes/{}", policy.client_id)>{policy.client_name.clone()}</a>
        </p>
        <FormAlert error />
        <ActionForm action>
            <input type="hidden" name="id" value=policy.id />
            <input type="hidden" name="policy[client_id]" value=policy.client_id />
            <controls::PolicyControls values options=data.options error locked_status />
            <controls::Buttons pending=action.pending() cancel=back />
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_stored_policy_fills_the_form_as_it_would_be_posted() {
        let p = PolicyDetail {
            id: 1,
            client_id: 2,
            client_name: "Ana".into(),
            insurer_id: 3,
            insurer: "Porto".into(),
            line_id: 4,
            line: "Automóvel".into(),
            line_code: "0531".into(),
            product: None,
            proposal_number: None,
            policy_number: Some("123".into()),
            status: PolicyStatus::Active,
            starts_on: date!(2026 - 01 - 05),
            ends_on: date!(2027 - 01 - 05),
            net_premium: 123_456,
            installment_fee: 0,
            policy_fee: 6_000,
            iof: 9_111,
            total_premium: 138_567,
            installments: 4,
            commission_rate: 1_550,
            commission: 19_136,
            owner_id: Some(9),
            owner: None,
            item_kind: None,
            vehicle_plate: None,
            vehicle_chassis: None,
            vehicle_model: None,
            vehicle_year: None,
            bonus_class: None,
            property_cep: None,
            property_address: None,
            notes: None,
            cancelled_on: None,
            cancel_reason: None,
            renews_id: None,
            renewed_by_id: None,
            created_at: datetime!(2026-01-01 12:00 UTC),
            updated_at: datetime!(2026-01-01 12:00 UTC),
        };
        let v = form_values(&p);
        assert_eq!(v.starts_on, "2026-01-05");
        assert_eq!(v.net_premium, "1234,56");
        assert_eq!(v.policy_fee.as_deref(), Some("60,00"));
        assert_eq!(v.commission_rate, "15,5");
        assert_eq!(v.owner_id.as_deref(), Some("9"));
    }
}
