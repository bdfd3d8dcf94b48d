//! Writing audit rows.

use serde_json::Value;

use crate::{db::Tx, on_tx};

/// Where a request came from, as recorded with each audit row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestMeta {
    pub request_id: Option<String>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
    /// Reads the request being served (from the Leptos context), or nothing outside a request.
    pub fn current() -> Self {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| Self::of(&parts.headers, &parts.extensions))
            .unwrap_or_default()
    }

    /// Reads a request's headers and extensions (for plain axum handlers and middleware).
    pub fn of(headers: &http::HeaderMap, extensions: &http::Extensions) -> Self {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Self {
            request_id: header("x-request-id"),
            client_ip: extensions.get::<ClientIp>().map(|ip| ip.0.to_string()),
            user_agent: header("user-agent").map(|ua| ua.chars().take(512).collect()),
        }
    }
}

/// The client address resolved by the server (trusted proxies honoured), in request extensions.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub std::net::IpAddr);

impl ClientIp {
    /// The client address of the request being served (from the Leptos context).
    pub fn current() -> Option<std::net::IpAddr> {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ClientIp>().map(|ip| ip.0))
    }
}

/// One thing that happened.
#[derive(Clone, Debug)]
pub struct AuditEntry<'a> {
    pub actor_id: Option<i64>,
    /// Dotted name: `auth.login`, `client.update`, …
    pub action: &'a str,
    pub entity_type: Option<&'a str>,
    pub entity_id: Option<String>,
    /// Field diffs: `{"field": {"from": …, "to": …}}`.
    pub changes: Option<Value>,
    pub meta: RequestMeta,
}

/// Records that `actor` did `action` to record `entity` (its type and id) with `changes`, as
/// request `meta` saw it: the one call every feature's service makes.
pub async fn change(
    tx: &mut Tx,
    actor: Option<i64>,
    action: &str,
    entity: (&str, i64),
    changes: Option<Value>,
    meta: RequestMeta,
) -> Result<(), sqlx::Error> {
    let entry = AuditEntry {
        actor_id: actor,
        action,
        entity_type: Some(entity.0),
        entity_id: Some(entity.1.to_string()),
        changes,
        meta,
    };
    record(tx, &entry).await
}

/// Appends `entry` to the audit trail inside `tx`.
pub async fn record(tx: &mut Tx, entry: &AuditEntry<'_>) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO audit_log \
        (actor_id, action, entity_type, entity_id, changes, request_id, client_ip, user_agent) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let changes = entry.changes.as_ref().map(Value::to_string);
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(entry.actor_id)
        .bind(entry.action)
        .bind(entry.entity_type)
        .bind(entry.entity_id.as_deref())
        .bind(changes.as_deref())
        .bind(entry.meta.request_id.as_deref())
        .bind(entry.meta.client_ip.as_deref())
        .bind(entry.meta.user_agent.as_deref())
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))
    .map(|_| ())
}

/// Field-level changes `{"field": {"from": …, "to": …}}`, only for fields that differ.
#[derive(Clone, Debug, Default)]
pub struct Changes(serde_json::Map<String, Value>);

impl Changes {
    /// Records `field` if `from` and `to` differ.
    pub fn compare(&mut self, field: &str, from: impl serde::Serialize, to: impl serde::Serialize) {
        let (from, to) = (serde_json::json!(from), serde_json::json!(to));
        if from != to {
            self.0.insert(
                field.to_owned(),
                serde_json::json!({ "from": from, "to": to }),
            );
        }
    }

    /// Whether no field differs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The stored form.
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}
