//! Demo policies for `make run`: for the demo clients, policies in every status — quotes,
//! proposals, policies in force (a dozen expiring within 0–120 days, so "A vencer" and the
//! dashboard have something to show), renewed ones linked to their renewal, cancelled ones with
//! their estorno, expired ones — with auto, residencial, vida and empresarial premiums of
//! realistic size. The same database always gets the same policies.

use time::{Duration, OffsetDateTime};

use super::{service, PolicyInput, PolicyStatus};
use crate::{
    br::Money, clients::scope::Scope, db::Db, error::AppError, format::today_sao_paulo, on_pool,
    users::repo::UserRow,
};

const MODELS: &[&str] = &[
    "Volkswagen Gol 1.0",
    "Fiat Argo Drive 1.3",
    "Chevrolet Onix LT 1.0 Turbo",
    "Hyundai HB20 Comfort",
    "Toyota Corolla XEi 2.0",
    "Jeep Compass Longitude",
    "Honda HR-V EX",
    "Renault Kwid Zen",
];

/// Days from today to the vigência end of the first policies in force (expiring soon).
const EXPIRING: &[i64] = &[0, 3, 7, 12, 15, 22, 30, 45, 60, 75, 90, 120];

fn iso(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A pseudo-random number from `i` (deterministic, spread enough for made-up data).
fn spread(i: usize, salt: u64) -> u64 {
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

/// A Mercosul placa from `n`.
fn plate(n: u64) -> String {
    let letter = |k: u64| char::from(b'A' + u8::try_from(k % 26).unwrap_or(0));
    format!(
        "{}{}{}{}{}{}{}",
        letter(n),
        letter(n / 26),
        letter(n / 676),
        n % 10,
        letter(n / 7),
        (n / 10) % 10,
        (n / 100) % 10
    )
}

/// The ramo (SUSEP code) a demo policy of each family is of.
const LINE_CODES: &[(&str, &str)] = &[
    ("auto", "0531"),
    ("residencial", "0114"),
    ("vida", "1391"),
    ("empresarial", "0118"),
];

/// The form a demo policy would be typed with; the family picks the ramo among `lines` (id,
/// SUSEP code).
fn input(
    i: usize,
    client_id: i64,
    insurer_id: i64,
    lines: &[(i64, String)],
    starts_on: time::Date,
    status: PolicyStatus,
) -> PolicyInput {
    let family = match i % 7 {
        0..=3 => "auto",
        4 => "residencial",
        5 => "vida",
        _ => "empresarial",
    };
    let code = LINE_CODES
        .iter()
        .find(|(f, _)| *f == family)
        .map_or("0531", |(_, c)| *c);
    let line_id = lines
        .iter()
        .find(|(_, c)| c == code)
        .or(lines.first())
        .map_or(0, |(id, _)| *id);
    let r = spread(i, 7);
    let (net, rate, installments) = match family {
        "auto" => (180_000 + r % 270_000, "20", 1 + r % 10),
        "residencial" => (40_000 + r % 50_000, "25", 1 + r % 4),
        "vida" => (60_000 + r % 90_000, "30", 12),
        _ => (300_000 + r % 900_000, "15", 1 + r % 6),
    };
    let fee = if installments > 1 { net / 50 } else { 0 };
    let vehicle = family == "auto";
    PolicyInput {
        client_id: client_id.to_string(),
        insurer_id: insurer_id.to_string(),
        line_id: line_id.to_string(),
        product: None,
        proposal_number: Some(format!("{}", 700_000 + i * 13)),
        policy_number: status
            .is_issued()
            .then(|| format!("{:02}.{:04}.{:06}", 10 + i % 80, 531, 100_000 + i * 7)),
        status: status.as_str().to_owned(),
        starts_on: iso(starts_on),
        ends_on: iso(super::premium::add_months(starts_on, 12)),
        net_premium: Money::from_centavos(i64::try_from(net).unwrap_or(0)).input_value(),
        installment_fee: Some(Money::from_centavos(i64::try_from(fee).unwrap_or(0)).input_value()),
        policy_fee: None,
        iof: None,
        installments: installments.to_string(),
        commission_rate: rate.to_owned(),
        owner_id: None,
        item_kind: Some(if vehicle { "vehicle" } else { "property" }.to_owned())
            .filter(|_| family != "vida"),
        vehicle_plate: vehicle.then(|| plate(r)),
        vehicle_chassis: None,
        vehicle_model: vehicle.then(|| MODELS[i % MODELS.len()].to_owned()),
        vehicle_year: vehicle.then(|| (2014 + r % 12).to_string()),
        bonus_class: vehicle.then(|| (r % 11).to_string()),
        property_cep: None,
        property_address: None,
        notes: None,
    }
}

/// Creates the demo policies when there are none: up to `count` clients get one each (some a
/// renewal chain), created by their owners.
pub async fn seed(db: &Db, count: usize, now: OffsetDateTime) -> Result<(), AppError> {
    let existing: i64 = on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM policies")
        .fetch_one(pool).await)?;
    if existing > 0 {
        return Ok(());
    }
    let clients: Vec<(i64, Option<i64>)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, owner_id FROM clients WHERE archived_at IS NULL ORDER BY id LIMIT $1")
        .bind(i64::try_from(count).unwrap_or(0)).fetch_all(pool).await)?;
    let insurers: Vec<i64> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT id FROM insurers WHERE active = TRUE ORDER BY name").fetch_all(pool).await)?;
    let lines: Vec<(i64, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, susep_code FROM insurance_lines WHERE active = TRUE ORDER BY susep_code")
        .fetch_all(pool).await)?;
    if insurers.is_empty() || lines.is_empty() {
        return Ok(());
    }
    let today = today_sao_paulo(now);
    for (i, (client_id, owner_id)) in clients.into_iter().enumerate() {
        let Some(owner) = owner_id else { continue };
        let Some(actor) = crate::users::repo::find_by_id(db, owner).await? else {
            continue;
        };
        let insurer = insurers[i % insurers.len()];
        seed_one(db, &actor, i, client_id, insurer, &lines, today, now).await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn seed_one(
    db: &Db,
    actor: &UserRow,
    i: usize,
    client_id: i64,
    insurer: i64,
    lines: &[(i64, String)],
    today: time::Date,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let scope = Scope::All;
    let year_before = |end: time::Date| super::premium::add_months(end, -12);
    if let Some(days) = EXPIRING.get(i) {
        let start = year_before(today + Duration::days(*days));
        let form = input(i, client_id, insurer, lines, start, PolicyStatus::Active);
        service::create(db, actor, &scope, form, now).await?;
        return Ok(());
    }
    let offset = i64::try_from(spread(i, 3) % 330).unwrap_or(0);
    // Not `i % 10`: clients take turns among the owners, so each owner would get one status.
    match spread(i, 11) % 10 {
        0 => {
            let form = input(
                i,
                client_id,
                insurer,
                lines,
                today + Duration::days(15),
                PolicyStatus::Quote,
            );
            service::create(db, actor, &scope, form, now).await?;
        }
        1 => {
            let form = input(
                i,
                client_id,
                insurer,
                lines,
                today + Duration::days(5),
                PolicyStatus::Proposal,
            );
            service::create(db, actor, &scope, form, now).await?;
        }
        2 => {
            let start = today - Duration::days(offset);
            let form = input(i, client_id, insurer, lines, start, PolicyStatus::Active);
            let id = service::create(db, actor, &scope, form, now).await?;
            let on = iso(start + Duration::days((today - start).whole_days() / 2));
            service::cancel(db, actor, &scope, id, &on, "Venda do veículo", now).await?;
        }
        3 => {
            let start = year_before(today - Duration::days(20 + offset % 60));
            let form = input(i, client_id, insurer, lines, start, PolicyStatus::Active);
            let id = service::create(db, actor, &scope, form, now).await?;
            service::mark_expired(db, id, now).await?;
        }
        4 => {
            let old_start = year_before(today - Duration::days(offset % 200));
            let old = input(
                i,
                client_id,
                insurer,
                lines,
                old_start,
                PolicyStatus::Active,
            );
            let old_id = service::create(db, actor, &scope, old, now).await?;
            let mut renewal = input(
                i + 1,
                client_id,
                insurer,
                lines,
                super::premium::add_months(old_start, 12),
                PolicyStatus::Active,
            );
            renewal.line_id = input(
                i,
                client_id,
                insurer,
                lines,
                old_start,
                PolicyStatus::Active,
            )
            .line_id;
            service::renew(db, actor, &scope, old_id, renewal, now).await?;
        }
        _ => {
            let start = today - Duration::days(offset);
            let form = input(i, client_id, insurer, lines, start, PolicyStatus::Active);
            service::create(db, actor, &scope, form, now).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_plates_are_valid_mercosul_plates() {
        for n in [0, 1, 999, 123_456_789, u64::MAX] {
            let p = plate(n);
            assert!(crate::br::Plate::parse(&p).is_ok(), "{p}");
        }
    }
}
