//! HTTP plumbing shared by every route: request ids, security headers with the CSP nonce,
//! CSRF origin checks, the client's IP behind trusted proxies, health and readiness probes.

pub mod api_access;
pub mod audit_export;
pub mod board_events;
pub mod body_limit;
pub mod caller;
pub mod client_data_export;
pub mod client_import;
pub mod client_ip;
pub mod clients_export;
pub mod commissions_export;
pub mod csrf;
pub mod health;
pub mod policy_documents;
pub mod request_id;
pub mod require_login;
pub mod security_headers;
pub mod session_lifetime;
pub mod social_media;
pub mod social_posts;
pub mod static_files;
pub mod whatsapp_events;
pub mod whatsapp_media;
pub mod whatsapp_webhook;
