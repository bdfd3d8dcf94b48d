//! The readable names of the clients' stored codes — kinds, insurance lines, sources, phone
//! kinds, consent channels, duplicate reasons, timeline events and changed fields — shared by
//! the clients pages. An unknown code is shown as it is.

use leptos_i18n::I18nContext;

use crate::{
    clients::ClientKind,
    i18n::{t_string, Locale},
};

type I18n = I18nContext<Locale>;

/// "Pessoa física" or "Pessoa jurídica".
pub fn kind(i18n: I18n, kind: ClientKind) -> String {
    match kind {
        ClientKind::Pf => t_string!(i18n, client.kind_pf).to_string(),
        ClientKind::Pj => t_string!(i18n, client.kind_pj).to_string(),
    }
}

/// An insurance line of [`crate::clients::LINES`].
pub fn line(i18n: I18n, code: &str) -> String {
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

/// Where a client came from ([`crate::clients::SOURCES`]).
pub fn source(i18n: I18n, code: &str) -> String {
    let label = match code {
        "indicacao" => t_string!(i18n, client.source_indicacao),
        "site" => t_string!(i18n, client.source_site),
        "whatsapp" => t_string!(i18n, client.source_whatsapp),
        "instagram" => t_string!(i18n, client.source_instagram),
        "facebook" => t_string!(i18n, client.source_facebook),
        "google" => t_string!(i18n, client.source_google),
        "evento" => t_string!(i18n, client.source_evento),
        "outro" => t_string!(i18n, client.source_outro),
        other => return other.to_owned(),
    };
    label.to_string()
}

/// A kind of phone ([`crate::clients::PHONE_KINDS`]).
pub fn phone_kind(i18n: I18n, code: &str) -> String {
    let label = match code {
        "mobile" => t_string!(i18n, client.phone_mobile),
        "home" => t_string!(i18n, client.phone_home),
        "work" => t_string!(i18n, client.phone_work),
        "other" => t_string!(i18n, client.phone_other),
        other => return other.to_owned(),
    };
    label.to_string()
}

/// The channels through which marketing consent may be given, in the order offered.
pub const CHANNELS: &[&str] = &["whatsapp", "email", "telefone", "presencial"];

/// A consent channel of [`CHANNELS`].
pub fn channel(i18n: I18n, code: &str) -> String {
    let label = match code {
        "whatsapp" => t_string!(i18n, client.whatsapp),
        "email" => t_string!(i18n, client.col_email),
        "telefone" => t_string!(i18n, client.channel_phone),
        "presencial" => t_string!(i18n, client.channel_in_person),
        other => return other.to_owned(),
    };
    label.to_string()
}

/// Why two clients look like duplicates.
pub fn reason(i18n: I18n, code: &str) -> String {
    let label = match code {
        "tax_id" => t_string!(i18n, client.reason_tax_id),
        "phone" => t_string!(i18n, client.reason_phone),
        "email" => t_string!(i18n, client.reason_email),
        "name_birth_date" => t_string!(i18n, client.reason_name_birth_date),
        other => return other.to_owned(),
    };
    label.to_string()
}

/// A timeline entry's kind: a note, a call or an audited change.
pub fn event(i18n: I18n, code: &str) -> String {
    let label = match code {
        "note" => t_string!(i18n, client.entry_note),
        "call" => t_string!(i18n, client.entry_call),
        "client.create" => t_string!(i18n, client.event_create),
        "client.update" => t_string!(i18n, client.event_update),
        "client.archive" => t_string!(i18n, client.event_archive),
        "client.restore" => t_string!(i18n, client.event_restore),
        "client.anonymize" => t_string!(i18n, lgpd.event_anonymize),
        "client.data_export" => t_string!(i18n, lgpd.event_data_export),
        "client.merge" => t_string!(i18n, merge.event_merge),
        "client.merged_into" => t_string!(i18n, merge.event_merged_into),
        "card.create" => t_string!(i18n, kanban.event_create),
        "card.move" => t_string!(i18n, kanban.event_move),
        "card.delete" => t_string!(i18n, kanban.event_delete),
        "card.update" => t_string!(i18n, kanban.event_update),
        "card.checklist_add" => t_string!(i18n, kanban.event_checklist_add),
        "card.checklist_check" => t_string!(i18n, kanban.event_checklist_check),
        "card.checklist_uncheck" => t_string!(i18n, kanban.event_checklist_uncheck),
        "card.checklist_remove" => t_string!(i18n, kanban.event_checklist_remove),
        "card.comment" => t_string!(i18n, kanban.event_comment),
        "card.comment_delete" => t_string!(i18n, kanban.event_comment_delete),
        "column.create" => t_string!(i18n, kanban.event_column_create),
        "column.update" => t_string!(i18n, kanban.event_column_update),
        "column.reorder" => t_string!(i18n, kanban.event_column_reorder),
        "column.delete" => t_string!(i18n, kanban.event_column_delete),
        policy if policy.starts_with("policy.") => {
            return crate::policies::labels::event(i18n, policy)
        }
        other => return other.to_owned(),
    };
    label.to_string()
}

/// A field named in an audited change.
pub fn field(i18n: I18n, name: &str) -> String {
    let label = match name {
        "kind" => t_string!(i18n, client.kind),
        "name" => t_string!(i18n, client.col_name),
        "trade_name" => t_string!(i18n, client.trade_name),
        "tax_id" => t_string!(i18n, client.col_tax_id),
        "birth_date" => t_string!(i18n, client.birth_date),
        "profession" => t_string!(i18n, client.profession),
        "contact_name" => t_string!(i18n, client.contact_name),
        "phones" => t_string!(i18n, client.phones),
        "emails" => t_string!(i18n, client.emails),
        "tags" => t_string!(i18n, client.tags),
        "lines" => t_string!(i18n, client.lines),
        "source" => t_string!(i18n, client.source),
        "owner" | "owner_id" => t_string!(i18n, client.owner),
        "team" => t_string!(i18n, client_export.team),
        "column" => t_string!(i18n, kanban.field_column),
        "title" => t_string!(i18n, kanban.field_title),
        "lost_reason" => t_string!(i18n, kanban.lost_reason_label),
        "value" => t_string!(i18n, kanban.value),
        "due_on" => t_string!(i18n, kanban.due_on),
        "description" => t_string!(i18n, kanban.description),
        "labels" => t_string!(i18n, kanban.labels),
        "item" => t_string!(i18n, kanban.field_item),
        "board" => t_string!(i18n, kanban.field_board),
        "comment" => t_string!(i18n, kanban.field_comment),
        "recontact_on" => t_string!(i18n, kanban.recontact_on),
        "cep" => t_string!(i18n, client.cep),
        "street" => t_string!(i18n, client.street),
        "street_number" => t_string!(i18n, client.street_number),
        "complement" => t_string!(i18n, client.complement),
        "district" => t_string!(i18n, client.district),
        "city" => t_string!(i18n, client.city),
        "state" => t_string!(i18n, client.state),
        "notes" => t_string!(i18n, client.notes),
        "marketing_consent" => t_string!(i18n, client.marketing),
        "consent_channel" => t_string!(i18n, client.consent_channel),
        "merged" => t_string!(i18n, merge.field_merged),
        "other_name" => t_string!(i18n, merge.field_other_name),
        "format" => t_string!(i18n, lgpd.field_format),
        "redacted_audit_rows" => t_string!(i18n, lgpd.field_redacted_audit_rows),
        other => return other.to_owned(),
    };
    label.to_string()
}

/// A changed value as people read it: codes become names, `true`/`false` become yes/no and an
/// empty value a dash. `None` for "nothing before" (a field filled for the first time).
pub fn value(i18n: I18n, field: &str, value: Option<String>) -> Option<String> {
    let value = value?;
    let shown = match (field, value.as_str()) {
        (_, "null" | "") => return None,
        (_, "true") => t_string!(i18n, yes).to_string(),
        (_, "false") => t_string!(i18n, no).to_string(),
        ("kind", code) => match ClientKind::parse(code) {
            Some(k) => kind(i18n, k),
            None => value,
        },
        ("source", code) => source(i18n, code),
        ("consent_channel", code) => channel(i18n, code),
        ("lines", codes) => codes
            .split(", ")
            .map(|code| line(i18n, code))
            .collect::<Vec<_>>()
            .join(", "),
        _ => value,
    };
    Some(shown)
}
