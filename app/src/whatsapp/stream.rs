//! Following the inbox live: one `EventSource` on `/whatsapp/eventos` while the page is open.
//! Every `conversation` or `reload` event, and every (re)connection — which covers what was
//! published before the stream opened — makes the page read the inbox and the open chat again.

use leptos::prelude::*;

/// Calls `changed` whenever the inbox may have changed, while the calling component lives.
pub fn follow(changed: impl Fn() + Clone + 'static) {
    Effect::new(move |_| {
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        use web_sys::{EventSource, MessageEvent};

        let Ok(source) = EventSource::new("/whatsapp/eventos") else {
            return;
        };
        let changed = changed.clone();
        let listener = Closure::<dyn Fn(MessageEvent)>::new(move |_: MessageEvent| changed());
        for name in ["open", "conversation", "reload"] {
            let _ =
                source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        // The listener lives as long as the stream; both go when the page leaves.
        let kept = send_wrapper::SendWrapper::new((source, listener));
        on_cleanup(move || kept.0.close());
    });
}
