//! The readable names of the policies' stored codes — statuses and the address's slugs for
//! them, insured items, commission kinds — shared by the policies pages.

use leptos_i18n::I18nContext;

use super::PolicyStatus;
use crate::i18n::{t_string, Locale};

type I18n = I18nContext<Locale>;

/// "Em cotação", "Vigente" …
pub fn status(i18n: I18n, status: PolicyStatus) -> String {
    match status {
        PolicyStatus::Quote => t_string!(i18n, policy.status_quote),
        PolicyStatus::Proposal => t_string!(i18n, policy.status_proposal),
        PolicyStatus::Active => t_string!(i18n, policy.status_active),
        PolicyStatus::Renewed => t_string!(i18n, policy.status_renewed),
        PolicyStatus::Cancelled => t_string!(i18n, policy.status_cancelled),
        PolicyStatus::Expired => t_string!(i18n, policy.status_expired),
    }
    .to_string()
}

/// The Bootstrap badge of a status (colours with enough contrast for their text).
pub fn status_badge(status: PolicyStatus) -> &'static str {
    match status {
        PolicyStatus::Quote => "badge text-bg-light border",
        PolicyStatus::Proposal => "badge text-bg-info",
        PolicyStatus::Active => "badge text-bg-success",
        PolicyStatus::Renewed => "badge text-bg-primary",
        PolicyStatus::Cancelled => "badge text-bg-danger",
        PolicyStatus::Expired => "badge text-bg-secondary",
    }
}

/// The slug a status has in the address (`?situacao=vigente`).
pub fn status_slug(status: PolicyStatus) -> &'static str {
    match status {
        PolicyStatus::Quote => "cotacao",
        PolicyStatus::Proposal => "proposta",
        PolicyStatus::Active => "vigente",
        PolicyStatus::Renewed => "renovada",
        PolicyStatus::Cancelled => "cancelada",
        PolicyStatus::Expired => "vencida",
    }
}

/// The status an address slug names.
pub fn status_from_slug(slug: &str) -> Option<PolicyStatus> {
    PolicyStatus::ALL
        .into_iter()
        .find(|s| status_slug(*s) == slug)
}

/// The label of a policy field (form controls, changed fields on the timeline).
pub fn field(i18n: I18n, name: &str) -> String {
    let label = match name {
        "insurer" | "insurer_id" => t_string!(i18n, policy.insurer),
        "line" | "line_id" => t_string!(i18n, policy.line),
        "product" => t_string!(i18n, policy.product),
        "proposal_number" => t_string!(i18n, policy.proposal_number),
        "policy_number" => t_string!(i18n, policy.policy_number),
        "status" => t_string!(i18n, policy.status),
        "starts_on" => t_string!(i18n, policy.starts_on),
        "ends_on" => t_string!(i18n, policy.ends_on),
        "owner" | "owner_id" => t_string!(i18n, policy.owner),
        "net_premium" => t_string!(i18n, policy.net_premium),
        "installment_fee" => t_string!(i18n, policy.installment_fee),
        "policy_fee" => t_string!(i18n, policy.policy_fee),
        "iof" => t_string!(i18n, policy.iof),
        "total_premium" => t_string!(i18n, policy.total_premium),
        "installments" => t_string!(i18n, policy.installments),
        "commission_rate" => t_string!(i18n, policy.commission_rate),
        "commission" => t_string!(i18n, policy.commission),
        "item_kind" => t_string!(i18n, policy.item),
        "vehicle_plate" => t_string!(i18n, policy.vehicle_plate),
        "vehicle_chassis" => t_string!(i18n, policy.vehicle_chassis),
        "vehicle_model" => t_string!(i18n, policy.vehicle_model),
        "vehicle_year" => t_string!(i18n, policy.vehicle_year),
        "bonus_class" => t_string!(i18n, policy.bonus_class),
        "property_cep" => t_string!(i18n, policy.property_cep),
        "property_address" => t_string!(i18n, policy.property_address),
        "notes" => t_string!(i18n, policy.notes),
        "cancelled_on" => t_string!(i18n, policy.cancelled_on),
        "cancel_reason" => t_string!(i18n, policy.cancel_reason),
        "estorno" => t_string!(i18n, policy.estorno),
        "document" => t_string!(i18n, document.field_document),
        "document_kind" => t_string!(i18n, document.field_document_kind),
        "document_id" => t_string!(i18n, document.field_document_id),
        "size_bytes" => t_string!(i18n, document.field_size),
        "received_on" => t_string!(i18n, policy.received_on),
        "statement_ref" => t_string!(i18n, policy.statement_ref),
        "commission_entry" => t_string!(i18n, policy.commission_what),
        "outcome" => t_string!(i18n, policy.outcome),
        "lost_reason" => t_string!(i18n, policy.lost_reason),
        "recontact_on" => t_string!(i18n, policy.recontact_on),
        "renewed_by" => t_string!(i18n, policy.renewed_by_field),
        "previous_premium" => t_string!(i18n, policy.previous_premium),
        other => return other.to_owned(),
    };
    label.to_string()
}

/// A policy event of the audit trail (on the client's timeline).
pub fn event(i18n: I18n, code: &str) -> String {
    let label = match code {
        "policy.create" => t_string!(i18n, policy.event_create),
        "policy.update" => t_string!(i18n, policy.event_update),
        "policy.cancel" => t_string!(i18n, policy.event_cancel),
        "policy.renew" => t_string!(i18n, policy.event_renew),
        "policy.commission_received" => t_string!(i18n, policy.event_commission_received),
        "policy.expire" => t_string!(i18n, policy.event_expire),
        "policy.renewal_lost" => t_string!(i18n, policy.event_renewal_lost),
        "policy.document_add" => t_string!(i18n, document.event_add),
        "policy.document_remove" => t_string!(i18n, document.event_remove),
        other => return other.to_owned(),
    };
    label.to_string()
}

/// A value of a policy field as the audit trail stored it, shown readably (`None` when empty).
pub fn value(i18n: I18n, field: &str, value: Option<String>) -> Option<String> {
    let value = value?;
    Some(match (field, value.as_str()) {
        (_, "null" | "") => return None,
        ("status", code) => match PolicyStatus::parse(code) {
            Some(s) => status(i18n, s),
            None => value,
        },
        ("item_kind", code) => item_kind(i18n, code),
        ("document_kind", code) => match super::documents::DocumentKind::parse(code) {
            Some(kind) => super::documents::kind_label(i18n, kind),
            None => value,
        },
        ("outcome", "renovada") => t_string!(i18n, policy.outcome_renovada).to_string(),
        ("outcome", "migrada") => t_string!(i18n, policy.outcome_migrada).to_string(),
        _ => value,
    })
}

/// "Veículo", "Imóvel".
pub fn item_kind(i18n: I18n, kind: &str) -> String {
    match kind {
        "vehicle" => t_string!(i18n, policy.item_vehicle).to_string(),
        "property" => t_string!(i18n, policy.item_property).to_string(),
        other => other.to_owned(),
    }
}

/// A policy's number as a person refers to it: the policy number, else the proposal's, else a
/// dash.
pub fn number(policy_number: Option<&str>, proposal_number: Option<&str>) -> String {
    match (policy_number, proposal_number) {
        (Some(n), _) => n.to_owned(),
        (None, Some(p)) => format!("Prop. {p}"),
        (None, None) => "—".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_slug_that_reads_back() {
        for s in PolicyStatus::ALL {
            assert_eq!(status_from_slug(status_slug(s)), Some(s));
        }
        assert_eq!(status_from_slug("active"), None);
    }

    #[test]
    fn a_policy_is_named_by_its_number_or_else_its_proposal() {
        assert_eq!(number(Some("123"), Some("9")), "123");
        assert_eq!(number(None, Some("9")), "Prop. 9");
        assert_eq!(number(None, None), "—");
    }
}
