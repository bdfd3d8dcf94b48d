//! Server functions of the jobs page (admins): what waits, runs and failed; retry a failed job.

use leptos::prelude::*;

use super::JobsState;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{auth::permissions::Action, error::respond, state::AppState};

/// The jobs page's data.
#[server(prefix = "/api", endpoint = "jobs_overview")]
pub async fn jobs_overview() -> Result<JobsState, AppError> {
    respond(
        async {
            crate::auth::server::require(Action::ManageSettings).await?;
            let state = expect_context::<AppState>();
            let (queued, running) = super::pending_counts(&state.db).await?;
            let failed = super::list_failed(&state.db).await?;
            Ok(JobsState {
                queued,
                running,
                failed,
            })
        }
        .await,
    )
}

/// Gives a failed job a fresh set of attempts, due now (audited).
#[server(prefix = "/api", endpoint = "retry_job")]
pub async fn retry_job(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let user = crate::auth::server::require(Action::ManageSettings)
                .await?
                .0;
            let state = expect_context::<AppState>();
            let now = state.clock.now().unix_timestamp();
            if !super::retry(&state.db, id, now).await? {
                return Err(AppError::NotFound);
            }
            let entry = crate::audit::AuditEntry {
                actor_id: Some(user.id),
                action: "job.retry",
                entity_type: Some("job"),
                entity_id: Some(id.to_string()),
                changes: None,
                meta: crate::audit::RequestMeta::current(),
            };
            let mut tx = state.db.begin().await?;
            crate::audit::record(&mut tx, &entry).await?;
            tx.commit().await?;
            state.jobs_wake.notify_one();
            Ok(())
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}
