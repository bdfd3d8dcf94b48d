//! Reference data over HTTP on both engines: the seeded insurers and ramos, admins adding,
//! editing and deactivating them (each change audited), documents and codes already in use
//! answered as field errors in Portuguese with nothing saved, and staff who may read the lists
//! but not change them.

use app::{br::TaxId, clients::LINES, roles::Role};
use serde_json::{json, Value};

use crate::{
    clients::staff,
    support::{backends, spawn_app, TestApp},
};

const ADMIN: &str = "admin@monteiro.com.br";

async fn list(app: &TestApp, cookie: &str, path: &str) -> Vec<Value> {
    let res = app.call(cookie, path, &[]).await;
    assert_eq!(res.status, 200, "{path}: {}", res.body);
    res.json().as_array().unwrap().clone()
}

fn by<'a>(rows: &'a [Value], field: &str, value: &str) -> Option<&'a Value> {
    rows.iter().find(|row| row[field] == value)
}

/// The last audit row's diff for `action`.
async fn last_changes(app: &TestApp, action: &str) -> Value {
    let changes: Option<String> = app::on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT changes FROM audit_log WHERE action = $1 ORDER BY id DESC LIMIT 1")
        .bind(action).fetch_optional(pool).await)
    .unwrap()
    .flatten();
    serde_json::from_str(&changes.unwrap_or_else(|| panic!("no {action} row"))).unwrap()
}

fn new_insurer(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("legal_name", format!("{name} Seguros S.A.")),
        ("name", name.to_owned()),
        ("cnpj", "11.222.333/0001-81".to_owned()),
        ("susep_code", "09999".to_owned()),
    ]
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn the_seed_holds_the_main_insurers_and_ramos_with_valid_documents_and_codes() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, user) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let insurers = list(&app, &user, "/api/list_insurers").await;
        assert!(insurers.len() >= 12, "{backend:?}: {}", insurers.len());
        let porto = by(&insurers, "name", "Porto Seguro").expect("Porto Seguro is seeded");
        assert_eq!(
            porto["legal_name"],
            "Porto Seguro Companhia de Seguros Gerais"
        );
        assert_eq!(porto["cnpj"], "61.198.164/0001-60");
        assert_eq!(porto["susep_code"], "05886");
        for insurer in &insurers {
            if let Some(cnpj) = insurer["cnpj"].as_str() {
                assert!(
                    matches!(TaxId::parse(cnpj), Ok(TaxId::Cnpj(_))),
                    "{backend:?}: {insurer}"
                );
            }
            if let Some(code) = insurer["susep_code"].as_str() {
                assert!(
                    code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()),
                    "{insurer}"
                );
            }
        }
        let names: Vec<&str> = insurers
            .iter()
            .map(|i| i["name"].as_str().unwrap())
            .collect();
        let mut sorted = names.clone();
        sorted.sort_by_key(|n| n.to_lowercase());
        assert_eq!(names, sorted, "{backend:?}: insurers come by name");

        let lines = list(&app, &user, "/api/list_insurance_lines").await;
        let casco = by(&lines, "susep_code", "0531").expect("0531 is seeded");
        assert_eq!(
            (&casco["family"], &casco["iof_rate"]),
            (&json!("auto"), &json!(738))
        );
        let vida = by(&lines, "susep_code", "0993").expect("0993 is seeded");
        assert_eq!(
            (&vida["family"], &vida["iof_rate"]),
            (&json!("vida"), &json!(38))
        );
        // No SUSEP code could be confirmed for health plans (ANS products): every other family
        // has at least one ramo.
        for family in LINES.iter().filter(|f| **f != "saude") {
            assert!(
                lines.iter().any(|l| l["family"] == *family),
                "{backend:?}: no ramo of {family}"
            );
        }
        let options = app.call(&user, "/api/reference_options", &[]).await.json();
        let offered = options["lines"].as_array().unwrap();
        assert!(by(offered, "susep_code", "0531").is_some());
        assert!(
            by(offered, "susep_code", "0526").is_none(),
            "{backend:?}: the run-off ramo is inactive"
        );
    }
}

#[tokio::test]
async fn an_admin_adds_edits_and_deactivates_an_insurer_and_each_change_is_audited() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, ADMIN, Role::Admin, None).await;
        let fields = new_insurer("Nova");
        let res = app
            .call(&admin, "/api/create_insurer", &pairs(&fields))
            .await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        let insurers = list(&app, &admin, "/api/list_insurers").await;
        let nova = by(&insurers, "name", "Nova").expect("listed").clone();
        assert_eq!(nova["cnpj"], "11.222.333/0001-81");
        assert_eq!(nova["active"], true);
        let id = nova["id"].as_i64().unwrap().to_string();
        assert_eq!(app.audit_count("insurer.create").await, 1);
        assert_eq!(
            last_changes(&app, "insurer.create").await["cnpj"],
            json!({ "from": null, "to": "11.222.333/0001-81" })
        );

        let mut edited = fields.clone();
        edited[1].1 = "Nova Seguradora".to_owned();
        edited.push(("id", id.clone()));
        let res = app
            .call(&admin, "/api/update_insurer", &pairs(&edited))
            .await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        assert_eq!(
            last_changes(&app, "insurer.update").await,
            json!({ "name": { "from": "Nova", "to": "Nova Seguradora" } })
        );

        let off = [("id", id.as_str()), ("active", "false")];
        let res = app.call(&admin, "/api/set_insurer_active", &off).await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        app.call(&admin, "/api/set_insurer_active", &off).await;
        assert_eq!(
            app.audit_count("insurer.deactivate").await,
            1,
            "{backend:?}: deactivating twice is one change"
        );
        let insurers = list(&app, &admin, "/api/list_insurers").await;
        assert_eq!(
            by(&insurers, "name", "Nova Seguradora").unwrap()["active"],
            false
        );
        let options = app.call(&admin, "/api/reference_options", &[]).await.json();
        assert!(by(
            options["insurers"].as_array().unwrap(),
            "name",
            "Nova Seguradora"
        )
        .is_none());
        assert!(by(
            options["insurers"].as_array().unwrap(),
            "name",
            "Porto Seguro"
        )
        .is_some());

        let page = app.get_as(&admin, "/admin/seguradoras").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Nova Seguradora") && page.body.contains("Inativa"));
        assert!(page.body.contains(">Razão social</label>"));
        let edit = app
            .get_as(&admin, &format!("/admin/seguradoras/{id}"))
            .await;
        assert_eq!(edit.status, 200);
        assert!(edit.body.contains(r#"value="09999""#), "{backend:?}");
    }
}

#[tokio::test]
async fn a_cnpj_or_susep_code_in_use_is_a_field_error_in_portuguese_and_nothing_is_saved() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, ADMIN, Role::Admin, None).await;
        let before = app.table_counts().await;
        let taken = [
            ("legal_name", "Outra Seguros S.A."),
            ("name", "Outra"),
            ("cnpj", "61198164000160"),
            ("susep_code", "05177"),
        ];
        let res = app.call(&admin, "/api/create_insurer", &taken).await;
        assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
        assert_eq!(
            res.json(),
            json!({ "error": "invalid", "fields": {
                "cnpj": "cnpj_taken", "susep_code": "susep_code_taken" } })
        );
        let same_name = [("legal_name", "X S.A."), ("name", "porto seguro")];
        let res = app.call(&admin, "/api/create_insurer", &same_name).await;
        assert_eq!(
            res.json()["fields"]["name"],
            "insurer_name_taken",
            "{backend:?}"
        );
        let cpf = [
            ("legal_name", "X S.A."),
            ("name", "X"),
            ("cnpj", "529.982.247-25"),
        ];
        let res = app.call(&admin, "/api/create_insurer", &cpf).await;
        assert_eq!(res.json()["fields"]["cnpj"], "cnpj_is_cpf", "{backend:?}");
        assert_eq!(
            app.table_counts().await,
            before,
            "{backend:?}: nothing saved"
        );

        // Without JavaScript the form comes back with the message next to the field.
        let res = app
            .post_form(
                "/api/create_insurer",
                &crate::support::form(&taken),
                &[
                    ("cookie", &admin),
                    ("accept", "text/html"),
                    ("referer", "https://crm.test/admin/seguradoras"),
                ],
            )
            .await;
        assert_eq!(res.status, 302, "{backend:?}: {}", res.body);
        let page = app.get_as(&admin, res.header("location")).await;
        assert_eq!(page.status, 200);
        for message in [
            "Já existe uma seguradora com este CNPJ.",
            "Já existe uma seguradora com este código SUSEP.",
        ] {
            assert!(page.body.contains(message), "{backend:?}: {message}");
        }

        // An edit onto another insurer's CNPJ is refused the same way.
        let insurers = list(&app, &admin, "/api/list_insurers").await;
        let allianz = by(&insurers, "name", "Allianz").unwrap();
        let id = allianz["id"].to_string();
        let edit = [
            ("id", id.as_str()),
            ("legal_name", "Allianz Seguros S.A."),
            ("name", "Allianz"),
            ("cnpj", "61.198.164/0001-60"),
            ("susep_code", "05177"),
        ];
        let res = app.call(&admin, "/api/update_insurer", &edit).await;
        assert_eq!(res.json()["fields"]["cnpj"], "cnpj_taken", "{backend:?}");
        assert_eq!(
            app.table_counts().await,
            before,
            "{backend:?}: nothing saved"
        );
    }
}

#[tokio::test]
async fn users_and_managers_read_the_lists_but_may_not_change_them() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, user) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, manager) = staff(&app, "gil@monteiro.com.br", Role::Manager, None).await;
        let id = list(&app, &user, "/api/list_insurers").await[0]["id"].to_string();
        let nova = new_insurer("Nova");
        for cookie in [&user, &manager] {
            assert_eq!(
                app.call(cookie, "/api/reference_options", &[]).await.status,
                200
            );
            list(&app, cookie, "/api/list_insurance_lines").await;
            for (path, fields) in [
                ("/api/create_insurer", pairs(&nova)),
                (
                    "/api/update_insurer",
                    vec![("id", id.as_str()), ("name", "X")],
                ),
                (
                    "/api/set_insurer_active",
                    vec![("id", id.as_str()), ("active", "false")],
                ),
                ("/api/create_insurance_line", vec![("susep_code", "0999")]),
                (
                    "/api/set_insurance_line_active",
                    vec![("id", "1"), ("active", "false")],
                ),
            ] {
                let res = app.call(cookie, path, &fields).await;
                assert_eq!(res.status, 403, "{backend:?} {path}: {}", res.body);
            }
            let page = app.get_as(cookie, "/admin/seguradoras").await;
            assert_eq!(page.status, 403, "{backend:?}");
        }
        assert_eq!(app.audit_count("insurer.deactivate").await, 0);
        assert_eq!(app.audit_count("authz.denied").await, 10);
    }
}

#[tokio::test]
async fn a_ramo_with_a_bad_iof_rate_or_a_code_in_use_is_refused_and_a_good_one_is_saved() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, ADMIN, Role::Admin, None).await;
        let before = app.table_counts().await;
        let bad = [
            ("susep_code", "0531"),
            ("name", "Outro casco"),
            ("family", "auto"),
            ("iof_rate", "7,385"),
        ];
        let res = app.call(&admin, "/api/create_insurance_line", &bad).await;
        assert_eq!(res.status, 400);
        assert_eq!(
            res.json()["fields"],
            json!({ "iof_rate": "iof_rate_invalid" }),
            "{backend:?}"
        );
        let mut taken = bad;
        taken[3].1 = "7,38";
        let res = app.call(&admin, "/api/create_insurance_line", &taken).await;
        assert_eq!(
            res.json()["fields"],
            json!({ "susep_code": "line_code_taken" }),
            "{backend:?}"
        );
        assert_eq!(
            app.table_counts().await,
            before,
            "{backend:?}: nothing saved"
        );

        let good = [
            ("susep_code", "0977"),
            ("name", "Prestamista"),
            ("family", "vida"),
            ("iof_rate", "0.38"),
        ];
        let res = app.call(&admin, "/api/create_insurance_line", &good).await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        let lines = list(&app, &admin, "/api/list_insurance_lines").await;
        let line = by(&lines, "susep_code", "0977").expect("saved").clone();
        assert_eq!(line["iof_rate"], 38);
        let id = line["id"].to_string();
        let edit = [
            ("id", id.as_str()),
            ("susep_code", "0977"),
            ("name", "Prestamista"),
            ("family", "vida"),
            ("iof_rate", "7,38"),
        ];
        let res = app.call(&admin, "/api/update_insurance_line", &edit).await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        assert_eq!(
            last_changes(&app, "insurance_line.update").await,
            json!({ "iof_rate": { "from": "0,38", "to": "7,38" } })
        );
        let off = [("id", id.as_str()), ("active", "false")];
        assert_eq!(
            app.call(&admin, "/api/set_insurance_line_active", &off)
                .await
                .status,
            200
        );
        assert_eq!(app.audit_count("insurance_line.deactivate").await, 1);
        let page = app.get_as(&admin, "/admin/ramos").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Prestamista") && page.body.contains("Inativo"));
        let edit_page = app.get_as(&admin, &format!("/admin/ramos/{id}")).await;
        assert!(edit_page.body.contains(r#"value="7,38""#), "{backend:?}");
    }
}
