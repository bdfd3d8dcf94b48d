//! What the database benchmarks share: a fresh SQLite database in a temporary folder, and a fresh
//! database on the PostgreSQL server `TEST_POSTGRES_URL` names (`make bench` starts one).

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
