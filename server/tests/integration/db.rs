use app::db::{Backend, Db};

use crate::support::{backends, fresh_database_url};

#[tokio::test]
async fn migrations_apply_once_and_leave_nothing_pending_on_every_backend() {
    for backend in backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&fresh_database_url(backend, dir.path()).await)
            .await
            .unwrap();
        assert!(
            db.pending_migrations().await.unwrap() > 0,
            "{backend:?}: a new database has pending migrations"
        );
        db.migrate().await.unwrap();
        db.migrate().await.unwrap();
        assert_eq!(db.pending_migrations().await.unwrap(), 0, "{backend:?}");
        assert_eq!(db.backend(), backend);
    }
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys_normal_sync_and_a_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&fresh_database_url(Backend::Sqlite, dir.path()).await)
        .await
        .unwrap();
    let Db::Sqlite(pool) = &db else {
        unreachable!()
    };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(pool)
        .await
        .unwrap();
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
    assert_eq!(sync, 1, "NORMAL");
    assert_eq!(busy, 5000);
}

#[tokio::test]
async fn sqlite_creates_the_folder_of_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}/nested/deeper/crm.db?mode=rwc",
        dir.path().display()
    );
    Db::connect(&url).await.unwrap().migrate().await.unwrap();
    assert!(dir.path().join("nested/deeper/crm.db").exists());
}
