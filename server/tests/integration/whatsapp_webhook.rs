//! The WhatsApp webhook over HTTP on both engines (SECURITY.md §27–29): the handshake, the
//! signature over the raw bytes (escaped unicode, rotation), batches, repeated and concurrent
//! deliveries, statuses out of order or before their message, every message type, the nono
//! dígito, and deliveries kept while the worker is stopped.

use app::{
    db::{Db, Tx},
    on_pool,
    roles::Role,
    whatsapp::{ingest, repo, signature},
};
use axum::body::Body;
use http::Request;
use serde_json::{json, Value};

use crate::support::{backends, spawn_app_with, TestApp, TestResponse};

pub(crate) const SECRET: &str = "test_app_secret_do_not_use";
const PREVIOUS: &str = "the_secret_before_rotation";
pub(crate) const VERIFY: &str = "verify-token-monteiro";
pub(crate) const NUMBER: &str = "106540352242922";
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/whatsapp");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).expect("fixture")
}

async fn spawn(backend: app::db::Backend) -> TestApp {
    spawn_app_with(
        backend,
        &[
            ("WHATSAPP_APP_SECRET", SECRET),
            ("WHATSAPP_APP_SECRET_PREVIOUS", PREVIOUS),
            ("WHATSAPP_VERIFY_TOKEN", VERIFY),
            ("WHATSAPP_PHONE_NUMBER_ID", NUMBER),
        ],
    )
    .await
}

async fn post(app: &TestApp, body: &[u8], signature: Option<&str>) -> TestResponse {
    let mut req = Request::post("/webhooks/whatsapp").header("content-type", "application/json");
    if let Some(signature) = signature {
        req = req.header("x-hub-signature-256", signature);
    }
    app.send(req.body(Body::from(body.to_vec())).unwrap()).await
}

/// Posts `body` signed with the app secret, as Meta does.
pub(crate) async fn deliver(app: &TestApp, body: &[u8]) -> TestResponse {
    post(app, body, Some(&signature::sign(SECRET.as_bytes(), body))).await
}

pub(crate) async fn count(db: &Db, sql: &str) -> i64 {
    on_pool!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

pub(crate) async fn one_text(db: &Db, sql: &str) -> Option<String> {
    on_pool!(db, pool => sqlx::query_scalar(sql).fetch_optional(pool).await).unwrap()
}

pub(crate) fn message(id: &str, from: &str, kind: &str, object: Value) -> Value {
    json!({"from": from, "id": id, "timestamp": "1760011200", "type": kind, kind: object})
}

pub(crate) fn delivery(
    number: &str,
    name: &str,
    wa_id: &str,
    messages: Vec<Value>,
    statuses: Vec<Value>,
) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "553140028922", "phone_number_id": number},
            "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
            "messages": messages, "statuses": statuses}}]}]})
    .to_string()
    .into_bytes()
}

pub(crate) fn status(wamid: &str, status: &str, at: i64) -> Value {
    json!({"id": wamid, "status": status, "timestamp": at.to_string(), "recipient_id": "5531988887777"})
}

/// A message the brokerage sent (as the outbox will store it), with `wamid`.
async fn sent_message(app: &TestApp, wamid: &str) -> i64 {
    let mut tx: Tx = app.db.begin().await.unwrap();
    let (contact, _) = repo::contact(
        &mut tx,
        "whatsapp",
        "+5531988887777",
        "5531988887777",
        None,
        &[],
        1,
    )
    .await
    .unwrap();
    let conversation = repo::conversation(&mut tx, "whatsapp", contact, NUMBER, 1)
        .await
        .unwrap();
    let m = repo::NewMessage {
        conversation,
        wamid: Some(wamid),
        direction: "out",
        kind: "text",
        body: Some("Segue a proposta"),
        status: "pending",
        sent_on: 1_760_011_000,
        ..repo::NewMessage::default()
    };
    let id = repo::insert_message(&mut tx, &m, 1).await.unwrap().unwrap();
    ingest::apply_parked(&mut tx, wamid, 1).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn the_handshake_answers_the_challenge_only_to_our_verify_token() {
    for backend in backends() {
        let app = spawn(backend).await;
        let ok = app
            .get(&format!("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY}"), &[])
            .await;
        assert_eq!(ok.status, 200);
        assert_eq!(ok.body, "1158201444");
        assert!(ok.header("content-type").starts_with("text/plain"));
        for query in [
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong",
            &format!("hub.mode=unsubscribe&hub.challenge=1&hub.verify_token={VERIFY}"),
            "hub.mode=subscribe&hub.challenge=1",
        ] {
            let refused = app.get(&format!("/webhooks/whatsapp?{query}"), &[]).await;
            assert_eq!(refused.status, 403, "{query}");
        }
    }
}

#[tokio::test]
async fn a_delivery_signed_over_its_raw_escaped_bytes_is_kept_and_read_into_a_message() {
    for backend in backends() {
        let app = spawn(backend).await;
        let body = fixture("inbound_text.json");
        // Meta's own header for these exact bytes (wa-samples/signature_test_vector.txt).
        let header = "sha256=f764933d7742ff9d17810596f171a0c17c479091c70c9e87ff83b98771cd1ca8";
        let res = post(&app, &body, Some(header)).await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM wa_webhook_events").await,
            1
        );
        app.run_jobs().await;
        let text = one_text(&app.db, "SELECT body FROM wa_messages").await;
        assert_eq!(
            text.as_deref(),
            Some("Olá! Gostaria de uma cotação de seguro auto para um Onix 2022.")
        );
        let name = one_text(&app.db, "SELECT profile_name FROM wa_contacts").await;
        assert_eq!(name.as_deref(), Some("Maria Souza"));
        assert_eq!(
            count(&app.db, "SELECT unread FROM wa_conversations").await,
            1
        );
    }
}

#[tokio::test]
async fn a_body_with_raw_utf8_emoji_and_accents_verifies_too() {
    for backend in backends() {
        let app = spawn(backend).await;
        let body = delivery(
            NUMBER,
            "Conceição",
            "5531988887777",
            vec![message(
                "wamid.U1",
                "5531988887777",
                "text",
                json!({"body": "Ação 😀 ção"}),
            )],
            vec![],
        );
        assert!(std::str::from_utf8(&body).unwrap().contains('😀'));
        assert_eq!(deliver(&app, &body).await.status, 200);
        app.run_jobs().await;
        assert_eq!(
            one_text(&app.db, "SELECT body FROM wa_messages")
                .await
                .as_deref(),
            Some("Ação 😀 ção")
        );
    }
}

#[tokio::test]
async fn a_flood_of_unsigned_deliveries_is_refused_but_audited_twenty_a_minute_with_a_count_of_the_rest(
) {
    for backend in backends() {
        let clock = std::sync::Arc::new(app::clock::ManualClock::new());
        let app = crate::support::spawn_app_with_settings_and_clock(
            backend,
            &[
                ("WHATSAPP_APP_SECRET", SECRET),
                ("WHATSAPP_PHONE_NUMBER_ID", NUMBER),
            ],
            clock.clone(),
        )
        .await;
        // Within one minute of the clock (it may have started anywhere in one).
        use app::clock::Clock;
        let second = clock.now().unix_timestamp().rem_euclid(60);
        clock.advance(time::Duration::seconds(60 - second));
        let body = fixture("inbound_text.json");
        for _ in 0..25 {
            assert_eq!(post(&app, &body, None).await.status, 401);
        }
        let audited = app.audit_count("whatsapp.webhook_refused").await;
        assert_eq!(audited, 20, "{backend:?}");
        clock.advance(time::Duration::seconds(60));
        assert_eq!(post(&app, &body, Some("sha256=00")).await.status, 401);
        assert_eq!(app.audit_count("whatsapp.webhook_refused").await, 21);
        let last = one_text(
            &app.db,
            "SELECT changes FROM audit_log WHERE action = 'whatsapp.webhook_refused' \
             ORDER BY id DESC LIMIT 1",
        )
        .await
        .unwrap();
        let last: Value = serde_json::from_str(&last).unwrap();
        assert_eq!(last["reason"], "bad_signature");
        assert_eq!(last["refusals_not_audited_before"], 5, "{backend:?}");
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM wa_webhook_events").await,
            0
        );
    }
}

#[tokio::test]
async fn a_missing_or_wrong_signature_is_refused_audited_and_stores_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let body = fixture("inbound_text.json");
        let good = signature::sign(SECRET.as_bytes(), &body);
        let mut changed = body.clone();
        changed[200] ^= 0x01;
        let cases: Vec<(&str, Vec<u8>, Option<String>)> = vec![
            ("missing header", body.clone(), None),
            (
                "sha1 prefix",
                body.clone(),
                Some(good.replace("sha256=", "sha1=")),
            ),
            (
                "bad hex",
                body.clone(),
                Some(format!("sha256={}", "zz".repeat(32))),
            ),
            (
                "truncated tag",
                body.clone(),
                Some(good[..good.len() - 8].to_owned()),
            ),
            (
                "wrong secret",
                body.clone(),
                Some(signature::sign(b"another secret", &body)),
            ),
            ("body changed by one byte", changed, Some(good.clone())),
        ];
        let before = app.table_counts().await;
        for (case, body, header) in &cases {
            let res = post(&app, body, header.as_deref()).await;
            assert_eq!(res.status, 401, "{case}");
        }
        // The audit rows (and SQLite's id counter for them) are all that may change.
        let bookkeeping = |t: &str| t == "audit_log" || t == "sqlite_sequence";
        let mut after = app.table_counts().await;
        after.retain(|(t, _)| !bookkeeping(t));
        let mut expected = before.clone();
        expected.retain(|(t, _)| !bookkeeping(t));
        assert_eq!(after, expected, "nothing but audit rows is written");
        assert_eq!(
            app.audit_count("whatsapp.webhook_refused").await,
            cases.len() as i64
        );
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM wa_webhook_events").await,
            0
        );
    }
}

#[tokio::test]
async fn during_a_secret_rotation_the_previous_secret_is_accepted() {
    for backend in backends() {
        let app = spawn(backend).await;
        let body = fixture("inbound_text.json");
        let res = post(
            &app,
            &body,
            Some(&signature::sign(PREVIOUS.as_bytes(), &body)),
        )
        .await;
        assert_eq!(res.status, 200);
    }
}

#[tokio::test]
async fn without_an_app_secret_configured_deliveries_are_refused_for_meta_to_retry() {
    for backend in backends() {
        let app = spawn_app_with(backend, &[]).await;
        let body = fixture("inbound_text.json");
        let res = post(&app, &body, Some(&signature::sign(b"", &body))).await;
        assert_eq!(res.status, 503);
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM wa_webhook_events").await,
            0
        );
    }
}

#[tokio::test]
async fn every_message_and_status_of_a_batched_delivery_is_read() {
    for backend in backends() {
        let app = spawn(backend).await;
        assert_eq!(
            deliver(&app, &fixture("batch_two_messages.json"))
                .await
                .status,
            200
        );
        app.run_jobs().await;
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM wa_messages").await, 2);
        assert_eq!(
            count(&app.db, "SELECT unread FROM wa_conversations").await,
            2
        );
        // Its status is about a message this CRM never sent: kept aside, not lost.
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM wa_pending_statuses").await,
            1
        );
        let preview = one_text(&app.db, "SELECT last_preview FROM wa_conversations").await;
        assert_eq!(
            preview.as_deref(),
            Some("Meu carro foi batido ontem, preciso abrir sinistro")
        );
    }
}

#[tokio::test]
async fn the_same_delivery_three_times_in_a_row_and_at_once_stores_one_message() {
    for backend in backends() {
        let app = spawn(backend).await;
        let body = fixture("inbound_text.json");
        for _ in 0..3 {
            assert_eq!(deliver(&app, &body).await.status, 200);
        }
        let at_once = futures::future::join_all((0..3).map(|_| deliver(&app, &body))).await;
        assert!(at_once.iter().all(|r| r.status == 200));
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM wa_webhook_events").await,
            6
        );
        app.run_jobs().await;
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM wa_messages").await, 1);
        assert_eq!(
            count(&app.db, "SELECT unread FROM wa_conversations").await,
            1
        );
        assert_eq!(
            count(
                &app.db,
                "SELECT COUNT(*) FROM wa_webhook_events WHERE processed_at IS NULL"
            )
            .await,
            0
        );
    }
}

#[tokio::test]
async fn statuses_arriving_read_delivered_sent_leave_the_message_read_with_every_time_kept() {
    for backend in backends() {
        let app = spawn(backend).await;
        let id = sent_message(&app, "wamid.OUT1").await;
        for (s, at) in [("read", 30), ("delivered", 20), ("sent", 10)] {
            let body = delivery(
                NUMBER,
                "Maria",
                "5531988887777",
                vec![],
                vec![status("wamid.OUT1", s, at)],
            );
            assert_eq!(deliver(&app, &body).await.status, 200);
            app.run_jobs().await;
        }
        let row: (String, i64, Option<i64>, Option<i64>, Option<i64>) = on_pool!(&app.db, pool => sqlx::query_as(
            "SELECT status, status_rank, sent_at, delivered_at, read_at FROM wa_messages WHERE id = $1")
            .bind(id).fetch_one(pool).await).unwrap();
        assert_eq!(row, ("read".to_owned(), 4, Some(10), Some(20), Some(30)));
    }
}

#[tokio::test]
async fn a_failed_status_keeps_metas_reason_and_a_status_before_its_message_waits_for_it() {
    for backend in backends() {
        let app = spawn(backend).await;
        let failed = json!({"id": "wamid.OUT2", "status": "failed", "timestamp": "50",
            "recipient_id": "5531988887777", "errors": [{"code": 131047, "title": "Re-engagement message",
            "error_data": {"details": "Message failed to send because more than 24 hours have passed."}}]});
        let early = delivery(
            NUMBER,
            "Maria",
            "5531988887777",
            vec![],
            vec![status("wamid.OUT2", "sent", 40), failed],
        );
        assert_eq!(deliver(&app, &early).await.status, 200);
        app.run_jobs().await;
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM wa_pending_statuses").await,
            2
        );
        let id = sent_message(&app, "wamid.OUT2").await;
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM wa_pending_statuses").await,
            0
        );
        let row: (String, Option<i64>, Option<String>, Option<i64>) =
            on_pool!(&app.db, pool => sqlx::query_as(
            "SELECT status, error_code, error_details, sent_at FROM wa_messages WHERE id = $1")
            .bind(id).fetch_one(pool).await)
            .unwrap();
        assert_eq!(row.0, "failed");
        assert_eq!(row.1, Some(131_047));
        assert!(row.2.unwrap().contains("24 hours"));
        assert_eq!(row.3, Some(40));
    }
}

#[tokio::test]
async fn a_delivery_for_another_business_number_is_answered_and_ignored() {
    for backend in backends() {
        let app = spawn(backend).await;
        let body = delivery(
            "999999999",
            "Maria",
            "5531988887777",
            vec![message(
                "wamid.X",
                "5531988887777",
                "text",
                json!({"body": "oi"}),
            )],
            vec![],
        );
        assert_eq!(deliver(&app, &body).await.status, 200);
        app.run_jobs().await;
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM wa_messages").await, 0);
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM wa_contacts").await, 0);
    }
}

#[tokio::test]
async fn every_message_type_is_stored_once_and_an_unknown_one_is_kept_raw() {
    for backend in backends() {
        let app = spawn(backend).await;
        let from = "5531988887777";
        let media = |extra: Value| {
            let mut o = json!({"id": "MEDIA1", "mime_type": "image/jpeg", "sha256": "abc"});
            o.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            o
        };
        let messages = vec![
            message("wamid.T1", from, "text", json!({"body": "Olá"})),
            message("wamid.T2", from, "image", media(json!({"caption": "CNH"}))),
            message("wamid.T3", from, "audio", media(json!({"voice": true}))),
            message("wamid.T4", from, "video", media(json!({}))),
            message(
                "wamid.T5",
                from,
                "document",
                media(json!({"filename": "apolice.pdf"})),
            ),
            message(
                "wamid.T6",
                from,
                "sticker",
                media(json!({"animated": false})),
            ),
            message(
                "wamid.T7",
                from,
                "location",
                json!({"latitude": -19.92, "longitude": -43.94, "name": "Oficina"}),
            ),
            message(
                "wamid.T8",
                from,
                "contacts",
                json!([{"name": {"formatted_name": "João"}, "phones": [{"phone": "+55 31 91234-5678"}]}]),
            ),
            message(
                "wamid.T9",
                from,
                "interactive",
                json!({"type": "button_reply", "button_reply": {"id": "s", "title": "Sim"}}),
            ),
            message(
                "wamid.T10",
                from,
                "button",
                json!({"payload": "OK", "text": "Quero renovar"}),
            ),
            message(
                "wamid.T11",
                from,
                "reaction",
                json!({"message_id": "wamid.T1", "emoji": "👍"}),
            ),
            json!({"from": from, "id": "wamid.T12", "timestamp": "1760011200", "type": "unsupported",
                "errors": [{"code": 131051, "title": "Message type unknown"}], "unsupported": {"type": "edit"}}),
            json!({"id": "wamid.T13", "timestamp": "1760011200", "type": "system",
                "system": {"body": "Maria changed her number", "wa_id": from, "type": "user_changed_number"}}),
            message("wamid.T14", from, "hologram", json!({"beam": [1, 2]})),
        ];
        let n = messages.len() as i64;
        let body = delivery(NUMBER, "Maria", from, messages, vec![]);
        assert_eq!(deliver(&app, &body).await.status, 200);
        assert_eq!(deliver(&app, &body).await.status, 200);
        app.run_jobs().await;
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM wa_messages").await, n);
        let kinds: Vec<String> = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT kind FROM wa_messages ORDER BY id").fetch_all(pool).await)
        .unwrap();
        assert_eq!(kinds.last().map(String::as_str), Some("hologram"));
        let raw = one_text(
            &app.db,
            "SELECT raw FROM wa_messages WHERE wamid = 'wamid.T14'",
        )
        .await
        .unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&raw).unwrap()["hologram"]["beam"],
            json!([1, 2])
        );
        let reaction = one_text(
            &app.db,
            "SELECT reaction FROM wa_messages WHERE wamid = 'wamid.T1'",
        )
        .await;
        assert_eq!(reaction.as_deref(), Some("👍"));
        let media = one_text(
            &app.db,
            "SELECT media_filename FROM wa_messages WHERE wamid = 'wamid.T5'",
        )
        .await;
        assert_eq!(media.as_deref(), Some("apolice.pdf"));
        // The reaction is not a bubble: the others are unread.
        assert_eq!(
            count(&app.db, "SELECT unread FROM wa_conversations").await,
            n - 1
        );
    }
}

#[tokio::test]
async fn a_number_without_the_nono_digito_finds_the_client_and_one_conversation_holds_both_forms() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, cookie) = crate::clients::staff(&app, "ana@monteiro.test", Role::User, None).await;
        let client = crate::clients::create(&app, &cookie, &crate::clients::joao()).await;
        let old = delivery(
            NUMBER,
            "João",
            "553188887777",
            vec![message(
                "wamid.N1",
                "553188887777",
                "text",
                json!({"body": "sem o nove"}),
            )],
            vec![],
        );
        let new = delivery(
            NUMBER,
            "João",
            "5531988887777",
            vec![message(
                "wamid.N2",
                "5531988887777",
                "text",
                json!({"body": "com o nove"}),
            )],
            vec![],
        );
        deliver(&app, &old).await;
        deliver(&app, &new).await;
        app.run_jobs().await;
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM wa_contacts").await, 1);
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM wa_conversations").await,
            1
        );
        assert_eq!(
            count(&app.db, "SELECT client_id FROM wa_contacts").await,
            client
        );
        let wa_id = one_text(&app.db, "SELECT wa_id FROM wa_contacts").await;
        assert_eq!(
            wa_id.as_deref(),
            Some("5531988887777"),
            "the latest form WhatsApp used"
        );
    }
}

#[tokio::test]
async fn an_unknown_number_becomes_a_lead_contact_with_its_profile_name() {
    for backend in backends() {
        let app = spawn(backend).await;
        let body = delivery(
            NUMBER,
            "Paula Lima",
            "5521998765432",
            vec![message(
                "wamid.L1",
                "5521998765432",
                "text",
                json!({"body": "Quero um seguro"}),
            )],
            vec![],
        );
        deliver(&app, &body).await;
        app.run_jobs().await;
        let row: (String, Option<String>, Option<i64>) = on_pool!(&app.db, pool => sqlx::query_as(
            "SELECT identity, profile_name, client_id FROM wa_contacts").fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            row,
            (
                "+5521998765432".to_owned(),
                Some("Paula Lima".to_owned()),
                None
            )
        );
    }
}

#[tokio::test]
async fn with_the_worker_stopped_a_delivery_is_answered_and_kept_then_read_exactly_once() {
    for backend in backends() {
        let app = spawn(backend).await;
        // The test app runs no worker: the delivery waits in the table.
        let started = std::time::Instant::now();
        let res = deliver(&app, &fixture("inbound_text.json")).await;
        assert_eq!(res.status, 200);
        eprintln!("webhook answered in {:?}", started.elapsed());
        assert_eq!(
            count(
                &app.db,
                "SELECT COUNT(*) FROM wa_webhook_events WHERE processed_at IS NULL"
            )
            .await,
            1
        );
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM wa_messages").await, 0);
        assert_eq!(app.run_jobs().await, 1);
        assert_eq!(app.run_jobs().await, 0);
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM wa_messages").await, 1);
        // Read again by hand (as a retried job would be): still one message.
        let event = count(&app.db, "SELECT id FROM wa_webhook_events").await;
        let again = ingest::process(&app.db, event, Some(NUMBER), 2)
            .await
            .unwrap();
        assert_eq!((again.messages.len(), again.duplicates), (0, 1));
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM wa_messages").await, 1);
    }
}

#[tokio::test]
async fn a_signed_delivery_that_is_not_json_is_kept_and_recorded_as_unreadable() {
    for backend in backends() {
        let app = spawn(backend).await;
        assert_eq!(deliver(&app, b"{not json").await.status, 200);
        app.run_jobs().await;
        let row: (Option<i64>, i64) = on_pool!(&app.db, pool => sqlx::query_as(
            "SELECT processed_at, failed_items FROM wa_webhook_events").fetch_one(pool).await)
        .unwrap();
        assert!(row.0.is_some());
        assert_eq!(row.1, 1);
    }
}
