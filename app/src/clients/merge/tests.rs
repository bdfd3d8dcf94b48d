//! The choosing and uniting of a merge, without a database.

use time::macros::{date, datetime};

use super::*;

fn phone(e164: &str, whatsapp: bool) -> Phone {
    Phone {
        e164: e164.to_owned(),
        display: e164.to_owned(),
        kind: "mobile".to_owned(),
        whatsapp,
    }
}

fn client(id: i64, name: &str) -> ClientDetail {
    ClientDetail {
        id,
        kind: ClientKind::Pf,
        name: name.to_owned(),
        trade_name: None,
        tax_id: None,
        birth_date: None,
        profession: None,
        contact_name: None,
        phones: Vec::new(),
        emails: Vec::new(),
        tags: Vec::new(),
        lines: Vec::new(),
        source: None,
        owner_id: Some(1),
        owner: Some("Ana".to_owned()),
        team: None,
        cep: None,
        street: None,
        street_number: None,
        complement: None,
        district: None,
        city: None,
        state: None,
        notes: None,
        marketing_consent: false,
        consent_at: None,
        consent_channel: None,
        archived_at: None,
        created_at: datetime!(2026-11-01 12:00 UTC),
        updated_at: datetime!(2026-11-01 12:00 UTC),
    }
}

#[test]
fn by_default_this_clients_values_stay_and_blank_ones_are_filled_from_the_other() {
    let mut this = client(1, "João Silva");
    this.profession = Some("Engenheiro".to_owned());
    let mut other = client(2, "João da Silva");
    other.profession = Some("Médico".to_owned());
    other.tax_id = Some("529.982.247-25".to_owned());
    other.birth_date = Some(date!(1980 - 05 - 17));
    other.city = Some("Belo Horizonte".to_owned());
    let m = merged(&this, &other, &MergeChoice::default()).unwrap();
    assert_eq!(m.id, 1);
    assert_eq!(m.name, "João Silva");
    assert_eq!(m.profession.as_deref(), Some("Engenheiro"));
    assert_eq!(m.tax_id.as_deref(), Some("529.982.247-25"));
    assert_eq!(m.birth_date, Some(date!(1980 - 05 - 17)));
    assert_eq!(m.city.as_deref(), Some("Belo Horizonte"));
    assert_eq!(
        side(Field::Name, &MergeChoice::default(), &this, &other),
        Side::This
    );
    assert_eq!(
        side(Field::TaxId, &MergeChoice::default(), &this, &other),
        Side::Other
    );
}

#[test]
fn each_field_is_taken_from_the_side_chosen_and_the_address_moves_as_a_block() {
    let mut this = client(1, "João Silva");
    this.street = Some("Rua A".to_owned());
    this.city = Some("Contagem".to_owned());
    this.state = Some("MG".to_owned());
    let mut other = client(2, "João da Silva");
    other.city = Some("Recife".to_owned());
    (other.owner_id, other.owner) = (Some(2), Some("Bruno".to_owned()));
    let keep = MergeChoice {
        name: Some(Side::Other),
        address: Some(Side::Other),
        owner: Some(Side::Other),
        profession: Some(Side::Other),
        ..Default::default()
    };
    let m = merged(&this, &other, &keep).unwrap();
    assert_eq!(m.name, "João da Silva");
    assert_eq!(
        (m.street, m.city, m.state),
        (None, Some("Recife".to_owned()), None)
    );
    assert_eq!((m.owner_id, m.owner.as_deref()), (Some(2), Some("Bruno")));
    assert_eq!(m.profession, None, "chosen even when blank");
}

#[test]
fn the_document_brings_its_kind_and_what_the_kind_does_not_have_is_dropped() {
    let mut this = client(1, "João Silva");
    this.birth_date = Some(date!(1980 - 05 - 17));
    let mut other = client(2, "Silva Seguros Ltda");
    other.kind = ClientKind::Pj;
    other.tax_id = Some("11.222.333/0001-81".to_owned());
    other.trade_name = Some("Silva Seguros".to_owned());
    let keep = MergeChoice {
        tax_id: Some(Side::Other),
        trade_name: Some(Side::Other),
        ..Default::default()
    };
    let m = merged(&this, &other, &keep).unwrap();
    assert_eq!(m.kind, ClientKind::Pj);
    assert_eq!(m.birth_date, None);
    assert_eq!(m.trade_name.as_deref(), Some("Silva Seguros"));
}

#[test]
fn contacts_tags_and_lines_are_united_without_repeats() {
    let mut this = client(1, "João");
    this.phones = vec![phone("+5531988887777", false)];
    this.emails = vec!["joao@exemplo.com.br".to_owned()];
    this.tags = vec!["VIP".to_owned()];
    this.lines = vec!["auto".to_owned()];
    let mut other = client(2, "João");
    other.phones = vec![phone("+5531988887777", true), phone("+553134567890", false)];
    other.emails = vec!["JOAO@exemplo.com.br".to_owned(), "j@outro.com".to_owned()];
    other.tags = vec!["vip".to_owned(), "Indicação".to_owned()];
    other.lines = vec!["auto".to_owned(), "vida".to_owned()];
    let m = merged(&this, &other, &MergeChoice::default()).unwrap();
    assert_eq!(
        m.phones,
        [phone("+5531988887777", true), phone("+553134567890", false)],
        "a number on both is a WhatsApp if either says so"
    );
    assert_eq!(m.emails, ["joao@exemplo.com.br", "j@outro.com"]);
    assert_eq!(m.tags, ["VIP", "Indicação"]);
    assert_eq!(m.lines, ["auto", "vida"]);
}

#[test]
fn more_than_ten_phones_or_emails_together_are_refused() {
    let mut this = client(1, "João");
    let mut other = client(2, "João");
    this.phones = (0..6)
        .map(|i| phone(&format!("+55319888800{i:02}"), false))
        .collect();
    other.phones = (6..11)
        .map(|i| phone(&format!("+55319888800{i:02}"), false))
        .collect();
    assert_eq!(
        merged(&this, &other, &MergeChoice::default()),
        Err("phones")
    );
    other.phones.pop();
    assert!(merged(&this, &other, &MergeChoice::default()).is_ok());
    this.emails = (0..5).map(|i| format!("a{i}@x.com")).collect();
    other.emails = (0..6).map(|i| format!("b{i}@x.com")).collect();
    assert_eq!(
        merged(&this, &other, &MergeChoice::default()),
        Err("emails")
    );
}

#[test]
fn marketing_consent_stays_if_either_gave_it() {
    let this = client(1, "João");
    let mut other = client(2, "João");
    other.marketing_consent = true;
    other.consent_channel = Some("whatsapp".to_owned());
    other.consent_at = Some(datetime!(2026-10-01 12:00 UTC));
    let m = merged(&this, &other, &MergeChoice::default()).unwrap();
    assert!(m.marketing_consent);
    assert_eq!(m.consent_channel.as_deref(), Some("whatsapp"));
    assert_eq!(m.consent_at, other.consent_at);
    let m = merged(&other, &this, &MergeChoice::default()).unwrap();
    assert!(m.marketing_consent, "kept when this client gave it");
}

#[test]
fn the_address_is_shown_as_one_line_and_blank_when_empty() {
    let mut c = client(1, "João");
    assert_eq!(shown(Field::Address, &c), None);
    c.street = Some("Rua das Acácias".to_owned());
    c.street_number = Some("10".to_owned());
    c.city = Some("Belo Horizonte".to_owned());
    c.state = Some("MG".to_owned());
    c.cep = Some("30130-010".to_owned());
    assert_eq!(
        shown(Field::Address, &c).as_deref(),
        Some("Rua das Acácias, 10 – Belo Horizonte – MG – CEP 30130-010")
    );
}
