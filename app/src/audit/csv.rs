//! The audit trail as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read accents).
//! Cells that a spreadsheet would run as a formula are prefixed with `'`.

use super::AuditRow;

const HEADER: &[&str] = &[
    "id",
    "occurred_at_utc",
    "actor_id",
    "actor_email",
    "action",
    "entity_type",
    "entity_id",
    "changes",
    "client_ip",
    "user_agent",
    "request_id",
];

/// One CSV cell for a file whose fields are separated by `separator` (`,` here, `;` in the
/// clients export): a value a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading `'`; a value holding the separator, a quote
/// or a line break is quoted (RFC 4180).
pub fn cell(value: &str, separator: char) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The rows as a CSV document.
pub fn to_csv(rows: &[AuditRow]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for row in rows {
        let when = row
            .occurred_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let fields = [
            row.id.to_string(),
            when,
            row.actor_id.map(|id| id.to_string()).unwrap_or_default(),
            row.actor_email.clone().unwrap_or_default(),
            row.action.clone(),
            row.entity_type.clone().unwrap_or_default(),
            row.entity_id.clone().unwrap_or_default(),
            row.changes
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            row.client_ip.clone().unwrap_or_default(),
            row.user_agent.clone().unwrap_or_default(),
            row.request_id.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| cell(f, ',')).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_commas_quotes_or_newlines_are_quoted() {
        assert_eq!(cell("simples", ','), "simples");
        assert_eq!(cell("a,b", ','), "\"a,b\"");
        assert_eq!(cell("diz \"oi\"", ','), "\"diz \"\"oi\"\"\"");
        assert_eq!(cell("linha\nduas", ','), "\"linha\nduas\"");
        assert_eq!(cell("a;b", ';'), "\"a;b\"");
        assert_eq!(cell("a,b", ';'), "a,b");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")", ','), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("@SUM(A1)", ','), "'@SUM(A1)");
        assert_eq!(cell("-1", ','), "'-1");
    }
}
