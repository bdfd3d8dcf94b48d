//! Kanban over HTTP on both engines: the default boards, adding cards (refused field by field),
//! moves that write one row and keep every column in the order people asked for (many moves,
//! concurrent moves), a lost column asking why, moves audited on the client's timeline, and the
//! record scope (a user never sees or moves another's card).

use app::{on_pool, roles::Role};
use serde_json::Value;

use crate::{
    clients::{create as create_client, joao, staff},
    support::{backends, spawn_app, TestApp},
};

pub(crate) async fn board(app: &TestApp, cookie: &str, slug: &str) -> Value {
    let res = app
        .call(cookie, "/api/kanban_board", &[("slug", slug)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

/// The id of column `name` of board `slug`.
pub(crate) fn column_id(board: &Value, name: &str) -> i64 {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name}"))["id"]
        .as_i64()
        .unwrap()
}

/// The card ids of column `name`, top to bottom.
pub(crate) fn order(board: &Value, name: &str) -> Vec<i64> {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

pub(crate) async fn add(
    app: &TestApp,
    cookie: &str,
    column: i64,
    title: &str,
    client: Option<i64>,
) -> i64 {
    let column = column.to_string();
    let client = client.unwrap_or(0).to_string();
    let pairs = [
        ("board", "vendas"),
        ("card[title]", title),
        ("card[column]", column.as_str()),
        ("card[client]", client.as_str()),
        ("card[value]", "1.500,00"),
    ];
    let res = app.call(cookie, "/api/create_card", &pairs).await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    on_pool!(&app.db, pool => sqlx::query_scalar("SELECT MAX(id) FROM kanban_cards")
        .fetch_one(pool).await)
    .unwrap()
}

pub(crate) async fn move_card(
    app: &TestApp,
    cookie: &str,
    id: i64,
    column: i64,
    after: Option<i64>,
    before: Option<i64>,
) -> crate::support::TestResponse {
    let (id, column) = (id.to_string(), column.to_string());
    let (after, before) = (after.map(|a| a.to_string()), before.map(|b| b.to_string()));
    let mut pairs = vec![("id", id.as_str()), ("to[column]", column.as_str())];
    if let Some(a) = &after {
        pairs.push(("to[after]", a));
    }
    if let Some(b) = &before {
        pairs.push(("to[before]", b));
    }
    app.call(cookie, "/api/move_card", &pairs).await
}

async fn ranks(app: &TestApp) -> Vec<(i64, i64, String)> {
    on_pool!(&app.db, pool => sqlx::query_as(
        "SELECT id, column_id, rank FROM kanban_cards ORDER BY id").fetch_all(pool).await)
    .unwrap()
}

#[tokio::test]
async fn the_four_default_boards_come_with_their_columns_in_order() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let res = app.call(&cookie, "/api/kanban_boards", &[]).await;
        let names: Vec<String> = res
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "Funil de vendas",
                "Renovações",
                "Sinistros",
                "Endossos/Operações"
            ],
            "{backend:?}"
        );
        let sales = board(&app, &cookie, "vendas").await;
        let columns: Vec<(&str, &str)> = sales["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].as_str().unwrap(), c["outcome"].as_str().unwrap()))
            .collect();
        assert_eq!(columns.first(), Some(&("Novo lead", "open")), "{backend:?}");
        assert_eq!(columns[6], ("Ganho", "won"), "{backend:?}");
        assert_eq!(columns[7], ("Perdido", "lost"), "{backend:?}");
        let res = app
            .call(&cookie, "/api/kanban_board", &[("slug", "nada")])
            .await;
        assert_eq!(res.status, 404, "{backend:?}");
    }
}

#[tokio::test]
async fn a_bad_card_is_refused_field_by_field_and_nothing_is_saved() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let claims = board(&app, &cookie, "sinistros").await;
        let other_board = column_id(&claims, "Aviso recebido").to_string();
        let pairs = [
            ("board", "vendas"),
            ("card[title]", "   "),
            ("card[column]", other_board.as_str()),
            ("card[client]", "999999"),
            ("card[value]", "-5,00"),
            ("card[due_on]", "2026-02-30"),
        ];
        let res = app.call(&cookie, "/api/create_card", &pairs).await;
        assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
        let fields = &res.json()["fields"];
        assert_eq!(fields["title"], "value_required", "{backend:?}");
        assert_eq!(fields["column"], "column_invalid", "{backend:?}");
        assert_eq!(fields["client"], "client_invalid", "{backend:?}");
        assert_eq!(fields["value"], "money_negative", "{backend:?}");
        assert_eq!(fields["due_on"], "date_invalid", "{backend:?}");
        assert!(ranks(&app).await.is_empty(), "{backend:?}");
    }
}

#[tokio::test]
async fn every_move_writes_one_row_and_columns_keep_the_asked_order_through_many_moves() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let sales = board(&app, &cookie, "vendas").await;
        let cols = [
            ("Novo lead", column_id(&sales, "Novo lead")),
            ("Em cotação", column_id(&sales, "Em cotação")),
        ];
        // The model: each column's ids, top to bottom.
        let mut model: Vec<Vec<i64>> = vec![Vec::new(), Vec::new()];
        for n in 0..8 {
            model[0].push(add(&app, &cookie, cols[0].1, &format!("Lead {n}"), None).await);
        }
        // A fixed pseudo-random walk (no randomness in tests: a failure must repeat).
        let mut seed: u64 = 0x5eed;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        for step in 0..60 {
            let from = if model[1].is_empty() { 0 } else { next(2) };
            if model[from].is_empty() {
                continue;
            }
            let pick = next(model[from].len());
            let card = model[from].remove(pick);
            let to = next(2);
            let len = model[to].len();
            let at = next(len + 1);
            // Half the moves name the card above, half the card below.
            let (after, before) = if next(2) == 0 {
                (at.checked_sub(1).map(|i| model[to][i]), None)
            } else {
                (None, model[to].get(at).copied())
            };
            let (after, before) = match (after, before, at) {
                // "after nothing" = the top: say it as "before the first".
                (None, None, 0) => (None, model[to].first().copied()),
                other => (other.0, other.1),
            };
            model[to].insert(at, card);
            let others: Vec<_> = ranks(&app)
                .await
                .into_iter()
                .filter(|r| r.0 != card)
                .collect();
            let res = move_card(&app, &cookie, card, cols[to].1, after, before).await;
            assert!(res.status < 400, "{backend:?} step {step}: {}", res.body);
            let after_move: Vec<_> = ranks(&app)
                .await
                .into_iter()
                .filter(|r| r.0 != card)
                .collect();
            assert_eq!(
                others, after_move,
                "{backend:?} step {step}: only the moved card changed"
            );
            let now = board(&app, &cookie, "vendas").await;
            assert_eq!(order(&now, cols[0].0), model[0], "{backend:?} step {step}");
            assert_eq!(order(&now, cols[1].0), model[1], "{backend:?} step {step}");
        }
        assert_eq!(
            app.audit_count("card.move").await,
            60,
            "{backend:?}: every move audited"
        );
    }
}

#[tokio::test]
async fn concurrent_moves_between_the_same_neighbours_keep_every_card_once_in_a_total_order() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let sales = board(&app, &cookie, "vendas").await;
        let (lead, quote) = (
            column_id(&sales, "Novo lead"),
            column_id(&sales, "Em cotação"),
        );
        let top = add(&app, &cookie, quote, "Topo", None).await;
        let bottom = add(&app, &cookie, quote, "Base", None).await;
        let mut movers = Vec::new();
        for n in 0..6 {
            movers.push(add(&app, &cookie, lead, &format!("Lead {n}"), None).await);
        }
        // Everyone drops a card between the same two cards at once.
        let drop = |n: usize| move_card(&app, &cookie, movers[n], quote, Some(top), None);
        let (a, b, c, d, e, f) = tokio::join!(drop(0), drop(1), drop(2), drop(3), drop(4), drop(5));
        for res in [a, b, c, d, e, f] {
            assert!(res.status < 400, "{backend:?}: {}", res.body);
        }
        let column = order(&board(&app, &cookie, "vendas").await, "Em cotação");
        assert_eq!(column.len(), 8, "{backend:?}: {column:?}");
        assert_eq!(column.first(), Some(&top), "{backend:?}");
        assert_eq!(column.last(), Some(&bottom), "{backend:?}");
        let mut seen = column.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 8, "{backend:?}: every card exactly once");
        assert_eq!(
            column,
            order(&board(&app, &cookie, "vendas").await, "Em cotação"),
            "{backend:?}: the order is stable between reads"
        );
    }
}

#[tokio::test]
async fn a_lost_column_asks_why_and_moves_show_on_the_clients_timeline() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let client = create_client(&app, &cookie, &joao()).await;
        let sales = board(&app, &cookie, "vendas").await;
        let (lead, lost) = (column_id(&sales, "Novo lead"), column_id(&sales, "Perdido"));
        let card = add(&app, &cookie, lead, "Seguro auto do João", Some(client)).await;

        let res = move_card(&app, &cookie, card, lost, None, None).await;
        assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
        assert_eq!(
            res.json()["fields"]["lost_reason"],
            "reason_required",
            "{backend:?}"
        );
        let (card_s, lost_s) = (card.to_string(), lost.to_string());
        let pairs = [
            ("id", card_s.as_str()),
            ("to[column]", lost_s.as_str()),
            ("lost_reason", "Preço da concorrência"),
            ("recontact_on", "2027-03-01"),
        ];
        let res = app.call(&cookie, "/api/move_card", &pairs).await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let reason: Option<String> = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT lost_reason FROM kanban_cards WHERE id = $1").bind(card).fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            reason.as_deref(),
            Some("Preço da concorrência"),
            "{backend:?}"
        );

        let res = app
            .call(
                &cookie,
                "/api/client_profile",
                &[("id", &client.to_string())],
            )
            .await;
        let entries = res.json()["timeline"]["entries"].clone();
        let kinds: Vec<&str> = entries
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert!(
            kinds.contains(&"card.create") && kinds.contains(&"card.move"),
            "{backend:?}: {kinds:?}"
        );
        let moved = entries
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "card.move")
            .unwrap();
        assert_eq!(moved["body"], "Seguro auto do João", "{backend:?}");
    }
}

#[tokio::test]
async fn a_user_never_sees_or_moves_another_users_card_and_a_manager_sees_the_teams() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, bia) = staff(&app, "bia@monteiro.com.br", Role::User, Some("Vida")).await;
        let (_, gerente) =
            staff(&app, "gerente@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let sales = board(&app, &ana, "vendas").await;
        let (lead, quote) = (
            column_id(&sales, "Novo lead"),
            column_id(&sales, "Em cotação"),
        );
        let client = create_client(&app, &ana, &joao()).await;
        let with_client = add(&app, &ana, lead, "Com cliente", Some(client)).await;
        let without = add(&app, &ana, lead, "Sem cliente", None).await;

        assert_eq!(
            order(&board(&app, &bia, "vendas").await, "Novo lead"),
            Vec::<i64>::new(),
            "{backend:?}"
        );
        let before = ranks(&app).await;
        for card in [with_client, without] {
            let res = move_card(&app, &bia, card, quote, None, None).await;
            assert_eq!(res.status, 404, "{backend:?}");
        }
        assert_eq!(ranks(&app).await, before, "{backend:?}: nothing moved");
        assert_eq!(
            order(&board(&app, &gerente, "vendas").await, "Novo lead"),
            [with_client, without],
            "{backend:?}: the team's manager sees both"
        );
        let res = move_card(&app, &gerente, without, quote, None, None).await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
    }
}

#[tokio::test]
async fn a_claim_waiting_for_the_indemnity_over_30_days_is_flagged_on_the_board() {
    use std::sync::Arc;
    for backend in backends() {
        let clock = Arc::new(app::clock::ManualClock::new());
        clock.set(time::macros::datetime!(2026-10-01 15:00 UTC));
        let app = crate::support::spawn_app_with_clock(backend, clock.clone()).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let claims = board(&app, &cookie, "sinistros").await;
        let waiting = column_id(&claims, "Aguardando indenização").to_string();
        let pairs = [
            ("board", "sinistros"),
            ("card[title]", "Colisão traseira"),
            ("card[column]", waiting.as_str()),
        ];
        let res = app.call(&cookie, "/api/create_card", &pairs).await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let flag = "Passou do prazo da coluna (30 dias)";
        // The page's text, without the markers (`<!>`, comments) hydration puts between pieces.
        let text = |html: &str| {
            let mut out = String::new();
            let mut rest = html;
            while let Some(at) = rest.find("<!--") {
                out.push_str(&rest[..at]);
                rest = rest[at..]
                    .find("-->")
                    .map_or("", |end| &rest[at + end + 3..]);
            }
            out.push_str(rest);
            out.replace("<!>", "")
        };

        // A month later the session has ended: sign in again.
        clock.set(time::macros::datetime!(2026-10-31 15:00 UTC));
        let cookie = app
            .login("ana@monteiro.com.br", crate::clients::PASSWORD)
            .await;
        let page = text(&app.get_as(&cookie, "/kanban/sinistros").await.body);
        assert!(page.contains("30 dias na coluna"), "{backend:?}");
        assert!(
            !page.contains(flag),
            "{backend:?}: day 30 is within the limit"
        );

        clock.set(time::macros::datetime!(2026-11-01 15:00 UTC));
        let cookie = app
            .login("ana@monteiro.com.br", crate::clients::PASSWORD)
            .await;
        let page = text(&app.get_as(&cookie, "/kanban/sinistros").await.body);
        assert!(page.contains(flag), "{backend:?}: day 31 is past it");
    }
}
