//! What server functions and SSR reach through context: one `AppState` built at startup.

use leptos::prelude::LeptosOptions;

use crate::db::Db;

/// Shared state of the running server.
#[derive(Clone, Debug, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// The public origin (`https://crm.example.com.br`), for links shown to people.
    pub app_origin: String,
    /// Whether cookies must carry `Secure` (the public origin is https).
    pub secure_cookies: bool,
    /// The time source (a manual clock in tests).
    pub clock: std::sync::Arc<dyn crate::clock::Clock>,
    /// Failed logins per client address (brute-force throttling).
    pub login_limiter: std::sync::Arc<crate::auth::throttle::IpLimiter>,
    /// The session limits admins set, re-read at most every 30 seconds.
    pub timeouts: std::sync::Arc<crate::settings::store::TimeoutsCache>,
    /// Wakes the job worker when a job is queued (it also looks every few seconds).
    pub jobs_wake: std::sync::Arc<tokio::sync::Notify>,
    /// Live changes for the open server-sent streams.
    pub bus: std::sync::Arc<crate::live::Bus>,
    /// The WhatsApp number (Cloud API).
    pub whatsapp: std::sync::Arc<crate::whatsapp::Channel>,
    /// The Facebook Page and Instagram account (their tokens' key and the Graph client).
    pub social: std::sync::Arc<crate::social::Social>,
}
