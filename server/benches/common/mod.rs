//! What the benchmarks share: a fresh SQLite database in a temporary folder, a fresh database on
//! the PostgreSQL server `TEST_POSTGRES_URL` names (`make bench` starts one), percentiles and the
//! process's memory; and for the benches that drive the real app over HTTP, starting it, its
//! admin, signing in and reading live streams. (Each bench includes this module and uses part of
//! it.)
#![allow(dead_code)]

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use app::db::Db;

/// A fresh SQLite database in `dir`.
pub async fn sqlite(dir: &tempfile::TempDir) -> Db {
    Db::connect(&format!(
        "sqlite://{}/bench.db?mode=rwc",
        dir.path().display()
    ))
    .await
    .unwrap()
}

/// A fresh database named `<prefix>_<pid>` on `TEST_POSTGRES_URL`'s server, or `None` (with a
/// line saying so) when it is not set.
pub async fn postgres(prefix: &str) -> Option<Db> {
    let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
        println!("\nPostgreSQL skipped: TEST_POSTGRES_URL is not set (make bench sets it)");
        return None;
    };
    let admin = Db::connect(&admin_url).await.unwrap();
    let name = format!("{prefix}_{}", std::process::id());
    if let Db::Postgres(pool) = &admin {
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(pool)
            .await
            .unwrap();
    }
    let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
    Some(Db::connect(&url).await.unwrap())
}

/// The `p` quantile (0 to 1) of `sorted` (zero when empty).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

/// This process's resident memory, in KiB (0 where `/proc` is not there).
pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Where the app benches say the app is served: the CSRF check compares `Origin` with it.
pub const ORIGIN: &str = "http://127.0.0.1:3000";
/// The admin the app benches sign in as.
pub const EMAIL: &str = "admin@bench.local";
pub const PASSWORD: &str = "uma senha bem longa para o quadro";
/// Live streams opened at once (then the next batch), so opening many does not queue them all
/// on the connection pool at the same time.
pub const OPEN_AT_ONCE: usize = 100;
/// How long a live event may take before a bench gives up.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// `d` in milliseconds, one decimal.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// "p50 … p99 … max …" of `samples`.
pub fn spread(mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!(
        "p50 {}  p99 {}  max {}",
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.99)),
        ms(samples.last().copied().unwrap_or_default())
    )
}

/// The real app on a fresh SQLite database in `dir`, bound to a free loopback port (not serving
/// yet), with `extra` settings on top of the benches' own.
pub async fn start(dir: &tempfile::TempDir, extra: &[(&str, &str)]) -> server::Server {
    std::fs::create_dir_all(dir.path().join("site/pkg")).unwrap();
    let mut vars: HashMap<String, String> = [
        (
            "DATABASE_URL",
            format!("sqlite://{}/crm.db?mode=rwc", dir.path().display()),
        ),
        ("BIND_ADDR", "127.0.0.1:0".to_owned()),
        ("APP_ORIGIN", ORIGIN.to_owned()),
        ("DATA_DIR", dir.path().display().to_string()),
        // Every login of a bench comes from 127.0.0.1, and every live stream is the one admin's.
        ("LOGIN_IP_LIMIT", "10000".to_owned()),
        ("LIVE_STREAMS_PER_USER", "10000".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let settings = server::Settings::from_vars(&vars).expect("settings");
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("monteiro-crm")
        .site_root(dir.path().join("site").display().to_string())
        .build();
    server::build(settings, options)
        .await
        .expect("the app starts")
}

/// The admin `EMAIL` (password `PASSWORD`); answers its id.
pub async fn create_admin(db: &Db) -> i64 {
    let hash = app::users::password::hash(PASSWORD.to_owned()).await;
    let mut tx = db.begin().await.unwrap();
    let id = app::users::repo::insert(
        &mut tx,
        &app::users::repo::NewUser {
            name: "Admin",
            email: EMAIL,
            password_hash: Some(&hash),
            role: app::roles::Role::Admin,
            team_id: None,
            locale: "pt-BR",
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// Signs in over HTTP as the login form does; answers the session cookie (`name=value`).
pub async fn login(client: &reqwest::Client, base: &str) -> String {
    let res = client
        .post(format!("{base}/api/login"))
        .header("origin", ORIGIN)
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .form(&[("email", EMAIL), ("password", PASSWORD), ("next", "/")])
        .send()
        .await
        .expect("login request");
    assert!(
        res.status().as_u16() < 400,
        "login failed: {}",
        res.status()
    );
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-crm_sid=") || c.starts_with("crm_sid="))
        .and_then(|c| c.split(';').next())
        .expect("login sets the session cookie")
        .to_owned()
}

/// An open live stream (server-sent events), read event by event.
pub struct Stream {
    res: reqwest::Response,
    buffer: Vec<u8>,
}

impl Stream {
    /// Opens the stream at `path` (such as `/kanban/vendas/eventos`) with session `cookie`.
    pub async fn open(client: &reqwest::Client, base: &str, path: &str, cookie: &str) -> Self {
        let res = client
            .get(format!("{base}{path}"))
            .header("cookie", cookie)
            .send()
            .await
            .expect("stream request");
        assert_eq!(res.status(), 200, "the stream {path} opens");
        Self {
            res,
            buffer: Vec::new(),
        }
    }

    /// The next event's name and data (keep-alive comments skipped); `None` when it ends.
    pub async fn next(&mut self) -> Option<(String, String)> {
        loop {
            if let Some(end) = self.buffer.windows(2).position(|w| w == b"\n\n") {
                let block: Vec<u8> = self.buffer.drain(..end + 2).collect();
                let (mut name, mut data) = (String::new(), String::new());
                for line in String::from_utf8_lossy(&block).lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim());
                    }
                }
                if !name.is_empty() {
                    return Some((name, data));
                }
                continue;
            }
            let chunk = self.res.chunk().await.ok()??;
            self.buffer.extend_from_slice(&chunk);
        }
    }
}

/// Opens `count` streams at `path` (`OPEN_AT_ONCE` at a time), each drained by its own task;
/// answers the count of `event` events they have read so far.
pub async fn idle_streams(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    cookie: &str,
    count: usize,
    event: &'static str,
) -> Arc<AtomicU64> {
    let received = Arc::new(AtomicU64::new(0));
    let mut opened = 0;
    while opened < count {
        let batch = OPEN_AT_ONCE.min(count - opened);
        opened += batch;
        let opening: Vec<_> = (0..batch)
            .map(|_| {
                let (client, base) = (client.clone(), base.to_owned());
                let (path, cookie) = (path.to_owned(), cookie.to_owned());
                tokio::spawn(async move { Stream::open(&client, &base, &path, &cookie).await })
            })
            .collect();
        for task in opening {
            let mut stream = task.await.unwrap();
            let received = received.clone();
            tokio::spawn(async move {
                while let Some((name, _)) = stream.next().await {
                    if name == event {
                        received.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    }
    received
}

/// Waits (up to `PATIENCE`) until `received` reaches `expected`; answers what it reached.
pub async fn delivered(received: &AtomicU64, expected: u64) -> u64 {
    let deadline = Instant::now() + PATIENCE;
    while received.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    received.load(Ordering::Relaxed)
}
