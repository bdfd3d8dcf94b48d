//! The live streams' limits on both engines (SECURITY.md §40): one staff member holds at most
//! `LIVE_STREAMS_PER_USER` at once (the next gets 429 in Portuguese; a closed one frees its
//! place), and an open stream ends within `LIVE_RECHECK_SECS` once an admin disables its user.

use std::time::Duration;

use app::roles::Role;
use axum::body::Body;
use http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::{backends, spawn_app_with, TestApp};

const PASSWORD: &str = "uma senha bem longa";

/// Opens the WhatsApp inbox's stream as `cookie`: (status, the body to keep open).
async fn open(app: &TestApp, cookie: &str) -> (u16, Body) {
    let req = Request::get("/whatsapp/eventos")
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    (res.status().as_u16(), res.into_body())
}

#[tokio::test]
async fn a_sixth_stream_for_one_person_is_refused_until_one_of_theirs_closes() {
    for backend in backends() {
        let app = spawn_app_with(backend, &[]).await;
        app.create_user("ana@monteiro.test", PASSWORD, Role::User)
            .await;
        app.create_user("bia@monteiro.test", PASSWORD, Role::User)
            .await;
        let ana = app.login("ana@monteiro.test", PASSWORD).await;
        let bia = app.login("bia@monteiro.test", PASSWORD).await;
        let mut held = Vec::new();
        for n in 0..5 {
            let (status, body) = open(&app, &ana).await;
            assert_eq!(status, 200, "{backend:?}: stream {n}");
            held.push(body);
        }
        let (status, body) = open(&app, &ana).await;
        assert_eq!(status, 429, "{backend:?}");
        let text = body.collect().await.unwrap().to_bytes();
        assert!(
            String::from_utf8_lossy(&text).contains("Muitas abas"),
            "{text:?}"
        );
        let (status, _bias) = open(&app, &bia).await;
        assert_eq!(status, 200, "{backend:?}: another person is counted apart");
        let board = Request::get("/kanban/vendas/eventos")
            .header("cookie", &ana)
            .body(Body::empty())
            .unwrap();
        let res = app.router.clone().oneshot(board).await.unwrap();
        assert_eq!(res.status(), 429, "{backend:?}: board streams count too");

        drop(held.pop());
        let (status, _again) = open(&app, &ana).await;
        assert_eq!(status, 200, "{backend:?}: a closed stream frees its place");
    }
}

#[tokio::test]
async fn an_open_stream_ends_within_the_recheck_once_an_admin_disables_its_user() {
    for backend in backends() {
        let app = spawn_app_with(backend, &[("LIVE_RECHECK_SECS", "1")]).await;
        let ana_id = app
            .create_user("ana@monteiro.test", PASSWORD, Role::User)
            .await;
        app.create_user("chefe@monteiro.test", PASSWORD, Role::Admin)
            .await;
        let ana = app.login("ana@monteiro.test", PASSWORD).await;
        let admin = app.login("chefe@monteiro.test", PASSWORD).await;
        let (status, mut body) = open(&app, &ana).await;
        assert_eq!(status, 200);
        let res = app
            .call(
                &admin,
                "/api/update_user",
                &[
                    ("id", &ana_id.to_string()),
                    ("name", "Pessoa de Teste"),
                    ("role", "user"),
                    ("team_id", ""),
                    ("locale", "pt-BR"),
                ],
            )
            .await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        // Keep-alive comments may come first; the stream must end within a few rechecks.
        let ended = tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(frame) = body.frame().await {
                if frame.is_err() {
                    break;
                }
            }
        })
        .await;
        assert!(ended.is_ok(), "{backend:?}: the stream is still open");
        let (status, _) = open(&app, &ana).await;
        assert_eq!(status, 401, "{backend:?}: and cannot be opened again");
    }
}
