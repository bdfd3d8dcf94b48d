//! The fake's publishing side (SOCIAL.md §1–2): Instagram containers (`POST /{ig}/media` with a
//! JSON body, carousel items and parents), their `status_code`, `media_publish` (refusing a
//! container published before, as Meta does), permalinks, the rolling-24-hour
//! `content_publishing_limit`, and Page photos and posts.

use std::sync::Arc;

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

use super::{authorised, meta_error, planned, unauthorised, FakeGraph};

/// A container the fake made.
#[derive(Clone, Debug)]
pub struct Container {
    pub account: String,
    pub body: Value,
    /// The media it became.
    pub published: Option<String>,
}

/// What the fake published (for tests): (account, Meta's id, the request).
pub type Published = (String, String, Value);

impl FakeGraph {
    /// The containers made so far, in order.
    pub fn containers(&self) -> Vec<Container> {
        let book = self.book.lock().expect("fake lock");
        book.container_order
            .iter()
            .filter_map(|id| book.containers.get(id).cloned())
            .collect()
    }

    /// The next `n` Page posts are made but answered with an error, as when Meta's answer is
    /// lost after the post went out.
    pub fn lose_next_answers(&self, n: usize) {
        self.book.lock().expect("fake lock").lose_answers = n;
    }

    /// Everything published so far (Instagram media and Page posts), in order.
    pub fn published(&self) -> Vec<Published> {
        self.book.lock().expect("fake lock").published.clone()
    }

    /// Publishes container `id` as if a crashed run of the app had done it (its answer lost).
    pub fn publish_behind_the_apps_back(&self, id: &str) -> Option<String> {
        let media = format!("1799{}", self.next_digits());
        let mut book = self.book.lock().expect("fake lock");
        let container = book.containers.get_mut(id)?;
        container.published = Some(media.clone());
        let entry = (
            container.account.clone(),
            media.clone(),
            container.body.clone(),
        );
        book.published.push(entry);
        Some(media)
    }

    /// Instagram's publishing quota: `used` of `total` in the last 24 hours.
    pub fn set_quota(&self, used: u64, total: u64) {
        let mut book = self.book.lock().expect("fake lock");
        book.quota = Some((used, total));
    }

    fn next_digits(&self) -> String {
        self.next_id("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    }
}

/// `POST /{ig}/media` with a JSON body: a container.
pub async fn container(fake: &Arc<FakeGraph>, account: &str, body: Value) -> Response {
    if let Some(failure) = planned(fake).await {
        return failure;
    }
    let carousel = body["media_type"] == "CAROUSEL";
    if carousel {
        let children = body["children"].as_str().unwrap_or_default();
        let known = {
            let book = fake.book.lock().expect("fake lock");
            children
                .split(',')
                .filter(|c| !c.is_empty())
                .all(|c| book.containers.contains_key(c))
        };
        let count = children.split(',').filter(|c| !c.is_empty()).count();
        if !known || !(2..=10).contains(&count) {
            return meta_error(
                400,
                100,
                "Invalid parameter",
                "children must be 2 to 10 containers.",
            );
        }
    } else if !body["image_url"]
        .as_str()
        .is_some_and(|u| u.starts_with("http"))
    {
        return meta_error(
            400,
            9004,
            "Invalid parameter",
            "The media could not be fetched from this uri.",
        );
    }
    if body["caption"]
        .as_str()
        .is_some_and(|c| c.chars().count() > 2200)
    {
        return meta_error(400, 100, "Invalid parameter", "The caption is too long.");
    }
    let id = format!("1789{}", fake.next_digits());
    let mut book = fake.book.lock().expect("fake lock");
    book.containers.insert(
        id.clone(),
        Container {
            account: account.to_owned(),
            body,
            published: None,
        },
    );
    book.container_order.push(id.clone());
    Json(json!({"id": id})).into_response()
}

/// `GET /{container}?fields=status_code,status`.
pub fn container_status(fake: &FakeGraph, id: &str) -> Option<Response> {
    let book = fake.book.lock().expect("fake lock");
    let container = book.containers.get(id)?;
    let code = if container.published.is_some() {
        "PUBLISHED"
    } else {
        "FINISHED"
    };
    Some(Json(json!({"id": id, "status_code": code, "status": code})).into_response())
}

/// `GET /{media or post}?fields=permalink|permalink_url`.
pub fn permalink(fake: &FakeGraph, id: &str) -> Option<Response> {
    let book = fake.book.lock().expect("fake lock");
    let (account, _, _) = book.published.iter().find(|(_, m, _)| m == id)?;
    let link = if account.starts_with("1784") {
        format!("https://www.instagram.com/p/FAKE{id}/")
    } else {
        format!("https://www.facebook.com/{account}/posts/{id}")
    };
    Some(Json(json!({"id": id, "permalink": link, "permalink_url": link})).into_response())
}

/// `POST /{ig}/media_publish {"creation_id"}`.
pub async fn media_publish(
    State(fake): State<Arc<FakeGraph>>,
    headers: HeaderMap,
    Path((_, account)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    if let Some(failure) = planned(&fake).await {
        return failure;
    }
    let creation = body["creation_id"].as_str().unwrap_or_default().to_owned();
    let quota_full = {
        let book = fake.book.lock().expect("fake lock");
        let (used, total) = quota(&book);
        used >= total
    };
    if quota_full {
        return meta_error(
            400,
            9,
            "Application request limit reached",
            "The user has reached the daily publishing limit (2207042).",
        );
    }
    let known = fake
        .book
        .lock()
        .expect("fake lock")
        .containers
        .get(&creation)
        .map(|c| (c.account.clone(), c.published.is_some()));
    match known {
        Some((owner, false)) if owner == account => {
            let media = fake
                .publish_behind_the_apps_back(&creation)
                .unwrap_or_default();
            Json(json!({"id": media})).into_response()
        }
        Some((_, true)) => meta_error(
            400,
            9007,
            "Media already published",
            "The container was published already.",
        ),
        _ => meta_error(400, 100, "Invalid parameter", "Unknown creation_id."),
    }
}

fn quota(book: &super::Book) -> (u64, u64) {
    let (used, total) = book.quota.unwrap_or((0, 50));
    let ours = book
        .published
        .iter()
        .filter(|(a, _, _)| a.starts_with("1784"))
        .count() as u64;
    (used + ours, total)
}

/// `GET /{ig}/content_publishing_limit?fields=quota_usage,config`.
pub async fn publishing_limit(State(fake): State<Arc<FakeGraph>>, headers: HeaderMap) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    if let Some(failure) = planned(&fake).await {
        return failure;
    }
    let (used, total) = quota(&fake.book.lock().expect("fake lock"));
    Json(json!({"data": [{"quota_usage": used, "config": {"quota_total": total, "quota_duration": 86400}}]}))
        .into_response()
}

/// `GET /{page}/feed?fields=id,message,created_time`: the Page's posts, newest first.
pub async fn page_feed(
    State(fake): State<Arc<FakeGraph>>,
    headers: HeaderMap,
    Path((_, page)): Path<(String, String)>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    if let Some(failure) = planned(&fake).await {
        return failure;
    }
    let book = fake.book.lock().expect("fake lock");
    let data: Vec<Value> = book
        .published
        .iter()
        .rev()
        .filter(|(account, _, _)| *account == page)
        .take(25)
        .map(|(_, id, body)| json!({"id": id, "message": body["message"]}))
        .collect();
    Json(json!({ "data": data })).into_response()
}

/// `POST /{page}/photos {"url", "message"}` and `POST /{page}/feed {"message"}`.
pub async fn page_post(
    State(fake): State<Arc<FakeGraph>>,
    headers: HeaderMap,
    Path((_, page)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    if let Some(failure) = planned(&fake).await {
        return failure;
    }
    if body["message"].as_str().is_none_or(str::is_empty) && body["url"].is_null() {
        return meta_error(400, 100, "Invalid parameter", "message or url is required.");
    }
    let id = format!("{page}_{}", fake.next_digits());
    let lost = {
        let mut book = fake.book.lock().expect("fake lock");
        book.published.push((page, id.clone(), body));
        let lost = book.lose_answers > 0;
        book.lose_answers = book.lose_answers.saturating_sub(1);
        lost
    };
    if lost {
        // Posted, but the app hears only an error.
        return meta_error(
            500,
            1,
            "An unknown error occurred",
            "Please retry your request later.",
        );
    }
    Json(json!({"id": id, "post_id": id})).into_response()
}
