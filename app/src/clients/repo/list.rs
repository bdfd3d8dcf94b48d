//! The clients list: one page of what the filter and the caller's scope keep, and its total.

use super::{filter_conditions, order_by, Args, SummaryRow, LIMIT};
use crate::{
    bind_args,
    clients::{scope::Scope, ClientFilter, ClientSummary},
    db::Db,
    on_pool,
};

const SELECT: &str = "SELECT c.id, c.kind, c.name, c.trade_name, c.tax_id, c.city, c.state, \
    u.name AS owner, c.archived_at IS NOT NULL AS archived, \
    (SELECT p.e164 FROM client_phones p WHERE p.client_id = c.id ORDER BY p.position LIMIT 1) \
    AS phone, \
    (SELECT e.email FROM client_emails e WHERE e.client_id = c.id ORDER BY e.position LIMIT 1) \
    AS email \
    FROM clients c LEFT JOIN users u ON u.id = c.owner_id";

/// One page (`filter.page`, from 1) of the clients `scope` may see that `filter` keeps, with the
/// number of all of them.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &ClientFilter,
) -> Result<(Vec<ClientSummary>, i64), sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = vec![scope.condition(&mut args)];
    conditions.extend(filter_conditions(db, filter, &mut args));
    let where_clause = conditions.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) FROM clients c WHERE {where_clause}");
    let total: i64 = on_pool!(db, pool => bind_args!(sqlx::query_scalar(&count_sql), args).fetch_one(pool).await)?;
    let offset = (filter.page.max(1) - 1) * LIMIT;
    // The page's ids first, then their phones and e-mails: PostgreSQL would otherwise run the
    // per-row lookups for every row the OFFSET skips.
    let order = order_by(filter.sort);
    let sql = format!(
        "WITH page AS (SELECT c.id FROM clients c WHERE {where_clause} ORDER BY {order} \
         LIMIT {LIMIT} OFFSET {offset}) {SELECT} WHERE c.id IN (SELECT id FROM page) ORDER BY {order}"
    );
    let rows: Vec<SummaryRow> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}

/// The active staff whose clients `scope` may see (id, name), by name: everyone for admins,
/// the members of their teams (and themselves) for managers, only themselves for users. The
/// list's owner filter offers these, and managers hand clients only to them.
pub async fn owners(db: &Db, scope: &Scope) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mut args = Args::default();
    let condition = match scope {
        Scope::All => "TRUE".to_owned(),
        Scope::Own { user_id } => format!("id = {}", args.int(*user_id)),
        Scope::Teams { user_id, team_ids } => {
            let mut ids = vec![format!("id = {}", args.int(*user_id))];
            if !team_ids.is_empty() {
                let teams: Vec<String> = team_ids.iter().map(|id| args.int(*id)).collect();
                ids.push(format!("team_id IN ({})", teams.join(", ")));
            }
            format!("({})", ids.join(" OR "))
        }
    };
    let sql =
        format!("SELECT id, name FROM users WHERE active = TRUE AND {condition} ORDER BY name");
    on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)
}
