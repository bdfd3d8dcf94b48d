//! What can be done with a policy's documents, always within the caller's [`Scope`] (the
//! policy's client's): attach one (type told by its bytes, size and count bounded, written whole
//! with its audit row), list them, download one (audited: documents hold personal data), remove
//! one (its uploader, managers and admins; audited with the file's name and digest).

use serde_json::json;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::{
    clean_name, repo, repo::NewDocument, DocumentKind, MediaType, PolicyDocument,
    MAX_DOCUMENT_BYTES, MAX_PER_POLICY,
};
use crate::{
    audit::{self, Changes, RequestMeta},
    clients::scope::Scope,
    db::Db,
    error::AppError,
    roles::Role,
    users::repo::UserRow,
};

/// A file as the upload form sent it.
pub struct Upload<'a> {
    /// The `tipo` field: a [`DocumentKind`] code.
    pub kind: &'a str,
    /// The name the browser gave the file.
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// The form field every refusal of an upload is reported on.
pub const FIELD: &str = "arquivo";

/// Why an upload is refused before anything is stored (a message key), or its kind and type.
pub fn check(upload: &Upload<'_>) -> Result<(DocumentKind, MediaType), &'static str> {
    let kind = DocumentKind::parse(upload.kind.trim()).ok_or("document_kind_invalid")?;
    if upload.bytes.is_empty() {
        return Err("document_empty");
    }
    if upload.bytes.len() > MAX_DOCUMENT_BYTES {
        return Err("document_too_large");
    }
    let media = MediaType::sniff(upload.bytes).ok_or("document_type")?;
    Ok((kind, media))
}

fn may_remove(actor: &UserRow, doc: &PolicyDocument) -> bool {
    matches!(actor.role(), Role::Admin | Role::Manager) || doc.uploaded_by_id == Some(actor.id)
}

fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Attaches a document to policy `policy_id`; answers its id. Refusals are field errors on
/// [`FIELD`]; nothing is stored unless the file, its bytes and the audit row all are.
pub async fn upload(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    policy_id: i64,
    upload: &Upload<'_>,
    meta: RequestMeta,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    crate::policies::repo::find(db, scope, policy_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (kind, media) = check(upload).map_err(|key| AppError::invalid(FIELD, key))?;
    let name = clean_name(upload.file_name, media);
    let sha256 = digest(upload.bytes);
    let mut tx = db.begin().await?;
    if repo::count(&mut tx, policy_id).await? >= MAX_PER_POLICY {
        return Err(AppError::invalid(FIELD, "document_too_many"));
    }
    let doc = NewDocument {
        policy_id,
        kind,
        file_name: &name,
        media_type: media,
        bytes: upload.bytes,
        sha256: &sha256,
        uploaded_by: actor.id,
    };
    let id = repo::insert(&mut tx, &doc, now).await?;
    let mut changes = Changes::default();
    changes.compare("document", serde_json::Value::Null, name.as_str());
    changes.compare("document_kind", serde_json::Value::Null, kind.as_str());
    let mut changes = changes.into_value();
    changes["document_id"] = json!(id);
    changes["sha256"] = json!(sha256);
    changes["size_bytes"] = json!(upload.bytes.len());
    let entity = ("policy", policy_id);
    audit::change(
        &mut tx,
        Some(actor.id),
        "policy.document_add",
        entity,
        Some(changes),
        meta,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The documents of policy `policy_id` (already known to be within the viewer's scope), each
/// marked with whether `viewer` may remove it.
pub async fn list(
    db: &Db,
    viewer: &UserRow,
    policy_id: i64,
) -> Result<Vec<PolicyDocument>, AppError> {
    let mut docs = repo::list(db, policy_id).await?;
    for doc in &mut docs {
        doc.removable = may_remove(viewer, doc);
    }
    Ok(docs)
}

/// Document `id` of policy `policy_id` with its bytes, for download. Audited as
/// `policy.document_download` on the document (kept off the client's timeline).
pub async fn download(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    policy_id: i64,
    id: i64,
    meta: RequestMeta,
) -> Result<(PolicyDocument, Vec<u8>), AppError> {
    crate::policies::repo::find(db, scope, policy_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let doc = repo::find(db, policy_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = repo::contents(db, id).await?.ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    let changes = json!({ "policy_id": policy_id, "file_name": doc.file_name });
    let entity = ("policy_document", id);
    audit::change(
        &mut tx,
        Some(actor.id),
        "policy.document_download",
        entity,
        Some(changes),
        meta,
    )
    .await?;
    tx.commit().await?;
    Ok((doc, bytes))
}

/// Removes document `id` of policy `policy_id`: its uploader, managers and admins may; other
/// users get 403 and the document stays.
pub async fn remove(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    policy_id: i64,
    id: i64,
) -> Result<(), AppError> {
    crate::policies::repo::find(db, scope, policy_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let doc = repo::find(db, policy_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_remove(actor, &doc) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    if !repo::delete(&mut tx, policy_id, id).await? {
        return Err(AppError::NotFound);
    }
    let mut changes = Changes::default();
    changes.compare("document", doc.file_name.as_str(), serde_json::Value::Null);
    let mut changes = changes.into_value();
    changes["document_id"] = json!(id);
    let meta = RequestMeta::current();
    let entity = ("policy", policy_id);
    audit::change(
        &mut tx,
        Some(actor.id),
        "policy.document_remove",
        entity,
        Some(changes),
        meta,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
