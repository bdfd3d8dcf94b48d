//! What the benchmarks share: a fresh SQLite database in a temporary folder, a fresh database on
//! the PostgreSQL server `TEST_POSTGRES_URL` names (`make bench` starts one), percentiles and the
//! process's memory. (Each bench includes this module and uses part of it.)
#![allow(dead_code)]

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
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
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
