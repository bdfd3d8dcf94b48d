//! Pieces the reference-data pages share: the admins-only gate, the "Inativa/Inativo" badge,
//! the family names, and the insurer and ramo fields (the same for adding and editing).

use leptos::prelude::*;

use super::{format_iof, InsuranceLine, Insurer, FAMILIES};
use crate::{
    auth::permissions::{allowed, Action},
    error::AppError,
    i18n::{t, t_string, use_i18n, Locale},
    ui::fields::{Field, SelectField},
    users::{Forbidden, UserSummary},
};

type I18n = leptos_i18n::I18nContext<Locale>;

/// Shows `children` to those who may manage reference data, a 403 page to anyone else.
#[component]
pub fn ManageGate(children: ChildrenFn) -> impl IntoView {
    let user = use_context::<Resource<Result<Option<UserSummary>, AppError>>>();
    view! {
        <Suspense>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    let may = match user {
                        Some(user) => matches!(user.await, Ok(Some(u)) if allowed(u.role, Action::ManageReferenceData)),
                        None => false,
                    };
                    if may { children().into_any() } else { view! { <Forbidden /> }.into_any() }
                })
            }}
        </Suspense>
    }
}

/// The badge beside an inactive insurer ("Inativa") or ramo ("Inativo").
#[component]
pub fn InactiveBadge(active: bool, #[prop(optional)] line: bool) -> impl IntoView {
    let i18n = use_i18n();
    (!active).then(|| {
        let text = move || {
            if line {
                t_string!(i18n, reference.line_inactive)
            } else {
                t_string!(i18n, reference.insurer_inactive)
            }
        };
        view! { <span class="badge text-bg-secondary ms-2">{text}</span> }
    })
}

/// The name of a ramo family (the catalogue's names of a client's lines of interest).
pub fn family_label(i18n: I18n, code: &str) -> String {
    let label = match code {
        "auto" => t_string!(i18n, client.line_auto),
        "vida" => t_string!(i18n, client.line_vida),
        "residencial" => t_string!(i18n, client.line_residencial),
        "empresarial" => t_string!(i18n, client.line_empresarial),
        "saude" => t_string!(i18n, client.line_saude),
        "viagem" => t_string!(i18n, client.line_viagem),
        "rc" => t_string!(i18n, client.line_rc),
        "outros" => t_string!(i18n, client.line_outros),
        other => return other.to_owned(),
    };
    label.to_string()
}

/// A translated text as a signal (for field labels and help lines).
fn text(i18n: I18n, get: fn(I18n) -> String) -> Signal<String> {
    Signal::derive(move || get(i18n))
}

/// The insurer fields, filled with `insurer` when editing. `prefix` keeps the ids unique.
#[component]
pub fn InsurerFields(
    prefix: &'static str,
    insurer: Option<Insurer>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let insurer = insurer.unwrap_or(Insurer {
        id: 0,
        legal_name: String::new(),
        name: String::new(),
        cnpj: None,
        susep_code: None,
        active: true,
    });
    view! {
        <div class="row g-3 mb-3">
            <Field class="col-md-7" id=format!("{prefix}-legal-name") name="legal_name" error_key="legal_name"
                error value=insurer.legal_name required=true
                label=text(i18n, |i18n| t_string!(i18n, reference.legal_name).to_string()) />
            <Field class="col-md-5" id=format!("{prefix}-name") name="name" error_key="name"
                error value=insurer.name required=true
                label=text(i18n, |i18n| t_string!(i18n, reference.short_name).to_string())
                help=text(i18n, |i18n| t_string!(i18n, reference.short_name_help).to_string()) />
            <Field class="col-md-7" id=format!("{prefix}-cnpj") name="cnpj" error_key="cnpj"
                error value=insurer.cnpj.unwrap_or_default() inputmode="text"
                label=text(i18n, |i18n| t_string!(i18n, reference.cnpj).to_string()) />
            <Field class="col-md-5" id=format!("{prefix}-susep") name="susep_code" error_key="susep_code"
                error value=insurer.susep_code.unwrap_or_default() inputmode="numeric"
                label=text(i18n, |i18n| t_string!(i18n, reference.susep_code).to_string())
                help=text(i18n, |i18n| t_string!(i18n, reference.susep_code_help).to_string()) />
        </div>
    }
}

/// The ramo fields, filled with `line` when editing. `prefix` keeps the ids unique.
#[component]
pub fn LineFields(
    prefix: &'static str,
    line: Option<InsuranceLine>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (code, name, family, iof) = match line {
        Some(l) => (l.susep_code, l.name, l.family, format_iof(l.iof_rate)),
        None => Default::default(),
    };
    view! {
        <div class="row g-3 mb-3">
            <Field class="col-md-3" id=format!("{prefix}-code") name="susep_code" error_key="susep_code"
                error value=code required=true inputmode="numeric"
                label=text(i18n, |i18n| t_string!(i18n, reference.line_code).to_string())
                help=text(i18n, |i18n| t_string!(i18n, reference.line_code_help).to_string()) />
            <Field class="col-md-9" id=format!("{prefix}-name") name="name" error_key="name"
                error value=name required=true
                label=text(i18n, |i18n| t_string!(i18n, reference.line_name).to_string()) />
            <SelectField class="col-md-6" id=format!("{prefix}-family") name="family" error_key="family" error
                label=text(i18n, |i18n| t_string!(i18n, reference.family).to_string())>
                {FAMILIES.iter().map(|code| view! {
                    <option value=*code selected=family == *code>{move || family_label(i18n, code)}</option>
                }).collect_view()}
            </SelectField>
            <Field class="col-md-6" id=format!("{prefix}-iof") name="iof_rate" error_key="iof_rate"
                error value=iof required=true inputmode="decimal"
                label=text(i18n, |i18n| t_string!(i18n, reference.iof_rate).to_string())
                help=text(i18n, |i18n| t_string!(i18n, reference.iof_rate_help).to_string()) />
        </div>
    }
}

/// The "Salvar"/"Adicionar" button and, when editing, the way back.
#[component]
pub fn FormButtons(
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] back: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="d-flex gap-2">
            <button type="submit" class="btn btn-primary">{label}</button>
            {back.map(|href| view! { <a href=href class="btn btn-link">{t!(i18n, cancel)}</a> })}
        </div>
    }
}
