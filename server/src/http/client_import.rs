//! `POST /clientes/importar`: the spreadsheet upload (multipart, so the same plain form works
//! with or without JavaScript), and `GET /clientes/importar/{id}/relatorio.csv`: an import's
//! report. Managers and admins; an import is seen only by its author and admins (404 for
//! anyone else).

use app::{
    audit::RequestMeta,
    auth::permissions::Action,
    clients::import::{self, read::MAX_FILE_BYTES, service},
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{FromRequest, Multipart, Path, Request, State},
    response::{IntoResponse, Redirect, Response},
};
use http::{header, StatusCode};

use super::caller;

/// Largest upload body: the file plus the form's own bytes.
pub const MAX_UPLOAD_BYTES: usize = MAX_FILE_BYTES + 64 * 1024;

fn back_with(key: &str) -> Response {
    Redirect::to(&format!("/clientes/importar?erro={key}")).into_response()
}

/// The file field of the form: its name and bytes.
async fn file_of(mut form: Multipart) -> Result<Option<(String, Vec<u8>)>, AppError> {
    while let Some(field) = form.next_field().await.map_err(|_| AppError::BadRequest)? {
        if field.name() != Some("arquivo") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| AppError::BadRequest)?;
        return Ok(Some((name, bytes.to_vec())));
    }
    Ok(None)
}

/// The upload.
pub async fn upload(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let user = match caller::require(&state, &parts, Action::ImportClients).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let meta = RequestMeta::of(&parts.headers, &parts.extensions);
    let req = Request::from_parts(parts, body);
    let Ok(form) = Multipart::from_request(req, &state).await else {
        return back_with("import_not_multipart");
    };
    let (name, bytes) = match file_of(form).await {
        Ok(Some(file)) => file,
        Ok(None) => return back_with("import_empty"),
        Err(_) => return back_with("import_unreadable"),
    };
    let now = state.clock.now();
    match service::upload(&state.db, &user, &name, &bytes, meta, now).await {
        Ok(id) => Redirect::to(&format!("/clientes/importar/{id}")).into_response(),
        Err(AppError::Invalid { fields }) => back_with(
            fields
                .values()
                .next()
                .map_or("import_unreadable", String::as_str),
        ),
        Err(err) => {
            let id = app::error::report(&err);
            tracing::warn!(error_id = %id, "upload of an import failed");
            back_with("falha")
        }
    }
}

/// The report of import `id`.
pub async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let user = match caller::require(&state, &parts, Action::ImportClients).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match service::report(&state.db, &user, id).await {
        Ok((summary, lines)) => {
            let stem = summary
                .file_name
                .trim_end_matches(".csv")
                .trim_end_matches(".CSV");
            let stem: String = stem
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"relatorio-{id}-{stem}.csv\""),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                import::report_csv(caller::locale(&parts), &lines),
            )
                .into_response()
        }
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            let id = app::error::report(&err);
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("Não foi possível gerar o relatório agora. Código para o suporte: {id}"),
            )
                .into_response()
        }
    }
}
