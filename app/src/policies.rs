//! Policies (apólices): every policy the brokerage sells, from the quote to its renewal or
//! cancellation, with its money in integer centavos (prêmio líquido, adicional de fracionamento,
//! custo de apólice, IOF, prêmio total, commission) and its vigência as calendar dates. A policy
//! is seen by whoever may see its client; every change is audited and shows on the client's
//! timeline. Cancelling an issued policy records the commission's chargeback (estorno).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

pub mod api;
mod client_section;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod documents;
mod form_page;
pub mod labels;
mod list_page;
mod policy_page;
pub mod premium;
pub mod renewals;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

pub use client_section::{client_policies, ClientPolicies};
pub use form_page::{EditPolicyPage, NewPolicyPage};
pub use list_page::PoliciesPage;
pub use policy_page::PolicyPage;

/// Policies per page of the list.
pub const PAGE_SIZE: i64 = 25;

/// Where a policy stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyStatus {
    /// Em cotação.
    Quote,
    /// Proposta (sent to the insurer).
    Proposal,
    /// Vigente (issued).
    Active,
    /// Renovada (a newer policy continues it).
    Renewed,
    /// Cancelada.
    Cancelled,
    /// Vencida (ended without renewal).
    Expired,
}

impl PolicyStatus {
    /// Every status, in the order of a policy's life.
    pub const ALL: [Self; 6] = [
        Self::Quote,
        Self::Proposal,
        Self::Active,
        Self::Renewed,
        Self::Cancelled,
        Self::Expired,
    ];

    /// The statuses the form may set; the others come from renewing, cancelling or expiring.
    pub const EDITABLE: [Self; 3] = [Self::Quote, Self::Proposal, Self::Active];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Quote => "quote",
            Self::Proposal => "proposal",
            Self::Active => "active",
            Self::Renewed => "renewed",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    /// Parses the stored code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Whether the policy was issued (it earns commission).
    pub fn is_issued(self) -> bool {
        matches!(self, Self::Active | Self::Renewed | Self::Expired)
    }
}

/// What the policy form sends: raw text, parsed and validated by the service. Blank fields
/// mean "none"; a blank IOF is computed from the ramo's rate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicyInput {
    pub client_id: String,
    pub insurer_id: String,
    pub line_id: String,
    pub product: Option<String>,
    pub proposal_number: Option<String>,
    pub policy_number: Option<String>,
    pub status: String,
    /// `aaaa-mm-dd`, as the date input sends it.
    pub starts_on: String,
    pub ends_on: String,
    pub net_premium: String,
    pub installment_fee: Option<String>,
    pub policy_fee: Option<String>,
    pub iof: Option<String>,
    pub installments: String,
    pub commission_rate: String,
    pub owner_id: Option<String>,
    /// `vehicle`, `property` or blank.
    pub item_kind: Option<String>,
    pub vehicle_plate: Option<String>,
    pub vehicle_chassis: Option<String>,
    pub vehicle_model: Option<String>,
    pub vehicle_year: Option<String>,
    pub bonus_class: Option<String>,
    pub property_cep: Option<String>,
    pub property_address: Option<String>,
    pub notes: Option<String>,
}

/// One line of a policies list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySummary {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub insurer: String,
    pub line: String,
    pub policy_number: Option<String>,
    pub proposal_number: Option<String>,
    pub status: PolicyStatus,
    pub starts_on: Date,
    pub ends_on: Date,
    pub total_premium: i64,
    pub commission: i64,
    pub owner: Option<String>,
}

/// Everything about one policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDetail {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub insurer_id: i64,
    pub insurer: String,
    pub line_id: i64,
    pub line: String,
    pub line_code: String,
    pub product: Option<String>,
    pub proposal_number: Option<String>,
    pub policy_number: Option<String>,
    pub status: PolicyStatus,
    pub starts_on: Date,
    pub ends_on: Date,
    pub net_premium: i64,
    pub installment_fee: i64,
    pub policy_fee: i64,
    pub iof: i64,
    pub total_premium: i64,
    pub installments: i64,
    /// Hundredths of a percent.
    pub commission_rate: i64,
    pub commission: i64,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub item_kind: Option<String>,
    pub vehicle_plate: Option<String>,
    pub vehicle_chassis: Option<String>,
    pub vehicle_model: Option<String>,
    pub vehicle_year: Option<i64>,
    pub bonus_class: Option<i64>,
    pub property_cep: Option<String>,
    pub property_address: Option<String>,
    pub notes: Option<String>,
    pub cancelled_on: Option<Date>,
    pub cancel_reason: Option<String>,
    /// The policy this one renews.
    pub renews_id: Option<i64>,
    /// The policy that renews this one.
    pub renewed_by_id: Option<i64>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// One expected commission (per instalment) or chargeback of a policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionEntry {
    pub id: i64,
    /// `installment` or `estorno`.
    pub kind: String,
    pub installment: i64,
    pub due_on: Date,
    /// Centavos; negative for an estorno.
    pub amount: i64,
    pub received_on: Option<Date>,
    pub statement_ref: Option<String>,
}

/// How the list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicySort {
    /// Vigência end, soonest first.
    #[default]
    EndsOn,
    /// Newest first.
    Newest,
    /// Client name.
    Client,
}

impl PolicySort {
    /// Parses the URL value (unknown values sort by vigência end).
    pub fn parse(raw: Option<&str>) -> Self {
        match raw {
            Some("recentes") => Self::Newest,
            Some("cliente") => Self::Client,
            _ => Self::EndsOn,
        }
    }

    /// The URL value.
    pub fn as_param(self) -> &'static str {
        match self {
            Self::EndsOn => "vencimento",
            Self::Newest => "recentes",
            Self::Client => "cliente",
        }
    }
}

/// What the list is filtered by, read from the URL (so a filtered list can be shared).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyFilter {
    /// Policy or proposal number, or the client's name.
    pub query: Option<String>,
    pub status: Option<PolicyStatus>,
    pub insurer_id: Option<i64>,
    pub line_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub client_id: Option<i64>,
    /// Vigência ending on or after this day (`aaaa-mm-dd`, kept as typed).
    pub ends_from: Option<String>,
    /// Vigência ending on or before this day (`aaaa-mm-dd`).
    pub ends_until: Option<String>,
    /// Issued policies whose vigência ends within this many days from today (São Paulo).
    pub expiring_days: Option<i64>,
    pub sort: PolicySort,
    pub page: i64,
}

/// One page of the list, with what its filters offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPage {
    pub rows: Vec<PolicySummary>,
    pub total: i64,
    pub page: i64,
    /// Sum of the prêmio total of every policy the filter finds (not only this page).
    pub total_premium: i64,
    pub options: FormOptions,
}

/// An insurer a policy may be placed with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsurerOption {
    pub id: i64,
    pub name: String,
}

/// A ramo a policy may be of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineOption {
    pub id: i64,
    pub susep_code: String,
    pub name: String,
    pub family: String,
    /// Hundredths of a percent.
    pub iof_rate: i64,
}

/// The choices the form and the filters offer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOptions {
    pub insurers: Vec<InsurerOption>,
    pub lines: Vec<LineOption>,
    /// Staff a policy may be given to (id, name).
    pub owners: Vec<(i64, String)>,
}
