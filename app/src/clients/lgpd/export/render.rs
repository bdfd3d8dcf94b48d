//! The export's two renderings: a JSON document, and a CSV of `seção;campo;valor` lines.

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;

use super::{instant, DataExport, Fields};

fn object(fields: &Fields) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

impl DataExport {
    /// The export as a JSON document: `{"generated_at", "client": {…}, "phones": […], …}`.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("generated_at".to_owned(), instant(Some(self.generated_at)));
        for (key, _, records) in &self.sections {
            let value = if *key == "client" {
                records.first().map(object).unwrap_or(Value::Null)
            } else {
                Value::Array(records.iter().map(object).collect())
            };
            out.insert((*key).to_owned(), value);
        }
        Value::Object(out)
    }

    /// The export as CSV: a `seção;campo;valor` header, then one line per field of each record
    /// (records of a list numbered from 1: `telefone 2`).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}seção;campo;valor\r\n");
        let mut line = |section: &str, field: &str, value: &str| {
            let cells = [section, field, value].map(|c| crate::audit::csv::cell(c, ';'));
            out.push_str(&cells.join(";"));
            out.push_str("\r\n");
        };
        line(
            "exportação",
            "gerada_em",
            &self.generated_at.format(&Rfc3339).unwrap_or_default(),
        );
        for (key, label, records) in &self.sections {
            for (n, record) in records.iter().enumerate() {
                let section = if *key == "client" {
                    (*label).to_owned()
                } else {
                    format!("{label} {}", n + 1)
                };
                for (field, value) in record {
                    line(&section, field, &csv_value(value));
                }
            }
        }
        out
    }
}

/// A value as a spreadsheet cell reads it: text as it is, yes/no in Portuguese, nothing for
/// null, other JSON as JSON.
fn csv_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "sim".to_owned(),
        Value::Bool(false) => "não".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;

    fn sample() -> DataExport {
        DataExport {
            generated_at: datetime!(2026-11-30 12:00 UTC),
            sections: vec![
                (
                    "client",
                    "cliente",
                    vec![vec![
                        ("name", json!("João; \"Jota\"")),
                        ("notes", json!("=HYPERLINK(\"x\")")),
                        ("birth_date", Value::Null),
                        ("marketing_consent", json!(true)),
                    ]],
                ),
                (
                    "phones",
                    "telefone",
                    vec![
                        vec![("number", json!("+5531988887777"))],
                        vec![("number", json!("+5531333344444"))],
                    ],
                ),
                ("emails", "e-mail", vec![]),
            ],
        }
    }

    #[test]
    fn the_json_has_the_client_as_an_object_and_each_list_as_an_array() {
        let json = sample().to_json();
        assert_eq!(json["client"]["name"], "João; \"Jota\"");
        assert_eq!(json["phones"][1]["number"], "+5531333344444");
        assert_eq!(json["emails"], json!([]));
        assert_eq!(json["generated_at"], "2026-11-30T12:00:00Z");
    }

    #[test]
    fn the_csv_is_one_line_per_field_with_bom_semicolons_quotes_and_defused_formulas() {
        let csv = sample().to_csv();
        assert!(csv.starts_with("\u{feff}seção;campo;valor\r\n"), "{csv}");
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines,
            [
                "seção;campo;valor",
                "exportação;gerada_em;2026-11-30T12:00:00Z",
                "cliente;name;\"João; \"\"Jota\"\"\"",
                "cliente;notes;\"'=HYPERLINK(\"\"x\"\")\"",
                "cliente;birth_date;",
                "cliente;marketing_consent;sim",
                "telefone 1;number;'+5531988887777",
                "telefone 2;number;'+5531333344444",
            ]
        );
    }
}
