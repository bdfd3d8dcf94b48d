//! Handling conversations on both engines: the inbox's filters (open, mine, unassigned,
//! closed) within what the reader may see; staff take a conversation themselves, managers hand
//! it within their teams, admins to anyone, each change audited; closing and a customer's new
//! message reopening; internal notes in the chat that never go to WhatsApp.

use app::roles::Role;

use crate::{
    clients::staff,
    support::{backends, TestApp},
    whatsapp_inbox::{spawn, writes},
    whatsapp_webhook::count,
};

/// The ids the inbox lists for `cookie` under `filter`.
async fn listed(app: &TestApp, cookie: &str, filter: &str) -> Vec<i64> {
    let res = app
        .call(cookie, "/api/whatsapp_inbox", &[("filter", filter)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

async fn assign(app: &TestApp, cookie: &str, id: i64, user: &str) -> crate::support::TestResponse {
    app.call(
        cookie,
        "/api/assign_whatsapp",
        &[("id", &id.to_string()), ("user", user)],
    )
    .await
}

#[tokio::test]
async fn staff_take_a_lead_themselves_and_it_leaves_the_others_lists() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (ana_id, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        let (bia_id, bia) = staff(&app, "bia@monteiro.test", Role::User, None).await;
        let (_, admin) = staff(&app, "chefe@monteiro.test", Role::Admin, None).await;
        let lead = writes(&app, "5521998765432", "Quero um seguro").await;
        let other = writes(&app, "5521998765433", "Oi").await;
        assert_eq!(
            listed(&app, &bia, "sem-responsavel").await,
            vec![other, lead]
        );

        let refused = assign(&app, &ana, lead, &bia_id.to_string()).await;
        assert_eq!(
            refused.status, 400,
            "{backend:?}: staff hand only to themselves"
        );
        assert_eq!(refused.json()["fields"]["user"], "owner_invalid");
        let taken = assign(&app, &ana, lead, &ana_id.to_string()).await;
        assert!(taken.status < 400, "{backend:?}: {}", taken.body);
        assert_eq!(app.audit_count("whatsapp.assign").await, 1);
        assert_eq!(listed(&app, &ana, "minhas").await, vec![lead]);
        assert_eq!(listed(&app, &ana, "sem-responsavel").await, vec![other]);
        assert_eq!(
            listed(&app, &bia, "abertas").await,
            vec![other],
            "{backend:?}: Ana's now"
        );
        let hidden = app
            .call(&bia, "/api/whatsapp_chat", &[("id", &lead.to_string())])
            .await;
        assert_eq!(hidden.status, 404);
        assert_eq!(assign(&app, &bia, lead, "").await.status, 404);

        let chat = app
            .call(&admin, "/api/whatsapp_chat", &[("id", &lead.to_string())])
            .await
            .json();
        assert_eq!(chat["conversation"]["assigned"], "Pessoa de Teste");
        assert_eq!(chat["conversation"]["assigned_id"], ana_id);
        let handed = assign(&app, &admin, lead, &bia_id.to_string()).await;
        assert!(handed.status < 400, "{backend:?}: admins hand to anyone");
        assert_eq!(listed(&app, &bia, "minhas").await, vec![lead]);
        assert!(listed(&app, &ana, "abertas")
            .await
            .iter()
            .all(|c| *c != lead));
        let released = assign(&app, &bia, lead, "").await;
        assert!(released.status < 400, "{}", released.body);
        assert_eq!(
            listed(&app, &ana, "sem-responsavel").await,
            vec![other, lead]
        );
        assert_eq!(app.audit_count("whatsapp.assign").await, 3);
    }
}

#[tokio::test]
async fn a_manager_hands_a_conversation_within_their_team_only() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, gil) = staff(&app, "gil@monteiro.test", Role::Manager, Some("Norte")).await;
        let (ana_id, _) = staff(&app, "ana@monteiro.test", Role::User, Some("Norte")).await;
        let (cid_id, _) = staff(&app, "cid@monteiro.test", Role::User, Some("Sul")).await;
        let lead = writes(&app, "5521998765432", "Quero um seguro").await;
        let outside = assign(&app, &gil, lead, &cid_id.to_string()).await;
        assert_eq!(outside.status, 400, "{backend:?}");
        let inside = assign(&app, &gil, lead, &ana_id.to_string()).await;
        assert!(inside.status < 400, "{backend:?}: {}", inside.body);
        let chat = app
            .call(&gil, "/api/whatsapp_chat", &[("id", &lead.to_string())])
            .await
            .json();
        let names: Vec<&str> = chat["assignable"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[0].as_i64().unwrap())
            .map(|id| if id == ana_id { "ana" } else { "other" })
            .collect();
        assert!(names.contains(&"ana"));
        assert_eq!(names.len(), 2, "{backend:?}: the manager and Ana, not Cid");
    }
}

#[tokio::test]
async fn a_closed_conversation_leaves_the_open_list_until_the_customer_writes_again() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        let lead = writes(&app, "5521998765432", "Quero um seguro").await;
        let id = lead.to_string();
        let closed = app
            .call(
                &ana,
                "/api/close_whatsapp",
                &[("id", &id), ("closed", "true")],
            )
            .await;
        assert!(closed.status < 400, "{backend:?}: {}", closed.body);
        assert!(listed(&app, &ana, "abertas").await.is_empty());
        assert_eq!(listed(&app, &ana, "encerradas").await, vec![lead]);
        assert_eq!(app.audit_count("whatsapp.close").await, 1);

        writes(&app, "5521998765432", "Esqueci de perguntar uma coisa").await;
        assert_eq!(
            listed(&app, &ana, "abertas").await,
            vec![lead],
            "{backend:?}"
        );
        app.call(
            &ana,
            "/api/close_whatsapp",
            &[("id", &id), ("closed", "true")],
        )
        .await;
        let reopened = app
            .call(
                &ana,
                "/api/close_whatsapp",
                &[("id", &id), ("closed", "false")],
            )
            .await;
        assert!(reopened.status < 400);
        assert_eq!(listed(&app, &ana, "abertas").await, vec![lead]);
        assert_eq!(app.audit_count("whatsapp.reopen").await, 1);
    }
}

#[tokio::test]
async fn an_internal_note_shows_in_the_chat_and_is_never_sent() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        let lead = writes(&app, "5521998765432", "Quero um seguro").await;
        let id = lead.to_string();
        let empty = app
            .call(&ana, "/api/note_whatsapp", &[("id", &id), ("note", "  ")])
            .await;
        assert_eq!(empty.status, 400);
        assert_eq!(empty.json()["fields"]["note"], "value_required");
        let long = "x".repeat(5001);
        let too_long = app
            .call(&ana, "/api/note_whatsapp", &[("id", &id), ("note", &long)])
            .await;
        assert_eq!(too_long.json()["fields"]["note"], "note_too_long");
        let res = app
            .call(
                &ana,
                "/api/note_whatsapp",
                &[("id", &id), ("note", "Cliente prefere ligação à tarde")],
            )
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let chat = app
            .call(&ana, "/api/whatsapp_chat", &[("id", &id)])
            .await
            .json();
        let last = chat["bubbles"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "note");
        assert_eq!(last["body"], "Cliente prefere ligação à tarde");
        assert_eq!(last["author"], "Pessoa de Teste");
        assert_eq!(
            count(
                &app.db,
                "SELECT COUNT(*) FROM wa_messages WHERE direction = 'out'"
            )
            .await,
            0,
            "{backend:?}"
        );
        assert_eq!(
            count(
                &app.db,
                "SELECT COUNT(*) FROM jobs WHERE kind = 'whatsapp.send'"
            )
            .await,
            0
        );
    }
}
