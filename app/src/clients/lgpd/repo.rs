//! The SQL of the LGPD actions, written once for both engines except where they differ (the
//! export throttle's clock, SQLite's full-text index upkeep). Everything that changes data takes
//! the caller's transaction.

use time::OffsetDateTime;

use super::ConsentEntry;
use crate::{
    bind_args,
    clients::{repo::Args, scope::Scope},
    db::{Db, Tx},
    on_pool, on_tx,
};

/// The name and anonymisation time of client `id`, if it exists within `scope`.
pub async fn name_in_scope(
    db: &Db,
    scope: &Scope,
    id: i64,
) -> Result<Option<(String, Option<OffsetDateTime>)>, sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let sql = format!(
        "SELECT c.name, c.anonymized_at FROM clients c WHERE {condition} AND c.id = {}",
        args.int(id)
    );
    on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_optional(pool).await)
}

/// The consent history of client `id`, newest first.
pub async fn consents(db: &Db, id: i64) -> Result<Vec<ConsentEntry>, sqlx::Error> {
    const SQL: &str = "SELECT k.created_at, k.granted, k.channel, u.name FROM client_consents k \
        LEFT JOIN users u ON u.id = k.recorded_by WHERE k.client_id = $1 \
        ORDER BY k.created_at DESC, k.id DESC";
    let rows: Vec<(OffsetDateTime, bool, Option<String>, Option<String>)> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(at, granted, channel, recorded_by)| ConsentEntry {
            at,
            granted,
            channel,
            recorded_by,
        })
        .collect())
}

/// What identifies a client, read before it is anonymised.
#[derive(Clone, Debug)]
pub struct Personal {
    pub name: String,
    pub tax_id: Option<String>,
    pub city: Option<String>,
    pub marketing_consent: bool,
    /// E.164.
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

/// Client `id`'s identifying data, if it exists.
pub async fn personal(tx: &mut Tx, id: i64) -> Result<Option<Personal>, sqlx::Error> {
    const CLIENT: &str = "SELECT name, tax_id, city, marketing_consent FROM clients WHERE id = $1";
    const PHONES: &str = "SELECT e164 FROM client_phones WHERE client_id = $1 ORDER BY position";
    const EMAILS: &str = "SELECT email FROM client_emails WHERE client_id = $1 ORDER BY position";
    let row: Option<(String, Option<String>, Option<String>, bool)> =
        on_tx!(tx, conn => sqlx::query_as(CLIENT).bind(id).fetch_optional(conn).await)?;
    let Some((name, tax_id, city, marketing_consent)) = row else {
        return Ok(None);
    };
    let phones: Vec<String> =
        on_tx!(tx, conn => sqlx::query_scalar(PHONES).bind(id).fetch_all(conn).await)?;
    let emails: Vec<String> =
        on_tx!(tx, conn => sqlx::query_scalar(EMAILS).bind(id).fetch_all(conn).await)?;
    Ok(Some(Personal {
        name,
        tax_id,
        city,
        marketing_consent,
        phones,
        emails,
    }))
}

/// Replaces client `id`'s personal data: the name by `name`, everything else that identifies the
/// person emptied; kind, city, state, source, owner, lines and dates stay (statistics).
/// Marketing consent ends (nobody is left to contact). The search index follows `search_text`
/// (a trigger on SQLite, a generated column on PostgreSQL).
pub async fn anonymize(
    tx: &mut Tx,
    id: i64,
    name: &str,
    search_text: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE clients SET name = $1, name_key = $2, trade_name = NULL, \
        tax_id = NULL, birth_date = NULL, profession = NULL, contact_name = NULL, cep = NULL, \
        street = NULL, street_number = NULL, complement = NULL, district = NULL, notes = NULL, \
        marketing_consent = FALSE, consent_channel = NULL, search_text = $3, anonymized_at = $4, \
        updated_at = $4 WHERE id = $5";
    const CHILDREN: [&str; 3] = [
        "DELETE FROM client_phones WHERE client_id = $1",
        "DELETE FROM client_emails WHERE client_id = $1",
        "DELETE FROM client_tags WHERE client_id = $1",
    ];
    const NOTES: &str = "UPDATE client_notes SET body = $1, updated_at = $2 WHERE client_id = $3";
    let key = crate::clients::search::fold(name);
    on_tx!(tx, conn => sqlx::query(SQL).bind(name).bind(&key).bind(search_text).bind(now)
        .bind(id).execute(conn).await.map(|_| ()))?;
    for sql in CHILDREN {
        on_tx!(tx, conn => sqlx::query(sql).bind(id).execute(conn).await.map(|_| ()))?;
    }
    on_tx!(tx, conn => sqlx::query(NOTES).bind(super::redact::REDACTED).bind(now).bind(id)
        .execute(conn).await.map(|_| ()))
}

/// Rewrites SQLite's full-text index so the words of replaced texts are gone from it too (FTS5
/// only marks them deleted until its segments are merged). PostgreSQL's `tsvector` is a column
/// of the row and needs nothing.
pub async fn purge_search_index(tx: &mut Tx) -> Result<(), sqlx::Error> {
    if let Tx::Sqlite(tx) = tx {
        sqlx::query("INSERT INTO clients_fts (clients_fts) VALUES ('optimize')")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// One audit row that may need redacting: (id, whether it is about the client, changes).
pub type AuditText = (i64, bool, String);

/// The unredacted audit rows with changes about client `id` (except its anonymisations), about
/// its policies and cards, and those about anything but a client whose lower-cased changes hold
/// one of `needles`. Rows about
/// other clients are left alone: an identifier they share (a PJ's contact person, a family
/// phone) is part of that other client's record, which keeps it too.
pub async fn audit_to_redact(
    tx: &mut Tx,
    id: i64,
    needles: &[String],
) -> Result<Vec<AuditText>, sqlx::Error> {
    let mut args = Args::default();
    let subject = args.text(format!("client:{id}"));
    let client = args.int(id);
    // The rows about the client's policies and cards are always read (and scrubbed): their
    // texts may write an identifier differently from the needles (a phone with its mask).
    let mut sql = format!(
        "SELECT id, changes, COALESCE(entity_type, '') || ':' || COALESCE(entity_id, '') = \
         {subject} FROM audit_log WHERE redacted_at IS NULL AND changes IS NOT NULL \
         AND action <> 'client.anonymize' AND (COALESCE(entity_type, '') || ':' || \
         COALESCE(entity_id, '') = {subject} \
         OR (entity_type = 'policy' AND entity_id IN \
             (SELECT CAST(id AS TEXT) FROM policies WHERE client_id = {client})) \
         OR (entity_type = 'kanban_card' AND entity_id IN \
             (SELECT CAST(id AS TEXT) FROM kanban_cards WHERE client_id = {client}))"
    );
    let likes: Vec<String> = needles
        .iter()
        .map(|needle| format!("LOWER(changes) LIKE {}", args.text(format!("%{needle}%"))))
        .collect();
    if !likes.is_empty() {
        sql.push_str(&format!(
            " OR (COALESCE(entity_type, '') <> 'client' AND ({}))",
            likes.join(" OR ")
        ));
    }
    sql.push(')');
    let rows: Vec<(i64, String, bool)> =
        on_tx!(tx, conn => bind_args!(sqlx::query_as(&sql), args).fetch_all(conn).await)?;
    Ok(rows
        .into_iter()
        .map(|(row, changes, own)| (row, own, changes))
        .collect())
}

/// Stores the redacted `changes` of audit row `row` (the one update the trail accepts, once).
pub async fn redact_audit_row(
    tx: &mut Tx,
    row: i64,
    changes: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE audit_log SET changes = $1, redacted_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(changes).bind(now).bind(row).execute(conn).await
        .map(|_| ()))
}

/// Replaces what the CSV import kept of client `id`'s lines (the name on the line and the client
/// as it was before an update).
pub async fn scrub_import_rows(tx: &mut Tx, id: i64, name: &str) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE client_import_rows SET label = $1, before = NULL WHERE client_id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(name).bind(id).execute(conn).await.map(|_| ()))
}

/// Whether client `id` holds insurance policies, which keep a client from being deleted.
pub async fn has_policies(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    crate::policies::repo::client_has_policies(tx, id).await
}

/// Deletes client `id` with its phones, e-mails, tags, lines, notes and consent history.
/// Answers whether it existed.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    const CHILDREN: [&str; 6] = [
        "DELETE FROM client_phones WHERE client_id = $1",
        "DELETE FROM client_emails WHERE client_id = $1",
        "DELETE FROM client_tags WHERE client_id = $1",
        "DELETE FROM client_lines WHERE client_id = $1",
        "DELETE FROM client_notes WHERE client_id = $1",
        "DELETE FROM client_consents WHERE client_id = $1",
    ];
    for sql in CHILDREN {
        on_tx!(tx, conn => sqlx::query(sql).bind(id).execute(conn).await.map(|_| ()))?;
    }
    let deleted = on_tx!(tx, conn => sqlx::query("DELETE FROM clients WHERE id = $1").bind(id)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(deleted > 0)
}

/// How many personal-data exports `actor` made in the last hour (read from the audit trail, so
/// the limit holds across restarts and instances).
pub async fn exports_last_hour(tx: &mut Tx, actor: i64) -> Result<i64, sqlx::Error> {
    const SQLITE: &str = "SELECT COUNT(*) FROM audit_log WHERE action = 'client.data_export' \
        AND actor_id = $1 AND occurred_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')";
    const POSTGRES: &str = "SELECT COUNT(*) FROM audit_log WHERE action = 'client.data_export' \
        AND actor_id = $1 AND occurred_at >= now() - INTERVAL '1 hour'";
    match tx {
        Tx::Sqlite(tx) => {
            sqlx::query_scalar(SQLITE)
                .bind(actor)
                .fetch_one(&mut **tx)
                .await
        }
        Tx::Postgres(tx) => {
            sqlx::query_scalar(POSTGRES)
                .bind(actor)
                .fetch_one(&mut **tx)
                .await
        }
    }
}
