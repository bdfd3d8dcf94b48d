//! Clients, the CRM's core: pessoas físicas and jurídicas with their documents, phones, e-mails,
//! address, tags, insurance lines, owner and consent. Staff list, search, create, edit and
//! archive them within their record scope (own, team, all); every change is audited.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

pub mod api;
pub mod columns;
pub mod created;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod export;
mod form_page;
pub mod import;
pub mod lgpd;
mod list_page;
pub mod merge;
mod profile_page;
/// One entry of a timeline (the client's, a Kanban card's history).
pub(crate) use profile_page::timeline::Entry as TimelineItem;
pub mod reassign;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod scope;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod service;

pub use form_page::{EditClientPage, NewClientPage};

/// An audited action on a client or policy, as the client's timeline (and the audit viewer)
/// reads it: the code itself when unknown.
pub fn event_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, code: &str) -> String {
    form_page::labels::event(i18n, code)
}

/// A field of a client or policy named in an audited change: the name itself when unknown.
pub fn field_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, name: &str) -> String {
    let label = form_page::labels::field(i18n, name);
    if label != name {
        return label;
    }
    crate::policies::labels::field(i18n, name)
}
pub use lgpd::{AnonymizeClientPage, DeleteClientPage};
pub use list_page::ClientsPage;
pub use merge::{MergeChoice, MergeClientsPage};
pub use profile_page::ClientProfilePage;

/// Clients per page of the list.
pub const PAGE_SIZE: i64 = 25;

/// Insurance lines a client may be interested in (stored codes; labels in the catalogues).
pub const LINES: &[&str] = &[
    "auto",
    "vida",
    "residencial",
    "empresarial",
    "saude",
    "viagem",
    "rc",
    "outros",
];

/// Where a client came from.
pub const SOURCES: &[&str] = &[
    "indicacao",
    "site",
    "whatsapp",
    "instagram",
    "facebook",
    "google",
    "evento",
    "outro",
];

/// Kinds of phone.
pub const PHONE_KINDS: &[&str] = &["mobile", "home", "work", "other"];

/// Brazilian states (UF) an address may be in.
pub const STATES: &[&str] = &[
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB", "PR",
    "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
];

/// Pessoa física or jurídica.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    Pf,
    Pj,
}

impl ClientKind {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pf => "pf",
            Self::Pj => "pj",
        }
    }

    /// Parses the stored code.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pf" => Some(Self::Pf),
            "pj" => Some(Self::Pj),
            _ => None,
        }
    }
}

/// One phone as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneInput {
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub kind: String,
    pub whatsapp: Option<String>,
}

/// What the client form sends: raw text, parsed and validated by the service. Blank fields
/// mean "none".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    pub trade_name: Option<String>,
    pub tax_id: Option<String>,
    pub birth_date: Option<String>,
    pub profession: Option<String>,
    pub contact_name: Option<String>,
    #[serde(default)]
    pub phones: Vec<PhoneInput>,
    #[serde(default)]
    pub emails: Vec<String>,
    /// Comma-separated.
    pub tags: Option<String>,
    #[serde(default)]
    pub lines: Vec<String>,
    pub source: Option<String>,
    pub cep: Option<String>,
    pub street: Option<String>,
    pub street_number: Option<String>,
    pub complement: Option<String>,
    pub district: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub notes: Option<String>,
    pub marketing_consent: Option<String>,
    pub consent_channel: Option<String>,
}

/// A phone as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    pub e164: String,
    pub display: String,
    pub kind: String,
    pub whatsapp: bool,
}

/// One line of the clients list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    pub id: i64,
    pub kind: ClientKind,
    pub name: String,
    pub trade_name: Option<String>,
    /// Masked CPF/CNPJ.
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub owner: Option<String>,
    pub archived: bool,
}

/// Everything about one client, for the profile and the edit form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub id: i64,
    pub kind: ClientKind,
    pub name: String,
    pub trade_name: Option<String>,
    /// Masked CPF/CNPJ.
    pub tax_id: Option<String>,
    pub birth_date: Option<Date>,
    pub profession: Option<String>,
    pub contact_name: Option<String>,
    pub phones: Vec<Phone>,
    pub emails: Vec<String>,
    pub tags: Vec<String>,
    pub lines: Vec<String>,
    pub source: Option<String>,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub team: Option<String>,
    pub cep: Option<String>,
    pub street: Option<String>,
    pub street_number: Option<String>,
    pub complement: Option<String>,
    pub district: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub notes: Option<String>,
    pub marketing_consent: bool,
    pub consent_at: Option<OffsetDateTime>,
    pub consent_channel: Option<String>,
    pub archived_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// How the list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientSort {
    #[default]
    Name,
    Newest,
    Updated,
}

impl ClientSort {
    /// Parses the URL value (unknown values sort by name).
    pub fn parse(raw: Option<&str>) -> Self {
        match raw {
            Some("recentes") => Self::Newest,
            Some("atualizados") => Self::Updated,
            _ => Self::Name,
        }
    }

    /// The URL value.
    pub fn as_param(self) -> &'static str {
        match self {
            Self::Name => "nome",
            Self::Newest => "recentes",
            Self::Updated => "atualizados",
        }
    }
}

/// What the list is filtered by, read from the URL (so a filtered list can be shared).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientFilter {
    pub query: Option<String>,
    pub kind: Option<ClientKind>,
    pub owner_id: Option<i64>,
    pub tag: Option<String>,
    pub line: Option<String>,
    pub city: Option<String>,
    /// Created on or after this São Paulo calendar day (`aaaa-mm-dd`, as the date input sends
    /// it; kept as typed so a bad value can be shown back with its error).
    pub created_from: Option<String>,
    /// Created on or before this São Paulo calendar day (`aaaa-mm-dd`).
    pub created_until: Option<String>,
    pub archived: bool,
    pub sort: ClientSort,
    pub page: i64,
}

/// One page of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPage {
    pub rows: Vec<ClientSummary>,
    pub total: i64,
    pub page: i64,
    /// The staff who may own clients, for the owner filter (id, name).
    pub owners: Vec<(i64, String)>,
}

/// One page of a client's timeline, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinePage {
    pub entries: Vec<TimelineEntry>,
    /// From 1.
    pub page: i64,
    /// Whether older entries follow.
    pub more: bool,
}

/// One entry of a client's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: OffsetDateTime,
    /// `note`, `call`, or an audit action such as `client.update`.
    pub kind: String,
    pub author: Option<String>,
    pub body: Option<String>,
    /// Field changes for audit entries: (field, before, after).
    pub changes: Vec<(String, Option<String>, Option<String>)>,
}

/// A likely duplicate found while saving.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub id: i64,
    pub name: String,
    /// What matched: `tax_id`, `phone`, `email` or `name_birth_date`.
    pub reason: String,
}
