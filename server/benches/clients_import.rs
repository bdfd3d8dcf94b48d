//! Issue 5: how fast a spreadsheet import runs. Generates a CSV of `IMPORT_BENCH_COUNT` (default
//! 10,000) valid clients, then on SQLite (and PostgreSQL when `TEST_POSTGRES_URL` names a
//! server; `make bench` starts one) times: reading and checking the upload, the import job
//! creating every client, the same file again with update-on-match (every line found, nothing
//! changed), and reverting the first import. Prints lines per second.

use std::time::Instant;

mod common;

use app::{
    audit::RequestMeta,
    clients::{demo, import::service},
    db::Db,
    users::repo::{self as users, NewUser},
};

fn spreadsheet(count: usize) -> String {
    let mut out = String::from("Nome;CPF/CNPJ;Telefones;E-mails;Cidade;UF;Tags\r\n");
    for c in demo::clients(count, 7) {
        let phones: Vec<String> = c.phones.iter().map(|p| p.number.clone()).collect();
        out.push_str(&format!(
            "{};{};{};{};{};{};{}\r\n",
            c.name.replace(';', ","),
            c.tax_id.unwrap_or_default(),
            phones.join(" | "),
            c.emails.join(" | "),
            c.city.unwrap_or_default(),
            c.state.unwrap_or_default(),
            c.tags.unwrap_or_default().replace(';', ","),
        ));
    }
    out
}

fn per_second(lines: usize, started: Instant) -> String {
    let secs = started.elapsed().as_secs_f64();
    format!("{secs:>7.2} s  ({:>6.0} lines/s)", lines as f64 / secs)
}

async fn import(db: &Db, admin: &users::UserRow, csv: &[u8], mode: &str) -> i64 {
    let now = time::OffsetDateTime::now_utc();
    let id = service::upload(db, admin, "bench.csv", csv, RequestMeta::default(), now)
        .await
        .expect("the file is read");
    let view = service::view(db, admin, id, now).await.unwrap();
    let mapping: Vec<String> = view
        .mapping
        .iter()
        .map(|c| c.clone().unwrap_or_default())
        .collect();
    service::start(
        db,
        admin,
        id,
        &mapping,
        mode,
        true,
        RequestMeta::default(),
        now,
    )
    .await
    .unwrap();
    service::run(db, id, time::OffsetDateTime::now_utc)
        .await
        .unwrap();
    id
}

async fn run(label: &str, db: Db, count: usize) {
    db.migrate().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let admin_id = users::insert(
        &mut tx,
        &NewUser {
            name: "Admin",
            email: "admin@bench.local",
            password_hash: None,
            role: app::roles::Role::Admin,
            team_id: None,
            locale: "pt-BR",
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let admin = users::find_by_id(&db, admin_id).await.unwrap().unwrap();
    let csv = spreadsheet(count);
    println!("\n{label}: {count} lines, {} KiB", csv.len() / 1024);

    let started = Instant::now();
    let now = time::OffsetDateTime::now_utc();
    let probe = service::upload(
        &db,
        &admin,
        "probe.csv",
        csv.as_bytes(),
        RequestMeta::default(),
        now,
    )
    .await
    .unwrap();
    println!(
        "  upload (read, detect, store)   {}",
        per_second(count, started)
    );
    let _ = probe;

    let started = Instant::now();
    let first = import(&db, &admin, csv.as_bytes(), "create").await;
    println!(
        "  import, creating every client  {}",
        per_second(count, started)
    );
    let started = Instant::now();
    import(&db, &admin, csv.as_bytes(), "update").await;
    println!(
        "  same file, update-on-match     {}",
        per_second(count, started)
    );
    let started = Instant::now();
    let now = time::OffsetDateTime::now_utc();
    service::request_revert(&db, &admin, first, RequestMeta::default(), now)
        .await
        .unwrap();
    service::revert(&db, first, admin.id, time::OffsetDateTime::now_utc)
        .await
        .unwrap();
    println!(
        "  revert of the first import     {}",
        per_second(count, started)
    );
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("IMPORT_BENCH_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    run("SQLite", common::sqlite(&dir).await, count).await;
    if let Some(db) = common::postgres("bench_import").await {
        run("PostgreSQL", db, count).await;
    }
}
