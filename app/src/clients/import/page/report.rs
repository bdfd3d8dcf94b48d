//! A finished import: what happened (counts), the lines that were not imported and why, the
//! downloadable report, and the revert (with a confirmation box, so it works without
//! JavaScript too).

use leptos::prelude::*;

use super::progress::number;
use crate::{
    clients::import::{api::RevertImport, outcome_label, reason_text, ImportStatus, ImportView},
    i18n::{t, t_string, use_i18n},
    ui::{action_error, FormAlert},
};

#[component]
fn Count(label: Signal<String>, value: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="col-6 col-md-3">
            <div class="border rounded p-2 h-100">
                <div class="small text-body-secondary">{label}</div>
                <div class="fs-4 fw-semibold">{move || number(i18n, value)}</div>
            </div>
        </div>
    }
}

#[component]
fn RevertForm(id: i64, revert: ServerAction<RevertImport>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(revert);
    view! {
        <section class="card border-warning mb-4" aria-labelledby="revert-heading">
            <div class="card-body">
                <h2 id="revert-heading" class="h5">{t!(i18n, import.revert_heading)}</h2>
                <p>{t!(i18n, import.revert_help)}</p>
                <FormAlert error />
                <ActionForm action=revert>
                    <input type="hidden" name="id" value=id />
                    <div class="form-check mb-2">
                        <input class="form-check-input" type="checkbox" id="revert-confirm" required />
                        <label class="form-check-label" for="revert-confirm">{t!(i18n, import.revert_confirm)}</label>
                    </div>
                    <button type="submit" class="btn btn-outline-danger" disabled=move || revert.pending().get()>
                        <i class="bi bi-arrow-counterclockwise me-1" aria-hidden="true"></i>
                        {t!(i18n, import.revert_submit)}
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}

/// The report.
#[component]
pub fn Report(data: ImportView, revert: ServerAction<RevertImport>) -> impl IntoView {
    let i18n = use_i18n();
    let s = data.summary.clone();
    let (alert_class, headline) = match s.status {
        ImportStatus::Done => (
            "alert-success",
            t_string!(i18n, import.done_headline).to_string(),
        ),
        ImportStatus::Refused => (
            "alert-danger",
            t_string!(i18n, import.refused_headline).to_string(),
        ),
        ImportStatus::Reverted => (
            "alert-info",
            t_string!(i18n, import.reverted_headline).to_string(),
        ),
        _ => (
            "alert-danger",
            t_string!(i18n, import.failed_headline).to_string(),
        ),
    };
    let reverted = s.status == ImportStatus::Reverted;
    let rows = data
        .problems
        .iter()
        .map(|p| {
            let reason = reason_text(i18n.get_locale(), p);
            let outcome = outcome_label(i18n.get_locale(), &p.outcome);
            let who = match p.client_id {
                Some(id) => view! {
                    <a href=format!("/clientes/{id}")>{p.label.clone().unwrap_or_else(|| format!("#{id}"))}</a>
                }.into_any(),
                None => view! { <span>{p.label.clone().unwrap_or_default()}</span> }.into_any(),
            };
            view! {
                <tr>
                    <td class="text-end">{p.line}</td>
                    <td>{who}</td>
                    <td>{outcome}</td>
                    <td>{reason}</td>
                </tr>
            }
        })
        .collect_view();
    let has_problems = !data.problems.is_empty();
    view! {
        <div class=format!("alert {alert_class}") role="status">{headline}</div>
        <div class="row g-2 mb-3">
            <Count label=Signal::derive(move || t_string!(i18n, import.created).to_string()) value=s.created_count />
            <Count label=Signal::derive(move || t_string!(i18n, import.updated).to_string()) value=s.updated_count />
            <Count label=Signal::derive(move || t_string!(i18n, import.skipped).to_string()) value=s.skipped_count />
            <Count label=Signal::derive(move || t_string!(i18n, import.invalid).to_string()) value=s.invalid_count />
            {reverted.then(|| view! {
                <Count label=Signal::derive(move || t_string!(i18n, import.undone).to_string()) value=s.reverted_rows />
                <Count label=Signal::derive(move || t_string!(i18n, import.kept).to_string()) value=s.kept_count />
            })}
        </div>
        <p>
            <a class="btn btn-outline-primary" href=format!("/clientes/importar/{}/relatorio.csv", s.id)
                rel="external" download="">
                <i class="bi bi-download me-1" aria-hidden="true"></i>{t!(i18n, import.download_report)}
            </a>
        </p>
        {data.can_revert.then(|| view! { <RevertForm id=s.id revert /> })}
        {has_problems.then(|| view! {
            <section aria-labelledby="problems-heading">
                <h2 id="problems-heading" class="h5">{t!(i18n, import.problems_heading)}</h2>
                <div class="table-responsive">
                    <table class="table table-sm">
                        <thead>
                            <tr>
                                <th scope="col" class="text-end">{t!(i18n, import.col_line)}</th>
                                <th scope="col">{t!(i18n, import.col_client)}</th>
                                <th scope="col">{t!(i18n, import.col_outcome)}</th>
                                <th scope="col">{t!(i18n, import.col_reason)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        })}
    }
}
