//! The pt-BR and English catalogues must offer the same keys with the same placeholders, so no
//! screen silently falls back to another language.

use std::collections::BTreeMap;

fn load(locale: &str) -> BTreeMap<String, String> {
    let path = format!("{}/locales/{locale}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut flat = BTreeMap::new();
    flatten("", &json, &mut flat);
    flat
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, inner, out);
            }
        }
        other => {
            out.insert(
                prefix.to_owned(),
                other.as_str().unwrap_or_default().to_owned(),
            );
        }
    }
}

fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split("{{")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("}}")
                .map(|(name, _)| name.trim().to_owned())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn both_catalogues_have_the_same_keys() {
    let (pt, en) = (load("pt-BR"), load("en"));
    let only_pt: Vec<_> = pt.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !pt.contains_key(*k)).collect();
    assert!(
        only_pt.is_empty() && only_en.is_empty(),
        "only in pt-BR: {only_pt:?}; only in en: {only_en:?}"
    );
}

#[test]
fn translations_use_the_same_placeholders() {
    let (pt, en) = (load("pt-BR"), load("en"));
    for (key, text) in &pt {
        if let Some(other) = en.get(key) {
            assert_eq!(placeholders(text), placeholders(other), "{key}");
        }
    }
}

#[test]
fn no_translation_is_empty() {
    for locale in ["pt-BR", "en"] {
        for (key, text) in load(locale) {
            assert!(!text.trim().is_empty(), "{locale}: {key} is empty");
        }
    }
}
