//! SECURITY.md §11: idle and absolute session limits are enforced on the server.

use std::sync::Arc;

use app::{clock::ManualClock, db::Backend, on_pool, roles::Role};
use time::Duration;

use crate::support::{login_form, session_cookie, spawn_app_with_clock, TestApp};

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
