//! The audit trail: who did what to which record, when, from where. Rows are written by
//! [`record`] inside the transaction of the change they describe, and never updated or deleted
//! (the database refuses it). Admins read it in the viewer (`/admin/auditoria`), filtered and
//! paginated, and export it as CSV.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
mod server;
mod viewer;

#[cfg(feature = "ssr")]
pub use server::{change, record, AuditEntry, Changes, ClientIp, RequestMeta};
pub use viewer::{action_label, list_audit, AuditPage, AuditViewerPage, ListAudit};

/// Rows per page in the viewer.
pub const PAGE_SIZE: i64 = 50;

/// What the viewer filters by. Dates are calendar days in São Paulo time, both inclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub actor_id: Option<i64>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl AuditFilter {
    /// Builds a filter from the form's text fields; blank fields mean "any". Answers the
    /// catalogue key of the first bad field.
    pub fn parse(
        actor: Option<&str>,
        action: Option<&str>,
        entity_type: Option<&str>,
        entity_id: Option<&str>,
        from: Option<&str>,
        until: Option<&str>,
    ) -> Result<Self, (&'static str, &'static str)> {
        let text = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| v.chars().take(100).collect::<String>())
        };
        let date = |field: &'static str, v: Option<&str>| match text(v) {
            None => Ok(None),
            Some(v) => parse_date(&v).map(Some).ok_or((field, "date_invalid")),
        };
        let actor_id = match text(actor) {
            None => None,
            Some(v) => Some(v.parse::<i64>().map_err(|_| ("actor", "value_invalid"))?),
        };
        let filter = Self {
            actor_id,
            action: text(action),
            entity_type: text(entity_type),
            entity_id: text(entity_id),
            from: date("from", from)?,
            until: date("until", until)?,
        };
        if let (Some(from), Some(until)) = (filter.from, filter.until) {
            if until < from {
                return Err(("until", "date_range_invalid"));
            }
        }
        Ok(filter)
    }

    /// The instants the dates cover: from the start of `from` to the end of `until`, São Paulo.
    pub fn range(&self) -> (Option<OffsetDateTime>, Option<OffsetDateTime>) {
        crate::format::sao_paulo_days(self.from, self.until)
    }
}

/// Parses `aaaa-mm-dd` (what `<input type="date">` sends).
pub fn parse_date(raw: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw, &format).ok()
}

/// One row of the trail, as the viewer shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub occurred_at: OffsetDateTime,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub action: String,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub changes: Option<serde_json::Value>,
    pub request_id: Option<String>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
}

/// One changed field: `{"from": …, "to": …}` in the stored diff (either side may be absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Splits a stored `changes` value into field changes for display. Values that are not
/// `{from, to}` pairs are shown as the new value.
pub fn field_changes(changes: &serde_json::Value) -> Vec<FieldChange> {
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let Some(map) = changes.as_object() else {
        return vec![FieldChange {
            field: String::new(),
            from: None,
            to: Some(show(changes)),
        }];
    };
    map.iter()
        .map(|(field, value)| {
            let pair = value
                .as_object()
                .filter(|o| o.keys().all(|k| k == "from" || k == "to") && !o.is_empty());
            match pair {
                Some(pair) => FieldChange {
                    field: field.clone(),
                    from: pair.get("from").map(show),
                    to: pair.get("to").map(show),
                },
                None => FieldChange {
                    field: field.clone(),
                    from: None,
                    to: Some(show(value)),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::{date, datetime};

    #[test]
    fn blank_filter_fields_mean_any_and_bad_dates_are_named() {
        let f = AuditFilter::parse(
            Some(""),
            Some(" user.update "),
            None,
            None,
            Some("2026-11-01"),
            None,
        )
        .unwrap();
        assert_eq!(f.action.as_deref(), Some("user.update"));
        assert_eq!(f.actor_id, None);
        assert_eq!(f.from, Some(date!(2026 - 11 - 01)));
        assert_eq!(
            AuditFilter::parse(None, None, None, None, Some("01/11/2026"), None),
            Err(("from", "date_invalid"))
        );
        assert_eq!(
            AuditFilter::parse(
                None,
                None,
                None,
                None,
                Some("2026-11-02"),
                Some("2026-11-01")
            ),
            Err(("until", "date_range_invalid"))
        );
        assert_eq!(
            AuditFilter::parse(Some("1 OR 1=1"), None, None, None, None, None),
            Err(("actor", "value_invalid"))
        );
    }

    #[test]
    fn a_date_range_covers_whole_days_in_sao_paulo() {
        let f = AuditFilter {
            from: Some(date!(2026 - 11 - 24)),
            until: Some(date!(2026 - 11 - 24)),
            ..Default::default()
        };
        assert_eq!(
            f.range(),
            (
                Some(datetime!(2026-11-24 03:00 UTC)),
                Some(datetime!(2026-11-25 03:00 UTC))
            )
        );
    }

    #[test]
    fn diffs_become_field_changes_and_plain_values_are_shown_as_new() {
        let changes = json!({
            "role": { "from": "user", "to": "manager" },
            "email": "ana@monteiro.com.br",
            "team_id": { "from": 1, "to": null },
        });
        let fields = field_changes(&changes);
        assert_eq!(
            fields,
            vec![
                FieldChange {
                    field: "email".into(),
                    from: None,
                    to: Some("ana@monteiro.com.br".into())
                },
                FieldChange {
                    field: "role".into(),
                    from: Some("user".into()),
                    to: Some("manager".into())
                },
                FieldChange {
                    field: "team_id".into(),
                    from: Some("1".into()),
                    to: Some("null".into())
                },
            ]
        );
    }
}
