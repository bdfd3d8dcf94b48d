//! Writing a post for the Page and the Instagram account: checked against what Meta takes
//! (Instagram: a caption of at most 2,200 characters and 30 hashtags, 1 picture or a carousel
//! of 2–10, JPEG or PNG of at most 8 MB each) before anything is kept, then kept in one
//! transaction with its pictures (each under its own random address) and one target per
//! account, for the scheduler ([`super::publish`]).

use chacha20poly1305::aead::{rand_core::RngCore, OsRng};

use serde_json::{json, Value};

pub use super::{hashtags, MAX_CAPTION_CHARS, MAX_HASHTAGS};
use super::{repo, PostView};
use crate::{
    audit::{self, AuditEntry, RequestMeta},
    db::Db,
    error::AppError,
    roles::Role,
    settings::store as settings,
};

/// Most pictures in a carousel.
pub const MAX_PICTURES: usize = 10;
/// Largest picture Instagram takes.
pub const MAX_PICTURE_BYTES: usize = 8 * 1024 * 1024;
/// A picture's address works this long after the post's time (retries included).
pub const MEDIA_LIFETIME_SECONDS: i64 = 7 * 24 * 3600;

/// A post as staff write it.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    pub caption: String,
    pub alt_text: Option<String>,
    /// When it goes out, Unix seconds (a draft may have none).
    pub publish_at: Option<i64>,
    /// (type, bytes) in order.
    pub pictures: Vec<(String, Vec<u8>)>,
    /// The connected accounts it goes to.
    pub accounts: Vec<i64>,
    /// Kept as a draft (with or without a time): it does not go out until sent.
    pub hold: bool,
}

/// The picture's type told by its bytes (JPEG or PNG), whatever its name says.
pub fn picture_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

/// Checks `draft` for the networks of `networks` (its accounts' networks).
pub fn validate(draft: &Draft, networks: &[String], now: i64) -> Result<(), AppError> {
    let mut fields = std::collections::BTreeMap::new();
    let mut bad = |field: &str, key: &str| {
        fields
            .entry(field.to_owned())
            .or_insert_with(|| key.to_owned());
    };
    let caption = draft.caption.trim();
    if caption.is_empty() && draft.pictures.is_empty() {
        bad("caption", "value_required");
    }
    if caption.chars().count() > MAX_CAPTION_CHARS {
        bad("caption", "social_caption_too_long");
    }
    if hashtags(caption) > MAX_HASHTAGS {
        bad("caption", "social_too_many_hashtags");
    }
    if draft.accounts.is_empty() || networks.len() != draft.accounts.len() {
        bad("accounts", "social_account_required");
    }
    if networks.iter().any(|n| n == "instagram") && draft.pictures.is_empty() {
        bad("pictures", "social_instagram_needs_picture");
    }
    if draft.pictures.len() > MAX_PICTURES {
        bad("pictures", "social_too_many_pictures");
    }
    for (_, bytes) in &draft.pictures {
        if picture_type(bytes).is_none() {
            bad("pictures", "social_picture_type");
        } else if bytes.len() > MAX_PICTURE_BYTES {
            bad("pictures", "social_picture_too_large");
        }
    }
    if !draft.hold && draft.publish_at.is_none() {
        bad("publish_at", "social_time_required");
    }
    if !draft.hold && draft.publish_at.is_some_and(|at| at < now - 60) {
        bad("publish_at", "social_time_past");
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid { fields })
    }
}

fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The `app_settings` flag: managers approve posts before they go out.
pub const APPROVAL_KEY: &str = "social_approval";

/// Whether posts by someone of `role` wait for a manager's approval.
pub async fn needs_approval(db: &Db, role: Role) -> Result<bool, sqlx::Error> {
    Ok(role == Role::User && settings::flag(db, APPROVAL_KEY).await?)
}

fn audit_entry(
    by: Option<i64>,
    action: &'static str,
    post: i64,
    changes: Value,
) -> AuditEntry<'static> {
    AuditEntry {
        actor_id: by,
        action,
        entity_type: Some("social_post"),
        entity_id: Some(post.to_string()),
        changes: Some(changes),
        meta: RequestMeta::current(),
    }
}

/// Keeps `draft` by `by` (checked first): a draft without a time; with one, scheduled — or
/// pending when `needs_approval`. Audited. Answers the post's id.
pub async fn schedule(
    db: &Db,
    by: Option<i64>,
    draft: &Draft,
    needs_approval: bool,
    now: i64,
) -> Result<i64, AppError> {
    let mut networks = Vec::new();
    for id in &draft.accounts {
        if let Some(account) = repo::account_by_id(db, *id).await? {
            networks.push(account.network);
        }
    }
    validate(draft, &networks, now)?;
    let alt = draft
        .alt_text
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let status = if draft.hold {
        "draft"
    } else if needs_approval {
        "pending"
    } else {
        "scheduled"
    };
    let mut tx = db.begin().await?;
    let post = repo::insert_post(
        &mut tx,
        &repo::NewPost {
            caption: draft.caption.trim(),
            alt_text: alt,
            publish_at: draft.publish_at,
            by,
        },
        status,
        now,
    )
    .await?;
    let expires = draft.publish_at.unwrap_or(now) + MEDIA_LIFETIME_SECONDS;
    for (position, (_, bytes)) in draft.pictures.iter().enumerate() {
        let mime = picture_type(bytes).unwrap_or("image/jpeg");
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        repo::insert_media(
            &mut tx,
            post,
            position,
            (mime, bytes),
            &random_token(),
            expires,
        )
        .await?;
    }
    for account in &draft.accounts {
        repo::insert_target(&mut tx, post, *account, now).await?;
    }
    if status == "pending" {
        let author = match by {
            Some(by) => repo::user_name(&mut tx, by).await?,
            None => None,
        };
        repo::ask_approval(&mut tx, post, author.as_deref(), draft.caption.trim(), now).await?;
    }
    let changes = json!({"status": status, "publish_at": draft.publish_at,
        "accounts": draft.accounts, "pictures": draft.pictures.len()});
    audit::record(
        &mut tx,
        &audit_entry(by, "social.post_created", post, changes),
    )
    .await?;
    tx.commit().await?;
    Ok(post)
}

/// Post `id` as `viewer` sees it (whether they may approve it).
pub async fn view(db: &Db, viewer: Role, id: i64) -> Result<PostView, AppError> {
    let (mut view, _) = repo::post_view(db, id).await?.ok_or(AppError::NotFound)?;
    view.can_approve = view.summary.status == "pending" && viewer != Role::User;
    Ok(view)
}

/// Who may change post `id`: whoever wrote it, and managers and admins.
async fn changeable(db: &Db, by: i64, role: Role, id: i64) -> Result<PostView, AppError> {
    let (view, author) = repo::post_view(db, id).await?.ok_or(AppError::NotFound)?;
    if role == Role::User && author != Some(by) {
        return Err(AppError::Forbidden);
    }
    if !view.can_change {
        return Err(AppError::Conflict);
    }
    Ok(view)
}

/// Pending post `id` approved by manager `by`: it goes out at its time (now, when that has
/// passed). Audited.
pub async fn approve(db: &Db, by: i64, role: Role, id: i64, now: i64) -> Result<(), AppError> {
    if role == Role::User {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    if !repo::approve(&mut tx, id, by, now).await? {
        return Err(AppError::Conflict);
    }
    audit::record(
        &mut tx,
        &audit_entry(Some(by), "social.post_approved", id, json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Post `id` goes out now (a draft, or a post scheduled for later), or waits for approval when
/// `by`'s posts need it and it was not approved yet. Audited.
pub async fn publish_now(db: &Db, by: i64, role: Role, id: i64, now: i64) -> Result<(), AppError> {
    let view = changeable(db, by, role, id).await?;
    let status = match view.summary.status.as_str() {
        "scheduled" => "scheduled",
        _ if needs_approval(db, role).await? => "pending",
        _ => "scheduled",
    };
    let mut tx = db.begin().await?;
    if !repo::reschedule(&mut tx, id, now, status, now).await? {
        return Err(AppError::Conflict);
    }
    if status == "pending" && view.summary.status != "pending" {
        let author = repo::user_name(&mut tx, by).await?;
        repo::ask_approval(&mut tx, id, author.as_deref(), &view.summary.caption, now).await?;
    }
    let changes = json!({"publish_at": {"from": view.summary.publish_at, "to": now},
        "status": {"from": view.summary.status, "to": status}});
    audit::record(
        &mut tx,
        &audit_entry(Some(by), "social.post_publish_now", id, changes),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Post `id` goes out at `at` instead (a draft given a time is scheduled, or waits for approval
/// when `by`'s posts need it), while nothing of it has gone to Meta. Audited.
pub async fn reschedule(
    db: &Db,
    by: i64,
    role: Role,
    id: i64,
    at: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    let invalid = |key: &str| AppError::Invalid {
        fields: [("quando".to_owned(), key.to_owned())].into(),
    };
    let at = at.ok_or_else(|| invalid("social_time_required"))?;
    if at < now - 60 {
        return Err(invalid("social_time_past"));
    }
    let view = changeable(db, by, role, id).await?;
    let status = match view.summary.status.as_str() {
        "draft" if needs_approval(db, role).await? => "pending",
        "draft" => "scheduled",
        other => other,
    }
    .to_owned();
    let mut tx = db.begin().await?;
    if !repo::reschedule(&mut tx, id, at, &status, now).await? {
        return Err(AppError::Conflict);
    }
    if status == "pending" && view.summary.status != "pending" {
        let author = repo::user_name(&mut tx, by).await?;
        repo::ask_approval(&mut tx, id, author.as_deref(), &view.summary.caption, now).await?;
    }
    let changes = json!({"publish_at": {"from": view.summary.publish_at, "to": at},
        "status": {"from": view.summary.status, "to": status}});
    audit::record(
        &mut tx,
        &audit_entry(Some(by), "social.post_rescheduled", id, changes),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes post `id` while nothing of it has gone to Meta. Audited.
pub async fn delete(db: &Db, by: i64, role: Role, id: i64) -> Result<(), AppError> {
    let view = changeable(db, by, role, id).await?;
    let mut tx = db.begin().await?;
    if !repo::delete_post(&mut tx, id).await? {
        return Err(AppError::Conflict);
    }
    let changes = json!({"caption": view.summary.caption, "status": view.summary.status,
        "publish_at": view.summary.publish_at});
    audit::record(
        &mut tx,
        &audit_entry(Some(by), "social.post_deleted", id, changes),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n rest";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0];

    fn draft() -> Draft {
        Draft {
            caption: "Seguro auto com 15% de desconto #seguroauto #monteiro".into(),
            alt_text: None,
            publish_at: Some(1_000),
            pictures: vec![("image/png".into(), PNG.to_vec())],
            accounts: vec![1],
            hold: false,
        }
    }

    fn fields(err: AppError) -> Vec<String> {
        match err {
            AppError::Invalid { fields } => fields.into_values().collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hashtags_are_words_starting_with_a_hash_and_a_letter_or_digit() {
        assert_eq!(hashtags("#seguro auto #2026 # nada #  x#y"), 2);
    }

    #[test]
    fn pictures_are_told_by_their_bytes() {
        assert_eq!(picture_type(PNG), Some("image/png"));
        assert_eq!(picture_type(JPEG), Some("image/jpeg"));
        assert_eq!(picture_type(b"<svg"), None);
    }

    #[test]
    fn a_good_instagram_post_passes_and_each_limit_is_named() {
        let ig = vec!["instagram".to_owned()];
        assert!(validate(&draft(), &ig, 900).is_ok());
        let long = Draft {
            caption: "a".repeat(MAX_CAPTION_CHARS + 1),
            ..draft()
        };
        assert_eq!(
            fields(validate(&long, &ig, 900).unwrap_err()),
            ["social_caption_too_long"]
        );
        let tags = Draft {
            caption: (0..31)
                .map(|i| format!("#t{i}"))
                .collect::<Vec<_>>()
                .join(" "),
            ..draft()
        };
        assert_eq!(
            fields(validate(&tags, &ig, 900).unwrap_err()),
            ["social_too_many_hashtags"]
        );
        let bare = Draft {
            pictures: vec![],
            ..draft()
        };
        assert_eq!(
            fields(validate(&bare, &ig, 900).unwrap_err()),
            ["social_instagram_needs_picture"]
        );
        assert!(
            validate(&bare, &["facebook".to_owned()], 900).is_ok(),
            "a Page takes text"
        );
        let eleven = Draft {
            pictures: vec![("image/png".into(), PNG.to_vec()); 11],
            ..draft()
        };
        assert_eq!(
            fields(validate(&eleven, &ig, 900).unwrap_err()),
            ["social_too_many_pictures"]
        );
        let svg = Draft {
            pictures: vec![("image/png".into(), b"<svg/>".to_vec())],
            ..draft()
        };
        assert_eq!(
            fields(validate(&svg, &ig, 900).unwrap_err()),
            ["social_picture_type"]
        );
        assert_eq!(
            fields(validate(&draft(), &ig, 2_000).unwrap_err()),
            ["social_time_past"]
        );
        let held = Draft {
            hold: true,
            publish_at: None,
            ..draft()
        };
        assert!(validate(&held, &ig, 2_000).is_ok(), "a draft needs no time");
        let untimed = Draft {
            publish_at: None,
            ..draft()
        };
        assert_eq!(
            fields(validate(&untimed, &ig, 900).unwrap_err()),
            ["social_time_required"]
        );
        let nowhere = Draft {
            accounts: vec![],
            ..draft()
        };
        assert_eq!(
            fields(validate(&nowhere, &[], 900).unwrap_err()),
            ["social_account_required"]
        );
    }
}
