//! `GET /kanban/{slug}/eventos`: a board's live changes as server-sent events, for the open
//! board page (one stream per browser tab). Only signed-in staff; each event passes the reader's
//! record scope, so a user never receives a card they could not open.
//!
//! Events: `card` (a card as it is now: added, moved, changed), `removed` (`{"id": …}`) and
//! `reload` (more was missed than the bus keeps: read the board again). Each carries an id; a
//! browser reconnecting sends it back as `Last-Event-ID` and receives what it missed. The page
//! opens its first stream with `?desde=<id>` (the bus's position when the board was rendered),
//! so nothing published between the render and the connection is lost.
//!
//! Mounted outside the 30-second request timeout; a keep-alive comment every 15 seconds keeps
//! proxies from closing an idle stream. One staff member holds at most the bus policy's streams
//! at once (429 beyond); each stream re-checks its session every `recheck` and ends once the
//! session was ended elsewhere or the user disabled (SECURITY.md §40).

use std::{collections::VecDeque, convert::Infallible, sync::Arc, time::Duration};

use app::{
    auth::{backend::AuthSession, registry, server::stamps},
    clients::scope::Scope,
    db::Db,
    kanban::repo,
    live::{Admission, Bus, Event, Start, Topic},
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    response::{
        sse::{self, KeepAlive, Sse},
        IntoResponse, Response,
    },
};
use futures::stream::{self, Stream};
use http::{request::Parts, StatusCode};
use tokio::sync::broadcast::{error::RecvError, Receiver};

use super::caller;

/// The query of the first connection.
#[derive(Debug, serde::Deserialize)]
pub struct Since {
    desde: Option<String>,
}

/// The handler.
pub async fn stream(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(since): Query<Since>,
    parts: Parts,
) -> Response {
    let Some(user) = caller::signed_in(&parts) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let guard = match guard(&state, &parts, user.id).await {
        Ok(guard) => guard,
        Err(refused) => return refused,
    };
    let board = match repo::board(&state.db, &slug).await {
        Ok(Some(board)) => board.id,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => return unavailable(&err),
    };
    let scope = match Scope::of(&state.db, &user).await {
        Ok(scope) => scope,
        Err(err) => return unavailable(&err),
    };
    let last = parts
        .headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or(since.desde);
    let events = board_stream(
        state.bus.clone(),
        Topic::Board(board),
        scope,
        last.as_deref(),
        guard,
    );
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// What keeps a stream open: its place among its user's streams, and the session it runs under.
pub struct Guard {
    _admission: Admission,
    db: Db,
    key: String,
    user_id: i64,
    recheck: Duration,
}

impl Guard {
    /// Whether the session still stands (a failed check ends the stream too: the browser
    /// reconnects, and the reconnection is judged afresh).
    async fn holds(&self) -> bool {
        registry::is_live(&self.db, &self.key, self.user_id)
            .await
            .unwrap_or(false)
    }
}

/// Admits a stream for `user_id` (signed in on `parts`): 401 without a session of ours, 429
/// when they hold as many streams as the policy allows.
pub async fn guard(state: &AppState, parts: &Parts, user_id: i64) -> Result<Guard, Response> {
    let session = parts.extensions.get::<AuthSession>();
    let Some(key) = (match session {
        Some(session) => stamps(session).await.map(|s| s.key),
        None => None,
    }) else {
        return Err(StatusCode::UNAUTHORIZED.into_response());
    };
    let Some(admission) = state.bus.admit(user_id) else {
        let text = "Muitas abas abertas com atualizações ao vivo: feche uma e recarregue a página.";
        return Err((
            StatusCode::TOO_MANY_REQUESTS,
            [(http::header::RETRY_AFTER, "30")],
            text,
        )
            .into_response());
    };
    Ok(Guard {
        _admission: admission,
        db: state.db.clone(),
        key,
        user_id,
        recheck: state.bus.policy().recheck,
    })
}

fn unavailable(err: &sqlx::Error) -> Response {
    tracing::error!(error = %err, "could not open a board stream");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

struct Reader {
    bus: Arc<Bus>,
    topic: Topic,
    scope: Scope,
    missed: VecDeque<Arc<Event>>,
    reload: bool,
    receiver: Receiver<Arc<Event>>,
}

impl Reader {
    /// The next event for this reader (`None` when the bus is gone).
    async fn next(&mut self) -> Option<sse::Event> {
        loop {
            if std::mem::take(&mut self.reload) {
                return Some(
                    sse::Event::default()
                        .event("reload")
                        .id(self.bus.last_id())
                        .data("{}"),
                );
            }
            let event = match self.missed.pop_front() {
                Some(event) => event,
                None => match self.receiver.recv().await {
                    Ok(event) => event,
                    Err(RecvError::Lagged(_)) => {
                        self.reload = true;
                        continue;
                    }
                    Err(RecvError::Closed) => return None,
                },
            };
            if event.topic == self.topic && event.audience.admits(&self.scope) {
                return Some(
                    sse::Event::default()
                        .event(event.name)
                        .id(self.bus.id_of(event.seq))
                        .data(event.data.as_str()),
                );
            }
        }
    }
}

/// The events of `topic` that `scope` may see, after `last` (a previous event id), for as long
/// as `guard` holds.
pub fn board_stream(
    bus: Arc<Bus>,
    topic: Topic,
    scope: Scope,
    last: Option<&str>,
    guard: Guard,
) -> impl Stream<Item = Result<sse::Event, Infallible>> {
    let subscription = bus.subscribe(last);
    let (missed, reload) = match subscription.start {
        Start::Replay(events) => (events.into(), false),
        Start::Reload => (VecDeque::new(), true),
    };
    let reader = Reader {
        bus,
        topic,
        scope,
        missed,
        reload,
        receiver: subscription.receiver,
    };
    let mut checks =
        tokio::time::interval_at(tokio::time::Instant::now() + guard.recheck, guard.recheck);
    checks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    stream::unfold(
        (reader, guard, checks),
        |(mut reader, guard, mut checks)| async move {
            loop {
                tokio::select! {
                    event = reader.next() => {
                        return Some((Ok(event?), (reader, guard, checks)));
                    }
                    _ = checks.tick() => {
                        if !guard.holds().await {
                            return None;
                        }
                    }
                }
            }
        },
    )
}
