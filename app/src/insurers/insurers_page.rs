//! Seguradoras (`/admin/seguradoras`, admins): every insurer (inactive ones greyed, with an
//! "Inativa" badge), a form to add one, and per row a link to edit it and a button to
//! deactivate or reactivate it. Every form is an `<ActionForm>`, so it works without JavaScript.

use leptos::prelude::*;

use super::{
    api::{list_insurers, CreateInsurer, SetInsurerActive},
    widgets::{FormButtons, InactiveBadge, InsurerFields, ManageGate},
    Insurer,
};
use crate::{
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    ui::{action_error, FormAlert, PageTitle},
    users::AdminTabs,
};

/// `/admin/seguradoras`.
#[component]
pub fn InsurersPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateInsurer>::new();
    let toggle = ServerAction::<SetInsurerActive>::new();
    let list = Resource::new(
        move || (create.version().get(), toggle.version().get()),
        |_| list_insurers(),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, reference.insurers_title) />
        <AdminTabs />
        <h1 class="h3">{t!(i18n, reference.insurers_title)}</h1>
        <p class="text-body-secondary">{t!(i18n, reference.insurers_intro)}</p>
        <ManageGate>
            <NewInsurer create />
            <FormAlert error=action_error(toggle) />
            <Transition>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(insurers) => view! { <InsurerTable insurers toggle /> }.into_any(),
                        Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                    }
                })}
            </Transition>
        </ManageGate>
    }
}

/// The "Nova seguradora" form; emptied after each insurer it adds (hydrated).
#[component]
fn NewInsurer(create: ServerAction<CreateInsurer>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(create);
    let (added, set_added) = signal(0_u32);
    Effect::new(move |_| {
        if create.value().with(|v| matches!(v, Some(Ok(())))) {
            set_added.update(|n| *n += 1);
        }
    });
    view! {
        <section class="card mb-4" aria-labelledby="insurer-new-heading">
            <div class="card-body">
                <h2 id="insurer-new-heading" class="h5">{t!(i18n, reference.insurer_new)}</h2>
                <FormAlert error />
                {move || {
                    added.get();
                    view! {
                        <ActionForm action=create>
                            <InsurerFields prefix="insurer-new" insurer=None error />
                            <FormButtons label=Signal::derive(move || t_string!(i18n, reference.insurer_add).to_string()) />
                        </ActionForm>
                    }
                }}
            </div>
        </section>
    }
}

#[component]
fn InsurerTable(insurers: Vec<Insurer>, toggle: ServerAction<SetInsurerActive>) -> impl IntoView {
    let i18n = use_i18n();
    if insurers.is_empty() {
        return view! { <p class="text-body-secondary">{t!(i18n, reference.insurers_none)}</p> }
            .into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table align-middle">
                <caption class="visually-hidden">{t!(i18n, reference.insurers_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, reference.col_insurer)}</th>
                        <th scope="col">{t!(i18n, reference.cnpj)}</th>
                        <th scope="col">{t!(i18n, reference.col_susep)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, reference.col_actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {insurers.into_iter().map(|insurer| view! { <InsurerRow insurer toggle /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn InsurerRow(insurer: Insurer, toggle: ServerAction<SetInsurerActive>) -> impl IntoView {
    let i18n = use_i18n();
    let muted = if insurer.active {
        ""
    } else {
        "text-body-secondary"
    };
    let name = insurer.name.clone();
    let toggle_label = move || {
        if insurer.active {
            t_string!(i18n, reference.deactivate)
        } else {
            t_string!(i18n, reference.activate)
        }
    };
    view! {
        <tr data-active=insurer.active.to_string()>
            <td class=muted>
                <span class="fw-semibold">{insurer.name.clone()}</span>
                <InactiveBadge active=insurer.active />
                <div class="small text-body-secondary">{insurer.legal_name.clone()}</div>
            </td>
            <td class=muted><span class="font-monospace">{insurer.cnpj.clone().unwrap_or_else(|| "—".to_owned())}</span></td>
            <td class=muted><span class="font-monospace">{insurer.susep_code.clone().unwrap_or_else(|| "—".to_owned())}</span></td>
            <td class="text-end text-nowrap">
                <a href=format!("{}/{}", super::api::INSURERS_PATH, insurer.id) class="btn btn-sm btn-outline-secondary me-2">
                    {t!(i18n, reference.edit)}<span class="visually-hidden">" " {name.clone()}</span>
                </a>
                <div class="d-inline-block">
                    <ActionForm action=toggle>
                        <input type="hidden" name="id" value=insurer.id />
                        <input type="hidden" name="active" value=(!insurer.active).to_string() />
                        <button type="submit" class="btn btn-sm btn-outline-primary">
                            {toggle_label}<span class="visually-hidden">" " {name}</span>
                        </button>
                    </ActionForm>
                </div>
            </td>
        </tr>
    }
}
