//! The browser entry point: hydrates the server-rendered page with the same `App`.
// Leptos view types nest deeply; the release (wasm) build needs more than the default 128.
#![recursion_limit = "256"]

/// Called by the generated JavaScript once the wasm module is loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
