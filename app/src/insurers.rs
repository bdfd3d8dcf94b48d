//! Reference data: the insurers (seguradoras) the brokerage works with and the insurance lines
//! (ramos, with their SUSEP code and IOF rate). Seeded with the main ones of the market; admins
//! add, edit and deactivate them (`/admin/seguradoras`, `/admin/ramos`), every change audited.
//! Any signed-in staff member reads them; policy forms offer only the active ones
//! ([`repo::options`]).

use serde::{Deserialize, Serialize};

pub mod api;
mod edit_pages;
mod insurers_page;
mod lines_page;
pub mod parse;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
mod widgets;

pub use edit_pages::{EditInsurerPage, EditLinePage};
pub use insurers_page::InsurersPage;
pub use lines_page::LinesPage;
pub use widgets::family_label;

/// The families a ramo belongs to: the same codes as a client's lines of interest.
pub const FAMILIES: &[&str] = crate::clients::LINES;

/// An insurer, as the pages and the policy forms show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insurer {
    pub id: i64,
    /// Razão social.
    pub legal_name: String,
    /// The name staff use ("Porto Seguro").
    pub name: String,
    /// Masked for display (`61.198.164/0001-60`); `None` when not registered yet.
    pub cnpj: Option<String>,
    /// Código SUSEP/FIP, 5 digits.
    pub susep_code: Option<String>,
    pub active: bool,
}

/// An insurance line (ramo).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceLine {
    pub id: i64,
    /// 2-digit group + 2-digit ramo (`0531`).
    pub susep_code: String,
    pub name: String,
    /// One of [`FAMILIES`].
    pub family: String,
    /// IOF in hundredths of a percent (738 = 7,38%).
    pub iof_rate: i64,
    pub active: bool,
}

/// The active insurers and lines, by name: what a policy form offers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceLists {
    pub insurers: Vec<Insurer>,
    pub lines: Vec<InsuranceLine>,
}

/// What the insurer form sends, as typed. Blank optional fields mean "none".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsurerInput {
    pub legal_name: String,
    pub name: String,
    pub cnpj: Option<String>,
    pub susep_code: Option<String>,
}

/// What the ramo form sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    pub susep_code: String,
    pub name: String,
    pub family: String,
    /// A percentage such as `7,38` or `7.38`.
    pub iof_rate: String,
}

/// An IOF rate in hundredths of a percent as people write it: 738 → `7,38`.
pub fn format_iof(rate: i64) -> String {
    let sign = if rate < 0 { "-" } else { "" };
    let rate = rate.unsigned_abs();
    format!("{sign}{},{:02}", rate / 100, rate % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iof_rate_is_written_with_a_decimal_comma_and_two_places() {
        assert_eq!(format_iof(738), "7,38");
        assert_eq!(format_iof(38), "0,38");
        assert_eq!(format_iof(700), "7,00");
        assert_eq!(format_iof(10_000), "100,00");
        assert_eq!(format_iof(0), "0,00");
    }
}
