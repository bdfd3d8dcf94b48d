//! Ramos (`/admin/ramos`, admins): every insurance line with its SUSEP code, family and IOF
//! rate (inactive ones greyed, with an "Inativo" badge), a form to add one, and per row a link
//! to edit it and a button to deactivate or reactivate it. Works without JavaScript.

use leptos::prelude::*;

use super::{
    api::{list_insurance_lines, CreateInsuranceLine, SetInsuranceLineActive},
    format_iof,
    widgets::{family_label, FormButtons, InactiveBadge, LineFields, ManageGate},
    InsuranceLine,
};
use crate::{
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    ui::{action_error, FormAlert, PageTitle},
    users::AdminTabs,
};

/// `/admin/ramos`.
#[component]
pub fn LinesPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateInsuranceLine>::new();
    let toggle = ServerAction::<SetInsuranceLineActive>::new();
    let list = Resource::new(
        move || (create.version().get(), toggle.version().get()),
        |_| list_insurance_lines(),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, reference.lines_title) />
        <AdminTabs />
        <h1 class="h3">{t!(i18n, reference.lines_title)}</h1>
        <p class="text-body-secondary">{t!(i18n, reference.lines_intro)}</p>
        <ManageGate>
            <NewLine create />
            <FormAlert error=action_error(toggle) />
            <Transition>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(lines) => view! { <LineTable lines toggle /> }.into_any(),
                        Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                    }
                })}
            </Transition>
        </ManageGate>
    }
}

/// The "Novo ramo" form; emptied after each ramo it adds (hydrated).
#[component]
fn NewLine(create: ServerAction<CreateInsuranceLine>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(create);
    let (added, set_added) = signal(0_u32);
    Effect::new(move |_| {
        if create.value().with(|v| matches!(v, Some(Ok(())))) {
            set_added.update(|n| *n += 1);
        }
    });
    view! {
        <section class="card mb-4" aria-labelledby="line-new-heading">
            <div class="card-body">
                <h2 id="line-new-heading" class="h5">{t!(i18n, reference.line_new)}</h2>
                <FormAlert error />
                {move || {
                    added.get();
                    view! {
                        <ActionForm action=create>
                            <LineFields prefix="line-new" line=None error />
                            <FormButtons label=Signal::derive(move || t_string!(i18n, reference.line_add).to_string()) />
                        </ActionForm>
                    }
                }}
            </div>
        </section>
    }
}

#[component]
fn LineTable(
    lines: Vec<InsuranceLine>,
    toggle: ServerAction<SetInsuranceLineActive>,
) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p class="text-body-secondary">{t!(i18n, reference.lines_none)}</p> }
            .into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table align-middle">
                <caption class="visually-hidden">{t!(i18n, reference.lines_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, reference.col_code)}</th>
                        <th scope="col">{t!(i18n, reference.col_line)}</th>
                        <th scope="col">{t!(i18n, reference.family)}</th>
                        <th scope="col" class="text-end">{t!(i18n, reference.col_iof)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, reference.col_actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|line| view! { <LineRow line toggle /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn LineRow(line: InsuranceLine, toggle: ServerAction<SetInsuranceLineActive>) -> impl IntoView {
    let i18n = use_i18n();
    let muted = if line.active {
        ""
    } else {
        "text-body-secondary"
    };
    let label = format!("{} {}", line.susep_code, line.name);
    let family = line.family.clone();
    let toggle_label = move || {
        if line.active {
            t_string!(i18n, reference.deactivate)
        } else {
            t_string!(i18n, reference.activate)
        }
    };
    view! {
        <tr data-active=line.active.to_string()>
            <td class=muted><span class="font-monospace">{line.susep_code.clone()}</span></td>
            <td class=muted>{line.name.clone()}<InactiveBadge active=line.active line=true /></td>
            <td class=muted>{move || family_label(i18n, &family)}</td>
            <td class=muted><span class="d-block text-end">{format!("{}%", format_iof(line.iof_rate))}</span></td>
            <td class="text-end text-nowrap">
                <a href=format!("{}/{}", super::api::LINES_PATH, line.id) class="btn btn-sm btn-outline-secondary me-2">
                    {t!(i18n, reference.edit)}<span class="visually-hidden">" " {label.clone()}</span>
                </a>
                <div class="d-inline-block">
                    <ActionForm action=toggle>
                        <input type="hidden" name="id" value=line.id />
                        <input type="hidden" name="active" value=(!line.active).to_string() />
                        <button type="submit" class="btn btn-sm btn-outline-primary">
                            {toggle_label}<span class="visually-hidden">" " {label}</span>
                        </button>
                    </ActionForm>
                </div>
            </td>
        </tr>
    }
}
