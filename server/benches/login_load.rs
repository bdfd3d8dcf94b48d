//! SECURITY.md §5: password hashing cannot starve the server. Starts the real app on loopback,
//! sends 64 logins at once while polling `/healthz` every 5 ms, and prints the health-check
//! latencies during the flood, the login latencies, and the peak memory over the baseline
//! against the bound (hashing permits × 19 MiB). Run with `make bench`.

mod common;

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

const LOGINS: usize = 64;
const PASSWORD: &str = "uma senha bem longa para o teste de carga";

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("site/pkg")).unwrap();
    let vars: HashMap<String, String> = [
        (
            "DATABASE_URL",
            format!("sqlite://{}/crm.db?mode=rwc", dir.path().display()),
        ),
        ("BIND_ADDR", "127.0.0.1:0".to_owned()),
        ("APP_ORIGIN", "http://127.0.0.1:3000".to_owned()),
        ("DATA_DIR", dir.path().display().to_string()),
        ("LOGIN_IP_LIMIT", "10000".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let settings = server::Settings::from_vars(&vars).expect("settings");
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("monteiro-crm")
        .site_root(dir.path().join("site").display().to_string())
        .build();
    let app = server::build(settings, options)
        .await
        .expect("the app starts");
    let addr = app.local_addr();
    let db = app.state().db.clone();
    let hash = app::users::password::hash(PASSWORD.to_owned()).await;
    let mut tx = db.begin().await.unwrap();
    app::users::repo::insert(
        &mut tx,
        &app::users::repo::NewUser {
            name: "Carga",
            email: "carga@monteiro.com.br",
            password_hash: Some(&hash),
            role: app::roles::Role::User,
            team_id: None,
            locale: "pt-BR",
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    tokio::spawn(app.serve(std::future::pending()));
    let base = format!("http://{addr}");
    let client = reqwest::Client::new();
    // Warm up: one login, one health check.
    client.get(format!("{base}/healthz")).send().await.unwrap();
    login(&client, &base).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let baseline = common::rss_kib();

    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(baseline));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        tokio::spawn(async move {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(common::rss_kib(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    let poller = {
        let (done, client, base) = (done.clone(), client.clone(), base.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let started = Instant::now();
                let res = client.get(format!("{base}/healthz")).send().await;
                assert!(
                    res.is_ok_and(|r| r.status().is_success()),
                    "/healthz failed"
                );
                latencies.push(started.elapsed());
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            latencies
        })
    };
    let flood_started = Instant::now();
    let logins: Vec<_> = (0..LOGINS)
        .map(|_| {
            let (client, base) = (client.clone(), base.clone());
            tokio::spawn(async move {
                let started = Instant::now();
                login(&client, &base).await;
                started.elapsed()
            })
        })
        .collect();
    let mut login_times = Vec::new();
    for task in logins {
        login_times.push(task.await.unwrap());
    }
    let flood = flood_started.elapsed();
    done.store(true, Ordering::Relaxed);
    let mut health = poller.await.unwrap();
    sampler.await.unwrap();
    health.sort();
    login_times.sort();
    let peak = peak.load(Ordering::Relaxed);
    let permits = app::users::password::MAX_CONCURRENT_HASHES as u64;
    let bound_kib = permits * 19 * 1024;
    println!(
        "login flood: {LOGINS} concurrent logins on {} CPU(s), done in {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        ms(flood)
    );
    println!(
        "  login latency    p50 {}  p99 {}  max {}",
        ms(common::percentile(&login_times, 0.5)),
        ms(common::percentile(&login_times, 0.99)),
        ms(*login_times.last().unwrap())
    );
    println!(
        "  /healthz ({} polls) p50 {}  p99 {}  max {}   target: p99 < 200 ms",
        health.len(),
        ms(common::percentile(&health, 0.5)),
        ms(common::percentile(&health, 0.99)),
        ms(health.last().copied().unwrap_or_default())
    );
    println!("  memory: baseline {} MiB, peak {} MiB, growth {} MiB   bound: {permits} permits × 19 MiB = {} MiB", baseline / 1024, peak / 1024, (peak.saturating_sub(baseline)) / 1024, bound_kib / 1024);
    let p99_ok = common::percentile(&health, 0.99) < Duration::from_millis(200);
    let mem_ok = peak.saturating_sub(baseline) <= bound_kib;
    println!(
        "  verdict: healthz p99 {} · memory {}",
        if p99_ok {
            "within target"
        } else {
            "OVER TARGET"
        },
        if mem_ok { "within bound" } else { "OVER BOUND" }
    );
}

async fn login(client: &reqwest::Client, base: &str) {
    let res = client
        .post(format!("{base}/api/login"))
        .header("origin", "http://127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .form(&[
            ("email", "carga@monteiro.com.br"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login request");
    assert!(
        res.status().as_u16() < 400,
        "login failed: {}",
        res.status()
    );
}
