//! `GET /clientes/{id}/dados.json` and `GET /clientes/{id}/dados.csv`: everything held about one
//! client, for a data-subject request (LGPD arts. 18–19). Admins only (others get 403, audited
//! as `authz.denied`); each export is audited as `client.data_export` and limited per admin per
//! hour (429).

use app::{
    audit::{self, AuditEntry, RequestMeta},
    auth::{
        backend::AuthSession,
        permissions::{allowed, Action},
    },
    clients::lgpd::{export::Format, service},
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{Path, Request, State},
    response::{IntoResponse, Response},
};
use http::{header, StatusCode};

/// `…/dados.json`.
pub async fn json(State(state): State<AppState>, Path(id): Path<String>, req: Request) -> Response {
    download(state, &id, Format::Json, req).await
}

/// `…/dados.csv`.
pub async fn csv(State(state): State<AppState>, Path(id): Path<String>, req: Request) -> Response {
    download(state, &id, Format::Csv, req).await
}

async fn download(state: AppState, id: &str, format: Format, req: Request) -> Response {
    let user = req
        .extensions()
        .get::<AuthSession>()
        .and_then(|s| s.user.clone());
    let meta = RequestMeta::of(req.headers(), req.extensions());
    let Some(user) = user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !allowed(user.0.role(), Action::HandlePersonalData) {
        deny(&state, user.0.id, req.uri().path(), meta).await;
        return (StatusCode::FORBIDDEN, "Acesso negado.").into_response();
    }
    let Ok(id) = id.parse::<i64>() else {
        return (StatusCode::NOT_FOUND, "Cliente não encontrado.").into_response();
    };
    let now = state.clock.now();
    let data = match service::export(&state.db, &user.0, id, format, meta, now).await {
        Ok(data) => data,
        Err(AppError::NotFound) => {
            return (StatusCode::NOT_FOUND, "Cliente não encontrado.").into_response()
        }
        Err(AppError::RateLimited) => {
            let text = format!(
                "Limite de {} exportações de dados pessoais por hora atingido. Tente de novo \
                 mais tarde.",
                service::EXPORTS_PER_HOUR
            );
            return (StatusCode::TOO_MANY_REQUESTS, text).into_response();
        }
        Err(err) => {
            let id = err
                .support_id()
                .map(str::to_owned)
                .unwrap_or_else(|| app::error::report(&"client data export failed"));
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("Não foi possível exportar agora. Código para o suporte: {id}"),
            )
                .into_response();
        }
    };
    let (content_type, body) = match format {
        Format::Json => (
            "application/json; charset=utf-8",
            serde_json::to_string_pretty(&data.to_json()).unwrap_or_default(),
        ),
        Format::Csv => ("text/csv; charset=utf-8", data.to_csv()),
    };
    let filename = format!("cliente-{id}-dados-pessoais.{}", format.as_str());
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// Records a refused export.
async fn deny(state: &AppState, actor: i64, path: &str, meta: RequestMeta) {
    let entry = AuditEntry {
        actor_id: Some(actor),
        action: "authz.denied",
        entity_type: Some("user"),
        entity_id: Some(actor.to_string()),
        changes: Some(serde_json::json!({
            "action": format!("{:?}", Action::HandlePersonalData),
            "path": path,
        })),
        meta,
    };
    let result = async {
        let mut tx = state.db.begin().await?;
        audit::record(&mut tx, &entry).await?;
        tx.commit().await
    }
    .await;
    if let Err(err) = result {
        tracing::error!(error = %err, "could not audit a denial");
    }
}
