//! Reading the clients an export holds: the list's filter and the caller's scope, in the list's
//! order, at most [`EXPORT_LIMIT`] of them. Five queries whatever the size: the clients, then
//! their phones, e-mails, tags and lines, each for the same selection.

use std::collections::HashMap;

use super::{to_csv, EXPORT_LIMIT};
use crate::{
    audit::{self, AuditEntry, RequestMeta},
    bind_args,
    clients::{
        repo::{filter_conditions, order_by, phone, Args, DetailRow, DETAIL},
        scope::Scope,
        ClientDetail, ClientFilter,
    },
    db::Db,
    error::AppError,
    on_pool,
    users::repo::UserRow,
};

/// The clients `scope` may see that `filter` keeps, in the list's order: at most `limit`, and
/// whether there were more.
pub async fn rows(
    db: &Db,
    scope: &Scope,
    filter: &ClientFilter,
    limit: usize,
) -> Result<(Vec<ClientDetail>, bool), sqlx::Error> {
    let mut args = Args::default();
    let mut conditions = vec![scope.condition(&mut args)];
    conditions.extend(filter_conditions(db, filter, &mut args));
    let where_clause = conditions.join(" AND ");
    let order = order_by(filter.sort);
    // One more than the limit tells whether the list was cut.
    let probe = limit + 1;
    let sql = format!("{DETAIL} WHERE {where_clause} ORDER BY {order} LIMIT {probe}");
    let found: Vec<DetailRow> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    let truncated = found.len() > limit;
    let mut rows: Vec<ClientDetail> = found.into_iter().take(limit).map(Into::into).collect();
    // The same selection again for the children (the arguments are the same).
    let selection =
        format!("SELECT c.id FROM clients c WHERE {where_clause} ORDER BY {order} LIMIT {limit}");
    let children = |table: &str, columns: &str, order: &str| {
        format!(
            "SELECT client_id, {columns} FROM {table} WHERE client_id IN ({selection}) \
             ORDER BY client_id, {order}"
        )
    };
    let sql = children("client_phones", "e164, kind, whatsapp", "position");
    let phones: Vec<(i64, String, String, bool)> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
    let mut texts = Vec::new();
    for (table, column, order) in [
        ("client_emails", "email", "position"),
        ("client_tags", "tag", "tag"),
        ("client_lines", "line", "line"),
    ] {
        let sql = children(table, column, order);
        let found: Vec<(i64, String)> =
            on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_all(pool).await)?;
        texts.push(group(found));
    }
    let mut phones = group(
        phones
            .into_iter()
            .map(|(id, e164, kind, whatsapp)| (id, phone(e164, kind, whatsapp)))
            .collect(),
    );
    let [mut emails, mut tags, mut lines] = <[_; 3]>::try_from(texts).unwrap_or_default();
    for row in &mut rows {
        row.phones = phones.remove(&row.id).unwrap_or_default();
        row.emails = emails.remove(&row.id).unwrap_or_default();
        row.tags = tags.remove(&row.id).unwrap_or_default();
        row.lines = lines.remove(&row.id).unwrap_or_default();
    }
    Ok((rows, truncated))
}

/// Groups (client id, value) pairs by client, keeping their order.
fn group<T>(pairs: Vec<(i64, T)>) -> HashMap<i64, Vec<T>> {
    let mut grouped: HashMap<i64, Vec<T>> = HashMap::new();
    for (id, value) in pairs {
        grouped.entry(id).or_default().push(value);
    }
    grouped
}

/// A finished export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub csv: String,
    pub rows: usize,
    /// Whether the list held more than [`EXPORT_LIMIT`] clients (the file has the first ones).
    pub truncated: bool,
}

/// Exports what `filter` keeps within `scope` for `actor`, and audits it (`client.export`, with
/// the filter and the number of rows). A bad date in the filter is a field error.
pub async fn export(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    filter: &ClientFilter,
    meta: RequestMeta,
) -> Result<Export, AppError> {
    crate::clients::created::created_days(filter)?;
    let (rows, truncated) = rows(db, scope, filter, EXPORT_LIMIT).await?;
    let mut tx = db.begin().await?;
    audit::record(
        &mut tx,
        &AuditEntry {
            actor_id: Some(actor.id),
            action: "client.export",
            entity_type: Some("client"),
            entity_id: None,
            changes: Some(serde_json::json!({
                "filter": filter,
                "rows": rows.len(),
                "truncated": truncated,
            })),
            meta,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Export {
        csv: to_csv(&rows),
        rows: rows.len(),
        truncated,
    })
}
