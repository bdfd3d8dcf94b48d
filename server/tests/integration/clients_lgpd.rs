//! A client's LGPD rights over HTTP on both engines: the data-subject export is complete,
//! admin-only, audited and throttled (SECURITY.md §31); anonymisation leaves none of the
//! person's data in any table (§32); hard deletion; the audit trail accepts only a one-way
//! redaction (§30); refusals are audited (§19). The person's WhatsApp conversations are part of
//! it: exported, and erased by anonymisation and deletion.

use app::{on_pool, roles::Role};
use serde_json::json;

use crate::{
    support::{backends, spawn_app, spawn_app_with, TestApp},
    whatsapp_webhook::{count, deliver, delivery, message, NUMBER, SECRET},
};

const PASSWORD: &str = "uma senha bem longa";
const NAME: &str = "João Conceição da Silva";
const CPF: &str = "52998224725";
const PHONE: &str = "31988887777";
const EMAIL: &str = "joao.silva@exemplo.com.br";

/// A signed-in staff member; answers (id, cookie).
async fn staff(app: &TestApp, email: &str, role: Role) -> (i64, String) {
    let id = app.create_user(email, PASSWORD, role).await;
    (id, app.login(email, PASSWORD).await)
}

/// Creates a client through the server function; answers its id.
async fn create(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> i64 {
    let res = app.call(cookie, "/api/create_client", fields).await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    res.header("location")
        .strip_prefix("/clientes/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no client page in {:?}", res.header("location")))
}

fn joao() -> Vec<(&'static str, &'static str)> {
    vec![
        ("client[kind]", "pf"),
        ("client[name]", NAME),
        ("client[tax_id]", "529.982.247-25"),
        ("client[birth_date]", "1980-05-17"),
        ("client[profession]", "Engenheiro"),
        ("client[phones][0][number]", "(31) 98888-7777"),
        ("client[phones][0][kind]", "mobile"),
        ("client[phones][0][whatsapp]", "on"),
        ("client[emails][0]", EMAIL),
        ("client[tags]", "VIP"),
        ("client[lines][]", "auto"),
        ("client[street]", "Rua das Acácias"),
        ("client[city]", "Belo Horizonte"),
        ("client[state]", "MG"),
        ("client[notes]", "Prefere contato à tarde"),
        ("client[marketing_consent]", "on"),
        ("client[consent_channel]", "whatsapp"),
    ]
}

/// João with a bit of everything: created, edited once (so the audit trail holds before and
/// after values), a note naming him, a logged call. Answers his id.
async fn seed_joao(app: &TestApp, cookie: &str) -> i64 {
    let id = create(app, cookie, &joao()).await;
    let id_text = id.to_string();
    let mut edited = joao();
    edited.retain(|(k, _)| *k != "client[notes]");
    edited.push(("client[notes]", "Cliente desde 2019"));
    edited.push(("id", &id_text));
    let res = app.call(cookie, "/api/update_client", &edited).await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    for (kind, body) in [
        (
            "note",
            "João Conceição da Silva pediu cotação, CPF 529.982.247-25",
        ),
        ("call", "Ligou do (31) 98888-7777"),
    ] {
        let pairs = [("id", id_text.as_str()), ("kind", kind), ("body", body)];
        let res = app.call(cookie, "/api/add_client_note", &pairs).await;
        assert!(res.status < 400, "{} {}", res.status, res.body);
    }
    seed_card(app, cookie, id).await;
    id
}

/// A Kanban card about client `id` whose title, description, checklist and comment name them.
async fn seed_card(app: &TestApp, cookie: &str, id: i64) {
    let id_text = id.to_string();
    let pairs = [
        ("board", "vendas"),
        ("card[title]", "Renovação — João Conceição da Silva"),
        ("card[client]", id_text.as_str()),
        ("card[description]", "CPF 529.982.247-25, prefere WhatsApp"),
    ];
    let res = app.call(cookie, "/api/create_card", &pairs).await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    let card: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT MAX(id) FROM kanban_cards").fetch_one(pool).await)
    .unwrap();
    let card = card.to_string();
    for (path, field, text) in [
        (
            "/api/add_checklist_item",
            "text",
            "Ligar para (31) 98888-7777",
        ),
        ("/api/add_checklist_item", "text", "Pedir a CNH"),
        (
            "/api/add_card_comment",
            "body",
            "Falei com o João pelo 98888-7777",
        ),
    ] {
        let res = app
            .call(cookie, path, &[("card", card.as_str()), (field, text)])
            .await;
        assert!(res.status < 400, "{} {}", res.status, res.body);
    }
}

/// A line of a finished CSV import that updated client `id` (the import keeps the name on the
/// line and the client as it was before).
async fn seed_import_line(app: &TestApp, id: i64) {
    let now = time::OffsetDateTime::now_utc();
    let before = serde_json::json!({ "name": NAME, "tax_id": CPF, "emails": [EMAIL] }).to_string();
    let mut tx = app.db.begin().await.unwrap();
    let import: i64 = app::on_tx!(&mut tx, conn => sqlx::query_scalar(
        "INSERT INTO client_imports (file_name, encoding, separator, status, created_at, \
         updated_at) VALUES ('clientes.csv', 'utf-8', ';', 'done', $1, $1) RETURNING id")
        .bind(now).fetch_one(conn).await)
    .unwrap();
    app::on_tx!(&mut tx, conn => sqlx::query(
        "INSERT INTO client_import_rows (import_id, line, outcome, client_id, label, before) \
         VALUES ($1, 2, 'updated', $2, $3, $4)")
        .bind(import).bind(id).bind(NAME).bind(&before).execute(conn).await.map(|_| ()))
    .unwrap();
    // An audit row about the import itself, quoting the line.
    let entry = app::audit::AuditEntry {
        actor_id: None,
        action: "client_import.run",
        entity_type: Some("client_import"),
        entity_id: Some(import.to_string()),
        changes: Some(serde_json::json!({
            "file_name": "clientes.csv",
            "first_line": format!("{NAME};529.982.247-25;{EMAIL}"),
        })),
        meta: Default::default(),
    };
    app::audit::record(&mut tx, &entry).await.unwrap();
    tx.commit().await.unwrap();
}

/// An app that takes WhatsApp webhooks.
async fn spawn_with_whatsapp(backend: app::db::Backend) -> TestApp {
    let settings = [
        ("WHATSAPP_APP_SECRET", SECRET),
        ("WHATSAPP_PHONE_NUMBER_ID", NUMBER),
    ];
    spawn_app_with(backend, &settings).await
}

/// João writes on WhatsApp from his number without the nono dígito (as WhatsApp often gives it),
/// under a profile name of his own, and `cookie` answers him; a stranger writes too. Answers the
/// stranger's wa_id.
async fn seed_whatsapp(app: &TestApp, cookie: &str) -> &'static str {
    const STRANGER: &str = "5521998765432";
    let now = time::OffsetDateTime::now_utc().unix_timestamp().to_string();
    for (from, name, text) in [
        (
            "553188887777",
            "Joãozinho Conceição",
            "Meu CPF é 529.982.247-25",
        ),
        (STRANGER, "Maria Souza", "Quero um seguro"),
    ] {
        let mut m = message(
            &format!("wamid.{from}"),
            from,
            "text",
            json!({"body": text}),
        );
        m["timestamp"] = json!(now);
        let res = deliver(app, &delivery(NUMBER, name, from, vec![m], vec![])).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    app.run_jobs().await;
    let joaos: i64 = count(
        &app.db,
        "SELECT v.id FROM wa_conversations v JOIN wa_contacts c ON c.id = v.contact_id \
         WHERE c.wa_id = '553188887777'",
    )
    .await;
    let pairs = [
        ("id", joaos.to_string()),
        ("body", "Recebido, João Conceição!".to_owned()),
    ];
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.call(cookie, "/api/send_whatsapp", &pairs).await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    app.run_jobs().await;
    STRANGER
}

/// Every value of every column of every table, as text (blobs read as UTF-8, lossily):
/// (`table.column`, value).
async fn dump(app: &TestApp) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match &app.db {
        app::db::Db::Sqlite(pool) => {
            let tables: Vec<String> =
                sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                    .fetch_all(pool)
                    .await
                    .unwrap();
            for table in tables {
                let columns: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                        .bind(&table)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                for column in columns {
                    // Names come from the catalogue, never from input.
                    let sql = format!("SELECT CAST(\"{column}\" AS BLOB) FROM \"{table}\"");
                    let values: Vec<Option<Vec<u8>>> =
                        sqlx::query_scalar(&sql).fetch_all(pool).await.unwrap();
                    out.extend(values.into_iter().flatten().map(|v| {
                        (
                            format!("{table}.{column}"),
                            String::from_utf8_lossy(&v).into_owned(),
                        )
                    }));
                }
            }
        }
        app::db::Db::Postgres(pool) => {
            let columns: Vec<(String, String, String, String)> = sqlx::query_as(
                "SELECT c.table_schema::text, c.table_name::text, c.column_name::text, \
                 c.data_type::text FROM information_schema.columns c \
                 JOIN information_schema.tables t ON t.table_schema = c.table_schema \
                 AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' \
                 WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for (schema, table, column, kind) in columns {
                let value = if kind == "bytea" {
                    format!("encode(\"{column}\", 'escape')")
                } else {
                    format!("CAST(\"{column}\" AS TEXT)")
                };
                let sql = format!("SELECT {value} FROM \"{schema}\".\"{table}\"");
                let values: Vec<Option<String>> =
                    sqlx::query_scalar(&sql).fetch_all(pool).await.unwrap();
                out.extend(
                    values
                        .into_iter()
                        .flatten()
                        .map(|v| (format!("{table}.{column}"), v)),
                );
            }
        }
    }
    out.sort();
    out
}

/// Where in the database any of `needles` still is (case-insensitive).
async fn leftovers(app: &TestApp, needles: &[&str]) -> Vec<String> {
    dump(app)
        .await
        .into_iter()
        .filter_map(|(place, value)| {
            let value = value.to_lowercase();
            needles
                .iter()
                .find(|n| value.contains(&n.to_lowercase()))
                .map(|n| format!("{place}: {n}"))
        })
        .collect()
}

/// The values of the client tables and of the audit trail's `changes` (the witness that a refused
/// action changed nothing about clients).
async fn client_data(app: &TestApp) -> Vec<(String, String)> {
    dump(app)
        .await
        .into_iter()
        .filter(|(place, _)| place.starts_with("client") || place == "audit_log.changes")
        .filter(|(place, value)| place != "audit_log.changes" || !value.contains("\"path\""))
        .collect()
}

/// The names of the clients a search finds for `cookie`.
async fn found(app: &TestApp, cookie: &str, query: &str) -> Vec<String> {
    let res = app
        .call(cookie, "/api/list_clients", &[("filter[query]", query)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn anonymising_a_client_leaves_none_of_their_data_in_any_table() {
    for backend in backends() {
        let app = spawn_with_whatsapp(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin).await;
        let id = seed_joao(&app, &ana).await;
        seed_import_line(&app, id).await;
        let stranger = seed_whatsapp(&app, &ana).await;
        create(
            &app,
            &ana,
            &[("client[kind]", "pf"), ("client[name]", "Maria Souza")],
        )
        .await;
        let needles = [
            NAME,
            "conceicao",
            "Conceição",
            CPF,
            PHONE,
            "98888-7777",
            EMAIL,
            // His number as WhatsApp writes it, in any form.
            "88887777",
        ];
        assert!(
            leftovers(&app, &needles).await.len() > 5,
            "{backend:?}: the scan finds the seeded data"
        );
        let id_text = id.to_string();
        let before = client_data(&app).await;
        let denied = app.audit_count("authz.denied").await;

        let pairs = [("id", id_text.as_str()), ("confirm", NAME)];
        let res = app.call(&ana, "/api/anonymize_client", &pairs).await;
        assert_eq!(res.status, 403, "{backend:?}: {}", res.body);
        assert_eq!(app.audit_count("authz.denied").await, denied + 1);
        let wrong = [("id", id_text.as_str()), ("confirm", "Maria Souza")];
        let res = app.call(&admin, "/api/anonymize_client", &wrong).await;
        assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
        assert_eq!(
            res.json()["fields"]["confirm"],
            "anonymize_confirm_mismatch"
        );
        assert_eq!(
            client_data(&app).await,
            before,
            "{backend:?}: nothing changed"
        );

        let confirm = [
            ("id", id_text.as_str()),
            ("confirm", "joao conceicao da silva"),
        ];
        let res = app.call(&admin, "/api/anonymize_client", &confirm).await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        assert_eq!(res.header("location"), format!("/clientes/{id}"));

        assert_eq!(
            leftovers(&app, &needles).await,
            Vec::<String>::new(),
            "{backend:?}"
        );
        let strangers = format!(
            "SELECT COUNT(*) FROM wa_messages m JOIN wa_conversations v ON v.id = m.conversation_id \
             JOIN wa_contacts c ON c.id = v.contact_id WHERE c.wa_id = '{stranger}'"
        );
        assert_eq!(
            count(&app.db, &strangers).await,
            1,
            "{backend:?}: another person's conversation stays"
        );
        let deliveries = "SELECT COUNT(*) FROM wa_webhook_events";
        assert_eq!(
            count(&app.db, deliveries).await,
            1,
            "{backend:?}: only the delivery that carried João's number goes"
        );
        assert!(found(&app, &admin, "joao").await.is_empty());
        assert!(found(&app, &admin, CPF).await.is_empty());
        assert_eq!(
            found(&app, &admin, "anonimizado").await,
            [format!("Cliente anonimizado #{id}")]
        );
        assert_eq!(found(&app, &admin, "maria").await, ["Maria Souza"]);
        let profile = app
            .call(&admin, "/api/client_profile", &[("id", &id_text)])
            .await
            .json();
        let client = &profile["client"];
        assert_eq!(client["city"], "Belo Horizonte", "kept for statistics");
        assert_eq!(client["state"], "MG");
        assert_eq!(client["lines"], serde_json::json!(["auto"]));
        assert_eq!(client["phones"], serde_json::json!([]));
        assert_eq!(client["marketing_consent"], false);
        assert_eq!(app.audit_count("client.anonymize").await, 1);
        let import_audit: String = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT changes FROM audit_log WHERE action = 'client_import.run'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&import_audit).unwrap(),
            serde_json::json!({ "file_name": "clientes.csv", "first_line": "[removido]" }),
            "{backend:?}: only the text naming the person goes"
        );
        let privacy = app
            .call(&admin, "/api/client_privacy", &[("id", &id_text)])
            .await
            .json();
        assert!(!privacy["anonymized_at"].is_null());
        assert_eq!(
            privacy["consents"][0]["granted"], false,
            "{backend:?}: the consent ends, and the history says so"
        );
    }
}

#[tokio::test]
async fn the_data_export_holds_every_row_about_the_client_and_only_admins_get_it() {
    for backend in backends() {
        let app = spawn_with_whatsapp(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin).await;
        let id = seed_joao(&app, &ana).await;
        seed_import_line(&app, id).await;
        seed_whatsapp(&app, &ana).await;

        let res = app
            .get_as(&admin, &format!("/clientes/{id}/dados.json"))
            .await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        assert!(res.header("content-type").starts_with("application/json"));
        assert!(res.header("content-disposition").starts_with("attachment"));
        let json = res.json();
        assert_eq!(json["client"]["name"], NAME);
        assert_eq!(json["client"]["tax_id"], CPF, "unmasked: it is their own");
        assert_eq!(json["client"]["birth_date"], "1980-05-17");
        assert_eq!(json["client"]["street"], "Rua das Acácias");
        assert_eq!(json["phones"][0]["number"], "+5531988887777");
        assert_eq!(json["emails"][0]["email"], EMAIL);
        assert_eq!(json["tags"][0]["tag"], "VIP");
        assert_eq!(json["lines"][0]["line"], "auto");
        assert_eq!(json["notes"].as_array().unwrap().len(), 2);
        assert_eq!(json["notes"][1]["kind"], "call");
        assert_eq!(json["consents"][0]["granted"], true);
        assert_eq!(json["consents"][0]["channel"], "whatsapp");
        let actions: Vec<&str> = json["audit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions[..2],
            ["client.create", "client.update"],
            "{backend:?}"
        );
        assert_eq!(
            actions[2..],
            [
                "card.create",
                "card.checklist_add",
                "card.checklist_add",
                "card.comment"
            ],
            "{backend:?}: the card about them, in order"
        );
        assert_eq!(
            json["cards"][0]["title"],
            "Renovação — João Conceição da Silva"
        );
        assert_eq!(json["cards"][0]["board"], "Funil de vendas");
        assert_eq!(
            json["card_checklists"][0]["text"],
            "Ligar para (31) 98888-7777"
        );
        assert_eq!(
            json["card_comments"][0]["body"],
            "Falei com o João pelo 98888-7777"
        );
        assert_eq!(json["whatsapp_contacts"][0]["number"], "+5531988887777");
        assert_eq!(
            json["whatsapp_contacts"][0]["profile_name"],
            "Joãozinho Conceição"
        );
        let said: Vec<(&str, &str)> = json["whatsapp_messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["direction"].as_str().unwrap(),
                    m["body"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                ("in", "Meu CPF é 529.982.247-25"),
                ("out", "Recebido, João Conceição!")
            ],
            "{backend:?}: his conversation, and nobody else's"
        );
        assert_eq!(json["whatsapp_messages"][1]["author"], "Pessoa de Teste");
        assert_eq!(json["imports"][0]["label"], NAME);
        assert_eq!(json["imports"][0]["before"]["tax_id"], CPF);
        assert_eq!(
            json["audit"][1]["changes"]["notes"]["to"],
            "Cliente desde 2019"
        );

        let res = app
            .get_as(&admin, &format!("/clientes/{id}/dados.csv"))
            .await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        assert!(res.header("content-type").starts_with("text/csv"));
        assert!(res.body.starts_with("\u{feff}seção;campo;valor\r\n"));
        for line in [
            format!("cliente;name;{NAME}"),
            format!("cliente;tax_id;{CPF}"),
            "telefone 1;number;'+5531988887777".to_owned(),
            format!("e-mail 1;email;{EMAIL}"),
            "etiqueta 1;tag;VIP".to_owned(),
            "anotação 2;kind;call".to_owned(),
            "consentimento 1;channel;whatsapp".to_owned(),
            "auditoria 1;action;client.create".to_owned(),
            "comentário do cartão 1;body;Falei com o João pelo 98888-7777".to_owned(),
            "mensagem WhatsApp 1;body;Meu CPF é 529.982.247-25".to_owned(),
        ] {
            assert!(
                res.body.lines().any(|l| l == line),
                "{backend:?}: {line} in {}",
                res.body
            );
        }
        assert_eq!(app.audit_count("client.data_export").await, 2);

        let denied = app.audit_count("authz.denied").await;
        for path in [
            format!("/clientes/{id}/dados.json"),
            format!("/clientes/{id}/dados.csv"),
        ] {
            let res = app.get_as(&ana, &path).await;
            assert_eq!(res.status, 403, "{backend:?} {path}");
            assert!(!res.body.contains("João"));
        }
        assert_eq!(app.audit_count("authz.denied").await, denied + 2);
        for path in ["/clientes/999999/dados.json", "/clientes/abc/dados.csv"] {
            assert_eq!(app.get_as(&admin, path).await.status, 404, "{path}");
        }
        assert_eq!(app.audit_count("client.data_export").await, 2);
    }
}

#[tokio::test]
async fn personal_data_exports_are_limited_per_admin_per_hour() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin).await;
        let (_, other) = staff(&app, "outra@monteiro.com.br", Role::Admin).await;
        let id = create(&app, &admin, &joao()).await;
        let path = format!("/clientes/{id}/dados.csv");
        for n in 0..app::clients::lgpd::service::EXPORTS_PER_HOUR {
            assert_eq!(app.get_as(&admin, &path).await.status, 200, "export {n}");
        }
        let res = app.get_as(&admin, &path).await;
        assert_eq!(res.status, 429, "{backend:?}");
        assert!(res.body.contains("por hora"), "{}", res.body);
        assert!(!res.body.contains("João"));
        assert_eq!(app.get_as(&other, &path).await.status, 200);
    }
}

#[tokio::test]
async fn deleting_a_client_removes_its_rows_and_audits_only_its_id_and_name() {
    for backend in backends() {
        let app = spawn_with_whatsapp(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin).await;
        let id = seed_joao(&app, &ana).await;
        seed_whatsapp(&app, &ana).await;
        let id_text = id.to_string();
        let before = client_data(&app).await;

        let res = app
            .call(
                &ana,
                "/api/delete_client",
                &[("id", &id_text), ("confirm", "on")],
            )
            .await;
        assert_eq!(res.status, 403, "{backend:?}: {}", res.body);
        let res = app
            .call(&admin, "/api/delete_client", &[("id", &id_text)])
            .await;
        assert_eq!(res.status, 400, "{backend:?}: unconfirmed: {}", res.body);
        assert_eq!(
            client_data(&app).await,
            before,
            "{backend:?}: nothing changed"
        );

        let res = app
            .call(
                &admin,
                "/api/delete_client",
                &[("id", &id_text), ("confirm", "on")],
            )
            .await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        assert_eq!(res.header("location"), "/clientes");
        for table in [
            "clients",
            "client_phones",
            "client_emails",
            "client_tags",
            "client_lines",
            "client_notes",
            "client_consents",
        ] {
            let column = if table == "clients" {
                "id"
            } else {
                "client_id"
            };
            // Table and column names are the constants above.
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1");
            let n: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(&sql).bind(id)
                .fetch_one(pool).await)
            .unwrap();
            assert_eq!(n, 0, "{backend:?}: {table}");
        }
        let joaos = "SELECT COUNT(*) FROM wa_contacts WHERE identity = '+5531988887777'";
        assert_eq!(
            count(&app.db, joaos).await,
            0,
            "{backend:?}: his WhatsApp does not stay behind as a lead"
        );
        let messages = "SELECT COUNT(*) FROM wa_messages";
        assert_eq!(
            count(&app.db, messages).await,
            1,
            "{backend:?}: the stranger's"
        );
        let changes: String = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT changes FROM audit_log WHERE action = 'client.delete' AND entity_id = $1")
            .bind(&id_text).fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&changes).unwrap(),
            serde_json::json!({ "name": NAME })
        );
        let res = app
            .call(&admin, "/api/client_profile", &[("id", &id_text)])
            .await;
        assert_eq!(res.status, 404);
        let res = app
            .call(
                &admin,
                "/api/delete_client",
                &[("id", &id_text), ("confirm", "on")],
            )
            .await;
        assert_eq!(res.status, 404, "{backend:?}: already gone");
    }
}

#[tokio::test]
async fn the_consent_history_shows_each_grant_and_withdrawal_within_the_record_scope() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User).await;
        let (_, bruno) = staff(&app, "bruno@monteiro.com.br", Role::User).await;
        let id = create(&app, &ana, &joao()).await;
        let id_text = id.to_string();
        let mut withdrawn = joao();
        withdrawn.retain(|(k, _)| !k.starts_with("client[marketing") && !k.contains("consent"));
        withdrawn.push(("id", &id_text));
        let res = app.call(&ana, "/api/update_client", &withdrawn).await;
        assert!(res.status < 400, "{} {}", res.status, res.body);

        let res = app
            .call(&ana, "/api/client_privacy", &[("id", &id_text)])
            .await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        let privacy = res.json();
        let history: Vec<(bool, Option<&str>)> = privacy["consents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["granted"].as_bool().unwrap(), c["channel"].as_str()))
            .collect();
        assert_eq!(history, [(false, None), (true, Some("whatsapp"))]);
        assert_eq!(privacy["consents"][1]["recorded_by"], "Pessoa de Teste");
        assert_eq!(privacy["may_handle"], false);
        let res = app
            .call(&bruno, "/api/client_privacy", &[("id", &id_text)])
            .await;
        assert_eq!(res.status, 404, "{backend:?}: outside the record scope");
    }
}

#[tokio::test]
async fn the_audit_trail_accepts_only_a_one_way_redaction_of_changes() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let mut tx = app.db.begin().await.unwrap();
        let entry = app::audit::AuditEntry {
            actor_id: None,
            action: "client.update",
            entity_type: Some("client"),
            entity_id: Some("1".into()),
            changes: Some(serde_json::json!({ "name": { "from": "A", "to": "B" } })),
            meta: Default::default(),
        };
        app::audit::record(&mut tx, &entry).await.unwrap();
        tx.commit().await.unwrap();
        let id: i64 = on_pool!(&app.db, pool => sqlx::query_scalar("SELECT MAX(id) FROM audit_log")
            .fetch_one(pool).await)
        .unwrap();
        let now = time::OffsetDateTime::now_utc();
        let run = |sql: &'static str| {
            let db = app.db.clone();
            async move {
                on_pool!(&db, pool => sqlx::query(sql).bind(id).bind(now).execute(pool).await
                    .map(|r| r.rows_affected()))
            }
        };
        for refused in [
            "UPDATE audit_log SET changes = '{}' WHERE id = $1 AND $2 IS NOT NULL",
            "UPDATE audit_log SET action = 'x', changes = '{}', redacted_at = $2 WHERE id = $1",
            "UPDATE audit_log SET entity_id = '2', redacted_at = $2 WHERE id = $1",
            "DELETE FROM audit_log WHERE id = $1 AND $2 IS NOT NULL",
        ] {
            assert!(run(refused).await.is_err(), "{backend:?}: {refused}");
        }
        let redact = "UPDATE audit_log SET changes = '{}', redacted_at = $2 WHERE id = $1";
        assert_eq!(run(redact).await.unwrap(), 1, "{backend:?}");
        assert!(
            run(redact).await.is_err(),
            "{backend:?}: a redacted row never changes again"
        );
    }
}

#[tokio::test]
async fn the_profile_offers_the_lgpd_actions_to_admins_only() {
    let app = spawn_app(app::db::Backend::Sqlite).await;
    let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User).await;
    let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin).await;
    let id = create(&app, &ana, &joao()).await;
    let profile = format!("/clientes/{id}");

    let res = app.get_as(&admin, &profile).await;
    assert_eq!(res.status, 200);
    for text in [
        "Histórico de consentimento",
        "Exportar dados pessoais (LGPD)",
        &format!("href=\"/clientes/{id}/dados.csv\""),
        &format!("href=\"/clientes/{id}/anonimizar\""),
        &format!("href=\"/clientes/{id}/excluir\""),
    ] {
        assert!(res.body.contains(text), "{text}");
    }
    let res = app.get_as(&ana, &profile).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Histórico de consentimento"));
    assert!(!res.body.contains("Exportar dados pessoais"));
    assert!(!res.body.contains("/anonimizar"));

    for page in ["anonimizar", "excluir"] {
        let path = format!("/clientes/{id}/{page}");
        let res = app.get_as(&admin, &path).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(res.body.contains("name=\"confirm\""), "{path}");
        assert!(res.body.contains("required"), "{path}");
        let res = app.get_as(&ana, &path).await;
        assert_eq!(res.status, 403, "{path}");
        assert!(res.body.contains("Acesso negado"));
    }
    let res = app.get_as(&admin, "/clientes/999999/anonimizar").await;
    assert_eq!(res.status, 404);
}
