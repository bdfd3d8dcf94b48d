//! Moving cards on the page, by pointer or keyboard: the card moves at once (optimistic), the
//! server is asked, and if it refuses the card goes back (or leaves the board, when it no
//! longer exists) with the reason shown. A lost column first asks why. Keyboard moving follows
//! the usual pattern: Space or Enter picks the card up, the arrows carry it (up and down in the
//! column, left and right across columns), Space or Enter drops it, Escape puts it back; each
//! step is announced to screen readers.

use leptos::prelude::*;

use super::store::BoardStore;
use crate::{
    error::AppError,
    i18n::{t_string, Locale},
    kanban::{api::move_card, filter::BoardFilter, lanes, Card, Outcome},
    ui::message,
};

/// A card picked up by keyboard, and where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Picked {
    pub origin: Card,
    pub lane: usize,
    pub index: usize,
}

/// A drop on a lost column waiting for its reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Asking {
    pub origin: Card,
    pub lane: usize,
    pub index: usize,
    pub column: String,
}

/// The board's moving state (copyable handle, one per board view).
#[derive(Clone, Copy)]
pub struct Moves {
    pub store: BoardStore,
    pub picked: RwSignal<Option<Picked>>,
    /// What the live region says.
    pub said: RwSignal<String>,
    /// Why the last move was undone.
    pub failed: RwSignal<Option<String>>,
    pub asking: RwSignal<Option<Asking>>,
    /// A sales card just won, about a client without a policy: (title, client, card).
    pub won: RwSignal<Option<(String, i64, i64)>>,
    /// Whether this board is a sales funnel (a won card offers to create the policy).
    sales: bool,
    /// What the board shows (keyboard steps skip the cards it hides).
    filter: Memo<BoardFilter>,
    i18n: leptos_i18n::I18nContext<Locale>,
}

impl Moves {
    pub fn new(
        store: BoardStore,
        sales: bool,
        filter: Memo<BoardFilter>,
        i18n: leptos_i18n::I18nContext<Locale>,
    ) -> Self {
        Self {
            store,
            picked: RwSignal::new(None),
            said: RwSignal::new(String::new()),
            failed: RwSignal::new(None),
            asking: RwSignal::new(None),
            won: RwSignal::new(None),
            sales,
            filter,
            i18n,
        }
    }

    /// Drops `origin` (a card still where it was) into column number `lane` before card
    /// `before` (`None`: at the end).
    pub fn drop_before(self, origin: Card, lane: usize, before: Option<i64>) {
        let others: Vec<i64> = self
            .store
            .cards_of(lane)
            .iter()
            .map(|c| c.id)
            .filter(|id| *id != origin.id)
            .collect();
        let index = before
            .and_then(|b| others.iter().position(|id| *id == b))
            .unwrap_or(others.len());
        self.drop_at(origin, lane, index);
    }

    /// Drops `origin` (a card still where it was) at `index` of column number `lane`.
    pub fn drop_at(self, origin: Card, lane: usize, index: usize) {
        let Some((from, position, _)) = self.store.locate(origin.id) else {
            return;
        };
        if from == lane && position == index {
            return;
        }
        self.settle(origin, lane, index);
    }

    /// Sends the move of `origin` to (`lane`, `index`), asking first when the column is lost.
    fn settle(self, origin: Card, lane: usize, index: usize) {
        let Some(target) = self.store.lane(lane) else {
            return;
        };
        if target.outcome == Outcome::Lost && target.id != origin.column_id {
            self.asking.set(Some(Asking {
                origin,
                lane,
                index,
                column: target.name,
            }));
            return;
        }
        self.commit(origin, lane, index, String::new(), String::new());
    }

    /// Moves the card on the page and asks the server; undoes it if the server refuses.
    pub fn commit(
        self,
        origin: Card,
        lane: usize,
        index: usize,
        reason: String,
        recontact: String,
    ) {
        let Some(to) = self.store.place(origin.clone(), lane, index) else {
            return;
        };
        self.failed.set(None);
        let target = self.store.lane(lane);
        let column = target.as_ref().map(|l| l.name.clone()).unwrap_or_default();
        let won = target.is_some_and(|l| l.outcome == Outcome::Won && l.id != origin.column_id)
            && self.sales
            && origin.policy_id.is_none();
        let offer = origin
            .client_id
            .filter(|_| won)
            .map(|c| (origin.title.clone(), c, origin.id));
        let i18n = self.i18n;
        self.said.set(format!(
            "{} {column}: {}",
            t_string!(i18n, kanban.moved_to),
            origin.title
        ));
        leptos::task::spawn_local(async move {
            let Err(err) = move_card(origin.id, to, reason, recontact, String::new()).await else {
                if offer.is_some() {
                    self.won.set(offer);
                }
                return;
            };
            let text = match &err {
                AppError::NotFound => {
                    self.store.remove(origin.id);
                    t_string!(i18n, kanban.move_gone).to_string()
                }
                AppError::Invalid { fields } => {
                    self.store.upsert(origin.clone());
                    let why = fields.values().next().map(|k| message(i18n, k));
                    format!(
                        "{} {}",
                        t_string!(i18n, kanban.move_undone),
                        why.unwrap_or_default()
                    )
                }
                _ => {
                    self.store.upsert(origin.clone());
                    t_string!(i18n, kanban.move_undone).to_string()
                }
            };
            self.said.set(text.clone());
            self.failed.set(Some(text));
        });
    }

    /// The lost-reason dialog was cancelled: the card stays (or goes back) where it was.
    pub fn cancel_asking(self) {
        if let Some(asking) = self.asking.get_untracked() {
            let id = asking.origin.id;
            self.store.upsert(asking.origin);
            self.asking.set(None);
            refocus(id);
        }
    }

    /// A key pressed on card `id`'s handle; answers whether it was used.
    pub fn key(self, id: i64, key: &str) -> bool {
        let picked = self.picked.get_untracked().filter(|p| p.origin.id == id);
        match (picked, key) {
            (None, " " | "Enter") => self.pick(id),
            (None, _) => return false,
            (Some(p), " " | "Enter") => {
                self.picked.set(None);
                if let Some((lane, index, _)) = self.store.locate(id) {
                    if (lane, index) == (p.lane, p.index) {
                        self.store.upsert(p.origin);
                        self.said
                            .set(t_string!(self.i18n, kanban.drop_same).to_string());
                    } else {
                        self.settle(p.origin, lane, index);
                    }
                }
            }
            (Some(p), "Escape") => {
                self.picked.set(None);
                self.store.upsert(p.origin);
                self.said
                    .set(t_string!(self.i18n, kanban.drop_cancelled).to_string());
            }
            (Some(_), "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight") => self.step(id, key),
            (Some(_), _) => return false,
        }
        refocus(id);
        true
    }

    fn pick(self, id: i64) {
        if let Some(other) = self.picked.get_untracked() {
            self.store.upsert(other.origin);
        }
        let Some((lane, index, card)) = self.store.locate(id) else {
            return;
        };
        let title = card.title.clone();
        self.picked.set(Some(Picked {
            origin: card,
            lane,
            index,
        }));
        self.said
            .set(format!("{title}: {}", t_string!(self.i18n, kanban.picked)));
    }

    /// One arrow-key step of card `id`, among the cards the board shows (a filter or a swimlane
    /// hides the others): up and down past the next shown card, left and right to the same
    /// place among the next column's shown cards.
    fn step(self, id: i64, key: &str) {
        let Some((lane, index, card)) = self.store.locate(id) else {
            return;
        };
        let filter = self.filter.get_untracked();
        let today = crate::format::today_sao_paulo(time::OffsetDateTime::now_utc());
        let owner = card.owner_id;
        let shown =
            |c: &Card| filter.admits(c, today) && (!filter.swimlanes || c.owner_id == owner);
        let others = |at: usize| -> Vec<Card> {
            let mut cards = self.store.cards_of(at);
            cards.retain(|c| c.id != id);
            cards
        };
        let here = others(lane);
        let above_here = here[..index.min(here.len())]
            .iter()
            .filter(|c| shown(c))
            .count();
        let (to, index, above, total) = match key {
            "ArrowUp" | "ArrowDown" => {
                let Some(at) = lanes::step(&here, index, key == "ArrowUp", shown) else {
                    return;
                };
                let above = here[..at].iter().filter(|c| shown(c)).count();
                (lane, at, above, here.iter().filter(|c| shown(c)).count())
            }
            _ => {
                let to = if key == "ArrowLeft" {
                    lane.checked_sub(1)
                } else {
                    Some(lane + 1).filter(|l| *l < self.store.lanes().len())
                };
                let Some(to) = to else {
                    return;
                };
                let (at, above, total) = lanes::across(&others(to), above_here, shown);
                (to, at, above, total)
            }
        };
        self.store.place(card, to, index);
        let name = self.store.lane(to).map(|l| l.name).unwrap_or_default();
        let i18n = self.i18n;
        self.said.set(format!(
            "{name}, {} {} {} {}",
            t_string!(i18n, kanban.position),
            above + 1,
            t_string!(i18n, kanban.of),
            total + 1
        ));
    }
}

/// The card whose handle has the keyboard.
pub fn focused_card() -> Option<i64> {
    document()
        .active_element()?
        .id()
        .strip_prefix("alca-")?
        .parse()
        .ok()
}

/// Gives the keyboard back to card `id`'s handle once the page has redrawn it.
pub fn refocus(id: i64) {
    request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        if let Some(handle) = document()
            .get_element_by_id(&format!("alca-{id}"))
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = handle.focus();
        }
    });
}
