//! The policies list: one page of what the filter and the caller's scope keep, its total and
//! the sum of its prêmio total.

use time::Date;

use crate::{
    bind_args,
    clients::{repo::Args, scope::Scope, search},
    db::Db,
    on_pool,
    policies::{PolicyFilter, PolicySort, PolicyStatus, PolicySummary, PAGE_SIZE},
};

const SELECT: &str = "SELECT p.id, p.client_id, c.name AS client_name, i.name AS insurer, \
    l.name AS line, p.policy_number, p.proposal_number, p.status, p.starts_on, p.ends_on, \
    p.total_premium, p.commission, u.name AS owner \
    FROM policies p JOIN clients c ON c.id = p.client_id JOIN insurers i ON i.id = p.insurer_id \
    JOIN insurance_lines l ON l.id = p.line_id LEFT JOIN users u ON u.id = p.owner_id";

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Date,
    Date,
    i64,
    i64,
    Option<String>,
);

/// The conditions (on policies `p` joined to clients `c`) that `filter` adds; `today` is São
/// Paulo's calendar day, for "expiring in N days". Dates typed badly are ignored here (the page
/// shows their error).
pub fn filter_conditions(filter: &PolicyFilter, today: Date, args: &mut Args) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(query) = filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        let number = query.replace([' ', '.', '-', '/'], "").to_uppercase();
        let name = format!("%{}%", search::fold(query).replace(['%', '_'], ""));
        found.push(format!(
            "(REPLACE(REPLACE(REPLACE(UPPER(COALESCE(p.policy_number, '')), '.', ''), '-', ''), \
             '/', '') = {n} OR REPLACE(REPLACE(REPLACE(UPPER(COALESCE(p.proposal_number, '')), \
             '.', ''), '-', ''), '/', '') = {n} OR c.name_key LIKE {name})",
            n = args.text(number),
            name = args.text(name)
        ));
    }
    if let Some(status) = filter.status {
        found.push(format!("p.status = {}", args.text(status.as_str())));
    }
    for (column, value) in [
        ("p.insurer_id", filter.insurer_id),
        ("p.line_id", filter.line_id),
        ("p.owner_id", filter.owner_id),
        ("p.client_id", filter.client_id),
    ] {
        if let Some(value) = value {
            found.push(format!("{column} = {}", args.int(value)));
        }
    }
    if let Some(from) = filter
        .ends_from
        .as_deref()
        .and_then(crate::audit::parse_date)
    {
        found.push(format!("p.ends_on >= {}", args.date(from)));
    }
    if let Some(until) = filter
        .ends_until
        .as_deref()
        .and_then(crate::audit::parse_date)
    {
        found.push(format!("p.ends_on <= {}", args.date(until)));
    }
    if let Some(days) = filter.expiring_days.filter(|d| (0..=3660).contains(d)) {
        let until = today.saturating_add(time::Duration::days(days));
        found.push(format!(
            "p.status = {} AND p.ends_on >= {} AND p.ends_on <= {}",
            args.text(PolicyStatus::Active.as_str()),
            args.date(today),
            args.date(until)
        ));
    }
    found
}

fn order_by(sort: PolicySort) -> &'static str {
    match sort {
        PolicySort::EndsOn => "p.ends_on, p.id",
        PolicySort::Newest => "p.created_at DESC, p.id DESC",
        PolicySort::Client => "c.name_key, p.ends_on, p.id",
    }
}

/// One page (`filter.page`, from 1) of the policies `scope` may see that `filter` keeps, with
/// the number of all of them and the sum of their prêmio total.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &PolicyFilter,
    today: Date,
) -> Result<(Vec<PolicySummary>, i64, i64), sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = vec![scope.condition(&mut args)];
    conditions.extend(filter_conditions(filter, today, &mut args));
    let where_clause = conditions.join(" AND ");
    let count_sql = format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(p.total_premium), 0) AS BIGINT) FROM policies p \
         JOIN clients c ON c.id = p.client_id WHERE {where_clause}"
    );
    let (total, premium): (i64, i64) = on_pool!(db, pool =>
        bind_args!(sqlx::query_as(&count_sql), args).fetch_one(pool).await)?;
    let offset = (filter.page.max(1) - 1) * PAGE_SIZE;
    let order = order_by(filter.sort);
    let sql =
        format!("{SELECT} WHERE {where_clause} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {offset}");
    let rows: Vec<Row> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    let rows = rows
        .into_iter()
        .map(|r| PolicySummary {
            id: r.0,
            client_id: r.1,
            client_name: r.2,
            insurer: r.3,
            line: r.4,
            policy_number: r.5,
            proposal_number: r.6,
            status: PolicyStatus::parse(&r.7).unwrap_or(PolicyStatus::Quote),
            starts_on: r.8,
            ends_on: r.9,
            total_premium: r.10,
            commission: r.11,
            owner: r.12,
        })
        .collect();
    Ok((rows, total, premium))
}
