//! Renewal monitoring on both engines: the daily scan with an injectable clock (D-90, D-30,
//! twice on the same day: one renewal record, one alert and notification per window), queued
//! once a day as a durable job, policies past their end marked expired with the bonus-class
//! countdown, renewed and lost renewals leaving "needs attention", notifications private.

use std::sync::Arc;

use app::{clock::ManualClock, format::today_sao_paulo, on_pool, roles::Role};
use time::{macros::datetime, Duration};

use crate::{
    clients::{create as create_client, joao, staff},
    policies::{auto, create, pairs, refs, with},
    support::{backends, spawn_app_with_clock, TestApp},
};

async fn count(app: &TestApp, table: &str) -> i64 {
    // The table name is one of the constants the callers pass.
    let sql = format!("SELECT COUNT(*) FROM {table}");
    on_pool!(&app.db, pool => sqlx::query_scalar(&sql).fetch_one(pool).await).unwrap()
}

async fn scan(app: &TestApp, clock: &ManualClock) -> app::policies::renewals::service::Scanned {
    use app::clock::Clock;
    let now = clock.now();
    app::policies::renewals::service::scan(&app.db, today_sao_paulo(now), now)
        .await
        .expect("the scan runs")
}

/// A policy of the signed-in user ending on `ends` (`aaaa-mm-dd`); answers (cookie, id).
async fn policy_ending(app: &TestApp, email: &str, number: &str, ends: &str) -> (String, i64) {
    let (_, cookie) = staff(app, email, Role::User, None).await;
    let mut client = joao();
    let tax_ids = ["529.982.247-25", "111.444.777-35", "390.533.447-05"];
    let index = usize::from(number.as_bytes()[0]) % tax_ids.len();
    client.retain(|(k, _)| {
        *k != "client[tax_id]" && *k != "client[emails][0]" && *k != "client[phones][0][number]"
    });
    client.push(("client[tax_id]", tax_ids[index]));
    let client = create_client(app, &cookie, &client).await.to_string();
    let (insurer, _, line) = refs(app).await;
    let form = with(
        &auto(&client, &insurer, &line),
        &[
            ("policy[policy_number]", number),
            ("policy[starts_on]", "2025-12-31"),
            ("policy[ends_on]", ends),
        ],
    );
    let id = create(app, &cookie, &form).await;
    (cookie, id)
}

#[tokio::test]
async fn the_scan_opens_one_renewal_and_alerts_once_per_window_even_when_run_twice_a_day() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::new());
        // D = 31/12/2026. D-90 = 02/10/2026, at 23:30 in São Paulo (already the 3rd in UTC).
        clock.set(datetime!(2026-10-03 02:30 UTC));
        let app = spawn_app_with_clock(backend, clock.clone()).await;
        policy_ending(&app, "ana@monteiro.com.br", "1", "2026-12-31").await;

        let first = scan(&app, &clock).await;
        assert_eq!((first.opened, first.alerted), (1, 1), "{backend:?}: D-90");
        let again = scan(&app, &clock).await;
        assert_eq!(
            (again.opened, again.alerted),
            (0, 0),
            "{backend:?}: same day again"
        );
        assert_eq!(count(&app, "renewals").await, 1, "{backend:?}");
        assert_eq!(count(&app, "notifications").await, 1, "{backend:?}");
        let cards: Vec<(String, String)> = on_pool!(&app.db, pool => sqlx::query_as(
            "SELECT b.slug, c.name FROM kanban_cards k JOIN kanban_boards b ON b.id = k.board_id \
             JOIN kanban_columns c ON c.id = k.column_id").fetch_all(pool).await)
        .unwrap();
        assert_eq!(
            cards,
            [("renovacoes".to_owned(), "A vencer (90 dias)".to_owned())],
            "{backend:?}: one card on the Renovações board"
        );

        clock.set(datetime!(2026-12-01 15:00 UTC)); // D-30
        scan(&app, &clock).await;
        scan(&app, &clock).await;
        assert_eq!(
            count(&app, "renewals").await,
            1,
            "{backend:?}: still one record"
        );
        assert_eq!(
            count(&app, "renewal_alerts").await,
            2,
            "{backend:?}: 90 and 30"
        );
        assert_eq!(count(&app, "notifications").await, 2, "{backend:?}");
        assert_eq!(
            count(&app, "kanban_cards").await,
            1,
            "{backend:?}: still one card"
        );
        let windows: Vec<i64> = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT window_days FROM renewal_alerts ORDER BY window_days").fetch_all(pool).await)
        .unwrap();
        assert_eq!(windows, [30, 90], "{backend:?}");
    }
}

#[tokio::test]
async fn the_daily_scan_is_queued_once_a_day_as_a_job_and_notifies_the_owner() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::new());
        clock.set(datetime!(2026-12-24 12:00 UTC));
        let app = spawn_app_with_clock(backend, clock.clone()).await;
        let (cookie, _) = policy_ending(&app, "ana@monteiro.com.br", "1", "2026-12-31").await;
        let (other, _) = policy_ending(&app, "bia@monteiro.com.br", "2", "2027-06-30").await;
        use app::clock::Clock;
        let queue = || app::policies::renewals::service::queue_daily_scan(&app.db, clock.now());
        assert!(queue().await.unwrap(), "{backend:?}");
        assert!(!queue().await.unwrap(), "{backend:?}: once a day");
        assert_eq!(app.run_jobs().await, 1, "{backend:?}");

        let inbox = app.call(&cookie, "/api/my_notifications", &[]).await.json();
        assert_eq!(inbox["unread"], 1, "{backend:?}");
        assert_eq!(inbox["items"][0]["payload"]["days"], 7, "{backend:?}");
        assert_eq!(
            inbox["items"][0]["link"],
            format!("/apolices/{}", inbox["items"][0]["payload"]["policy"]),
            "{backend:?}"
        );
        let theirs = app.call(&other, "/api/my_notifications", &[]).await.json();
        assert_eq!(
            theirs["unread"], 0,
            "{backend:?}: 180 days away, and not theirs"
        );
        let res = app.call(&cookie, "/api/read_notifications", &[]).await;
        assert!(res.status < 400, "{backend:?}");
        let inbox = app.call(&cookie, "/api/my_notifications", &[]).await.json();
        assert_eq!(inbox["unread"], 0, "{backend:?}");

        clock.advance(Duration::days(1));
        assert!(queue().await.unwrap(), "{backend:?}: the next day");
    }
}

#[tokio::test]
async fn a_policy_past_its_end_is_marked_expired_and_shows_its_bonus_countdown() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::new());
        clock.set(datetime!(2027-01-10 12:00 UTC)); // 10 days after the end.
        let app = spawn_app_with_clock(backend, clock.clone()).await;
        let (cookie, id) = policy_ending(&app, "ana@monteiro.com.br", "1", "2026-12-31").await;
        let done = scan(&app, &clock).await;
        assert_eq!(done.expired, 1, "{backend:?}");
        assert_eq!(app.audit_count("policy.expire").await, 1, "{backend:?}");
        let board = app.call(&cookie, "/api/renewal_board", &[]).await.json();
        let row = &board["rows"][0];
        assert_eq!(row["policy_id"], id, "{backend:?}");
        assert_eq!(row["status"], "expired", "{backend:?}");
        assert_eq!(row["days_left"], -10, "{backend:?}");
        assert_eq!(row["bonus_days_left"], 20, "{backend:?}");
        assert_eq!(scan(&app, &clock).await.expired, 0, "{backend:?}: once");
    }
}

/// The column of policy `policy`'s card on the Renovações board.
async fn card_column(app: &TestApp, policy: i64) -> String {
    on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT c.name FROM kanban_cards k JOIN kanban_columns c ON c.id = k.column_id \
         WHERE k.policy_id = $1").bind(policy).fetch_one(pool).await)
    .unwrap()
}

/// How many lines "A vencer" shows as needing attention.
async fn attention(app: &TestApp, cookie: &str) -> usize {
    let board = app.call(cookie, "/api/renewal_board", &[]).await.json();
    board["rows"].as_array().unwrap().len()
}

#[tokio::test]
async fn renewed_and_lost_renewals_leave_needs_attention_but_stay_in_all_expiring() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::new());
        clock.set(datetime!(2026-12-10 12:00 UTC));
        let app = spawn_app_with_clock(backend, clock.clone()).await;
        let (cookie, renewed) = policy_ending(&app, "ana@monteiro.com.br", "1", "2026-12-31").await;
        let client: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT client_id FROM policies WHERE id = $1").bind(renewed).fetch_one(pool).await)
        .unwrap();
        let (insurer, _, line) = refs(&app).await;
        let lost = create(
            &app,
            &cookie,
            &with(
                &auto(&client.to_string(), &insurer, &line),
                &[
                    ("policy[policy_number]", "2"),
                    ("policy[starts_on]", "2025-12-20"),
                    ("policy[ends_on]", "2026-12-20"),
                ],
            ),
        )
        .await;
        assert_eq!(attention(&app, &cookie).await, 2, "{backend:?}");
        // The scan puts both on the Renovações board.
        scan(&app, &clock).await;
        assert_eq!(
            card_column(&app, renewed).await,
            "A vencer (90 dias)",
            "{backend:?}"
        );

        // The renewals board is open meanwhile: it follows each card live.
        let mut board = crate::kanban_live::Stream::open(&app, &cookie, "renovacoes", None).await;
        let mut renewal = with(
            &auto("0", &insurer, &line),
            &[
                ("policy[policy_number]", "1-R"),
                ("policy[starts_on]", "2026-12-31"),
                ("policy[ends_on]", "2027-12-31"),
            ],
        );
        renewal.push(("id".to_owned(), renewed.to_string()));
        let res = app
            .call(&cookie, "/api/renew_policy", &pairs(&renewal))
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let id = lost.to_string();
        let res = app
            .call(
                &cookie,
                "/api/mark_renewal_lost",
                &[("id", id.as_str()), ("lost_reason", "")],
            )
            .await;
        assert_eq!(
            res.json()["fields"]["lost_reason"],
            "reason_required",
            "{backend:?}"
        );
        let res = app
            .call(
                &cookie,
                "/api/mark_renewal_lost",
                &[
                    ("id", id.as_str()),
                    ("lost_reason", "Preço"),
                    ("recontact_on", "2027-11-01"),
                ],
            )
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let (first, second) = (board.next().await, board.next().await);
        assert_eq!(
            first.data["policy_id"].as_i64(),
            Some(renewed),
            "{backend:?}"
        );
        assert_eq!(second.data["policy_id"].as_i64(), Some(lost), "{backend:?}");
        assert_ne!(
            first.data["column_id"], second.data["column_id"],
            "{backend:?}"
        );
        assert_eq!(attention(&app, &cookie).await, 0, "{backend:?}");
        // Their cards follow the outcome.
        assert_eq!(card_column(&app, renewed).await, "Renovada", "{backend:?}");
        assert_eq!(card_column(&app, lost).await, "Perdida", "{backend:?}");
        let reason: Option<String> = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT lost_reason FROM kanban_cards WHERE policy_id = $1").bind(lost)
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(reason.as_deref(), Some("Preço"), "{backend:?}");
        assert_eq!(app.audit_count("card.move").await, 2, "{backend:?}");

        let all = app
            .call(&cookie, "/api/renewal_board", &[("all", "true")])
            .await
            .json();
        let outcomes: Vec<String> = all["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["renewal"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(outcomes, ["lost", "renewed"], "{backend:?}");
        assert_eq!(
            all["rows"][1]["new_premium"], all["rows"][1]["previous_premium"],
            "{backend:?}"
        );
    }
}
