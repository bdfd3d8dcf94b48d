use app::db::Backend;

use crate::support::spawn_app;

#[tokio::test]
async fn healthz_answers_ok_as_json() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/healthz", &[]).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["status"], "ok");
}

#[tokio::test]
async fn readyz_reports_the_database_ready_and_migrated_on_every_backend() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        let res = app.get("/readyz", &[]).await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        let json = res.json();
        assert_eq!(json["status"], "ready");
        assert_eq!(json["pending_migrations"], 0);
        assert_eq!(
            json["database"],
            if backend == Backend::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        );
    }
}

#[tokio::test]
async fn readyz_fails_while_healthz_passes_when_the_database_is_gone() {
    for backend in crate::support::backends() {
        let app = spawn_app(backend).await;
        app.db.close().await;
        let ready = app.get("/readyz", &[]).await;
        assert_eq!(ready.status, 503, "{backend:?}");
        assert_eq!(ready.json()["status"], "database_unavailable");
        assert!(
            !ready.body.contains("closed"),
            "no raw driver message in {}",
            ready.body
        );
        assert_eq!(app.get("/healthz", &[]).await.status, 200);
    }
}

#[tokio::test]
async fn every_response_carries_a_fresh_request_id_even_if_the_client_sent_one() {
    let app = spawn_app(Backend::Sqlite).await;
    let a = app.get("/healthz", &[("x-request-id", "forged-id")]).await;
    let b = app.get("/healthz", &[]).await;
    let (a, b) = (a.header("x-request-id"), b.header("x-request-id"));
    assert_eq!(a.len(), 36, "a uuid, not the forged value: {a}");
    assert_ne!(a, b);
}

#[tokio::test]
async fn the_server_stops_gracefully_when_asked() {
    let mut app = spawn_app(Backend::Sqlite).await;
    let server = app.server.take().unwrap();
    let addr = server.local_addr();
    assert_ne!(addr.port(), 0);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(server.serve(async move {
        let _ = rx.await;
    }));
    // It accepts connections while running…
    let stream = tokio::net::TcpStream::connect(addr).await;
    assert!(stream.is_ok());
    drop(stream);
    // …and returns once the shutdown signal fires.
    tx.send(()).unwrap();
    let result = tokio::time::timeout(std::time::Duration::from_secs(10), handle).await;
    assert!(
        matches!(result, Ok(Ok(Ok(())))),
        "serve did not finish cleanly: {result:?}"
    );
}
