//! Following a board live: one `EventSource` per open board or card page (per tab), started
//! after the event id the page was read at, so nothing published since the render is missed;
//! the browser reconnects by itself with `Last-Event-ID`. Each event goes to the page's own
//! handler: a card as it is now, a card gone, or `reload` (too much was missed: read again).

use leptos::prelude::*;

use super::{Card, Removed};

/// What a page does with its board's events.
pub struct Handlers<C, R, L> {
    pub card: C,
    pub removed: R,
    pub reload: L,
}

/// Follows board `slug` from event `live` while the calling component is on the page.
pub fn follow<C, R, L>(slug: String, live: String, handlers: Handlers<C, R, L>)
where
    C: Fn(Card) + Clone + 'static,
    R: Fn(i64) + Clone + 'static,
    L: Fn() + Clone + 'static,
{
    Effect::new(move |_| {
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        use web_sys::{EventSource, MessageEvent};

        let url = format!("/kanban/{slug}/eventos?desde={}", digits(&live));
        let Ok(source) = EventSource::new(&url) else {
            return;
        };
        let on_card = handlers.card.clone();
        let on_card = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(card) = data::<Card>(&ev) {
                on_card(card);
            }
        });
        let on_removed = handlers.removed.clone();
        let on_removed = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(gone) = data::<Removed>(&ev) {
                on_removed(gone.id);
            }
        });
        let reload = handlers.reload.clone();
        let on_reload = Closure::<dyn Fn(MessageEvent)>::new(move |_: MessageEvent| reload());
        for (name, listener) in [
            ("card", &on_card),
            ("removed", &on_removed),
            ("reload", &on_reload),
        ] {
            let _ =
                source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        // The listeners live as long as the stream; both go when the page leaves.
        let kept = send_wrapper::SendWrapper::new((source, on_card, on_removed, on_reload));
        on_cleanup(move || kept.0.close());
    });
}

fn data<T: serde::de::DeserializeOwned>(ev: &web_sys::MessageEvent) -> Option<T> {
    serde_json::from_str(&ev.data().as_string()?).ok()
}

/// An event id is digits and a dot; anything else is dropped.
fn digits(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect()
}
