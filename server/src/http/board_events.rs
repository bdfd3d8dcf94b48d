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
//! proxies from closing an idle stream.

use std::{collections::VecDeque, convert::Infallible, sync::Arc};

use app::{
    clients::scope::Scope,
    kanban::repo,
    live::{Bus, Event, Start, Topic},
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
    );
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
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

/// The events of `topic` that `scope` may see, after `last` (a previous event id).
pub fn board_stream(
    bus: Arc<Bus>,
    topic: Topic,
    scope: Scope,
    last: Option<&str>,
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
    stream::unfold(reader, |mut reader| async move {
        let event = reader.next().await?;
        Some((Ok(event), reader))
    })
}
