//! SECURITY.md §4: brute-force throttling per account and per client address, with a generic
//! answer and an audited lock.

use std::sync::Arc;

use app::{clock::ManualClock, db::Backend, on_pool, roles::Role};
use time::Duration;

use crate::support::{login_form, spawn_app_with, spawn_app_with_clock, TestApp};

const PASSWORD: &str = "uma senha bem longa";
const EMAIL: &str = "ana@monteiro.com.br";

async fn count_audit(app: &TestApp, action: &str) -> i64 {
    on_pool!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action).fetch_one(pool).await)
    .unwrap()
}

#[tokio::test]
async fn ten_failures_lock_the_account_for_15_minutes_even_for_the_right_password() {
    for backend in crate::support::backends() {
        let clock = Arc::new(ManualClock::new());
        let app = spawn_app_with_clock(backend, clock.clone()).await;
        app.create_user(EMAIL, PASSWORD, Role::User).await;
        let mut wrong_answer = None;
        for attempt in 0..10 {
            clock.advance(Duration::minutes(1));
            let res = app
                .post_form(
                    "/api/login",
                    &login_form(EMAIL, "senha errada demais", false),
                    &[],
                )
                .await;
            assert_eq!(res.status, 400, "{backend:?} attempt {attempt}");
            wrong_answer = Some(res.body);
        }
        let locked = app
            .post_form("/api/login", &login_form(EMAIL, PASSWORD, false), &[])
            .await;
        assert_eq!(
            locked.status, 400,
            "{backend:?}: locked accounts refuse the right password"
        );
        assert_eq!(
            Some(locked.body),
            wrong_answer,
            "the lock answers exactly like a wrong password"
        );
        assert_eq!(count_audit(&app, "auth.lockout").await, 1, "{backend:?}");

        clock.advance(Duration::minutes(15));
        let after = app
            .post_form("/api/login", &login_form(EMAIL, PASSWORD, false), &[])
            .await;
        assert!(
            after.status < 400,
            "{backend:?}: the lock expired: {}",
            after.body
        );
    }
}

#[tokio::test]
async fn failures_spread_over_more_than_15_minutes_do_not_lock() {
    let clock = Arc::new(ManualClock::new());
    let app = spawn_app_with_clock(Backend::Sqlite, clock.clone()).await;
    app.create_user(EMAIL, PASSWORD, Role::User).await;
    for _ in 0..12 {
        clock.advance(Duration::minutes(2));
        app.post_form(
            "/api/login",
            &login_form(EMAIL, "senha errada demais", false),
            &[],
        )
        .await;
    }
    // 12 failures, but never 10 inside one 15-minute window.
    let res = app
        .post_form("/api/login", &login_form(EMAIL, PASSWORD, false), &[])
        .await;
    assert!(res.status < 400, "{}", res.body);
    assert_eq!(count_audit(&app, "auth.lockout").await, 0);
}

#[tokio::test]
async fn an_unknown_email_is_locked_the_same_way_as_a_real_one() {
    let app = spawn_app_with(Backend::Sqlite, &[]).await;
    for _ in 0..10 {
        app.post_form(
            "/api/login",
            &login_form("ninguem@monteiro.com.br", "senha errada demais", false),
            &[],
        )
        .await;
    }
    assert_eq!(count_audit(&app, "auth.lockout").await, 1);
}

#[tokio::test]
async fn the_eleventh_failed_post_from_one_address_in_a_minute_gets_429_whatever_it_forwards() {
    let app = spawn_app_with(Backend::Sqlite, &[]).await;
    app.create_user(EMAIL, PASSWORD, Role::User).await;
    for n in 0..10 {
        // A different account each time, so no account lock gets in the way.
        let email = format!("pessoa{n}@monteiro.com.br");
        let spoof = format!("198.51.100.{n}");
        let res = app
            .post_form_from(
                "203.0.113.7",
                "/api/login",
                &login_form(&email, "senha errada demais", false),
                &[("x-forwarded-for", &spoof)],
            )
            .await;
        assert_eq!(res.status, 400, "attempt {n}: {}", res.body);
    }
    let res = app
        .post_form_from(
            "203.0.113.7",
            "/api/login",
            &login_form(EMAIL, PASSWORD, false),
            &[("x-forwarded-for", "192.0.2.99")],
        )
        .await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["error"], "rate_limited");
    assert_eq!(count_audit(&app, "auth.ip_throttled").await, 1);

    let elsewhere = app
        .post_form_from(
            "203.0.113.8",
            "/api/login",
            &login_form(EMAIL, PASSWORD, false),
            &[],
        )
        .await;
    assert!(
        elsewhere.status < 400,
        "another address is not affected: {}",
        elsewhere.body
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_is_limited_on_its_own() {
    let app = spawn_app_with(Backend::Sqlite, &[("TRUSTED_PROXIES", "10.0.0.0/8")]).await;
    app.create_user(EMAIL, PASSWORD, Role::User).await;
    for n in 0..10 {
        let email = format!("pessoa{n}@monteiro.com.br");
        app.post_form_from(
            "10.0.0.2",
            "/api/login",
            &login_form(&email, "senha errada demais", false),
            &[("x-forwarded-for", "198.51.100.1")],
        )
        .await;
    }
    let same_client = app
        .post_form_from(
            "10.0.0.2",
            "/api/login",
            &login_form(EMAIL, PASSWORD, false),
            &[("x-forwarded-for", "198.51.100.1")],
        )
        .await;
    assert_eq!(same_client.status, 429);
    let other_client = app
        .post_form_from(
            "10.0.0.2",
            "/api/login",
            &login_form(EMAIL, PASSWORD, false),
            &[("x-forwarded-for", "198.51.100.2")],
        )
        .await;
    assert!(other_client.status < 400, "{}", other_client.body);
}

#[tokio::test]
async fn without_javascript_a_throttled_address_sees_why_on_the_login_page() {
    let app = spawn_app_with(Backend::Sqlite, &[("LOGIN_IP_LIMIT", "1")]).await;
    let form = login_form("ninguem@monteiro.com.br", "senha errada demais", false);
    app.post_form_from("203.0.113.7", "/api/login", &form, &[])
        .await;
    let res = app
        .post_form_from(
            "203.0.113.7",
            "/api/login",
            &form,
            &[
                ("accept", "text/html"),
                ("referer", "https://crm.test/login"),
            ],
        )
        .await;
    assert_eq!(res.status, 302, "{}", res.body);
    assert_eq!(res.header("location"), "/login?erro=limite&next=/");
    let page = app.get("/login?erro=limite&next=/", &[]).await;
    assert!(page.body.contains("Aguarde um minuto"), "{}", page.body);
}
