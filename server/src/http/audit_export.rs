//! `GET /admin/auditoria.csv`: the audit trail under the viewer's filters as a CSV download
//! (admins; at most 50 000 rows). Each export is itself audited.

use std::collections::HashMap;

use app::{
    audit::{self, csv, repo, AuditEntry, AuditFilter, RequestMeta},
    auth::{
        backend::AuthSession,
        permissions::{allowed, Action},
    },
    state::AppState,
};
use axum::{
    extract::{Query, Request, State},
    response::{IntoResponse, Response},
};
use http::{header, StatusCode};

/// The handler.
pub async fn download(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    req: Request,
) -> Response {
    let user = req
        .extensions()
        .get::<AuthSession>()
        .and_then(|s| s.user.clone());
    let meta = RequestMeta::of(req.headers(), req.extensions());
    let Some(user) = user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !allowed(user.0.role(), Action::ViewAudit) {
        write(
            &state,
            entry(
                user.0.id,
                "authz.denied",
                serde_json::json!({ "path": "/admin/auditoria.csv" }),
                meta,
            ),
        )
        .await;
        return (StatusCode::FORBIDDEN, "Acesso negado.").into_response();
    }
    let get = |key: &str| params.get(key).map(String::as_str);
    let filter = match AuditFilter::parse(
        get("pessoa"),
        get("acao"),
        get("registro"),
        get("registro_id"),
        get("de"),
        get("ate"),
    ) {
        Ok(filter) => filter,
        Err(_) => {
            return (
                StatusCode::BAD_REQUEST,
                "Filtro inválido: confira as datas.",
            )
                .into_response()
        }
    };
    let rows = match repo::find(&state.db, &filter, repo::EXPORT_LIMIT, 0).await {
        Ok(rows) => rows,
        Err(err) => {
            let id = app::error::report(&err);
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("Não foi possível exportar agora. Código para o suporte: {id}"),
            )
                .into_response();
        }
    };
    let details = serde_json::json!({ "filter": filter, "rows": rows.len() });
    write(&state, entry(user.0.id, "audit.export", details, meta)).await;
    let today = app::format::today_sao_paulo(state.clock.now());
    let filename = format!(
        "auditoria-{:04}-{:02}-{:02}.csv",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        csv::to_csv(&rows),
    )
        .into_response()
}

fn entry(
    actor: i64,
    action: &'static str,
    changes: serde_json::Value,
    meta: RequestMeta,
) -> AuditEntry<'static> {
    AuditEntry {
        actor_id: Some(actor),
        action,
        entity_type: Some("audit_log"),
        entity_id: None,
        changes: Some(changes),
        meta,
    }
}

async fn write(state: &AppState, entry: AuditEntry<'_>) {
    let result = async {
        let mut tx = state.db.begin().await?;
        audit::record(&mut tx, &entry).await?;
        tx.commit().await
    }
    .await;
    if let Err(err) = result {
        tracing::error!(error = %err, action = entry.action, "could not write an audit row");
    }
}
