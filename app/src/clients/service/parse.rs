//! Turning what the client form sent into a [`Record`], or field errors (catalogue keys) for
//! everything wrong at once. Field names are the form's: `name`, `tax_id`, `phones.0`, …

use time::Date;

use crate::{
    br::{Cep, PhoneBr, TaxId},
    clients::{repo::Record, search, ClientInput, ClientKind, LINES, PHONE_KINDS, SOURCES, STATES},
    error::{AppError, FieldErrors},
    users::{normalize_email, validate_email},
};

/// Longest free-text field (names, address parts), in characters.
const MAX_TEXT: usize = 200;
/// Longest notes, in characters.
const MAX_NOTES: usize = 5_000;
/// Most phones, e-mails or tags a client may have.
const MAX_ITEMS: usize = 10;
/// Longest tag, in characters.
const MAX_TAG: usize = 40;

/// Trimmed text with inner whitespace collapsed; `None` when blank.
fn text(raw: Option<&str>, field: &str, max: usize, errors: &mut FieldErrors) -> Option<String> {
    let cleaned = raw?.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.chars().count() > max {
        errors.add(field, "text_too_long");
    }
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Multi-line text, trimmed; `None` when blank.
fn long_text(raw: Option<&str>, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let cleaned = raw?.trim().replace("\r\n", "\n");
    if cleaned.chars().count() > MAX_NOTES {
        errors.add(field, "text_too_long");
    }
    (!cleaned.is_empty()).then_some(cleaned)
}

fn one_of(
    raw: Option<&str>,
    allowed: &[&str],
    field: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let value = raw.map(str::trim).filter(|v| !v.is_empty())?;
    if allowed.contains(&value) {
        Some(value.to_owned())
    } else {
        errors.add(field, "value_invalid");
        None
    }
}

fn birth_date(raw: Option<&str>, errors: &mut FieldErrors) -> Option<Date> {
    let raw = raw.map(str::trim).filter(|v| !v.is_empty())?;
    match crate::audit::parse_date(raw) {
        Some(date) if date.year() >= 1900 && date.year() <= 2100 => Some(date),
        _ => {
            errors.add("birth_date", "date_invalid");
            None
        }
    }
}

fn tax_id(raw: Option<&str>, kind: ClientKind, errors: &mut FieldErrors) -> Option<String> {
    let raw = raw.map(str::trim).filter(|v| !v.is_empty())?;
    match (TaxId::parse(raw), kind) {
        (Ok(TaxId::Cpf(cpf)), ClientKind::Pf) => Some(cpf.as_str().to_owned()),
        (Ok(TaxId::Cnpj(cnpj)), ClientKind::Pj) => Some(cnpj.as_str().to_owned()),
        (Ok(_), ClientKind::Pf) | (Err(_), ClientKind::Pf) => {
            errors.add("tax_id", "cpf_invalid");
            None
        }
        (Ok(_), ClientKind::Pj) | (Err(_), ClientKind::Pj) => {
            errors.add("tax_id", "cnpj_invalid");
            None
        }
    }
}

fn phones(input: &ClientInput, errors: &mut FieldErrors) -> Vec<(PhoneBr, String, bool)> {
    let mut out: Vec<(PhoneBr, String, bool)> = Vec::new();
    for (i, phone) in input.phones.iter().enumerate().take(MAX_ITEMS) {
        if phone.number.trim().is_empty() {
            continue;
        }
        let field = format!("phones.{i}");
        match PhoneBr::parse(&phone.number) {
            Ok(parsed) if out.iter().any(|(p, _, _)| p == &parsed) => {
                errors.add(&field, "phone_repeated");
            }
            Ok(parsed) => {
                let kind = if PHONE_KINDS.contains(&phone.kind.as_str()) {
                    phone.kind.clone()
                } else if parsed.is_mobile() {
                    "mobile".to_owned()
                } else {
                    "home".to_owned()
                };
                out.push((parsed, kind, phone.whatsapp.is_some()));
            }
            Err(key) => errors.add(&field, key),
        }
    }
    out
}

fn emails(input: &ClientInput, errors: &mut FieldErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in input.emails.iter().enumerate().take(MAX_ITEMS) {
        let email = normalize_email(raw);
        if email.is_empty() || out.contains(&email) {
            continue;
        }
        match validate_email(&email) {
            Ok(()) => out.push(email),
            Err(key) => errors.add(&format!("emails.{i}"), key),
        }
    }
    out
}

/// Comma-separated tags (client tags, card labels): trimmed, one per spelling (accents and case
/// aside), each at most 40 characters, at most 10; `tags_invalid` on `field` otherwise.
pub(crate) fn tags(raw: Option<&str>, field: &str, errors: &mut FieldErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in raw.unwrap_or_default().split(',') {
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
        if tag.is_empty() || out.iter().any(|t| search::fold(t) == search::fold(&tag)) {
            continue;
        }
        if tag.chars().count() > MAX_TAG || out.len() >= MAX_ITEMS {
            errors.add(field, "tags_invalid");
            break;
        }
        out.push(tag);
    }
    out
}

/// Parses and validates the whole form; every problem is reported at once.
pub fn parse_input(input: ClientInput) -> Result<Record, AppError> {
    let mut errors = FieldErrors::default();
    let kind = ClientKind::parse(input.kind.trim()).unwrap_or_else(|| {
        errors.add("kind", "value_invalid");
        ClientKind::Pf
    });
    let name = text(Some(&input.name), "name", MAX_TEXT, &mut errors);
    if name.is_none() {
        errors.add("name", "name_required");
    }
    let cep = input
        .cep
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let cep = cep.and_then(|raw| match Cep::parse(raw) {
        Ok(cep) => Some(cep.masked()),
        Err(key) => {
            errors.add("cep", key);
            None
        }
    });
    let state = input.state.as_deref().map(|s| s.trim().to_uppercase());
    let marketing_consent = input.marketing_consent.is_some();
    let mut record = Record {
        kind,
        name: name.unwrap_or_default(),
        trade_name: text(
            input.trade_name.as_deref(),
            "trade_name",
            MAX_TEXT,
            &mut errors,
        )
        .filter(|_| kind == ClientKind::Pj),
        tax_id: tax_id(input.tax_id.as_deref(), kind, &mut errors),
        birth_date: birth_date(input.birth_date.as_deref(), &mut errors)
            .filter(|_| kind == ClientKind::Pf),
        profession: text(
            input.profession.as_deref(),
            "profession",
            MAX_TEXT,
            &mut errors,
        )
        .filter(|_| kind == ClientKind::Pf),
        contact_name: text(
            input.contact_name.as_deref(),
            "contact_name",
            MAX_TEXT,
            &mut errors,
        )
        .filter(|_| kind == ClientKind::Pj),
        phones: phones(&input, &mut errors),
        emails: emails(&input, &mut errors),
        tags: tags(input.tags.as_deref(), "tags", &mut errors),
        lines: input
            .lines
            .iter()
            .filter_map(|l| one_of(Some(l), LINES, "lines", &mut errors))
            .fold(Vec::new(), |mut acc, l| {
                if !acc.contains(&l) {
                    acc.push(l);
                }
                acc
            }),
        source: one_of(input.source.as_deref(), SOURCES, "source", &mut errors),
        cep,
        street: text(input.street.as_deref(), "street", MAX_TEXT, &mut errors),
        street_number: text(
            input.street_number.as_deref(),
            "street_number",
            20,
            &mut errors,
        ),
        complement: text(
            input.complement.as_deref(),
            "complement",
            MAX_TEXT,
            &mut errors,
        ),
        district: text(input.district.as_deref(), "district", MAX_TEXT, &mut errors),
        city: text(input.city.as_deref(), "city", MAX_TEXT, &mut errors),
        state: one_of(state.as_deref(), STATES, "state", &mut errors),
        notes: long_text(input.notes.as_deref(), "notes", &mut errors),
        marketing_consent,
        consent_channel: one_of(
            input.consent_channel.as_deref(),
            &["whatsapp", "email", "telefone", "presencial"],
            "consent_channel",
            &mut errors,
        )
        .filter(|_| marketing_consent),
        search_text: String::new(),
    };
    errors.into_result()?;
    let tax_id = record.tax_id.as_deref().and_then(|t| TaxId::parse(t).ok());
    let phones: Vec<PhoneBr> = record.phones.iter().map(|(p, _, _)| p.clone()).collect();
    record.search_text = search::search_text(&search::Searchable {
        name: &record.name,
        trade_name: record.trade_name.as_deref(),
        contact_name: record.contact_name.as_deref(),
        tax_id: tax_id.as_ref(),
        phones: &phones,
        emails: &record.emails,
        tags: &record.tags,
        city: record.city.as_deref(),
    });
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::PhoneInput;

    fn pf(name: &str, cpf: &str) -> ClientInput {
        ClientInput {
            kind: "pf".into(),
            name: name.into(),
            tax_id: Some(cpf.into()),
            ..ClientInput::default()
        }
    }

    fn fields(err: AppError) -> Vec<(String, String)> {
        match err {
            AppError::Invalid { fields } => fields.into_iter().collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_valid_person_is_normalised_and_indexed() {
        let mut input = pf("  João   da Silva ", "529.982.247-25");
        input.phones = vec![PhoneInput {
            number: "(31) 98888-7777".into(),
            kind: "mobile".into(),
            whatsapp: Some("on".into()),
        }];
        input.emails = vec![" Joao@Exemplo.com.BR ".into(), String::new()];
        input.tags = Some("VIP, vip , renovação".into());
        input.cep = Some("01310100".into());
        let record = parse_input(input).unwrap();
        assert_eq!(record.name, "João da Silva");
        assert_eq!(record.tax_id.as_deref(), Some("52998224725"));
        assert_eq!(record.phones[0].0.e164(), "+5531988887777");
        assert!(record.phones[0].2);
        assert_eq!(record.emails, ["joao@exemplo.com.br"]);
        assert_eq!(record.tags, ["VIP", "renovação"]);
        assert_eq!(record.cep.as_deref(), Some("01310-100"));
        assert!(record.search_text.contains("joao"));
    }

    #[test]
    fn every_bad_field_is_reported_at_once_in_catalogue_keys() {
        let mut input = pf("", "111.111.111-11");
        input.phones = vec![
            PhoneInput {
                number: "(20) 98888-7777".into(),
                ..PhoneInput::default()
            },
            PhoneInput {
                number: "12".into(),
                ..PhoneInput::default()
            },
        ];
        input.emails = vec!["nope".into()];
        input.birth_date = Some("31/02/1990".into());
        input.cep = Some("123".into());
        input.state = Some("XX".into());
        let got = fields(parse_input(input).unwrap_err());
        let keys: Vec<(&str, &str)> = got.iter().map(|(f, k)| (f.as_str(), k.as_str())).collect();
        assert_eq!(
            keys,
            [
                ("birth_date", "date_invalid"),
                ("cep", "cep_invalid"),
                ("emails.0", "email_invalid"),
                ("name", "name_required"),
                ("phones.0", "phone_ddd_invalid"),
                ("phones.1", "phone_invalid"),
                ("state", "value_invalid"),
                ("tax_id", "cpf_invalid"),
            ]
        );
    }

    #[test]
    fn a_company_needs_a_cnpj_and_a_person_a_cpf() {
        let mut company = pf("Monteiro Ltda", "529.982.247-25");
        company.kind = "pj".into();
        assert_eq!(
            fields(parse_input(company).unwrap_err()),
            [("tax_id".to_owned(), "cnpj_invalid".to_owned())]
        );
        let mut company = pf("Monteiro Ltda", "12.ABC.345/01DE-35");
        company.kind = "pj".into();
        company.birth_date = Some("1990-01-01".into());
        let record = parse_input(company).unwrap();
        assert_eq!(record.tax_id.as_deref(), Some("12ABC34501DE35"));
        assert_eq!(record.birth_date, None, "companies have no birth date");
    }

    #[test]
    fn the_same_phone_written_twice_is_an_error_on_the_second() {
        let mut input = pf("Ana", "529.982.247-25");
        input.phones = vec![
            PhoneInput {
                number: "31 98888-7777".into(),
                ..PhoneInput::default()
            },
            PhoneInput {
                number: "+55 31 8888-7777".into(),
                ..PhoneInput::default()
            },
        ];
        assert_eq!(
            fields(parse_input(input).unwrap_err()),
            [("phones.1".to_owned(), "phone_repeated".to_owned())]
        );
    }
}
