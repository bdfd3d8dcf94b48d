//! The durable job table on both engines: one worker holds a job at a time under a lease, a
//! worker that dies loses it when the lease runs out, failures come back after a growing delay
//! and end as `failed` for an admin to retry, finished jobs are purged.

use app::jobs::{self, LEASE_SECONDS, MAX_ATTEMPTS};
use serde_json::json;

use crate::support::{backends, spawn_app, TestApp};

const T0: i64 = 1_800_000_000;

async fn enqueue(app: &TestApp, kind: &str) -> i64 {
    let mut tx = app.db.begin().await.unwrap();
    let id = jobs::enqueue(&mut tx, kind, &json!({ "n": 1 }), None, T0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn a_claimed_job_is_held_by_one_worker_until_its_lease_runs_out() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let id = enqueue(&app, "test").await;
        let first = jobs::claim(&app.db, T0).await.unwrap().expect("a due job");
        assert_eq!((first.id, first.attempts), (id, 1), "{backend:?}");
        assert_eq!(first.payload(), json!({ "n": 1 }));
        assert!(jobs::claim(&app.db, T0 + 1).await.unwrap().is_none());
        // A renewal keeps it; a worker that stops renewing loses it.
        jobs::renew(&app.db, id, T0 + LEASE_SECONDS - 1)
            .await
            .unwrap();
        assert!(jobs::claim(&app.db, T0 + LEASE_SECONDS + 1)
            .await
            .unwrap()
            .is_none());
        let again = jobs::claim(&app.db, T0 + 2 * LEASE_SECONDS + 1)
            .await
            .unwrap()
            .expect("claimed again after the lease");
        assert_eq!((again.id, again.attempts), (id, 2));
    }
}

#[tokio::test]
async fn a_failing_job_comes_back_later_each_time_then_waits_failed_for_a_retry() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let id = enqueue(&app, "test").await;
        let mut now = T0;
        for attempt in 1..=MAX_ATTEMPTS {
            let job = jobs::claim(&app.db, now).await.unwrap().expect("due again");
            assert_eq!(job.attempts, attempt, "{backend:?}");
            jobs::finish(&app.db, &job, Err(format!("falhou {attempt}")), now)
                .await
                .unwrap();
            let delay = jobs::backoff_seconds(attempt);
            assert!(jobs::claim(&app.db, now + delay - 1)
                .await
                .unwrap()
                .is_none());
            now += delay;
        }
        assert!(jobs::claim(&app.db, now + 10_000).await.unwrap().is_none());
        let failed = jobs::list_failed(&app.db).await.unwrap();
        assert_eq!(failed.len(), 1);
        assert_eq!((failed[0].id, failed[0].attempts), (id, MAX_ATTEMPTS));
        assert_eq!(failed[0].last_error.as_deref(), Some("falhou 5"));

        assert!(jobs::retry(&app.db, id, now).await.unwrap());
        assert!(
            !jobs::retry(&app.db, id, now).await.unwrap(),
            "only failed jobs"
        );
        let job = jobs::claim(&app.db, now).await.unwrap().expect("retried");
        assert_eq!(job.attempts, 1);
        jobs::finish(&app.db, &job, Ok(()), now).await.unwrap();
        assert!(jobs::list_failed(&app.db).await.unwrap().is_empty());
        assert_eq!(
            jobs::purge_done(&app.db, now).await.unwrap(),
            0,
            "not before its time"
        );
        assert_eq!(jobs::purge_done(&app.db, now + 1).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn a_worker_that_dies_on_the_last_attempt_leaves_the_job_failed() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let id = enqueue(&app, "test").await;
        let mut now = T0;
        for _ in 0..MAX_ATTEMPTS {
            let job = jobs::claim(&app.db, now).await.unwrap().expect("due");
            assert_eq!(job.id, id);
            // The worker dies: no finish, the lease runs out.
            now += LEASE_SECONDS + 1;
        }
        assert!(
            jobs::claim(&app.db, now).await.unwrap().is_none(),
            "{backend:?}"
        );
        let failed = jobs::list_failed(&app.db).await.unwrap();
        assert_eq!(failed.len(), 1);
        assert!(failed[0].last_error.as_deref().unwrap().contains("stopped"));
    }
}

#[tokio::test]
async fn admins_see_failed_jobs_and_retry_them_and_nobody_else_may() {
    use app::roles::Role;
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) =
            crate::clients::staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        let (_, manager) = crate::clients::staff(
            &app,
            "gerente@corretora.com.br",
            Role::Manager,
            Some("Centro"),
        )
        .await;
        // A job of a kind no handler knows fails on every attempt.
        let id = enqueue(&app, "unknown_kind").await;
        let mut now = T0;
        for _ in 0..MAX_ATTEMPTS {
            let job = jobs::claim(&app.db, now).await.unwrap().expect("due");
            jobs::finish(&app.db, &job, Err("no handler".into()), now)
                .await
                .unwrap();
            now += 3_600;
        }
        let overview = app.call(&admin, "/api/jobs_overview", &[]).await;
        assert_eq!(overview.status, 200, "{backend:?} {}", overview.body);
        assert_eq!(overview.json()["failed"][0]["id"], id);
        assert_eq!(
            app.call(&manager, "/api/jobs_overview", &[]).await.status,
            403
        );
        assert_eq!(
            app.call(&manager, "/api/retry_job", &[("id", &id.to_string())])
                .await
                .status,
            403
        );
        let page = app.get_as(&admin, "/admin/tarefas").await;
        assert!(
            page.body.contains("no handler"),
            "the page shows the last error"
        );

        let retried = app
            .call(&admin, "/api/retry_job", &[("id", &id.to_string())])
            .await;
        assert_eq!(retried.status, 200, "{}", retried.body);
        assert_eq!(app.audit_count("job.retry").await, 1);
        let overview = app.call(&admin, "/api/jobs_overview", &[]).await.json();
        assert_eq!(overview["failed"], serde_json::json!([]));
        assert_eq!(overview["queued"], 1);
        let again = app
            .call(&admin, "/api/retry_job", &[("id", &id.to_string())])
            .await;
        assert_eq!(again.status, 404, "only a failed job can be retried");
    }
}
