//! CSV import of clients over HTTP on both engines: encodings and separators, the column mapping,
//! bad lines reported one by one (or nothing written when the person chose all or nothing),
//! update on match by CPF/CNPJ then phone, the report, the revert as a whole, who may do what,
//! and the durable jobs underneath.

use app::{br::Cpf, roles::Role};

use crate::{
    clients::{create, found, joao, staff},
    support::{backends, spawn_app, TestApp},
};

/// A valid CPF made from a 9-digit base, masked as people write it.
fn cpf(base: u32) -> String {
    Cpf::from_base(&format!("{base:09}"))
        .expect("a base")
        .masked()
}

/// `text` as Windows-1252 (what Excel in Brazil saves); every character here is in Latin-1.
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect()
}

/// Uploads a file and answers the new import's id.
async fn upload(app: &TestApp, cookie: &str, bytes: &[u8]) -> i64 {
    let res = app.upload(cookie, "clientes.csv", bytes).await;
    assert_eq!(res.status, 303, "{}", res.body);
    res.header("location")
        .strip_prefix("/clientes/importar/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no import page in {:?}", res.header("location")))
}

async fn view(app: &TestApp, cookie: &str, id: i64) -> serde_json::Value {
    let res = app
        .call(cookie, "/api/load_import", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

/// Starts import `id` with its proposed mapping; answers the call's status.
async fn start(app: &TestApp, cookie: &str, id: i64, mode: &str, keep_valid: &str) -> u16 {
    let data = view(app, cookie, id).await;
    let mapping: Vec<String> = data["mapping"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap_or_default().to_owned())
        .collect();
    let id = id.to_string();
    let keys: Vec<String> = (0..mapping.len())
        .map(|i| format!("mapping[{i}]"))
        .collect();
    let mut pairs: Vec<(&str, &str)> =
        vec![("id", &id), ("mode", mode), ("keep_valid", keep_valid)];
    pairs.extend(
        keys.iter()
            .map(String::as_str)
            .zip(mapping.iter().map(String::as_str)),
    );
    let res = app.call(cookie, "/api/start_import", &pairs).await;
    res.status
}

fn counts(data: &serde_json::Value) -> (i64, i64, i64, i64) {
    let s = &data["summary"];
    let n = |k: &str| s[k].as_i64().unwrap();
    (
        n("created_count"),
        n("updated_count"),
        n("skipped_count"),
        n("invalid_count"),
    )
}

fn header() -> &'static str {
    "Nome;CPF;Celular;E-mail;Cidade;UF;Data de nascimento\r\n"
}

#[tokio::test]
async fn a_windows_1252_semicolon_file_imports_its_valid_lines_and_reports_each_bad_one() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(
            &app,
            "gerente@corretora.com.br",
            Role::Manager,
            Some("Centro"),
        )
        .await;
        let mut text = header().to_owned();
        text.push_str(&format!(
            "José da Conceição;{};(11) 98765-4321;jose@exemplo.com.br;São Paulo;São Paulo;07/03/1985\r\n",
            cpf(100_000_001)
        ));
        text.push_str("Ana Inválida;123.456.789-00;;;Campinas;SP;\r\n");
        text.push_str(";;;;;;\r\n");
        text.push_str(&format!(
            "Beatriz Araújo;{};11 3333-4444;;Santos;SP;31/02/1990\r\n",
            cpf(100_000_002)
        ));
        text.push_str(&format!(
            "Caio Lima;{};(21) 99876-5432;caio@exemplo.com;Rio de Janeiro;RJ;\r\n",
            cpf(100_000_003)
        ));
        let id = upload(&app, &cookie, &windows_1252(&text)).await;

        let draft = view(&app, &cookie, id).await;
        assert_eq!(draft["encoding"], "windows-1252", "{backend:?}");
        assert_eq!(draft["separator"], ";");
        assert_eq!(draft["header"][0], "Nome");
        assert_eq!(draft["sample"][0][0], "José da Conceição");
        assert_eq!(
            draft["mapping"],
            serde_json::json!([
                "name",
                "tax_id",
                "phones",
                "emails",
                "city",
                "state",
                "birth_date"
            ])
        );

        assert_eq!(start(&app, &cookie, id, "create", "sim").await, 200);
        assert_eq!(app.run_jobs().await, 1);
        let done = view(&app, &cookie, id).await;
        assert_eq!(done["summary"]["status"], "done", "{backend:?}");
        assert_eq!(counts(&done), (2, 0, 0, 2), "{backend:?}");
        let lines: Vec<i64> = done["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["line"].as_i64().unwrap())
            .collect();
        // The blank line 4 is not a line of data; line 5 has a date that does not exist.
        assert_eq!(lines, vec![3, 5], "{backend:?}");
        assert_eq!(
            done["problems"][0]["reasons"][0],
            serde_json::json!(["tax_id", "cpf_invalid"])
        );

        assert_eq!(
            found(&app, &cookie, &[("filter[query]", "jose conceicao")]).await,
            vec!["José da Conceição"]
        );
        assert_eq!(
            found(&app, &cookie, &[("filter[query]", "21 99876 5432")]).await,
            vec!["Caio Lima"]
        );

        let report = app
            .get_as(&cookie, &format!("/clientes/importar/{id}/relatorio.csv"))
            .await;
        assert_eq!(report.status, 200);
        assert!(report.header("content-type").starts_with("text/csv"));
        let rows: Vec<&str> = report.body.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(rows[0], "Linha;Resultado;Cliente;Código do cliente;Motivo");
        assert!(
            rows.iter()
                .any(|r| r.starts_with("3;Com erro;Ana Inválida;;CPF/CNPJ: CPF inválido")),
            "{rows:?}"
        );
        assert!(
            rows.iter()
                .any(|r| r.starts_with("2;Criado;José da Conceição;")),
            "{rows:?}"
        );
        assert_eq!(app.audit_count("client_import.finish").await, 1);
    }
}

#[tokio::test]
async fn a_comma_separated_utf8_file_with_a_bom_and_quoted_cells_is_read_too() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        let text = "\u{feff}Razão social,CNPJ,Telefone,Tags\n\
                    \"Oficina Irmãos Souza, Ltda\",11.222.333/0001-81,(31) 3222-1111,\"frota, vip\"\n";
        let id = upload(&app, &cookie, text.as_bytes()).await;
        let draft = view(&app, &cookie, id).await;
        assert_eq!(
            (draft["encoding"].as_str(), draft["separator"].as_str()),
            (Some("utf-8"), Some(","))
        );
        assert_eq!(start(&app, &cookie, id, "create", "sim").await, 200);
        app.run_jobs().await;
        assert_eq!(
            counts(&view(&app, &cookie, id).await),
            (1, 0, 0, 0),
            "{backend:?}"
        );
        let res = app
            .call(
                &cookie,
                "/api/list_clients",
                &[("filter[query]", "irmaos souza")],
            )
            .await;
        let row = &res.json()["rows"][0];
        assert_eq!(row["kind"], "pj", "the document made it a company");
        assert_eq!(row["name"], "Oficina Irmãos Souza, Ltda");
    }
}

#[tokio::test]
async fn choosing_all_or_nothing_writes_nothing_when_a_line_is_invalid() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(
            &app,
            "gerente@corretora.com.br",
            Role::Manager,
            Some("Centro"),
        )
        .await;
        let text = format!(
            "{}Válida;{};;;;;\r\nSem nome;{};;;;;\r\n;{};;;;;\r\n",
            header(),
            cpf(200_000_001),
            "529.982.247-25",
            cpf(200_000_002)
        );
        let id = upload(&app, &cookie, text.as_bytes()).await;
        assert_eq!(start(&app, &cookie, id, "create", "nao").await, 200);
        app.run_jobs().await;
        let refused = view(&app, &cookie, id).await;
        assert_eq!(refused["summary"]["status"], "refused", "{backend:?}");
        assert_eq!(counts(&refused), (0, 0, 0, 1));
        assert_eq!(refused["problems"][0]["line"], 4);
        assert!(
            found(&app, &cookie, &[]).await.is_empty(),
            "nothing was written"
        );
        assert!(!refused["can_revert"].as_bool().unwrap());
    }
}

#[tokio::test]
async fn update_on_match_completes_clients_found_by_cpf_then_phone_and_create_only_skips_them() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        let joao_id = create(&app, &cookie, &joao()).await;
        let text = format!(
            "{}João C. da Silva;529.982.247-25;;joao.novo@exemplo.com;Contagem;MG;\r\n\
             Só o telefone;;31988887777;;;;\r\n\
             João de novo;529.982.247-25;;;;;\r\n\
             Pessoa Nova;{};;;;;\r\n",
            header(),
            cpf(300_000_001)
        );
        let create_only = upload(&app, &cookie, text.as_bytes()).await;
        assert_eq!(
            start(&app, &cookie, create_only, "create", "sim").await,
            200
        );
        app.run_jobs().await;
        let skipped = view(&app, &cookie, create_only).await;
        assert_eq!(counts(&skipped), (1, 0, 3, 0), "{backend:?}");
        assert_eq!(
            skipped["problems"][0]["reasons"][0],
            serde_json::json!(["tax_id", "import_exists"])
        );
        assert_eq!(skipped["problems"][0]["client_id"], joao_id);

        let update = upload(&app, &cookie, text.as_bytes()).await;
        assert_eq!(start(&app, &cookie, update, "update", "sim").await, 200);
        app.run_jobs().await;
        let updated = view(&app, &cookie, update).await;
        // Line 2 completes João (by CPF); line 3 finds him by phone, but he was already written
        // by this import; line 4 is him again; line 5 exists since the first import: unchanged.
        assert_eq!(counts(&updated), (0, 1, 3, 0), "{backend:?}");
        let reasons: Vec<&str> = updated["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["reasons"][0][1].as_str().unwrap())
            .collect();
        assert_eq!(
            reasons,
            vec!["import_repeated", "import_repeated", "import_unchanged"]
        );
        let profile = app
            .call(
                &cookie,
                "/api/client_profile",
                &[("id", &joao_id.to_string())],
            )
            .await;
        let client = &profile.json()["client"];
        assert_eq!(client["name"], "João C. da Silva");
        assert_eq!(client["city"], "Contagem");
        assert_eq!(
            client["emails"],
            serde_json::json!(["joao.silva@exemplo.com.br", "joao.novo@exemplo.com"]),
            "e-mails are added, never replaced"
        );
        assert_eq!(
            client["tags"],
            serde_json::json!(["VIP"]),
            "what the file does not say stays"
        );
    }
}

#[tokio::test]
async fn a_revert_removes_created_clients_restores_updated_ones_and_keeps_those_changed_since() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        let joao_id = create(&app, &cookie, &joao()).await;
        let text = format!(
            "{}João Atualizado;529.982.247-25;;;Contagem;MG;\r\nNova Um;{};;;;;\r\nNova Dois;{};;;;;\r\n",
            header(),
            cpf(400_000_001),
            cpf(400_000_002)
        );
        let id = upload(&app, &cookie, text.as_bytes()).await;
        assert_eq!(start(&app, &cookie, id, "update", "sim").await, 200);
        app.run_jobs().await;
        let done = view(&app, &cookie, id).await;
        assert_eq!(counts(&done), (2, 1, 0, 0), "{backend:?}");
        assert!(done["can_revert"].as_bool().unwrap());

        // Someone logs a call on "Nova Dois" after the import: it must survive the revert.
        let nova_dois = found(&app, &cookie, &[("filter[query]", "nova dois")]).await;
        assert_eq!(nova_dois.len(), 1);
        let list = app
            .call(
                &cookie,
                "/api/list_clients",
                &[("filter[query]", "nova dois")],
            )
            .await;
        let kept_id = list.json()["rows"][0]["id"].as_i64().unwrap();
        // The clock must move past the import's end for "after the import" to mean anything.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let note = app
            .call(
                &cookie,
                "/api/add_client_note",
                &[
                    ("id", &kept_id.to_string()),
                    ("kind", "call"),
                    ("body", "Ligou pedindo cotação"),
                ],
            )
            .await;
        assert!(note.status < 400, "{}", note.body);

        let res = app
            .call(&cookie, "/api/revert_import", &[("id", &id.to_string())])
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(
            view(&app, &cookie, id).await["summary"]["status"],
            "reverting"
        );
        app.run_jobs().await;
        let reverted = view(&app, &cookie, id).await;
        assert_eq!(reverted["summary"]["status"], "reverted", "{backend:?}");
        assert_eq!(reverted["summary"]["reverted_rows"], 2);
        assert_eq!(reverted["summary"]["kept_count"], 1);
        assert_eq!(reverted["problems"][0]["outcome"], "kept");

        let mut names = found(&app, &cookie, &[]).await;
        names.sort();
        assert_eq!(names, vec!["João Conceição da Silva", "Nova Dois"]);
        let profile = app
            .call(
                &cookie,
                "/api/client_profile",
                &[("id", &joao_id.to_string())],
            )
            .await;
        assert_eq!(
            profile.json()["client"]["city"],
            "Belo Horizonte",
            "João got back his city"
        );
        // Asking again changes nothing.
        let again = app
            .call(&cookie, "/api/revert_import", &[("id", &id.to_string())])
            .await;
        assert_eq!(again.status, 200);
        assert_eq!(app.run_jobs().await, 0);
    }
}

#[tokio::test]
async fn users_cannot_import_and_nobody_sees_another_persons_import() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, user) = staff(
            &app,
            "corretor@corretora.com.br",
            Role::User,
            Some("Centro"),
        )
        .await;
        let (_, manager_a) = staff(&app, "a@corretora.com.br", Role::Manager, Some("Centro")).await;
        let (_, manager_b) = staff(&app, "b@corretora.com.br", Role::Manager, Some("Norte")).await;
        let (_, admin) = staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        let text = format!("{}Ana;{};;;;;\r\n", header(), cpf(500_000_001));

        let denied = app.upload(&user, "x.csv", text.as_bytes()).await;
        assert_eq!(denied.status, 403, "{backend:?}");
        assert!(app.audit_count("authz.denied").await >= 1);

        let id = upload(&app, &manager_a, text.as_bytes()).await.to_string();
        let other = app
            .call(&manager_b, "/api/load_import", &[("id", &id)])
            .await;
        assert_eq!(other.status, 404);
        let report = app
            .get_as(
                &manager_b,
                &format!("/clientes/importar/{id}/relatorio.csv"),
            )
            .await;
        assert_eq!(report.status, 404);
        let start = app
            .call(
                &manager_b,
                "/api/start_import",
                &[("id", &id), ("mode", "create"), ("keep_valid", "sim")],
            )
            .await;
        assert_eq!(start.status, 404);
        assert_eq!(
            app.call(&user, "/api/load_import", &[("id", &id)])
                .await
                .status,
            403
        );
        assert_eq!(
            app.call(&admin, "/api/load_import", &[("id", &id)])
                .await
                .status,
            200
        );
        let listed = app.call(&manager_b, "/api/list_imports", &[]).await;
        assert_eq!(listed.json(), serde_json::json!([]));
    }
}

#[tokio::test]
async fn files_that_are_not_spreadsheets_are_refused_with_a_reason_and_nothing_is_kept() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        for (bytes, reason) in [
            (b"".to_vec(), "import_empty"),
            (b"Nome;CPF\r\n".to_vec(), "import_no_rows"),
            (vec![b'x'; 11 * 1024 * 1024], "import_too_large"),
            (
                format!("{}\n", vec!["c"; 101].join(";")).into_bytes(),
                "import_too_many_columns",
            ),
        ] {
            let res = app.upload(&cookie, "x.csv", &bytes).await;
            assert_eq!(res.status, 303, "{backend:?} {reason}");
            assert_eq!(
                res.header("location"),
                format!("/clientes/importar?erro={reason}")
            );
        }
        let page = app
            .get_as(&cookie, "/clientes/importar?erro=import_no_rows")
            .await;
        assert!(
            page.body.contains("não tem linhas de dados"),
            "the page says why"
        );
        let listed = app.call(&cookie, "/api/list_imports", &[]).await;
        assert_eq!(listed.json(), serde_json::json!([]));
        // A mapping without the name column cannot start.
        let id = upload(
            &app,
            &cookie,
            format!("Documento\r\n{}\r\n", cpf(1)).as_bytes(),
        )
        .await;
        let res = app
            .call(
                &cookie,
                "/api/start_import",
                &[
                    ("id", &id.to_string()),
                    ("mapping[0]", "tax_id"),
                    ("mode", "create"),
                    ("keep_valid", "sim"),
                ],
            )
            .await;
        assert_eq!(res.status, 400);
        assert!(res.body.contains("import_name_unmapped"), "{}", res.body);
    }
}

#[tokio::test]
async fn an_export_imports_back_as_it_is_every_line_found_and_nothing_changed() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        create(&app, &cookie, &joao()).await;
        let second_cpf = cpf(600_000_001);
        create(
            &app,
            &cookie,
            &[
                ("client[kind]", "pf"),
                ("client[name]", "=Ana; \"Nogueira\""),
                ("client[tax_id]", &second_cpf),
                ("client[birth_date]", "1985-03-07"),
                ("client[phones][0][number]", "(11) 98765-4321"),
                ("client[phones][0][kind]", "mobile"),
                ("client[phones][0][whatsapp]", "on"),
                ("client[phones][1][number]", "(11) 3333-4444"),
                ("client[phones][1][kind]", "home"),
                ("client[emails][0]", "ana@exemplo.com.br"),
                ("client[emails][1]", "ana.trabalho@exemplo.com"),
                ("client[tags]", "VIP, frota"),
                ("client[lines][]", "auto"),
                ("client[lines][]", "saude"),
                ("client[source]", "indicacao"),
                ("client[cep]", "01310-100"),
                ("client[street]", "Avenida Paulista"),
                ("client[street_number]", "1000"),
                ("client[district]", "Bela Vista"),
                ("client[city]", "São Paulo"),
                ("client[state]", "SP"),
                ("client[notes]", "Prefere contato à tarde"),
                ("client[marketing_consent]", "on"),
                ("client[consent_channel]", "whatsapp"),
            ],
        )
        .await;
        create(
            &app,
            &cookie,
            &[
                ("client[kind]", "pj"),
                ("client[name]", "Oficina Irmãos Souza Ltda"),
                ("client[trade_name]", "Oficina do Zé"),
                ("client[tax_id]", "11.222.333/0001-81"),
                ("client[contact_name]", "José Souza"),
            ],
        )
        .await;
        let export = app.get_as(&cookie, "/clientes/exportar.csv").await;
        assert_eq!(export.status, 200, "{}", export.body);

        let id = upload(&app, &cookie, export.body.as_bytes()).await;
        let draft = view(&app, &cookie, id).await;
        let mapped: Vec<&str> = draft["mapping"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        assert_eq!(
            mapped.len(),
            23,
            "every client column is recognised: {mapped:?}"
        );
        assert_eq!(start(&app, &cookie, id, "update", "nao").await, 200);
        app.run_jobs().await;
        let done = view(&app, &cookie, id).await;
        assert_eq!(done["summary"]["status"], "done", "{backend:?} {done}");
        assert_eq!(counts(&done), (0, 0, 3, 0), "{backend:?} {done}");
        for problem in done["problems"].as_array().unwrap() {
            assert_eq!(problem["reasons"][0][1], "import_unchanged", "{problem}");
        }
    }
}

#[tokio::test]
async fn old_imports_forget_names_and_before_images_and_unstarted_drafts_go() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        create(&app, &cookie, &joao()).await;
        let text = format!("{}João Atualizado;529.982.247-25;;;;;\r\n", header());
        let done = upload(&app, &cookie, text.as_bytes()).await;
        assert_eq!(start(&app, &cookie, done, "update", "sim").await, 200);
        app.run_jobs().await;
        let draft = upload(&app, &cookie, text.as_bytes()).await;
        let kept = |sql: &'static str| {
            let db = app.db.clone();
            async move {
                app::on_pool!(&db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await)
                    .unwrap()
            }
        };
        const PERSONAL: &str =
            "SELECT COUNT(*) FROM client_import_rows WHERE label IS NOT NULL OR before IS NOT NULL";
        assert_eq!(kept(PERSONAL).await, 1, "{backend:?}");

        let now = time::OffsetDateTime::now_utc();
        let forget = app::clients::import::repo::forget_old;
        assert_eq!(
            forget(
                &app.db,
                now - time::Duration::days(1),
                now - time::Duration::days(1)
            )
            .await
            .unwrap(),
            0
        );
        assert_eq!(
            forget(
                &app.db,
                now + time::Duration::days(1),
                now + time::Duration::days(1)
            )
            .await
            .unwrap(),
            2
        );
        assert_eq!(kept(PERSONAL).await, 0);
        assert_eq!(
            kept("SELECT COUNT(*) FROM client_import_rows").await,
            1,
            "the outcome stays"
        );
        let gone = app
            .call(&cookie, "/api/load_import", &[("id", &draft.to_string())])
            .await;
        assert_eq!(gone.status, 404);
    }
}
