//! Instagram and Facebook accounts and their direct messages on both engines, against the local
//! fake Graph API: one signed Meta webhook dispatched by `object`, every object's bad signature
//! refused, DMs as conversations of their channel, replies through the linked Page with each
//! channel's window, echoes not doubled, reads applied, tokens sealed and never shown, and a
//! token Meta refuses (190) marking its account.

use std::sync::Arc;

use app::{
    clock::{Clock, ManualClock},
    on_pool,
    roles::Role,
    social::accounts,
    whatsapp::signature,
};
use axum::body::Body;
use http::Request;
use serde_json::{json, Value};
use server::fake_graph::{Failure, FakeConfig, FakeGraph, INSTAGRAM_ID, PAGE_ID};

use crate::{
    clients::staff,
    support::{backends, spawn_app_with_settings_and_clock, TestApp, TestResponse},
    whatsapp_webhook::{count, delivery, message, one_text, NUMBER, SECRET},
};

const KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const TOKEN: &str = "EAAGpagetokenfortests0000A1b2";
const IGSID: &str = "6645392840016789";
const PSID: &str = "7011223344556677";

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) fake: Arc<FakeGraph>,
    pub(crate) clock: Arc<ManualClock>,
    pub(crate) admin: String,
    pub(crate) ana: String,
}

/// The app pointed at a fresh fake, with the Page and the Instagram account connected by an
/// admin through the settings' server function.
pub(crate) async fn world(backend: app::db::Backend, human_agent: bool) -> World {
    let fake = FakeGraph::new(FakeConfig {
        webhook_url: None,
        app_secret: SECRET.to_owned(),
        phone_number_id: NUMBER.to_owned(),
        display_number: "553140028922".to_owned(),
        statuses_every: None,
    });
    let base = fake.spawn().await.expect("the fake starts");
    let clock = Arc::new(ManualClock::new());
    let app = spawn_app_with_settings_and_clock(
        backend,
        &[
            ("WHATSAPP_APP_SECRET", SECRET),
            ("WHATSAPP_PHONE_NUMBER_ID", NUMBER),
            ("WHATSAPP_API_TOKEN", "test-token"),
            ("WHATSAPP_GRAPH_BASE_URL", &base),
            ("WHATSAPP_GRAPH_TIMEOUT_SECS", "5"),
            ("SOCIAL_TOKEN_KEY", KEY),
            (
                "META_HUMAN_AGENT",
                if human_agent { "true" } else { "false" },
            ),
        ],
        clock.clone(),
    )
    .await;
    let (_, admin) = staff(&app, "chefe@monteiro.test", Role::Admin, None).await;
    let (_, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
    for (network, id, page) in [
        ("facebook", PAGE_ID, ""),
        ("instagram", INSTAGRAM_ID, PAGE_ID),
    ] {
        let res = connect(&app, &admin, network, id, page, TOKEN, "").await;
        assert!(res.status < 400, "{} {}", res.status, res.body);
    }
    World {
        app,
        fake,
        clock,
        admin,
        ana,
    }
}

async fn connect(
    app: &TestApp,
    cookie: &str,
    network: &str,
    id: &str,
    page: &str,
    token: &str,
    expires: &str,
) -> TestResponse {
    app.call(
        cookie,
        "/api/connect_social_account",
        &[
            ("network", network),
            ("external_id", id),
            ("page_id", page),
            ("token", token),
            ("expires_on", expires),
        ],
    )
    .await
}

async fn post(app: &TestApp, body: &[u8], signature: Option<&str>) -> TestResponse {
    let mut req = Request::post("/webhooks/meta").header("content-type", "application/json");
    if let Some(signature) = signature {
        req = req.header("x-hub-signature-256", signature);
    }
    app.send(req.body(Body::from(body.to_vec())).unwrap()).await
}

async fn deliver(app: &TestApp, body: &Value) -> TestResponse {
    let bytes = body.to_string().into_bytes();
    let res = post(
        app,
        &bytes,
        Some(&signature::sign(SECRET.as_bytes(), &bytes)),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    app.run_jobs().await;
    res
}

/// A `page` (Messenger) or `instagram` delivery of one event from `user` to `account`.
fn messaging(object: &str, account: &str, user: &str, at_ms: i64, event: Value) -> Value {
    let mut event = event;
    event["sender"] = json!({"id": user});
    event["recipient"] = json!({"id": account});
    event["timestamp"] = json!(at_ms);
    json!({"object": object, "entry": [{"id": account, "time": at_ms, "messaging": [event]}]})
}

fn ms(w: &World) -> i64 {
    w.clock.now().unix_timestamp() * 1000
}

/// `user` writes `text` on Instagram now; answers the conversation.
async fn instagram_dm(w: &World, user: &str, mid: &str, text: &str) -> i64 {
    let body = messaging(
        "instagram",
        INSTAGRAM_ID,
        user,
        ms(w),
        json!({"message": {"mid": mid, "text": text}}),
    );
    deliver(&w.app, &body).await;
    conversation_of(&w.app, &format!("instagram:{user}")).await
}

async fn conversation_of(app: &TestApp, identity: &str) -> i64 {
    count(
        &app.db,
        &format!(
            "SELECT v.id FROM wa_conversations v JOIN wa_contacts c ON c.id = v.contact_id \
             WHERE c.identity = '{identity}'"
        ),
    )
    .await
}

async fn send(w: &World, conversation: i64, text: &str) -> TestResponse {
    w.app
        .call(
            &w.ana,
            "/api/send_whatsapp",
            &[("id", &conversation.to_string()), ("body", text)],
        )
        .await
}

async fn last_out(app: &TestApp, conversation: i64) -> (String, Option<String>, Option<String>) {
    on_pool!(&app.db, pool => sqlx::query_as(
        "SELECT status, wamid, error_details FROM wa_messages WHERE conversation_id = $1 \
         AND direction = 'out' ORDER BY id DESC LIMIT 1")
        .bind(conversation).fetch_one(pool).await)
    .unwrap()
}

#[tokio::test]
async fn one_meta_route_dispatches_whatsapp_page_and_instagram_deliveries_by_object() {
    for backend in backends() {
        let w = world(backend, false).await;
        let now = ms(&w);
        deliver(
            &w.app,
            &messaging(
                "page",
                PAGE_ID,
                PSID,
                now,
                json!({"message": {"mid": "m_1", "text": "Quero cotar seguro auto"}}),
            ),
        )
        .await;
        let ig = instagram_dm(&w, IGSID, "aWdf_1", "Oi! Vi o post do seguro residencial").await;
        let mut wa = message("wamid.WA1", "5531988887777", "text", json!({"body": "Oi"}));
        wa["timestamp"] = json!((now / 1000).to_string());
        let wa = delivery(NUMBER, "Maria", "5531988887777", vec![wa], vec![]);
        let res = post(&w.app, &wa, Some(&signature::sign(SECRET.as_bytes(), &wa))).await;
        assert_eq!(res.status, 200);
        w.app.run_jobs().await;
        // A Page that is not connected: kept (nothing Meta sends is lost) but not in the inbox.
        deliver(
            &w.app,
            &messaging(
                "page",
                "999999999",
                PSID,
                now,
                json!({"message": {"mid": "m_other", "text": "?"}}),
            ),
        )
        .await;

        let channels: Vec<(String, String, i64)> = on_pool!(&w.app.db, pool => sqlx::query_as(
            "SELECT v.channel, v.phone_number_id, COUNT(m.id) FROM wa_conversations v \
             JOIN wa_messages m ON m.conversation_id = v.id GROUP BY v.channel, v.phone_number_id \
             ORDER BY v.channel")
            .fetch_all(pool).await)
        .unwrap();
        assert_eq!(
            channels,
            vec![
                ("instagram".to_owned(), INSTAGRAM_ID.to_owned(), 1),
                ("messenger".to_owned(), PAGE_ID.to_owned(), 1),
                ("whatsapp".to_owned(), NUMBER.to_owned(), 1),
            ]
        );
        let objects: Vec<String> = on_pool!(&w.app.db, pool => sqlx::query_scalar(
            "SELECT object FROM wa_webhook_events ORDER BY id").fetch_all(pool).await)
        .unwrap();
        assert_eq!(
            objects,
            ["page", "instagram", "whatsapp_business_account", "page"]
        );
        assert_eq!(
            count(
                &w.app.db,
                "SELECT COUNT(*) FROM wa_webhook_events WHERE processed_at IS NULL"
            )
            .await,
            0
        );
        // Timestamps in milliseconds became seconds.
        assert_eq!(
            count(
                &w.app.db,
                "SELECT sent_on FROM wa_messages WHERE wamid = 'aWdf_1'"
            )
            .await,
            now / 1000
        );

        // The inbox lists them with their channel, named by it until a profile is known.
        let inbox = w.app.call(&w.ana, "/api/whatsapp_inbox", &[]).await.json();
        let row = inbox["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == ig)
            .cloned()
            .unwrap();
        assert_eq!(row["channel"], "instagram");
        assert_eq!(
            row["name"],
            format!("Instagram …{}", &IGSID[IGSID.len() - 4..])
        );
        assert_eq!(row["phone"], "");
        assert_eq!(row["preview"], "Oi! Vi o post do seguro residencial");

        // Meta delivers again: nothing changes.
        let before = w.app.table_counts().await;
        instagram_dm(&w, IGSID, "aWdf_1", "Oi! Vi o post do seguro residencial").await;
        let after = w.app.table_counts().await;
        let changed: Vec<_> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b != a)
            .map(|(b, _)| b.0.clone())
            .collect();
        assert!(
            changed
                .iter()
                .all(|t| t == "wa_webhook_events" || t == "jobs"),
            "{changed:?}"
        );
    }
}

#[tokio::test]
async fn a_bad_or_missing_signature_is_refused_for_every_object_and_nothing_is_kept() {
    for backend in backends() {
        let w = world(backend, false).await;
        for object in ["whatsapp_business_account", "page", "instagram"] {
            let body = messaging(
                object,
                PAGE_ID,
                PSID,
                ms(&w),
                json!({"message": {"mid": format!("m_{object}"), "text": "forjada"}}),
            )
            .to_string()
            .into_bytes();
            let forged = signature::sign(b"not-the-app-secret", &body);
            assert_eq!(
                post(&w.app, &body, Some(&forged)).await.status,
                401,
                "{object}"
            );
            assert_eq!(post(&w.app, &body, None).await.status, 401, "{object}");
            let mut changed = body.clone();
            changed.push(b' ');
            let ours = signature::sign(SECRET.as_bytes(), &body);
            assert_eq!(
                post(&w.app, &changed, Some(&ours)).await.status,
                401,
                "{object}"
            );
        }
        assert_eq!(
            count(&w.app.db, "SELECT COUNT(*) FROM wa_webhook_events").await,
            0
        );
        assert_eq!(
            count(&w.app.db, "SELECT COUNT(*) FROM wa_messages").await,
            0
        );
        assert_eq!(w.app.audit_count("whatsapp.webhook_refused").await, 9);
        assert_eq!(
            count(
                &w.app.db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'whatsapp.webhook_refused' \
                 AND changes LIKE '%\"object\":\"instagram\"%'"
            )
            .await,
            3
        );
    }
}

#[tokio::test]
async fn an_instagram_reply_goes_through_the_linked_page_and_its_echo_and_read_are_applied_once() {
    for backend in backends() {
        let w = world(backend, false).await;
        w.fake.add_person(IGSID, "Maria Souza");
        let ig = instagram_dm(&w, IGSID, "aWdf_IN1", "Quanto fica o seguro do meu carro?").await;
        // Her name was read from her profile when she first wrote.
        let inbox = w.app.call(&w.ana, "/api/whatsapp_inbox", &[]).await.json();
        assert_eq!(
            inbox["conversations"][0]["name"],
            "Maria Souza (@maria.souza)"
        );
        let chat = w
            .app
            .call(&w.ana, "/api/whatsapp_chat", &[("id", &ig.to_string())])
            .await
            .json();
        assert_eq!(chat["window_open"], true);
        assert_eq!(chat["templates"], json!([]));

        let res = send(&w, ig, "Olá! Me passa o modelo e o ano do carro?").await;
        assert!(res.status < 400, "{} {}", res.status, res.body);
        w.app.run_jobs().await;
        let sent = w.fake.accepted();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0]["recipient"]["id"], IGSID);
        assert_eq!(
            sent[0]["message"]["text"],
            "Olá! Me passa o modelo e o ano do carro?"
        );
        assert_eq!(sent[0]["messaging_type"], "RESPONSE");
        assert!(sent[0].get("tag").is_none());
        let metadata = sent[0]["message"]["metadata"].as_str().unwrap().to_owned();
        assert!(metadata.starts_with("crm:"), "{metadata}");
        let (status, mid, _) = last_out(&w.app, ig).await;
        assert_eq!(status, "accepted");
        let mid = mid.unwrap();

        // Meta echoes our message (with our metadata): not a second bubble.
        let echo = messaging(
            "instagram",
            IGSID,
            INSTAGRAM_ID,
            ms(&w),
            json!({"message": {"mid": mid, "is_echo": true, "text": "Olá!", "metadata": metadata}}),
        );
        deliver(&w.app, &echo).await;
        // The person saw it.
        let seen = messaging(
            "instagram",
            INSTAGRAM_ID,
            IGSID,
            ms(&w),
            json!({"read": {"mid": mid}}),
        );
        deliver(&w.app, &seen).await;
        assert_eq!(
            count(
                &w.app.db,
                &format!("SELECT COUNT(*) FROM wa_messages WHERE conversation_id = {ig}")
            )
            .await,
            2
        );
        assert_eq!(last_out(&w.app, ig).await.0, "read");

        // Staff answered from the Instagram app itself: an echo without our metadata is kept.
        let theirs = messaging(
            "instagram",
            IGSID,
            INSTAGRAM_ID,
            ms(&w),
            json!({"message": {"mid": "aWdf_APP", "is_echo": true, "text": "Respondido pelo celular"}}),
        );
        deliver(&w.app, &theirs).await;
        assert_eq!(
            one_text(
                &w.app.db,
                "SELECT body FROM wa_messages WHERE wamid = 'aWdf_APP' AND direction = 'out'"
            )
            .await,
            Some("Respondido pelo celular".to_owned())
        );

        // Only text goes on Instagram.
        let file = w
            .app
            .call(
                &w.ana,
                "/api/send_whatsapp_template",
                &[("id", &ig.to_string()), ("template", "1")],
            )
            .await;
        assert!(file.status >= 400, "{}", file.body);
    }
}

#[tokio::test]
async fn an_echo_stored_before_the_send_answer_is_replaced_by_the_sent_message() {
    for backend in backends() {
        let w = world(backend, false).await;
        let ig = instagram_dm(&w, IGSID, "aWdf_IN2", "Oi").await;
        // Staff send; before the send job runs, Instagram's echo of it (no metadata) is read.
        assert!(send(&w, ig, "Segue a cotação").await.status < 400);
        let echo = messaging(
            "instagram",
            IGSID,
            INSTAGRAM_ID,
            ms(&w),
            json!({"message": {"mid": "aWdf_EARLY", "is_echo": true, "text": "Segue a cotação"}}),
        )
        .to_string()
        .into_bytes();
        post(
            &w.app,
            &echo,
            Some(&signature::sign(SECRET.as_bytes(), &echo)),
        )
        .await;
        let event = count(&w.app.db, "SELECT MAX(id) FROM wa_webhook_events").await;
        let now = w.clock.now().unix_timestamp();
        app::whatsapp::ingest::process(&w.app.db, event, Some(NUMBER), now)
            .await
            .unwrap();
        assert_eq!(
            count(&w.app.db, &format!("SELECT COUNT(*) FROM wa_messages WHERE conversation_id = {ig} AND direction = 'out'")).await,
            2,
            "the pending message and the early echo"
        );
        // The send's answer names that same message: one bubble, ours (with its author).
        w.fake.answer_with_mids(["aWdf_EARLY".to_owned()]);
        w.app.run_jobs().await;
        let rows: Vec<(Option<String>, Option<i64>, String)> = on_pool!(&w.app.db, pool => sqlx::query_as(
            "SELECT wamid, author_id, status FROM wa_messages WHERE conversation_id = $1 AND direction = 'out'")
            .bind(ig).fetch_all(pool).await)
        .unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].0.as_deref(), Some("aWdf_EARLY"));
        assert!(rows[0].1.is_some());
        assert_eq!(rows[0].2, "accepted");
    }
}

#[tokio::test]
async fn after_24_hours_a_reply_is_refused_in_words_unless_human_agent_tags_it_for_7_days() {
    for backend in backends() {
        let w = world(backend, false).await;
        let m = messaging(
            "page",
            PAGE_ID,
            PSID,
            ms(&w),
            json!({"message": {"mid": "m_old", "text": "Oi"}}),
        );
        deliver(&w.app, &m).await;
        let c = conversation_of(&w.app, &format!("messenger:{PSID}")).await;
        w.clock.advance(time::Duration::hours(25));
        let ana = w
            .app
            .login("ana@monteiro.test", crate::clients::PASSWORD)
            .await;
        let res = w
            .app
            .call(
                &ana,
                "/api/send_whatsapp",
                &[("id", &c.to_string()), ("body", "Ainda aí?")],
            )
            .await;
        assert_eq!(res.status, 400);
        assert!(res.body.contains("wa_social_window_closed"), "{}", res.body);
        assert_eq!(
            count(
                &w.app.db,
                "SELECT COUNT(*) FROM wa_messages WHERE direction = 'out'"
            )
            .await,
            0
        );

        let w = world(backend, true).await;
        let m = messaging(
            "page",
            PAGE_ID,
            PSID,
            ms(&w),
            json!({"message": {"mid": "m_old2", "text": "Oi"}}),
        );
        deliver(&w.app, &m).await;
        let c = conversation_of(&w.app, &format!("messenger:{PSID}")).await;
        w.clock.advance(time::Duration::days(3));
        let ana = w
            .app
            .login("ana@monteiro.test", crate::clients::PASSWORD)
            .await;
        let res = w
            .app
            .call(
                &ana,
                "/api/send_whatsapp",
                &[("id", &c.to_string()), ("body", "Ainda aí?")],
            )
            .await;
        assert!(res.status < 400, "{}", res.body);
        w.app.run_jobs().await;
        let sent = w.fake.accepted();
        assert_eq!(sent[0]["messaging_type"], "MESSAGE_TAG");
        assert_eq!(sent[0]["tag"], "HUMAN_AGENT");
        assert_eq!(sent[0]["recipient"]["id"], PSID);
        w.clock.advance(time::Duration::days(5));
        let ana = w
            .app
            .login("ana@monteiro.test", crate::clients::PASSWORD)
            .await;
        let late = w
            .app
            .call(
                &ana,
                "/api/send_whatsapp",
                &[("id", &c.to_string()), ("body", "Oi?")],
            )
            .await;
        assert_eq!(late.status, 400);
    }
}

#[tokio::test]
async fn a_token_meta_refuses_fails_the_reply_with_the_reason_and_marks_the_account() {
    for backend in backends() {
        let w = world(backend, false).await;
        let ig = instagram_dm(&w, IGSID, "aWdf_IN3", "Oi").await;
        w.fake.fail_next([Failure::Meta {
            status: 401,
            code: 190,
        }]);
        assert!(send(&w, ig, "Olá").await.status < 400);
        w.app.run_jobs().await;
        let (status, _, why) = last_out(&w.app, ig).await;
        assert_eq!(status, "failed");
        assert!(why.is_some());
        assert_eq!(
            one_text(
                &w.app.db,
                &format!("SELECT status FROM social_accounts WHERE external_id = '{INSTAGRAM_ID}'")
            )
            .await,
            Some("needs_reconnect".to_owned())
        );
        assert_eq!(w.fake.accepted().len(), 0);
    }
}

#[tokio::test]
async fn the_daily_check_marks_a_refused_token_and_warns_in_the_last_week_before_expiry() {
    for backend in backends() {
        let w = world(backend, false).await;
        // Reconnect the Page with a token that expires in 5 days.
        let day = w.clock.now().date() + time::Duration::days(5);
        let res = connect(
            &w.app,
            &w.admin,
            "facebook",
            PAGE_ID,
            "",
            TOKEN,
            &day.to_string(),
        )
        .await;
        assert!(res.status < 400, "{}", res.body);
        // Accounts are checked Facebook first: the Page passes, Instagram's token is refused.
        w.fake.fail_next([
            Failure::Pass,
            Failure::Meta {
                status: 400,
                code: 190,
            },
        ]);
        let state = w.app.server.as_ref().unwrap().state();
        let checked = accounts::check_all(&w.app.db, &state.social, w.clock.now().unix_timestamp())
            .await
            .unwrap();
        let statuses: Vec<_> = checked.iter().map(|c| c.status.as_str()).collect();
        assert_eq!(statuses, ["expiring", "needs_reconnect"]);
        let panel = w.app.call(&w.admin, "/api/social_accounts", &[]).await;
        assert_eq!(panel.status, 200);
        assert_eq!(panel.json()["accounts"][1]["status"], "needs_reconnect");
        assert!(panel.json()["accounts"][1]["last_error"].is_string());
        // Reconnecting with a good token clears it.
        let res = connect(
            &w.app,
            &w.admin,
            "instagram",
            INSTAGRAM_ID,
            PAGE_ID,
            TOKEN,
            "",
        )
        .await;
        assert!(res.status < 400);
        assert_eq!(
            w.app
                .call(&w.admin, "/api/social_accounts", &[])
                .await
                .json()["accounts"][1]["status"],
            "ok"
        );
        // Once expired, the check says reconnect without asking Meta.
        w.clock.advance(time::Duration::days(7));
        let checked = accounts::check_all(&w.app.db, &state.social, w.clock.now().unix_timestamp())
            .await
            .unwrap();
        assert_eq!(checked[0].status, "needs_reconnect");
    }
}

#[tokio::test]
async fn a_connected_token_is_checked_with_meta_sealed_and_never_shown_logged_or_audited() {
    for backend in backends() {
        let w = world(backend, false).await;
        let sealed: Vec<Vec<u8>> = on_pool!(&w.app.db, pool => sqlx::query_scalar(
            "SELECT token_ciphertext FROM social_accounts").fetch_all(pool).await)
        .unwrap();
        assert_eq!(sealed.len(), 2);
        for s in &sealed {
            assert!(!s.windows(TOKEN.len()).any(|x| x == TOKEN.as_bytes()));
        }
        let panel = w.app.call(&w.admin, "/api/social_accounts", &[]).await;
        assert!(!panel.body.contains(TOKEN), "{}", panel.body);
        assert_eq!(
            panel.json()["accounts"][0]["name"],
            server::fake_graph::PAGE_NAME
        );
        assert_eq!(panel.json()["accounts"][0]["token_hint"], "…A1b2");
        assert_eq!(w.app.audit_count("social.account_connected").await, 2);
        assert_eq!(
            count(
                &w.app.db,
                &format!("SELECT COUNT(*) FROM audit_log WHERE changes LIKE '%{TOKEN}%'")
            )
            .await,
            0
        );
        let html = w.app.get_as(&w.admin, "/admin/redes-sociais").await;
        assert_eq!(html.status, 200);
        assert!(!html.body.contains(TOKEN));
        assert!(
            html.body.contains("monteiro.seguros"),
            "the Instagram username from Meta"
        );

        // Staff may not see or change the accounts.
        for path in ["/api/social_accounts", "/api/check_social_accounts"] {
            assert_eq!(w.app.call(&w.ana, path, &[]).await.status, 403, "{path}");
        }
        let res = connect(&w.app, &w.ana, "facebook", "123", "", TOKEN, "").await;
        assert_eq!(res.status, 403);

        // A token Meta refuses is not kept; bad fields are named.
        w.fake.fail_next([Failure::Meta {
            status: 400,
            code: 190,
        }]);
        let refused = connect(&w.app, &w.admin, "facebook", "555", "", TOKEN, "").await;
        assert_eq!(refused.status, 400);
        assert!(
            refused.body.contains("social_token_refused"),
            "{}",
            refused.body
        );
        let bad = connect(&w.app, &w.admin, "instagram", "abc", "", "curto", "").await;
        assert_eq!(bad.status, 400);
        for key in [
            "social_id_invalid",
            "social_page_required",
            "social_token_invalid",
        ] {
            assert!(bad.body.contains(key), "{key}: {}", bad.body);
        }
        assert_eq!(
            count(&w.app.db, "SELECT COUNT(*) FROM social_accounts").await,
            2
        );

        // Disconnecting deletes the token with the account; audited.
        let id = count(
            &w.app.db,
            &format!("SELECT id FROM social_accounts WHERE external_id = '{PAGE_ID}'"),
        )
        .await;
        let res = w
            .app
            .call(
                &w.admin,
                "/api/remove_social_account",
                &[("id", &id.to_string())],
            )
            .await;
        assert!(res.status < 400, "{}", res.body);
        assert_eq!(
            count(&w.app.db, "SELECT COUNT(*) FROM social_accounts").await,
            1
        );
        assert_eq!(w.app.audit_count("social.account_removed").await, 1);
    }
}

#[tokio::test]
async fn an_instagram_sender_is_linked_to_a_client_like_a_whatsapp_number() {
    for backend in backends() {
        let w = world(backend, false).await;
        let joao = crate::clients::create(&w.app, &w.ana, &crate::clients::joao()).await;
        let dm = instagram_dm(&w, IGSID, "mid.link.1", "Sou o João, cliente de vocês").await;
        let link = w
            .app
            .call(
                &w.ana,
                "/api/link_whatsapp",
                &[("id", &dm.to_string()), ("client", &joao.to_string())],
            )
            .await;
        assert!(link.status < 400, "{backend:?}: {}", link.body);
        let chat = w
            .app
            .call(&w.ana, "/api/whatsapp_chat", &[("id", &dm.to_string())])
            .await;
        assert_eq!(chat.status, 200, "{}", chat.body);
        let chat = chat.json();
        assert_eq!(chat["conversation"]["client_id"], joao);
        assert_eq!(chat["conversation"]["name"], "João Conceição da Silva");
        assert_eq!(chat["conversation"]["channel"], "instagram");
        // The next DM of the same person lands in the same, linked conversation.
        let again = instagram_dm(&w, IGSID, "mid.link.2", "Quero renovar o seguro").await;
        assert_eq!(again, dm);
    }
}
