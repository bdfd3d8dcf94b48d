//! Message templates: the only messages WhatsApp takes outside the 24-hour window. Their
//! definitions are synced from Meta (a daily job, a button in the composer, and the template
//! status webhook) and every send is built from the synced definition — the parameters the
//! template declares, in its format (positional `{{1}}` or named `{{nome_cliente}}`), each
//! checked against Meta's rules before anything is queued (WHATSAPP.md §1.5: the peers' bugs
//! 132000/132012 come from payloads built by hand).

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{
    graph::{Graph, GraphError},
    TemplateChoice, TemplateParam,
};
use crate::{
    db::Db,
    error::{AppError, FieldErrors},
};

/// The job kind that reads the templates from Meta (payload `{"day": "YYYY-MM-DD"}`).
pub const SYNC_JOB: &str = "whatsapp.templates";

/// Longest text of one header parameter, and of one body parameter (Meta's limits).
pub const HEADER_PARAM_CHARS: usize = 60;
pub const BODY_PARAM_CHARS: usize = 1024;

/// A template as stored: Meta's definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    pub id: i64,
    pub name: String,
    pub language: String,
    pub status: String,
    pub category: Option<String>,
    /// `POSITIONAL` or `NAMED`.
    pub parameter_format: String,
    /// Meta's components array.
    pub components: Value,
}

/// The `{{…}}` placeholders of `text`, each once, in order of appearance.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let key = after[..end].trim();
        if !key.is_empty()
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !found.iter().any(|k| k == key)
        {
            found.push(key.to_owned());
        }
        rest = &after[end + 2..];
    }
    found
}

/// `text` with each placeholder replaced by its value.
fn fill_text(text: &str, values: &[(String, String)]) -> String {
    let mut out = text.to_owned();
    for (key, value) in values {
        for spelling in [format!("{{{{{key}}}}}"), format!("{{{{ {key} }}}}")] {
            out = out.replace(&spelling, value);
        }
    }
    out
}

/// A component of `components` by Meta's type (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`).
fn component<'a>(components: &'a Value, kind: &str) -> Option<&'a Value> {
    components.as_array()?.iter().find(|c| {
        c["type"]
            .as_str()
            .is_some_and(|t| t.eq_ignore_ascii_case(kind))
    })
}

/// The example Meta holds for placeholder `key` (position `index`) of a header or body.
fn example(part: &Value, prefix: &str, key: &str, index: usize) -> Option<String> {
    let example = &part["example"];
    if let Some(named) = example[format!("{prefix}_named_params")].as_array() {
        return named
            .iter()
            .find(|p| p["param_name"].as_str() == Some(key))
            .and_then(|p| p["example"].as_str())
            .map(str::to_owned);
    }
    let positional = &example[prefix];
    // The body's examples are a list of lists; the header's a flat list.
    positional[0][index]
        .as_str()
        .or_else(|| positional[index].as_str())
        .map(str::to_owned)
}

impl Definition {
    fn named(&self) -> bool {
        self.parameter_format.eq_ignore_ascii_case("NAMED")
    }

    /// The header's text, when the header is text (a media header has none).
    fn header_text(&self) -> Option<&str> {
        let header = component(&self.components, "HEADER")?;
        let format = header["format"].as_str().unwrap_or("TEXT");
        format
            .eq_ignore_ascii_case("TEXT")
            .then(|| header["text"].as_str())
            .flatten()
    }

    fn body_text(&self) -> &str {
        component(&self.components, "BODY")
            .and_then(|b| b["text"].as_str())
            .unwrap_or_default()
    }

    /// Whether the CRM can send it: a media header, a button with a parameter, or a kind of
    /// component it does not build (carousel, limited-time offer…) need what the composer does
    /// not ask for yet.
    pub fn supported(&self) -> bool {
        let Some(parts) = self.components.as_array() else {
            return false;
        };
        parts.iter().all(|part| {
            let kind = part["type"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_uppercase();
            match kind.as_str() {
                "HEADER" => part["format"]
                    .as_str()
                    .unwrap_or("TEXT")
                    .eq_ignore_ascii_case("TEXT"),
                "BODY" | "FOOTER" => true,
                "BUTTONS" => part["buttons"].as_array().into_iter().flatten().all(|b| {
                    match b["type"].as_str().unwrap_or_default() {
                        "QUICK_REPLY" | "PHONE_NUMBER" => true,
                        "URL" => placeholders(b["url"].as_str().unwrap_or_default()).is_empty(),
                        _ => false,
                    }
                }),
                _ => false,
            }
        }) && component(&self.components, "BODY").is_some()
    }

    /// The parameters to ask for: (component, placeholder, form field, example, longest).
    fn params(&self) -> Vec<(&'static str, String, String, Option<String>, usize)> {
        let mut params = Vec::new();
        for (part, prefix, field, max) in [
            ("HEADER", "header_text", "header", HEADER_PARAM_CHARS),
            ("BODY", "body_text", "body", BODY_PARAM_CHARS),
        ] {
            let text = match part {
                "HEADER" => self.header_text().unwrap_or_default(),
                _ => self.body_text(),
            };
            let mut keys = placeholders(text);
            if !self.named() {
                // Positional parameters go in the order of their numbers.
                keys.sort_by_key(|k| k.parse::<u32>().unwrap_or(u32::MAX));
            }
            let definition = component(&self.components, part).unwrap_or(&Value::Null);
            for (index, key) in keys.into_iter().enumerate() {
                let ex = example(definition, prefix, &key, index);
                params.push((part, key.clone(), format!("{field}_{key}"), ex, max));
            }
        }
        params
    }

    /// What the composer offers for it.
    pub fn choice(&self) -> TemplateChoice {
        TemplateChoice {
            id: self.id,
            name: self.name.clone(),
            language: self.language.clone(),
            category: self.category.clone(),
            header: self.header_text().map(str::to_owned),
            body: self.body_text().to_owned(),
            footer: component(&self.components, "FOOTER")
                .and_then(|f| f["text"].as_str())
                .map(str::to_owned),
            params: self
                .params()
                .into_iter()
                .map(|(_, key, field, example, max)| TemplateParam {
                    field,
                    placeholder: format!("{{{{{key}}}}}"),
                    example,
                    max,
                })
                .collect(),
            supported: self.supported(),
        }
    }

    /// The `components` of a send with `values` (by form field), and the text the chat shows
    /// for it; every parameter missing or breaking Meta's rules is a field error.
    pub fn fill(&self, values: &HashMap<String, String>) -> Result<(Value, String), AppError> {
        if !self.supported() || !self.status.eq_ignore_ascii_case("APPROVED") {
            return Err(AppError::invalid("template", "wa_template_unavailable"));
        }
        let mut errors = FieldErrors::default();
        let mut header = Vec::new();
        let mut body = Vec::new();
        let mut filled = Vec::new();
        for (part, key, field, _, max) in self.params() {
            let value = values.get(&field).map(|v| v.trim()).unwrap_or_default();
            if let Some(problem) = parameter_problem(value, max) {
                errors.add(&field, problem);
                continue;
            }
            let mut parameter = json!({"type": "text", "text": value});
            if self.named() {
                parameter["parameter_name"] = json!(key);
            }
            match part {
                "HEADER" => header.push(parameter),
                _ => body.push(parameter),
            }
            filled.push((key, value.to_owned()));
        }
        errors.into_result()?;
        let mut components = Vec::new();
        if !header.is_empty() {
            components.push(json!({"type": "header", "parameters": header}));
        }
        if !body.is_empty() {
            components.push(json!({"type": "body", "parameters": body}));
        }
        let mut preview = String::new();
        if let Some(text) = self.header_text() {
            preview.push_str(&fill_text(text, &filled));
            preview.push('\n');
        }
        preview.push_str(&fill_text(self.body_text(), &filled));
        Ok((Value::Array(components), preview))
    }
}

/// Why Meta would refuse `value` as a template parameter, if it would: empty, a line break or
/// tab, more than four spaces in a row (error 132018), or longer than `max`.
pub fn parameter_problem(value: &str, max: usize) -> Option<&'static str> {
    if value.is_empty() {
        Some("value_required")
    } else if value.contains(['\n', '\r', '\t']) {
        Some("wa_param_line_break")
    } else if value.contains("     ") {
        Some("wa_param_spaces")
    } else if value.chars().count() > max {
        Some("wa_param_too_long")
    } else {
        None
    }
}

/// Why a sync did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the Graph API: {0}")]
    Graph(#[from] GraphError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Reads every template from Meta and stores them in place of the old ones; answers how many.
pub async fn sync(db: &Db, graph: &Graph, now: i64) -> Result<u64, SyncError> {
    let templates = graph.templates().await?;
    let mut tx = db.begin().await?;
    let stored = super::repo::replace_templates(&mut tx, &templates, now).await?;
    tx.commit().await?;
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renewal() -> Definition {
        Definition {
            id: 1,
            name: "renovacao_apolice".into(),
            language: "pt_BR".into(),
            status: "APPROVED".into(),
            category: Some("UTILITY".into()),
            parameter_format: "POSITIONAL".into(),
            components: json!([
                {"type": "HEADER", "format": "TEXT", "text": "Apólice {{1}}",
                 "example": {"header_text": ["AUTO-1"]}},
                {"type": "BODY", "text": "Olá {{2}}! A apólice {{1}} vence em {{3}}. {{2}}, podemos conversar?",
                 "example": {"body_text": [["AUTO-1", "Maria", "10/12"]]}},
                {"type": "FOOTER", "text": "Monteiro Seguros"},
                {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Quero renovar"}]}
            ]),
        }
    }

    fn named() -> Definition {
        Definition {
            parameter_format: "NAMED".into(),
            components: json!([{"type": "BODY",
                "text": "Olá {{nome_cliente}}, aqui é {{corretor}}.",
                "example": {"body_text_named_params": [
                    {"param_name": "nome_cliente", "example": "Maria"},
                    {"param_name": "corretor", "example": "Ana"}]}}]),
            ..renewal()
        }
    }

    fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn placeholders_are_read_once_each_in_order_and_only_when_well_formed() {
        assert_eq!(placeholders("{{2}} e {{1}} e {{2}}"), ["2", "1"]);
        assert_eq!(placeholders("Oi {{ nome }}!"), ["nome"]);
        assert!(placeholders("{{}} {{a b}} {{x").is_empty());
    }

    #[test]
    fn positional_parameters_are_sent_in_number_order_per_component_and_fill_the_preview() {
        let form = values(&[
            ("header_1", "AUTO-2025-9"),
            ("body_1", "AUTO-2025-9"),
            ("body_2", "João"),
            ("body_3", "15/12/2026"),
        ]);
        let (components, preview) = renewal().fill(&form).unwrap();
        assert_eq!(
            components,
            json!([
                {"type": "header", "parameters": [{"type": "text", "text": "AUTO-2025-9"}]},
                {"type": "body", "parameters": [
                    {"type": "text", "text": "AUTO-2025-9"},
                    {"type": "text", "text": "João"},
                    {"type": "text", "text": "15/12/2026"}]}
            ])
        );
        assert_eq!(
            preview,
            "Apólice AUTO-2025-9\nOlá João! A apólice AUTO-2025-9 vence em 15/12/2026. João, podemos conversar?"
        );
    }

    #[test]
    fn named_parameters_carry_their_names() {
        let form = values(&[("body_nome_cliente", "Maria"), ("body_corretor", "Ana")]);
        let (components, preview) = named().fill(&form).unwrap();
        assert_eq!(
            components,
            json!([{"type": "body", "parameters": [
                {"type": "text", "parameter_name": "nome_cliente", "text": "Maria"},
                {"type": "text", "parameter_name": "corretor", "text": "Ana"}]}])
        );
        assert_eq!(preview, "Olá Maria, aqui é Ana.");
    }

    #[test]
    fn every_missing_or_malformed_parameter_is_named_before_anything_is_sent() {
        let form = values(&[
            ("header_1", &"x".repeat(61)),
            ("body_1", "linha\noutra"),
            ("body_2", "muitos      espaços"),
        ]);
        let Err(AppError::Invalid { fields }) = renewal().fill(&form) else {
            panic!("accepted")
        };
        assert_eq!(fields["header_1"], "wa_param_too_long");
        assert_eq!(fields["body_1"], "wa_param_line_break");
        assert_eq!(fields["body_2"], "wa_param_spaces");
        assert_eq!(fields["body_3"], "value_required");
    }

    #[test]
    fn a_template_not_approved_or_needing_media_is_not_sent() {
        let paused = Definition {
            status: "PAUSED".into(),
            ..named()
        };
        let form = values(&[("body_nome_cliente", "Maria"), ("body_corretor", "Ana")]);
        assert!(paused.fill(&form).is_err());
        let media = Definition {
            components: json!([{"type": "HEADER", "format": "DOCUMENT"},
                {"type": "BODY", "text": "Segue a proposta."}]),
            ..renewal()
        };
        assert!(!media.supported());
        assert!(media.fill(&HashMap::new()).is_err());
        let link = Definition {
            components: json!([{"type": "BODY", "text": "Veja"},
                {"type": "BUTTONS", "buttons": [{"type": "URL", "url": "https://m.br/{{1}}"}]}]),
            ..renewal()
        };
        assert!(!link.supported());
    }

    #[test]
    fn the_composer_is_told_each_parameter_with_its_example_and_limit() {
        let choice = renewal().choice();
        let asked: Vec<(&str, &str, Option<&str>, usize)> = choice
            .params
            .iter()
            .map(|p| {
                (
                    p.field.as_str(),
                    p.placeholder.as_str(),
                    p.example.as_deref(),
                    p.max,
                )
            })
            .collect();
        assert_eq!(
            asked,
            [
                ("header_1", "{{1}}", Some("AUTO-1"), 60),
                ("body_1", "{{1}}", Some("AUTO-1"), 1024),
                ("body_2", "{{2}}", Some("Maria"), 1024),
                ("body_3", "{{3}}", Some("10/12"), 1024),
            ]
        );
        assert_eq!(choice.footer.as_deref(), Some("Monteiro Seguros"));
        assert!(choice.supported);
        let named = named().choice();
        assert_eq!(named.params[1].example.as_deref(), Some("Ana"));
    }
}
