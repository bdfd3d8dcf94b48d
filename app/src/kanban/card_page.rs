//! `/kanban/cartoes/{id}`: one card — where it is, its client and policy, value, due date,
//! description, why it was lost — with its checklist and comments (live, [`super::card_work`]),
//! a form to move it to any column (it works without scripts; a lost column needs the reason),
//! its history, and deleting it (for its responsible person, managers and admins).

mod edit_form;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use edit_form::EditCardForm;

use super::{
    api::{kanban_card, DeleteCard, MoveCard, UpdateCard},
    card_work::CardWorkView,
    CardDetail, Outcome,
};
use crate::{
    clients::TimelineItem,
    error::AppError,
    format::{brl, date_br},
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::{action_error, message, FormAlert, PageTitle},
};

#[component]
pub fn CardPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let mover = ServerAction::<MoveCard>::new();
    let deleter = ServerAction::<DeleteCard>::new();
    let editor = ServerAction::<UpdateCard>::new();
    let detail = Resource::new(
        move || (id(), mover.version().get(), editor.version().get()),
        |(id, _, _)| kanban_card(id),
    );
    view! {
        <Transition>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <CardDetailView detail mover deleter editor /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CardDetailView(
    detail: CardDetail,
    mover: ServerAction<MoveCard>,
    deleter: ServerAction<DeleteCard>,
    editor: ServerAction<UpdateCard>,
) -> impl IntoView {
    let i18n = use_i18n();
    let card = detail.card.clone();
    let won_offer = won_offer(&detail);
    let gone = RwSignal::new(false);
    let id = card.id;
    let history = RwSignal::new(detail.history.clone());
    // A checklist or comment change (this viewer's or a colleague's) reads the history again.
    let changed = Callback::new(move |()| {
        leptos::task::spawn_local(async move {
            if let Ok(now) = kanban_card(id).await {
                history.set(now.history);
            }
        });
    });
    let work = view! {
        <CardWorkView work=detail.work.clone() slug=detail.board_slug.clone() live=detail.live.clone() gone changed />
    }
    .into_any();
    let edit = view! { <EditCardForm detail=detail.clone() action=editor /> }.into_any();
    let title = card.title.clone();
    let board_href = format!("/kanban/{}#cartao-{id}", detail.board_slug);
    let slug_for_gone = detail.board_slug.clone();
    let board_name_for_gone = detail.board_name.clone();
    let move_error = action_error(mover);
    let move_message = move || {
        move_error.get().and_then(|err| match err {
            AppError::Invalid { fields } => fields.values().next().map(|key| message(i18n, key)),
            _ => None,
        })
    };
    let options = detail
        .columns
        .iter()
        .filter(|(c, _, _)| *c != card.column_id)
        .map(|(c, name, outcome)| {
            let name = if *outcome == Outcome::Lost {
                format!("{name} ({})", t_string!(i18n, kanban.asks_reason))
            } else {
                name.clone()
            };
            view! { <option value=*c>{name}</option> }
        })
        .collect_view();
    let empty_history = move || history.with(Vec::is_empty);
    let history = move || {
        history
            .get()
            .into_iter()
            .map(|entry| view! { <TimelineItem entry /> })
            .collect_view()
    };
    let row = |label: String, value: AnyView| {
        view! { <dt class="col-sm-4">{label}</dt><dd class="col-sm-8">{value}</dd> }
    };
    let facts = view! {
        <dl class="row mb-0">
            {row(t_string!(i18n, kanban.column).to_string(), view! {
                {detail.column_name.clone()} " · " {super::board_page::days_label(i18n, card.days)}
            }.into_any())}
            {card.client_id.map(|c| row(t_string!(i18n, kanban.client).to_string(), view! {
                <a href=format!("/clientes/{c}")>{card.client_name.clone().unwrap_or_default()}</a>
            }.into_any()))}
            {card.policy_id.map(|p| row(t_string!(i18n, kanban.policy).to_string(), view! {
                <a href=format!("/apolices/{p}")>{t!(i18n, kanban.open_policy)}</a>
            }.into_any()))}
            {card.owner.clone().map(|o| row(t_string!(i18n, kanban.owner).to_string(), o.into_any()))}
            {card.value.map(|v| row(t_string!(i18n, kanban.value).to_string(), brl(v).into_any()))}
            {card.commission.map(|v| row(t_string!(i18n, kanban.commission).to_string(), brl(v).into_any()))}
            {card.due_on.map(|d| row(t_string!(i18n, kanban.due_on).to_string(), date_br(d).into_any()))}
            {detail.lost_reason.clone().map(|r| row(t_string!(i18n, kanban.lost_reason_label).to_string(), r.into_any()))}
            {detail.recontact_on.map(|d| row(t_string!(i18n, kanban.recontact_on).to_string(), date_br(d).into_any()))}
            {(!card.labels.is_empty()).then(|| row(t_string!(i18n, kanban.labels).to_string(), view! {
                {card.labels.iter().map(|l| view! { <span class="badge text-bg-secondary me-1">{l.clone()}</span> }).collect_view()}
            }.into_any()))}
        </dl>
    }
    .into_any();
    let gone_alert = move || {
        gone.get().then(|| {
            view! {
            <div class="alert alert-warning" role="alert">
                {t!(i18n, kanban.card_gone)} " " <a href=format!("/kanban/{}", slug_for_gone.clone())>{board_name_for_gone.clone()}</a>
            </div>
            }
            .into_any()
        })
    };
    view! {
        <PageTitle text={
            let title = title.clone();
            move || title.clone()
        } />
        <nav aria-label=move || t_string!(i18n, kanban.breadcrumb)>
            <ol class="breadcrumb">
                <li class="breadcrumb-item"><a href="/kanban">{t!(i18n, kanban.title)}</a></li>
                <li class="breadcrumb-item"><a href=board_href.clone()>{detail.board_name.clone()}</a></li>
            </ol>
        </nav>
        <h1 class="h3">{title.clone()}</h1>
        {gone_alert}
        {won_offer}
        <div class="row g-3">
            <div class="col-lg-7">
                <section class="card mb-3" aria-labelledby="cartao-dados">
                    <div class="card-body">
                        <h2 id="cartao-dados" class="h5">{t!(i18n, kanban.details)}</h2>
                        {facts}
                        {detail.description.clone().map(|d| view! { <p class="mt-3 mb-0 text-pre-line">{d}</p> })}
                    </div>
                </section>
                {work}
                <section class="card mb-3" aria-labelledby="cartao-historico">
                    <div class="card-body">
                        <h2 id="cartao-historico" class="h5">{t!(i18n, kanban.history)}</h2>
                        {move || empty_history().then(|| view! { <p class="text-body-secondary mb-0">{t!(i18n, kanban.history_empty)}</p> })}
                        <ol class="list-unstyled mb-0">{history}</ol>
                    </div>
                </section>
            </div>
            <div class="col-lg-5">
                {edit}
                <section class="card mb-3" aria-labelledby="cartao-mover">
                    <div class="card-body">
                        <h2 id="cartao-mover" class="h5">{t!(i18n, kanban.move_to_ellipsis)}</h2>
                        {move || move_message().map(|text| view! { <div class="alert alert-danger" role="alert">{text}</div> })}
                        <FormAlert error=Signal::derive(move || move_error.get().filter(|e| !matches!(e, AppError::Invalid { .. }))) />
                        <ActionForm action=mover>
                            <input type="hidden" name="id" value=id />
                            <label for="mover-coluna" class="form-label">{t!(i18n, kanban.column)}</label>
                            <select id="mover-coluna" name="to[column]" class="form-select mb-2">{options}</select>
                            <label for="mover-motivo" class="form-label">{t!(i18n, kanban.lost_reason)}</label>
                            <input id="mover-motivo" name="lost_reason" type="text" maxlength="500" class="form-control mb-2" />
                            <label for="mover-recontato" class="form-label">{t!(i18n, kanban.recontact_on)}</label>
                            <input id="mover-recontato" name="recontact_on" type="date" class="form-control mb-3" />
                            <button type="submit" class="btn btn-primary" disabled=move || mover.pending().get()>{t!(i18n, kanban.move_submit)}</button>
                        </ActionForm>
                    </div>
                </section>
                {detail.may_delete.then(|| view! { <DeleteCardForm id slug=detail.board_slug.clone() deleter /> })}
            </div>
        </div>
    }
}

#[component]
fn DeleteCardForm(id: i64, slug: String, deleter: ServerAction<DeleteCard>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(deleter);
    view! {
        <details class="card border-danger-subtle">
            <summary class="card-header">{t!(i18n, kanban.delete)}</summary>
            <div class="card-body">
                <FormAlert error />
                <p>{t!(i18n, kanban.delete_confirm)}</p>
                <ActionForm action=deleter>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="board" value=slug />
                    <button type="submit" class="btn btn-danger" disabled=move || deleter.pending().get()>{t!(i18n, kanban.delete_submit)}</button>
                </ActionForm>
            </div>
        </details>
    }
}

/// A won card of the sales funnel about a client without a policy yet offers to create it.
fn won_offer(detail: &CardDetail) -> Option<AnyView> {
    let won = detail
        .columns
        .iter()
        .any(|(c, _, o)| *c == detail.card.column_id && *o == Outcome::Won);
    let client = detail.card.client_id?;
    (won && detail.board_kind == "sales" && detail.card.policy_id.is_none())
        .then(|| view! { <WonOffer client card=detail.card.id /> }.into_any())
}

/// "Negócio ganho! Criar a apólice".
#[component]
fn WonOffer(client: i64, card: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="alert alert-success d-flex flex-wrap gap-2 align-items-center" role="status">
            <span class="me-auto">{t!(i18n, kanban.won_offer)}</span>
            <a class="btn btn-success btn-sm" href=format!("/apolices/nova?cliente={client}&cartao={card}")>{t!(i18n, kanban.won_create)}</a>
        </div>
    }
}
