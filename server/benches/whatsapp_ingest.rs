//! The WhatsApp webhook under load. Starts the real app on loopback (SQLite) with an app secret
//! and prints:
//!
//! - ingest: 2,000 deliveries in Meta's shape (entry → changes → value.messages, 5 text messages
//!   each, from 500 contacts), signed as Meta signs them, plus one in ten delivered again, posted
//!   to `/webhooks/whatsapp` 32 at a time. How long until every POST was answered 200
//!   (deliveries/s and messages/s accepted), and until the job worker had read every delivery and
//!   stored every message (end-to-end messages/s: signed, verified, kept, read, deduplicated).
//!   The only assertion is that the messages stored are exactly the unique wamids sent.
//! - delivery → inbox: from just before a delivery with one new message is posted to a
//!   signed-in admin's inbox stream (`/whatsapp/eventos`) yielding the `conversation` event of
//!   that message's conversation, 200 deliveries, alone and then with 1,000 more idle streams
//!   open; with the process's memory (server and clients: one process).
//!
//! Run with `make bench` (or `cargo bench -p server --bench whatsapp_ingest`).

mod common;

use std::time::{Duration, Instant};

use app::{db::Db, whatsapp::signature};
use axum::body::Bytes;
use common::{ms, spread, Stream, PATIENCE};
use futures::StreamExt;
use serde_json::json;
use tokio::sync::mpsc;

/// The app secret Meta signs with (the bench's own, fake).
const SECRET: &str = "bench_app_secret_not_a_real_one";
/// The brokerage's number (Meta's `phone_number_id`): deliveries name it, the app checks it.
const NUMBER: &str = "106540352242922";
const DELIVERIES: usize = 2_000;
const MESSAGES_PER_DELIVERY: usize = 5;
/// Deliveries come from this many people, so conversations get several messages, as in a real
/// inbox (and the latency rounds find conversations already there).
const CONTACTS: usize = 500;
/// Meta delivers at least once: after every `REDELIVER_EVERY`th delivery, an earlier one comes
/// again …
const REDELIVER_EVERY: usize = 10;
/// … the one posted this many places before, which may still be in flight.
const REDELIVERY_LAG: usize = 5;
/// Deliveries posted at the same time.
const IN_FLIGHT: usize = 32;
/// A delivery answered 503 (the database could not keep it) is posted again after this, as Meta
/// would, at most `MAX_REFUSALS` times.
const RETRY_AFTER: Duration = Duration::from_millis(100);
const MAX_REFUSALS: usize = 20;
/// How often the database is read while the job worker catches up, and for how long at most.
const POLL_EVERY: Duration = Duration::from_millis(25);
const PROCESSING_PATIENCE: Duration = Duration::from_secs(300);
const ROUNDS: usize = 200;
const IDLE_STREAMS: usize = 1_000;
/// The inbox's live stream.
const STREAM: &str = "/whatsapp/eventos";
const TEXTS: [&str; 5] = [
    "Bom dia",
    "Gostaria de uma cotação de seguro auto para um Onix 2022",
    "Meu carro foi batido ontem, preciso abrir sinistro",
    "Pode me mandar o boleto da renovação?",
    "Obrigada!",
];

// Each latency run uses conversations of its own, among those the ingest created.
const _: () = assert!(2 * ROUNDS <= CONTACTS && CONTACTS <= DELIVERIES);

/// A person's WhatsApp id: a Belo Horizonte mobile with its nono dígito.
fn wa_id(contact: usize) -> String {
    format!("5531988{contact:06}")
}

/// Message `n`'s wamid, as long as Meta's (about 60 characters of base64), so the UNIQUE index
/// on it works as hard as with real ones.
fn wamid(n: usize) -> String {
    format!("wamid.HBgNNTUzMTk4ODAwMDAwMBUCABIYFDNBQkVOQ0g{n:012}AA==")
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// One delivery as Meta posts it: the raw JSON and its `X-Hub-Signature-256`.
#[derive(Clone)]
struct Delivery {
    body: Bytes,
    signature: String,
}

impl Delivery {
    /// `contact`'s text messages `wamids` (sent at `sent_on`), signed with `SECRET`.
    fn new(contact: usize, wamids: &[String], sent_on: i64) -> Self {
        let from = wa_id(contact);
        let messages: Vec<_> = wamids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                json!({"from": from, "id": id, "timestamp": sent_on.to_string(), "type": "text",
                    "text": {"body": TEXTS[i % TEXTS.len()]}})
            })
            .collect();
        // Compact JSON, as Meta sends it.
        let body = json!({"object": "whatsapp_business_account", "entry": [{
            "id": "102290129340398",
            "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "553140028922", "phone_number_id": NUMBER},
                "contacts": [{"profile": {"name": format!("Cliente {contact}")}, "wa_id": from}],
                "messages": messages,
            }}],
        }]})
        .to_string();
        Self {
            signature: signature::sign(SECRET.as_bytes(), body.as_bytes()),
            body: Bytes::from(body),
        }
    }
}

/// Posts `delivery` until it is answered 200 (a 503 is posted again, as Meta retries); answers
/// how many times it was refused first.
async fn post(client: &reqwest::Client, base: &str, delivery: Delivery) -> usize {
    let mut refused = 0;
    loop {
        let res = client
            .post(format!("{base}/webhooks/whatsapp"))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &delivery.signature)
            .body(delivery.body.clone())
            .send()
            .await
            .expect("webhook request");
        match res.status().as_u16() {
            200 => return refused,
            503 if refused < MAX_REFUSALS => refused += 1,
            status => panic!("delivery refused: {status} (after {refused} refusals)"),
        }
        tokio::time::sleep(RETRY_AFTER).await;
    }
}

async fn count(db: &Db, sql: &str) -> usize {
    let n: i64 = app::on_pool!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap();
    usize::try_from(n).unwrap()
}

const PROCESSED: &str = "SELECT COUNT(*) FROM wa_webhook_events WHERE processed_at IS NOT NULL";
const STORED: &str = "SELECT COUNT(*) FROM wa_messages";

/// Per second, for `n` in `elapsed`.
fn rate(n: usize, elapsed: Duration) -> String {
    format!("{:.0}", n as f64 / elapsed.as_secs_f64())
}

/// Posts every delivery (with the repeats) and waits for the job worker to read them all; prints
/// the figures and asserts that exactly the unique messages were stored.
async fn bench_ingest(client: &reqwest::Client, base: &str, db: &Db) {
    // Built and signed before the clock starts: that is Meta's work, not ours.
    let now = unix_now();
    let unique: Vec<Delivery> = (0..DELIVERIES)
        .map(|d| {
            let wamids: Vec<String> = (0..MESSAGES_PER_DELIVERY)
                .map(|m| wamid(d * MESSAGES_PER_DELIVERY + m))
                .collect();
            Delivery::new(d % CONTACTS, &wamids, now)
        })
        .collect();
    let mut sending = Vec::with_capacity(DELIVERIES + DELIVERIES / REDELIVER_EVERY);
    for (i, delivery) in unique.iter().enumerate() {
        sending.push(delivery.clone());
        if (i + 1) % REDELIVER_EVERY == 0 {
            sending.push(unique[i.saturating_sub(REDELIVERY_LAG)].clone());
        }
    }
    let posts = sending.len();
    let unique_messages = DELIVERIES * MESSAGES_PER_DELIVERY;
    let received_messages = posts * MESSAGES_PER_DELIVERY;

    let started = Instant::now();
    let refusals: usize = futures::stream::iter(sending)
        .map(|delivery| post(client, base, delivery))
        .buffer_unordered(IN_FLIGHT)
        .fold(0, |total, refused| async move { total + refused })
        .await;
    let answered = started.elapsed();
    let read_by_then = count(db, PROCESSED).await;

    let (mut processed, mut stored);
    loop {
        processed = count(db, PROCESSED).await;
        stored = count(db, STORED).await;
        let done = processed >= posts && stored >= unique_messages;
        if done || started.elapsed() > PROCESSING_PATIENCE {
            break;
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
    let finished = started.elapsed();
    let failed = count(
        db,
        "SELECT COALESCE(SUM(failed_items), 0) FROM wa_webhook_events",
    )
    .await;

    println!(
        "webhook ingest: {DELIVERIES} signed deliveries × {MESSAGES_PER_DELIVERY} text messages \
         ({CONTACTS} contacts) + {} delivered again = {posts} POSTs, {IN_FLIGHT} in flight",
        posts - DELIVERIES
    );
    println!(
        "  accepted       all {posts} answered 200 in {}: {} deliveries/s, {} messages/s \
         ({refusals} refused 503 first and posted again)",
        ms(answered),
        rate(posts, answered),
        rate(received_messages, answered)
    );
    println!("                 the job worker had read {read_by_then} of {posts} by then");
    println!(
        "  end to end     {processed} of {posts} read, {stored} messages stored in {}: {} \
         messages/s (signed, verified, kept, read, deduplicated)",
        ms(finished),
        rate(unique_messages, finished)
    );
    println!(
        "  deduplicated   {received_messages} messages received, {stored} stored \
         ({unique_messages} unique wamids), {failed} items failed"
    );
    assert_eq!(
        stored, unique_messages,
        "every unique wamid is stored once, and no repeat"
    );
}

/// A `conversation` event as the measured stream received it.
struct Seen {
    conversation: i64,
    at: Instant,
}

/// Reads the measured stream in its own task, passing on each `conversation` event with when it
/// arrived.
fn follow(mut stream: Stream) -> mpsc::UnboundedReceiver<Seen> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some((name, data)) = stream.next().await {
            let at = Instant::now();
            assert_ne!(name, "reload", "the measured stream fell behind the bus");
            if name != "conversation" {
                continue;
            }
            let event: serde_json::Value = serde_json::from_str(&data).expect("JSON data");
            let Some(conversation) = event["id"].as_i64() else {
                panic!("a conversation event without id: {data}");
            };
            if tx.send(Seen { conversation, at }).is_err() {
                break;
            }
        }
    });
    rx
}

/// Meta, posting one new message at a time; the measured stream's events.
struct Inbox<'a> {
    client: &'a reqwest::Client,
    base: &'a str,
    db: &'a Db,
    seen: mpsc::UnboundedReceiver<Seen>,
    /// The number of the next new wamid (after those of the ingest).
    next_message: usize,
}

impl Inbox<'_> {
    /// The conversation of `contact` (created by the ingest).
    async fn conversation(&self, contact: usize) -> i64 {
        const SQL: &str = "SELECT c.id FROM wa_conversations c \
            JOIN wa_contacts k ON k.id = c.contact_id WHERE k.wa_id = $1";
        app::on_pool!(self.db, pool => sqlx::query_scalar(SQL).bind(wa_id(contact))
            .fetch_one(pool).await)
        .expect("the ingest created the conversation")
    }

    /// When the measured stream received `conversation`'s event.
    async fn arrival(&mut self, conversation: i64) -> Instant {
        loop {
            let seen = tokio::time::timeout(PATIENCE, self.seen.recv())
                .await
                .expect("the stream receives the new message")
                .expect("the stream is open");
            if seen.conversation == conversation {
                return seen.at;
            }
        }
    }

    /// One new message from each of `ROUNDS` contacts (from the `first`th), one after another;
    /// answers each one's latency.
    async fn run(&mut self, first: usize) -> Vec<Duration> {
        let mut latencies = Vec::with_capacity(ROUNDS);
        for contact in first..first + ROUNDS {
            let conversation = self.conversation(contact).await;
            let delivery = Delivery::new(contact, &[wamid(self.next_message)], unix_now());
            self.next_message += 1;
            let started = Instant::now();
            post(self.client, self.base, delivery).await;
            latencies.push(self.arrival(conversation).await - started);
        }
        latencies
    }
}

/// Delivery → inbox stream latency, alone and with `IDLE_STREAMS` more streams open.
async fn bench_latency(client: &reqwest::Client, base: &str, db: &Db) {
    let cookie = common::login(client, base).await;
    let mut inbox = Inbox {
        client,
        base,
        db,
        seen: follow(Stream::open(client, base, STREAM, &cookie).await),
        next_message: DELIVERIES * MESSAGES_PER_DELIVERY,
    };
    println!(
        "delivery → inbox stream ({ROUNDS} deliveries of one new message, each to an existing \
         conversation; an admin's {STREAM})"
    );
    println!("  alone          {}", spread(inbox.run(0).await));
    let before = common::rss_kib();

    let received =
        common::idle_streams(client, base, STREAM, &cookie, IDLE_STREAMS, "conversation").await;
    let connected = common::rss_kib();
    let latencies = inbox.run(ROUNDS).await;
    let expected = (ROUNDS * IDLE_STREAMS) as u64;
    let got = common::delivered(&received, expected).await;
    println!("  +{IDLE_STREAMS} idle     {}", spread(latencies));
    println!("  idle streams read {got} of {expected} conversation events");
    println!(
        "  memory (server + clients): {} MiB before the idle streams, {} MiB with them connected, \
         {} MiB after the deliveries",
        before / 1024,
        connected / 1024,
        common::rss_kib() / 1024
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = common::start(
        &dir,
        &[
            ("WHATSAPP_APP_SECRET", SECRET),
            ("WHATSAPP_PHONE_NUMBER_ID", NUMBER),
        ],
    )
    .await;
    let db = app.state().db.clone();
    common::create_admin(&db).await;
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.serve(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    bench_ingest(&client, &base, &db).await;
    bench_latency(&client, &base, &db).await;
}
