//! Background work of the server process: the durable job worker (imports and their reverts,
//! the daily renewal scan, see `app::jobs`), and a periodic maintenance pass that queues the
//! day's renewal scan and deletes session registry rows past
//! their limits, expired session-store rows, stale login-throttle rows, old one-time links and
//! finished jobs.

use std::time::Duration;

use app::{
    auth::{registry, throttle, tokens},
    clients::import,
    jobs,
    policies::renewals,
    state::AppState,
};

use crate::sessions::DbSessionStore;

/// How often maintenance runs.
pub const MAINTENANCE_EVERY: Duration = Duration::from_secs(10 * 60);
/// Used or expired one-time links are kept this long (for support questions), then deleted.
pub const KEEP_DEAD_LINKS: time::Duration = time::Duration::days(30);

/// Finished jobs are kept this long (for support questions), then deleted.
pub const KEEP_DONE_JOBS: time::Duration = time::Duration::days(30);
/// Imports uploaded but never started are deleted (with their files) after this long.
pub const KEEP_IMPORT_DRAFTS: time::Duration = time::Duration::days(7);

/// What one maintenance pass removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub throttles: u64,
    pub links: u64,
    pub jobs: u64,
    pub import_lines: u64,
}

/// One maintenance pass.
pub async fn maintain(state: &AppState, store: &DbSessionStore) -> Result<Swept, sqlx::Error> {
    let now = state.clock.now().unix_timestamp();
    let limits = state.timeouts.get(&state.db, now).await.limits();
    let sessions = registry::purge_stale(&state.db, now, &limits).await?;
    let throttles = throttle::purge_stale(&state.db, now).await?;
    let links = tokens::purge_dead(&state.db, now - KEEP_DEAD_LINKS.whole_seconds()).await?;
    let jobs = jobs::purge_done(&state.db, now - KEEP_DONE_JOBS.whole_seconds()).await?;
    let at = state.clock.now();
    let import_lines = import::repo::forget_old(
        &state.db,
        at - time::Duration::days(import::REVERT_DAYS),
        at - KEEP_IMPORT_DRAFTS,
    )
    .await?;
    // Today's renewal scan (São Paulo day), queued once a day; the job worker runs it.
    match renewals::service::queue_daily_scan(&state.db, at).await {
        Ok(true) => state.jobs_wake.notify_one(),
        Ok(false) => {}
        Err(err) => tracing::warn!(error = ?err, "could not queue the renewal scan"),
    }
    // The WhatsApp templates are read from Meta once a day too (and on demand from the chat).
    if state.whatsapp.graph.is_some() {
        match jobs::enqueue_daily(&state.db, app::whatsapp::templates::SYNC_JOB, at).await {
            Ok(true) => state.jobs_wake.notify_one(),
            Ok(false) => {}
            Err(err) => tracing::warn!(error = ?err, "could not queue the template sync"),
        }
    }
    // The connected Instagram and Facebook accounts' tokens are checked once a day.
    match jobs::enqueue_daily(&state.db, app::social::accounts::HEALTH_JOB, at).await {
        Ok(true) => state.jobs_wake.notify_one(),
        Ok(false) => {}
        Err(err) => tracing::warn!(error = ?err, "could not queue the social token check"),
    }
    if let Err(err) = store.delete_expired().await {
        tracing::warn!(error = %err, "could not delete expired sessions from the store");
    }
    Ok(Swept {
        sessions,
        throttles,
        links,
        jobs,
        import_lines,
    })
}

/// Runs [`maintain`] every `every` until aborted.
pub fn spawn_maintenance(
    state: AppState,
    store: DbSessionStore,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match maintain(&state, &store).await {
                Ok(swept) if swept != Swept::default() => {
                    tracing::info!(?swept, "maintenance removed stale rows");
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "maintenance pass failed"),
            }
        }
    })
}

/// How often an idle job worker looks for due jobs (it is also woken when one is queued).
pub const JOBS_POLL: Duration = Duration::from_secs(2);

/// Why an attempt failed, as kept on the job row and shown to admins: no SQL or other internal
/// text, only the kind of failure and the id under which the cause was logged.
fn describe(err: &app::error::AppError) -> String {
    let id = app::error::report(err);
    format!("{err:?}: see the log under id {id}")
        .chars()
        .take(300)
        .collect()
}

fn import_id(job: &jobs::Claimed, key: &str) -> Result<i64, String> {
    job.payload()[key]
        .as_i64()
        .ok_or_else(|| format!("payload without {key}"))
}

/// Runs one claimed job's handler.
async fn dispatch(state: &AppState, job: &jobs::Claimed) -> Result<(), String> {
    let clock = state.clock.clone();
    let now = move || clock.now();
    match job.kind.as_str() {
        import::service::RUN_JOB => {
            let id = import_id(job, "import")?;
            import::service::run(&state.db, id, now)
                .await
                .map_err(|e| describe(&e))
        }
        import::service::REVERT_JOB => {
            let id = import_id(job, "import")?;
            let by = import_id(job, "by")?;
            import::service::revert(&state.db, id, by, now)
                .await
                .map_err(|e| describe(&e))
        }
        renewals::service::SCAN_JOB => {
            let day = renewals::service::scan_day(&job.payload())
                .ok_or_else(|| "payload without a day".to_owned())?;
            let scanned = renewals::service::scan(&state.db, day, state.clock.now())
                .await
                .map_err(|e| describe(&e))?;
            tracing::info!(?scanned, %day, "renewal scan");
            // The scan is done either way; open boards only miss the new cards until a reload.
            if scanned.opened > 0 {
                if let Err(err) =
                    app::kanban::live::announce_renewals_board(&state.db, &state.bus).await
                {
                    tracing::warn!(error = ?err, "could not announce the renewal cards");
                }
            }
            Ok(())
        }
        app::whatsapp::ingest::WEBHOOK_JOB => {
            let event = import_id(job, "event")?;
            let ours = state.whatsapp.phone_number_id.as_deref();
            let now = state.clock.now().unix_timestamp();
            let done = app::whatsapp::ingest::process(&state.db, event, ours, now)
                .await
                .map_err(|e| describe(&e.into()))?;
            tracing::debug!(event, ?done, "WhatsApp delivery read");
            let messages = done.messages.iter().map(|(_, c)| *c);
            let touched = messages.chain(done.ticks.iter().map(|(_, c)| *c));
            announce_conversations(state, touched.collect()).await;
            Ok(())
        }
        app::whatsapp::outbox::SEND_JOB => {
            let message = import_id(job, "message")?;
            let now = state.clock.now().unix_timestamp();
            let graph = state.whatsapp.graph.as_ref();
            let sent = app::whatsapp::outbox::send(
                &state.db,
                graph,
                Some(&state.social),
                message,
                job.attempts,
                jobs::MAX_ATTEMPTS,
                now,
            )
            .await;
            match sent {
                Ok(sent) => {
                    tracing::info!(message, ?sent, "WhatsApp send");
                    announce_message(state, message).await;
                    Ok(())
                }
                Err(err) => Err(send_failure(err)),
            }
        }
        app::whatsapp::outbox::READ_JOB => {
            let conversation = import_id(job, "conversation")?;
            let graph = state.whatsapp.graph.as_ref();
            app::whatsapp::outbox::send_read(&state.db, graph, Some(&state.social), conversation)
                .await
                .map_err(send_failure)
        }
        app::whatsapp::media::MEDIA_JOB => {
            let message = import_id(job, "message")?;
            let now = state.clock.now().unix_timestamp();
            let graph = state.whatsapp.graph.as_ref();
            let last = job.attempts >= jobs::MAX_ATTEMPTS;
            match app::whatsapp::media::fetch(&state.db, graph, message, last, now).await {
                Ok(app::whatsapp::media::Fetched::Nothing) => Ok(()),
                Ok(fetched) => {
                    tracing::info!(message, ?fetched, "WhatsApp media");
                    announce_message(state, message).await;
                    Ok(())
                }
                Err(app::whatsapp::media::FetchError::Later(err)) => Err(err.to_string()),
                Err(app::whatsapp::media::FetchError::Database(err)) => Err(describe(&err.into())),
            }
        }
        app::whatsapp::templates::SYNC_JOB => {
            // Without a configured number there is nothing to read; the job ends quietly.
            let Some(graph) = state.whatsapp.graph.as_ref() else {
                return Ok(());
            };
            let now = state.clock.now().unix_timestamp();
            match app::whatsapp::templates::sync(&state.db, graph, now).await {
                Ok(stored) => {
                    tracing::info!(stored, "WhatsApp templates synced");
                    Ok(())
                }
                // No business account id configured: nothing to read, nothing to retry.
                Err(app::whatsapp::templates::SyncError::Graph(
                    app::whatsapp::graph::GraphError::NotConfigured,
                )) => {
                    tracing::info!("WhatsApp templates not synced: WHATSAPP_WABA_ID is not set");
                    Ok(())
                }
                Err(app::whatsapp::templates::SyncError::Database(err)) => {
                    Err(describe(&err.into()))
                }
                Err(app::whatsapp::templates::SyncError::Graph(err)) => Err(err.to_string()),
            }
        }
        app::social::ingest::PROFILE_JOB => {
            let contact = import_id(job, "contact")?;
            let now = state.clock.now().unix_timestamp();
            match app::social::ingest::fetch_profile(&state.db, &state.social, contact, now).await {
                Ok(conversations) => {
                    announce_conversations(state, conversations).await;
                    Ok(())
                }
                Err(app::social::ingest::ProfileError::Later(err)) => Err(err.to_string()),
                Err(app::social::ingest::ProfileError::Database(err)) => Err(describe(&err.into())),
            }
        }
        app::social::publish::PUBLISH_JOB => {
            let target = import_id(job, "target")?;
            let now = state.clock.now().unix_timestamp();
            let ran =
                app::social::publish::run(&state.db, &state.social, &state.app_origin, target, now)
                    .await;
            match ran {
                Ok(ran) => {
                    tracing::info!(target, ?ran, "social post");
                    Ok(())
                }
                Err(app::social::publish::PublishError::Database(err)) => {
                    Err(describe(&err.into()))
                }
                Err(err) => {
                    // The last attempt: the post shows as failed rather than stuck.
                    if job.attempts >= jobs::MAX_ATTEMPTS {
                        let why = err.to_string();
                        if let Err(db) =
                            app::social::publish::give_up(&state.db, target, &why, now).await
                        {
                            tracing::warn!(target, error = %db, "could not fail a social post");
                        }
                    }
                    Err(err.to_string())
                }
            }
        }
        app::social::accounts::HEALTH_JOB => {
            let now = state.clock.now().unix_timestamp();
            let checked = app::social::accounts::check_all(&state.db, &state.social, now)
                .await
                .map_err(|e| describe(&e.into()))?;
            tracing::info!(?checked, "social tokens checked");
            Ok(())
        }
        other => Err(format!("no handler for jobs of kind {other}")),
    }
}

/// Why a WhatsApp job must run again, as kept on the job row.
fn send_failure(err: app::whatsapp::outbox::SendError) -> String {
    match err {
        app::whatsapp::outbox::SendError::Later(err) => {
            format!("the Graph API asked to try later: {err}")
        }
        app::whatsapp::outbox::SendError::Database(err) => describe(&err.into()),
    }
}

/// Tells the open inboxes that the conversation of message `message` changed.
async fn announce_message(state: &AppState, message: i64) {
    if let Ok(Some(c)) = app::whatsapp::repo::conversation_of(&state.db, message).await {
        announce_conversations(state, vec![c]).await;
    }
}

/// Tells the open inboxes that these conversations changed (each once).
async fn announce_conversations(state: &AppState, mut ids: Vec<i64>) {
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        if let Err(err) = app::whatsapp::live::announce(&state.db, &state.bus, id).await {
            tracing::warn!(conversation = id, error = %err, "could not announce a WhatsApp change");
        }
    }
}

/// Runs a claimed job while renewing its lease, then records how it ended.
async fn run_job(state: &AppState, job: jobs::Claimed) {
    let work = dispatch(state, &job);
    tokio::pin!(work);
    let mut renewals =
        tokio::time::interval(Duration::from_secs((jobs::LEASE_SECONDS / 3).max(1) as u64));
    renewals.tick().await;
    let outcome = loop {
        tokio::select! {
            outcome = &mut work => break outcome,
            _ = renewals.tick() => {
                let now = state.clock.now().unix_timestamp();
                if let Err(err) = jobs::renew(&state.db, job.id, now).await {
                    tracing::warn!(job = job.id, error = %err, "could not renew a job's lease");
                }
            }
        }
    };
    if let Err(error) = &outcome {
        tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, %error, "job failed");
    }
    let now = state.clock.now().unix_timestamp();
    if let Err(err) = jobs::finish(&state.db, &job, outcome, now).await {
        tracing::error!(job = job.id, error = %err, "could not record how a job ended");
    }
}

/// Claims and runs due jobs one after another until none is due; answers how many ran.
pub async fn run_due_jobs(state: &AppState) -> Result<usize, sqlx::Error> {
    // Posts whose time came are handed to the publishing jobs first.
    app::social::publish::queue_due(&state.db, state.clock.now().unix_timestamp()).await?;
    let mut ran = 0;
    while let Some(job) = jobs::claim(&state.db, state.clock.now().unix_timestamp()).await? {
        run_job(state, job).await;
        ran += 1;
    }
    Ok(ran)
}

/// Runs due jobs until aborted, waking when one is queued or every [`JOBS_POLL`].
pub fn spawn_jobs(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(err) = run_due_jobs(&state).await {
                tracing::warn!(error = %err, "could not claim a job");
            }
            tokio::select! {
                _ = state.jobs_wake.notified() => {}
                _ = tokio::time::sleep(JOBS_POLL) => {}
            }
        }
    })
}
