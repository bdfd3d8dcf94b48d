//! Merging two clients in one transaction: the other client's document cleared, the client kept
//! rewritten as chosen, the other's references moved, the other deleted, and the audit rows.
//! The caller's role was checked by the server function; both clients must be in `scope`.

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{merged, repo, Field, MergeChoice, MergePair, Side};
use crate::{
    audit::{self, AuditEntry, Changes, RequestMeta},
    clients::{self, scope::Scope, ClientDetail},
    db::{Db, Tx},
    error::AppError,
    users::repo::UserRow,
};

/// The two clients, both within `scope` (else 404); the same client twice is 400.
async fn pair(
    db: &Db,
    scope: &Scope,
    id: i64,
    other: i64,
) -> Result<(ClientDetail, ClientDetail), AppError> {
    if id == other {
        return Err(AppError::BadRequest);
    }
    let this = clients::repo::find(db, scope, id).await?;
    let that = clients::repo::find(db, scope, other).await?;
    match (this, that) {
        (Some(this), Some(that)) => Ok((this, that)),
        _ => Err(AppError::NotFound),
    }
}

/// What the merge page shows about clients `id` and `other`.
pub async fn preview(db: &Db, scope: &Scope, id: i64, other: i64) -> Result<MergePair, AppError> {
    let (this, that) = pair(db, scope, id, other).await?;
    let (notes, consents, import_rows) = repo::references(db, other).await?;
    Ok(MergePair {
        this,
        other: that,
        notes,
        consents,
        import_rows,
    })
}

/// The values the audit trail records for a client, as people read them (documents masked).
fn audit_view(c: &ClientDetail) -> Vec<(&'static str, Value)> {
    let phones: Vec<String> = c
        .phones
        .iter()
        .map(|p| {
            let wa = if p.whatsapp { " WhatsApp" } else { "" };
            format!("{} ({}{wa})", p.display, p.kind)
        })
        .collect();
    vec![
        ("kind", json!(c.kind.as_str())),
        ("name", json!(c.name)),
        ("trade_name", json!(c.trade_name)),
        ("tax_id", json!(c.tax_id)),
        (
            "birth_date",
            json!(c.birth_date.map(crate::format::date_br)),
        ),
        ("profession", json!(c.profession)),
        ("contact_name", json!(c.contact_name)),
        ("phones", json!(phones.join(", "))),
        ("emails", json!(c.emails.join(", "))),
        ("tags", json!(c.tags.join(", "))),
        ("lines", json!(c.lines.join(", "))),
        ("source", json!(c.source)),
        ("cep", json!(c.cep)),
        ("street", json!(c.street)),
        ("street_number", json!(c.street_number)),
        ("complement", json!(c.complement)),
        ("district", json!(c.district)),
        ("city", json!(c.city)),
        ("state", json!(c.state)),
        ("notes", json!(c.notes)),
        ("marketing_consent", json!(c.marketing_consent)),
        ("consent_channel", json!(c.consent_channel)),
        ("owner", json!(c.owner)),
        ("team", json!(c.team)),
    ]
}

/// The `client.merge` row's changes: what changed on the client kept, and which client went.
fn merge_changes(before: &ClientDetail, after: &ClientDetail, other: &ClientDetail) -> Value {
    let mut changes = Changes::default();
    for ((field, from), (_, to)) in audit_view(before).into_iter().zip(audit_view(after)) {
        changes.compare(field, from, to);
    }
    let mut value = changes.into_value();
    if let Some(map) = value.as_object_mut() {
        map.insert("merged".to_owned(), json!(other.id));
        map.insert("other_name".to_owned(), json!(other.name));
    }
    value
}

async fn write_audit(
    tx: &mut Tx,
    actor: i64,
    action: &str,
    id: i64,
    changes: Value,
) -> Result<(), AppError> {
    let entry = AuditEntry {
        actor_id: Some(actor),
        action,
        entity_type: Some("client"),
        entity_id: Some(id.to_string()),
        changes: Some(changes),
        meta: RequestMeta::current(),
    };
    audit::record(tx, &entry).await?;
    Ok(())
}

/// Merges client `other` into client `id`, both within `scope`: the fields as `keep` says,
/// contacts, tags and lines united (refused past [`super::MAX_UNITED`]: field error
/// `merge_too_many`), the other's notes, consent history and import lines moved
/// ([`repo::move_references`]), the other deleted. Audited as `client.merge` on `id` (the diff,
/// `merged` and `other_name`) and `client.merged_into` on `other` (`into`).
pub async fn merge(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    other: i64,
    keep: &MergeChoice,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let (this, that) = pair(db, scope, id, other).await?;
    let after =
        merged(&this, &that, keep).map_err(|field| AppError::invalid(field, "merge_too_many"))?;
    let record = clients::service::record_of(&after)?;
    let mut tx = db.begin().await?;
    // Read again inside the transaction: either may have gone or left the scope meanwhile.
    for client in [id, other] {
        if !clients::repo::in_scope(&mut tx, scope, client).await? {
            return Err(AppError::NotFound);
        }
    }
    // The document is unique: the other client lets go of it before this one may take it.
    repo::clear_tax_id(&mut tx, other).await?;
    clients::repo::update(&mut tx, id, &record, false, now).await?;
    if super::side(Field::Owner, keep, &this, &that) == Side::Other {
        repo::take_holder(&mut tx, id, other).await?;
    }
    if after.marketing_consent && !this.marketing_consent {
        repo::take_consent_time(&mut tx, id, other).await?;
    }
    repo::move_references(&mut tx, other, id).await?;
    clients::lgpd::repo::delete(&mut tx, other).await?;
    let changes = merge_changes(&this, &after, &that);
    write_audit(&mut tx, actor.id, "client.merge", id, changes).await?;
    let into = json!({ "into": id, "into_name": after.name });
    write_audit(&mut tx, actor.id, "client.merged_into", other, into).await?;
    tx.commit().await?;
    Ok(())
}
