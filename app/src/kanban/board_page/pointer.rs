//! Dragging a card with a mouse, pen or finger, by its handle: after a few pixels a copy of the
//! card follows the pointer, the card itself fades where it was, and a line shows where it will
//! land; releasing drops it there ([`super::moves::Moves::drop_at`]), Escape or a cancelled
//! pointer leaves it. Columns and cards are found under the pointer through their `data-lane`
//! and `data-card` attributes. Only the handle captures touch (`touch-action: none`), so the
//! board still scrolls under a finger elsewhere.

use leptos::{
    prelude::*,
    wasm_bindgen::JsCast,
    web_sys::{Element, HtmlElement, PointerEvent},
};

use super::moves::Moves;
use crate::kanban::Card;

/// Pixels the pointer travels before a press becomes a drag.
const THRESHOLD: f64 = 5.0;
/// How close to the board's edge the pointer scrolls it, and by how much per move.
const EDGE: f64 = 48.0;
const SCROLL_STEP: f64 = 24.0;

/// A drag in progress (plain data: the page also exists on the server, where it is never set).
#[derive(Debug)]
pub struct Drag {
    id: i64,
    pointer: i32,
    start: (f64, f64),
    /// The pointer's offset inside the card.
    grip: (f64, f64),
    /// Whether the copy that follows the pointer is shown (the press became a drag).
    lifted: bool,
    /// Column number under the pointer, and the card the dragged one would go before (`None`:
    /// the column's end). Cards, not positions: a filtered board hides some.
    target: Option<(usize, Option<i64>)>,
    /// The dragged card as the live stream last sent it, kept until the drag ends: redrawing
    /// the card would take its handle (and the pointer capture) away mid-drag — typically the
    /// echo of this person's own previous move.
    pending: Option<Card>,
}

/// The page's drag (none most of the time).
pub type Dragging = StoredValue<Option<Drag>>;

/// The copy of the card that follows the pointer.
fn ghost() -> Option<HtmlElement> {
    document()
        .query_selector(".kanban-ghost")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

fn card_element(id: i64) -> Option<Element> {
    document().get_element_by_id(&format!("cartao-{id}"))
}

/// Pointer pressed on card `id`'s handle.
pub fn down(dragging: Dragging, id: i64, ev: &PointerEvent) {
    if ev.button() != 0 || !ev.is_primary() {
        return;
    }
    if let Some(handle) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<Element>().ok())
    {
        let _ = handle.set_pointer_capture(ev.pointer_id());
    }
    let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
    let grip = card_element(id)
        .map(|card| {
            let rect = card.get_bounding_client_rect();
            (x - rect.left(), y - rect.top())
        })
        .unwrap_or_default();
    dragging.set_value(Some(Drag {
        id,
        pointer: ev.pointer_id(),
        start: (x, y),
        grip,
        lifted: false,
        target: None,
        pending: None,
    }));
}

/// Pointer moved (the handle holds the capture).
pub fn over(dragging: Dragging, ev: &PointerEvent) {
    dragging.update_value(|drag| {
        let Some(drag) = drag.as_mut().filter(|d| d.pointer == ev.pointer_id()) else {
            return;
        };
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if !drag.lifted {
            if (x - drag.start.0).hypot(y - drag.start.1) < THRESHOLD {
                return;
            }
            drag.lifted = lift(drag.id).is_some();
        }
        ev.prevent_default();
        if let Some(ghost) = ghost() {
            let style = ghost.style();
            let _ = style.set_property("left", &format!("{}px", x - drag.grip.0));
            let _ = style.set_property("top", &format!("{}px", y - drag.grip.1));
        }
        drag.target = aim(drag.id, x, y);
        scroll_near_edges(x, y);
    });
}

/// Keeps `card` for later when it is the one being dragged; answers whether it was kept.
pub fn hold(dragging: Dragging, card: &Card) -> bool {
    dragging
        .try_update_value(|d| match d.as_mut().filter(|d| d.id == card.id) {
            Some(drag) => {
                drag.pending = Some(card.clone());
                true
            }
            None => false,
        })
        .unwrap_or(false)
}

/// Pointer released: drops the card where the line was (after taking in what the live stream
/// sent about it meanwhile).
pub fn up(dragging: Dragging, moves: Moves, ev: &PointerEvent) {
    let Some(drag) = take(dragging, ev.pointer_id()) else {
        return;
    };
    settle_dom(drag.id);
    if let Some(card) = drag.pending {
        moves.store.upsert(card);
    }
    if let (true, Some((lane, before))) = (drag.lifted, drag.target) {
        if let Some((_, _, card)) = moves.store.locate(drag.id) {
            moves.drop_before(card, lane, before);
        }
    }
}

/// Pointer cancelled (or Escape): the card stays (as the live stream last sent it).
pub fn cancel(dragging: Dragging, moves: Moves) -> bool {
    match dragging.try_update_value(Option::take).flatten() {
        Some(drag) => {
            settle_dom(drag.id);
            if let Some(card) = drag.pending {
                moves.store.upsert(card);
            }
            drag.lifted
        }
        None => false,
    }
}

fn take(dragging: Dragging, pointer: i32) -> Option<Drag> {
    dragging
        .try_update_value(|d| {
            if d.as_ref().is_some_and(|d| d.pointer == pointer) {
                d.take()
            } else {
                None
            }
        })
        .flatten()
}

/// Starts showing the drag: a copy of the card under the pointer, the card faded.
fn lift(id: i64) -> Option<()> {
    let card = card_element(id)?;
    let width = card.get_bounding_client_rect().width();
    let ghost = card
        .clone_node_with_deep(true)
        .ok()?
        .dyn_into::<HtmlElement>()
        .ok()?;
    // The copy is decoration: no duplicate ids, nothing for screen readers.
    ghost.remove_attribute("id").ok()?;
    if let Ok(with_ids) = ghost.query_selector_all("[id]") {
        for i in 0..with_ids.length() {
            if let Some(e) = with_ids.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = e.remove_attribute("id");
            }
        }
    }
    let _ = ghost.set_attribute("aria-hidden", "true");
    let _ = ghost.class_list().add_1("kanban-ghost");
    let _ = ghost.style().set_property("width", &format!("{width}px"));
    document().body()?.append_child(&ghost).ok()?;
    let _ = card.class_list().add_1("kanban-dragging");
    let _ = document().body()?.class_list().add_1("kanban-drag-active");
    Some(())
}

/// Ends the drag's decoration.
fn settle_dom(id: i64) {
    if let Some(ghost) = ghost() {
        ghost.remove();
    }
    if let Some(card) = card_element(id) {
        let _ = card.class_list().remove_1("kanban-dragging");
    }
    if let Some(body) = document().body() {
        let _ = body.class_list().remove_1("kanban-drag-active");
    }
    clear_marks();
}

fn clear_marks() {
    if let Ok(marked) = document().query_selector_all(".kanban-drop-before, .kanban-drop-end") {
        for i in 0..marked.length() {
            if let Some(e) = marked.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = e
                    .class_list()
                    .remove_2("kanban-drop-before", "kanban-drop-end");
            }
        }
    }
}

/// The column under (`x`, `y`) and the card that card `id` would go before, marked with the
/// drop line (none in another swimlane's column).
fn aim(id: i64, x: f64, y: f64) -> Option<(usize, Option<i64>)> {
    clear_marks();
    let column = document()
        .element_from_point(x as f32, y as f32)?
        .closest("[data-lane]")
        .ok()??;
    // In swimlanes a card stays in its own person's row.
    let row = |e: &Element| e.get_attribute("data-owner");
    let own_row = card_element(id)?.closest("[data-lane]").ok()??;
    if row(&column) != row(&own_row) {
        return None;
    }
    let lane: usize = column.get_attribute("data-lane")?.parse().ok()?;
    let list = column.query_selector(".kanban-cards").ok()??;
    let cards = list.query_selector_all("[data-card]").ok()?;
    for i in 0..cards.length() {
        let Some(card) = cards.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if card.get_attribute("data-card").as_deref() == Some(id.to_string().as_str()) {
            continue;
        }
        let rect = card.get_bounding_client_rect();
        if y < rect.top() + rect.height() / 2.0 {
            let _ = card.class_list().add_1("kanban-drop-before");
            let before = card.get_attribute("data-card").and_then(|v| v.parse().ok());
            return Some((lane, before));
        }
    }
    let _ = list.class_list().add_1("kanban-drop-end");
    Some((lane, None))
}

/// Near the board's sides (or the window's top and bottom) the view scrolls along.
fn scroll_near_edges(x: f64, y: f64) {
    if let Some(board) = document().query_selector(".kanban-board").ok().flatten() {
        let rect = board.get_bounding_client_rect();
        if x > rect.right() - EDGE {
            board.scroll_by_with_x_and_y(SCROLL_STEP, 0.0);
        } else if x < rect.left() + EDGE {
            board.scroll_by_with_x_and_y(-SCROLL_STEP, 0.0);
        }
    }
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or_default();
    if y > height - EDGE {
        window().scroll_by_with_x_and_y(0.0, SCROLL_STEP);
    } else if y < EDGE {
        window().scroll_by_with_x_and_y(0.0, -SCROLL_STEP);
    }
}
