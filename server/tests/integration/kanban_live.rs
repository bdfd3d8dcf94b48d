//! The live board over HTTP on both engines: the server-sent stream of `/kanban/{slug}/eventos`
//! delivers every change to the viewers who may see the card and to no one else, resumes after
//! `Last-Event-ID` without a gap, announces deletions (after which a move answers 404), and lets
//! only the responsible person (or a manager/admin) delete a card.

use std::time::Duration;

use app::roles::Role;
use axum::body::Body;
use http::Request;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::{
    clients::{create as create_client, joao, staff},
    kanban::{add, board, column_id, move_card},
    support::{backends, spawn_app, TestApp},
};

/// One event as the browser's EventSource would see it.
#[derive(Debug)]
pub(crate) struct Sse {
    pub name: String,
    pub id: String,
    pub data: Value,
}

/// An open board stream.
pub(crate) struct Stream {
    body: Body,
    buffer: String,
}

impl Stream {
    pub async fn open(app: &TestApp, cookie: &str, slug: &str, last: Option<&str>) -> Self {
        let mut req = Request::get(format!("/kanban/{slug}/eventos")).header("cookie", cookie);
        if let Some(last) = last {
            req = req.header("last-event-id", last);
        }
        let res = app
            .router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        Self {
            body: res.into_body(),
            buffer: String::new(),
        }
    }

    /// The next event (keep-alive comments skipped); fails after five seconds.
    pub async fn next(&mut self) -> Sse {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = Sse {
                    name: String::new(),
                    id: String::new(),
                    data: Value::Null,
                };
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event.name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("id:") {
                        event.id = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        event.data = serde_json::from_str(v.trim()).unwrap();
                    }
                }
                if !event.name.is_empty() {
                    return event;
                }
                continue;
            }
            let frame = tokio::time::timeout(Duration::from_secs(5), self.body.frame())
                .await
                .expect("an event within five seconds")
                .expect("the stream stays open")
                .unwrap();
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
    }
}

#[tokio::test]
async fn a_change_reaches_every_viewer_who_may_see_the_card_and_no_one_else() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, bia) = staff(&app, "bia@monteiro.com.br", Role::User, None).await;
        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let sales = board(&app, &ana, "vendas").await;
        let (lead, quote) = (
            column_id(&sales, "Novo lead"),
            column_id(&sales, "Em cotação"),
        );
        let mut admin_stream = Stream::open(&app, &admin, "vendas", None).await;
        let mut bia_stream = Stream::open(&app, &bia, "vendas", None).await;

        let card = add(&app, &ana, lead, "Frota da padaria", None).await;
        let res = move_card(&app, &ana, card, quote, None, None).await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);

        let added = admin_stream.next().await;
        assert_eq!(
            (added.name.as_str(), added.data["id"].as_i64()),
            ("card", Some(card))
        );
        assert_eq!(added.data["column_id"].as_i64(), Some(lead), "{backend:?}");
        assert_eq!(added.data["title"], "Frota da padaria", "{backend:?}");
        let moved = admin_stream.next().await;
        assert_eq!(moved.data["column_id"].as_i64(), Some(quote), "{backend:?}");
        assert!(moved.id > added.id, "{backend:?}: ids grow");

        // Bia's stream skipped Ana's card: its next event is Bia's own.
        let own = add(&app, &bia, lead, "Vida da Bia", None).await;
        let first = bia_stream.next().await;
        assert_eq!(first.data["id"].as_i64(), Some(own), "{backend:?}");
        assert_eq!(admin_stream.next().await.data["id"].as_i64(), Some(own));
    }
}

#[tokio::test]
async fn a_stream_resumed_with_last_event_id_receives_exactly_what_it_missed() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let sales = board(&app, &ana, "vendas").await;
        let (lead, quote) = (
            column_id(&sales, "Novo lead"),
            column_id(&sales, "Em cotação"),
        );
        let mut stream = Stream::open(&app, &ana, "vendas", None).await;
        let first = add(&app, &ana, lead, "Primeiro", None).await;
        let seen = stream.next().await;
        drop(stream);

        let second = add(&app, &ana, lead, "Segundo", None).await;
        move_card(&app, &ana, first, quote, None, None).await;
        let mut resumed = Stream::open(&app, &ana, "vendas", Some(&seen.id)).await;
        let a = resumed.next().await;
        let b = resumed.next().await;
        assert_eq!(a.data["id"].as_i64(), Some(second), "{backend:?}");
        assert_eq!(
            (b.data["id"].as_i64(), b.data["column_id"].as_i64()),
            (Some(first), Some(quote)),
            "{backend:?}"
        );

        // An id from before a restart (another epoch) cannot be resumed: reload.
        let mut stale = Stream::open(&app, &ana, "vendas", Some("1.1")).await;
        assert_eq!(stale.next().await.name, "reload", "{backend:?}");
        // The board page starts its stream where its render stood.
        let live = board(&app, &ana, "vendas").await["live"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(live, b.id, "{backend:?}");
    }
}

#[tokio::test]
async fn a_stream_needs_a_session_and_an_existing_board() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let res = app.get("/kanban/vendas/eventos", &[]).await;
        assert_eq!(res.status, 401, "{backend:?}");
        let res = app.get_as(&ana, "/kanban/nada/eventos").await;
        assert_eq!(res.status, 404, "{backend:?}");
    }
}

#[tokio::test]
async fn a_deleted_card_is_announced_and_then_refuses_moves_and_only_its_people_may_delete_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let client = create_client(&app, &ana, &joao()).await;
        let sales = board(&app, &ana, "vendas").await;
        let (lead, quote) = (
            column_id(&sales, "Novo lead"),
            column_id(&sales, "Em cotação"),
        );
        // The admin's card about Ana's client: Ana sees it but may not delete it.
        let theirs = add(&app, &admin, lead, "Cotação do João", Some(client)).await;
        let res = app
            .call(&ana, "/api/delete_card", &[("id", &theirs.to_string())])
            .await;
        assert_eq!(res.status, 403, "{backend:?}: {}", res.body);

        let mine = add(&app, &ana, lead, "Meu cartão", Some(client)).await;
        let mut stream = Stream::open(&app, &admin, "vendas", None).await;
        let res = app
            .call(&ana, "/api/delete_card", &[("id", &mine.to_string())])
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let removed = stream.next().await;
        assert_eq!(removed.name, "removed", "{backend:?}");
        assert_eq!(removed.data["id"].as_i64(), Some(mine), "{backend:?}");
        assert_eq!(app.audit_count("card.delete").await, 1, "{backend:?}");

        let res = move_card(&app, &admin, mine, quote, None, None).await;
        assert_eq!(res.status, 404, "{backend:?}: {}", res.body);
        let res = app
            .call(&admin, "/api/delete_card", &[("id", &theirs.to_string())])
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
    }
}

#[tokio::test]
async fn a_card_is_edited_from_its_page_with_its_history_and_viewers_see_it_live() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (ana_id, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (bia_id, _) = staff(&app, "bia@monteiro.com.br", Role::User, None).await;
        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let sales = board(&app, &ana, "vendas").await;
        let card = add(&app, &ana, column_id(&sales, "Novo lead"), "Frota", None).await;
        let mut stream = Stream::open(&app, &admin, "vendas", None).await;
        let id = card.to_string();
        let edit = |owner: i64, labels: &'static str, value: &'static str| {
            vec![
                ("id", id.clone()),
                ("card[title]", "Frota da padaria".to_owned()),
                ("card[value]", value.to_owned()),
                ("card[due_on]", "2026-12-15".to_owned()),
                ("card[labels]", labels.to_owned()),
                ("card[description]", "Três vans e um caminhão".to_owned()),
                ("card[owner]", owner.to_string()),
            ]
        };
        let call = |pairs: Vec<(&'static str, String)>| {
            let app = &app;
            let ana = ana.clone();
            async move {
                let pairs: Vec<(&str, &str)> =
                    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call(&ana, "/api/update_card", &pairs).await
            }
        };
        // A user cannot hand the card to a colleague; a bad value is refused; nothing changes.
        let res = call(edit(bia_id, "urgente", "abc")).await;
        assert_eq!(res.status, 400, "{backend:?}");
        assert_eq!(
            res.json()["fields"]["owner"],
            "owner_invalid",
            "{backend:?}"
        );
        assert_eq!(
            res.json()["fields"]["value"],
            "money_invalid",
            "{backend:?}"
        );
        assert_eq!(app.audit_count("card.update").await, 0, "{backend:?}");

        let res = call(edit(ana_id, "urgente, Indicação, URGENTE", "3.200,00")).await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let seen = stream.next().await;
        assert_eq!(seen.data["title"], "Frota da padaria", "{backend:?}");
        assert_eq!(
            seen.data["labels"],
            serde_json::json!(["urgente", "Indicação"]),
            "{backend:?}"
        );
        assert_eq!(seen.data["value"].as_i64(), Some(320_000), "{backend:?}");

        let page = app
            .call(&ana, "/api/kanban_card", &[("id", &id)])
            .await
            .json();
        assert_eq!(
            page["description"], "Três vans e um caminhão",
            "{backend:?}"
        );
        let update = &page["history"][0];
        assert_eq!(update["kind"], "card.update", "{backend:?}");
        let fields: Vec<&str> = update["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c[0].as_str().unwrap())
            .collect();
        for field in ["title", "value", "due_on", "description", "labels"] {
            assert!(
                fields.contains(&field),
                "{backend:?}: {field} in {fields:?}"
            );
        }
    }
}
