//! A card's checklist and comments over HTTP on both engines: items keep their order, tick and
//! untick once each (audited, counted on the board, announced live), a blank or 101st item is
//! refused with nothing saved; comments come oldest first, are deleted only by their author or
//! a manager/admin, and nobody outside the card's scope reads or touches either.

use app::{on_pool, roles::Role};
use serde_json::Value;

use crate::{
    clients::{create as create_client, joao, staff},
    kanban::{add, board, column_id},
    kanban_live::Stream,
    support::{backends, spawn_app, TestApp},
};

/// Card `card`'s checklist and comments as `cookie` sees them (or the refusal's status).
async fn work(app: &TestApp, cookie: &str, card: i64) -> Result<Value, u16> {
    let res = app
        .call(
            cookie,
            "/api/kanban_card_work",
            &[("card", &card.to_string())],
        )
        .await;
    if res.status == 200 {
        Ok(res.json())
    } else {
        Err(res.status)
    }
}

fn texts(work: &Value, list: &str, field: &str) -> Vec<String> {
    work[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[field].as_str().unwrap().to_owned())
        .collect()
}

fn ids(work: &Value, list: &str) -> Vec<i64> {
    work[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

/// The card `id` as its board shows it to `cookie`.
async fn on_board(app: &TestApp, cookie: &str, id: i64) -> Value {
    board(app, cookie, "vendas").await["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap().clone())
        .find(|c| c["id"].as_i64() == Some(id))
        .unwrap_or_else(|| panic!("card {id} not on the board"))
}

async fn post(app: &TestApp, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> Value {
    let res = app.call(cookie, path, pairs).await;
    assert_eq!(res.status, 200, "{path}: {}", res.body);
    res.json()
}

#[tokio::test]
async fn checklist_items_keep_their_order_tick_once_and_show_as_done_of_total_on_the_board() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let lead = column_id(&board(&app, &ana, "vendas").await, "Novo lead");
        let card = add(&app, &ana, lead, "Seguro auto da Ana", None).await;
        let card_text = card.to_string();
        for text in ["Pedir CNH", "  Enviar cotação  ", "Transmitir proposta"] {
            let pairs = [("card", card_text.as_str()), ("text", text)];
            post(&app, &ana, "/api/add_checklist_item", &pairs).await;
        }
        let now = work(&app, &ana, card).await.unwrap();
        assert_eq!(
            texts(&now, "checklist", "text"),
            ["Pedir CNH", "Enviar cotação", "Transmitir proposta"],
            "{backend:?}: in the order added, trimmed"
        );
        let items = ids(&now, "checklist");
        let second = items[1].to_string();
        for _ in 0..2 {
            let pairs = [("id", second.as_str()), ("done", "true")];
            let answer = post(&app, &ana, "/api/check_checklist_item", &pairs).await;
            assert!(!answer["checklist"][1]["done_at"].is_null(), "{backend:?}");
            assert_eq!(answer["checklist"][1]["done_by"], "Pessoa de Teste");
        }
        assert_eq!(
            app.audit_count("card.checklist_check").await,
            1,
            "{backend:?}: ticking a ticked item changes nothing"
        );
        let shown = on_board(&app, &ana, card).await;
        assert_eq!(
            (
                shown["checklist_done"].as_i64(),
                shown["checklist_total"].as_i64()
            ),
            (Some(1), Some(3)),
            "{backend:?}"
        );
        let pairs = [("id", second.as_str()), ("done", "false")];
        let answer = post(&app, &ana, "/api/check_checklist_item", &pairs).await;
        assert!(answer["checklist"][1]["done_at"].is_null(), "{backend:?}");
        let first = items[0].to_string();
        let answer = post(&app, &ana, "/api/delete_checklist_item", &[("id", &first)]).await;
        assert_eq!(
            texts(&answer, "checklist", "text"),
            ["Enviar cotação", "Transmitir proposta"]
        );
        let history = app
            .call(&ana, "/api/kanban_card", &[("id", &card_text)])
            .await
            .json()["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>();
        assert_eq!(
            history[..3],
            [
                "card.checklist_remove",
                "card.checklist_uncheck",
                "card.checklist_check"
            ],
            "{backend:?}: the card's history, newest first"
        );
    }
}

#[tokio::test]
async fn a_blank_long_or_hundred_and_first_checklist_item_is_refused_and_nothing_is_saved() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let lead = column_id(&board(&app, &ana, "vendas").await, "Novo lead");
        let card = add(&app, &ana, lead, "Seguro auto da Ana", None).await;
        let card_text = card.to_string();
        let long = "x".repeat(301);
        for (text, key) in [("   ", "value_required"), (long.as_str(), "text_too_long")] {
            let pairs = [("card", card_text.as_str()), ("text", text)];
            let res = app.call(&ana, "/api/add_checklist_item", &pairs).await;
            assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
            assert_eq!(res.json()["fields"]["item"], key, "{backend:?}");
        }
        let now = time::OffsetDateTime::now_utc();
        for n in 0..100 {
            on_pool!(&app.db, pool => sqlx::query("INSERT INTO kanban_checklist_items \
                (card_id, position, text, created_at) VALUES ($1, $2, $3, $4)")
                .bind(card).bind(n as i64).bind(format!("passo {n}")).bind(now)
                .execute(pool).await.map(|_| ()))
            .unwrap();
        }
        let pairs = [("card", card_text.as_str()), ("text", "Mais um")];
        let res = app.call(&ana, "/api/add_checklist_item", &pairs).await;
        assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
        assert_eq!(res.json()["fields"]["item"], "checklist_full");
        assert_eq!(
            work(&app, &ana, card).await.unwrap()["checklist"]
                .as_array()
                .unwrap()
                .len(),
            100,
            "{backend:?}"
        );
        assert_eq!(app.audit_count("card.checklist_add").await, 0);
    }
}

#[tokio::test]
async fn comments_come_oldest_first_and_only_their_author_or_a_manager_deletes_one() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, bia) = staff(&app, "bia@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, gerente) =
            staff(&app, "gerente@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let lead = column_id(&board(&app, &ana, "vendas").await, "Novo lead");
        let client = create_client(&app, &ana, &joao()).await;
        let card = add(&app, &ana, lead, "Seguro auto do João", Some(client)).await;
        let card_text = card.to_string();
        let comment = |body: &'static str| [("card", card_text.clone()), ("body", body.into())];
        for (who, body) in [
            (&ana, "Cliente pediu para ligar depois das 18h"),
            (&gerente, "Ofereça o desconto de renovação"),
        ] {
            let pairs = comment(body);
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(&app, who, "/api/add_card_comment", &pairs).await;
        }
        let seen = work(&app, &ana, card).await.unwrap();
        assert_eq!(
            texts(&seen, "comments", "body"),
            [
                "Cliente pediu para ligar depois das 18h",
                "Ofereça o desconto de renovação"
            ],
            "{backend:?}"
        );
        let may: Vec<bool> = seen["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["may_delete"].as_bool().unwrap())
            .collect();
        assert_eq!(may, [true, false], "{backend:?}: Ana deletes only her own");
        let (own, managers) = {
            let ids = ids(&seen, "comments");
            (ids[0].to_string(), ids[1].to_string())
        };
        assert_eq!(on_board(&app, &ana, card).await["comments"], 2);

        // Bia does not see the card: no reading, no commenting, no deleting.
        assert_eq!(work(&app, &bia, card).await, Err(404), "{backend:?}");
        let pairs = [("card", card_text.as_str()), ("body", "intrusa")];
        let res = app.call(&bia, "/api/add_card_comment", &pairs).await;
        assert_eq!(res.status, 404, "{backend:?}");
        let res = app
            .call(&bia, "/api/delete_card_comment", &[("id", &own)])
            .await;
        assert_eq!(res.status, 404, "{backend:?}");
        // Ana may not delete the manager's comment; the manager may delete hers.
        let res = app
            .call(&ana, "/api/delete_card_comment", &[("id", &managers)])
            .await;
        assert_eq!(res.status, 403, "{backend:?}");
        let answer = post(&app, &gerente, "/api/delete_card_comment", &[("id", &own)]).await;
        assert_eq!(
            texts(&answer, "comments", "body"),
            ["Ofereça o desconto de renovação"]
        );
        let blank = [("card", card_text.as_str()), ("body", " \n ")];
        let res = app.call(&ana, "/api/add_card_comment", &blank).await;
        assert_eq!(res.status, 400, "{backend:?}");
        assert_eq!(res.json()["fields"]["body"], "value_required");
        assert_eq!(app.audit_count("card.comment").await, 2);
        assert_eq!(app.audit_count("card.comment_delete").await, 1);
        // The comment shows on the client's timeline, as an event of the card.
        let timeline = app
            .call(&ana, "/api/client_profile", &[("id", &client.to_string())])
            .await
            .json();
        let kinds: Vec<&str> = timeline["timeline"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"card.comment"), "{backend:?}: {kinds:?}");
    }
}

#[tokio::test]
async fn a_colleague_watching_the_board_receives_the_card_with_its_new_counts() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, gerente) =
            staff(&app, "gerente@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let lead = column_id(&board(&app, &ana, "vendas").await, "Novo lead");
        let card = add(&app, &ana, lead, "Frota da padaria", None).await;
        let mut stream = Stream::open(&app, &gerente, "vendas", None).await;
        let card_text = card.to_string();
        let pairs = [("card", card_text.as_str()), ("text", "Pedir CRLV")];
        post(&app, &ana, "/api/add_checklist_item", &pairs).await;
        let pairs = [("card", card_text.as_str()), ("body", "Visitei hoje")];
        post(&app, &ana, "/api/add_card_comment", &pairs).await;
        let first = stream.next().await;
        assert_eq!(first.name, "card", "{backend:?}");
        assert_eq!(first.data["id"].as_i64(), Some(card));
        assert_eq!(first.data["checklist_total"], 1, "{backend:?}");
        let second = stream.next().await;
        assert_eq!(second.data["comments"], 1, "{backend:?}");
    }
}

#[tokio::test]
async fn a_policy_created_from_a_won_cards_offer_is_tied_to_that_card_only_and_brings_its_commission(
) {
    use crate::policies::{auto, create as create_policy, refs, with};
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let lead = column_id(&board(&app, &ana, "vendas").await, "Ganho");
        let client = create_client(&app, &ana, &joao()).await;
        let won = add(&app, &ana, lead, "Seguro auto do João", Some(client)).await;
        let unrelated = add(&app, &ana, lead, "Sem cliente", None).await;
        let (insurer, _, line) = refs(&app).await;
        let form = auto(&client.to_string(), &insurer, &line);

        let policy = create_policy(&app, &ana, &with(&form, &[("card", &won.to_string())])).await;
        let tied = on_board(&app, &ana, won).await;
        assert_eq!(tied["policy_id"].as_i64(), Some(policy), "{backend:?}");
        // Its policy's commission (20% of R$ 2.000,00) now counts in the column's header.
        assert_eq!(tied["commission"].as_i64(), Some(40_000), "{backend:?}");
        let changes: String = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT changes FROM audit_log WHERE action = 'card.update' AND entity_id = $1")
            .bind(won.to_string()).fetch_one(pool).await)
        .unwrap();
        assert!(changes.contains("05.0531.123456"), "{backend:?}: {changes}");

        // A second policy does not take the card over; a card of no client is never tied.
        let again = with(
            &form,
            &[
                ("card", &won.to_string()),
                ("policy[policy_number]", "05.0531.999999"),
            ],
        );
        create_policy(&app, &ana, &again).await;
        assert_eq!(
            on_board(&app, &ana, won).await["policy_id"].as_i64(),
            Some(policy)
        );
        let other = with(
            &form,
            &[
                ("card", &unrelated.to_string()),
                ("policy[policy_number]", "05.0531.777777"),
            ],
        );
        create_policy(&app, &ana, &other).await;
        assert!(
            on_board(&app, &ana, unrelated).await["policy_id"].is_null(),
            "{backend:?}"
        );
    }
}
