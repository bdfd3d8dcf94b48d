//! Merging two clients that are the same person (issue 5). On `/clientes/{id}/mesclar/{other}`
//! an admin, or a manager who sees both, picks field by field which value stays; phones,
//! e-mails, tags and lines of interest of the two are united; notes, calls, consent history and
//! import lines of the other client move to this one, which keeps its id; the other client is
//! deleted. One transaction, audited as `client.merge` on the client kept (with
//! `client.merged_into` on the other's trail). Users may not merge (403, audited as
//! `authz.denied`).
//!
//! The choosing is plain data and plain functions ([`merged`]), shared by the page (which shows
//! the result of the defaults) and the service (which stores it).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ClientDetail, ClientKind, Phone};
use crate::error::AppError;

mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::MergeClientsPage;

/// Most phones, e-mails or tags the client kept may end up with (what the form allows).
pub const MAX_UNITED: usize = 10;

/// Which of the two clients a value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The client kept (`id`).
    This,
    /// The client merged into it and deleted (`other`).
    Other,
}

/// The fields chosen one by one (everything else is united or follows a rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    /// The CPF/CNPJ, with the kind (pessoa física or jurídica) that goes with it.
    TaxId,
    BirthDate,
    Profession,
    TradeName,
    ContactName,
    Source,
    /// CEP, street, number, complement, district, city and state, as one block.
    Address,
    Notes,
    /// The owner ("Responsável") and their team.
    Owner,
}

impl Field {
    /// Every field, in the order the page shows them.
    pub const ALL: [Field; 10] = [
        Field::Name,
        Field::TaxId,
        Field::BirthDate,
        Field::Profession,
        Field::TradeName,
        Field::ContactName,
        Field::Source,
        Field::Address,
        Field::Notes,
        Field::Owner,
    ];

    /// The form's name for the field (`keep[…]`).
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::TaxId => "tax_id",
            Field::BirthDate => "birth_date",
            Field::Profession => "profession",
            Field::TradeName => "trade_name",
            Field::ContactName => "contact_name",
            Field::Source => "source",
            Field::Address => "address",
            Field::Notes => "notes",
            Field::Owner => "owner",
        }
    }
}

/// Which side each field is kept from; a field not sent takes its default ([`side`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeChoice {
    pub name: Option<Side>,
    pub tax_id: Option<Side>,
    pub birth_date: Option<Side>,
    pub profession: Option<Side>,
    pub trade_name: Option<Side>,
    pub contact_name: Option<Side>,
    pub source: Option<Side>,
    pub address: Option<Side>,
    pub notes: Option<Side>,
    pub owner: Option<Side>,
}

impl MergeChoice {
    /// What was chosen for `field`, if anything.
    pub fn get(&self, field: Field) -> Option<Side> {
        match field {
            Field::Name => self.name,
            Field::TaxId => self.tax_id,
            Field::BirthDate => self.birth_date,
            Field::Profession => self.profession,
            Field::TradeName => self.trade_name,
            Field::ContactName => self.contact_name,
            Field::Source => self.source,
            Field::Address => self.address,
            Field::Notes => self.notes,
            Field::Owner => self.owner,
        }
    }
}

/// What the merge page shows: the two clients and how much hangs on the other one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergePair {
    pub this: ClientDetail,
    pub other: ClientDetail,
    /// Notes and logged calls of the other client (they move).
    pub notes: i64,
    /// Consent history rows of the other client (they move).
    pub consents: i64,
    /// Spreadsheet import lines that point at the other client (they move).
    pub import_rows: i64,
}

/// A field's value as the page shows it and as blankness is judged (`None` when blank).
pub fn shown(field: Field, c: &ClientDetail) -> Option<String> {
    let some = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
    match field {
        Field::Name => Some(c.name.clone()),
        Field::TaxId => some(&c.tax_id),
        Field::BirthDate => c.birth_date.map(crate::format::date_br),
        Field::Profession => some(&c.profession),
        Field::TradeName => some(&c.trade_name),
        Field::ContactName => some(&c.contact_name),
        Field::Source => some(&c.source),
        Field::Address => {
            let street = [&c.street, &c.street_number, &c.complement]
                .into_iter()
                .filter_map(some)
                .collect::<Vec<_>>()
                .join(", ");
            let parts: Vec<String> = [Some(street), some(&c.district), some(&c.city)]
                .into_iter()
                .flatten()
                .chain(some(&c.state))
                .chain(some(&c.cep).map(|cep| format!("CEP {cep}")))
                .filter(|p| !p.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" – "))
        }
        Field::Notes => some(&c.notes),
        Field::Owner => some(&c.owner).or_else(|| c.owner_id.map(|id| format!("#{id}"))),
    }
}

/// The side `field` is kept from: the one chosen, else this client's value, unless it is blank
/// and the other's is not.
pub fn side(field: Field, keep: &MergeChoice, this: &ClientDetail, other: &ClientDetail) -> Side {
    keep.get(field).unwrap_or_else(|| {
        if shown(field, this).is_none() && shown(field, other).is_some() {
            Side::Other
        } else {
            Side::This
        }
    })
}

/// Phones of both, this client's first; a number on both keeps this one's kind and is a
/// WhatsApp if either says so.
pub fn unite_phones(this: &[Phone], other: &[Phone]) -> Vec<Phone> {
    let mut out: Vec<Phone> = this.to_vec();
    for phone in other {
        match out.iter_mut().find(|p| p.e164 == phone.e164) {
            Some(known) => known.whatsapp |= phone.whatsapp,
            None => out.push(phone.clone()),
        }
    }
    out
}

/// `this` then what `other` adds, without repeats (`same` tells repeats apart).
pub fn unite(this: &[String], other: &[String], same: fn(&str, &str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in this.iter().chain(other) {
        if !out.iter().any(|v| same(v, value)) {
            out.push(value.clone());
        }
    }
    out
}

/// The client kept, as it will be: each chosen field from its side, contacts, tags and lines
/// united, marketing consent if either gave it. Refused (the field's name) when the union of
/// phones, e-mails or tags is longer than [`MAX_UNITED`].
pub fn merged(
    this: &ClientDetail,
    other: &ClientDetail,
    keep: &MergeChoice,
) -> Result<ClientDetail, &'static str> {
    let from_other = |field| side(field, keep, this, other) == Side::Other;
    let mut m = this.clone();
    if from_other(Field::Name) {
        m.name = other.name.clone();
    }
    if from_other(Field::TaxId) {
        (m.kind, m.tax_id) = (other.kind, other.tax_id.clone());
    }
    if from_other(Field::BirthDate) {
        m.birth_date = other.birth_date;
    }
    if from_other(Field::Profession) {
        m.profession = other.profession.clone();
    }
    if from_other(Field::TradeName) {
        m.trade_name = other.trade_name.clone();
    }
    if from_other(Field::ContactName) {
        m.contact_name = other.contact_name.clone();
    }
    if from_other(Field::Source) {
        m.source = other.source.clone();
    }
    if from_other(Field::Address) {
        m.cep = other.cep.clone();
        m.street = other.street.clone();
        m.street_number = other.street_number.clone();
        m.complement = other.complement.clone();
        m.district = other.district.clone();
        m.city = other.city.clone();
        m.state = other.state.clone();
    }
    if from_other(Field::Notes) {
        m.notes = other.notes.clone();
    }
    if from_other(Field::Owner) {
        (m.owner_id, m.owner, m.team) = (other.owner_id, other.owner.clone(), other.team.clone());
    }
    // What a pessoa física or jurídica does not have (the form drops it the same way).
    match m.kind {
        ClientKind::Pf => (m.trade_name, m.contact_name) = (None, None),
        ClientKind::Pj => (m.birth_date, m.profession) = (None, None),
    }
    m.phones = unite_phones(&this.phones, &other.phones);
    m.emails = unite(&this.emails, &other.emails, |a, b| {
        a.eq_ignore_ascii_case(b)
    });
    m.tags = unite(&this.tags, &other.tags, |a, b| {
        a.to_lowercase() == b.to_lowercase()
    });
    m.lines = unite(&this.lines, &other.lines, |a, b| a == b);
    for (field, n) in [
        ("phones", m.phones.len()),
        ("emails", m.emails.len()),
        ("tags", m.tags.len()),
    ] {
        if n > MAX_UNITED {
            return Err(field);
        }
    }
    if !this.marketing_consent && other.marketing_consent {
        m.marketing_consent = true;
        m.consent_channel = other.consent_channel.clone();
        m.consent_at = other.consent_at;
    }
    Ok(m)
}

/// The two clients side by side for the merge page (admins, and managers who see both).
#[server(prefix = "/api", endpoint = "merge_preview")]
pub async fn merge_preview(id: i64, other: i64) -> Result<MergePair, AppError> {
    crate::error::respond(
        async {
            use crate::auth::{permissions::Action, server::require};
            let user = require(Action::MergeClients).await?.0;
            let state = expect_context::<crate::state::AppState>();
            let scope = super::scope::Scope::of(&state.db, &user).await?;
            service::preview(&state.db, &scope, id, other).await
        }
        .await,
    )
}

/// Merges client `other` into client `id` as `keep` says, then opens client `id`'s page.
#[server(prefix = "/api", endpoint = "merge_clients")]
pub async fn merge_clients(
    id: i64,
    other: i64,
    #[server(default)] keep: MergeChoice,
) -> Result<(), AppError> {
    crate::error::respond(
        async {
            use crate::auth::{permissions::Action, server::require};
            let user = require(Action::MergeClients).await?.0;
            let state = expect_context::<crate::state::AppState>();
            let scope = super::scope::Scope::of(&state.db, &user).await?;
            let now = state.clock.now();
            service::merge(&state.db, &user, &scope, id, other, &keep, now).await
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/clientes/{id}"));
    Ok(())
}

#[cfg(test)]
mod tests;
