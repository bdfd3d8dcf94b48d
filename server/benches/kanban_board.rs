//! The Kanban board under load. Starts the real app on loopback (SQLite), seeds 2,000 cards on
//! the Funil de vendas board and prints: the seeding time; the server render of `/kanban/vendas`
//! for a signed-in admin (30 runs after 3 warm-ups, whole body read: p50/p99, HTML size, and the
//! count of `data-card=`, asserted to be every card); and how long a drop takes to reach another
//! viewer's live stream (from just before user A posts `/api/move_card` to viewer B's stream
//! yielding that card in its new column, 200 moves), alone and then with 1,000 more idle viewers
//! connected and reading the same board, with the process's memory (server and clients: one
//! process). Run with `make bench`.

mod common;

use std::time::{Duration, Instant};

use app::{
    db::Db,
    kanban::{
        rank,
        repo::{self as kanban, NewCard},
    },
};
use common::{ms, spread, Stream, ORIGIN, PATIENCE};
use tokio::sync::mpsc;

const CARDS: usize = 2_000;
const CARDS_PER_TX: usize = 500;
const WARM_UPS: usize = 3;
const RENDERS: usize = 30;
const MOVES: usize = 200;
const IDLE_VIEWERS: usize = 1_000;
/// The board's live stream.
const STREAM: &str = "/kanban/vendas/eventos";

/// The Funil de vendas board's id and its columns other than the lost one, in board order.
async fn board(db: &Db) -> (i64, Vec<i64>) {
    const COLUMNS: &str = "SELECT id FROM kanban_columns WHERE board_id = \
        (SELECT id FROM kanban_boards WHERE slug = 'vendas') AND outcome <> 'lost' \
        ORDER BY position";
    let board = kanban::board(db, "vendas").await.unwrap().expect("vendas");
    let columns =
        app::on_pool!(db, pool => sqlx::query_scalar(COLUMNS).fetch_all(pool).await).unwrap();
    (board.id, columns)
}

/// Where each seeded card goes: (column index, rank), dealt round the columns, ranks ascending
/// within each column.
fn layout(columns: usize) -> Vec<(usize, String)> {
    let mut ranks: Vec<std::vec::IntoIter<String>> = (0..columns)
        .map(|c| rank::spread(CARDS / columns + usize::from(c < CARDS % columns)).into_iter())
        .collect();
    (0..CARDS)
        .map(|i| {
            let column = i % columns;
            (column, ranks[column].next().expect("a rank per card"))
        })
        .collect()
}

/// Stores `CARDS` cards owned by `owner` on the board (one transaction per `CARDS_PER_TX`);
/// answers the columns and every card as (id, column index).
async fn seed(db: &Db, owner: i64) -> (Vec<i64>, Vec<(i64, usize)>) {
    let (board, columns) = board(db).await;
    let now = time::OffsetDateTime::now_utc();
    let mut cards = Vec::with_capacity(CARDS);
    for (batch, places) in layout(columns.len()).chunks(CARDS_PER_TX).enumerate() {
        let mut tx = db.begin().await.unwrap();
        for (offset, (column, rank)) in places.iter().enumerate() {
            let n = batch * CARDS_PER_TX + offset;
            let title = format!("Cotação auto {n}");
            let card = NewCard {
                board,
                column: columns[*column],
                rank,
                title: &title,
                client_id: None,
                policy_id: None,
                owner_id: owner,
                value: Some(150_000 + (n as i64 % 97) * 1_000),
                due_on: n
                    .is_multiple_of(2)
                    .then(|| now.date() + time::Duration::days(n as i64 % 60)),
                description: None,
            };
            cards.push((kanban::insert(&mut tx, &card, now).await.unwrap(), *column));
        }
        tx.commit().await.unwrap();
    }
    (columns, cards)
}

/// One render of the board, body read whole: (time, HTML bytes, `data-card=` count).
async fn render(client: &reqwest::Client, base: &str, cookie: &str) -> (Duration, usize, usize) {
    let started = Instant::now();
    let res = client
        .get(format!("{base}/kanban/vendas"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("board request");
    assert_eq!(res.status(), 200, "the board answers");
    let html = res.text().await.expect("board body");
    let elapsed = started.elapsed();
    (elapsed, html.len(), html.matches("data-card=").count())
}

/// Renders the board `WARM_UPS + RENDERS` times and prints the figures of the last `RENDERS`.
async fn bench_render(client: &reqwest::Client, base: &str, cookie: &str) {
    let mut times = Vec::with_capacity(RENDERS);
    let mut size = 0;
    for run in 0..WARM_UPS + RENDERS {
        let (elapsed, bytes, cards) = render(client, base, cookie).await;
        assert_eq!(cards, CARDS, "the whole board is rendered");
        if run >= WARM_UPS {
            times.push(elapsed);
            size = bytes;
        }
    }
    println!(
        "SSR of /kanban/vendas ({CARDS} cards, admin, {RENDERS} runs after {WARM_UPS} warm-ups)"
    );
    println!("  time           {}", spread(times));
    println!(
        "  HTML           {:.0} KiB, {CARDS} data-card= (every card)",
        size as f64 / 1024.0
    );
}

/// A `card` event as viewer B received it.
struct Seen {
    id: i64,
    column: i64,
    at: Instant,
}

/// Reads viewer B's stream in its own task, passing on each `card` event with when it arrived.
fn follow(mut stream: Stream) -> mpsc::UnboundedReceiver<Seen> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some((name, data)) = stream.next().await {
            let at = Instant::now();
            assert_ne!(name, "reload", "viewer B fell behind the bus");
            if name != "card" {
                continue;
            }
            let card: serde_json::Value = serde_json::from_str(&data).expect("a card as JSON");
            let (Some(id), Some(column)) = (card["id"].as_i64(), card["column_id"].as_i64()) else {
                panic!("a card event without id or column_id: {data}");
            };
            if tx.send(Seen { id, column, at }).is_err() {
                break;
            }
        }
    });
    rx
}

/// User A, moving cards; viewer B's events.
struct Mover {
    client: reqwest::Client,
    base: String,
    cookie: String,
    columns: Vec<i64>,
    /// Every card as (id, column index at seeding); each run moves cards no earlier run moved.
    cards: Vec<(i64, usize)>,
    seen: mpsc::UnboundedReceiver<Seen>,
}

impl Mover {
    async fn post_move(&self, card: i64, column: i64) {
        let res = self
            .client
            .post(format!("{}/api/move_card", self.base))
            .header("accept", "application/json")
            .header("origin", ORIGIN)
            .header("sec-fetch-site", "same-origin")
            .header("cookie", &self.cookie)
            .form(&[("id", card.to_string()), ("to[column]", column.to_string())])
            .send()
            .await
            .expect("move request");
        let status = res.status();
        let body = res.text().await.unwrap_or_default();
        assert!(status.is_success(), "move refused: {status} {body}");
    }

    /// When viewer B received card `id` in `column`.
    async fn arrival(&mut self, id: i64, column: i64) -> Instant {
        loop {
            let seen = tokio::time::timeout(PATIENCE, self.seen.recv())
                .await
                .expect("viewer B receives the move")
                .expect("viewer B's stream is open");
            if seen.id == id && seen.column == column {
                return seen.at;
            }
        }
    }

    /// Moves `MOVES` cards (from the `first`th) one column on; answers each drop's latency.
    async fn run(&mut self, first: usize) -> Vec<Duration> {
        let mut latencies = Vec::with_capacity(MOVES);
        let batch = self.cards[first..first + MOVES].to_vec();
        for (card, column) in batch {
            let to = self.columns[(column + 1) % self.columns.len()];
            let started = Instant::now();
            self.post_move(card, to).await;
            latencies.push(self.arrival(card, to).await - started);
        }
        latencies
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = common::start(&dir, &[]).await;
    let db = app.state().db.clone();
    // The admin owns every card; A, B and the idle viewers are sessions of it.
    let admin = common::create_admin(&db).await;
    let started = Instant::now();
    let (columns, cards) = seed(&db, admin).await;
    println!(
        "seeding: {CARDS} cards over {} columns in {}",
        columns.len(),
        ms(started.elapsed())
    );
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.serve(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let (a, b) = (
        common::login(&client, &base).await,
        common::login(&client, &base).await,
    );
    bench_render(&client, &base, &a).await;

    let seen = follow(Stream::open(&client, &base, STREAM, &b).await);
    let mut mover = Mover {
        client: client.clone(),
        base: base.clone(),
        cookie: a,
        columns,
        cards,
        seen,
    };
    println!("drop → viewer B's stream ({MOVES} moves by A, B a second session of the admin)");
    println!("  B alone        {}", spread(mover.run(0).await));
    let before = common::rss_kib();

    let received = common::idle_streams(&client, &base, STREAM, &b, IDLE_VIEWERS, "card").await;
    let connected = common::rss_kib();
    let latencies = mover.run(MOVES).await;
    let expected = (MOVES * IDLE_VIEWERS) as u64;
    let got = common::delivered(&received, expected).await;
    println!("  +{IDLE_VIEWERS} idle     {}", spread(latencies));
    println!("  idle viewers read {got} of {expected} card events");
    println!(
        "  memory (server + clients): {} MiB before the idle viewers, {} MiB with them connected, \
         {} MiB after the moves",
        before / 1024,
        connected / 1024,
        common::rss_kib() / 1024
    );
    assert_eq!(got, expected, "every idle viewer read every move");
}
