//! Monteiro CRM, the isomorphic part: routes, components, server functions and shared types.
//! Built with `ssr` for the server and `hydrate` for the browser.
// Leptos view types nest deeply; the release (wasm) build needs more than the default 128.
#![recursion_limit = "256"]

/// The translation catalogues (`app/locales/*.json`), checked at compile time.
// `load_locales!` is marked deprecated in favour of a build-script generator that pulls the whole
// ICU data exporter into the build; the macro generates the same module, so we keep it.
#[allow(deprecated)]
mod locales {
    leptos_i18n::load_locales!();
}
pub use locales::i18n;

mod app;
pub mod audit;
pub mod auth;
pub mod br;
pub mod clients;
pub mod commissions;
pub mod dashboard;
pub mod error;
pub mod format;
pub mod insurers;
pub mod jobs;
pub mod kanban;
pub mod layout;
pub mod nav;
pub mod notifications;
pub mod pages;
pub mod policies;
pub mod preferences;
pub mod roles;
pub mod settings;
pub mod social;
pub mod ui;
pub mod users;
pub mod whatsapp;

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod state;

pub use app::{shell, App};
pub use error::AppError;
