//! Insurers' and ramos' SQL, written once for both engines (`$n` placeholders, values always
//! bound). Lists are sorted here by folded name, so accents and case sort the same on SQLite and
//! PostgreSQL whatever the database's collation.

use time::OffsetDateTime;

use super::{
    parse::{InsurerRecord, LineRecord},
    InsuranceLine, Insurer,
};
use crate::{
    clients::search::fold,
    db::{Db, Tx},
    on_pool, on_tx,
};

type InsurerRow = (i64, String, String, Option<String>, Option<String>, bool);
type LineRow = (i64, String, String, String, i64, bool);

/// A stored CNPJ with its mask (as stored when it does not parse).
pub fn mask_cnpj(stored: &str) -> String {
    crate::br::Cnpj::parse(stored)
        .map(|c| c.masked())
        .unwrap_or_else(|_| stored.to_owned())
}

fn insurer((id, legal_name, name, cnpj, susep_code, active): InsurerRow) -> Insurer {
    Insurer {
        id,
        legal_name,
        name,
        cnpj: cnpj.as_deref().map(mask_cnpj),
        susep_code,
        active,
    }
}

fn line((id, susep_code, name, family, iof_rate, active): LineRow) -> InsuranceLine {
    InsuranceLine {
        id,
        susep_code,
        name,
        family,
        iof_rate,
        active,
    }
}

fn by_name<T>(mut items: Vec<T>, name: impl Fn(&T) -> &str) -> Vec<T> {
    items.sort_by_cached_key(|item| fold(name(item)));
    items
}

/// Every insurer, active or not, by name.
pub async fn list_insurers(db: &Db) -> Result<Vec<Insurer>, sqlx::Error> {
    const SQL: &str = "SELECT id, legal_name, name, cnpj, susep_code, active FROM insurers";
    let rows: Vec<InsurerRow> = on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    Ok(by_name(rows.into_iter().map(insurer).collect(), |i| {
        i.name.as_str()
    }))
}

/// Every ramo, active or not, by SUSEP code.
pub async fn list_lines(db: &Db) -> Result<Vec<InsuranceLine>, sqlx::Error> {
    const SQL: &str = "SELECT id, susep_code, name, family, iof_rate, active \
        FROM insurance_lines ORDER BY susep_code";
    let rows: Vec<LineRow> = on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(line).collect())
}

/// The active insurers and the active ramos, each sorted by name: what a policy form offers.
pub async fn options(db: &Db) -> Result<(Vec<Insurer>, Vec<InsuranceLine>), sqlx::Error> {
    const INSURERS: &str = "SELECT id, legal_name, name, cnpj, susep_code, active \
        FROM insurers WHERE active = $1";
    const LINES: &str = "SELECT id, susep_code, name, family, iof_rate, active \
        FROM insurance_lines WHERE active = $1";
    let insurers: Vec<InsurerRow> =
        on_pool!(db, pool => sqlx::query_as(INSURERS).bind(true).fetch_all(pool).await)?;
    let lines: Vec<LineRow> =
        on_pool!(db, pool => sqlx::query_as(LINES).bind(true).fetch_all(pool).await)?;
    Ok((
        by_name(insurers.into_iter().map(insurer).collect(), |i| {
            i.name.as_str()
        }),
        by_name(lines.into_iter().map(line).collect(), |l| l.name.as_str()),
    ))
}

/// Insurer `id`, read inside a change's transaction.
pub async fn find_insurer(tx: &mut Tx, id: i64) -> Result<Option<Insurer>, sqlx::Error> {
    const SQL: &str = "SELECT id, legal_name, name, cnpj, susep_code, active \
        FROM insurers WHERE id = $1";
    let row: Option<InsurerRow> =
        on_tx!(tx, conn => sqlx::query_as(SQL).bind(id).fetch_optional(conn).await)?;
    Ok(row.map(insurer))
}

/// Ramo `id`, read inside a change's transaction.
pub async fn find_line(tx: &mut Tx, id: i64) -> Result<Option<InsuranceLine>, sqlx::Error> {
    const SQL: &str = "SELECT id, susep_code, name, family, iof_rate, active \
        FROM insurance_lines WHERE id = $1";
    let row: Option<LineRow> =
        on_tx!(tx, conn => sqlx::query_as(SQL).bind(id).fetch_optional(conn).await)?;
    Ok(row.map(line))
}

/// The fields of `record` another insurer (not `except`) already has: `name` (any case),
/// `cnpj`, `susep_code`.
pub async fn insurer_conflicts(
    tx: &mut Tx,
    record: &InsurerRecord,
    except: Option<i64>,
) -> Result<Vec<&'static str>, sqlx::Error> {
    const SQL: &str = "SELECT \
        COALESCE(SUM(CASE WHEN LOWER(name) = LOWER($1) THEN 1 ELSE 0 END), 0), \
        COALESCE(SUM(CASE WHEN cnpj = $2 THEN 1 ELSE 0 END), 0), \
        COALESCE(SUM(CASE WHEN susep_code = $3 THEN 1 ELSE 0 END), 0) \
        FROM insurers WHERE id <> $4";
    let (name, cnpj, code): (i64, i64, i64) = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(&record.name)
        .bind(&record.cnpj)
        .bind(&record.susep_code)
        .bind(except.unwrap_or(0))
        .fetch_one(conn)
        .await)?;
    Ok([("name", name), ("cnpj", cnpj), ("susep_code", code)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(field, _)| field)
        .collect())
}

/// Whether another ramo (not `except`) has `code`.
pub async fn line_code_taken(
    tx: &mut Tx,
    code: &str,
    except: Option<i64>,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM insurance_lines WHERE susep_code = $1 AND id <> $2";
    let n: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(code).bind(except.unwrap_or(0)).fetch_one(conn).await)?;
    Ok(n > 0)
}

/// Stores a new insurer (active); answers its id.
pub async fn insert_insurer(
    tx: &mut Tx,
    r: &InsurerRecord,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO insurers (legal_name, name, cnpj, susep_code, active, \
        created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar::<_, i64>(SQL)
        .bind(&r.legal_name).bind(&r.name).bind(&r.cnpj).bind(&r.susep_code).bind(true).bind(now)
        .fetch_one(conn).await)
}

/// Stores an edit of insurer `id`.
pub async fn update_insurer(
    tx: &mut Tx,
    id: i64,
    r: &InsurerRecord,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE insurers SET legal_name = $1, name = $2, cnpj = $3, \
        susep_code = $4, updated_at = $5 WHERE id = $6";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(&r.legal_name).bind(&r.name).bind(&r.cnpj).bind(&r.susep_code).bind(now).bind(id)
        .execute(conn).await.map(|_| ()))
}

/// Activates or deactivates insurer `id`.
pub async fn set_insurer_active(
    tx: &mut Tx,
    id: i64,
    active: bool,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE insurers SET active = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(active).bind(now).bind(id)
        .execute(conn).await.map(|_| ()))
}

/// Stores a new ramo (active); answers its id.
pub async fn insert_line(
    tx: &mut Tx,
    r: &LineRecord,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO insurance_lines (susep_code, name, family, iof_rate, active, \
        created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar::<_, i64>(SQL)
        .bind(&r.susep_code).bind(&r.name).bind(&r.family).bind(r.iof_rate).bind(true).bind(now)
        .fetch_one(conn).await)
}

/// Stores an edit of ramo `id`.
pub async fn update_line(
    tx: &mut Tx,
    id: i64,
    r: &LineRecord,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE insurance_lines SET susep_code = $1, name = $2, family = $3, \
        iof_rate = $4, updated_at = $5 WHERE id = $6";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(&r.susep_code).bind(&r.name).bind(&r.family).bind(r.iof_rate).bind(now).bind(id)
        .execute(conn).await.map(|_| ()))
}

/// Activates or deactivates ramo `id`.
pub async fn set_line_active(
    tx: &mut Tx,
    id: i64,
    active: bool,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE insurance_lines SET active = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(active).bind(now).bind(id)
        .execute(conn).await.map(|_| ()))
}
