//! The clients CSV export, the "criado entre" filter and handing clients over, on both engines:
//! an export holds exactly the caller's scope under the list's filters (SECURITY.md §20), in
//! the spreadsheet columns the import reads, defused against formulas and audited; owners move
//! only as the role matrix allows (§19), denials audited; the owner filter lists only the staff
//! whose clients the viewer may see.

use app::{clients::columns::Column, on_pool, roles::Role};
use time::macros::datetime;

use crate::{
    clients::{create, found, joao},
    support::{backends, spawn_app, TestApp},
};

/// A signed-in staff member named after their e-mail's local part (`ana@…` is "ana");
/// answers (id, cookie).
async fn staff(app: &TestApp, email: &str, role: Role, team: Option<&str>) -> (i64, String) {
    let (id, cookie) = crate::clients::staff(app, email, role, team).await;
    let name = email.split('@').next().unwrap_or_default();
    on_pool!(&app.db, pool => sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
        .bind(name).bind(id).execute(pool).await.map(|_| ()))
    .unwrap();
    (id, cookie)
}

const EXPORT: &str = "/clientes/exportar.csv";

/// The export for `cookie` with `query`: (status, file name, lines without the BOM).
async fn export(app: &TestApp, cookie: &str, query: &str) -> (u16, String, Vec<String>) {
    let path = if query.is_empty() {
        EXPORT.to_owned()
    } else {
        format!("{EXPORT}?{query}")
    };
    let res = app.get_as(cookie, &path).await;
    let disposition = res.header("content-disposition").to_owned();
    let name = disposition
        .split("filename=\"")
        .nth(1)
        .map(|n| n.trim_end_matches('"').to_owned())
        .unwrap_or_default();
    if res.status == 200 {
        assert!(res.body.starts_with('\u{feff}'), "a BOM first");
        assert!(res.header("content-type").starts_with("text/csv"));
        assert_eq!(res.header("cache-control"), "no-store");
        assert_eq!(res.header("x-content-type-options"), "nosniff");
    }
    let lines = res
        .body
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    (res.status, name, lines)
}

/// The names (second column) of an export's clients.
fn names(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .skip(1)
        .map(|l| l.split(';').nth(1).unwrap_or_default().to_owned())
        .collect()
}

fn maria() -> Vec<(&'static str, &'static str)> {
    vec![
        ("client[kind]", "pf"),
        ("client[name]", "Maria Souza"),
        ("client[tags]", "Frota"),
    ]
}

#[tokio::test]
async fn an_export_holds_exactly_the_callers_scope_in_the_columns_the_import_reads() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, joana) = staff(&app, "joana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, bruno) = staff(&app, "bruno@monteiro.com.br", Role::User, Some("Vida")).await;
        let (_, gerente) =
            staff(&app, "gerente@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let id = create(&app, &ana, &joao()).await;
        create(&app, &bruno, &maria()).await;
        let pedro = [("client[kind]", "pf"), ("client[name]", "Pedro Lima")];
        create(&app, &joana, &pedro).await;

        let (status, name, lines) = export(&app, &ana, "").await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(
            name.starts_with("clientes-") && name.ends_with(".csv") && name.len() == 23,
            "{name}"
        );
        let mut headers: Vec<&str> = Column::ALL.iter().map(|c| c.header()).collect();
        headers.extend(["Responsável", "Equipe", "Criado em", "Código"]);
        assert_eq!(lines[0], headers.join(";"), "{backend:?}");
        assert_eq!(names(&lines), ["João Conceição da Silva"], "{backend:?}");
        let cells: Vec<&str> = lines[1].split(';').collect();
        let at = |c: Column| cells[Column::ALL.iter().position(|x| *x == c).unwrap()];
        assert_eq!(at(Column::Kind), "PF");
        assert_eq!(at(Column::TaxId), "529.982.247-25");
        assert_eq!(at(Column::Phones), "(31) 98888-7777");
        assert_eq!(at(Column::Whatsapp), "(31) 98888-7777");
        assert_eq!(at(Column::Emails), "joao.silva@exemplo.com.br");
        assert_eq!(at(Column::Tags), "VIP");
        assert_eq!(at(Column::Lines), "Auto");
        assert_eq!(at(Column::MarketingConsent), "Não");
        assert_eq!(cells[cells.len() - 1], id.to_string());
        assert_eq!(cells[cells.len() - 3], "Auto", "the team");

        let (_, _, lines) = export(&app, &bruno, "").await;
        assert_eq!(
            names(&lines),
            ["Maria Souza"],
            "{backend:?}: never another team's"
        );
        let (_, _, lines) = export(&app, &joana, "").await;
        assert_eq!(
            names(&lines),
            ["Pedro Lima"],
            "{backend:?}: a user, only their own"
        );
        let (_, _, lines) = export(&app, &gerente, "").await;
        assert_eq!(
            names(&lines),
            ["João Conceição da Silva", "Pedro Lima"],
            "{backend:?}: a manager, their team's"
        );
        let (_, _, lines) = export(&app, &admin, "").await;
        assert_eq!(
            names(&lines),
            ["João Conceição da Silva", "Maria Souza", "Pedro Lima"],
            "{backend:?}"
        );
        assert_eq!(app.audit_count("client.export").await, 5, "{backend:?}");
        let details: Vec<String> = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT changes FROM audit_log WHERE action = 'client.export' ORDER BY id")
            .fetch_all(pool).await)
        .unwrap();
        let first: serde_json::Value = serde_json::from_str(&details[0]).unwrap();
        assert_eq!(first["rows"], 1, "{backend:?}: {first}");
        assert!(first["filter"].is_object(), "{first}");
    }
}

#[tokio::test]
async fn an_export_honours_the_lists_search_tag_and_created_between_filters() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let joao_id = create(&app, &ana, &joao()).await;
        let maria_id = create(&app, &ana, &maria()).await;
        // João came in on 10 January; Maria at 02:30 UTC on 1 February, which is still
        // 31 January (23:30) in São Paulo: days are São Paulo days.
        for (id, at) in [
            (joao_id, datetime!(2026-01-10 12:00 UTC)),
            (maria_id, datetime!(2026-02-01 02:30 UTC)),
        ] {
            on_pool!(&app.db, pool => sqlx::query("UPDATE clients SET created_at = $1 WHERE id = $2")
                .bind(at).bind(id).execute(pool).await.map(|_| ()))
            .unwrap();
        }
        let both = vec!["João Conceição da Silva", "Maria Souza"];
        for (query, expected) in [
            ("q=joao", vec!["João Conceição da Silva"]),
            ("etiqueta=frota", vec!["Maria Souza"]),
            (
                "criado_de=2026-01-11&criado_ate=2026-01-31",
                vec!["Maria Souza"],
            ),
            ("criado_de=2026-02-01", vec![]),
            (
                "criado_ate=2026-01-10&pagina=9",
                vec!["João Conceição da Silva"],
            ),
            ("criado_de=2026-01-10&criado_ate=2026-01-31", both.clone()),
            ("q=souza&criado_ate=2026-01-10", vec![]),
        ] {
            let (status, _, lines) = export(&app, &ana, query).await;
            assert_eq!(status, 200, "{backend:?} {query}");
            assert_eq!(names(&lines), expected, "{backend:?} {query}");
        }
        // The list itself filters the same way.
        assert_eq!(
            found(
                &app,
                &ana,
                &[
                    ("filter[created_from]", "2026-01-01"),
                    ("filter[created_until]", "2026-01-10")
                ]
            )
            .await,
            ["João Conceição da Silva"],
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_bad_created_date_is_a_field_error_in_the_list_and_a_400_for_the_export() {
    let app = spawn_app(app::db::Backend::Sqlite).await;
    let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
    for (pairs, field, key) in [
        (
            vec![("filter[created_from]", "31/01/2026")],
            "created_from",
            "date_invalid",
        ),
        (
            vec![
                ("filter[created_from]", "2026-02-01"),
                ("filter[created_until]", "2026-01-01"),
            ],
            "created_until",
            "date_range_invalid",
        ),
        (
            vec![("filter[created_until]", "' OR 1=1--")],
            "created_until",
            "date_invalid",
        ),
    ] {
        let res = app.call(&ana, "/api/list_clients", &pairs).await;
        assert_eq!(res.status, 400, "{}", res.body);
        assert_eq!(res.json()["fields"][field], key, "{}", res.body);
    }
    let (status, _, lines) = export(&app, &ana, "criado_de=amanha").await;
    assert_eq!(status, 400);
    assert!(lines[0].contains("Filtro inválido"), "{lines:?}");
    assert_eq!(app.audit_count("client.export").await, 0);
}

#[tokio::test]
async fn cells_a_spreadsheet_would_run_are_defused_and_visitors_are_sent_to_sign_in() {
    let app = spawn_app(app::db::Backend::Sqlite).await;
    let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
    create(
        &app,
        &ana,
        &[
            ("client[kind]", "pf"),
            ("client[name]", "=HYPERLINK(\"http://mal.example\";\"x\")"),
            ("client[notes]", "@SUM(A1)"),
            ("client[profession]", "+1+1"),
        ],
    )
    .await;
    let (status, _, lines) = export(&app, &ana, "").await;
    assert_eq!(status, 200);
    let row = &lines[1];
    assert!(
        row.contains(";\"'=HYPERLINK(\"\"http://mal.example\"\";\"\"x\"\")\";"),
        "{row}"
    );
    assert!(row.contains(";'@SUM(A1);"), "{row}");
    assert!(row.contains(";'+1+1;"), "{row}");

    let res = app.get(EXPORT, &[]).await;
    assert!(matches!(res.status, 302 | 303 | 307), "{}", res.status);
    assert!(
        res.header("location").starts_with("/login"),
        "{}",
        res.header("location")
    );
}

/// The owner's name and the team's name of client `id`.
async fn holder(app: &TestApp, id: i64) -> (Option<String>, Option<String>) {
    on_pool!(&app.db, pool => sqlx::query_as(
        "SELECT u.name, t.name FROM clients c LEFT JOIN users u ON u.id = c.owner_id \
         LEFT JOIN teams t ON t.id = c.team_id WHERE c.id = $1")
        .bind(id).fetch_one(pool).await)
    .unwrap()
}

async fn reassign(
    app: &TestApp,
    cookie: &str,
    id: i64,
    owner: i64,
) -> crate::support::TestResponse {
    app.call(
        cookie,
        "/api/reassign_client",
        &[("id", &id.to_string()), ("owner_id", &owner.to_string())],
    )
    .await
}

#[tokio::test]
async fn owners_change_only_as_the_role_matrix_allows_and_denials_are_audited() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (joana_id, _) = staff(&app, "joana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (bruno_id, _) = staff(&app, "bruno@monteiro.com.br", Role::User, Some("Vida")).await;
        let (_, gerente) =
            staff(&app, "gerente@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let (_, gerente_vida) =
            staff(&app, "gv@monteiro.com.br", Role::Manager, Some("Vida")).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let id = create(&app, &ana, &joao()).await;
        let start = (Some("ana".to_owned()), Some("Auto".to_owned()));
        assert_eq!(holder(&app, id).await, start);

        let denied = app.audit_count("authz.denied").await;
        let res = reassign(&app, &ana, id, joana_id).await;
        assert_eq!(res.status, 403, "{backend:?} a user: {}", res.body);
        assert_eq!(app.audit_count("authz.denied").await, denied + 1);
        assert_eq!(holder(&app, id).await, start);

        let res = reassign(&app, &gerente, id, bruno_id).await;
        assert_eq!(res.status, 403, "{backend:?} to another team: {}", res.body);
        assert_eq!(app.audit_count("authz.denied").await, denied + 2);
        assert_eq!(holder(&app, id).await, start);

        let res = reassign(&app, &gerente_vida, id, bruno_id).await;
        assert_eq!(
            res.status, 404,
            "{backend:?} outside the scope: {}",
            res.body
        );
        assert_eq!(holder(&app, id).await, start);

        let updates = app.audit_count("client.update").await;
        let res = reassign(&app, &gerente, id, joana_id).await;
        assert!(
            res.status < 400,
            "{backend:?} within the team: {}",
            res.body
        );
        assert_eq!(
            holder(&app, id).await,
            (Some("joana".to_owned()), Some("Auto".to_owned()))
        );
        assert_eq!(app.audit_count("client.update").await, updates + 1);

        let res = reassign(&app, &admin, id, 999_999).await;
        assert_eq!(res.status, 400, "{}", res.body);
        assert_eq!(res.json()["fields"]["owner_id"], "owner_invalid");

        let res = reassign(&app, &admin, id, bruno_id).await;
        assert!(
            res.status < 400,
            "{backend:?} an admin, anywhere: {}",
            res.body
        );
        assert_eq!(
            holder(&app, id).await,
            (Some("bruno".to_owned()), Some("Vida".to_owned())),
            "{backend:?}: the team follows the owner"
        );
        let change: String = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT changes FROM audit_log WHERE action = 'client.update' ORDER BY id DESC LIMIT 1")
            .fetch_one(pool).await)
        .unwrap();
        let change: serde_json::Value = serde_json::from_str(&change).unwrap();
        assert_eq!(
            change,
            serde_json::json!({
                "owner": {"from": "joana", "to": "bruno"},
                "team": {"from": "Auto", "to": "Vida"},
            })
        );
        // The client left the Auto manager's scope and entered the Vida one's.
        let id_text = id.to_string();
        let res = app
            .call(&gerente, "/api/client_profile", &[("id", &id_text)])
            .await;
        assert_eq!(res.status, 404, "{backend:?}");
        let res = app
            .call(&gerente_vida, "/api/client_profile", &[("id", &id_text)])
            .await;
        assert_eq!(res.status, 200, "{backend:?}");
    }
}

/// The names a server function answers as (id, name) pairs.
fn pair_names(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| pair[1].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_owner_filter_and_the_transfer_form_offer_only_staff_the_viewer_may_see() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        staff(&app, "joana@monteiro.com.br", Role::User, Some("Auto")).await;
        staff(&app, "bruno@monteiro.com.br", Role::User, Some("Vida")).await;
        let (_, gerente) =
            staff(&app, "gerente@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let id = create(&app, &ana, &joao()).await.to_string();

        let owners = |cookie: String| {
            let app = &app;
            async move {
                let res = app.call(&cookie, "/api/list_clients", &[]).await;
                assert_eq!(res.status, 200, "{}", res.body);
                pair_names(&res.json()["owners"])
            }
        };
        assert_eq!(owners(ana.clone()).await, ["ana"], "{backend:?}");
        assert_eq!(
            owners(gerente.clone()).await,
            ["ana", "gerente", "joana"],
            "{backend:?}"
        );
        assert_eq!(
            owners(admin.clone()).await,
            ["admin", "ana", "bruno", "gerente", "joana"],
            "{backend:?}"
        );

        let options = |cookie: String| {
            let app = &app;
            let id = id.clone();
            async move {
                let res = app
                    .call(&cookie, "/api/reassign_options", &[("id", &id)])
                    .await;
                assert_eq!(res.status, 200, "{}", res.body);
                pair_names(&res.json())
            }
        };
        assert!(options(ana.clone()).await.is_empty(), "{backend:?}");
        assert_eq!(options(gerente.clone()).await, ["ana", "gerente", "joana"]);
        assert_eq!(options(admin.clone()).await.len(), 5);
    }
}

/// Not a check but a measurement (run with `--ignored --nocapture`): 10 000 demo clients, then
/// the admin's export, timed on each engine.
#[tokio::test]
#[ignore]
async fn measure_exporting_ten_thousand_clients() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (admin_id, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let actor = app::users::repo::find_by_id(&app.db, admin_id)
            .await
            .unwrap()
            .unwrap();
        let now = time::OffsetDateTime::now_utc();
        for input in app::clients::demo::clients(10_000, 7) {
            app::clients::service::create(&app.db, &actor, input, now)
                .await
                .unwrap();
        }
        let scope = app::clients::scope::Scope::All;
        let filter = app::clients::ClientFilter::default();
        let started = std::time::Instant::now();
        let (rows, _) = app::clients::export::rows(&app.db, &scope, &filter, 50_000)
            .await
            .unwrap();
        let read = started.elapsed();
        let csv = app::clients::export::to_csv(&rows);
        eprintln!(
            "{backend:?}: reading {read:?}, formatting {:?} ({} bytes)",
            started.elapsed() - read,
            csv.len()
        );
        for _ in 0..3 {
            let started = std::time::Instant::now();
            let (status, _, lines) = export(&app, &admin, "").await;
            let took = started.elapsed();
            let bytes: usize = lines.iter().map(|l| l.len() + 2).sum();
            assert_eq!(status, 200);
            assert_eq!(lines.len(), 10_001);
            eprintln!("{backend:?}: 10 000 clients exported in {took:?}, {bytes} bytes");
        }
    }
}
