//! A lead's conversation, on both engines: staff find the client among their own and link it
//! (the conversation then carries the client's name and follows the client's owner), unlink a
//! wrong one, and open the conversation's Kanban card — created once, on the sales board, about
//! the client.

use app::roles::Role;

use crate::{
    clients::{create, joao, staff},
    support::{backends, TestApp, TestResponse},
    whatsapp_inbox::{spawn, writes},
    whatsapp_webhook::{count, one_text},
};

/// A number no client has.
const LEAD: &str = "5521998765432";

async fn link(app: &TestApp, cookie: &str, id: i64, client: &str) -> TestResponse {
    app.call(
        cookie,
        "/api/link_whatsapp",
        &[("id", &id.to_string()), ("client", client)],
    )
    .await
}

async fn chat(app: &TestApp, cookie: &str, id: i64, search: &str) -> serde_json::Value {
    let res = app
        .call(
            cookie,
            "/api/whatsapp_chat",
            &[("id", &id.to_string()), ("search", search)],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

#[tokio::test]
async fn a_lead_is_linked_to_a_client_found_by_name_and_then_belongs_to_the_clients_owner() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        let (_, bia) = staff(&app, "bia@monteiro.test", Role::User, None).await;
        let joao_id = create(&app, &ana, &joao()).await;
        let lead = writes(&app, LEAD, "Oi, aqui é o João de outro número").await;

        let found = chat(&app, &ana, lead, "joao silva").await;
        assert_eq!(found["conversation"]["client_id"], serde_json::Value::Null);
        let candidates = found["candidates"].as_array().unwrap();
        assert_eq!(candidates.len(), 1, "{backend:?}: {found}");
        assert_eq!(candidates[0]["id"], joao_id);
        assert!(
            chat(&app, &bia, lead, "joao silva").await["candidates"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{backend:?}: a search finds only the reader's own clients"
        );
        let refused = link(&app, &bia, lead, &joao_id.to_string()).await;
        assert_eq!(refused.status, 400, "{backend:?}");
        assert_eq!(refused.json()["fields"]["client"], "client_invalid");

        let linked = link(&app, &ana, lead, &joao_id.to_string()).await;
        assert!(linked.status < 400, "{backend:?}: {}", linked.body);
        let after = chat(&app, &ana, lead, "").await;
        assert_eq!(after["conversation"]["client_id"], joao_id);
        assert_eq!(after["conversation"]["name"], "João Conceição da Silva");
        assert_eq!(app.audit_count("whatsapp.link").await, 1);
        let hidden = app
            .call(&bia, "/api/whatsapp_chat", &[("id", &lead.to_string())])
            .await;
        assert_eq!(
            hidden.status, 404,
            "{backend:?}: now João's, Ana's client, not a lead for everyone"
        );

        let unlinked = link(&app, &ana, lead, "").await;
        assert!(unlinked.status < 400, "{}", unlinked.body);
        assert_eq!(
            chat(&app, &bia, lead, "").await["conversation"]["client_id"],
            serde_json::Value::Null
        );
        assert_eq!(app.audit_count("whatsapp.link").await, 2);
    }
}

#[tokio::test]
async fn a_conversations_card_is_created_once_on_the_sales_board_about_its_client() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (ana_id, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        let joao_id = create(&app, &ana, &joao()).await;
        let lead = writes(&app, LEAD, "Quero cotar um seguro auto").await;
        assert!(link(&app, &ana, lead, &joao_id.to_string()).await.status < 400);

        let first = app
            .call(&ana, "/api/card_whatsapp", &[("id", &lead.to_string())])
            .await;
        assert!(first.status < 400, "{backend:?}: {}", first.body);
        let card: i64 = count(&app.db, "SELECT id FROM kanban_cards").await;
        assert_eq!(first.header("location"), format!("/kanban/cartoes/{card}"));
        let board = one_text(
            &app.db,
            &format!(
                "SELECT b.slug FROM kanban_cards k JOIN kanban_boards b ON b.id = k.board_id \
                 WHERE k.id = {card}"
            ),
        )
        .await;
        assert_eq!(board.as_deref(), Some("vendas"), "{backend:?}");
        let title = one_text(
            &app.db,
            &format!("SELECT title FROM kanban_cards WHERE id = {card}"),
        )
        .await;
        assert_eq!(title.as_deref(), Some("WhatsApp: João Conceição da Silva"));
        let about = count(
            &app.db,
            &format!("SELECT client_id FROM kanban_cards WHERE id = {card}"),
        )
        .await;
        assert_eq!(about, joao_id);
        let owner = count(
            &app.db,
            &format!("SELECT owner_id FROM kanban_cards WHERE id = {card}"),
        )
        .await;
        assert_eq!(owner, ana_id);
        assert_eq!(
            chat(&app, &ana, lead, "").await["conversation"]["card_id"],
            card
        );

        let again = app
            .call(&ana, "/api/card_whatsapp", &[("id", &lead.to_string())])
            .await;
        assert_eq!(again.header("location"), format!("/kanban/cartoes/{card}"));
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM kanban_cards").await,
            1,
            "{backend:?}: the same card, not a second one"
        );
        assert_eq!(app.audit_count("card.create").await, 1);
    }
}

#[tokio::test]
async fn a_card_is_not_made_from_a_conversation_the_caller_may_not_see() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        let (_, bia) = staff(&app, "bia@monteiro.test", Role::User, None).await;
        let joao_id = create(&app, &ana, &joao()).await;
        // João writes from his own number: his conversation is Ana's from the start.
        let his = writes(&app, "5531988887777", "Oi").await;
        assert_eq!(
            chat(&app, &ana, his, "").await["conversation"]["client_id"],
            joao_id
        );
        let res = app
            .call(&bia, "/api/card_whatsapp", &[("id", &his.to_string())])
            .await;
        assert_eq!(res.status, 404, "{backend:?}");
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM kanban_cards").await, 0);
        assert_eq!(link(&app, &bia, his, "").await.status, 404);
    }
}

#[tokio::test]
async fn registering_a_client_with_a_leads_number_without_the_nono_digito_links_the_lead() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        // WhatsApp gives the number without the 9; the client's record has it.
        let lead = writes(&app, "552198765432", "Oi, quero um seguro residencial").await;
        let mut maria = joao();
        maria.retain(|(k, _)| !k.contains("tax_id") && !k.contains("emails"));
        maria.iter_mut().for_each(|field| match field.0 {
            "client[name]" => field.1 = "Maria das Graças",
            "client[phones][0][number]" => field.1 = "(21) 99876-5432",
            _ => {}
        });
        let id = create(&app, &ana, &maria).await;
        let chat = chat(&app, &ana, lead, "").await;
        assert_eq!(chat["conversation"]["client_id"], id, "{backend:?}");
        assert_eq!(chat["conversation"]["name"], "Maria das Graças");
    }
}
