//! The inbox's server functions on both engines: who sees which conversation (a lead is for
//! everyone, a client's conversation for its owner and admins), sending through the outbox from
//! the chat, the 24-hour window refusal in the user's words, and marking a chat read.

use app::roles::Role;
use serde_json::json;

use crate::{
    clients::{create, joao, staff},
    support::{backends, spawn_app_with},
    whatsapp_webhook::{count, deliver, delivery, message, NUMBER, SECRET},
};

pub(crate) async fn spawn(backend: app::db::Backend) -> crate::support::TestApp {
    spawn_app_with(
        backend,
        &[
            ("WHATSAPP_APP_SECRET", SECRET),
            ("WHATSAPP_PHONE_NUMBER_ID", NUMBER),
        ],
    )
    .await
}

/// The customer `from` writes `text` now; answers the conversation's id.
pub(crate) async fn writes(app: &crate::support::TestApp, from: &str, text: &str) -> i64 {
    let mut m = message(
        &format!("wamid.{from}.{text}"),
        from,
        "text",
        json!({"body": text}),
    );
    m["timestamp"] = json!(time::OffsetDateTime::now_utc().unix_timestamp().to_string());
    deliver(app, &delivery(NUMBER, "Cliente", from, vec![m], vec![])).await;
    app.run_jobs().await;
    count(
        &app.db,
        &format!(
            "SELECT v.id FROM wa_conversations v JOIN wa_contacts c ON c.id = v.contact_id \
         WHERE c.wa_id = '{from}'"
        ),
    )
    .await
}

#[tokio::test]
async fn a_lead_is_seen_by_everyone_and_a_clients_conversation_only_by_its_owner_and_admins() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        let (_, bia) = staff(&app, "bia@monteiro.test", Role::User, None).await;
        let (_, admin) = staff(&app, "chefe@monteiro.test", Role::Admin, None).await;
        create(&app, &ana, &joao()).await;
        let joaos = writes(&app, "5531988887777", "Oi, é o João").await;
        let lead = writes(&app, "5521998765432", "Quero um seguro").await;

        let listed = |cookie: String| {
            let app = &app;
            async move {
                let res = app.call(&cookie, "/api/whatsapp_inbox", &[]).await;
                assert_eq!(res.status, 200, "{}", res.body);
                res.json()["conversations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_i64().unwrap())
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(listed(ana.clone()).await, vec![lead, joaos]);
        assert_eq!(listed(bia.clone()).await, vec![lead]);
        assert_eq!(listed(admin.clone()).await, vec![lead, joaos]);

        let chat = app
            .call(&ana, "/api/whatsapp_chat", &[("id", &joaos.to_string())])
            .await;
        assert_eq!(chat.status, 200, "{}", chat.body);
        assert_eq!(
            chat.json()["conversation"]["name"],
            "João Conceição da Silva"
        );
        assert_eq!(chat.json()["bubbles"][0]["body"], "Oi, é o João");
        assert_eq!(chat.json()["window_open"], true);
        let hidden = app
            .call(&bia, "/api/whatsapp_chat", &[("id", &joaos.to_string())])
            .await;
        assert_eq!(hidden.status, 404);
        let refused = app
            .call(
                &bia,
                "/api/send_whatsapp",
                &[("id", &joaos.to_string()), ("body", "oi")],
            )
            .await;
        assert_eq!(refused.status, 404);
        assert_eq!(
            count(
                &app.db,
                "SELECT COUNT(*) FROM wa_messages WHERE direction = 'out'"
            )
            .await,
            0
        );
    }
}

#[tokio::test]
async fn a_reply_from_the_chat_is_queued_once_and_an_empty_one_is_refused() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        let lead = writes(&app, "5521998765432", "Quero um seguro").await;
        let id = lead.to_string();
        let sent = app
            .call(
                &ana,
                "/api/send_whatsapp",
                &[("id", &id), ("body", "Olá! Qual o modelo do carro?")],
            )
            .await;
        assert!(sent.status < 400, "{} {}", sent.status, sent.body);
        assert_eq!(
            count(
                &app.db,
                "SELECT COUNT(*) FROM wa_messages WHERE direction = 'out'"
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &app.db,
                "SELECT COUNT(*) FROM jobs WHERE kind = 'whatsapp.send'"
            )
            .await,
            1
        );
        let empty = app
            .call(&ana, "/api/send_whatsapp", &[("id", &id), ("body", "   ")])
            .await;
        assert_eq!(empty.status, 400);
        assert!(empty.body.contains("value_required"), "{}", empty.body);
        assert_eq!(
            count(
                &app.db,
                "SELECT COUNT(*) FROM wa_messages WHERE direction = 'out'"
            )
            .await,
            1
        );
    }
}

#[tokio::test]
async fn opening_a_chat_and_reading_it_clears_its_unread_count() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.test", Role::User, None).await;
        let lead = writes(&app, "5521998765432", "Quero um seguro").await;
        writes(&app, "5521998765432", "Para um Onix").await;
        assert_eq!(
            count(&app.db, "SELECT unread FROM wa_conversations").await,
            2
        );
        let res = app
            .call(&ana, "/api/read_whatsapp", &[("id", &lead.to_string())])
            .await;
        assert!(res.status < 400, "{}", res.body);
        assert_eq!(
            count(&app.db, "SELECT unread FROM wa_conversations").await,
            0
        );
    }
}
