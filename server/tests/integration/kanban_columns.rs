//! Column administration over HTTP on both engines: managers and admins add, change, reorder
//! and delete columns (users get 403 and nothing changes); deleting a column with cards moves
//! them, in order, to the chosen column; a board keeps an open column; names are unique per
//! board; the WIP limit shows as exceeded on the board; open boards are told to reload.

use app::{on_pool, roles::Role};
use serde_json::Value;

use crate::{
    clients::staff,
    kanban::{add, board, column_id, order},
    support::{backends, spawn_app, TestApp},
};

async fn save(
    app: &TestApp,
    cookie: &str,
    id: i64,
    fields: &[(&str, &str)],
) -> crate::support::TestResponse {
    let id = id.to_string();
    let mut pairs = vec![("board", "vendas"), ("id", id.as_str())];
    pairs.extend_from_slice(fields);
    app.call(cookie, "/api/save_column", &pairs).await
}

fn names(board: &Value) -> Vec<String> {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_manager_adds_changes_and_reorders_columns_and_a_user_may_not() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, user) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, manager) = staff(&app, "gil@monteiro.com.br", Role::Manager, Some("Vendas")).await;
        let before = app.table_counts().await;
        let res = save(&app, &user, 0, &[("column[name]", "Vistoria")]).await;
        assert_eq!(res.status, 403, "{backend:?}");
        let res = app
            .call(&user, "/api/kanban_columns", &[("slug", "vendas")])
            .await;
        assert_eq!(res.status, 403, "{backend:?}");
        let after_denials: Vec<_> = app
            .table_counts()
            .await
            .into_iter()
            .filter(|(t, _)| t != "audit_log")
            .collect();
        let before: Vec<_> = before
            .into_iter()
            .filter(|(t, _)| t != "audit_log")
            .collect();
        assert_eq!(
            after_denials, before,
            "{backend:?}: a denied change writes nothing"
        );

        let res = save(
            &app,
            &manager,
            0,
            &[
                ("column[name]", "Vistoria"),
                ("column[outcome]", "open"),
                ("column[color]", "#6f42c1"),
                ("column[wip_limit]", "3"),
                ("column[sla_days]", "2"),
            ],
        )
        .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let sales = board(&app, &manager, "vendas").await;
        assert_eq!(
            names(&sales).last().map(String::as_str),
            Some("Vistoria"),
            "{backend:?}"
        );
        let vistoria = column_id(&sales, "Vistoria");
        let column = &sales["columns"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            (
                column["color"].as_str(),
                column["wip_limit"].as_i64(),
                column["sla_days"].as_i64()
            ),
            (Some("#6f42c1"), Some(3), Some(2)),
            "{backend:?}"
        );

        // Renamed; a name another column has, or bad limits, are refused field by field.
        let res = save(
            &app,
            &manager,
            vistoria,
            &[("column[name]", "em cotação"), ("column[wip_limit]", "0")],
        )
        .await;
        assert_eq!(res.status, 400, "{backend:?}");
        assert_eq!(
            res.json()["fields"]["name"],
            "column_name_taken",
            "{backend:?}"
        );
        assert_eq!(
            res.json()["fields"]["wip_limit"],
            "count_invalid",
            "{backend:?}"
        );
        let res = save(
            &app,
            &manager,
            vistoria,
            &[("column[name]", "Vistoria prévia")],
        )
        .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);

        let id = vistoria.to_string();
        let res = app
            .call(
                &manager,
                "/api/shift_column",
                &[("id", &id), ("step", "-1")],
            )
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let order = names(&board(&app, &manager, "vendas").await);
        let at = order.iter().position(|n| n == "Vistoria prévia").unwrap();
        assert_eq!(at, order.len() - 2, "{backend:?}: {order:?}");
        assert_eq!(order[at + 1], "Perdido", "{backend:?}");
        assert_eq!(app.audit_count("column.create").await, 1, "{backend:?}");
        assert_eq!(app.audit_count("column.update").await, 1, "{backend:?}");
        assert_eq!(app.audit_count("column.reorder").await, 1, "{backend:?}");
    }
}

#[tokio::test]
async fn deleting_a_column_moves_its_cards_in_order_to_the_chosen_column() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let sales = board(&app, &admin, "vendas").await;
        let (quote, sent, lost) = (
            column_id(&sales, "Em cotação"),
            column_id(&sales, "Proposta enviada"),
            column_id(&sales, "Perdido"),
        );
        let waiting = add(&app, &admin, sent, "Já estava lá", None).await;
        let mut moved = Vec::new();
        for n in 0..4 {
            moved.push(add(&app, &admin, quote, &format!("Cotação {n}"), None).await);
        }
        let id = quote.to_string();
        let res = app.call(&admin, "/api/delete_column", &[("id", &id)]).await;
        assert_eq!(res.status, 400, "{backend:?}");
        assert_eq!(
            res.json()["fields"]["to"],
            "column_target_required",
            "{backend:?}"
        );
        let res = app
            .call(
                &admin,
                "/api/delete_column",
                &[("id", &id), ("to", &lost.to_string())],
            )
            .await;
        assert_eq!(
            res.json()["fields"]["to"],
            "column_target_lost",
            "{backend:?}"
        );
        let claims = board(&app, &admin, "sinistros").await;
        let elsewhere = column_id(&claims, "Aviso recebido").to_string();
        let res = app
            .call(
                &admin,
                "/api/delete_column",
                &[("id", &id), ("to", &elsewhere)],
            )
            .await;
        assert_eq!(res.json()["fields"]["to"], "column_invalid", "{backend:?}");

        let res = app
            .call(
                &admin,
                "/api/delete_column",
                &[("id", &id), ("to", &sent.to_string())],
            )
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let sales = board(&app, &admin, "vendas").await;
        assert!(
            !names(&sales).contains(&"Em cotação".to_owned()),
            "{backend:?}"
        );
        let mut expected = vec![waiting];
        expected.extend(&moved);
        assert_eq!(order(&sales, "Proposta enviada"), expected, "{backend:?}");
        assert_eq!(app.audit_count("card.move").await, 4, "{backend:?}");
        assert_eq!(app.audit_count("column.delete").await, 1, "{backend:?}");
    }
}

#[tokio::test]
async fn a_board_keeps_one_open_column_for_new_cards() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let claims = board(&app, &admin, "sinistros").await;
        let open: Vec<i64> = claims["columns"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["outcome"] == "open")
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        let (last, others) = open.split_last().unwrap();
        let done = column_id(&claims, "Indenizado").to_string();
        for id in others {
            let res = app
                .call(
                    &admin,
                    "/api/delete_column",
                    &[("id", &id.to_string()), ("to", &done)],
                )
                .await;
            assert!(res.status < 400, "{backend:?}: {}", res.body);
        }
        let res = app
            .call(
                &admin,
                "/api/delete_column",
                &[("id", &last.to_string()), ("to", &done)],
            )
            .await;
        assert_eq!(
            res.json()["fields"]["to"],
            "column_last_open",
            "{backend:?}"
        );
        let pairs = [
            ("board", "sinistros"),
            ("id", &last.to_string()),
            ("column[name]", "Única"),
            ("column[outcome]", "done"),
        ];
        let res = app.call(&admin, "/api/save_column", &pairs).await;
        assert_eq!(
            res.json()["fields"]["outcome"],
            "column_last_open",
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_column_over_its_wip_limit_says_so_on_the_board() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let sales = board(&app, &admin, "vendas").await;
        let lead = column_id(&sales, "Novo lead");
        let res = save(
            &app,
            &admin,
            lead,
            &[("column[name]", "Novo lead"), ("column[wip_limit]", "2")],
        )
        .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        for n in 0..2 {
            add(&app, &admin, lead, &format!("Lead {n}"), None).await;
        }
        let page = app.get_as(&admin, "/kanban/vendas").await;
        assert!(page.body.contains("limite"), "{backend:?}");
        assert!(
            !page.body.contains("(excedido)"),
            "{backend:?}: at the limit is not over it"
        );
        add(&app, &admin, lead, "Lead 2", None).await;
        let page = app.get_as(&admin, "/kanban/vendas").await;
        assert!(page.body.contains("(excedido)"), "{backend:?}");
        let count: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM kanban_cards WHERE column_id = $1").bind(lead).fetch_one(pool).await)
        .unwrap();
        assert_eq!(count, 3, "{backend:?}");
    }
}
