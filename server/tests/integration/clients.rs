//! Clients over HTTP on both engines: create with validation, search (accents, documents,
//! phones written any way), record scope (SECURITY.md §20), duplicates, audit and timeline,
//! no mass assignment (§21).

use app::{db::Backend, on_pool, roles::Role};

use crate::support::{backends, spawn_app, TestApp};

pub(crate) const PASSWORD: &str = "uma senha bem longa";

/// A staff member of `team` (created if needed), signed in; answers (id, cookie).
pub(crate) async fn staff(
    app: &TestApp,
    email: &str,
    role: Role,
    team: Option<&str>,
) -> (i64, String) {
    let id = app.create_user(email, PASSWORD, role).await;
    if let Some(team) = team {
        let mut tx = app.db.begin().await.unwrap();
        let team_id = app::users::repo::ensure_team(&mut tx, team).await.unwrap();
        app::on_tx!(&mut tx, conn => sqlx::query("UPDATE users SET team_id = $1 WHERE id = $2")
            .bind(team_id).bind(id).execute(conn).await.map(|_| ()))
        .unwrap();
        if role == Role::Manager {
            app::users::repo::add_team_manager(&mut tx, team_id, id)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    (id, app.login(email, PASSWORD).await)
}

/// Creates a client through the server function; answers its id.
pub(crate) async fn create(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> i64 {
    let res = app.call(cookie, "/api/create_client", fields).await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    res.header("location")
        .strip_prefix("/clientes/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no client page in {:?}", res.header("location")))
}

pub(crate) fn joao() -> Vec<(&'static str, &'static str)> {
    vec![
        ("client[kind]", "pf"),
        ("client[name]", "João Conceição da Silva"),
        ("client[tax_id]", "529.982.247-25"),
        ("client[phones][0][number]", "(31) 98888-7777"),
        ("client[phones][0][kind]", "mobile"),
        ("client[phones][0][whatsapp]", "on"),
        ("client[emails][0]", "joao.silva@exemplo.com.br"),
        ("client[tags]", "VIP"),
        ("client[lines][]", "auto"),
        ("client[city]", "Belo Horizonte"),
        ("client[state]", "MG"),
    ]
}

/// The names of the clients a search (or filter query string) finds for `cookie`.
pub(crate) async fn found(app: &TestApp, cookie: &str, pairs: &[(&str, &str)]) -> Vec<String> {
    let res = app.call(cookie, "/api/list_clients", pairs).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_client_is_found_by_name_without_accents_by_document_and_by_a_phone_written_differently()
{
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        create(&app, &cookie, &joao()).await;
        create(
            &app,
            &cookie,
            &[("client[kind]", "pf"), ("client[name]", "Maria Souza")],
        )
        .await;
        for query in [
            "joao",
            "CONCEICAO silv",
            "529.982.247-25",
            "52998224725",
            "+55 31 98888-7777",
            "31988887777",
            "(31) 8888-7777",
            "98888",
            "joao.silva@exemplo",
            "vip",
        ] {
            assert_eq!(
                found(&app, &cookie, &[("filter[query]", query)]).await,
                ["João Conceição da Silva"],
                "{backend:?}: {query}"
            );
        }
        assert!(found(&app, &cookie, &[("filter[query]", "pedro")])
            .await
            .is_empty());
        assert_eq!(
            found(&app, &cookie, &[("filter[query]", "")]).await,
            ["João Conceição da Silva", "Maria Souza"],
            "{backend:?}: an empty search lists everyone in scope, by name"
        );
        assert_eq!(
            found(&app, &cookie, &[("filter[line]", "auto")]).await,
            ["João Conceição da Silva"]
        );
    }
}

#[tokio::test]
async fn a_user_never_sees_another_teams_client_by_list_page_search_or_write() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, bruno) = staff(&app, "bruno@monteiro.com.br", Role::User, Some("Vida")).await;
        let (_, gerente_auto) =
            staff(&app, "gerente@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let (_, gerente_vida) =
            staff(&app, "gv@monteiro.com.br", Role::Manager, Some("Vida")).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let id = create(&app, &ana, &joao()).await;
        let before = app.table_counts().await;

        assert!(found(&app, &bruno, &[("filter[query]", "joao")])
            .await
            .is_empty());
        assert!(found(&app, &gerente_vida, &[]).await.is_empty());
        let id_text = id.to_string();
        for (path, pairs) in [
            ("/api/client_profile", vec![("id", id_text.as_str())]),
            ("/api/client_for_edit", vec![("id", id_text.as_str())]),
            (
                "/api/archive_client",
                vec![("id", id_text.as_str()), ("archive", "on")],
            ),
            (
                "/api/add_client_note",
                vec![("id", id_text.as_str()), ("kind", "note"), ("body", "oi")],
            ),
            (
                "/api/update_client",
                vec![
                    ("id", id_text.as_str()),
                    ("client[kind]", "pf"),
                    ("client[name]", "Roubado"),
                ],
            ),
        ] {
            let res = app.call(&bruno, path, &pairs).await;
            assert_eq!(res.status, 404, "{backend:?} {path}: {}", res.body);
            assert!(!res.body.contains("João"), "{path} leaked data");
        }
        assert_eq!(
            app.table_counts().await,
            before,
            "{backend:?}: nothing changed"
        );

        for cookie in [&ana, &gerente_auto, &admin] {
            assert_eq!(
                found(&app, cookie, &[("filter[query]", "joao")]).await,
                ["João Conceição da Silva"]
            );
            let res = app
                .call(cookie, "/api/client_profile", &[("id", &id_text)])
                .await;
            assert_eq!(res.status, 200, "{}", res.body);
        }
    }
}

#[tokio::test]
async fn an_invalid_client_is_refused_field_by_field_and_nothing_is_saved() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let before = app.table_counts().await;
        let res = app
            .call(
                &cookie,
                "/api/create_client",
                &[
                    ("client[kind]", "pf"),
                    ("client[name]", "João"),
                    ("client[tax_id]", "529.982.247-26"),
                    ("client[phones][0][number]", "(20) 98888-7777"),
                    ("client[cep]", "1234"),
                ],
            )
            .await;
        assert_eq!(res.status, 400, "{}", res.body);
        assert_eq!(
            res.json(),
            serde_json::json!({"error": "invalid", "fields": {
                "cep": "cep_invalid",
                "phones.0": "phone_ddd_invalid",
                "tax_id": "cpf_invalid",
            }})
        );
        assert_eq!(app.table_counts().await, before, "{backend:?}");
    }
}

#[tokio::test]
async fn a_repeated_cpf_is_refused_and_a_shared_phone_is_shown_as_a_likely_duplicate() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        create(&app, &cookie, &joao()).await;
        let mut same_cpf = joao();
        same_cpf.retain(|(k, _)| !k.starts_with("client[phones]"));
        let res = app.call(&cookie, "/api/create_client", &same_cpf).await;
        assert_eq!(res.status, 400);
        assert_eq!(
            res.json()["fields"]["tax_id"],
            "tax_id_taken",
            "{backend:?}"
        );

        // The same mobile written without the nono dígito, as old WhatsApp accounts send it.
        let other = create(
            &app,
            &cookie,
            &[
                ("client[kind]", "pf"),
                ("client[name]", "Outra Pessoa"),
                ("client[phones][0][number]", "+55 31 8888-7777"),
            ],
        )
        .await;
        let res = app
            .call(
                &cookie,
                "/api/client_profile",
                &[("id", &other.to_string())],
            )
            .await;
        let duplicates = &res.json()["duplicates"];
        assert_eq!(
            duplicates[0]["reason"], "phone",
            "{backend:?}: {duplicates}"
        );
        assert_eq!(duplicates[0]["name"], "João Conceição da Silva");
    }
}

#[tokio::test]
async fn an_edit_is_audited_field_by_field_and_shows_in_the_timeline_with_notes() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let id = create(&app, &cookie, &joao()).await;
        let mut edit = joao();
        edit.push(("client[phones][1][number]", "(31) 3333-4444"));
        edit.push(("client[phones][1][kind]", "home"));
        let id_text = id.to_string();
        edit.push(("id", &id_text));
        let res = app.call(&cookie, "/api/update_client", &edit).await;
        assert!(res.status < 400, "{} {}", res.status, res.body);
        let res = app
            .call(
                &cookie,
                "/api/add_client_note",
                &[
                    ("id", &id_text),
                    ("kind", "call"),
                    ("body", "Ligou pedindo cotação"),
                ],
            )
            .await;
        assert!(res.status < 400, "{}", res.body);

        let profile = app
            .call(&cookie, "/api/client_profile", &[("id", &id_text)])
            .await
            .json();
        let timeline = profile["timeline"]["entries"].as_array().unwrap();
        let kinds: Vec<&str> = timeline
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["call", "client.update", "client.create"],
            "{backend:?}"
        );
        assert_eq!(timeline[0]["body"], "Ligou pedindo cotação");
        assert_eq!(
            timeline[1]["changes"],
            serde_json::json!([[
                "phones",
                "(31) 98888-7777 (mobile WhatsApp)",
                "(31) 98888-7777 (mobile WhatsApp), (31) 3333-4444 (home)"
            ]])
        );
        assert_eq!(profile["client"]["phones"].as_array().unwrap().len(), 2);
        // Opening the page is audited but kept off the timeline.
        assert!(app.audit_count("client.view").await >= 1);
    }
}

#[tokio::test]
async fn fields_a_form_does_not_have_are_refused_not_assigned() {
    let app = spawn_app(Backend::Sqlite).await;
    app.create_user("primeira@monteiro.com.br", PASSWORD, Role::Admin)
        .await;
    let (ana, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
    let id = create(&app, &cookie, &joao()).await.to_string();
    for extra in ["client[owner_id]", "client[created_at]", "owner_id", "role"] {
        let mut edit = joao();
        edit.push(("id", &id));
        edit.push((extra, "1"));
        let res = app.call(&cookie, "/api/update_client", &edit).await;
        assert_eq!(res.status, 400, "{extra}: {}", res.body);
    }
    let owners: Vec<Option<i64>> = on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT owner_id FROM clients").fetch_all(pool).await)
    .unwrap();
    assert_eq!(owners, [Some(ana)], "the owner did not move");
    assert_eq!(app.audit_count("client.update").await, 0);
}

#[tokio::test]
async fn archived_clients_leave_the_list_unless_asked_for_and_any_page_number_is_harmless() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let id = create(&app, &cookie, &joao()).await.to_string();
        create(
            &app,
            &cookie,
            &[("client[kind]", "pf"), ("client[name]", "Maria Souza")],
        )
        .await;
        let res = app
            .call(
                &cookie,
                "/api/archive_client",
                &[("id", &id), ("archive", "on")],
            )
            .await;
        assert!(res.status < 400, "{}", res.body);
        assert_eq!(
            found(&app, &cookie, &[]).await,
            ["Maria Souza"],
            "{backend:?}"
        );
        assert_eq!(
            found(&app, &cookie, &[("filter[archived]", "true")]).await,
            ["João Conceição da Silva", "Maria Souza"],
            "{backend:?}: archived ones are added to the active ones"
        );
        assert_eq!(
            found(
                &app,
                &cookie,
                &[("filter[archived]", "true"), ("filter[tag]", "vip")]
            )
            .await,
            ["João Conceição da Silva"],
            "{backend:?}: tags match whatever their case"
        );
        for page in ["-5", "0", "9223372036854775807"] {
            let res = app
                .call(&cookie, "/api/list_clients", &[("filter[page]", page)])
                .await;
            assert_eq!(res.status, 200, "{backend:?} page {page}: {}", res.body);
        }
        assert_eq!(app.audit_count("client.archive").await, 1);
    }
}

#[tokio::test]
async fn the_timeline_pages_through_older_entries_newest_first() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        let id = create(&app, &cookie, &joao()).await.to_string();
        for n in 1..=35 {
            let body = format!("Ligação {n}");
            let res = app
                .call(
                    &cookie,
                    "/api/add_client_note",
                    &[("id", &id), ("kind", "call"), ("body", &body)],
                )
                .await;
            assert!(res.status < 400, "{}", res.body);
        }
        let first = app
            .call(&cookie, "/api/client_profile", &[("id", &id)])
            .await
            .json();
        let timeline = &first["timeline"];
        assert_eq!(
            timeline["entries"].as_array().unwrap().len(),
            30,
            "{backend:?}"
        );
        assert_eq!(timeline["entries"][0]["body"], "Ligação 35", "newest first");
        assert_eq!(
            (timeline["page"].as_i64(), timeline["more"].as_bool()),
            (Some(1), Some(true))
        );
        let second = app
            .call(
                &cookie,
                "/api/client_profile",
                &[("id", &id), ("page", "2")],
            )
            .await
            .json();
        let entries = second["timeline"]["entries"].as_array().unwrap();
        // Five older calls and the creation.
        assert_eq!(entries.len(), 6);
        assert_eq!(entries[0]["body"], "Ligação 5");
        assert_eq!(entries[5]["kind"], "client.create");
        assert_eq!(second["timeline"]["more"], false);
        let page = app
            .get_as(&cookie, &format!("/clientes/{id}?historico=2"))
            .await;
        assert!(
            page.body.contains("Mais recentes"),
            "a link back to newer entries"
        );
        assert!(!page.body.contains("Mais antigas"));
    }
}
