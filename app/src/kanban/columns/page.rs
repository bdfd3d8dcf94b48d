//! `/kanban/{slug}/colunas` (admins and managers): one panel per column — its settings form,
//! moving it left or right, deleting it (asking where its cards go) — and a form for a new
//! column. Plain forms: everything works before scripts run.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    api::{kanban_columns, DeleteColumn, SaveColumn, ShiftColumn},
    ColumnRow, ColumnsAdmin, PALETTE,
};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n, Locale},
    kanban::Outcome,
    pages::{ErrorPage, NotFoundPage},
    ui::{
        action_error,
        fields::{Field, SelectField},
        FormAlert, PageTitle,
    },
    users::Forbidden,
};

type I18n = leptos_i18n::I18nContext<Locale>;

fn outcome_label(i18n: I18n, outcome: Outcome) -> String {
    match outcome {
        Outcome::Open => t_string!(i18n, kanban.outcome_open),
        Outcome::Won => t_string!(i18n, kanban.outcome_won),
        Outcome::Lost => t_string!(i18n, kanban.outcome_lost),
        Outcome::Done => t_string!(i18n, kanban.outcome_done),
    }
    .to_string()
}

fn color_label(i18n: I18n, key: &str) -> String {
    match key {
        "blue" => t_string!(i18n, kanban.color_blue),
        "green" => t_string!(i18n, kanban.color_green),
        "red" => t_string!(i18n, kanban.color_red),
        "grey" => t_string!(i18n, kanban.color_grey),
        "orange" => t_string!(i18n, kanban.color_orange),
        "purple" => t_string!(i18n, kanban.color_purple),
        "teal" => t_string!(i18n, kanban.color_teal),
        _ => t_string!(i18n, kanban.color_ochre),
    }
    .to_string()
}

#[component]
pub fn ColumnsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    // Bumped by every successful change (each panel has its own actions).
    let changes = RwSignal::new(0_u32);
    let admin = Resource::new(
        move || (slug(), changes.get()),
        |(slug, _)| kanban_columns(slug),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, kanban.columns_title) />
        <Transition>
            {move || Suspend::new(async move {
                match admin.await {
                    Ok(admin) => view! { <ColumnsView admin changes /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `action`'s last error when it belongs to form `id` (see [`super::api::FORM_FIELD`]).
fn form_error<I>(action: ServerAction<I>, id: i64) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    let error = action_error(action);
    Signal::derive(move || {
        error.get().filter(|err| match err {
            AppError::Invalid { fields } => {
                fields.get(super::api::FORM_FIELD).map(String::as_str) == Some(&*id.to_string())
            }
            _ => true,
        })
    })
}

/// Bumps `changes` each time `action` succeeds.
fn on_success<I>(action: ServerAction<I>, changes: RwSignal<u32>)
where
    I: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            changes.update(|n| *n += 1);
        }
    });
}

#[component]
fn ColumnsView(admin: ColumnsAdmin, changes: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let others: Vec<(i64, String, Outcome)> = admin
        .columns
        .iter()
        .map(|c| (c.id, c.name.clone(), c.outcome))
        .collect();
    let count = admin.columns.len();
    let panels = admin
        .columns
        .into_iter()
        .enumerate()
        .map(|(at, column)| {
            let ends = (at == 0, at + 1 == count);
            view! { <ColumnPanel column ends others=others.clone() slug=admin.slug.clone() changes /> }
        })
        .collect_view();
    view! {
        <nav aria-label=move || t_string!(i18n, kanban.breadcrumb)>
            <ol class="breadcrumb">
                <li class="breadcrumb-item"><a href="/kanban">{t!(i18n, kanban.title)}</a></li>
                <li class="breadcrumb-item"><a href=format!("/kanban/{}", admin.slug)>{admin.name.clone()}</a></li>
            </ol>
        </nav>
        <h1 class="h3">{t!(i18n, kanban.columns_title)} " · " {admin.name.clone()}</h1>
        <p class="text-body-secondary">{t!(i18n, kanban.columns_intro)}</p>
        {panels}
        <NewColumn slug=admin.slug.clone() changes />
    }
}

/// The settings fields, for a column (`Some`) or a new one.
fn settings_fields(
    i18n: I18n,
    prefix: String,
    column: Option<&ColumnRow>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let outcome = column.map_or(Outcome::Open, |c| c.outcome);
    let color = column.map_or(PALETTE[0].0.to_owned(), |c| c.color.clone());
    let outcomes = [Outcome::Open, Outcome::Won, Outcome::Lost, Outcome::Done]
        .into_iter()
        .map(|o| {
            let code = serde_json::to_value(o)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned));
            view! { <option value=code selected=o == outcome>{outcome_label(i18n, o)}</option> }
        })
        .collect_view();
    let colors = PALETTE
        .iter()
        .map(|(hex, key)| {
            view! { <option value=*hex selected=hex.eq_ignore_ascii_case(&color)>{color_label(i18n, key)}</option> }
        })
        .collect_view();
    let text = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    view! {
        <div class="row g-2">
            <Field id=format!("{prefix}-nome") name="column[name]" error_key="name" class="col-md-6 col-lg-3"
                label=Signal::derive(move || t_string!(i18n, kanban.col_name).to_string()) error
                value=column.map(|c| c.name.clone()).unwrap_or_default() required=true />
            <SelectField id=format!("{prefix}-significado") name="column[outcome]" error_key="outcome" class="col-md-6 col-lg-3"
                label=Signal::derive(move || t_string!(i18n, kanban.col_outcome).to_string()) error>
                {outcomes}
            </SelectField>
            <SelectField id=format!("{prefix}-cor") name="column[color]" error_key="color" class="col-md-4 col-lg-2"
                label=Signal::derive(move || t_string!(i18n, kanban.col_color).to_string()) error>
                {colors}
            </SelectField>
            <Field id=format!("{prefix}-wip") name="column[wip_limit]" error_key="wip_limit" class="col-md-4 col-lg-2"
                kind="number" inputmode="numeric" value=text(column.and_then(|c| c.wip_limit))
                label=Signal::derive(move || t_string!(i18n, kanban.col_wip).to_string()) error />
            <Field id=format!("{prefix}-sla") name="column[sla_days]" error_key="sla_days" class="col-md-4 col-lg-2"
                kind="number" inputmode="numeric" value=text(column.and_then(|c| c.sla_days))
                label=Signal::derive(move || t_string!(i18n, kanban.col_sla).to_string()) error />
        </div>
    }
}

#[component]
fn ColumnPanel(
    column: ColumnRow,
    /// Whether it is the first and the last column.
    ends: (bool, bool),
    others: Vec<(i64, String, Outcome)>,
    slug: String,
    changes: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveColumn>::new();
    let shift = ServerAction::<ShiftColumn>::new();
    let delete = ServerAction::<DeleteColumn>::new();
    on_success(save, changes);
    on_success(shift, changes);
    on_success(delete, changes);
    let id = column.id;
    let heading = format!("coluna-{id}-titulo");
    let labelled_by = heading.clone();
    let name = column.name.clone();
    let shift_button = |step: i64, icon: &'static str, label: String| {
        view! {
            <ActionForm action=shift attr:class="d-inline">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="step" value=step />
                <button type="submit" class="btn btn-sm btn-outline-secondary" aria-label=label.clone() title=label>
                    <i class=icon aria-hidden="true"></i>
                </button>
            </ActionForm>
        }
    };
    let left = (!ends.0).then(|| {
        shift_button(
            -1,
            "bi bi-arrow-left",
            format!("{}: {name}", t_string!(i18n, kanban.col_left)),
        )
    });
    let right = (!ends.1).then(|| {
        shift_button(
            1,
            "bi bi-arrow-right",
            format!("{}: {name}", t_string!(i18n, kanban.col_right)),
        )
    });
    let save_error = form_error(save, id);
    let fields = settings_fields(i18n, format!("coluna-{id}"), Some(&column), save_error);
    view! {
        <section class="card mb-3" aria-labelledby=labelled_by>
            <div class="card-header d-flex flex-wrap gap-2 align-items-center">
                <h2 id=heading class="h6 mb-0 me-auto">{column.name.clone()}</h2>
                <span class="badge text-bg-light">{crate::kanban::board_page::cards_label(i18n, column.cards)}</span>
                {left}{right}
            </div>
            <div class="card-body">
                <FormAlert error=save_error />
                <ActionForm action=save>
                    <input type="hidden" name="board" value=slug.clone() />
                    <input type="hidden" name="id" value=id />
                    {fields}
                    <button type="submit" class="btn btn-primary btn-sm" disabled=move || save.pending().get()>
                        {t!(i18n, kanban.col_save)}
                    </button>
                </ActionForm>
                <DeleteColumnForm column others delete />
            </div>
        </section>
    }
}

#[component]
fn DeleteColumnForm(
    column: ColumnRow,
    others: Vec<(i64, String, Outcome)>,
    delete: ServerAction<DeleteColumn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = column.id;
    let error = form_error(delete, id);
    let has_cards = column.cards > 0;
    let targets = others
        .into_iter()
        .filter(|(c, _, o)| *c != id && !(has_cards && *o == Outcome::Lost))
        .map(|(c, name, _)| view! { <option value=c>{name}</option> })
        .collect_view();
    view! {
        <details class="mt-3">
            <summary class="text-danger">{t!(i18n, kanban.col_delete)}</summary>
            <div class="mt-2">
                <FormAlert error />
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=id />
                    {if has_cards {
                        view! {
                            <SelectField id=format!("coluna-{id}-destino") name="to" error_key="to" class="mb-2"
                                label=Signal::derive(move || t_string!(i18n, kanban.col_delete_to).to_string()) error>
                                {targets}
                            </SelectField>
                        }.into_any()
                    } else {
                        view! { <p class="small mb-2">{t!(i18n, kanban.col_delete_empty)}</p> }.into_any()
                    }}
                    <button type="submit" class="btn btn-outline-danger btn-sm" disabled=move || delete.pending().get()>
                        {t!(i18n, kanban.col_delete_submit)}
                    </button>
                </ActionForm>
            </div>
        </details>
    }
}

#[component]
fn NewColumn(slug: String, changes: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveColumn>::new();
    on_success(save, changes);
    let error = form_error(save, 0);
    let fields = settings_fields(i18n, "nova-coluna".to_owned(), None, error);
    view! {
        <section class="card mb-3" aria-labelledby="nova-coluna-titulo">
            <div class="card-body">
                <h2 id="nova-coluna-titulo" class="h6">{t!(i18n, kanban.col_new)}</h2>
                <FormAlert error />
                <ActionForm action=save>
                    <input type="hidden" name="board" value=slug />
                    {fields}
                    <button type="submit" class="btn btn-primary btn-sm" disabled=move || save.pending().get()>
                        {t!(i18n, kanban.col_add)}
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}
