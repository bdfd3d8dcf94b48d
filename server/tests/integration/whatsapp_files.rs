//! Staff send files on WhatsApp, on both engines: the plain form's file is told by its bytes,
//! kept with its message, uploaded to Meta once and sent by its media id (with caption and file
//! name); what WhatsApp would not take is refused in the user's words before anything is kept;
//! trouble uploading or sending is retried without a second upload or a second message.

use app::roles::Role;
use server::fake_graph::Failure;

use crate::{
    clients::staff,
    support::{backends, TestResponse},
    whatsapp_outbox::{world, World},
    whatsapp_webhook::count,
};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";

/// Posts the chat's file form as the holder of `cookie`.
async fn send_file(
    w: &World,
    cookie: &str,
    (name, mime, bytes): (&str, &str, &[u8]),
    caption: &str,
) -> TestResponse {
    let path = format!("/whatsapp/{}/arquivo", w.conversation);
    w.app
        .post_multipart(
            cookie,
            &path,
            &[("legenda", caption)],
            ("arquivo", name, mime, bytes),
        )
        .await
}

/// Where the form sent the browser back to: the chat with `arquivo=<outcome>`.
fn outcome(w: &World, res: &TestResponse) -> String {
    assert_eq!(res.status, 303, "{}", res.body);
    let prefix = format!("/whatsapp/{}?arquivo=", w.conversation);
    res.header("location")
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("back to the chat, not {}", res.header("location")))
        .to_owned()
}

async fn outgoing(w: &World) -> i64 {
    count(
        &w.app.db,
        "SELECT COUNT(*) FROM wa_messages WHERE direction = 'out'",
    )
    .await
}

#[tokio::test]
async fn a_pdf_is_uploaded_then_sent_by_its_media_id_with_its_caption_and_name_and_shown_in_the_chat(
) {
    for backend in backends() {
        let w = world(backend, "5").await;
        let (_, bia) = staff(&w.app, "bia@monteiro.test", Role::User, None).await;
        let res = send_file(
            &w,
            &bia,
            ("Proposta Auto 2027.pdf", "application/pdf", PDF),
            "Segue a proposta",
        )
        .await;
        assert_eq!(outcome(&w, &res), "enviado", "{backend:?}");
        w.app.run_jobs().await;

        let uploads = w.fake.uploads();
        assert_eq!(uploads.len(), 1, "{backend:?}");
        let (media, bytes, mime) = &uploads[0];
        assert_eq!((bytes.as_slice(), mime.as_str()), (PDF, "application/pdf"));
        let sent = w.fake.accepted();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0]["type"], "document");
        assert_eq!(sent[0]["document"]["id"], media.as_str());
        assert_eq!(sent[0]["document"]["caption"], "Segue a proposta");
        assert_eq!(sent[0]["document"]["filename"], "Proposta Auto 2027.pdf");

        let chat = w
            .app
            .call(
                &bia,
                "/api/whatsapp_chat",
                &[("id", &w.conversation.to_string())],
            )
            .await
            .json();
        let bubble = chat["bubbles"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(bubble["outgoing"], true);
        assert_eq!(bubble["kind"], "document");
        assert_eq!(bubble["body"], "Segue a proposta");
        assert_eq!(bubble["media"], "stored");
        assert_eq!(bubble["status"], "accepted");
        assert_eq!(chat["conversation"]["preview"], "Segue a proposta");
        let file = w
            .app
            .get(
                &format!("/whatsapp/midia/{}", bubble["id"]),
                &[("cookie", &bia)],
            )
            .await;
        assert_eq!(file.status, 200);
        assert_eq!(file.bytes, PDF, "{backend:?}: staff download what was sent");
    }
}

#[tokio::test]
async fn a_photo_goes_as_an_image_told_by_its_bytes_whatever_the_browser_called_it() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let (_, bia) = staff(&w.app, "bia@monteiro.test", Role::User, None).await;
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR....".as_slice();
        let res = send_file(&w, &bia, ("foto", "application/octet-stream", png), "").await;
        assert_eq!(outcome(&w, &res), "enviado");
        w.app.run_jobs().await;
        let sent = w.fake.accepted();
        assert_eq!(sent[0]["type"], "image", "{backend:?}");
        assert!(
            sent[0]["image"].get("caption").is_none(),
            "no empty caption"
        );
        assert_eq!(w.fake.uploads()[0].2, "image/png");
    }
}

#[tokio::test]
async fn files_whatsapp_would_not_take_are_refused_with_the_reason_and_nothing_is_kept_or_sent() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let (_, bia) = staff(&w.app, "bia@monteiro.test", Role::User, None).await;
        let html = (
            "pagina.html",
            "text/html",
            b"<html><script>x</script>".as_slice(),
        );
        assert_eq!(
            outcome(&w, &send_file(&w, &bia, html, "").await),
            "wa_file_type"
        );
        let zip = ("fotos.pdf", "application/pdf", b"PK\x03\x04....".as_slice());
        assert_eq!(
            outcome(&w, &send_file(&w, &bia, zip, "").await),
            "wa_file_type",
            "{backend:?}: the name does not make a ZIP a PDF"
        );
        let empty = ("vazio.pdf", "application/pdf", b"".as_slice());
        assert_eq!(
            outcome(&w, &send_file(&w, &bia, empty, "").await),
            "wa_file_required"
        );
        let long = "a".repeat(1025);
        assert_eq!(
            outcome(
                &w,
                &send_file(&w, &bia, ("a.pdf", "application/pdf", PDF), &long).await
            ),
            "wa_caption_too_long"
        );
        let mut photo = b"\xFF\xD8\xFF\xE0".to_vec();
        photo.resize(5 * 1024 * 1024 + 1, 0);
        assert_eq!(
            outcome(
                &w,
                &send_file(&w, &bia, ("foto.jpg", "image/jpeg", &photo), "").await
            ),
            "wa_file_image_too_large"
        );
        let mut video = b"\0\0\0\x18ftypmp42".to_vec();
        video.resize(17 * 1024 * 1024, 0);
        assert_eq!(
            outcome(
                &w,
                &send_file(&w, &bia, ("video.mp4", "video/mp4", &video), "").await
            ),
            "wa_file_too_large",
            "{backend:?}: refused by the body limit before it is read"
        );
        assert_eq!(outgoing(&w).await, 0, "{backend:?}");
        assert_eq!(count(&w.app.db, "SELECT COUNT(*) FROM wa_media").await, 0);
        w.app.run_jobs().await;
        assert!(w.fake.uploads().is_empty() && w.fake.requests().is_empty());
    }
}

#[tokio::test]
async fn past_the_24_hour_window_a_file_is_refused_before_anything_is_kept() {
    for backend in backends() {
        let w = world(backend, "5").await;
        w.clock.advance(time::Duration::hours(25));
        // Signed in after the clock moved (a session lapses after a day without use).
        let (_, bia) = staff(&w.app, "bia@monteiro.test", Role::User, None).await;
        let res = send_file(&w, &bia, ("a.pdf", "application/pdf", PDF), "").await;
        assert_eq!(outcome(&w, &res), "wa_window_closed", "{backend:?}");
        assert_eq!(outgoing(&w).await, 0);
    }
}

#[tokio::test]
async fn staff_who_may_not_see_the_conversation_cannot_send_files_in_it() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let (ana_id, ana) = staff(&w.app, "ana2@monteiro.test", Role::User, None).await;
        let (_, bia) = staff(&w.app, "bia@monteiro.test", Role::User, None).await;
        let taken = w
            .app
            .call(
                &ana,
                "/api/assign_whatsapp",
                &[
                    ("id", &w.conversation.to_string()),
                    ("user", &ana_id.to_string()),
                ],
            )
            .await;
        assert!(taken.status < 400, "{}", taken.body);
        let res = send_file(&w, &bia, ("a.pdf", "application/pdf", PDF), "").await;
        assert_eq!(res.status, 404, "{backend:?}");
        assert_eq!(outgoing(&w).await, 0);
        let anonymous = send_file(&w, "", ("a.pdf", "application/pdf", PDF), "").await;
        assert_eq!(anonymous.status, 401, "{backend:?}");
        assert_eq!(outgoing(&w).await, 0);
    }
}

#[tokio::test]
async fn a_failed_upload_and_a_failed_send_are_retried_with_one_upload_and_one_message() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let (_, bia) = staff(&w.app, "bia@monteiro.test", Role::User, None).await;
        // The upload meets a 500; on the retry it passes but the send meets a rate limit.
        w.fake
            .fail_next([Failure::ServerError, Failure::Pass, Failure::RateLimit]);
        let res = send_file(&w, &bia, ("a.pdf", "application/pdf", PDF), "").await;
        assert_eq!(outcome(&w, &res), "enviado");
        assert_eq!(w.app.run_jobs().await, 1);
        assert!(w.fake.uploads().is_empty() && w.fake.accepted().is_empty());
        w.clock.advance(time::Duration::seconds(30));
        assert_eq!(w.app.run_jobs().await, 1);
        assert_eq!(w.fake.uploads().len(), 1, "{backend:?}");
        assert!(w.fake.accepted().is_empty());
        w.clock.advance(time::Duration::seconds(60));
        assert_eq!(w.app.run_jobs().await, 1);
        assert_eq!(w.fake.uploads().len(), 1, "{backend:?}: not uploaded again");
        assert_eq!(w.fake.accepted().len(), 1);
        assert_eq!(
            w.fake.accepted()[0]["document"]["id"],
            w.fake.uploads()[0].0.as_str()
        );
        w.clock.advance(time::Duration::hours(2));
        assert_eq!(w.app.run_jobs().await, 0, "nothing left to send");
    }
}

#[tokio::test]
async fn an_upload_meta_refuses_for_good_fails_the_message_with_metas_reason() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let (_, bia) = staff(&w.app, "bia@monteiro.test", Role::User, None).await;
        w.fake.fail_next([Failure::Meta {
            status: 400,
            code: 131_053,
        }]);
        let res = send_file(&w, &bia, ("a.pdf", "application/pdf", PDF), "").await;
        assert_eq!(outcome(&w, &res), "enviado");
        w.app.run_jobs().await;
        w.clock.advance(time::Duration::hours(2));
        assert_eq!(w.app.run_jobs().await, 0, "{backend:?}: not retried");
        let failed = count(
            &w.app.db,
            "SELECT COUNT(*) FROM wa_messages WHERE direction = 'out' AND status = 'failed' \
             AND error_code = 131053",
        )
        .await;
        assert_eq!(failed, 1, "{backend:?}");
        assert!(w.fake.accepted().is_empty());
    }
}
