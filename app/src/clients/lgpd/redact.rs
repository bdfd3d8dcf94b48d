//! Taking a person's data out of the audit trail's `changes` when they are anonymised.
//!
//! * The rows about the client lose every value except those an anonymised client keeps
//!   (kind, lines, source, city, state, consent flag, owner): what changed and when stays
//!   provable, the personal values do not.
//! * A row about something else than a client keeps its values, except a text that holds one
//!   of the person's identifiers (full name, CPF/CNPJ, a phone, an e-mail), which is replaced
//!   whole. (Rows about other clients are not touched: see `repo::audit_to_redact`.)

use serde_json::Value;

use crate::clients::search;

/// What a removed value reads.
pub const REDACTED: &str = "[removido]";

/// Fields of a client's audit rows whose values are not personal data of the client.
const KEPT: &[&str] = &[
    "kind",
    "lines",
    "source",
    "city",
    "state",
    "marketing_consent",
    "owner_id",
    "owner",
    "team_id",
    "team",
    "format",
    "redacted_audit_rows",
];

/// The identifiers of a person looked for in free text.
#[derive(Clone, Debug, Default)]
pub struct Identifiers {
    /// Folded words of the full name (matched as a whole run of words).
    name: Vec<String>,
    /// Digit strings (CPF/CNPJ, phones in their usual forms) and lower-cased e-mails and
    /// alphanumeric CNPJs.
    tokens: Vec<String>,
    /// Lower-cased texts to look for in the stored JSON: the tokens, the phones as people write
    /// them and the longest word of the name as written.
    needles: Vec<String>,
}

impl Identifiers {
    /// The identifiers of a person named `name` with `tax_id` (as stored), `phones` (E.164) and
    /// `emails`.
    pub fn new(name: &str, tax_id: Option<&str>, phones: &[String], emails: &[String]) -> Self {
        let mut tokens = Vec::new();
        let mut needles = Vec::new();
        if let Some(tax_id) = tax_id {
            tokens.push(tax_id.to_lowercase());
        }
        for phone in phones {
            if let Ok(phone) = crate::br::PhoneBr::parse(phone) {
                needles.push(phone.display());
            }
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            // +55 31 98888-7777 is also written 31988887777 and 988887777.
            if let Some(national) = digits.strip_prefix("55") {
                tokens.push(national.to_owned());
                if national.len() > 2 {
                    tokens.push(national[2..].to_owned());
                }
            }
            tokens.push(digits);
        }
        tokens.extend(emails.iter().map(|e| e.to_lowercase()));
        tokens.retain(|t| t.len() >= 6);
        needles.extend(tokens.iter().cloned());
        if let Some(longest) = name.split_whitespace().max_by_key(|w| w.chars().count()) {
            needles.push(longest.to_lowercase());
        }
        Self {
            name: search::words(name),
            tokens,
            needles,
        }
    }

    /// Whether `text` holds one of the identifiers.
    pub fn found_in(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let compact: String = lower
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        if self.tokens.iter().any(|t| {
            lower.contains(t.as_str())
                || (t.chars().all(|c| c.is_ascii_digit()) && digits.contains(t.as_str()))
                || compact.contains(t.as_str())
        }) {
            return true;
        }
        let words = search::words(text);
        !self.name.is_empty() && words.windows(self.name.len()).any(|w| w == self.name)
    }

    /// Lower-cased texts worth searching the audit trail for: a row whose lower-cased
    /// `changes` holds none of them is left alone.
    pub fn needles(&self) -> &[String] {
        &self.needles
    }
}

/// Every value of `value` replaced by [`REDACTED`] (nulls stay null, the shape stays).
fn blank(value: &Value) -> Value {
    match value {
        Value::Null => Value::Null,
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), blank(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(blank).collect()),
        _ => Value::String(REDACTED.to_owned()),
    }
}

/// `value` with every text that holds one of `who`'s identifiers replaced.
pub fn scrub(value: &Value, who: &Identifiers) -> Value {
    match value {
        Value::String(text) if who.found_in(text) => Value::String(REDACTED.to_owned()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), scrub(v, who)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| scrub(v, who)).collect()),
        other => other.clone(),
    }
}

/// The `changes` of an audit row about the anonymised client: only [`KEPT`] fields keep their
/// values (still scrubbed of `who`'s identifiers).
pub fn redact_own(changes: &Value, who: &Identifiers) -> Value {
    match changes {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(field, value)| {
                    let kept = if KEPT.contains(&field.as_str()) {
                        scrub(value, who)
                    } else {
                        blank(value)
                    };
                    (field.clone(), kept)
                })
                .collect(),
        ),
        other => blank(other),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn joao() -> Identifiers {
        Identifiers::new(
            "João Conceição da Silva",
            Some("52998224725"),
            &["+5531988887777".to_owned()],
            &["joao.silva@exemplo.com.br".to_owned()],
        )
    }

    #[test]
    fn a_clients_own_rows_keep_only_what_is_not_personal() {
        let changes = json!({
            "name": { "from": null, "to": "João Conceição da Silva" },
            "tax_id": { "from": null, "to": "529.***.***-25" },
            "phones": { "from": "(31) 98888-7777 (mobile WhatsApp)", "to": "" },
            "city": { "from": "Belo Horizonte", "to": "Contagem" },
            "lines": { "from": "", "to": "auto" },
            "notes": { "from": null, "to": "Ligou às 10h" },
        });
        assert_eq!(
            redact_own(&changes, &joao()),
            json!({
                "name": { "from": null, "to": REDACTED },
                "tax_id": { "from": null, "to": REDACTED },
                "phones": { "from": REDACTED, "to": REDACTED },
                "city": { "from": "Belo Horizonte", "to": "Contagem" },
                "lines": { "from": "", "to": "auto" },
                "notes": { "from": null, "to": REDACTED },
            })
        );
        assert_eq!(redact_own(&json!("João"), &joao()), json!(REDACTED));
    }

    #[test]
    fn other_rows_lose_only_the_texts_that_name_the_person() {
        let who = joao();
        let changes = json!({
            "note": "cliente joão conceição  DA SILVA pediu retorno",
            "cpf": "529.982.247-25",
            "phone": "(31) 98888-7777",
            "mail": "Escreveu de JOAO.SILVA@exemplo.com.br",
            "other": "Maria da Silva",
            "first_name_only": "João",
            "count": 3,
        });
        assert_eq!(
            scrub(&changes, &who),
            json!({
                "note": REDACTED,
                "cpf": REDACTED,
                "phone": REDACTED,
                "mail": REDACTED,
                "other": "Maria da Silva",
                "first_name_only": "João",
                "count": 3,
            })
        );
    }

    #[test]
    fn the_audit_trail_is_searched_for_documents_phones_as_written_and_the_longest_name_word() {
        let who = joao();
        let needles = who.needles();
        for needle in [
            "52998224725",
            "31988887777",
            "(31) 98888-7777",
            "joao.silva@exemplo.com.br",
            "conceição",
        ] {
            assert!(needles.iter().any(|n| n == needle), "{needle}: {needles:?}");
        }
    }
}
