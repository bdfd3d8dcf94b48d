//! The list's "criado entre" filter: two São Paulo calendar days (both inclusive) read from the
//! address as `criado_de` / `criado_ate`, checked on the server (a bad date or an end before
//! the start is a field error), and turned into a bound condition on `clients.created_at`.

use time::Date;

use super::ClientFilter;
use crate::error::AppError;

/// The days of `filter`'s created range, or the field error of the first bad one
/// (`created_from` / `created_until`, with `date_invalid` or `date_range_invalid`).
pub fn created_days(filter: &ClientFilter) -> Result<(Option<Date>, Option<Date>), AppError> {
    let day = |field: &str, raw: &Option<String>| match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(raw) => crate::audit::parse_date(raw)
            .map(Some)
            .ok_or_else(|| AppError::invalid(field, "date_invalid")),
    };
    let from = day("created_from", &filter.created_from)?;
    let until = day("created_until", &filter.created_until)?;
    if let (Some(from), Some(until)) = (from, until) {
        if until < from {
            return Err(AppError::invalid("created_until", "date_range_invalid"));
        }
    }
    Ok((from, until))
}

/// The SQL conditions (on clients `c`) keeping what `filter`'s created range covers; days that
/// do not parse add nothing (the service refuses them before any query).
#[cfg(feature = "ssr")]
pub fn conditions(
    backend: crate::db::Backend,
    filter: &ClientFilter,
    args: &mut super::repo::Args,
) -> Vec<String> {
    let Ok((from, until)) = created_days(filter) else {
        return Vec::new();
    };
    let (start, end) = crate::format::sao_paulo_days(from, until);
    let mut bound = |at: time::OffsetDateTime| match backend {
        // SQLite keeps instants as UTC RFC 3339 text, which sorts like time.
        crate::db::Backend::Sqlite => args.text(crate::audit::repo::sqlite_instant(at)),
        crate::db::Backend::Postgres => {
            format!("CAST({} AS TIMESTAMPTZ)", args.text(rfc3339(at)))
        }
    };
    let mut conditions = Vec::new();
    if let Some(start) = start {
        conditions.push(format!("c.created_at >= {}", bound(start)));
    }
    if let Some(end) = end {
        conditions.push(format!("c.created_at < {}", bound(end)));
    }
    conditions
}

#[cfg(feature = "ssr")]
fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn filter(from: &str, until: &str) -> ClientFilter {
        let some = |v: &str| Some(v.to_owned());
        ClientFilter {
            created_from: some(from),
            created_until: some(until),
            ..ClientFilter::default()
        }
    }

    #[test]
    fn blank_days_mean_any_and_either_end_may_be_open() {
        assert_eq!(created_days(&ClientFilter::default()), Ok((None, None)));
        assert_eq!(created_days(&filter(" ", "")), Ok((None, None)));
        assert_eq!(
            created_days(&filter("2026-11-01", "")),
            Ok((Some(date!(2026 - 11 - 01)), None))
        );
        assert_eq!(
            created_days(&filter("2026-11-01", "2026-11-01")),
            Ok((Some(date!(2026 - 11 - 01)), Some(date!(2026 - 11 - 01))))
        );
    }

    #[test]
    fn a_bad_day_or_an_end_before_the_start_is_a_field_error() {
        assert_eq!(
            created_days(&filter("01/11/2026", "")),
            Err(AppError::invalid("created_from", "date_invalid"))
        );
        assert_eq!(
            created_days(&filter("", "2026-02-30")),
            Err(AppError::invalid("created_until", "date_invalid"))
        );
        assert_eq!(
            created_days(&filter("2026-11-02", "2026-11-01")),
            Err(AppError::invalid("created_until", "date_range_invalid"))
        );
        assert_eq!(
            created_days(&filter("' OR 1=1--", "")),
            Err(AppError::invalid("created_from", "date_invalid"))
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_range_is_bound_as_whole_sao_paulo_days_on_each_engine() {
        use crate::db::Backend;
        let mut args = crate::clients::repo::Args::default();
        let found = conditions(
            Backend::Sqlite,
            &filter("2026-11-24", "2026-11-24"),
            &mut args,
        );
        assert_eq!(
            found,
            ["c.created_at >= $1", "c.created_at < $2"],
            "placeholders only, never the text"
        );
        let texts: Vec<String> = args
            .iter()
            .map(|a| match a {
                crate::clients::repo::Arg::Text(t) => t.clone(),
                crate::clients::repo::Arg::Int(i) => i.to_string(),
                crate::clients::repo::Arg::Date(d) => d.to_string(),
            })
            .collect();
        assert_eq!(
            texts,
            ["2026-11-24T03:00:00.000Z", "2026-11-25T03:00:00.000Z"]
        );
        let mut args = crate::clients::repo::Args::default();
        assert_eq!(
            conditions(Backend::Postgres, &filter("", "2026-11-24"), &mut args),
            ["c.created_at < CAST($1 AS TIMESTAMPTZ)"]
        );
        let mut args = crate::clients::repo::Args::default();
        assert!(conditions(Backend::Sqlite, &filter("x", ""), &mut args).is_empty());
        assert!(args.is_empty());
    }
}
