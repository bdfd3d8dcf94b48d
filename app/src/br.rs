//! Brazilian identifiers as parsed newtypes: CPF and CNPJ (tax ids), phone numbers, CEP, money
//! in reais and percentages, vehicle placas and chassis.
//!
//! Each type is built only through `parse`, which accepts what people type or paste (masks,
//! spaces, lowercase letters) and keeps one canonical form. The types serialise as that canonical
//! string and deserialise through `parse`, so a value that crossed the wire is always valid.
//! Errors are catalogue keys (`"cpf_invalid"`, `"phone_ddd_invalid"` …) for the UI to translate.
//! Everything here is pure Rust and runs on both the server and the browser.

mod cep;
mod money;
mod phone;
mod tax_id;
mod vehicle;

pub use cep::Cep;
pub use money::{Money, Rate, MAX_CENTAVOS};
pub use phone::{phone_search_keys, PhoneBr};
pub use tax_id::{Cnpj, Cpf, TaxId};
pub use vehicle::{Chassis, Plate};

/// `raw` without whitespace and without any of the `separators`.
///
/// All whitespace counts, not only the space bar: numbers pasted from PDFs and spreadsheets bring
/// tabs and non-breaking spaces.
fn compact(raw: &str, separators: &[char]) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && !separators.contains(c))
        .collect()
}

/// Whether every character of `s` is the same one (`111.111.111-11` passes the arithmetic but is
/// not a real number).
fn all_equal(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => true,
    }
}
