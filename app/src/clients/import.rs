//! CSV import of clients (the brokerage migrates from spreadsheets): upload, read the file's
//! encoding and separator, map its columns to client fields with a preview, choose create-only
//! or update-on-match (CPF/CNPJ, then phone), run as a durable background job with progress,
//! report every line's outcome, and revert the whole import.
//!
//! An import never leaves half a file behind: lines are written in chunks, each chunk in one
//! transaction together with its report lines and the progress counters, so a job that is cut
//! short resumes after the last chunk it committed. When the person chose "nothing if any line is
//! invalid", every line is checked before the first one is written.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{
    clients::columns::Column,
    i18n::{td_string, Locale},
    ui::message_in,
};

pub mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod read;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod row;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::{ImportLink, ImportPage, ImportsPage};

/// Where an import is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportStatus {
    /// Uploaded; the person is mapping columns.
    Draft,
    /// Waiting for a worker.
    Queued,
    /// Lines being checked and written.
    Running,
    /// Every line dealt with.
    Done,
    /// Nothing written: invalid lines and the person chose all or nothing.
    Refused,
    /// Stopped by an error it could not get past (see the jobs page).
    Failed,
    /// Being undone.
    Reverting,
    /// Undone.
    Reverted,
}

impl ImportStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Refused => "refused",
            Self::Failed => "failed",
            Self::Reverting => "reverting",
            Self::Reverted => "reverted",
        }
    }

    /// The status of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::Queued,
            Self::Running,
            Self::Done,
            Self::Refused,
            Self::Failed,
            Self::Reverting,
            Self::Reverted,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// Whether a worker is (or will be) busy with it: the page keeps showing progress.
    pub fn in_progress(self) -> bool {
        matches!(self, Self::Queued | Self::Running | Self::Reverting)
    }
}

/// What to do with a line whose client already exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportMode {
    /// Only create new clients; lines of existing ones are skipped.
    Create,
    /// Create new clients and complete existing ones (found by CPF/CNPJ, then phone).
    Update,
}

impl ImportMode {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
        }
    }

    /// The mode of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "create" => Some(Self::Create),
            "update" => Some(Self::Update),
            _ => None,
        }
    }
}

/// An import as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: i64,
    pub file_name: String,
    pub status: ImportStatus,
    pub created_by: Option<String>,
    pub created_at: OffsetDateTime,
    pub total_rows: i64,
    pub done_rows: i64,
    pub created_count: i64,
    pub updated_count: i64,
    pub skipped_count: i64,
    pub invalid_count: i64,
    pub reverted_rows: i64,
    pub kept_count: i64,
}

/// One reported line: skipped or invalid, with why (or, after a revert, kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub line: i64,
    pub outcome: String,
    pub label: Option<String>,
    pub client_id: Option<i64>,
    /// (column code or "", message key) pairs.
    pub reasons: Vec<(String, String)>,
}

/// An import's page: its summary, and while a draft, the preview to map columns on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub summary: ImportSummary,
    pub encoding: String,
    pub separator: String,
    pub header: Vec<String>,
    /// The first lines of the file (drafts only).
    pub sample: Vec<Vec<String>>,
    /// One column code (or `None`) per column of the file.
    pub mapping: Vec<Option<String>>,
    pub mode: Option<ImportMode>,
    pub keep_valid: bool,
    /// The first reported lines.
    pub problems: Vec<ImportProblem>,
    /// Whether the viewer may revert it now.
    pub can_revert: bool,
}

/// Lines shown in the preview.
pub const SAMPLE_ROWS: usize = 5;
/// Reported lines shown on the page (the downloadable report has them all).
pub const PROBLEMS_SHOWN: i64 = 200;
/// How long after it finished an import can be reverted, in days.
pub const REVERT_DAYS: i64 = 30;

/// The translated name of a client field, as the mapping offers it.
pub fn column_label(locale: Locale, column: Column) -> String {
    match locale {
        Locale::en => match column {
            Column::Kind => "Type (individual/company)",
            Column::Name => "Name",
            Column::TradeName => "Trade name",
            Column::TaxId => "CPF/CNPJ",
            Column::BirthDate => "Birth date",
            Column::Profession => "Profession",
            Column::ContactName => "Contact person",
            Column::Phones => "Phones",
            Column::Whatsapp => "WhatsApp phones",
            Column::Emails => "E-mails",
            Column::Tags => "Tags",
            Column::Lines => "Insurance lines of interest",
            Column::Source => "Source",
            Column::Cep => "CEP (postcode)",
            Column::Street => "Street",
            Column::StreetNumber => "Number",
            Column::Complement => "Complement",
            Column::District => "District",
            Column::City => "City",
            Column::State => "State (UF)",
            Column::Notes => "Notes",
            Column::MarketingConsent => "Accepts marketing",
            Column::ConsentChannel => "Consent channel",
        }
        .to_owned(),
        _ => column.header().to_owned(),
    }
}

/// Why a line was not imported, in `locale` ("CPF/CNPJ: CPF inválido…").
pub fn reason_text(locale: Locale, problem: &ImportProblem) -> String {
    problem
        .reasons
        .iter()
        .map(|(column, key)| match Column::from_code(column) {
            Some(c) => format!("{}: {}", column_label(locale, c), message_in(locale, key)),
            None => message_in(locale, key),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A line's outcome in `locale`.
pub fn outcome_label(locale: Locale, outcome: &str) -> String {
    match outcome {
        "skipped" => td_string!(locale, import.outcome_skipped),
        "invalid" => td_string!(locale, import.outcome_invalid),
        "kept" => td_string!(locale, import.outcome_kept),
        "created" => td_string!(locale, import.outcome_created),
        _ => td_string!(locale, import.outcome_updated),
    }
    .to_string()
}

/// The downloadable report: every line of the file that was dealt with, with its outcome and
/// why, as CSV (UTF-8 with BOM, `;`, CRLF: what Excel in Brazil opens as is).
#[cfg(feature = "ssr")]
pub fn report_csv(locale: Locale, lines: &[ImportProblem]) -> String {
    use crate::audit::csv::cell;
    let header = [
        td_string!(locale, import.col_line).to_string(),
        td_string!(locale, import.col_outcome).to_string(),
        td_string!(locale, import.col_client).to_string(),
        td_string!(locale, import.col_client_id).to_string(),
        td_string!(locale, import.col_reason).to_string(),
    ];
    let mut out = String::from("\u{feff}");
    let mut push = |fields: &[String]| {
        let cells: Vec<String> = fields.iter().map(|f| cell(f, ';')).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    };
    push(&header);
    for l in lines {
        push(&[
            l.line.to_string(),
            outcome_label(locale, &l.outcome),
            l.label.clone().unwrap_or_default(),
            l.client_id.map(|id| id.to_string()).unwrap_or_default(),
            reason_text(locale, l),
        ]);
    }
    out
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_each_line_its_outcome_and_reason_in_portuguese() {
        let lines = vec![
            ImportProblem {
                line: 2,
                outcome: "created".into(),
                label: Some("Ana".into()),
                client_id: Some(7),
                reasons: vec![],
            },
            ImportProblem {
                line: 3,
                outcome: "invalid".into(),
                label: Some("=HYPERLINK(\"x\")".into()),
                client_id: None,
                reasons: vec![("tax_id".into(), "cpf_invalid".into())],
            },
        ];
        let csv = report_csv(Locale::pt_BR, &lines);
        let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(rows[0], "Linha;Resultado;Cliente;Código do cliente;Motivo");
        assert_eq!(rows[1], "2;Criado;Ana;7;");
        assert!(
            rows[2].starts_with("3;Com erro;\"'=HYPERLINK"),
            "{}",
            rows[2]
        );
        assert!(
            rows[2].ends_with(";CPF/CNPJ: CPF inválido: confira os números."),
            "{}",
            rows[2]
        );
    }
}
