//! Column administration for admins and managers: add, rename, recolour, reorder and delete a
//! board's columns, say what each means (open, won, lost, done) and set its WIP limit and SLA.
//! Deleting a column that holds cards asks where they go (they keep their order, at the bottom
//! of that column). Every change is audited and makes open boards read themselves again.

use serde::{Deserialize, Serialize};

use super::Outcome;

pub mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::ColumnsPage;

/// Longest column name, in characters.
pub const MAX_NAME: usize = 60;
/// Highest WIP limit and SLA (days) accepted.
pub const MAX_WIP: i64 = 999;
pub const MAX_SLA_DAYS: i64 = 3650;

/// The colours a column may have: (stored hex, key of its name). The board draws each with a
/// class (`kanban-color-<hex digits>`): the page's security policy allows no inline style.
pub const PALETTE: &[(&str, &str)] = &[
    ("#0b5394", "blue"),
    ("#198754", "green"),
    ("#b02a37", "red"),
    ("#495057", "grey"),
    ("#b35c00", "orange"),
    ("#6f42c1", "purple"),
    ("#0f7b8a", "teal"),
    ("#8a6d00", "ochre"),
];

/// The class that colours a column (unknown colours draw as the first of the palette).
pub fn color_class(hex: &str) -> String {
    let hex = PALETTE
        .iter()
        .find(|(h, _)| h.eq_ignore_ascii_case(hex))
        .map_or(PALETTE[0].0, |(h, _)| h);
    format!("kanban-color-{}", hex.trim_start_matches('#'))
}

/// The column form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnInput {
    pub name: String,
    /// `open`, `won`, `lost` or `done`.
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub color: String,
    #[serde(default)]
    pub wip_limit: String,
    #[serde(default)]
    pub sla_days: String,
}

/// A column's settings, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnSettings {
    pub name: String,
    pub outcome: Outcome,
    pub color: String,
    pub wip_limit: Option<i64>,
    pub sla_days: Option<i64>,
}

/// A column of the administration page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnRow {
    pub id: i64,
    pub name: String,
    pub outcome: Outcome,
    pub color: String,
    pub wip_limit: Option<i64>,
    pub sla_days: Option<i64>,
    pub cards: i64,
}

/// The administration page of a board's columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnsAdmin {
    pub slug: String,
    pub name: String,
    pub columns: Vec<ColumnRow>,
}

/// A whole number between 1 and `max`, or nothing when blank.
fn optional_count(typed: &str, max: i64) -> Result<Option<i64>, &'static str> {
    match typed.trim() {
        "" => Ok(None),
        typed => match typed.parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => Ok(Some(n)),
            _ => Err("count_invalid"),
        },
    }
}

impl ColumnInput {
    /// The settings, or the message key of each wrong field.
    pub fn parse(&self) -> Result<ColumnSettings, crate::error::FieldErrors> {
        let mut errors = crate::error::FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            errors.add("name", "value_required");
        } else if name.chars().count() > MAX_NAME {
            errors.add("name", "text_too_long");
        }
        let outcome = match self.outcome.trim() {
            "" => Some(Outcome::Open),
            code => Outcome::parse(code),
        };
        if outcome.is_none() {
            errors.add("outcome", "value_invalid");
        }
        let color = match self.color.trim() {
            "" => Some(PALETTE[0].0),
            typed => PALETTE
                .iter()
                .find(|(h, _)| h.eq_ignore_ascii_case(typed))
                .map(|(h, _)| *h),
        };
        if color.is_none() {
            errors.add("color", "value_invalid");
        }
        let wip_limit = optional_count(&self.wip_limit, MAX_WIP).unwrap_or_else(|key| {
            errors.add("wip_limit", key);
            None
        });
        let sla_days = optional_count(&self.sla_days, MAX_SLA_DAYS).unwrap_or_else(|key| {
            errors.add("sla_days", key);
            None
        });
        match (errors.is_empty(), outcome, color) {
            (true, Some(outcome), Some(color)) => Ok(ColumnSettings {
                name: name.to_owned(),
                outcome,
                color: color.to_owned(),
                wip_limit,
                sla_days,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, outcome: &str, color: &str, wip: &str, sla: &str) -> ColumnInput {
        ColumnInput {
            name: name.into(),
            outcome: outcome.into(),
            color: color.into(),
            wip_limit: wip.into(),
            sla_days: sla.into(),
        }
    }

    #[test]
    fn a_column_needs_a_name_a_known_meaning_a_palette_colour_and_sane_limits() {
        let ok = input(" Em análise ", "won", "#198754", "5", "")
            .parse()
            .unwrap();
        assert_eq!(ok.name, "Em análise");
        assert_eq!(
            (ok.outcome, ok.wip_limit, ok.sla_days),
            (Outcome::Won, Some(5), None)
        );
        let defaults = input("Nova", "", "", "", "").parse().unwrap();
        assert_eq!(
            (defaults.outcome, defaults.color.as_str()),
            (Outcome::Open, "#0b5394")
        );
        let err = input(" ", "talvez", "#ffffff", "0", "99999")
            .parse()
            .unwrap_err();
        assert_eq!(err.get("name"), Some("value_required"));
        assert_eq!(err.get("outcome"), Some("value_invalid"));
        assert_eq!(err.get("color"), Some("value_invalid"));
        assert_eq!(err.get("wip_limit"), Some("count_invalid"));
        assert_eq!(err.get("sla_days"), Some("count_invalid"));
        assert!(input(&"x".repeat(61), "", "", "abc", "").parse().is_err());
    }

    #[test]
    fn every_colour_has_its_class_and_an_unknown_one_draws_as_the_first() {
        assert_eq!(color_class("#198754"), "kanban-color-198754");
        assert_eq!(color_class("#B02A37"), "kanban-color-b02a37");
        assert_eq!(color_class("#ffffff"), "kanban-color-0b5394");
    }
}
