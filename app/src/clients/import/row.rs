//! One line of a spreadsheet turned into what the client form would have sent, through the
//! column mapping: spreadsheet conventions (dd/mm/aaaa dates, "PF"/"Pessoa jurídica", "Sim",
//! labels instead of codes, several phones in one cell, state names) are translated here; the
//! form's own parsing then validates the result, so an imported client obeys exactly the rules of
//! a typed one.

use std::collections::BTreeMap;

use crate::{
    br::PhoneBr,
    clients::{
        columns::{code_of, split_many, Column, LINE_LABELS, SOURCE_LABELS},
        ClientInput, PhoneInput,
    },
};

/// Which client field each column of the file feeds (`None`: ignored).
pub type Mapping = Vec<Option<Column>>;

/// The mapping proposed for a header.
pub fn guess_mapping(header: &[String]) -> Mapping {
    let mut taken: Vec<Column> = Vec::new();
    header
        .iter()
        .map(|h| {
            let column = Column::guess(h)?;
            if !column.repeatable() && taken.contains(&column) {
                return None;
            }
            taken.push(column);
            Some(column)
        })
        .collect()
}

/// Why a mapping cannot be used (message keys).
pub fn check_mapping(mapping: &Mapping) -> Result<(), &'static str> {
    if !mapping.contains(&Some(Column::Name)) {
        return Err("import_name_unmapped");
    }
    for column in mapping.iter().flatten() {
        if !column.repeatable() && mapping.iter().filter(|c| **c == Some(*column)).count() > 1 {
            return Err("import_column_twice");
        }
    }
    Ok(())
}

/// The values of a line per client field (repeatable fields keep every non-blank value).
fn values(mapping: &Mapping, cells: &[String]) -> BTreeMap<&'static str, Vec<String>> {
    let mut out: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (column, cell) in mapping.iter().zip(cells) {
        if let Some(column) = column {
            let cell = unguard(cell.trim());
            if !cell.is_empty() {
                out.entry(column.code()).or_default().push(cell.to_owned());
            }
        }
    }
    out
}

/// A cell as written before an export defused it: exports put `'` before a value a spreadsheet
/// would run as a formula (`=`, `+`, `-`, `@`), so it imports back as it was.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

fn one(values: &BTreeMap<&'static str, Vec<String>>, column: Column) -> Option<String> {
    values.get(column.code()).and_then(|v| v.first().cloned())
}

/// A spreadsheet date (dd/mm/aaaa, dd-mm-aaaa, dd.mm.aaaa, dd/mm/aa, or aaaa-mm-dd) in the
/// form's aaaa-mm-dd; anything else is passed on as written, for the form's check to refuse.
pub fn iso_date(raw: &str) -> String {
    let raw = raw.trim();
    let raw = raw.split_whitespace().next().unwrap_or(raw);
    let parts: Vec<&str> = raw.split(['/', '-', '.']).collect();
    let numeric = parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if !numeric || parts.iter().any(|p| p.is_empty()) {
        return raw.to_owned();
    }
    if parts[0].len() == 4 {
        return format!("{}-{:0>2}-{:0>2}", parts[0], parts[1], parts[2]);
    }
    let year = match parts[2].len() {
        4 => parts[2].to_owned(),
        // Two-digit years: a birth date is in the past (this century only up to "30").
        2 => {
            let y: u32 = parts[2].parse().unwrap_or(0);
            format!("{}", if y <= 30 { 2000 + y } else { 1900 + y })
        }
        _ => return raw.to_owned(),
    };
    format!("{year}-{:0>2}-{:0>2}", parts[1], parts[0])
}

fn kind(written: Option<&str>, tax_id: Option<&str>) -> String {
    let folded = written
        .map(crate::clients::search::fold)
        .unwrap_or_default();
    match folded.as_str() {
        "pf" | "f" | "fisica" | "pessoa fisica" | "cpf" => "pf".to_owned(),
        "pj" | "j" | "juridica" | "pessoa juridica" | "empresa" | "cnpj" => "pj".to_owned(),
        "" => {
            let chars = tax_id
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .count();
            if chars == 14 { "pj" } else { "pf" }.to_owned()
        }
        _ => written.unwrap_or_default().to_owned(),
    }
}

fn yes(written: &str) -> Option<bool> {
    match crate::clients::search::fold(written).as_str() {
        "sim" | "s" | "x" | "1" | "true" | "yes" | "y" | "verdadeiro" => Some(true),
        "nao" | "n" | "0" | "false" | "no" | "falso" | "" => Some(false),
        _ => None,
    }
}

fn state(written: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("acre", "AC"),
        ("alagoas", "AL"),
        ("amapa", "AP"),
        ("amazonas", "AM"),
        ("bahia", "BA"),
        ("ceara", "CE"),
        ("distrito federal", "DF"),
        ("espirito santo", "ES"),
        ("goias", "GO"),
        ("maranhao", "MA"),
        ("mato grosso", "MT"),
        ("mato grosso do sul", "MS"),
        ("minas gerais", "MG"),
        ("para", "PA"),
        ("paraiba", "PB"),
        ("parana", "PR"),
        ("pernambuco", "PE"),
        ("piaui", "PI"),
        ("rio de janeiro", "RJ"),
        ("rio grande do norte", "RN"),
        ("rio grande do sul", "RS"),
        ("rondonia", "RO"),
        ("roraima", "RR"),
        ("santa catarina", "SC"),
        ("sao paulo", "SP"),
        ("sergipe", "SE"),
        ("tocantins", "TO"),
    ];
    let folded = crate::clients::search::fold(written);
    NAMES
        .iter()
        .find(|(name, _)| *name == folded)
        .map(|(_, uf)| (*uf).to_owned())
        .unwrap_or_else(|| written.trim().to_uppercase())
}

fn consent_channel(written: &str) -> String {
    let folded = crate::clients::search::fold(written).replace('-', "");
    match folded.as_str() {
        "whatsapp" | "whats" | "zap" => "whatsapp".to_owned(),
        "email" | "correio eletronico" => "email".to_owned(),
        "telefone" | "ligacao" | "fone" => "telefone".to_owned(),
        "presencial" | "pessoalmente" | "loja" => "presencial".to_owned(),
        _ => written.to_owned(),
    }
}

fn phones(values: &BTreeMap<&'static str, Vec<String>>) -> Vec<PhoneInput> {
    let all = |column: Column| -> Vec<String> {
        values
            .get(column.code())
            .map(|cells| cells.iter().flat_map(|c| split_many(c)).collect())
            .unwrap_or_default()
    };
    let same = |a: &str, b: &str| match (PhoneBr::parse(a), PhoneBr::parse(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    let whatsapp = all(Column::Whatsapp);
    let mut out: Vec<PhoneInput> = Vec::new();
    for number in all(Column::Phones)
        .into_iter()
        .chain(whatsapp.iter().cloned())
    {
        if out.iter().any(|p| same(&p.number, &number)) {
            continue;
        }
        let on = whatsapp.iter().any(|w| same(w, &number));
        out.push(PhoneInput {
            number,
            kind: String::new(),
            whatsapp: on.then(|| "on".to_owned()),
        });
    }
    out
}

/// What a line says, as the client form would send it, plus problems found while translating it
/// (field → message key) that the form's own check could not see.
pub fn to_input(mapping: &Mapping, cells: &[String]) -> (ClientInput, Vec<(String, &'static str)>) {
    let values = values(mapping, cells);
    let mut problems = Vec::new();
    let tax_id = one(&values, Column::TaxId);
    let many = |column: Column| -> Vec<String> {
        values
            .get(column.code())
            .map(|cells| cells.iter().flat_map(|c| split_many(c)).collect())
            .unwrap_or_default()
    };
    let lines = many(Column::Lines)
        .into_iter()
        .map(|l| code_of(LINE_LABELS, &l).map_or(l, str::to_owned))
        .collect();
    let source =
        one(&values, Column::Source).map(|s| code_of(SOURCE_LABELS, &s).map_or(s, str::to_owned));
    let consent = match one(&values, Column::MarketingConsent).as_deref().map(yes) {
        Some(None) => {
            problems.push(("marketing_consent".to_owned(), "value_invalid"));
            false
        }
        Some(Some(v)) => v,
        None => false,
    };
    let tags = values
        .get(Column::Tags.code())
        .map(|cells| cells.join(", "));
    let input = ClientInput {
        kind: kind(one(&values, Column::Kind).as_deref(), tax_id.as_deref()),
        name: one(&values, Column::Name).unwrap_or_default(),
        trade_name: one(&values, Column::TradeName),
        tax_id,
        birth_date: one(&values, Column::BirthDate).map(|d| iso_date(&d)),
        profession: one(&values, Column::Profession),
        contact_name: one(&values, Column::ContactName),
        phones: phones(&values),
        emails: many(Column::Emails),
        tags,
        lines,
        source,
        cep: one(&values, Column::Cep),
        street: one(&values, Column::Street),
        street_number: one(&values, Column::StreetNumber),
        complement: one(&values, Column::Complement),
        district: one(&values, Column::District),
        city: one(&values, Column::City),
        state: one(&values, Column::State).map(|s| state(&s)),
        notes: one(&values, Column::Notes),
        marketing_consent: consent.then(|| "on".to_owned()),
        consent_channel: one(&values, Column::ConsentChannel).map(|c| consent_channel(&c)),
    };
    (input, problems)
}

/// The spreadsheet column a form field's error belongs to (`phones.2` → Telefones).
pub fn column_of_field(field: &str) -> Option<Column> {
    let base = field.split('.').next().unwrap_or(field);
    Column::from_code(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn the_proposed_mapping_follows_the_headers_and_never_maps_a_field_twice() {
        let header = cells(&[
            "Nome",
            "CPF",
            "Celular",
            "Telefone",
            "Nome completo",
            "Placa",
        ]);
        assert_eq!(
            guess_mapping(&header),
            vec![
                Some(Column::Name),
                Some(Column::TaxId),
                Some(Column::Phones),
                Some(Column::Phones),
                None,
                None
            ]
        );
    }

    #[test]
    fn a_mapping_needs_the_name_and_single_fields_once() {
        assert_eq!(
            check_mapping(&vec![Some(Column::TaxId)]),
            Err("import_name_unmapped")
        );
        assert_eq!(
            check_mapping(&vec![Some(Column::Name), Some(Column::Name)]),
            Err("import_column_twice")
        );
        assert_eq!(
            check_mapping(&vec![
                Some(Column::Name),
                Some(Column::Phones),
                Some(Column::Phones)
            ]),
            Ok(())
        );
    }

    #[test]
    fn spreadsheet_dates_become_iso_dates() {
        assert_eq!(iso_date("07/03/1985"), "1985-03-07");
        assert_eq!(iso_date("7/3/1985"), "1985-03-07");
        assert_eq!(iso_date("07-03-85"), "1985-03-07");
        assert_eq!(iso_date("07.03.05"), "2005-03-07");
        assert_eq!(iso_date("1985-03-07"), "1985-03-07");
        assert_eq!(iso_date("07/03/1985 00:00:00"), "1985-03-07");
        assert_eq!(iso_date("ontem"), "ontem");
    }

    #[test]
    fn a_line_becomes_the_form_input_with_spreadsheet_conventions_translated() {
        let mapping = vec![
            Some(Column::Name),
            Some(Column::TaxId),
            Some(Column::BirthDate),
            Some(Column::Phones),
            Some(Column::Whatsapp),
            Some(Column::Emails),
            Some(Column::Lines),
            Some(Column::Source),
            Some(Column::State),
            Some(Column::MarketingConsent),
            Some(Column::Tags),
            Some(Column::Tags),
            None,
        ];
        let line = cells(&[
            "Ana Souza",
            "529.982.247-25",
            "07/03/1985",
            "(11) 98765-4321 | 11 3333-4444",
            "11987654321",
            "ana@x.com.br; ana2@y.com",
            "Auto, Saúde",
            "Indicação",
            "São Paulo",
            "Sim",
            "VIP",
            "frota",
            "ignored",
        ]);
        let (input, problems) = to_input(&mapping, &line);
        assert!(problems.is_empty());
        assert_eq!(input.kind, "pf");
        assert_eq!(input.name, "Ana Souza");
        assert_eq!(input.birth_date.as_deref(), Some("1985-03-07"));
        assert_eq!(input.phones.len(), 2, "{:?}", input.phones);
        assert_eq!(input.phones[0].whatsapp.as_deref(), Some("on"));
        assert_eq!(input.phones[1].whatsapp, None);
        assert_eq!(input.emails, vec!["ana@x.com.br", "ana2@y.com"]);
        assert_eq!(input.lines, vec!["auto", "saude"]);
        assert_eq!(input.source.as_deref(), Some("indicacao"));
        assert_eq!(input.state.as_deref(), Some("SP"));
        assert_eq!(input.marketing_consent.as_deref(), Some("on"));
        assert_eq!(input.tags.as_deref(), Some("VIP, frota"));
        assert!(crate::clients::service::parse_input(input).is_ok());
    }

    #[test]
    fn the_kind_comes_from_the_column_or_else_from_the_document() {
        let mapping = vec![Some(Column::Name), Some(Column::TaxId), Some(Column::Kind)];
        let pj = to_input(&mapping, &cells(&["Acme", "11.222.333/0001-81", ""])).0;
        assert_eq!(pj.kind, "pj");
        let written = to_input(&mapping, &cells(&["Acme", "", "Pessoa Jurídica"])).0;
        assert_eq!(written.kind, "pj");
        let unknown = to_input(&mapping, &cells(&["Acme", "", "ONG"])).0;
        assert!(crate::clients::service::parse_input(unknown).is_err());
    }

    #[test]
    fn an_unreadable_consent_is_a_problem_of_the_line() {
        let mapping = vec![Some(Column::Name), Some(Column::MarketingConsent)];
        let (_, problems) = to_input(&mapping, &cells(&["Ana", "talvez"]));
        assert_eq!(
            problems,
            vec![("marketing_consent".to_owned(), "value_invalid")]
        );
    }

    #[test]
    fn a_value_an_export_defused_imports_back_as_it_was() {
        let mapping = vec![Some(Column::Name), Some(Column::Notes)];
        let (input, _) = to_input(&mapping, &cells(&["'+Ana", "'=1+1"]));
        assert_eq!(input.name, "+Ana");
        assert_eq!(input.notes.as_deref(), Some("=1+1"));
        let (input, _) = to_input(&mapping, &cells(&["D'Ávila", "'aspas'"]));
        assert_eq!(input.name, "D'Ávila");
        assert_eq!(input.notes.as_deref(), Some("'aspas'"));
    }

    #[test]
    fn form_fields_point_back_at_their_column() {
        assert_eq!(column_of_field("phones.2"), Some(Column::Phones));
        assert_eq!(column_of_field("tax_id"), Some(Column::TaxId));
        assert_eq!(column_of_field("whatever"), None);
    }
}
