//! SECURITY.md §11: idle and absolute session limits are enforced on the server.

use std::sync::Arc;

use app::{clock::ManualClock, db::Backend, on_pool, roles::Role};
use time::Duration;

use crate::support::{login_form, session_cookie, spawn_app_with_clock, TestApp};
use app::clock::Clock;

const PASSWORD: &str = "uma senha bem longa";

async fn signed_in(remember: bool) -> (TestApp, Arc<ManualClock>, String) {
    let clock = Arc::new(ManualClock::new());
    let app = spawn_app_with_clock(Backend::Sqlite, clock.clone()).await;
    app.create_user("ana@monteiro.com.br", PASSWORD, Role::User)
        .await;
    let res = app
        .post_form(
            "/api/login",
            &login_form("ana@monteiro.com.br", PASSWORD, remember),
            &[],
        )
        .await;
    let cookie = session_cookie(&res).expect("signed in");
    (app, clock, cookie)
}

async fn opens(app: &TestApp, cookie: &str) -> bool {
    match app.get_as(cookie, "/clientes").await.status {
        200 => true,
        303 => false,
        other => panic!("unexpected status {other}"),
    }
}

#[tokio::test]
async fn a_session_idle_for_31_minutes_is_over_and_audited() {
    let (app, clock, cookie) = signed_in(false).await;
    assert!(opens(&app, &cookie).await);
    clock.advance(Duration::minutes(31));
    assert!(!opens(&app, &cookie).await, "idle limit");
    clock.advance(Duration::minutes(-31));
    assert!(
        !opens(&app, &cookie).await,
        "the ended session does not come back"
    );
    let expired: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'session.expired'"
    ).fetch_one(pool).await)
    .unwrap();
    assert_eq!(expired, 1);
}

#[tokio::test]
async fn activity_within_30_minutes_keeps_the_session_alive() {
    let (app, clock, cookie) = signed_in(false).await;
    for _ in 0..3 {
        clock.advance(Duration::minutes(29));
        assert!(opens(&app, &cookie).await);
    }
}

#[tokio::test]
async fn even_a_busy_session_ends_after_10_hours() {
    let (app, clock, cookie) = signed_in(false).await;
    for _ in 0..60 {
        clock.advance(Duration::minutes(10));
        assert!(opens(&app, &cookie).await);
    }
    clock.advance(Duration::minutes(1));
    assert!(!opens(&app, &cookie).await);
}

#[tokio::test]
async fn a_remembered_session_survives_6_idle_days_but_not_8() {
    let (app, clock, cookie) = signed_in(true).await;
    clock.advance(Duration::days(6));
    assert!(opens(&app, &cookie).await);
    clock.advance(Duration::days(8));
    assert!(!opens(&app, &cookie).await);
}

const SHORT: &[(&str, &str)] = &[
    ("idle_minutes", "10"),
    ("absolute_hours", "8"),
    ("remember_idle_days", "7"),
    ("remember_absolute_days", "30"),
];

async fn admin_cookie(app: &TestApp) -> String {
    app.create_user("admin@monteiro.com.br", PASSWORD, Role::Admin)
        .await;
    app.login("admin@monteiro.com.br", PASSWORD).await
}

#[tokio::test]
async fn an_admin_shortens_the_idle_limit_and_sessions_obey_it_with_an_audited_diff() {
    let (app, clock, cookie) = signed_in(false).await;
    let admin = admin_cookie(&app).await;
    let res = app
        .call(&admin, "/api/update_session_settings", SHORT)
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    clock.advance(Duration::minutes(11));
    assert!(
        !opens(&app, &cookie).await,
        "10 minutes idle is now too long"
    );
    let changes: String = on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT changes FROM audit_log WHERE action = 'settings.update'").fetch_one(pool).await)
    .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&changes).unwrap(),
        serde_json::json!({
            "idle_minutes": { "from": 30, "to": 10 },
            "absolute_hours": { "from": 10, "to": 8 },
        })
    );
    let admin = app.login("admin@monteiro.com.br", PASSWORD).await;
    let shown = app.call(&admin, "/api/session_settings", &[]).await.json();
    assert_eq!(shown["idle_minutes"], 10);
}

#[tokio::test]
async fn a_change_made_elsewhere_applies_here_once_the_30_second_cache_expires() {
    let (app, clock, cookie) = signed_in(false).await;
    assert!(opens(&app, &cookie).await, "the limits are now cached");
    // Another instance writes the setting: this one's cache does not know yet.
    let shorter = app::settings::Timeouts {
        idle_minutes: 5,
        ..Default::default()
    };
    let admin = app
        .create_user("admin@monteiro.com.br", PASSWORD, Role::Admin)
        .await;
    app::settings::store::save_timeouts(&app.db, admin, shorter, clock.now())
        .await
        .unwrap();
    clock.advance(Duration::seconds(20));
    assert!(opens(&app, &cookie).await);
    clock.advance(Duration::minutes(6));
    assert!(
        !opens(&app, &cookie).await,
        "after the cache lifetime the 5-minute limit applies"
    );
}

#[tokio::test]
async fn limits_out_of_bounds_are_refused_by_field_and_nothing_changes() {
    let (app, _clock, _cookie) = signed_in(false).await;
    let admin = admin_cookie(&app).await;
    let before = app.table_counts().await;
    let res = app
        .call(
            &admin,
            "/api/update_session_settings",
            &[
                ("idle_minutes", "1"),
                ("absolute_hours", "100"),
                ("remember_idle_days", "7"),
                ("remember_absolute_days", "muitos"),
            ],
        )
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(
        res.json()["fields"],
        serde_json::json!({
            "idle_minutes": "timeout_out_of_range",
            "absolute_hours": "timeout_out_of_range",
            "remember_absolute_days": "timeout_out_of_range",
        })
    );
    assert_eq!(app.table_counts().await, before);
}

#[tokio::test]
async fn only_admins_change_the_limits() {
    let (app, _clock, cookie) = signed_in(false).await;
    app.create_user("gerente@monteiro.com.br", PASSWORD, Role::Manager)
        .await;
    let manager = app.login("gerente@monteiro.com.br", PASSWORD).await;
    for who in [&cookie, &manager] {
        let res = app.call(who, "/api/update_session_settings", SHORT).await;
        assert_eq!(res.status, 403);
    }
    let stored: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM app_settings").fetch_one(pool).await)
    .unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn maintenance_deletes_sessions_throttles_and_links_that_can_no_longer_be_used() {
    let (app, clock, _cookie) = signed_in(false).await;
    app.post_form(
        "/api/login",
        &login_form("ninguem@monteiro.com.br", "senha errada demais", false),
        &[],
    )
    .await;
    let server = app.server.as_ref().unwrap();
    let count = |table: &'static str| {
        let app = &app;
        async move {
            app.table_counts()
                .await
                .into_iter()
                .find(|(t, _)| t == table)
                .unwrap()
                .1
        }
    };
    let kept = server::workers::maintain(server.state(), server.session_store())
        .await
        .unwrap();
    assert_eq!(
        kept,
        server::workers::Swept::default(),
        "nothing is stale yet"
    );
    assert_eq!(count("user_sessions").await, 1);
    clock.advance(Duration::days(31));
    let swept = server::workers::maintain(server.state(), server.session_store())
        .await
        .unwrap();
    assert_eq!(swept.sessions, 1);
    assert_eq!(swept.throttles, 1);
    assert_eq!(count("user_sessions").await, 0);
    assert_eq!(count("login_throttle").await, 0);
}

#[tokio::test]
async fn session_limits_an_admin_saves_are_read_back_on_every_engine() {
    for backend in crate::support::backends() {
        let clock = Arc::new(ManualClock::new());
        let app = spawn_app_with_clock(backend, clock.clone()).await;
        let admin = admin_cookie(&app).await;
        let res = app
            .call(&admin, "/api/update_session_settings", SHORT)
            .await;
        assert_eq!(res.status, 200, "{backend:?}: {}", res.body);
        let saved = app::settings::store::timeouts(&app.db).await.unwrap();
        assert_eq!(saved.idle_minutes, 10, "{backend:?}");
        assert_ne!(saved, app::settings::Timeouts::default());
    }
}
