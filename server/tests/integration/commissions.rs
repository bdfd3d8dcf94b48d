//! The commission report over HTTP on both engines: a month's sums (expected, received,
//! estornos, net) exact in total and by producer, insurer and ramo; what was received in the
//! month whatever the due date; the aging buckets as the clock moves, without a cancelled
//! policy's instalments due after its cancellation; each producer's scope; a bad month falling
//! back to the current one; and the month's CSV.

use std::sync::Arc;

use app::{clock::ManualClock, roles::Role};
use serde_json::Value;
use time::macros::datetime;

use crate::{
    clients::{create as create_client, joao, staff, PASSWORD},
    policies::{auto, create, refs, view, with},
    support::{backends, spawn_app_with_clock, TestApp},
};

/// Two producers' policies on a clock at 20/03/2026 (São Paulo):
/// - A (Ana, first insurer, auto 0531): R$ 400,00 commission in 4 instalments of R$ 100,00 due
///   05/01, 05/02, 05/03 and 05/04; the first received on 02/03, the third on 16/03.
/// - B (Bia, second insurer, residencial 0114): R$ 365,00 in 4 of R$ 91,25 due 01/01, 01/02,
///   01/03 and 01/04; cancelled on 15/03 after 73 of 365 days: the instalment of 01/04 is
///   dropped, R$ 73,00 was earned against R$ 273,75 kept, so R$ 200,75 comes back as an
///   estorno dated 15/03.
struct World {
    app: TestApp,
    clock: Arc<ManualClock>,
    ana: (i64, String),
    bia: (i64, String),
    admin: String,
    a: i64,
    b: i64,
}

async fn world(backend: app::db::Backend) -> World {
    let clock = Arc::new(ManualClock::new());
    clock.set(datetime!(2026-03-20 15:00 UTC));
    let app = spawn_app_with_clock(backend, clock.clone()).await;
    let ana = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
    let bia = staff(&app, "bia@monteiro.com.br", Role::User, Some("Vida")).await;
    let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
    let (first, second, auto_line) = refs(&app).await;
    let residencial = crate::policies::id_by_code(&app, "insurance_lines", "0114").await;

    let joao = create_client(&app, &ana.1, &joao()).await.to_string();
    let a = create(&app, &ana.1, &auto(&joao, &first, &auto_line)).await;
    let maria = [
        ("client[kind]", "pf"),
        ("client[name]", "Maria Aparecida Souza"),
    ];
    let maria = create_client(&app, &bia.1, &maria).await.to_string();
    let b_form = with(
        &auto(&maria, &second, &residencial),
        &[
            ("policy[policy_number]", "B-0114-1"),
            ("policy[starts_on]", "2026-01-01"),
            ("policy[ends_on]", "2027-01-01"),
            ("policy[net_premium]", "3.650,00"),
            ("policy[installment_fee]", "0"),
            ("policy[policy_fee]", "0"),
            ("policy[commission_rate]", "10"),
            ("policy[item_kind]", ""),
        ],
    );
    let b = create(&app, &bia.1, &b_form).await;

    let (_, data) = view(&app, &ana.1, a).await;
    let entry = |n: usize| data["commissions"][n]["id"].to_string();
    for (n, on) in [(0, "2026-03-02"), (2, "2026-03-16")] {
        let (id, entry) = (a.to_string(), entry(n));
        let form = [
            ("id", id.as_str()),
            ("entry", entry.as_str()),
            ("received_on", on),
            ("statement_ref", "Extrato 03/2026"),
        ];
        let res = app.call(&ana.1, "/api/receive_commission", &form).await;
        assert!(res.status < 400, "{}", res.body);
    }
    let b_text = b.to_string();
    let cancel = [
        ("id", b_text.as_str()),
        ("cancelled_on", "2026-03-15"),
        ("reason", "Venda do imóvel"),
    ];
    let res = app.call(&bia.1, "/api/cancel_policy", &cancel).await;
    assert!(res.status < 400, "{}", res.body);
    World {
        app,
        clock,
        ana,
        bia,
        admin,
        a,
        b,
    }
}

async fn month(app: &TestApp, cookie: &str, mes: &str) -> Value {
    let res = app
        .call(cookie, "/api/commissions_month", &[("mes", mes)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

async fn aging(app: &TestApp, cookie: &str, atraso: &str) -> Value {
    let res = app
        .call(cookie, "/api/commissions_aging", &[("atraso", atraso)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

/// (expected, received, estornos) of a `Sums`.
fn sums(v: &Value) -> (i64, i64, i64) {
    let n = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"));
    (n("expected"), n("received"), n("estornos"))
}

/// (group id, sums) of each line of a grouped table.
fn groups(v: &Value) -> Vec<(i64, (i64, i64, i64))> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|g| (g["id"].as_i64().unwrap(), sums(&g["sums"])))
        .collect()
}

/// (count, amount) of each aging bucket, from the most recent.
fn buckets(v: &Value) -> Vec<(i64, i64)> {
    v["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["count"].as_i64().unwrap(), b["amount"].as_i64().unwrap()))
        .collect()
}

#[tokio::test]
async fn the_months_sums_are_exact_in_total_and_by_producer_insurer_and_ramo() {
    for backend in backends() {
        let w = world(backend).await;
        let march = month(&w.app, &w.admin, "2026-03").await;
        assert_eq!(march["month"]["month"], 3, "{backend:?}");
        // Due in March: A's 3rd (R$ 100,00, received), B's 3rd (R$ 91,25) and B's estorno.
        assert_eq!(
            sums(&march["totals"]),
            (19_125, 10_000, -20_075),
            "{backend:?}"
        );
        assert_eq!(
            groups(&march["by_producer"]),
            [
                (w.ana.0, (10_000, 10_000, 0)),
                (w.bia.0, (9_125, 0, -20_075))
            ],
            "{backend:?}"
        );
        let insurers = groups(&march["by_insurer"]);
        let lines: Vec<(String, (i64, i64, i64))> = march["by_line"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["code"].as_str().unwrap().to_owned(), sums(&g["sums"])))
            .collect();
        assert_eq!(insurers.len(), 2, "{backend:?}");
        let by_sums: Vec<_> = insurers.iter().map(|(_, s)| *s).collect();
        assert!(
            by_sums.contains(&(10_000, 10_000, 0)),
            "{backend:?}: {insurers:?}"
        );
        assert!(
            by_sums.contains(&(9_125, 0, -20_075)),
            "{backend:?}: {insurers:?}"
        );
        assert!(
            lines.contains(&("0531".into(), (10_000, 10_000, 0))),
            "{backend:?}"
        );
        assert!(
            lines.contains(&("0114".into(), (9_125, 0, -20_075))),
            "{backend:?}"
        );

        // What the bank saw in March: both write-offs dated in March, one of them due in
        // January; January's own report counts it as received but nothing was paid then.
        assert_eq!(march["received_in_month"], 20_000, "{backend:?}");
        assert_eq!(march["received_in_month_count"], 2, "{backend:?}");
        let january = month(&w.app, &w.admin, "2026-01").await;
        assert_eq!(sums(&january["totals"]), (19_125, 10_000, 0), "{backend:?}");
        assert_eq!(january["received_in_month"], 0, "{backend:?}");
        let april = month(&w.app, &w.admin, "2026-04").await;
        // B's instalment of 01/04 was dropped when B was cancelled.
        assert_eq!(sums(&april["totals"]), (10_000, 0, 0), "{backend:?}");
    }
}

#[tokio::test]
async fn aging_buckets_follow_the_clock_and_leave_out_a_cancelled_policys_later_instalments() {
    for backend in backends() {
        let w = world(backend).await;
        // 20/03: B's 01/03 is 19 days late, A's 05/02 and B's 01/02 43 and 47, B's 01/01 78.
        let now = aging(&w.app, &w.admin, "31-60").await;
        assert_eq!(
            buckets(&now),
            [(1, 9_125), (2, 19_125), (1, 9_125), (0, 0)],
            "{backend:?}"
        );
        let listed: Vec<(i64, i64)> = now["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["policy_id"].as_i64().unwrap(),
                    e["days_overdue"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(listed, [(w.b, 47), (w.a, 43)], "{backend:?}: oldest first");

        // 15/06: A's 05/04 is 71 days late; B's 01/04 fell due after B was cancelled (15/03),
        // so it is not owed; everything else is over 90 days.
        w.clock.set(datetime!(2026-06-15 15:00 UTC));
        // Three months idle ended the session: sign in again.
        let admin = w.app.login("admin@monteiro.com.br", PASSWORD).await;
        let june = aging(&w.app, &admin, "61-90").await;
        assert_eq!(
            buckets(&june),
            [(0, 0), (0, 0), (1, 10_000), (4, 37_375)],
            "{backend:?}"
        );
        let ids: Vec<i64> = june["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["policy_id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [w.a], "{backend:?}");
        let none = aging(&w.app, &admin, "").await;
        assert!(none["open"].is_null(), "{backend:?}");
        assert_eq!(none["entries"].as_array().unwrap().len(), 0, "{backend:?}");
    }
}

#[tokio::test]
async fn a_producer_sees_only_their_clients_commissions_and_an_admin_sees_all() {
    for backend in backends() {
        let w = world(backend).await;
        let ana = month(&w.app, &w.ana.1, "2026-03").await;
        assert_eq!(sums(&ana["totals"]), (10_000, 10_000, 0), "{backend:?}");
        assert_eq!(ana["received_in_month"], 20_000, "{backend:?}");
        assert_eq!(groups(&ana["by_producer"]).len(), 1, "{backend:?}");
        let bia = month(&w.app, &w.bia.1, "2026-03").await;
        assert_eq!(sums(&bia["totals"]), (9_125, 0, -20_075), "{backend:?}");
        assert_eq!(bia["received_in_month"], 0, "{backend:?}");

        let ana_aging = aging(&w.app, &w.ana.1, "mais-de-90").await;
        assert_eq!(
            buckets(&ana_aging),
            [(0, 0), (1, 10_000), (0, 0), (0, 0)],
            "{backend:?}"
        );
        assert_eq!(
            ana_aging["entries"].as_array().unwrap().len(),
            0,
            "{backend:?}"
        );
        let bia_aging = aging(&w.app, &w.bia.1, "1-30").await;
        assert_eq!(
            buckets(&bia_aging),
            [(1, 9_125), (1, 9_125), (1, 9_125), (0, 0)],
            "{backend:?}"
        );
        assert_eq!(bia_aging["entries"][0]["policy_id"], w.b, "{backend:?}");

        // The CSV keeps to the same scope.
        let csv = w
            .app
            .get_as(&w.ana.1, "/comissoes/exportar.csv?mes=2026-03")
            .await;
        assert_eq!(csv.status, 200, "{backend:?}");
        assert_eq!(csv.body.trim_end().split("\r\n").count(), 2, "{backend:?}");
        let csv = w
            .app
            .get_as(&w.admin, "/comissoes/exportar.csv?mes=2026-03")
            .await;
        assert_eq!(csv.header("x-export-rows"), "3", "{backend:?}");
    }
}

#[tokio::test]
async fn a_bad_month_shows_the_current_one_and_the_page_and_csv_answer() {
    for backend in backends() {
        let w = world(backend).await;
        for bad in ["2026-13", "xyz", "'; DROP TABLE policies; --", "99999-01"] {
            let report = month(&w.app, &w.admin, bad).await;
            assert_eq!(report["month"]["year"], 2026, "{backend:?}: {bad}");
            assert_eq!(report["month"]["month"], 3, "{backend:?}: {bad}");
        }
        let bad = aging(&w.app, &w.admin, "90+").await;
        assert!(bad["open"].is_null(), "{backend:?}");

        let page = w
            .app
            .get_as(&w.admin, "/comissoes?mes=abc&atraso=31-60")
            .await;
        assert_eq!(page.status, 200, "{backend:?}");
        // Leptos marks the joins of interpolated text with `<!>`.
        let text = page.body.replace("<!>", "");
        assert!(text.contains("Março de 2026"), "{backend:?}");
        assert!(page.body.contains("Comissões em atraso"), "{backend:?}");
        assert!(
            page.body.contains("B-0114-1"),
            "{backend:?}: the open bucket's list"
        );
        assert!(page.body.contains("/comissoes?mes=2026-02"), "{backend:?}");

        let csv = w
            .app
            .get_as(&w.admin, "/comissoes/exportar.csv?mes=2026-03")
            .await;
        assert_eq!(csv.status, 200, "{backend:?}: {}", csv.body);
        assert!(
            csv.header("content-type").starts_with("text/csv"),
            "{backend:?}"
        );
        assert!(
            csv.header("content-disposition")
                .contains("comissoes-2026-03.csv"),
            "{backend:?}"
        );
        assert!(csv.body.starts_with('\u{feff}'), "{backend:?}");
        let lines: Vec<&str> = csv.body.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 4, "{backend:?}: {lines:?}");
        assert!(
            lines[0].contains("Vencimento;Lançamento;Parcela"),
            "{backend:?}"
        );
        assert!(
            lines[1].starts_with("01/03/2026;Parcela;3;B-0114-1;"),
            "{backend:?}: {lines:?}"
        );
        assert!(lines[1].contains(";91,25;;"), "{backend:?}: {lines:?}");
        assert!(
            lines[2].starts_with("05/03/2026;Parcela;3;05.0531.123456;"),
            "{backend:?}"
        );
        assert!(
            lines[2].contains(";100,00;16/03/2026;Extrato 03/2026;"),
            "{backend:?}"
        );
        assert!(
            lines[3].starts_with("15/03/2026;Estorno;;B-0114-1;"),
            "{backend:?}"
        );
        assert!(lines[3].contains(";-200,75;"), "{backend:?}");
        assert_eq!(
            w.app.audit_count("commission.export").await,
            1,
            "{backend:?}"
        );
        let fallback = w
            .app
            .get_as(&w.admin, "/comissoes/exportar.csv?mes=nada")
            .await;
        assert!(
            fallback
                .header("content-disposition")
                .contains("comissoes-2026-03.csv"),
            "{backend:?}"
        );
    }
}
