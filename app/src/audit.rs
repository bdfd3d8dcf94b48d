//! The audit trail: who did what to which record, when, from where. Rows are written by
//! [`record`] inside the transaction of the change they describe, and never updated or deleted
//! (the database refuses it).

#[cfg(feature = "ssr")]
mod server;
#[cfg(feature = "ssr")]
pub use server::{record, AuditEntry, ClientIp, RequestMeta};
