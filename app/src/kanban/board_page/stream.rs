//! The board page's live stream: one `EventSource` per open board (per tab), started after the
//! id the board was read at, so nothing published since the render is missed; the browser
//! reconnects by itself with `Last-Event-ID`. Cards arrive as they are now and take their place;
//! a `reload` event (too much missed) reads the whole board again.

use leptos::prelude::*;

use super::store::BoardStore;
use crate::kanban::{Card, Removed};

/// Follows board `slug` from event `live`; `reload` reads the board again.
pub fn follow(slug: String, live: String, store: BoardStore, reload: impl Fn() + Clone + 'static) {
    Effect::new(move |_| {
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        use web_sys::{EventSource, MessageEvent};

        let url = format!("/kanban/{slug}/eventos?desde={}", urlencode(&live));
        let Ok(source) = EventSource::new(&url) else {
            return;
        };
        let on_card = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(card) = data::<Card>(&ev) {
                // A card redrawn while its handle has the keyboard keeps it.
                let focused = super::moves::focused_card() == Some(card.id);
                let id = card.id;
                store.upsert(card);
                if focused {
                    super::moves::refocus(id);
                }
            }
        });
        let on_removed = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(gone) = data::<Removed>(&ev) {
                store.remove(gone.id);
            }
        });
        let reload = reload.clone();
        let on_reload = Closure::<dyn Fn(MessageEvent)>::new(move |_: MessageEvent| reload());
        for (name, listener) in [
            ("card", &on_card),
            ("removed", &on_removed),
            ("reload", &on_reload),
        ] {
            let _ =
                source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        // The listeners live as long as the stream; both go when the board leaves the page.
        let kept = send_wrapper::SendWrapper::new((source, on_card, on_removed, on_reload));
        on_cleanup(move || kept.0.close());
    });
}

fn data<T: serde::de::DeserializeOwned>(ev: &web_sys::MessageEvent) -> Option<T> {
    serde_json::from_str(&ev.data().as_string()?).ok()
}

/// An event id is digits and a dot; anything else is escaped.
fn urlencode(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect()
}
