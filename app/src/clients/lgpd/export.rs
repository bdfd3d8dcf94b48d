//! The data-subject export (LGPD arts. 18–19): everything held about one client — the client
//! row (documents unmasked: it is the person's own data), phones, e-mails, tags, lines, notes and
//! calls, the consent history, the CSV-import lines that created or updated it, its policies and
//! the list of their documents (the files themselves are downloaded from each policy's page), the
//! Kanban cards about the client with their checklists and comments, its WhatsApp contacts and
//! messages, and the audit rows about the client, its policies and its cards — as JSON, or as a
//! CSV of `seção;campo;valor` lines that Excel in pt-BR opens as it is (UTF-8 with BOM, `;`).

use serde_json::{json, Value};
use sqlx::FromRow;
use time::{format_description::well_known::Rfc3339, Date, OffsetDateTime};

use crate::{db::Tx, on_tx};

mod render;

/// The two shapes of the export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    /// The name recorded in the audit trail (and the file extension).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }
}

/// One record: its fields in order.
pub type Fields = Vec<(&'static str, Value)>;

/// Everything held about one client.
#[derive(Clone, Debug, PartialEq)]
pub struct DataExport {
    pub generated_at: OffsetDateTime,
    /// Sections in order: (JSON key, CSV label, records). `client` has one record.
    pub sections: Vec<(&'static str, &'static str, Vec<Fields>)>,
}

fn instant(at: Option<OffsetDateTime>) -> Value {
    at.and_then(|at| at.format(&Rfc3339).ok())
        .map(Value::String)
        .unwrap_or(Value::Null)
}

/// A time in Unix seconds as the export writes instants (RFC 3339, UTC).
pub fn unix_instant(at: i64) -> Value {
    instant(OffsetDateTime::from_unix_timestamp(at).ok())
}

#[derive(FromRow)]
struct ClientRow {
    id: i64,
    kind: String,
    name: String,
    trade_name: Option<String>,
    tax_id: Option<String>,
    birth_date: Option<Date>,
    profession: Option<String>,
    contact_name: Option<String>,
    cep: Option<String>,
    street: Option<String>,
    street_number: Option<String>,
    complement: Option<String>,
    district: Option<String>,
    city: Option<String>,
    state: Option<String>,
    notes: Option<String>,
    source: Option<String>,
    owner: Option<String>,
    team: Option<String>,
    marketing_consent: bool,
    consent_at: Option<OffsetDateTime>,
    consent_channel: Option<String>,
    archived_at: Option<OffsetDateTime>,
    anonymized_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl ClientRow {
    fn fields(self) -> Fields {
        vec![
            ("id", json!(self.id)),
            ("kind", json!(self.kind)),
            ("name", json!(self.name)),
            ("trade_name", json!(self.trade_name)),
            ("tax_id", json!(self.tax_id)),
            ("birth_date", json!(self.birth_date.map(|d| d.to_string()))),
            ("profession", json!(self.profession)),
            ("contact_name", json!(self.contact_name)),
            ("cep", json!(self.cep)),
            ("street", json!(self.street)),
            ("street_number", json!(self.street_number)),
            ("complement", json!(self.complement)),
            ("district", json!(self.district)),
            ("city", json!(self.city)),
            ("state", json!(self.state)),
            ("notes", json!(self.notes)),
            ("source", json!(self.source)),
            ("owner", json!(self.owner)),
            ("team", json!(self.team)),
            ("marketing_consent", json!(self.marketing_consent)),
            ("consent_at", instant(self.consent_at)),
            ("consent_channel", json!(self.consent_channel)),
            ("archived_at", instant(self.archived_at)),
            ("anonymized_at", instant(self.anonymized_at)),
            ("created_at", instant(Some(self.created_at))),
            ("updated_at", instant(Some(self.updated_at))),
        ]
    }
}

const CLIENT: &str = "SELECT c.id, c.kind, c.name, c.trade_name, c.tax_id, c.birth_date, \
    c.profession, c.contact_name, c.cep, c.street, c.street_number, c.complement, c.district, \
    c.city, c.state, c.notes, c.source, u.name AS owner, t.name AS team, c.marketing_consent, \
    c.consent_at, c.consent_channel, c.archived_at, c.anonymized_at, c.created_at, c.updated_at \
    FROM clients c LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN teams t ON t.id = c.team_id \
    WHERE c.id = $1";
const PHONES: &str = "SELECT e164, kind, whatsapp, created_at FROM client_phones \
    WHERE client_id = $1 ORDER BY position";
const EMAILS: &str =
    "SELECT email, created_at FROM client_emails WHERE client_id = $1 ORDER BY position";
const TAGS: &str = "SELECT tag, created_at FROM client_tags WHERE client_id = $1 ORDER BY tag";
const LINES: &str = "SELECT line, created_at FROM client_lines WHERE client_id = $1 ORDER BY line";
const NOTES: &str = "SELECT n.kind, n.body, u.name, n.created_at FROM client_notes n \
    LEFT JOIN users u ON u.id = n.author_id WHERE n.client_id = $1 ORDER BY n.created_at, n.id";
const CONSENTS: &str = "SELECT k.granted, k.channel, u.name, k.created_at FROM client_consents k \
    LEFT JOIN users u ON u.id = k.recorded_by WHERE k.client_id = $1 ORDER BY k.created_at, k.id";
const IMPORTS: &str = "SELECT i.file_name, CAST(r.line AS BIGINT), r.outcome, r.label, r.before, \
    i.created_at FROM client_import_rows r JOIN client_imports i ON i.id = r.import_id \
    WHERE r.client_id = $1 ORDER BY i.id, r.line";
const AUDIT: &str = "SELECT a.occurred_at, a.action, u.name, a.changes FROM audit_log a \
    LEFT JOIN users u ON u.id = a.actor_id WHERE a.entity_type = 'client' AND a.entity_id = $1 \
    ORDER BY a.id";
/// The audit rows about the client's policies (their changes name the insured item).
const POLICY_AUDIT: &str = "SELECT a.occurred_at, a.action, u.name, a.changes FROM audit_log a \
    LEFT JOIN users u ON u.id = a.actor_id WHERE a.entity_type = 'policy' AND a.entity_id IN \
    (SELECT CAST(p.id AS TEXT) FROM policies p WHERE p.client_id = $1) ORDER BY a.id";
const POLICIES: &str = "SELECT p.id, p.policy_number, p.proposal_number, i.name AS insurer, \
    l.name AS line, p.status, p.starts_on, p.ends_on, p.total_premium, p.item_kind, \
    p.vehicle_plate, p.vehicle_chassis, p.vehicle_model, p.vehicle_year, p.property_cep, \
    p.property_address, p.notes, p.cancelled_on, p.cancel_reason, p.created_at FROM policies p \
    JOIN insurers i ON i.id = p.insurer_id JOIN insurance_lines l ON l.id = p.line_id \
    WHERE p.client_id = $1 ORDER BY p.id";
/// The audit rows about the client's Kanban cards (moves, edits, checklist, comments).
const CARD_AUDIT: &str = "SELECT a.occurred_at, a.action, u.name, a.changes FROM audit_log a \
    LEFT JOIN users u ON u.id = a.actor_id WHERE a.entity_type = 'kanban_card' AND a.entity_id IN \
    (SELECT CAST(k.id AS TEXT) FROM kanban_cards k WHERE k.client_id = $1) ORDER BY a.id";
const CARDS: &str = "SELECT k.id, b.name, c.name, k.title, k.value, k.due_on, k.description, \
    k.lost_reason, k.created_at FROM kanban_cards k JOIN kanban_boards b ON b.id = k.board_id \
    JOIN kanban_columns c ON c.id = k.column_id WHERE k.client_id = $1 ORDER BY k.id";
const CHECKLISTS: &str = "SELECT i.card_id, i.text, i.done_at FROM kanban_checklist_items i \
    JOIN kanban_cards k ON k.id = i.card_id WHERE k.client_id = $1 ORDER BY i.card_id, \
    i.position, i.id";
const COMMENTS: &str =
    "SELECT m.card_id, u.name, m.body, m.created_at FROM kanban_card_comments m \
    JOIN kanban_cards k ON k.id = m.card_id LEFT JOIN users u ON u.id = m.author_id \
    WHERE k.client_id = $1 ORDER BY m.id";
const DOCUMENTS: &str = "SELECT d.policy_id, d.kind, d.file_name, d.media_type, d.size_bytes, \
    d.sha256, u.name, d.uploaded_at FROM policy_documents d JOIN policies p ON p.id = d.policy_id \
    LEFT JOIN users u ON u.id = d.uploaded_by WHERE p.client_id = $1 ORDER BY d.id";

#[derive(FromRow)]
struct PolicyRow {
    id: i64,
    policy_number: Option<String>,
    proposal_number: Option<String>,
    insurer: String,
    line: String,
    status: String,
    starts_on: Date,
    ends_on: Date,
    total_premium: i64,
    item_kind: Option<String>,
    vehicle_plate: Option<String>,
    vehicle_chassis: Option<String>,
    vehicle_model: Option<String>,
    vehicle_year: Option<i64>,
    property_cep: Option<String>,
    property_address: Option<String>,
    notes: Option<String>,
    cancelled_on: Option<Date>,
    cancel_reason: Option<String>,
    created_at: OffsetDateTime,
}

impl PolicyRow {
    fn fields(self) -> Fields {
        vec![
            ("id", json!(self.id)),
            ("policy_number", json!(self.policy_number)),
            ("proposal_number", json!(self.proposal_number)),
            ("insurer", json!(self.insurer)),
            ("line", json!(self.line)),
            ("status", json!(self.status)),
            ("starts_on", json!(self.starts_on.to_string())),
            ("ends_on", json!(self.ends_on.to_string())),
            (
                "total_premium",
                json!(crate::format::brl(self.total_premium)),
            ),
            ("item_kind", json!(self.item_kind)),
            ("vehicle_plate", json!(self.vehicle_plate)),
            ("vehicle_chassis", json!(self.vehicle_chassis)),
            ("vehicle_model", json!(self.vehicle_model)),
            ("vehicle_year", json!(self.vehicle_year)),
            ("property_cep", json!(self.property_cep)),
            ("property_address", json!(self.property_address)),
            ("notes", json!(self.notes)),
            (
                "cancelled_on",
                json!(self.cancelled_on.map(|d| d.to_string())),
            ),
            ("cancel_reason", json!(self.cancel_reason)),
            ("created_at", instant(Some(self.created_at))),
        ]
    }
}

type Document = (
    i64,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    OffsetDateTime,
);

type Named = (String, OffsetDateTime);
type Note = (String, String, Option<String>, OffsetDateTime);
type Consent = (bool, Option<String>, Option<String>, OffsetDateTime);
type Import = (
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    OffsetDateTime,
);
type Audit = (OffsetDateTime, String, Option<String>, Option<String>);
type Card = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<Date>,
    Option<String>,
    Option<String>,
    OffsetDateTime,
);
type ChecklistItem = (i64, String, Option<OffsetDateTime>);
type CardComment = (i64, Option<String>, String, OffsetDateTime);

/// Reads everything about client `id` inside `tx`; `None` if there is no such client.
pub async fn gather(
    tx: &mut Tx,
    id: i64,
    now: OffsetDateTime,
) -> Result<Option<DataExport>, sqlx::Error> {
    let client: Option<ClientRow> =
        on_tx!(tx, conn => sqlx::query_as(CLIENT).bind(id).fetch_optional(conn).await)?;
    let Some(client) = client else {
        return Ok(None);
    };
    let phones: Vec<(String, String, bool, OffsetDateTime)> =
        on_tx!(tx, conn => sqlx::query_as(PHONES).bind(id).fetch_all(conn).await)?;
    let mut named = Vec::new();
    for sql in [EMAILS, TAGS, LINES] {
        let rows: Vec<Named> =
            on_tx!(tx, conn => sqlx::query_as(sql).bind(id).fetch_all(conn).await)?;
        named.push(rows);
    }
    let notes: Vec<Note> =
        on_tx!(tx, conn => sqlx::query_as(NOTES).bind(id).fetch_all(conn).await)?;
    let consents: Vec<Consent> =
        on_tx!(tx, conn => sqlx::query_as(CONSENTS).bind(id).fetch_all(conn).await)?;
    let imports: Vec<Import> =
        on_tx!(tx, conn => sqlx::query_as(IMPORTS).bind(id).fetch_all(conn).await)?;
    let mut audit: Vec<Audit> = on_tx!(tx, conn => sqlx::query_as(AUDIT).bind(id.to_string())
        .fetch_all(conn).await)?;
    let policy_audit: Vec<Audit> =
        on_tx!(tx, conn => sqlx::query_as(POLICY_AUDIT).bind(id).fetch_all(conn).await)?;
    audit.extend(policy_audit);
    let card_audit: Vec<Audit> =
        on_tx!(tx, conn => sqlx::query_as(CARD_AUDIT).bind(id).fetch_all(conn).await)?;
    audit.extend(card_audit);
    audit.sort_by_key(|row| row.0);
    let cards: Vec<Card> =
        on_tx!(tx, conn => sqlx::query_as(CARDS).bind(id).fetch_all(conn).await)?;
    let checklists: Vec<ChecklistItem> =
        on_tx!(tx, conn => sqlx::query_as(CHECKLISTS).bind(id).fetch_all(conn).await)?;
    let comments: Vec<CardComment> =
        on_tx!(tx, conn => sqlx::query_as(COMMENTS).bind(id).fetch_all(conn).await)?;
    let policies: Vec<PolicyRow> =
        on_tx!(tx, conn => sqlx::query_as(POLICIES).bind(id).fetch_all(conn).await)?;
    let documents: Vec<Document> =
        on_tx!(tx, conn => sqlx::query_as(DOCUMENTS).bind(id).fetch_all(conn).await)?;
    let lines = named.pop().unwrap_or_default();
    let tags = named.pop().unwrap_or_default();
    let emails = named.pop().unwrap_or_default();
    let simple = |field: &'static str, rows: Vec<Named>| -> Vec<Fields> {
        rows.into_iter()
            .map(|(value, at)| vec![(field, json!(value)), ("created_at", instant(Some(at)))])
            .collect()
    };
    let whatsapp = crate::whatsapp::privacy::export(tx, id).await?;
    let mut sections = vec![
        ("client", "cliente", vec![client.fields()]),
        (
            "phones",
            "telefone",
            phones
                .into_iter()
                .map(|(e164, kind, whatsapp, at)| {
                    vec![
                        ("number", json!(e164)),
                        ("kind", json!(kind)),
                        ("whatsapp", json!(whatsapp)),
                        ("created_at", instant(Some(at))),
                    ]
                })
                .collect(),
        ),
        ("emails", "e-mail", simple("email", emails)),
        ("tags", "etiqueta", simple("tag", tags)),
        ("lines", "ramo", simple("line", lines)),
        (
            "notes",
            "anotação",
            notes
                .into_iter()
                .map(|(kind, body, author, at)| {
                    vec![
                        ("kind", json!(kind)),
                        ("body", json!(body)),
                        ("author", json!(author)),
                        ("created_at", instant(Some(at))),
                    ]
                })
                .collect(),
        ),
        (
            "consents",
            "consentimento",
            consents
                .into_iter()
                .map(|(granted, channel, by, at)| {
                    vec![
                        ("granted", json!(granted)),
                        ("channel", json!(channel)),
                        ("recorded_by", json!(by)),
                        ("created_at", instant(Some(at))),
                    ]
                })
                .collect(),
        ),
        (
            "imports",
            "importação",
            imports
                .into_iter()
                .map(|(file, line, outcome, label, before, at)| {
                    let before = before
                        .map(|b| serde_json::from_str::<Value>(&b).unwrap_or(Value::String(b)));
                    vec![
                        ("file_name", json!(file)),
                        ("line", json!(line)),
                        ("outcome", json!(outcome)),
                        ("label", json!(label)),
                        ("before", json!(before)),
                        ("imported_at", instant(Some(at))),
                    ]
                })
                .collect(),
        ),
        (
            "policies",
            "apólice",
            policies.into_iter().map(PolicyRow::fields).collect(),
        ),
        (
            "documents",
            "documento",
            documents
                .into_iter()
                .map(|(policy, kind, file, media, size, sha256, by, at)| {
                    vec![
                        ("policy_id", json!(policy)),
                        ("kind", json!(kind)),
                        ("file_name", json!(file)),
                        ("media_type", json!(media)),
                        ("size_bytes", json!(size)),
                        ("sha256", json!(sha256)),
                        ("uploaded_by", json!(by)),
                        ("uploaded_at", instant(Some(at))),
                    ]
                })
                .collect(),
        ),
        (
            "cards",
            "cartão",
            cards
                .into_iter()
                .map(
                    |(card, board, column, title, value, due, description, lost, at)| {
                        vec![
                            ("id", json!(card)),
                            ("board", json!(board)),
                            ("column", json!(column)),
                            ("title", json!(title)),
                            ("value", json!(value.map(crate::format::brl))),
                            ("due_on", json!(due.map(|d| d.to_string()))),
                            ("description", json!(description)),
                            ("lost_reason", json!(lost)),
                            ("created_at", instant(Some(at))),
                        ]
                    },
                )
                .collect(),
        ),
        (
            "card_checklists",
            "checklist do cartão",
            checklists
                .into_iter()
                .map(|(card, text, done)| {
                    vec![
                        ("card_id", json!(card)),
                        ("text", json!(text)),
                        ("done_at", instant(done)),
                    ]
                })
                .collect(),
        ),
        (
            "card_comments",
            "comentário do cartão",
            comments
                .into_iter()
                .map(|(card, author, body, at)| {
                    vec![
                        ("card_id", json!(card)),
                        ("author", json!(author)),
                        ("body", json!(body)),
                        ("created_at", instant(Some(at))),
                    ]
                })
                .collect(),
        ),
        (
            "audit",
            "auditoria",
            audit
                .into_iter()
                .map(|(at, action, actor, changes)| {
                    let changes = changes
                        .map(|c| serde_json::from_str::<Value>(&c).unwrap_or(Value::String(c)));
                    vec![
                        ("occurred_at", instant(Some(at))),
                        ("action", json!(action)),
                        ("actor", json!(actor)),
                        ("changes", json!(changes)),
                    ]
                })
                .collect(),
        ),
    ];
    // The WhatsApp sections go before the audit trail, which stays last.
    let audit = sections.pop();
    sections.extend(whatsapp);
    sections.extend(audit);
    Ok(Some(DataExport {
        generated_at: now,
        sections,
    }))
}
