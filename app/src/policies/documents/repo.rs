//! Policy documents' SQL, written once for both engines. Callers have already checked that the
//! policy is within the viewer's scope (`policies::repo::find`); every statement here also names
//! the policy, so a document id of another policy finds nothing.

use sqlx::FromRow;
use time::OffsetDateTime;

use super::{DocumentKind, MediaType, PolicyDocument};
use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

/// A document about to be stored.
pub struct NewDocument<'a> {
    pub policy_id: i64,
    pub kind: DocumentKind,
    pub file_name: &'a str,
    pub media_type: MediaType,
    pub bytes: &'a [u8],
    pub sha256: &'a str,
    pub uploaded_by: i64,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    policy_id: i64,
    kind: String,
    file_name: String,
    media_type: String,
    size_bytes: i64,
    uploaded_by: Option<String>,
    uploaded_by_id: Option<i64>,
    uploaded_at: OffsetDateTime,
}

impl Row {
    fn into_document(self) -> Option<PolicyDocument> {
        Some(PolicyDocument {
            id: self.id,
            policy_id: self.policy_id,
            kind: DocumentKind::parse(&self.kind)?,
            file_name: self.file_name,
            media_type: MediaType::from_mime(&self.media_type)?,
            size_bytes: self.size_bytes,
            uploaded_by: self.uploaded_by,
            uploaded_by_id: self.uploaded_by_id,
            uploaded_at: self.uploaded_at,
            removable: false,
        })
    }
}

const SELECT: &str = "SELECT d.id, d.policy_id, d.kind, d.file_name, d.media_type, d.size_bytes, \
    u.name AS uploaded_by, d.uploaded_by AS uploaded_by_id, d.uploaded_at FROM policy_documents d \
    LEFT JOIN users u ON u.id = d.uploaded_by";

/// The documents of policy `policy_id`, newest first.
pub async fn list(db: &Db, policy_id: i64) -> Result<Vec<PolicyDocument>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE d.policy_id = $1 ORDER BY d.id DESC");
    let rows: Vec<Row> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(policy_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().filter_map(Row::into_document).collect())
}

/// Document `id` of policy `policy_id`.
pub async fn find(db: &Db, policy_id: i64, id: i64) -> Result<Option<PolicyDocument>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE d.policy_id = $1 AND d.id = $2");
    let row: Option<Row> = on_pool!(db, pool => sqlx::query_as(&sql)
        .bind(policy_id).bind(id).fetch_optional(pool).await)?;
    Ok(row.and_then(Row::into_document))
}

/// The bytes of document `id`.
pub async fn contents(db: &Db, id: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    const SQL: &str = "SELECT bytes FROM policy_document_contents WHERE document_id = $1";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(id).fetch_optional(pool).await)
}

/// How many documents policy `policy_id` holds.
pub async fn count(tx: &mut Tx, policy_id: i64) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM policy_documents WHERE policy_id = $1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(policy_id).fetch_one(conn).await)
}

/// Stores a document and its bytes; answers its id.
pub async fn insert(
    tx: &mut Tx,
    doc: &NewDocument<'_>,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    const DOC: &str = "INSERT INTO policy_documents (policy_id, kind, file_name, media_type, \
        size_bytes, sha256, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
        RETURNING id";
    const BYTES: &str = "INSERT INTO policy_document_contents (document_id, bytes) VALUES ($1, $2)";
    let size = i64::try_from(doc.bytes.len()).unwrap_or(i64::MAX);
    let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(DOC)
        .bind(doc.policy_id)
        .bind(doc.kind.as_str())
        .bind(doc.file_name)
        .bind(doc.media_type.mime())
        .bind(size)
        .bind(doc.sha256)
        .bind(doc.uploaded_by)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    on_tx!(tx, conn => sqlx::query(BYTES).bind(id).bind(doc.bytes).execute(conn).await
        .map(|_| ()))?;
    Ok(id)
}

/// Deletes document `id` of policy `policy_id` (its bytes go with it); answers whether it was
/// there.
pub async fn delete(tx: &mut Tx, policy_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    const BYTES: &str = "DELETE FROM policy_document_contents WHERE document_id = (SELECT id FROM \
        policy_documents WHERE id = $1 AND policy_id = $2)";
    const DOC: &str = "DELETE FROM policy_documents WHERE id = $1 AND policy_id = $2";
    on_tx!(tx, conn => sqlx::query(BYTES).bind(id).bind(policy_id).execute(conn).await
        .map(|_| ()))?;
    let done = on_tx!(tx, conn => sqlx::query(DOC).bind(id).bind(policy_id).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Anonymising client `id`: deletes the documents of its policies that only identify the person
/// or their property (every kind but the contract's own papers: apólice, proposta, endosso,
/// boleto); answers how many went.
pub async fn delete_personal_of_client(tx: &mut Tx, id: i64) -> Result<u64, sqlx::Error> {
    const WHICH: &str =
        "SELECT d.id FROM policy_documents d JOIN policies p ON p.id = d.policy_id \
        WHERE p.client_id = $1 AND d.kind NOT IN ('apolice', 'proposta', 'endosso', 'boleto')";
    let ids: Vec<i64> =
        on_tx!(tx, conn => sqlx::query_scalar(WHICH).bind(id).fetch_all(conn).await)?;
    for doc in &ids {
        const BYTES: &str = "DELETE FROM policy_document_contents WHERE document_id = $1";
        const DOC: &str = "DELETE FROM policy_documents WHERE id = $1";
        on_tx!(tx, conn => sqlx::query(BYTES).bind(doc).execute(conn).await.map(|_| ()))?;
        on_tx!(tx, conn => sqlx::query(DOC).bind(doc).execute(conn).await.map(|_| ()))?;
    }
    Ok(ids.len() as u64)
}
