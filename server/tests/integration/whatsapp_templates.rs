//! Message templates against the local fake Graph API, on both engines: the sync reads every
//! page and keeps Meta's definitions; outside the 24-hour window the chat offers only the
//! approved ones; a send is built from the synced definition (positional or named), refused
//! field by field before anything is queued when a parameter is missing or breaks Meta's rules;
//! the template status webhook withdraws a paused template.

use serde_json::json;

use crate::{
    support::backends,
    whatsapp_outbox::{world, World},
    whatsapp_webhook::{count, deliver},
};

const PASSWORD: &str = "uma senha bem longa";

async fn cookie(w: &World) -> String {
    w.app.login("ana@monteiro.test", PASSWORD).await
}

/// The templates the chat offers: (name, the form fields it asks for).
async fn offered(w: &World, cookie: &str) -> Vec<(String, Vec<String>)> {
    let id = w.conversation.to_string();
    let res = w
        .app
        .call(cookie, "/api/whatsapp_chat", &[("id", &id)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let fields = t["params"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["field"].as_str().unwrap().to_owned())
                .collect();
            (t["name"].as_str().unwrap().to_owned(), fields)
        })
        .collect()
}

async fn template_id(w: &World, name: &str) -> String {
    count(
        &w.app.db,
        &format!("SELECT id FROM wa_templates WHERE name = '{name}'"),
    )
    .await
    .to_string()
}

#[tokio::test]
async fn outside_the_window_the_chat_offers_the_synced_approved_templates_only() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let ana = cookie(&w).await;
        assert!(
            offered(&w, &ana).await.is_empty(),
            "{backend:?}: inside the window the composer is free text"
        );
        let id = w.conversation.to_string();
        let res = w
            .app
            .call(&ana, "/api/sync_whatsapp_templates", &[("id", &id)])
            .await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        assert_eq!(
            count(&w.app.db, "SELECT COUNT(*) FROM wa_templates").await,
            3,
            "{backend:?}: both pages, the paused one too"
        );
        assert_eq!(w.app.audit_count("whatsapp.templates_sync").await, 1);

        w.clock.advance(time::Duration::hours(25));
        // A day later the session has lapsed: she signs in again.
        let ana = cookie(&w).await;
        assert_eq!(
            offered(&w, &ana).await,
            [
                (
                    "renovacao_apolice".to_owned(),
                    vec!["body_1".to_owned(), "body_2".to_owned()]
                ),
                (
                    "retomar_conversa".to_owned(),
                    vec!["body_nome_cliente".to_owned(), "body_corretor".to_owned()]
                ),
            ],
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_template_goes_out_built_from_its_definition_and_a_bad_parameter_stops_it_before_the_queue(
) {
    for backend in backends() {
        let w = world(backend, "5").await;
        let ana = cookie(&w).await;
        let id = w.conversation.to_string();
        w.app
            .call(&ana, "/api/sync_whatsapp_templates", &[("id", &id)])
            .await;
        w.clock.advance(time::Duration::hours(25));
        // A day later the session has lapsed: she signs in again.
        let ana = cookie(&w).await;
        let named = template_id(&w, "retomar_conversa").await;
        let messages = "SELECT COUNT(*) FROM wa_messages WHERE direction = 'out'";

        let res = w
            .app
            .call(
                &ana,
                "/api/send_whatsapp_template",
                &[
                    ("id", &id),
                    ("template", &named),
                    ("params[body_nome_cliente]", "Maria\nda Silva"),
                ],
            )
            .await;
        assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
        assert_eq!(
            res.json()["fields"],
            json!({"body_nome_cliente": "wa_param_line_break", "body_corretor": "value_required"})
        );
        assert_eq!(
            count(&w.app.db, messages).await,
            0,
            "{backend:?}: nothing queued"
        );

        let res = w
            .app
            .call(
                &ana,
                "/api/send_whatsapp_template",
                &[
                    ("id", &id),
                    ("template", &named),
                    ("params[body_nome_cliente]", " Maria "),
                    ("params[body_corretor]", "Ana"),
                ],
            )
            .await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        w.app.run_jobs().await;
        let sent = w.fake.accepted();
        assert_eq!(sent.len(), 1, "{backend:?}");
        assert_eq!(sent[0]["type"], "template");
        assert_eq!(
            sent[0]["template"],
            json!({"name": "retomar_conversa", "language": {"code": "pt_BR"},
                "components": [{"type": "body", "parameters": [
                    {"type": "text", "parameter_name": "nome_cliente", "text": "Maria"},
                    {"type": "text", "parameter_name": "corretor", "text": "Ana"}]}]})
        );
        let res = w.app.call(&ana, "/api/whatsapp_chat", &[("id", &id)]).await;
        let bubbles = res.json()["bubbles"].as_array().unwrap().clone();
        let last = bubbles.last().unwrap();
        assert_eq!(last["kind"], "template");
        assert_eq!(
            last["body"],
            "Olá Maria, aqui é Ana da Monteiro Seguros. Podemos continuar nosso atendimento?"
        );
        assert_eq!(last["status"], "accepted", "{backend:?}");
    }
}

#[tokio::test]
async fn a_paused_template_is_withdrawn_by_its_status_webhook_and_refused() {
    for backend in backends() {
        let w = world(backend, "5").await;
        let ana = cookie(&w).await;
        let id = w.conversation.to_string();
        w.app
            .call(&ana, "/api/sync_whatsapp_templates", &[("id", &id)])
            .await;
        w.clock.advance(time::Duration::hours(25));
        // A day later the session has lapsed: she signs in again.
        let ana = cookie(&w).await;
        let renewal = template_id(&w, "renovacao_apolice").await;
        let update = json!({"object": "whatsapp_business_account", "entry": [{"id": "1",
            "changes": [{"field": "message_template_status_update", "value": {
                "event": "PAUSED", "message_template_id": 1,
                "message_template_name": "renovacao_apolice",
                "message_template_language": "pt_BR", "reason": "LOW_QUALITY"}}]}]})
        .to_string();
        assert_eq!(deliver(&w.app, update.as_bytes()).await.status, 200);
        w.app.run_jobs().await;
        let names: Vec<String> = offered(&w, &ana)
            .await
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["retomar_conversa"], "{backend:?}");

        let res = w
            .app
            .call(
                &ana,
                "/api/send_whatsapp_template",
                &[
                    ("id", &id),
                    ("template", &renewal),
                    ("params[body_1]", "Maria"),
                    ("params[body_2]", "AUTO-1"),
                ],
            )
            .await;
        assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
        assert_eq!(res.json()["fields"]["template"], "wa_template_unavailable");
        assert!(w.fake.requests().iter().all(|r| r["type"] != "template"));
    }
}
