//! The fake's Facebook Page and Instagram side: reading an account with its token (the token
//! check), Messenger/Instagram sends and "seen" (`POST /{page}/messages` with a `recipient`),
//! and a person's direct message posted to the app as a signed `page` or `instagram` delivery —
//! followed, after a send, by the delivery and read events Meta would post.

use std::sync::Arc;

use axum::{
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

use super::{meta_error, planned, FakeGraph};

/// The demo's Facebook Page.
pub const PAGE_ID: &str = "100000000000010";
pub const PAGE_NAME: &str = "Monteiro Corretora de Seguros";
/// The demo's Instagram professional account (linked to the Page).
pub const INSTAGRAM_ID: &str = "17841400000000020";
pub const INSTAGRAM_USERNAME: &str = "monteiro.seguros";

/// `GET /{id}?fields=…` of the fake's Page (its name) or Instagram account (its username);
/// any other id does not exist, as on Meta.
pub fn account(id: &str) -> Response {
    match id {
        PAGE_ID => Json(json!({"id": id, "name": PAGE_NAME})).into_response(),
        INSTAGRAM_ID => Json(json!({"id": id, "username": INSTAGRAM_USERNAME})).into_response(),
        _ => meta_error(
            404,
            100,
            "Unsupported get request",
            "Object does not exist.",
        ),
    }
}

/// `GET /{psid|igsid}?fields=…` of a person who wrote: their name (and an Instagram username).
pub fn person(id: &str, name: &str, fields: &str) -> Response {
    let mut answer = json!({"id": id, "name": name});
    if fields.contains("username") {
        let user: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
            .collect();
        answer["username"] = json!(user);
    }
    Json(answer).into_response()
}

/// Whether a `/{id}/messages` body is a Messenger/Instagram one.
pub fn is_messaging(body: &Value) -> bool {
    body.get("recipient").is_some()
}

/// `POST /{page}/messages` with a `recipient`: a send (text) or a "seen".
pub async fn message(fake: &Arc<FakeGraph>, page: &str, body: Value) -> Response {
    fake.book
        .lock()
        .expect("fake lock")
        .requests
        .push(body.clone());
    if let Some(failure) = planned(fake).await {
        return failure;
    }
    let Some(recipient) = body["recipient"]["id"].as_str().map(str::to_owned) else {
        return meta_error(400, 100, "Invalid parameter", "recipient.id is required.");
    };
    if body["sender_action"].is_string() {
        return Json(json!({"recipient_id": recipient})).into_response();
    }
    if body["message"]["text"].as_str().is_none_or(str::is_empty) {
        return meta_error(400, 100, "Invalid parameter", "message.text is required.");
    }
    if body["messaging_type"] == "MESSAGE_TAG" && body["tag"] != "HUMAN_AGENT" {
        return meta_error(400, 100, "Invalid parameter", "Unsupported tag.");
    }
    let instagram = page == PAGE_ID && fake.instagram_people().contains(&recipient);
    let planned_mid = fake.book.lock().expect("fake lock").mids.pop_front();
    let mid = if let Some(mid) = planned_mid {
        mid
    } else if instagram {
        format!("aWdfZAG1faXRlbToxOk{}", fake.next_id(""))
    } else {
        format!("m_{}", fake.next_id(""))
    };
    fake.book
        .lock()
        .expect("fake lock")
        .accepted
        .push(body.clone());
    if let (Some(every), true) = (
        fake.config.statuses_every,
        fake.config.webhook_url.is_some(),
    ) {
        let (fake, mid, recipient) = (fake.clone(), mid.clone(), recipient.clone());
        tokio::spawn(async move {
            tokio::time::sleep(every).await;
            let now = time::OffsetDateTime::now_utc();
            let ms = (now.unix_timestamp_nanos() / 1_000_000) as i64;
            let delivered = if instagram {
                None
            } else {
                Some(json!({"delivery": {"mids": [mid], "watermark": ms}}))
            };
            let read = if instagram {
                json!({"read": {"mid": mid}})
            } else {
                json!({"read": {"watermark": ms}})
            };
            for event in delivered.into_iter().chain([read]) {
                tokio::time::sleep(every).await;
                if let Err(err) = fake.deliver_messaging(instagram, &recipient, event).await {
                    tracing::warn!(error = %err, "the fake Graph API could not post a read");
                }
            }
        });
    }
    Json(json!({"recipient_id": recipient, "message_id": mid})).into_response()
}

impl FakeGraph {
    /// Answers the next Messenger/Instagram sends with these message ids, in order.
    pub fn answer_with_mids(&self, mids: impl IntoIterator<Item = String>) {
        self.book.lock().expect("fake lock").mids.extend(mids);
    }

    /// Person `id` (PSID or IGSID) is called `name` (their profile says so).
    pub fn add_person(&self, id: &str, name: &str) {
        let mut book = self.book.lock().expect("fake lock");
        book.people.insert(id.to_owned(), name.to_owned());
    }

    /// The Instagram people who wrote (their sends get Instagram ids and events).
    fn instagram_people(&self) -> Vec<String> {
        self.book.lock().expect("fake lock").instagram.clone()
    }

    /// Posts a signed `page` (or `instagram`) delivery with one `messaging` event from person
    /// `user` to the demo's Page (or Instagram account).
    pub async fn deliver_messaging(
        &self,
        instagram: bool,
        user: &str,
        event: Value,
    ) -> Result<u16, String> {
        let (object, account) = if instagram {
            ("instagram", INSTAGRAM_ID)
        } else {
            ("page", PAGE_ID)
        };
        let now = time::OffsetDateTime::now_utc();
        let ms = (now.unix_timestamp_nanos() / 1_000_000) as i64;
        let mut event = event;
        event["sender"] = json!({"id": user});
        event["recipient"] = json!({"id": account});
        if event.get("timestamp").is_none() {
            event["timestamp"] = json!(ms);
        }
        let body = json!({"object": object, "entry": [{"id": account, "time": ms,
            "messaging": [event]}]});
        self.post_signed(&body).await
    }

    /// A person (called `name`, as their profile will say) writes to the Page (or the Instagram
    /// account): answers the message's `mid`.
    pub async fn dm(
        &self,
        instagram: bool,
        user: &str,
        name: Option<&str>,
        text: &str,
    ) -> Result<(String, u16), String> {
        {
            let mut book = self.book.lock().expect("fake lock");
            if instagram && !book.instagram.iter().any(|u| u == user) {
                book.instagram.push(user.to_owned());
            }
        }
        if let Some(name) = name {
            self.add_person(user, name);
        }
        let mid = if instagram {
            format!("aWdfZAG1faXRlbToxOkIN{}", self.next_id(""))
        } else {
            format!("m_IN{}", self.next_id(""))
        };
        let event = json!({"message": {"mid": mid, "text": text}});
        let status = self.deliver_messaging(instagram, user, event).await?;
        Ok((mid, status))
    }
}
