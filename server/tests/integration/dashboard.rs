//! The Painel over HTTP on both engines: a month's prêmio produzido, commission and sales are
//! exact and limited to the caller's clients (admins see all), the renewal rate counts what
//! ended in the month, the expiring counts follow São Paulo's calendar day even late at night
//! and match the policies list, and a bad `?mes=` shows the current month instead of failing.

use std::sync::Arc;

use app::{clock::ManualClock, dashboard::Dashboard, roles::Role};
use time::{macros::datetime, OffsetDateTime};

use crate::{
    clients::{create as create_client, staff},
    policies::{auto, create, pairs, refs, view, with},
    support::{backends, spawn_app_with_clock, TestApp},
};

/// The Painel of month `month` (`aaaa-mm`, or anything else) for the holder of `cookie`.
async fn painel(app: &TestApp, cookie: &str, month: &str) -> Dashboard {
    let res = app
        .call(cookie, "/api/dashboard", &[("month", month)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    serde_json::from_str(&res.body).unwrap_or_else(|e| panic!("{e}: {}", res.body))
}

/// An app whose clock is stopped at `at`.
async fn app_at(backend: app::db::Backend, at: OffsetDateTime) -> TestApp {
    let clock = Arc::new(ManualClock::new());
    clock.set(at);
    spawn_app_with_clock(backend, clock).await
}

/// A client of the holder of `cookie`; answers its id.
async fn client(app: &TestApp, cookie: &str, name: &str) -> String {
    create_client(
        app,
        cookie,
        &[("client[kind]", "pf"), ("client[name]", name)],
    )
    .await
    .to_string()
}

/// An auto policy of `client` numbered `number` with vigência `starts`..`ends`, plus `extra`
/// changes to the form; answers (id, prêmio total, commission).
async fn policy(
    app: &TestApp,
    cookie: &str,
    client: &str,
    number: &str,
    (starts, ends): (&str, &str),
    extra: &[(&str, &str)],
) -> (i64, i64, i64) {
    let (insurer, _, line) = refs(app).await;
    let mut changes = vec![
        ("policy[policy_number]", number),
        ("policy[starts_on]", starts),
        ("policy[ends_on]", ends),
    ];
    changes.extend_from_slice(extra);
    let id = create(app, cookie, &with(&auto(client, &insurer, &line), &changes)).await;
    let (_, data) = view(app, cookie, id).await;
    let p = &data["policy"];
    (
        id,
        p["total_premium"].as_i64().unwrap(),
        p["commission"].as_i64().unwrap(),
    )
}

/// The text of a page without the markers Leptos puts between pieces of text (`<!>`).
fn text(body: &str) -> String {
    body.replace("<!>", "")
}

async fn cancel(app: &TestApp, cookie: &str, id: i64, on: &str) {
    let id = id.to_string();
    let form = [
        ("id", id.as_str()),
        ("cancelled_on", on),
        ("reason", "Venda"),
    ];
    let res = app.call(cookie, "/api/cancel_policy", &form).await;
    assert!(res.status < 400, "{}", res.body);
}

#[tokio::test]
async fn a_months_premium_commission_and_sales_are_exact_and_limited_to_the_callers_clients() {
    for backend in backends() {
        let app = app_at(backend, datetime!(2026-03-20 15:00 UTC)).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let (_, bia) = staff(&app, "bia@monteiro.com.br", Role::User, None).await;
        let mine = client(&app, &ana, "Cliente da Ana").await;
        let theirs = client(&app, &bia, "Cliente da Bia").await;
        let year = ("2026-03-01", "2027-03-01");

        let a = policy(&app, &ana, &mine, "A1", year, &[]).await;
        let b = policy(
            &app,
            &ana,
            &mine,
            "A2",
            ("2026-03-31", "2027-03-31"),
            &[
                ("policy[net_premium]", "1.000,00"),
                ("policy[commission_rate]", "15"),
            ],
        )
        .await;
        // Cancelled later in the month: still a sale of March.
        let c = policy(&app, &ana, &mine, "A3", ("2026-03-10", "2027-03-10"), &[]).await;
        cancel(&app, &ana, c.0, "2026-03-15").await;
        // Not sales of March: February's, and a quote.
        let feb = policy(&app, &ana, &mine, "A4", ("2026-02-28", "2027-02-28"), &[]).await;
        policy(
            &app,
            &ana,
            &mine,
            "A5",
            year,
            &[("policy[status]", "quote")],
        )
        .await;
        let other = policy(&app, &bia, &theirs, "B1", year, &[]).await;

        let board = painel(&app, &ana, "2026-03").await;
        let k = board.kpis;
        assert_eq!(k.premium, a.1 + b.1 + c.1, "{backend:?}");
        assert_eq!(k.commission, a.2 + b.2 + c.2, "{backend:?}");
        assert_eq!(k.sales, 3, "{backend:?}");
        assert_eq!(k.average_ticket(), (a.1 + b.1 + c.1 + 1) / 3, "{backend:?}");
        assert_eq!(board.history.len(), 12, "{backend:?}");
        assert_eq!(board.history[11].premium, k.premium, "{backend:?}");
        assert_eq!(board.history[10].premium, feb.1, "{backend:?}: February");
        assert_eq!(board.history[0].premium, 0, "{backend:?}: April 2025");
        assert_eq!(board.families.len(), 1, "{backend:?}");
        assert_eq!(board.families[0].family, "auto", "{backend:?}");
        assert_eq!(board.families[0].premium, k.premium, "{backend:?}");

        let theirs = painel(&app, &bia, "2026-03").await.kpis;
        assert_eq!((theirs.premium, theirs.sales), (other.1, 1), "{backend:?}");
        let all = painel(&app, &admin, "2026-03").await.kpis;
        assert_eq!(all.premium, k.premium + other.1, "{backend:?}");
        assert_eq!(all.commission, k.commission + other.2, "{backend:?}");
        assert_eq!(all.sales, 4, "{backend:?}");

        let page = app.get_as(&ana, "/?mes=2026-03").await;
        assert_eq!(page.status, 200, "{backend:?}");
        assert!(text(&page.body).contains("Março de 2026"), "{backend:?}");
        assert!(
            page.body.contains(&app::format::brl(k.premium)),
            "{backend:?}"
        );
        assert!(page.body.contains("<svg"), "{backend:?}: the charts");
        assert!(!page.body.contains("Cliente da Bia"), "{backend:?}");
    }
}

#[tokio::test]
async fn the_renewal_rate_counts_policies_that_ended_in_the_month_one_renewed_one_expired() {
    for backend in backends() {
        let now = datetime!(2026-03-20 15:00 UTC);
        let app = app_at(backend, now).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let mine = client(&app, &ana, "Cliente da Ana").await;

        let renewed = policy(&app, &ana, &mine, "R1", ("2025-03-10", "2026-03-10"), &[]).await;
        let (_, other, line) = refs(&app).await;
        let mut renewal = with(
            &auto("0", &other, &line),
            &[
                ("policy[policy_number]", "R1-NOVA"),
                ("policy[starts_on]", "2026-03-10"),
                ("policy[ends_on]", "2027-03-10"),
            ],
        );
        renewal.push(("id".to_owned(), renewed.0.to_string()));
        let res = app.call(&ana, "/api/renew_policy", &pairs(&renewal)).await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let expired = policy(&app, &ana, &mine, "E1", ("2025-03-12", "2026-03-12"), &[]).await;
        app::policies::service::mark_expired(&app.db, expired.0, now)
            .await
            .unwrap();
        // Ends later this month, still in force: not decided yet.
        policy(&app, &ana, &mine, "P1", ("2025-03-25", "2026-03-25"), &[]).await;
        // Cancelled before its end: left out.
        let gone = policy(&app, &ana, &mine, "C1", ("2025-03-05", "2026-03-05"), &[]).await;
        cancel(&app, &ana, gone.0, "2026-01-15").await;
        // February: one still vigente after its end, not renewed.
        policy(&app, &ana, &mine, "F1", ("2025-02-20", "2026-02-20"), &[]).await;

        let march = painel(&app, &ana, "2026-03").await.kpis;
        assert_eq!(
            (march.renewed, march.not_renewed, march.pending),
            (1, 1, 1),
            "{backend:?}"
        );
        assert_eq!(march.renewal_rate(), Some(5_000), "{backend:?}: 50%");
        let february = painel(&app, &ana, "2026-02").await.kpis;
        assert_eq!(
            (february.renewed, february.not_renewed),
            (0, 1),
            "{backend:?}"
        );
        assert_eq!(february.renewal_rate(), Some(0), "{backend:?}");
        let april = painel(&app, &ana, "2026-04").await.kpis;
        assert_eq!(april.renewal_rate(), None, "{backend:?}: nothing ended");

        let page = app.get_as(&ana, "/?mes=2026-03").await;
        assert!(page.body.contains(">50%<"), "{backend:?}");
        assert!(page.body.contains("1 de 2 renovadas"), "{backend:?}");
    }
}

#[tokio::test]
async fn expiring_counts_follow_sao_paulo_days_late_at_night_and_match_the_policies_list() {
    for backend in backends() {
        // 23:30 on 30/11/2026 in São Paulo is already 1 December in UTC.
        let app = app_at(backend, datetime!(2026-12-01 02:30 UTC)).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let mine = client(&app, &ana, "Cliente da Ana").await;
        for (number, ends) in [
            ("X0", "2026-11-29"),
            ("X1", "2026-11-30"),
            ("X2", "2026-12-30"),
            ("X3", "2026-12-31"),
            ("X4", "2027-01-29"),
            ("X5", "2027-02-28"),
            ("X6", "2027-03-01"),
        ] {
            policy(&app, &ana, &mine, number, ("2026-01-01", ends), &[]).await;
        }
        policy(
            &app,
            &ana,
            &mine,
            "Q1",
            ("2026-01-01", "2026-12-15"),
            &[("policy[status]", "quote")],
        )
        .await;

        let board = painel(&app, &ana, "").await;
        assert_eq!(
            board.today,
            time::macros::date!(2026 - 11 - 30),
            "{backend:?}"
        );
        assert_eq!(
            board.month,
            time::macros::date!(2026 - 11 - 01),
            "{backend:?}"
        );
        let counts: Vec<(i64, i64)> = board.expiring.iter().map(|e| (e.days, e.count)).collect();
        assert_eq!(counts, [(30, 2), (60, 4), (90, 5)], "{backend:?}");
        let soonest: Vec<String> = board
            .soonest
            .iter()
            .map(|p| app::format::date_br(p.ends_on))
            .collect();
        assert_eq!(
            soonest,
            [
                "30/11/2026",
                "30/12/2026",
                "31/12/2026",
                "29/01/2027",
                "28/02/2027"
            ],
            "{backend:?}"
        );
        for (days, count) in counts {
            let days = days.to_string();
            let res = app
                .call(
                    &ana,
                    "/api/list_policies",
                    &[("filter[expiring_days]", &days)],
                )
                .await;
            assert_eq!(res.json()["total"], count, "{backend:?}: the list agrees");
        }

        let page = app.get_as(&ana, "/").await;
        assert!(
            page.body.contains(r#"href="/apolices?vence_em=30""#),
            "{backend:?}"
        );
        assert!(text(&page.body).contains("Novembro de 2026"), "{backend:?}");
    }
}

#[tokio::test]
async fn a_bad_month_in_the_address_shows_the_current_month_and_never_fails() {
    for backend in backends() {
        let app = app_at(backend, datetime!(2026-12-01 02:30 UTC)).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let long = "9".repeat(5_000);
        for bad in [
            "2026-13",
            "2026-00",
            "0000-01",
            "9999-12",
            "abc",
            "' OR 1=1--",
            "2026-03-01",
            long.as_str(),
        ] {
            let board = painel(&app, &ana, bad).await;
            assert_eq!(
                board.month,
                time::macros::date!(2026 - 11 - 01),
                "{backend:?}: {bad:.20}"
            );
        }
        for path in [
            "/?mes=2026-13",
            "/?mes=%27%20OR%201%3D1--",
            "/?mes=",
            "/?mes=-1",
        ] {
            let page = app.get_as(&ana, path).await;
            assert_eq!(page.status, 200, "{backend:?}: {path}");
            assert!(
                text(&page.body).contains("Novembro de 2026"),
                "{backend:?}: {path}"
            );
        }
        let page = app.get_as(&ana, "/?mes=2027-01").await;
        assert!(text(&page.body).contains("Janeiro de 2027"), "{backend:?}");
        assert!(
            page.body.contains(r#"href="/?mes=2026-12""#),
            "{backend:?}: previous"
        );
        assert!(
            page.body.contains(r#"href="/?mes=2027-02""#),
            "{backend:?}: next"
        );
    }
}
