//! The publishing scheduler (SOCIAL.md §1–2, §5.3): each target of a due post is handed once to
//! a [`PUBLISH_JOB`] that drives its state machine, one idempotent step at a time, every result
//! stored before the next call:
//!
//! - Instagram: `creating` — the quota is read (`content_publishing_limit`; full → the target
//!   waits an hour), then the containers are made (carousel items first, each id kept as soon as
//!   Meta answers, so a rerun never makes one twice) → `processing` — `status_code` polled until
//!   `FINISHED` → `publishing` — the container's status is read **again** before
//!   `media_publish`: `PUBLISHED` means a crashed run published it, so it is not published twice
//!   → `published` with the media id and permalink.
//! - Facebook Page: `creating` → `publishing` — a photo (or text) post; each call is counted
//!   (`attempts`) before it is made. A Page post has no container to read back: a rerun after a
//!   call whose answer was lost (a timeout, a 5xx) first reads the Page's latest posts, and one
//!   with the same text that no target of ours owns is taken as this one — not posted again.
//!
//! Service trouble and rate limits are retried by the job's backoff; Meta's permanent refusal
//! fails the target with its reason; a token refused (190) also marks the account.

use serde_json::json;

use super::{
    accounts,
    graph::{token_refused, GraphError, Retry},
    repo::{self, Target},
    vault::Token,
    Account, Social,
};
use crate::{db::Db, jobs};

/// The job kind that publishes one target (payload `{"target": id}`).
pub const PUBLISH_JOB: &str = "social.publish";

/// How long a target waits when the Instagram quota is full.
pub const QUOTA_WAIT_SECONDS: i64 = 3600;

/// Hands every due target to the scheduler (once each); answers how many.
pub async fn queue_due(db: &Db, now: i64) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    let due = repo::take_due(&mut tx, now).await?;
    for target in &due {
        jobs::enqueue(
            &mut tx,
            PUBLISH_JOB,
            &json!({ "target": target }),
            None,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

/// How far one run got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ran {
    /// Live, with Meta's id and link.
    Published,
    /// Failed for good, with Meta's reason.
    Failed(String),
    /// The Instagram quota is full: the target waits.
    Waiting,
    /// Nothing to do (already settled, or gone).
    Nothing,
}

/// Why a run must be tried again later.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("the Graph API asked to try later: {0}")]
    Later(GraphError),
    #[error("Meta is still processing the media")]
    Processing,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Where Meta fetches a picture from: the app's public, unguessable, expiring address.
pub fn media_url(origin: &str, token: &str) -> String {
    format!("{}/social/midia/{token}", origin.trim_end_matches('/'))
}

/// Drives target `id` as far as it goes now.
pub async fn run(
    db: &Db,
    social: &Social,
    origin: &str,
    id: i64,
    now: i64,
) -> Result<Ran, PublishError> {
    loop {
        match step(db, social, origin, id, now).await? {
            Some(ran) => {
                if let Some(target) = repo::target(db, id).await? {
                    repo::settle_post(db, target.post_id, now).await?;
                }
                return Ok(ran);
            }
            None => continue,
        }
    }
}

/// One transition of target `id`; `None` when it moved on and there is more to do.
pub async fn step(
    db: &Db,
    social: &Social,
    origin: &str,
    id: i64,
    now: i64,
) -> Result<Option<Ran>, PublishError> {
    let Some(t) = repo::target(db, id).await? else {
        return Ok(Some(Ran::Nothing));
    };
    if matches!(t.state.as_str(), "published" | "failed" | "scheduled") {
        return Ok(Some(Ran::Nothing));
    }
    let Some(account) = repo::account_by_id(db, t.account_id).await? else {
        return failed(db, &t, "the account was disconnected".into(), now).await;
    };
    let token = match accounts::token(db, social, &account).await {
        Ok(token) => token,
        Err(accounts::TokenError::Database(err)) => return Err(err.into()),
        Err(err) => return failed(db, &t, err.to_string(), now).await,
    };
    let outcome = if account.network == "instagram" {
        instagram(db, social, origin, &t, &account, &token, now).await
    } else {
        facebook(db, social, origin, &t, &account, &token, now).await
    };
    match outcome {
        Ok(next) => Ok(next),
        Err(Failure::Meta(err)) => {
            if token_refused(&err) {
                let why = err.explanation().unwrap_or_else(|| err.to_string());
                accounts::refused(db, account.id, &why, now).await?;
            }
            match err.retry() {
                // A publish whose answer was lost is settled by reading the container (or the
                // Page) first on the next run: safe to retry.
                Retry::Later | Retry::Unsure => Err(PublishError::Later(err)),
                Retry::Never => {
                    let why = err.explanation().unwrap_or_else(|| err.to_string());
                    failed(db, &t, why, now).await
                }
            }
        }
        Err(Failure::Processing) => Err(PublishError::Processing),
        Err(Failure::Database(err)) => Err(err.into()),
    }
}

enum Failure {
    Meta(GraphError),
    Processing,
    Database(sqlx::Error),
}

impl From<GraphError> for Failure {
    fn from(err: GraphError) -> Self {
        Self::Meta(err)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(err: sqlx::Error) -> Self {
        Self::Database(err)
    }
}

/// The job ran out of attempts (Meta stayed busy, or kept processing): target `id` fails with
/// the last reason, and its post is settled.
pub async fn give_up(db: &Db, id: i64, why: &str, now: i64) -> Result<(), sqlx::Error> {
    if let Some(t) = repo::target(db, id).await? {
        if !matches!(t.state.as_str(), "published" | "failed") {
            repo::fail_target(db, id, why, now).await?;
            repo::settle_post(db, t.post_id, now).await?;
        }
    }
    Ok(())
}

async fn failed(db: &Db, t: &Target, why: String, now: i64) -> Result<Option<Ran>, PublishError> {
    repo::fail_target(db, t.id, &why, now).await?;
    Ok(Some(Ran::Failed(why)))
}

async fn instagram(
    db: &Db,
    social: &Social,
    origin: &str,
    t: &Target,
    account: &Account,
    token: &Token,
    now: i64,
) -> Result<Option<Ran>, Failure> {
    let graph = &social.graph;
    let ig = account.external_id.as_str();
    match t.state.as_str() {
        "creating" => {
            if t.children.is_empty() && t.container_id.is_none() {
                let (used, total) = graph.publishing_limit(token, ig).await?;
                if used >= total {
                    let why = format!(
                        "Instagram publishing limit reached ({used} of {total} in 24 hours)"
                    );
                    repo::retry_at(db, t.id, now + QUOTA_WAIT_SECONDS, &why, now).await?;
                    return Ok(Some(Ran::Waiting));
                }
            }
            let media = repo::media_of(db, t.post_id).await?;
            let url = |token: &str| media_url(origin, token);
            let container = match media.as_slice() {
                [] => {
                    repo::fail_target(db, t.id, "Instagram needs a picture", now).await?;
                    return Ok(Some(Ran::Failed("Instagram needs a picture".into())));
                }
                [(single, _)] => {
                    let mut body = json!({"image_url": url(single), "caption": t.caption});
                    if let Some(alt) = &t.alt_text {
                        body["alt_text"] = json!(alt);
                    }
                    graph.create_container(token, ig, &body).await?
                }
                items => {
                    let mut children = t.children.clone();
                    for (item, _) in items.iter().skip(children.len()) {
                        let mut body = json!({"image_url": url(item), "is_carousel_item": true});
                        if let Some(alt) = &t.alt_text {
                            body["alt_text"] = json!(alt);
                        }
                        children.push(graph.create_container(token, ig, &body).await?);
                        repo::set_children(db, t.id, &children, now).await?;
                    }
                    let body = json!({"media_type": "CAROUSEL", "children": children.join(","),
                        "caption": t.caption});
                    graph.create_container(token, ig, &body).await?
                }
            };
            repo::set_container(db, t.id, &container, now).await?;
            Ok(None)
        }
        "processing" | "publishing" => {
            let Some(container) = t.container_id.as_deref() else {
                repo::set_state(db, t.id, "creating", None, now).await?;
                return Ok(None);
            };
            let (code, status) = graph.container_status(token, container).await?;
            match (code.as_str(), t.state.as_str()) {
                // Published by a run whose answer was lost: done, never published again.
                ("PUBLISHED", _) => {
                    repo::set_published(db, t.id, None, None, now).await?;
                    Ok(Some(Ran::Published))
                }
                ("FINISHED", "processing") => {
                    repo::set_state(db, t.id, "publishing", None, now).await?;
                    Ok(None)
                }
                ("FINISHED", _) => {
                    repo::attempted(db, t.id, now).await?;
                    let media = graph.media_publish(token, ig, container).await?;
                    live(db, social, token, t.id, &media, now).await
                }
                ("IN_PROGRESS", _) => Err(Failure::Processing),
                (other, _) => {
                    let why = format!(
                        "Instagram could not process the media: {}",
                        status.unwrap_or_else(|| other.to_owned())
                    );
                    repo::fail_target(db, t.id, &why, now).await?;
                    Ok(Some(Ran::Failed(why)))
                }
            }
        }
        _ => Ok(Some(Ran::Nothing)),
    }
}

/// Target `id` is live as Meta's `external` (kept first), with its permalink when Meta gives it.
async fn live(
    db: &Db,
    social: &Social,
    token: &Token,
    id: i64,
    external: &str,
    now: i64,
) -> Result<Option<Ran>, Failure> {
    repo::set_published(db, id, Some(external), None, now).await?;
    let link = social.graph.permalink(token, external).await.ok().flatten();
    repo::set_published(db, id, None, link.as_deref(), now).await?;
    Ok(Some(Ran::Published))
}

/// The Page post a call whose answer was lost made, if it did: the latest post with the same
/// text that no target owns yet.
async fn went_out_after_all(
    db: &Db,
    social: &Social,
    token: &Token,
    page: &str,
    t: &Target,
) -> Result<Option<String>, Failure> {
    let caption = t.caption.trim();
    for (id, message) in social.graph.recent_page_posts(token, page).await? {
        if message.trim() == caption && !repo::known_post(db, &id).await? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

async fn facebook(
    db: &Db,
    social: &Social,
    origin: &str,
    t: &Target,
    account: &Account,
    token: &Token,
    now: i64,
) -> Result<Option<Ran>, Failure> {
    match t.state.as_str() {
        "creating" | "processing" => {
            repo::set_state(db, t.id, "publishing", None, now).await?;
            Ok(None)
        }
        "publishing" => {
            let page = account.external_id.as_str();
            if t.attempts > 0 {
                if let Some(post) = went_out_after_all(db, social, token, page, t).await? {
                    return live(db, social, token, t.id, &post, now).await;
                }
            }
            let media = repo::media_of(db, t.post_id).await?;
            let picture = media.first().map(|(token, _)| media_url(origin, token));
            repo::attempted(db, t.id, now).await?;
            let post = social
                .graph
                .page_post(token, page, &t.caption, picture.as_deref())
                .await?;
            live(db, social, token, t.id, &post, now).await
        }
        _ => Ok(Some(Ran::Nothing)),
    }
}
