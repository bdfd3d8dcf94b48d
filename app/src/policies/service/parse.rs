//! The policy form's text turned into a [`Record`], every problem reported next to its field
//! at once (catalogue keys: `money_invalid`, `ends_before_start` …). What needs the database
//! (does the client, insurer, ramo, owner exist?) is looked up first and passed in as [`Known`].

use time::Date;

use crate::{
    br::{Cep, Chassis, Money, Plate, Rate},
    error::{AppError, FieldErrors},
    policies::{premium::Premium, repo::Record, PolicyInput, PolicyStatus},
};

/// Longest product, policy or proposal number, in characters.
pub const MAX_CODE: usize = 60;
/// Longest free text (notes).
pub const MAX_NOTES: usize = 5_000;
/// Longest vehicle model or property address.
pub const MAX_LINE: usize = 300;

/// What the database says about the ids the form sent.
#[derive(Clone, Debug, Default)]
pub struct Known {
    /// The client exists within the caller's scope (and is not archived).
    pub client: Option<i64>,
    /// The insurer exists and is active.
    pub insurer: Option<i64>,
    /// The ramo exists and is active: (id, IOF rate).
    pub line: Option<(i64, i64)>,
    /// The staff member the policy goes to, when allowed.
    pub owner: Option<i64>,
    /// The calendar year today (for the vehicle's year).
    pub this_year: i32,
}

/// An id the form sent, if it is one.
pub fn id(raw: &str) -> Option<i64> {
    raw.trim().parse().ok().filter(|id| *id > 0)
}

fn text(raw: &Option<String>, max: usize, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let value = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    if value.chars().count() > max {
        errors.add(field, "text_too_long");
    }
    Some(value.to_owned())
}

fn date(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<Date> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.add(field, "value_required");
        return None;
    }
    let parsed = crate::audit::parse_date(raw).filter(|d| (1900..=2200).contains(&d.year()));
    if parsed.is_none() {
        errors.add(field, "date_invalid");
    }
    parsed
}

fn money(raw: Option<&str>, field: &str, errors: &mut FieldErrors) -> Option<i64> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    match Money::parse(raw) {
        Ok(m) => Some(m.centavos()),
        Err(key) => {
            errors.add(field, key);
            None
        }
    }
}

fn number_in(
    raw: &Option<String>,
    range: std::ops::RangeInclusive<i64>,
    field: &str,
    key: &str,
    errors: &mut FieldErrors,
) -> Option<i64> {
    let raw = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    let parsed = raw.parse::<i64>().ok().filter(|n| range.contains(n));
    if parsed.is_none() {
        errors.add(field, key);
    }
    parsed
}

/// Parses the form into a record; `known` carries the lookups of its ids.
pub fn parse_input(input: &PolicyInput, known: &Known) -> Result<Record, AppError> {
    let mut errors = FieldErrors::default();
    let mut required = |value: Option<i64>, field: &str, key: &str| {
        if value.is_none() {
            errors.add(field, key);
        }
        value
    };
    let client_id = required(known.client, "client_id", "client_invalid");
    let insurer_id = required(known.insurer, "insurer_id", "insurer_invalid");
    let line = required(known.line.map(|(id, _)| id), "line_id", "line_invalid");
    let owner_id = required(known.owner, "owner_id", "owner_invalid");
    let status = PolicyStatus::parse(input.status.trim());
    if status.is_none() {
        errors.add("status", "status_invalid");
    }
    let starts_on = date(&input.starts_on, "starts_on", &mut errors);
    let ends_on = date(&input.ends_on, "ends_on", &mut errors);
    if let (Some(start), Some(end)) = (starts_on, ends_on) {
        if end <= start {
            errors.add("ends_on", "ends_before_start");
        }
    }
    let net = match input.net_premium.trim() {
        "" => {
            errors.add("net_premium", "value_required");
            None
        }
        raw => money(Some(raw), "net_premium", &mut errors),
    };
    let installment_fee = money(
        input.installment_fee.as_deref(),
        "installment_fee",
        &mut errors,
    );
    let policy_fee = money(input.policy_fee.as_deref(), "policy_fee", &mut errors);
    let iof = money(input.iof.as_deref(), "iof", &mut errors);
    let installments = number_in(
        &Some(input.installments.clone()),
        1..=12,
        "installments",
        "installments_invalid",
        &mut errors,
    );
    if input.installments.trim().is_empty() {
        errors.add("installments", "installments_invalid");
    }
    let commission_rate = match Rate::parse(&input.commission_rate) {
        Ok(rate) => Some(rate),
        Err(_) if input.commission_rate.trim().is_empty() => Some(Rate::default()),
        Err(key) => {
            errors.add("commission_rate", key);
            None
        }
    };
    let item_kind = match input.item_kind.as_deref().map(str::trim).unwrap_or("") {
        "" => None,
        kind @ ("vehicle" | "property") => Some(kind.to_owned()),
        _ => {
            errors.add("item_kind", "value_invalid");
            None
        }
    };
    let vehicle = item_kind.as_deref() == Some("vehicle");
    let property = item_kind.as_deref() == Some("property");
    let plate = text(&input.vehicle_plate, MAX_CODE, "vehicle_plate", &mut errors)
        .filter(|_| vehicle)
        .and_then(|raw| match Plate::parse(&raw) {
            Ok(p) => Some(p.as_str().to_owned()),
            Err(key) => {
                errors.add("vehicle_plate", key);
                None
            }
        });
    let chassis = text(
        &input.vehicle_chassis,
        MAX_CODE,
        "vehicle_chassis",
        &mut errors,
    )
    .filter(|_| vehicle)
    .and_then(|raw| match Chassis::parse(&raw) {
        Ok(c) => Some(c.as_str().to_owned()),
        Err(key) => {
            errors.add("vehicle_chassis", key);
            None
        }
    });
    let year_range = 1950..=i64::from(known.this_year) + 1;
    let vehicle_year = number_in(
        &input.vehicle_year,
        year_range,
        "vehicle_year",
        "year_invalid",
        &mut errors,
    )
    .filter(|_| vehicle);
    let bonus_class = number_in(
        &input.bonus_class,
        0..=10,
        "bonus_class",
        "bonus_class_invalid",
        &mut errors,
    )
    .filter(|_| vehicle);
    let property_cep = text(&input.property_cep, MAX_CODE, "property_cep", &mut errors)
        .filter(|_| property)
        .and_then(|raw| match Cep::parse(&raw) {
            Ok(c) => Some(c.as_str().to_owned()),
            Err(key) => {
                errors.add("property_cep", key);
                None
            }
        });
    let record = Record {
        client_id: client_id.unwrap_or_default(),
        insurer_id: insurer_id.unwrap_or_default(),
        line_id: line.unwrap_or_default(),
        product: text(&input.product, MAX_CODE, "product", &mut errors),
        proposal_number: text(
            &input.proposal_number,
            MAX_CODE,
            "proposal_number",
            &mut errors,
        ),
        policy_number: text(&input.policy_number, MAX_CODE, "policy_number", &mut errors),
        status: status.unwrap_or(PolicyStatus::Quote),
        starts_on: starts_on.unwrap_or(Date::MIN),
        ends_on: ends_on.unwrap_or(Date::MIN),
        premium: Premium::compute(
            net.unwrap_or_default(),
            installment_fee.unwrap_or_default(),
            policy_fee.unwrap_or_default(),
            iof,
            Rate::from_hundredths(known.line.map_or(0, |(_, rate)| rate)),
            commission_rate.unwrap_or_default(),
        ),
        installments: installments.unwrap_or(1),
        commission_rate: commission_rate.unwrap_or_default().hundredths(),
        owner_id: owner_id.unwrap_or_default(),
        vehicle_model: text(&input.vehicle_model, MAX_LINE, "vehicle_model", &mut errors)
            .filter(|_| vehicle),
        property_address: text(
            &input.property_address,
            MAX_LINE,
            "property_address",
            &mut errors,
        )
        .filter(|_| property),
        notes: text(&input.notes, MAX_NOTES, "notes", &mut errors),
        item_kind,
        vehicle_plate: plate,
        vehicle_chassis: chassis,
        vehicle_year,
        bonus_class,
        property_cep,
    };
    if record.premium.total > crate::br::MAX_CENTAVOS {
        errors.add("net_premium", "money_too_large");
    }
    errors.into_result()?;
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn known() -> Known {
        Known {
            client: Some(1),
            insurer: Some(2),
            line: Some((3, 738)),
            owner: Some(4),
            this_year: 2026,
        }
    }

    fn input() -> PolicyInput {
        PolicyInput {
            client_id: "1".into(),
            insurer_id: "2".into(),
            line_id: "3".into(),
            status: "active".into(),
            starts_on: "2026-01-05".into(),
            ends_on: "2027-01-05".into(),
            net_premium: "1.234,56".into(),
            installments: "4".into(),
            commission_rate: "15".into(),
            item_kind: Some("vehicle".into()),
            vehicle_plate: Some("bra-2e19".into()),
            bonus_class: Some("5".into()),
            policy_number: Some("  0531-123456  ".into()),
            ..PolicyInput::default()
        }
    }

    fn fields(err: AppError) -> Vec<(String, String)> {
        match err {
            AppError::Invalid { fields } => fields.into_iter().collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_form_becomes_a_record_with_the_premium_computed() {
        let r = parse_input(&input(), &known()).unwrap();
        assert_eq!(r.starts_on, date!(2026 - 01 - 05));
        assert_eq!(r.premium.net, 123_456);
        assert_eq!(r.premium.iof, 9_111); // 7,38% of R$ 1.234,56 = 91,109.
        assert_eq!(r.premium.total, 123_456 + 9_111);
        assert_eq!(r.premium.commission, 18_518); // 15% of 1.234,56 = 185,184.
        assert_eq!(r.commission_rate, 1_500);
        assert_eq!(r.vehicle_plate.as_deref(), Some("BRA2E19"));
        assert_eq!(r.policy_number.as_deref(), Some("0531-123456"));
        assert_eq!(r.bonus_class, Some(5));
    }

    #[test]
    fn impossible_dates_negative_money_and_unknown_ids_are_each_reported_at_their_field() {
        let bad = PolicyInput {
            starts_on: "2026-02-30".into(),
            ends_on: "".into(),
            net_premium: "-100".into(),
            iof: Some("12,345".into()),
            installments: "13".into(),
            commission_rate: "120".into(),
            vehicle_plate: Some("XYZ".into()),
            bonus_class: Some("11".into()),
            status: "renovada".into(),
            ..input()
        };
        let known = Known {
            insurer: None,
            line: None,
            ..known()
        };
        let found = fields(parse_input(&bad, &known).unwrap_err());
        let expect = [
            ("bonus_class", "bonus_class_invalid"),
            ("commission_rate", "rate_too_large"),
            ("ends_on", "value_required"),
            ("installments", "installments_invalid"),
            ("insurer_id", "insurer_invalid"),
            ("iof", "money_invalid"),
            ("line_id", "line_invalid"),
            ("net_premium", "money_negative"),
            ("starts_on", "date_invalid"),
            ("status", "status_invalid"),
            ("vehicle_plate", "plate_invalid"),
        ];
        let expect: Vec<(String, String)> = expect
            .iter()
            .map(|(f, k)| ((*f).to_owned(), (*k).to_owned()))
            .collect();
        assert_eq!(found, expect);
    }

    #[test]
    fn a_vigencia_ending_on_or_before_its_start_is_refused() {
        let same = PolicyInput {
            ends_on: "2026-01-05".into(),
            ..input()
        };
        assert_eq!(
            fields(parse_input(&same, &known()).unwrap_err()),
            [("ends_on".to_owned(), "ends_before_start".to_owned())]
        );
    }

    #[test]
    fn vehicle_fields_are_dropped_for_a_property_and_the_cep_checked() {
        let home = PolicyInput {
            item_kind: Some("property".into()),
            property_cep: Some("01310-100".into()),
            property_address: Some("Av. Paulista, 1000".into()),
            ..input()
        };
        let r = parse_input(&home, &known()).unwrap();
        assert_eq!(r.vehicle_plate, None);
        assert_eq!(r.bonus_class, None);
        assert_eq!(r.property_cep.as_deref(), Some("01310100"));
        let bad = PolicyInput {
            property_cep: Some("0131".into()),
            ..home
        };
        assert_eq!(
            fields(parse_input(&bad, &known()).unwrap_err()),
            [("property_cep".to_owned(), "cep_invalid".to_owned())]
        );
    }

    #[test]
    fn a_blank_commission_rate_is_zero_and_a_typed_iof_is_kept() {
        let form = PolicyInput {
            commission_rate: " ".into(),
            iof: Some("10,00".into()),
            ..input()
        };
        let r = parse_input(&form, &known()).unwrap();
        assert_eq!(r.premium.commission, 0);
        assert_eq!(r.premium.iof, 1_000);
    }
}
