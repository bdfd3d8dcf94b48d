//! Finding clients: the words a client is found by (`clients.search_text`, indexed by SQLite FTS5
//! or a PostgreSQL `tsvector`) and the query built from what a person types. Both sides are
//! folded the same way (lower case, no accents, split on anything not a letter or digit), so
//! "joao" finds "João", and numbers are indexed in the forms people type them: CPF/CNPJ digits,
//! phones with and without +55, the DDD or the nono dígito.

use unicode_normalization::UnicodeNormalization;

use crate::br::{phone_search_keys, PhoneBr, TaxId};

/// Lower case without accents: "Conceição" → "conceicao".
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The folded words of `text`, split on anything that is not a letter or a digit.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What a client is indexed under.
pub struct Searchable<'a> {
    pub name: &'a str,
    pub trade_name: Option<&'a str>,
    pub contact_name: Option<&'a str>,
    pub tax_id: Option<&'a TaxId>,
    pub phones: &'a [PhoneBr],
    pub emails: &'a [String],
    pub tags: &'a [String],
    pub city: Option<&'a str>,
}

/// The text stored in `clients.search_text`: space-separated folded words and number keys.
pub fn search_text(client: &Searchable<'_>) -> String {
    let mut out: Vec<String> = Vec::new();
    for text in [
        Some(client.name),
        client.trade_name,
        client.contact_name,
        client.city,
    ]
    .into_iter()
    .flatten()
    {
        out.extend(words(text));
    }
    if let Some(tax_id) = client.tax_id {
        out.push(tax_id.as_str().to_lowercase());
    }
    for phone in client.phones {
        for variant in phone.variants() {
            let digits: String = variant.chars().filter(char::is_ascii_digit).collect();
            // +55 31 98888-8888 → 5531988888888, 31988888888 and 988888888.
            if let Some(national) = digits.strip_prefix("55") {
                out.push(national[2..].to_owned());
                out.push(national.to_owned());
            }
            out.push(digits);
        }
    }
    for email in client.emails {
        out.extend(words(email));
    }
    for tag in client.tags {
        out.extend(words(tag));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|w| seen.insert(w.clone()));
    out.join(" ")
}

/// One term of a query: a word that must match as a prefix, or a number that may match any of
/// several keys (with or without the nono dígito, with or without +55).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    Word(String),
    AnyOf(Vec<String>),
}

/// Longest query taken into account, in characters.
const MAX_QUERY: usize = 200;
/// Most terms a query may hold (the rest is ignored).
const MAX_TERMS: usize = 8;

/// The terms of what a person typed. Input that looks like one number (digits with the usual
/// punctuation) is one term; anything else is split into words.
pub fn terms(query: &str) -> Vec<Term> {
    let query: String = query.chars().take(MAX_QUERY).collect();
    let query = query.trim();
    if query.is_empty() {
        return Vec::new();
    }
    if let Ok(tax_id) = TaxId::parse(query) {
        return vec![Term::AnyOf(vec![tax_id.as_str().to_lowercase()])];
    }
    let is_number = query
        .chars()
        .all(|c| c.is_ascii_digit() || " .-/()+".contains(c));
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    if is_number && digits.len() >= 3 {
        let mut keys = phone_search_keys(query);
        keys.push(digits);
        let mut seen = std::collections::HashSet::new();
        keys.retain(|k| !k.is_empty() && seen.insert(k.clone()));
        return vec![Term::AnyOf(keys)];
    }
    words(query)
        .into_iter()
        .take(MAX_TERMS)
        .map(Term::Word)
        .collect()
}

/// The FTS5 `MATCH` expression for `terms` (every term required, each a prefix).
pub fn fts5_query(terms: &[Term]) -> String {
    // Words hold only letters and digits, so quoting them is enough to keep FTS syntax out.
    let quoted = |w: &str| format!("\"{w}\"*");
    terms
        .iter()
        .map(|term| match term {
            Term::Word(w) => quoted(w),
            Term::AnyOf(keys) => {
                let alternatives: Vec<String> = keys.iter().map(|k| quoted(k)).collect();
                format!("({})", alternatives.join(" OR "))
            }
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The PostgreSQL `to_tsquery('simple', …)` text for `terms` (every term required, prefixes).
pub fn tsquery(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|term| match term {
            Term::Word(w) => format!("{w}:*"),
            Term::AnyOf(keys) => {
                let alternatives: Vec<String> = keys.iter().map(|k| format!("{k}:*")).collect();
                format!("({})", alternatives.join(" | "))
            }
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("João Conceição ÁLVARO"), "joao conceicao alvaro");
        assert_eq!(words("Ana-Maria d'Ávila"), ["ana", "maria", "d", "avila"]);
    }

    #[test]
    fn a_client_is_indexed_by_name_document_phone_variants_email_and_tags() {
        let phone = PhoneBr::parse("(31) 98888-7777").unwrap();
        let tax_id = TaxId::parse("529.982.247-25").unwrap();
        let text = search_text(&Searchable {
            name: "João da Silva",
            trade_name: None,
            contact_name: None,
            tax_id: Some(&tax_id),
            phones: &[phone],
            emails: &["joao.silva@exemplo.com.br".to_owned()],
            tags: &["VIP".to_owned()],
            city: Some("São Paulo"),
        });
        let words: Vec<&str> = text.split(' ').collect();
        for expected in [
            "joao",
            "silva",
            "52998224725",
            "5531988887777",
            "31988887777",
            "988887777",
            "553188887777",
            "3188887777",
            "88887777",
            "exemplo",
            "vip",
            "sao",
            "paulo",
        ] {
            assert!(words.contains(&expected), "{expected} missing in {text}");
        }
    }

    #[test]
    fn a_number_typed_any_way_is_one_term_and_words_are_prefixes() {
        assert_eq!(
            terms("529.982.247-25"),
            [Term::AnyOf(vec!["52998224725".into()])]
        );
        let Term::AnyOf(keys) = &terms("(31) 98888-7777")[0] else {
            panic!("a phone is one term");
        };
        assert!(keys.contains(&"31988887777".to_owned()), "{keys:?}");
        assert_eq!(
            terms("  Joao  SILVA "),
            [Term::Word("joao".into()), Term::Word("silva".into())]
        );
        assert!(terms("   ").is_empty());
    }

    #[test]
    fn hostile_input_cannot_escape_the_query_syntax() {
        let t = terms(r#"ana" OR "*" NEAR(x) -- ; DROP"#);
        assert!(t
            .iter()
            .all(|t| matches!(t, Term::Word(w) if w.chars().all(char::is_alphanumeric))));
        assert_eq!(fts5_query(&terms("ana souza")), r#""ana"* AND "souza"*"#);
        assert_eq!(tsquery(&terms("ana souza")), "ana:* & souza:*");
        assert!(terms(&"a ".repeat(500)).len() <= MAX_TERMS);
    }
}
