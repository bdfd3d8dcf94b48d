//! The policy page's "Documentos" section: the attached files (each a download), the form that
//! attaches one (a plain multipart form, the same with or without JavaScript; the server sends
//! the browser back with `documento=<outcome>` in the address) and removing one behind a
//! confirmation that needs no script.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{api::RemovePolicyDocument, size_label, DocumentKind, PolicyDocument};
use crate::{
    format::datetime_br,
    i18n::{t, t_string, use_i18n, Locale},
    ui::{action_error, message, FormAlert},
};

/// A kind as people read it.
pub fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: DocumentKind) -> String {
    match kind {
        DocumentKind::Apolice => t_string!(i18n, document.kind_apolice),
        DocumentKind::Proposta => t_string!(i18n, document.kind_proposta),
        DocumentKind::Endosso => t_string!(i18n, document.kind_endosso),
        DocumentKind::Boleto => t_string!(i18n, document.kind_boleto),
        DocumentKind::Cnh => t_string!(i18n, document.kind_cnh),
        DocumentKind::Crlv => t_string!(i18n, document.kind_crlv),
        DocumentKind::Vistoria => t_string!(i18n, document.kind_vistoria),
        DocumentKind::Sinistro => t_string!(i18n, document.kind_sinistro),
        DocumentKind::Outro => t_string!(i18n, document.kind_outro),
    }
    .to_string()
}

/// The section.
#[component]
pub fn Documents(
    policy_id: i64,
    documents: Vec<PolicyDocument>,
    remove: ServerAction<RemovePolicyDocument>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let outcome = move || {
        query.read().get("documento").map(|key| {
            if key == "anexado" {
                view! {
                    <div class="alert alert-success" role="status">
                        <i class="bi bi-check-circle me-2" aria-hidden="true"></i>
                        {t!(i18n, document.attached)}
                    </div>
                }
                .into_any()
            } else {
                let text = if key.starts_with("document_") {
                    message(i18n, &key)
                } else {
                    t_string!(i18n, error_body).to_string()
                };
                view! { <div class="alert alert-danger" role="alert">{text}</div> }.into_any()
            }
        })
    };
    let error = action_error(remove);
    let list = if documents.is_empty() {
        view! { <p class="text-body-secondary">{t!(i18n, document.none)}</p> }.into_any()
    } else {
        let rows = documents
            .into_iter()
            .map(|doc| view! { <DocumentRow policy_id doc remove /> })
            .collect_view();
        view! {
            <div class="table-responsive">
                <table class="table align-middle">
                    <thead><tr>
                        <th scope="col">{t!(i18n, document.col_file)}</th>
                        <th scope="col">{t!(i18n, document.col_kind)}</th>
                        <th scope="col" class="text-end">{t!(i18n, document.col_size)}</th>
                        <th scope="col">{t!(i18n, document.col_by)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, document.col_actions)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let options = DocumentKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str()>{move || kind_label(i18n, k)}</option> })
        .collect_view();
    view! {
        <section class="mt-4" id="documentos" aria-labelledby="policy-documents">
            <h2 id="policy-documents" class="h5">{t!(i18n, document.title)}</h2>
            {outcome}
            <FormAlert error />
            {list}
            <form method="post" action=format!("/apolices/{policy_id}/documentos")
                enctype="multipart/form-data" class="row g-2 align-items-end">
                <div class="col-sm-4">
                    <label for="document-kind" class="form-label">{t!(i18n, document.kind)}</label>
                    <select id="document-kind" name="tipo" class="form-select">{options}</select>
                </div>
                <div class="col-sm-6">
                    <label for="document-file" class="form-label">{t!(i18n, document.file)}</label>
                    <input id="document-file" name="arquivo" type="file" class="form-control" required
                        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                        aria-describedby="document-file-help" />
                </div>
                <div class="col-sm-2">
                    <button type="submit" class="btn btn-primary w-100">
                        <i class="bi bi-paperclip me-1" aria-hidden="true"></i>{t!(i18n, document.attach)}
                    </button>
                </div>
                <div id="document-file-help" class="form-text col-12 mt-1">{t!(i18n, document.file_help)}</div>
            </form>
        </section>
    }
}

#[component]
fn DocumentRow(
    policy_id: i64,
    doc: PolicyDocument,
    remove: ServerAction<RemovePolicyDocument>,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/apolices/{policy_id}/documentos/{}", doc.id);
    let icon = match doc.media_type {
        super::MediaType::Pdf => "bi bi-file-earmark-pdf me-1",
        _ => "bi bi-file-earmark-image me-1",
    };
    let kind = doc.kind;
    let name = doc.file_name.clone();
    let confirm_label = {
        let name = name.clone();
        move || t_string!(i18n, document.remove_confirm_label).to_string() + " " + &name
    };
    let remove_form = doc.removable.then(|| {
        view! {
            <details class="d-inline-block">
                <summary class="btn btn-sm btn-outline-danger">{t!(i18n, document.remove)}</summary>
                <ActionForm action=remove attr:class="mt-2">
                    <input type="hidden" name="policy" value=policy_id />
                    <input type="hidden" name="document" value=doc.id />
                    <button type="submit" class="btn btn-sm btn-danger" aria-label=confirm_label>
                        {t!(i18n, document.remove_confirm)}
                    </button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <tr>
            <td>
                <a href=href download><i class=icon aria-hidden="true"></i>{name}</a>
            </td>
            <td>{move || kind_label(i18n, kind)}</td>
            <td class="text-end text-nowrap">{size_label(doc.size_bytes)}</td>
            <td class="small">
                {doc.uploaded_by.clone().unwrap_or_default()}
                <br /><span class="text-body-secondary">{datetime_br(doc.uploaded_at)}</span>
            </td>
            <td class="text-end">{remove_form}</td>
        </tr>
    }
}
