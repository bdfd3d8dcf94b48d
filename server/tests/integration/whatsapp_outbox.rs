//! The WhatsApp outbox against the local fake Graph API, on both engines (SECURITY.md §35):
//! retries with backoff until Meta accepts, nothing sent twice, permanent errors shown with
//! Meta's reason, timeouts left for the status webhook to settle, the 24-hour window enforced
//! before anything is stored.

use std::{sync::Arc, time::Duration};

use app::{
    clock::{Clock, ManualClock},
    on_pool,
    whatsapp::outbox::{self, Draft, Sent},
};
use serde_json::json;
use server::fake_graph::{Failure, FakeConfig, FakeGraph};

use crate::{
    support::{backends, spawn_app_with_settings_and_clock, TestApp},
    whatsapp_webhook::{count, deliver, delivery, message, one_text, status, NUMBER, SECRET},
};

const CUSTOMER: &str = "5531988887777";
/// The business account the fake lists templates for.
const WABA: &str = "100000000000002";

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) fake: Arc<FakeGraph>,
    pub(crate) clock: Arc<ManualClock>,
    pub(crate) conversation: i64,
    pub(crate) author: i64,
}

/// The app pointed at a fresh fake (answering within `timeout`), with a conversation where the
/// customer wrote just now.
pub(crate) async fn world(backend: app::db::Backend, timeout: &str) -> World {
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
            ("WHATSAPP_GRAPH_TIMEOUT_SECS", timeout),
            ("WHATSAPP_WABA_ID", WABA),
        ],
        clock.clone(),
    )
    .await;
    let now = clock.now().unix_timestamp();
    let mut hello = message(
        "wamid.HELLO",
        CUSTOMER,
        "text",
        json!({"body": "Oi, quero renovar"}),
    );
    hello["timestamp"] = json!(now.to_string());
    deliver(
        &app,
        &delivery(NUMBER, "Maria", CUSTOMER, vec![hello], vec![]),
    )
    .await;
    app.run_jobs().await;
    let conversation = count(&app.db, "SELECT id FROM wa_conversations").await;
    let author = app
        .create_user(
            "ana@monteiro.test",
            "uma senha bem longa",
            app::roles::Role::User,
        )
        .await;
    World {
        app,
        fake,
        clock,
        conversation,
        author,
    }
}

impl World {
    /// Queues `draft` from the staff member in the conversation; answers the message's id.
    async fn queue(&self, draft: &Draft) -> i64 {
        outbox::queue(
            &self.app.db,
            self.conversation,
            self.author,
            draft,
            self.clock.now(),
            false,
        )
        .await
        .unwrap()
    }
}

fn text(body: &str) -> Draft {
    Draft::Text {
        body: body.to_owned(),
        context: Some("wamid.HELLO".to_owned()),
    }
}

async fn message_row(w: &World, id: i64) -> (String, Option<String>, Option<i64>, Option<String>) {
    on_pool!(&w.app.db, pool => sqlx::query_as(
        "SELECT status, wamid, error_code, error_details FROM wa_messages WHERE id = $1")
        .bind(id).fetch_one(pool).await)
    .unwrap()
}

#[tokio::test]
async fn after_500_500_and_a_rate_limit_the_fourth_attempt_sends_the_message_once() {
    for backend in backends() {
        let w = world(backend, "5").await;
        w.fake.fail_next([
            Failure::ServerError,
            Failure::ServerError,
            Failure::RateLimit,
        ]);
        let id = w.queue(&text("Segue a proposta")).await;
        assert_eq!(w.app.run_jobs().await, 1);
        // Each retry waits for the jobs' backoff (30 s, 1 min, 2 min): nothing runs before.
        for wait in [30, 60, 120] {
            w.clock.advance(time::Duration::seconds(wait - 1));
            assert_eq!(w.app.run_jobs().await, 0, "not before {wait} s");
            w.clock.advance(time::Duration::seconds(1));
            assert_eq!(w.app.run_jobs().await, 1, "after {wait} s");
        }
        assert_eq!(w.fake.requests().len(), 4);
        assert_eq!(w.fake.accepted().len(), 1);
        let sent = &w.fake.accepted()[0];
        assert_eq!(sent["to"], CUSTOMER);
        assert_eq!(sent["text"]["body"], "Segue a proposta");
        assert_eq!(sent["context"]["message_id"], "wamid.HELLO");
        let (status, wamid, _, _) = message_row(&w, id).await;
        assert_eq!(status, "accepted");
        assert!(wamid.unwrap().starts_with("wamid."));
        w.clock.advance(time::Duration::hours(2));
        assert_eq!(w.app.run_jobs().await, 0, "nothing left to send");
    }
}

#[tokio::test]
async fn a_permanent_error_fails_the_message_with_metas_reason_and_no_retry() {
    for backend in backends() {
        let w = world(backend, "5").await;
        w.fake.fail_next([Failure::Meta {
            status: 400,
            code: 131_026,
        }]);
        let id = w.queue(&text("Olá")).await;
        w.app.run_jobs().await;
        w.clock.advance(time::Duration::hours(2));
        assert_eq!(w.app.run_jobs().await, 0);
        assert_eq!(w.fake.requests().len(), 1);
        let (status, wamid, code, details) = message_row(&w, id).await;
        assert_eq!(
            (status.as_str(), wamid, code),
            ("failed", None, Some(131_026))
        );
        assert_eq!(details.as_deref(), Some("An error the test asked for."));
    }
}

#[tokio::test]
async fn a_send_without_an_answer_in_time_is_left_unknown_and_settled_by_the_status_echoing_our_id()
{
    for backend in backends() {
        let w = world(backend, "1").await;
        w.fake.fail_next([Failure::Silence(Duration::from_secs(3))]);
        let id = w.queue(&text("Olá")).await;
        w.app.run_jobs().await;
        w.clock.advance(time::Duration::hours(2));
        w.app.run_jobs().await;
        assert_eq!(w.fake.requests().len(), 1, "never sent a second time");
        assert_eq!(message_row(&w, id).await.0, "unknown");
        // Meta did send it: its status carries our id.
        let uuid = one_text(
            &w.app.db,
            &format!("SELECT client_uuid FROM wa_messages WHERE id = {id}"),
        )
        .await
        .unwrap();
        let mut delivered = status("wamid.LATE", "delivered", 77);
        delivered["biz_opaque_callback_data"] = json!(uuid);
        deliver(
            &w.app,
            &delivery(NUMBER, "Maria", CUSTOMER, vec![], vec![delivered]),
        )
        .await;
        w.app.run_jobs().await;
        let (status, wamid, _, _) = message_row(&w, id).await;
        assert_eq!(
            (status.as_str(), wamid.as_deref()),
            ("delivered", Some("wamid.LATE"))
        );
    }
}

#[tokio::test]
async fn free_text_outside_the_24_hour_window_is_refused_before_anything_is_stored() {
    for backend in backends() {
        let w = world(backend, "5").await;
        w.clock.advance(time::Duration::hours(24));
        let before = w.app.table_counts().await;
        let err = outbox::queue(
            &w.app.db,
            w.conversation,
            w.author,
            &text("Olá"),
            w.clock.now(),
            false,
        )
        .await
        .unwrap_err();
        assert_eq!(
            err,
            app::error::AppError::invalid("body", "wa_window_closed")
        );
        assert_eq!(w.app.table_counts().await, before);
        // A template may still go.
        let template = Draft::Template {
            name: "renovacao_apolice".into(),
            language: "pt_BR".into(),
            components: json!([{"type": "body", "parameters": [{"type": "text", "text": "Maria"}]}]),
            preview: "Olá Maria! Sua apólice vence em breve.".into(),
        };
        let id = w.queue(&template).await;
        w.app.run_jobs().await;
        assert_eq!(
            w.fake.accepted()[0]["template"]["name"],
            "renovacao_apolice"
        );
        assert_eq!(message_row(&w, id).await.0, "accepted");
    }
}

#[tokio::test]
async fn a_message_whose_job_runs_again_after_a_crash_is_not_sent_twice() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let id = w.queue(&text("Olá")).await;
        let graph = w
            .app
            .server
            .as_ref()
            .unwrap()
            .state()
            .whatsapp
            .graph
            .clone();
        let now = w.clock.now().unix_timestamp();
        let first = outbox::send(&w.app.db, graph.as_ref(), None, id, 1, 5, now)
            .await
            .unwrap();
        assert!(matches!(first, Sent::Accepted(_)));
        // The worker died before recording the job as done: its lease runs out and it runs again.
        let again = outbox::send(&w.app.db, graph.as_ref(), None, id, 2, 5, now)
            .await
            .unwrap();
        assert_eq!(again, Sent::AlreadyDone);
        assert_eq!(w.fake.accepted().len(), 1);
    }
}

#[tokio::test]
async fn opening_a_chat_marks_the_customers_last_message_read_at_whatsapp() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let now = w.clock.now().unix_timestamp();
        outbox::queue_read(&w.app.db, w.conversation, w.author, now)
            .await
            .unwrap();
        assert_eq!(w.app.run_jobs().await, 1);
        assert_eq!(w.fake.read(), vec!["wamid.HELLO".to_owned()]);
    }
}
