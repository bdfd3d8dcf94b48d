//! The one event bus that feeds every live stream (server-sent events): a change is published
//! once, after its transaction commits, and each open stream forwards what its reader may see.
//!
//! Events carry an id `"{epoch}.{seq}"`: `seq` grows by one per event, `epoch` changes when the
//! process starts. The last [`KEEP`] events are kept, so a stream that reconnects with
//! `Last-Event-ID` receives what it missed; when that is no longer possible (the id is older than
//! what is kept, the process restarted, or the reader fell behind) the stream is told to reload
//! instead — a reader never silently misses an update.
//!
//! One process only: several instances sharing a database would need PostgreSQL LISTEN/NOTIFY
//! between them (not built yet).

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
};

use tokio::sync::broadcast;

use crate::clients::scope::Scope;

/// How many recent events are kept for reconnecting streams.
pub const KEEP: usize = 2048;

/// What a change is about, so a stream can pick its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// A Kanban board (by id).
    Board(i64),
    /// The WhatsApp inbox.
    WhatsApp,
}

/// Who may see a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Everyone reading the topic (a board's columns changed).
    Everyone,
    /// The record scope's rule: a record belongs to `owner` and (optionally) a team; admins see
    /// everything, managers their own and their teams', users their own.
    Record {
        owner: Option<i64>,
        team: Option<i64>,
    },
}

impl Audience {
    /// Whether a reader with `scope` may see it.
    pub fn admits(&self, scope: &Scope) -> bool {
        let Self::Record { owner, team } = self else {
            return true;
        };
        match scope {
            Scope::All => true,
            Scope::Own { user_id } => *owner == Some(*user_id),
            Scope::Teams { user_id, team_ids } => {
                *owner == Some(*user_id) || team.is_some_and(|t| team_ids.contains(&t))
            }
        }
    }
}

/// One published change.
#[derive(Debug)]
pub struct Event {
    pub seq: u64,
    pub topic: Topic,
    pub audience: Audience,
    /// The SSE event name (`card`, `removed` …).
    pub name: &'static str,
    /// The SSE data (JSON).
    pub data: String,
}

/// Where a new stream starts.
#[derive(Debug)]
pub enum Start {
    /// Send these missed events first, then what arrives.
    Replay(Vec<Arc<Event>>),
    /// Too much was missed: the reader must reload what it shows.
    Reload,
}

/// A stream's view of the bus.
#[derive(Debug)]
pub struct Subscription {
    pub start: Start,
    pub receiver: broadcast::Receiver<Arc<Event>>,
}

#[derive(Debug)]
struct Kept {
    next: u64,
    recent: VecDeque<Arc<Event>>,
}

/// How many live streams one staff member may hold open at once, and how often an open stream
/// checks that its session still stands (SECURITY.md §40).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamPolicy {
    pub per_user: usize,
    pub recheck: std::time::Duration,
}

impl Default for StreamPolicy {
    fn default() -> Self {
        Self {
            per_user: 5,
            recheck: std::time::Duration::from_secs(15),
        }
    }
}

/// The bus (one per process, in the app state).
#[derive(Debug)]
pub struct Bus {
    epoch: u64,
    sender: broadcast::Sender<Arc<Event>>,
    kept: Mutex<Kept>,
    policy: StreamPolicy,
    /// Open streams per staff member.
    open: Mutex<std::collections::HashMap<i64, usize>>,
}

/// One admitted stream: counted until it is dropped (the stream ended or its reader left).
#[derive(Debug)]
pub struct Admission {
    bus: Arc<Bus>,
    user: i64,
}

impl Drop for Admission {
    fn drop(&mut self) {
        let mut open = self.bus.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.user) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.user);
            }
        }
    }
}

impl Default for Bus {
    fn default() -> Self {
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros() as u64)
            .unwrap_or_default();
        Self::with_epoch(epoch)
    }
}

impl Bus {
    /// A bus whose ids start with `epoch`.
    pub fn with_epoch(epoch: u64) -> Self {
        Self {
            epoch,
            sender: broadcast::channel(KEEP).0,
            kept: Mutex::new(Kept {
                next: 1,
                recent: VecDeque::with_capacity(KEEP),
            }),
            policy: StreamPolicy::default(),
            open: Mutex::default(),
        }
    }

    /// The same bus under `policy`.
    pub fn with_policy(mut self, policy: StreamPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The stream policy.
    pub fn policy(&self) -> StreamPolicy {
        self.policy
    }

    /// Admits one more stream for `user`, unless they hold as many as the policy allows.
    pub fn admit(self: &Arc<Self>, user: i64) -> Option<Admission> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(user).or_default();
        if *n >= self.policy.per_user {
            return None;
        }
        *n += 1;
        Some(Admission {
            bus: self.clone(),
            user,
        })
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        // A panic while holding the lock leaves the data consistent (every change is one push).
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The id an event with `seq` carries.
    pub fn id_of(&self, seq: u64) -> String {
        format!("{}.{seq}", self.epoch)
    }

    /// The id of the latest event (what a page rendered now has seen).
    pub fn last_id(&self) -> String {
        self.id_of(self.kept().next - 1)
    }

    /// Publishes a change to every open stream.
    pub fn publish(&self, topic: Topic, audience: Audience, name: &'static str, data: String) {
        let mut kept = self.kept();
        let event = Arc::new(Event {
            seq: kept.next,
            topic,
            audience,
            name,
            data,
        });
        kept.next += 1;
        if kept.recent.len() == KEEP {
            kept.recent.pop_front();
        }
        kept.recent.push_back(event.clone());
        // Sent while holding the lock, so a subscriber made under it sees each event once:
        // either in its replay or through its receiver. No receiver is not an error.
        let _ = self.sender.send(event);
    }

    /// A stream's start after `last_id` (`None`: from now on).
    pub fn subscribe(&self, last_id: Option<&str>) -> Subscription {
        let kept = self.kept();
        let receiver = self.sender.subscribe();
        let start = match last_id.map(|id| self.parse(id)) {
            None => Start::Replay(Vec::new()),
            Some(None) => Start::Reload,
            Some(Some(seq)) if seq + 1 >= kept.next => Start::Replay(Vec::new()),
            Some(Some(seq)) => {
                let oldest = kept.recent.front().map_or(kept.next, |e| e.seq);
                if seq + 1 < oldest {
                    Start::Reload
                } else {
                    Start::Replay(
                        kept.recent
                            .iter()
                            .filter(|e| e.seq > seq)
                            .cloned()
                            .collect(),
                    )
                }
            }
        };
        Subscription { start, receiver }
    }

    /// The `seq` of an id of this process (`None` for another epoch or garbage).
    fn parse(&self, id: &str) -> Option<u64> {
        let (epoch, seq) = id.trim().split_once('.')?;
        (epoch.parse::<u64>().ok()? == self.epoch)
            .then(|| seq.parse().ok())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANYONE: Audience = Audience::Everyone;

    fn publish(bus: &Bus, n: usize) {
        for i in 0..n {
            bus.publish(Topic::Board(1), ANYONE, "card", i.to_string());
        }
    }

    fn replayed(start: &Start) -> Vec<u64> {
        match start {
            Start::Replay(events) => events.iter().map(|e| e.seq).collect(),
            Start::Reload => panic!("expected a replay"),
        }
    }

    #[test]
    fn a_reconnecting_stream_gets_exactly_what_it_missed_then_what_follows() {
        let bus = Bus::with_epoch(7);
        publish(&bus, 5);
        assert_eq!(bus.last_id(), "7.5");
        let mut sub = bus.subscribe(Some("7.2"));
        assert_eq!(replayed(&sub.start), vec![3, 4, 5]);
        publish(&bus, 1);
        assert_eq!(sub.receiver.try_recv().unwrap().seq, 6);
        assert!(sub.receiver.try_recv().is_err());
        assert!(replayed(&bus.subscribe(Some("7.6")).start).is_empty());
    }

    #[test]
    fn an_id_of_another_process_or_too_old_or_garbage_asks_for_a_reload() {
        let bus = Bus::with_epoch(7);
        publish(&bus, KEEP + 10);
        assert!(matches!(bus.subscribe(Some("6.3")).start, Start::Reload));
        assert!(matches!(bus.subscribe(Some("7.3")).start, Start::Reload));
        assert!(matches!(bus.subscribe(Some("x")).start, Start::Reload));
        // The oldest kept event is 11; one who saw 10 misses nothing.
        assert_eq!(replayed(&bus.subscribe(Some("7.10")).start).len(), KEEP);
        assert!(replayed(&bus.subscribe(None).start).is_empty());
    }

    #[test]
    fn the_audience_follows_the_record_scope() {
        let own = Audience::Record {
            owner: Some(3),
            team: Some(9),
        };
        assert!(own.admits(&Scope::All));
        assert!(own.admits(&Scope::Own { user_id: 3 }));
        assert!(!own.admits(&Scope::Own { user_id: 4 }));
        let manager = |teams: Vec<i64>| Scope::Teams {
            user_id: 5,
            team_ids: teams,
        };
        assert!(own.admits(&manager(vec![9])));
        assert!(!own.admits(&manager(vec![8])));
        let nobody = Audience::Record {
            owner: None,
            team: None,
        };
        assert!(!nobody.admits(&Scope::Own { user_id: 3 }));
        assert!(nobody.admits(&Scope::All));
        assert!(Audience::Everyone.admits(&Scope::Own { user_id: 3 }));
    }

    #[test]
    fn a_user_holds_at_most_the_policys_streams_and_a_closed_one_frees_its_place() {
        let bus = Arc::new(Bus::with_epoch(7).with_policy(StreamPolicy {
            per_user: 2,
            recheck: std::time::Duration::from_secs(1),
        }));
        let first = bus.admit(1).expect("first");
        let _second = bus.admit(1).expect("second");
        assert!(bus.admit(1).is_none(), "a third for the same user");
        assert!(bus.admit(2).is_some(), "another user is counted apart");
        drop(first);
        assert!(bus.admit(1).is_some(), "a place freed by a closed stream");
    }
}
