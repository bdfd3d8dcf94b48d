//! Tests of the assembled server: the real router, on SQLite and on PostgreSQL.

mod accounts;
mod accounts_admin;
mod audit_viewer;
mod auth;
mod authz;
mod clients;
mod clients_export;
mod clients_hostile;
mod clients_import;
mod clients_lgpd;
mod clients_merge;
mod csrf;
mod db;
mod forms;
mod health;
mod i18n;
mod jobs;
mod logs;
mod pages;
mod security_headers;
mod server_fns;
mod static_files;
mod support;
mod throttling;
mod timeouts;
