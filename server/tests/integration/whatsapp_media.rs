//! Files customers send, against the local fake Graph API on both engines: fetched by the media
//! job right after the message is stored, kept in the database, served to signed-in staff —
//! pictures inline, anything else only as a download — and a file Meta no longer has is marked
//! failed instead of waiting forever.

use serde_json::{json, Value};

use crate::{
    support::backends,
    whatsapp_outbox::{world, World},
    whatsapp_webhook::{count, deliver, delivery, message, NUMBER},
};

const CUSTOMER: &str = "5531988887777";

/// The customer sends a file of `kind` with media object `object`; answers the message's id.
async fn sends(w: &World, wamid: &str, kind: &str, object: Value) -> i64 {
    let mut m = message(wamid, CUSTOMER, kind, object);
    m["timestamp"] = json!(time::OffsetDateTime::now_utc().unix_timestamp().to_string());
    let res = deliver(
        &w.app,
        &delivery(NUMBER, "Maria", CUSTOMER, vec![m], vec![]),
    )
    .await;
    assert_eq!(res.status, 200);
    w.app.run_jobs().await;
    count(
        &w.app.db,
        &format!("SELECT id FROM wa_messages WHERE wamid = '{wamid}'"),
    )
    .await
}

#[tokio::test]
async fn a_picture_is_fetched_at_once_and_shown_inline_to_staff_only() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let png = b"\x89PNG\r\n\x1a\n-a-picture".to_vec();
        let media = w.fake.add_media(png.clone(), "image/png");
        let id = sends(
            &w,
            "wamid.PIC",
            "image",
            json!({"id": media, "mime_type": "image/png", "caption": "Foto do para-choque"}),
        )
        .await;
        let path = format!("/whatsapp/midia/{id}");

        let ana = w
            .app
            .login("ana@monteiro.test", "uma senha bem longa")
            .await;
        let res = w.app.get_as(&ana, &path).await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        assert_eq!(res.header("content-type"), "image/png");
        assert_eq!(res.header("content-disposition"), "inline");
        assert_eq!(res.header("x-content-type-options"), "nosniff");
        assert_eq!(res.bytes, png, "{backend:?}: the very bytes Meta had");

        let conversation = w.conversation.to_string();
        let chat = w
            .app
            .call(&ana, "/api/whatsapp_chat", &[("id", &conversation)])
            .await
            .json();
        let bubble = chat["bubbles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == id)
            .cloned()
            .unwrap();
        assert_eq!(bubble["media"], "stored");
        assert_eq!(bubble["body"], "Foto do para-choque");

        let visitor = w.app.get_as("", &path).await;
        assert!(
            visitor.status == 401 || visitor.status == 303,
            "{backend:?}: {}",
            visitor.status
        );
        assert_ne!(visitor.bytes, png);
        assert_eq!(
            w.app.get_as(&ana, "/whatsapp/midia/999999").await.status,
            404
        );
    }
}

#[tokio::test]
async fn a_document_or_web_page_is_only_ever_a_download() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let html = b"<script>alert(1)</script>".to_vec();
        let media = w.fake.add_media(html.clone(), "text/html");
        let id = sends(
            &w,
            "wamid.DOC",
            "document",
            json!({"id": media, "mime_type": "text/html", "filename": "proposta.html"}),
        )
        .await;
        let ana = w
            .app
            .login("ana@monteiro.test", "uma senha bem longa")
            .await;
        let res = w.app.get_as(&ana, &format!("/whatsapp/midia/{id}")).await;
        assert_eq!(res.status, 200, "{backend:?}");
        assert_eq!(res.header("content-type"), "application/octet-stream");
        assert!(
            res.header("content-disposition").starts_with("attachment"),
            "{}",
            res.header("content-disposition")
        );
        assert!(res.header("content-disposition").contains("proposta.html"));
    }
}

#[tokio::test]
async fn a_file_meta_no_longer_has_is_marked_failed_not_left_pending() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let id = sends(
            &w,
            "wamid.GONE",
            "audio",
            json!({"id": "404404404", "mime_type": "audio/ogg"}),
        )
        .await;
        let status = count(
            &w.app.db,
            &format!("SELECT COUNT(*) FROM wa_media WHERE message_id = {id} AND status = 'failed'"),
        )
        .await;
        assert_eq!(status, 1, "{backend:?}");
        let ana = w
            .app
            .login("ana@monteiro.test", "uma senha bem longa")
            .await;
        assert_eq!(
            w.app
                .get_as(&ana, &format!("/whatsapp/midia/{id}"))
                .await
                .status,
            404
        );
    }
}
