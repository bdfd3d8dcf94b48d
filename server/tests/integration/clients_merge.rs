//! Merging two clients over HTTP on both engines: fields chosen one by one, contacts united,
//! notes, consent history and import lines moved, the other client gone (its document taken
//! without a unique violation), audited; who may merge (admins; managers within their scope;
//! users never, audited as `authz.denied`); the same client twice and too many phones refused.

use app::{on_pool, roles::Role};

use crate::{
    clients::{create, found, staff},
    support::{backends, spawn_app, TestApp},
};

/// The kept client of the first test: no document, one phone shared with the other.
fn joao_silva() -> Vec<(&'static str, &'static str)> {
    vec![
        ("client[kind]", "pf"),
        ("client[name]", "João Silva"),
        ("client[profession]", "Engenheiro"),
        ("client[phones][0][number]", "(31) 98888-7777"),
        ("client[phones][0][kind]", "mobile"),
        ("client[emails][0]", "joao@exemplo.com"),
        ("client[tags]", "VIP"),
        ("client[lines][]", "auto"),
    ]
}

/// The other: the CPF, the same phone (on WhatsApp) and another, consent to marketing.
fn joao_conceicao() -> Vec<(&'static str, &'static str)> {
    vec![
        ("client[kind]", "pf"),
        ("client[name]", "João Conceição da Silva"),
        ("client[tax_id]", "529.982.247-25"),
        ("client[profession]", "Médico"),
        ("client[phones][0][number]", "(31) 98888-7777"),
        ("client[phones][0][kind]", "mobile"),
        ("client[phones][0][whatsapp]", "on"),
        ("client[phones][1][number]", "(31) 3456-7890"),
        ("client[phones][1][kind]", "home"),
        ("client[emails][0]", "joao.silva@exemplo.com.br"),
        ("client[tags]", "Indicação, vip"),
        ("client[lines][]", "vida"),
        ("client[city]", "Belo Horizonte"),
        ("client[state]", "MG"),
        ("client[marketing_consent]", "on"),
        ("client[consent_channel]", "whatsapp"),
    ]
}

/// A finished import whose line 2 points at client `id`.
async fn seed_import_line(app: &TestApp, id: i64) {
    let now = time::OffsetDateTime::now_utc();
    let mut tx = app.db.begin().await.unwrap();
    let import: i64 = app::on_tx!(&mut tx, conn => sqlx::query_scalar(
        "INSERT INTO client_imports (file_name, encoding, separator, status, created_at, \
         updated_at) VALUES ('clientes.csv', 'utf-8', ';', 'done', $1, $1) RETURNING id")
        .bind(now).fetch_one(conn).await)
    .unwrap();
    app::on_tx!(&mut tx, conn => sqlx::query(
        "INSERT INTO client_import_rows (import_id, line, outcome, client_id, label) \
         VALUES ($1, 2, 'created', $2, 'João')")
        .bind(import).bind(id).execute(conn).await.map(|_| ()))
    .unwrap();
    tx.commit().await.unwrap();
}

/// How many rows of `table` point at client `id` (table names are the test's own).
async fn pointing_at(app: &TestApp, table: &str, id: i64) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE client_id = $1");
    on_pool!(&app.db, pool => sqlx::query_scalar(&sql).bind(id).fetch_one(pool).await).unwrap()
}

/// The `changes` of the only audit row with `action`.
async fn audit_changes(app: &TestApp, action: &str) -> (String, serde_json::Value) {
    let (entity, changes): (Option<String>, String) = on_pool!(&app.db, pool => sqlx::query_as(
        "SELECT entity_id, changes FROM audit_log WHERE action = $1")
        .bind(action).fetch_one(pool).await)
    .unwrap();
    (entity.unwrap(), serde_json::from_str(&changes).unwrap())
}

/// Calls `merge_clients` for `id` ← `other` with the extra `pairs`.
async fn merge(
    app: &TestApp,
    cookie: &str,
    id: i64,
    other: i64,
    pairs: &[(&str, &str)],
) -> crate::support::TestResponse {
    let (id, other) = (id.to_string(), other.to_string());
    let mut all = vec![("id", id.as_str()), ("other", other.as_str())];
    all.extend_from_slice(pairs);
    app.call(cookie, "/api/merge_clients", &all).await
}

#[tokio::test]
async fn a_merge_keeps_the_chosen_values_unites_contacts_moves_what_hangs_on_the_other_and_deletes_it(
) {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let kept = create(&app, &ana, &joao_silva()).await;
        let other = create(&app, &ana, &joao_conceicao()).await;
        let other_text = other.to_string();
        let note = [
            ("id", other_text.as_str()),
            ("kind", "call"),
            ("body", "Ligou"),
        ];
        let res = app.call(&ana, "/api/add_client_note", &note).await;
        assert!(res.status < 400, "{} {}", res.status, res.body);
        seed_import_line(&app, other).await;

        let preview = app
            .call(
                &admin,
                "/api/merge_preview",
                &[("id", &kept.to_string()), ("other", &other_text)],
            )
            .await;
        assert_eq!(preview.status, 200, "{backend:?}: {}", preview.body);
        let preview = preview.json();
        assert_eq!(preview["other"]["name"], "João Conceição da Silva");
        assert_eq!(
            (preview["notes"].as_i64(), preview["import_rows"].as_i64()),
            (Some(1), Some(1))
        );

        let res = merge(&app, &admin, kept, other, &[("keep[name]", "other")]).await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        assert_eq!(res.header("location"), format!("/clientes/{kept}"));

        let profile = app
            .call(&admin, "/api/client_profile", &[("id", &kept.to_string())])
            .await
            .json();
        let client = &profile["client"];
        assert_eq!(
            client["name"], "João Conceição da Silva",
            "{backend:?}: chosen"
        );
        assert_eq!(
            client["profession"], "Engenheiro",
            "{backend:?}: this one's by default"
        );
        assert_eq!(
            client["tax_id"], "529.982.247-25",
            "{backend:?}: blank here, taken"
        );
        assert_eq!(client["city"], "Belo Horizonte");
        let phones: Vec<(&str, bool)> = client["phones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["e164"].as_str().unwrap(),
                    p["whatsapp"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(phones, [("+5531988887777", true), ("+553134567890", false)]);
        assert_eq!(
            client["emails"],
            serde_json::json!(["joao@exemplo.com", "joao.silva@exemplo.com.br"])
        );
        assert_eq!(client["tags"], serde_json::json!(["Indicação", "VIP"]));
        assert_eq!(client["lines"], serde_json::json!(["auto", "vida"]));
        assert_eq!(
            client["marketing_consent"], true,
            "{backend:?}: either gave it"
        );
        assert_eq!(client["consent_channel"], "whatsapp");
        assert!(!client["consent_at"].is_null());

        let res = app
            .call(&admin, "/api/client_profile", &[("id", &other_text)])
            .await;
        assert_eq!(res.status, 404, "{backend:?}: the other client is gone");
        for query in ["conceicao", "joao", "52998224725", "3456-7890"] {
            assert_eq!(
                found(&app, &admin, &[("filter[query]", query)]).await,
                ["João Conceição da Silva"],
                "{backend:?}: {query}"
            );
        }
        for table in ["client_notes", "client_consents", "client_import_rows"] {
            assert_eq!(
                pointing_at(&app, table, other).await,
                0,
                "{backend:?} {table}"
            );
            assert_eq!(
                pointing_at(&app, table, kept).await,
                1,
                "{backend:?} {table}"
            );
        }

        let (entity, changes) = audit_changes(&app, "client.merge").await;
        assert_eq!(entity, kept.to_string());
        assert_eq!(changes["merged"], other);
        assert_eq!(changes["other_name"], "João Conceição da Silva");
        assert_eq!(
            changes["name"],
            serde_json::json!({ "from": "João Silva", "to": "João Conceição da Silva" })
        );
        assert_eq!(changes["tax_id"]["to"], "529.982.247-25");
        assert!(
            changes.get("profession").is_none(),
            "unchanged fields are not listed"
        );
        let (entity, into) = audit_changes(&app, "client.merged_into").await;
        assert_eq!(
            entity, other_text,
            "{backend:?}: the other's trail says where it went"
        );
        assert_eq!(into["into"], kept);
        let timeline = profile["timeline"]["entries"].as_array().unwrap();
        assert!(
            timeline.iter().any(|e| e["kind"] == "client.merge"),
            "{backend:?}: {timeline:?}"
        );
        assert!(timeline
            .iter()
            .any(|e| e["kind"] == "call" && e["body"] == "Ligou"));
    }
}

#[tokio::test]
async fn the_kept_client_takes_the_others_cpf_in_the_same_transaction() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let mut with_cpf = joao_silva();
        with_cpf.push(("client[tax_id]", "111.444.777-35"));
        let kept = create(&app, &admin, &with_cpf).await;
        let other = create(&app, &admin, &joao_conceicao()).await;
        let res = merge(&app, &admin, kept, other, &[("keep[tax_id]", "other")]).await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        assert_eq!(
            found(&app, &admin, &[("filter[query]", "52998224725")]).await,
            ["João Silva"]
        );
        assert!(found(&app, &admin, &[("filter[query]", "11144477735")])
            .await
            .is_empty());
    }
}

#[tokio::test]
async fn users_may_not_merge_managers_only_within_their_scope_and_admins_always() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, bruno) = staff(&app, "bruno@monteiro.com.br", Role::User, Some("Vida")).await;
        let (_, gerente_auto) =
            staff(&app, "gerente@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let (_, gerente_vida) =
            staff(&app, "gv@monteiro.com.br", Role::Manager, Some("Vida")).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let a = create(&app, &ana, &joao_silva()).await;
        let b = create(&app, &ana, &joao_conceicao()).await;
        let c = create(
            &app,
            &bruno,
            &[("client[kind]", "pf"), ("client[name]", "Carla")],
        )
        .await;
        let before = app.table_counts().await;
        let denied = app.audit_count("authz.denied").await;

        let res = merge(&app, &ana, a, b, &[]).await;
        assert_eq!(res.status, 403, "{backend:?}: {}", res.body);
        let (a_text, b_text) = (a.to_string(), b.to_string());
        let pair = [("id", a_text.as_str()), ("other", b_text.as_str())];
        let res = app.call(&ana, "/api/merge_preview", &pair).await;
        assert_eq!(res.status, 403, "{backend:?}: {}", res.body);
        assert_eq!(app.audit_count("authz.denied").await, denied + 2);
        let before = {
            let mut b = before;
            for (table, n) in &mut b {
                if table == "audit_log" {
                    *n += 2;
                }
            }
            b
        };
        for (cookie, id, other) in [
            (&gerente_vida, a, b),
            (&gerente_auto, a, c),
            (&gerente_auto, c, a),
        ] {
            let res = merge(&app, cookie, id, other, &[]).await;
            assert_eq!(res.status, 404, "{backend:?}: {}", res.body);
            assert!(!res.body.contains("João"));
        }
        let res = merge(&app, &admin, a, a, &[]).await;
        assert_eq!(res.status, 400, "{backend:?}: merging a client with itself");
        assert_eq!(
            app.table_counts().await,
            before,
            "{backend:?}: nothing changed"
        );

        let res = merge(&app, &gerente_auto, a, b, &[]).await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        let d = create(
            &app,
            &bruno,
            &[("client[kind]", "pf"), ("client[name]", "Carla B.")],
        )
        .await;
        let res = merge(&app, &admin, c, d, &[("keep[name]", "other")]).await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        assert_eq!(found(&app, &admin, &[]).await, ["Carla B.", "João Silva"]);
        assert_eq!(app.audit_count("client.merge").await, 2);
    }
}

#[tokio::test]
async fn more_than_ten_phones_together_are_refused_and_nothing_changes() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let numbers: Vec<(String, String)> = (0..11)
            .map(|i| {
                (
                    format!("client[phones][{}][number]", i % 6),
                    format!("(31) 98888-70{i:02}"),
                )
            })
            .collect();
        let with = |range: std::ops::Range<usize>| {
            let mut fields = vec![("client[kind]", "pf"), ("client[name]", "Muitos")];
            fields.extend(numbers[range].iter().map(|(k, v)| (k.as_str(), v.as_str())));
            fields
        };
        let a = create(&app, &admin, &with(0..6)).await;
        let b = create(&app, &admin, &with(6..11)).await;
        let before = app.table_counts().await;
        let res = merge(&app, &admin, a, b, &[]).await;
        assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
        assert_eq!(res.json()["fields"]["phones"], "merge_too_many");
        assert_eq!(app.table_counts().await, before, "{backend:?}");
    }
}

#[tokio::test]
async fn the_merge_page_shows_both_clients_to_an_admin_and_refuses_users() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let a = create(&app, &ana, &joao_silva()).await;
        let b = create(&app, &ana, &joao_conceicao()).await;
        let path = format!("/clientes/{a}/mesclar/{b}");

        let res = app.get_as(&admin, &path).await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        for text in [
            "João Silva",
            "João Conceição da Silva",
            "name=\"keep[name]\"",
            "name=\"keep[owner]\"",
            "Mesclar clientes",
        ] {
            assert!(res.body.contains(text), "{backend:?}: {text}");
        }
        let res = app.get_as(&ana, &path).await;
        assert_eq!(res.status, 403, "{backend:?}");
        assert!(!res.body.contains("Conceição"));
        let res = app
            .get_as(&admin, &format!("/clientes/{a}/mesclar/{a}"))
            .await;
        assert_eq!(res.status, 404, "{backend:?}: a client with itself");
    }
}
