//! A policy's page (`/apolices/{id}`): its status and vigência, the premium broken down, the
//! insured item, the expected commission per instalment (each written off with the insurer's
//! statement), the chain of renewals, and cancelling it (with the estorno it records).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    api::{policy_view, CancelPolicy, PolicyData, ReceiveCommission},
    documents::{api::RemovePolicyDocument, Documents},
    labels,
    renewals::api::MarkRenewalLost,
    CommissionEntry, PolicyDetail, PolicyStatus,
};
use crate::{
    br::Rate,
    error::AppError,
    format::{brl, date_br},
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::{action_error, fields::Field, FormAlert, PageTitle},
    users::Forbidden,
};

/// `/apolices/{id}`.
#[component]
pub fn PolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    // The page is read again after each form that succeeded (their redirect lands on this same
    // page); after an error it stays, with what was typed.
    let cancel = ServerAction::<CancelPolicy>::new();
    let receive = ServerAction::<ReceiveCommission>::new();
    let lost = ServerAction::<MarkRenewalLost>::new();
    let remove = ServerAction::<RemovePolicyDocument>::new();
    let saved = RwSignal::new(0_u32);
    let ok = |v: Option<Result<(), AppError>>| matches!(v, Some(Ok(())));
    Effect::new(move |_| {
        if ok(cancel.value().get()) {
            saved.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if ok(receive.value().get()) {
            saved.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if ok(lost.value().get()) {
            saved.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if ok(remove.value().get()) {
            saved.update(|n| *n += 1);
        }
    });
    let view = Resource::new(
        move || (id(), saved.get()),
        |(id, _)| async move {
            match id {
                Some(id) => policy_view(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=move || t_string!(i18n, policy.page_title) />
        // Transition, not Suspense: the page stays on screen while it reloads after a form.
        <Transition>
            {move || Suspend::new(async move {
                match view.await {
                    Ok(data) => view! { <Policy data cancel receive lost remove /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A term and its value in a description list (nothing when the value is empty).
fn fact(term: String, value: Option<String>) -> Option<AnyView> {
    value.filter(|v| !v.is_empty()).map(|value| {
        view! {
            <dt class="col-sm-5 text-body-secondary fw-normal">{term}</dt>
            <dd class="col-sm-7">{value}</dd>
        }
        .into_any()
    })
}

#[component]
fn Policy(
    data: PolicyData,
    cancel: ServerAction<CancelPolicy>,
    receive: ServerAction<ReceiveCommission>,
    lost: ServerAction<MarkRenewalLost>,
    remove: ServerAction<RemovePolicyDocument>,
) -> impl IntoView {
    let i18n = use_i18n();
    let PolicyData {
        policy,
        commissions,
        renewal_lost,
        documents,
    } = data;
    let number = labels::number(
        policy.policy_number.as_deref(),
        policy.proposal_number.as_deref(),
    );
    let status = policy.status;
    let cancellable = matches!(
        status,
        PolicyStatus::Quote | PolicyStatus::Proposal | PolicyStatus::Active
    );
    let id = policy.id;
    let renewable = matches!(status, PolicyStatus::Active | PolicyStatus::Expired)
        && policy.renewed_by_id.is_none();
    let head = view! {
        <nav aria-label=move || t_string!(i18n, policy.breadcrumb)>
            <ol class="breadcrumb">
                <li class="breadcrumb-item"><a href="/apolices">{t!(i18n, policy.title)}</a></li>
                <li class="breadcrumb-item"><a href=format!("/clientes/{}", policy.client_id)>{policy.client_name.clone()}</a></li>
            </ol>
        </nav>
        <div class="d-flex justify-content-between align-items-start flex-wrap gap-2 mb-3">
            <div>
                <h1 class="h3 mb-1">
                    {t!(i18n, policy.heading)} " " {number}
                    <span class=format!("{} ms-2 align-middle fs-6", labels::status_badge(status))>{move || labels::status(i18n, status)}</span>
                </h1>
                <p class="text-body-secondary mb-0">
                    {policy.insurer.clone()} " · " {policy.line.clone()} " (" {policy.line_code.clone()} ")"
                </p>
            </div>
            <div class="d-flex gap-2">
                {renewable.then(|| view! {
                    <a href=format!("/apolices/nova?renova={id}") class="btn btn-success">
                        <i class="bi bi-arrow-repeat me-1" aria-hidden="true"></i>{t!(i18n, policy.renew)}
                    </a>
                })}
                <a href=format!("/apolices/{id}/editar") class="btn btn-outline-primary">
                    <i class="bi bi-pencil me-1" aria-hidden="true"></i>{t!(i18n, policy.edit)}
                </a>
            </div>
        </div>
    }
    .into_any();
    view! {
        {head}
        // Each part is type-erased: the whole page as one type is too deep for the compiler.
        {view! { <Links policy=policy.clone() /> }.into_any()}
        <div class="row g-3">
            <div class="col-lg-6">{view! { <Summary policy=policy.clone() /> }.into_any()}</div>
            <div class="col-lg-6">{view! { <Money policy=policy.clone() /> }.into_any()}</div>
        </div>
        {view! { <Commissions id entries=commissions action=receive /> }.into_any()}
        {view! { <Documents policy_id=id documents remove /> }.into_any()}
        {renewal_lost.clone().map(|reason| view! {
            <div class="alert alert-warning mt-4" role="status">{t!(i18n, renewal.lost_note)} " " {reason}</div>
        }.into_any())}
        {(renewable && renewal_lost.is_none()).then(|| view! { <LostForm id action=lost /> }.into_any())}
        {cancellable.then(|| view! { <CancelForm policy=policy.clone() action=cancel /> }.into_any())}
    }
}

/// Where the policy came from and what continues it.
#[component]
fn Links(policy: PolicyDetail) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {policy.renews_id.map(|old| view! {
            <p class="mb-2"><i class="bi bi-arrow-return-left me-1" aria-hidden="true"></i>
                <a href=format!("/apolices/{old}")>{t!(i18n, policy.renews)}</a></p>
        })}
        {policy.renewed_by_id.map(|new| view! {
            <p class="mb-2"><i class="bi bi-arrow-right me-1" aria-hidden="true"></i>
                <a href=format!("/apolices/{new}")>{t!(i18n, policy.renewed_by)}</a></p>
        })}
        {policy.cancelled_on.map(|on| view! {
            <div class="alert alert-danger" role="status">
                {t!(i18n, policy.cancelled_on_date, date = date_br(on))} " "
                {policy.cancel_reason.clone().unwrap_or_default()}
            </div>
        })}
    }
}

#[component]
fn Summary(policy: PolicyDetail) -> impl IntoView {
    let i18n = use_i18n();
    let s = |k: &str| -> String {
        match k {
            "client" => t_string!(i18n, policy.client),
            "vigencia" => t_string!(i18n, policy.vigencia),
            "policy_number" => t_string!(i18n, policy.policy_number),
            "proposal_number" => t_string!(i18n, policy.proposal_number),
            "product" => t_string!(i18n, policy.product),
            "owner" => t_string!(i18n, policy.owner),
            "item" => t_string!(i18n, policy.item),
            "plate" => t_string!(i18n, policy.vehicle_plate),
            "chassis" => t_string!(i18n, policy.vehicle_chassis),
            "model" => t_string!(i18n, policy.vehicle_model),
            "year" => t_string!(i18n, policy.vehicle_year),
            "bonus" => t_string!(i18n, policy.bonus_class),
            "cep" => t_string!(i18n, policy.property_cep),
            "address" => t_string!(i18n, policy.property_address),
            _ => t_string!(i18n, policy.notes),
        }
        .to_string()
    };
    let plate = policy.vehicle_plate.as_deref().map(|p| {
        crate::br::Plate::parse(p)
            .map(|p| p.display())
            .unwrap_or_else(|_| p.to_owned())
    });
    let cep = policy.property_cep.as_deref().map(|c| {
        crate::br::Cep::parse(c)
            .map(|c| c.masked())
            .unwrap_or_else(|_| c.to_owned())
    });
    view! {
        <section class="card h-100" aria-labelledby="policy-summary">
            <div class="card-body">
                <h2 id="policy-summary" class="h5">{t!(i18n, policy.summary)}</h2>
                <dl class="row mb-0">
                    {fact(s("client"), Some(policy.client_name.clone()))}
                    {fact(s("vigencia"), Some(format!("{} – {}", date_br(policy.starts_on), date_br(policy.ends_on))))}
                    {fact(s("policy_number"), policy.policy_number.clone())}
                    {fact(s("proposal_number"), policy.proposal_number.clone())}
                    {fact(s("product"), policy.product.clone())}
                    {fact(s("owner"), policy.owner.clone())}
                    {fact(s("item"), policy.item_kind.as_deref().map(|k| labels::item_kind(i18n, k)))}
                    {fact(s("plate"), plate)}
                    {fact(s("chassis"), policy.vehicle_chassis.clone())}
                    {fact(s("model"), policy.vehicle_model.clone())}
                    {fact(s("year"), policy.vehicle_year.map(|y| y.to_string()))}
                    {fact(s("bonus"), policy.bonus_class.map(|b| b.to_string()))}
                    {fact(s("cep"), cep)}
                    {fact(s("address"), policy.property_address.clone())}
                    {fact(s("notes"), policy.notes.clone())}
                </dl>
            </div>
        </section>
    }
}

#[component]
fn Money(policy: PolicyDetail) -> impl IntoView {
    let i18n = use_i18n();
    let row = |label: String, amount: i64| {
        view! { <tr><th scope="row" class="fw-normal">{label}</th><td class="text-end">{brl(amount)}</td></tr> }
    };
    let rate = Rate::from_hundredths(policy.commission_rate).display();
    view! {
        <section class="card h-100" aria-labelledby="policy-money">
            <div class="card-body">
                <h2 id="policy-money" class="h5">{t!(i18n, policy.premium)}</h2>
                <table class="table table-sm mb-0">
                    <tbody>
                        {row(t_string!(i18n, policy.net_premium).to_string(), policy.net_premium)}
                        {row(t_string!(i18n, policy.installment_fee).to_string(), policy.installment_fee)}
                        {row(t_string!(i18n, policy.policy_fee).to_string(), policy.policy_fee)}
                        {row(t_string!(i18n, policy.iof).to_string(), policy.iof)}
                        <tr class="fw-semibold"><th scope="row">{t!(i18n, policy.total_premium)}</th><td class="text-end">{brl(policy.total_premium)}</td></tr>
                        <tr><th scope="row" class="fw-normal">{t!(i18n, policy.installments)}</th><td class="text-end">{policy.installments}</td></tr>
                        <tr class="fw-semibold"><th scope="row">{t!(i18n, policy.commission_with_rate, rate = rate)}</th><td class="text-end">{brl(policy.commission)}</td></tr>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The expected commissions, chargebacks and write-offs.
#[component]
fn Commissions(
    id: i64,
    entries: Vec<CommissionEntry>,
    action: ServerAction<ReceiveCommission>,
) -> impl IntoView {
    let i18n = use_i18n();
    let net: i64 = entries.iter().map(|e| e.amount).sum();
    let received: i64 = entries
        .iter()
        .filter(|e| e.received_on.is_some())
        .map(|e| e.amount)
        .sum();
    let error = action_error(action);
    let rows = entries
        .into_iter()
        .map(|entry| view! { <CommissionRow id entry action /> })
        .collect_view();
    view! {
        <section class="mt-4" aria-labelledby="policy-commissions">
            <h2 id="policy-commissions" class="h5">{t!(i18n, policy.commissions)}</h2>
            <FormAlert error />
            <div class="table-responsive">
                <table class="table align-middle">
                    <thead><tr>
                        <th scope="col">{t!(i18n, policy.commission_what)}</th>
                        <th scope="col">{t!(i18n, policy.due_on)}</th>
                        <th scope="col" class="text-end">{t!(i18n, policy.amount)}</th>
                        <th scope="col">{t!(i18n, policy.received)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr class="fw-semibold">
                        <th scope="row" colspan="2">{t!(i18n, policy.commission_net)}</th>
                        <td class="text-end">{brl(net)}</td>
                        <td>{t!(i18n, policy.commission_received_sum, amount = brl(received))}</td>
                    </tr></tfoot>
                </table>
            </div>
        </section>
    }
}

#[component]
fn CommissionRow(
    id: i64,
    entry: CommissionEntry,
    action: ServerAction<ReceiveCommission>,
) -> impl IntoView {
    let i18n = use_i18n();
    let estorno = entry.kind == "estorno";
    let what = if estorno {
        t_string!(i18n, policy.estorno).to_string()
    } else {
        format!(
            "{} {}",
            t_string!(i18n, policy.installment),
            entry.installment
        )
    };
    let date_id = format!("received-{}", entry.id);
    let ref_id = format!("statement-{}", entry.id);
    let received = match entry.received_on {
        Some(on) => view! {
            <span class="text-success"><i class="bi bi-check-circle me-1" aria-hidden="true"></i>
                {date_br(on)} {entry.statement_ref.map(|r| format!(" · {r}"))}</span>
        }
        .into_any(),
        None if estorno => view! { <span class="text-body-secondary">"—"</span> }.into_any(),
        None => view! {
            <ActionForm action attr:class="d-flex flex-wrap gap-2 align-items-end">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="entry" value=entry.id />
                <div>
                    <label for=date_id.clone() class="form-label small mb-0">{t!(i18n, policy.received_on)}</label>
                    <input id=date_id name="received_on" type="date" class="form-control form-control-sm" required />
                </div>
                <div>
                    <label for=ref_id.clone() class="form-label small mb-0">{t!(i18n, policy.statement_ref)}</label>
                    <input id=ref_id name="statement_ref" type="text" class="form-control form-control-sm" />
                </div>
                <button type="submit" class="btn btn-sm btn-outline-success">{t!(i18n, policy.mark_received)}</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <tr class:table-danger=estorno>
            <td>{what}</td>
            <td class="text-nowrap">{date_br(entry.due_on)}</td>
            <td class="text-end text-nowrap">{brl(entry.amount)}</td>
            <td>{received}</td>
        </tr>
    }
}

/// Recording a lost renewal: why, and when to call the client again.
#[component]
fn LostForm(id: i64, action: ServerAction<MarkRenewalLost>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    view! {
        <section class="card mt-4" aria-labelledby="policy-lost">
            <div class="card-body">
                <h2 id="policy-lost" class="h5">{t!(i18n, renewal.lost_title)}</h2>
                <p class="text-body-secondary">{t!(i18n, renewal.lost_help)}</p>
                <FormAlert error />
                <ActionForm action>
                    <input type="hidden" name="id" value=id />
                    <div class="row g-3">
                        <Field id="lost-reason" name="lost_reason" error_key="lost_reason"
                            label=Signal::derive(move || t_string!(i18n, renewal.lost_reason).to_string())
                            error class="col-sm-8" required=true />
                        <Field id="recontact-on" name="recontact_on" error_key="recontact_on" kind="date"
                            label=Signal::derive(move || t_string!(i18n, renewal.recontact_on).to_string())
                            error class="col-sm-4" />
                    </div>
                    <button type="submit" class="btn btn-outline-danger mt-2" disabled=move || action.pending().get()>
                        {t!(i18n, renewal.lost_submit)}
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}

/// Cancelling the policy: date and reason (the estorno is computed on the server).
#[component]
fn CancelForm(policy: PolicyDetail, action: ServerAction<CancelPolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let issued = policy.status.is_issued();
    view! {
        <section class="card border-danger mt-4" aria-labelledby="policy-cancel">
            <div class="card-body">
                <h2 id="policy-cancel" class="h5">{t!(i18n, policy.cancel_title)}</h2>
                <p class="text-body-secondary">
                    {if issued { t_string!(i18n, policy.cancel_help_issued) } else { t_string!(i18n, policy.cancel_help) }}
                </p>
                <FormAlert error />
                <ActionForm action>
                    <input type="hidden" name="id" value=policy.id />
                    <div class="row g-3">
                        <Field id="cancelled-on" name="cancelled_on" error_key="cancelled_on" kind="date"
                            label=Signal::derive(move || t_string!(i18n, policy.cancelled_on).to_string())
                            error class="col-sm-4" required=true />
                        <Field id="cancel-reason" name="reason" error_key="reason"
                            label=Signal::derive(move || t_string!(i18n, policy.cancel_reason).to_string())
                            error class="col-sm-8" required=true />
                    </div>
                    <button type="submit" class="btn btn-danger mt-2" disabled=move || action.pending().get()>
                        {t!(i18n, policy.cancel_submit)}
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}
