//! The Monteiro CRM server: configuration, startup, plain HTTP routes and (later) workers.
//! Startup is a library function so tests run the real app on port 0.
// Leptos view types nest deeply; the release (wasm) build needs more than the default 128.
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
pub mod demo;
pub mod fake_graph;
pub mod http;
pub mod sessions;
pub mod startup;
pub mod telemetry;
pub mod workers;

pub use config::Settings;
pub use startup::{build, build_with_clock, Server, StartupError};
