//! A policy's documents over HTTP on both engines: attached through the plain multipart form
//! (type told by the bytes, 10 MiB, nothing stored when refused), downloaded byte for byte as an
//! attachment that is never sniffed, kept within the client's record scope (SECURITY.md §20:
//! 404 for upload, download and removal by anyone outside it), removed only by the uploader,
//! managers and admins, every step audited.

use app::{on_pool, roles::Role};

use crate::{
    clients::{create as create_client, joao, staff},
    policies::{auto, create as create_policy, refs, view, with},
    support::{backends, spawn_app, TestApp, TestResponse},
};

/// A PDF of `size` bytes (a real header, then filler).
fn pdf(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    bytes.resize(size, b'0');
    bytes
}

/// A client of the holder of `cookie` with one auto policy (a number of its own); answers the
/// policy's id.
async fn policy_of(app: &TestApp, cookie: &str) -> i64 {
    static NUMBER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    const CPFS: [&str; 3] = ["529.982.247-25", "111.444.777-35", "123.456.789-09"];
    let n = NUMBER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // Each call makes a new client, so each needs a CPF of its own (two per test at most).
    let cpf = CPFS[usize::from(policy_count(app).await > 0)];
    let mut fields = joao();
    if let Some(field) = fields.iter_mut().find(|(k, _)| *k == "client[tax_id]") {
        field.1 = cpf;
    }
    let client = create_client(app, cookie, &fields).await.to_string();
    let (insurer, _, line) = refs(app).await;
    let number = format!("77.0531.{n:06}");
    let form = with(
        &auto(&client, &insurer, &line),
        &[("policy[policy_number]", &number)],
    );
    create_policy(app, cookie, &form).await
}

async fn policy_count(app: &TestApp) -> i64 {
    on_pool!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM policies")
        .fetch_one(pool).await)
    .unwrap()
}

async fn attach(
    app: &TestApp,
    cookie: &str,
    policy: i64,
    kind: &str,
    name: &str,
    bytes: &[u8],
) -> TestResponse {
    let path = format!("/apolices/{policy}/documentos");
    let file = ("arquivo", name, "application/octet-stream", bytes);
    app.post_multipart(cookie, &path, &[("tipo", kind)], file)
        .await
}

async fn stored(app: &TestApp) -> (i64, i64) {
    let docs: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM policy_documents").fetch_one(pool).await)
    .unwrap();
    let contents: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM policy_document_contents").fetch_one(pool).await)
    .unwrap();
    (docs, contents)
}

async fn documents(app: &TestApp, cookie: &str, policy: i64) -> Vec<serde_json::Value> {
    let (status, data) = view(app, cookie, policy).await;
    assert_eq!(status, 200);
    data["documents"].as_array().unwrap().clone()
}

async fn remove(app: &TestApp, cookie: &str, policy: i64, doc: i64) -> TestResponse {
    let (policy, doc) = (policy.to_string(), doc.to_string());
    app.call(
        cookie,
        "/api/remove_policy_document",
        &[("policy", &policy), ("document", &doc)],
    )
    .await
}

#[tokio::test]
async fn an_attached_pdf_downloads_byte_for_byte_as_an_attachment_and_shows_on_the_timeline() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let policy = policy_of(&app, &cookie).await;
        // 3 MiB: past axum's own 2 MB default for multipart bodies, within ours.
        let bytes = pdf(3 * 1024 * 1024);
        let res = attach(&app, &cookie, policy, "apolice", "Apólice 2026.pdf", &bytes).await;
        assert_eq!(res.status, 303, "{backend:?}: {}", res.body);
        assert_eq!(
            res.header("location"),
            format!("/apolices/{policy}?documento=anexado#documentos"),
            "{backend:?}"
        );

        let docs = documents(&app, &cookie, policy).await;
        assert_eq!(docs.len(), 1, "{backend:?}");
        let doc = &docs[0];
        assert_eq!(doc["file_name"], "Apólice 2026.pdf", "{backend:?}");
        assert_eq!(doc["kind"], "apolice", "{backend:?}");
        assert_eq!(doc["media_type"], "Pdf", "{backend:?}");
        assert_eq!(doc["size_bytes"], bytes.len(), "{backend:?}");
        assert_eq!(
            doc["removable"], true,
            "{backend:?}: the uploader may remove it"
        );

        let id = doc["id"].as_i64().unwrap();
        let res = app
            .get_as(&cookie, &format!("/apolices/{policy}/documentos/{id}"))
            .await;
        assert_eq!(res.status, 200, "{backend:?}");
        assert_eq!(res.header("content-type"), "application/pdf", "{backend:?}");
        assert!(
            res.header("content-disposition").starts_with("attachment;")
                && res
                    .header("content-disposition")
                    .contains("filename*=UTF-8''Ap%C3%B3lice%202026.pdf"),
            "{backend:?}: {}",
            res.header("content-disposition")
        );
        assert_eq!(
            res.header("x-content-type-options"),
            "nosniff",
            "{backend:?}"
        );
        assert!(
            res.header("cache-control").contains("no-store"),
            "{backend:?}"
        );
        assert!(
            res.bytes == bytes,
            "{backend:?}: the bytes come back unchanged"
        );

        assert_eq!(
            app.audit_count("policy.document_add").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            app.audit_count("policy.document_download").await,
            1,
            "{backend:?}"
        );
        let client: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT client_id FROM policies WHERE id = $1").bind(policy).fetch_one(pool).await)
        .unwrap();
        let res = app
            .call(
                &cookie,
                "/api/client_profile",
                &[("id", &client.to_string())],
            )
            .await;
        let kinds: Vec<String> = res.json()["timeline"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            kinds.iter().any(|k| k == "policy.document_add"),
            "{backend:?}: {kinds:?}"
        );
        assert!(
            !kinds.iter().any(|k| k == "policy.document_download"),
            "{backend:?}: downloads stay off the timeline"
        );

        let page = app.get_as(&cookie, &format!("/apolices/{policy}")).await;
        assert!(
            page.body
                .contains(&format!("/apolices/{policy}/documentos/{id}"))
                && page.body.contains("Apólice 2026.pdf"),
            "{backend:?}: the page links the download"
        );

        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let trail = app.get_as(&admin, "/admin/auditoria").await;
        for label in [
            "Documento anexado",
            "Documento de apólice baixado",
            "Apólice cadastrada",
        ] {
            assert!(
                trail.body.contains(label),
                "{backend:?}: the audit viewer names {label}"
            );
        }
    }
}

#[tokio::test]
async fn files_that_are_not_pdf_jpeg_or_png_empty_or_over_10_mib_are_refused_and_nothing_is_stored()
{
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let policy = policy_of(&app, &cookie).await;
        let html = b"<html><script>alert(document.cookie)</script></html>".to_vec();
        let over = pdf(10 * 1024 * 1024 + 1);
        let far_over = pdf(11 * 1024 * 1024);
        let cases: [(&str, &str, &[u8], &str); 5] = [
            ("apolice", "apolice.pdf", &html, "document_type"),
            ("apolice", "vazio.pdf", b"", "document_empty"),
            (
                "executavel",
                "apolice.pdf",
                &pdf(100),
                "document_kind_invalid",
            ),
            ("apolice", "grande.pdf", &over, "document_too_large"),
            ("apolice", "enorme.pdf", &far_over, "document_too_large"),
        ];
        for (kind, name, bytes, reason) in cases {
            let res = attach(&app, &cookie, policy, kind, name, bytes).await;
            assert_eq!(res.status, 303, "{backend:?} {name}: {}", res.body);
            assert_eq!(
                res.header("location"),
                format!("/apolices/{policy}?documento={reason}#documentos"),
                "{backend:?} {name}"
            );
        }
        assert_eq!(stored(&app).await, (0, 0), "{backend:?}");
        assert_eq!(
            app.audit_count("policy.document_add").await,
            0,
            "{backend:?}"
        );

        let page = app
            .get_as(
                &cookie,
                &format!("/apolices/{policy}?documento=document_type"),
            )
            .await;
        assert!(
            page.body.contains("Só aceitamos PDF, JPEG ou PNG"),
            "{backend:?}: the reason is shown in Portuguese"
        );

        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let res = attach(&app, &cookie, policy, "vistoria", "frente.pdf", &png).await;
        assert_eq!(res.status, 303, "{backend:?}");
        let docs = documents(&app, &cookie, policy).await;
        assert_eq!(
            docs[0]["file_name"], "frente.pdf.png",
            "{backend:?}: the name gets the real type's extension"
        );
        assert_eq!(docs[0]["media_type"], "Png", "{backend:?}");
    }
}

#[tokio::test]
async fn a_policy_outside_the_callers_scope_answers_404_to_upload_download_and_removal() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, bia) = staff(&app, "bia@monteiro.com.br", Role::User, None).await;
        let policy = policy_of(&app, &ana).await;
        attach(
            &app,
            &ana,
            policy,
            "cnh",
            "cnh.jpg",
            b"\xFF\xD8\xFF\xE0jpeg",
        )
        .await;
        let doc = documents(&app, &ana, policy).await[0]["id"]
            .as_i64()
            .unwrap();

        let res = attach(&app, &bia, policy, "cnh", "outra.pdf", &pdf(50)).await;
        assert_eq!(res.status, 404, "{backend:?}: upload");
        let res = app
            .get_as(&bia, &format!("/apolices/{policy}/documentos/{doc}"))
            .await;
        assert_eq!(res.status, 404, "{backend:?}: download");
        assert!(
            res.bytes.len() < 100 && !res.body.contains("JFIF"),
            "{backend:?}"
        );
        let res = remove(&app, &bia, policy, doc).await;
        assert_eq!(res.status, 404, "{backend:?}: removal");

        // Her own policy does not open a door to another policy's document.
        let own = policy_of(&app, &bia).await;
        let res = app
            .get_as(&bia, &format!("/apolices/{own}/documentos/{doc}"))
            .await;
        assert_eq!(res.status, 404, "{backend:?}: a document of another policy");
        let res = remove(&app, &bia, own, doc).await;
        assert_eq!(res.status, 404, "{backend:?}");

        let res = app
            .get(&format!("/apolices/{policy}/documentos/{doc}"), &[])
            .await;
        assert!(
            res.status == 401 || res.header("location").starts_with("/login"),
            "{backend:?}: a visitor gets nothing ({})",
            res.status
        );
        assert_eq!(
            stored(&app).await,
            (1, 1),
            "{backend:?}: nothing added or removed"
        );
        assert_eq!(
            app.audit_count("policy.document_add").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            app.audit_count("policy.document_download").await,
            0,
            "{backend:?}"
        );
        assert_eq!(
            app.audit_count("policy.document_remove").await,
            0,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn only_the_uploader_managers_and_admins_remove_a_document_and_each_removal_is_audited() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let (_, manager) =
            staff(&app, "gerente@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let policy = policy_of(&app, &ana).await;
        attach(&app, &admin, policy, "apolice", "apolice.pdf", &pdf(400)).await;
        attach(&app, &ana, policy, "crlv", "crlv.pdf", &pdf(300)).await;
        let docs = documents(&app, &ana, policy).await;
        let by_name = |name: &str| {
            let doc = docs.iter().find(|d| d["file_name"] == name).unwrap();
            (
                doc["id"].as_i64().unwrap(),
                doc["removable"].as_bool().unwrap(),
            )
        };
        let (admins, ana_may_remove_admins) = by_name("apolice.pdf");
        let (anas, ana_may_remove_hers) = by_name("crlv.pdf");
        assert!(!ana_may_remove_admins && ana_may_remove_hers, "{backend:?}");

        let res = remove(&app, &ana, policy, admins).await;
        assert_eq!(res.status, 403, "{backend:?}: not hers");
        assert_eq!(stored(&app).await, (2, 2), "{backend:?}");

        let res = remove(&app, &ana, policy, anas).await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);
        let res = remove(&app, &manager, policy, admins).await;
        assert!(res.status < 400, "{backend:?}: the team's manager may");
        assert_eq!(
            stored(&app).await,
            (0, 0),
            "{backend:?}: bytes go with the rows"
        );
        assert_eq!(
            app.audit_count("policy.document_remove").await,
            2,
            "{backend:?}"
        );
        let res = remove(&app, &admin, policy, anas).await;
        assert_eq!(res.status, 404, "{backend:?}: already gone");
    }
}

#[tokio::test]
async fn the_lgpd_export_holds_the_clients_policies_their_documents_and_their_audit_rows() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let policy = policy_of(&app, &ana).await;
        attach(
            &app,
            &ana,
            policy,
            "cnh",
            "cnh-joao.jpg",
            b"\xFF\xD8\xFF\xE0jpeg",
        )
        .await;
        let client: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT client_id FROM policies WHERE id = $1").bind(policy).fetch_one(pool).await)
        .unwrap();

        let res = app
            .get_as(&admin, &format!("/clientes/{client}/dados.json"))
            .await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        let data = res.json();
        let policies = data["policies"].as_array().unwrap();
        assert_eq!(policies.len(), 1, "{backend:?}");
        assert_eq!(policies[0]["id"], policy, "{backend:?}");
        assert_eq!(policies[0]["vehicle_plate"], "BRA2E19", "{backend:?}");
        let docs = data["documents"].as_array().unwrap();
        assert_eq!(docs.len(), 1, "{backend:?}");
        assert_eq!(docs[0]["file_name"], "cnh-joao.jpg", "{backend:?}");
        assert_eq!(docs[0]["kind"], "cnh", "{backend:?}");
        let actions: Vec<&str> = data["audit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["action"].as_str().unwrap())
            .collect();
        for action in ["client.create", "policy.create", "policy.document_add"] {
            assert!(
                actions.contains(&action),
                "{backend:?}: {action} in {actions:?}"
            );
        }

        let res = app
            .get_as(&admin, &format!("/clientes/{client}/dados.csv"))
            .await;
        assert!(
            res.body.contains("apólice 1;vehicle_plate;BRA2E19")
                && res.body.contains("documento 1;file_name;cnh-joao.jpg"),
            "{backend:?}: {}",
            res.body
        );
    }
}

#[tokio::test]
async fn anonymising_a_client_keeps_its_policy_and_contract_papers_but_deletes_identity_documents_and_free_text(
) {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, admin) = staff(&app, "chefe@monteiro.com.br", Role::Admin, None).await;
        let policy = policy_of(&app, &ana).await;
        on_pool!(&app.db, pool => sqlx::query(
            "UPDATE policies SET notes = 'Falar com João Conceição à tarde' WHERE id = $1")
            .bind(policy).execute(pool).await.map(|_| ()))
        .unwrap();
        attach(&app, &ana, policy, "apolice", "apolice.pdf", &pdf(500)).await;
        let cnh = "CNH João Conceição da Silva.jpg";
        attach(&app, &ana, policy, "cnh", cnh, b"\xFF\xD8\xFF\xE0jpeg").await;
        attach(
            &app,
            &ana,
            policy,
            "crlv",
            "crlv.png",
            b"\x89PNG\r\n\x1a\n....",
        )
        .await;
        let client: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT client_id FROM policies WHERE id = $1").bind(policy).fetch_one(pool).await)
        .unwrap();

        let pairs = [
            ("id", client.to_string()),
            ("confirm", "joao conceicao da silva".to_owned()),
        ];
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.call(&admin, "/api/anonymize_client", &pairs).await;
        assert!(res.status < 400, "{backend:?}: {} {}", res.status, res.body);

        let docs = documents(&app, &admin, policy).await;
        let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            ["apolice"],
            "{backend:?}: the contract's own paper stays"
        );
        assert_eq!(
            stored(&app).await,
            (1, 1),
            "{backend:?}: identity files are gone, bytes too"
        );
        let (status, data) = view(&app, &admin, policy).await;
        assert_eq!(status, 200, "{backend:?}: the policy stays");
        assert_eq!(data["policy"]["notes"], "[removido]", "{backend:?}");
        assert!(
            data["policy"]["policy_number"]
                .as_str()
                .is_some_and(|n| n.starts_with("77.0531.")),
            "{backend:?}: the contract's data stays"
        );
        let changes: String = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT changes FROM audit_log WHERE action = 'client.anonymize'")
            .fetch_one(pool).await)
        .unwrap();
        let changes: serde_json::Value = serde_json::from_str(&changes).unwrap();
        assert_eq!(changes["deleted_documents"], 2, "{backend:?}");
        let named: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE LOWER(changes) LIKE '%conceição%'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            named, 0,
            "{backend:?}: no audit row names the person any more"
        );
    }
}
