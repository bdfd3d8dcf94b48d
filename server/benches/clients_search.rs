//! Issue 5: search and the list stay fast with 100,000 clients. Seeds 100k generated clients
//! (valid CPFs/CNPJs, phones, e-mails) on SQLite, and on PostgreSQL when `TEST_POSTGRES_URL`
//! names a server (`make bench` starts a throwaway one), then prints p50/p99 latencies of
//! searches and list pages as an admin (every client) and as a user (their own). Run with
//! `make bench`; `CLIENTS_BENCH_COUNT` changes the size.

use std::time::{Duration, Instant};

mod common;

use app::{
    clients::{demo, repo, scope::Scope, service, ClientFilter, ClientSort},
    db::Db,
};

const RUNS: usize = 40;

fn ms(d: Duration) -> String {
    format!("{:>7.2} ms", d.as_secs_f64() * 1000.0)
}

async fn seed(db: &Db, count: usize) -> (Vec<i64>, Duration) {
    let mut owners = Vec::new();
    let mut tx = db.begin().await.unwrap();
    for i in 0..10 {
        let team = app::users::repo::ensure_team(&mut tx, &format!("Equipe {}", i % 3))
            .await
            .unwrap();
        let email = format!("corretor{i}@bench.local");
        let id = app::users::repo::insert(
            &mut tx,
            &app::users::repo::NewUser {
                name: "Corretor",
                email: &email,
                password_hash: None,
                role: app::roles::Role::User,
                team_id: Some(team),
                locale: "pt-BR",
            },
        )
        .await
        .unwrap();
        owners.push(id);
    }
    tx.commit().await.unwrap();
    let started = Instant::now();
    let now = time::OffsetDateTime::now_utc();
    let inputs = demo::clients(count, 100_000);
    for (chunk_no, chunk) in inputs.chunks(1_000).enumerate() {
        let mut tx = db.begin().await.unwrap();
        for (i, input) in chunk.iter().enumerate() {
            let record = service::parse_input(input.clone()).expect("generated clients are valid");
            let owner = owners[(chunk_no * 1_000 + i) % owners.len()];
            repo::insert(&mut tx, &record, owner, None, now)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    (owners, started.elapsed())
}

async fn measure(db: &Db, scope: &Scope, filter: &ClientFilter) -> (Duration, Duration, i64) {
    let mut times = Vec::with_capacity(RUNS);
    let mut total = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let (_, n) = repo::list(db, scope, filter).await.unwrap();
        times.push(started.elapsed());
        total = n;
    }
    times.sort();
    (
        common::percentile(&times, 0.5),
        common::percentile(&times, 0.99),
        total,
    )
}

async fn run(label: &str, db: Db, count: usize) {
    db.migrate().await.unwrap();
    let (owners, seeded) = seed(&db, count).await;
    println!(
        "\n{label}: {count} clients seeded in {:.1} s ({:.0} clients/s)",
        seeded.as_secs_f64(),
        count as f64 / seeded.as_secs_f64()
    );
    if let Db::Sqlite(pool) = &db {
        sqlx::query("ANALYZE").execute(pool).await.unwrap();
    }
    if let Db::Postgres(pool) = &db {
        sqlx::query("ANALYZE").execute(pool).await.unwrap();
    }
    let sample = demo::clients(count, 100_000)
        .into_iter()
        .nth(count / 2)
        .unwrap();
    let cpf_or_cnpj = sample.tax_id.clone().unwrap();
    let phone = sample.phones[0].number.replace(['(', ')', ' ', '-'], "");
    let email = sample.emails[0].split('@').next().unwrap().to_owned();
    let query = |q: &str| ClientFilter {
        query: Some(q.to_owned()),
        page: 1,
        ..ClientFilter::default()
    };
    let cases: Vec<(&str, ClientFilter)> = vec![
        (
            "search name, no accents \"joao silva\"",
            query("joao silva"),
        ),
        ("search prefix \"conc\"", query("conc")),
        ("search CPF/CNPJ, masked", query(&cpf_or_cnpj)),
        ("search phone, digits only", query(&phone)),
        ("search e-mail fragment", query(&email)),
        ("search nothing found \"zzzz\"", query("zzzz")),
        (
            "list page 1 by name",
            ClientFilter {
                page: 1,
                ..ClientFilter::default()
            },
        ),
        (
            "list page 2000 by name",
            ClientFilter {
                page: 2000,
                ..ClientFilter::default()
            },
        ),
        (
            "list newest first",
            ClientFilter {
                page: 1,
                sort: ClientSort::Newest,
                ..ClientFilter::default()
            },
        ),
        (
            "filter ramo=vida, city",
            ClientFilter {
                page: 1,
                line: Some("vida".into()),
                city: Some("Campinas".into()),
                ..ClientFilter::default()
            },
        ),
    ];
    println!(
        "  {:<40} {:>10} {:>10} {:>8}   scope",
        "case", "p50", "p99", "matches"
    );
    for (scope_label, scope) in [
        ("admin", Scope::All),
        ("user", Scope::Own { user_id: owners[0] }),
    ] {
        for (name, filter) in &cases {
            let (p50, p99, total) = measure(&db, &scope, filter).await;
            println!(
                "  {name:<40} {} {} {total:>8}   {scope_label}",
                ms(p50),
                ms(p99)
            );
        }
    }
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("CLIENTS_BENCH_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    run("SQLite", common::sqlite(&dir).await, count).await;
    if let Some(db) = common::postgres("bench_clients").await {
        run("PostgreSQL", db, count).await;
    }
}
