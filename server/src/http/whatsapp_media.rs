//! `GET /whatsapp/midia/{message}`: a file a customer sent on WhatsApp, to signed-in staff who
//! may see its conversation (404 otherwise, as for a file that does not exist). Pictures, audio
//! and video the browser plays are served inline for the chat's previews; anything else only as
//! a download (typed `application/octet-stream`, so an HTML or SVG file is never rendered under
//! the CRM's origin). Never sniffed, never kept in the browser's cache.
//!
//! `POST /whatsapp/{id}/arquivo`: staff send a file (see `app::whatsapp::attach`).

use app::{
    clients::scope::Scope,
    error::AppError,
    state::AppState,
    whatsapp::{attach, live, media},
};
use axum::{
    extract::{FromRequest, Multipart, Path, Request, State},
    response::{IntoResponse, Redirect, Response},
};
use http::{header, StatusCode};

use super::caller;

/// The file of message `message`.
pub async fn download(
    State(state): State<AppState>,
    Path(message): Path<String>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let Some(user) = caller::signed_in(&parts) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(message) = message.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let result = async {
        let scope = Scope::of(&state.db, &user).await?;
        media::file(&state.db, &scope, message).await
    }
    .await;
    match result {
        Ok(file) => {
            let (mime, disposition) = if media::inline(&file.mime) {
                (file.mime.clone(), "inline".to_owned())
            } else {
                (
                    "application/octet-stream".to_owned(),
                    app::policies::documents::content_disposition(&file.file_name),
                )
            };
            (
                [
                    (header::CONTENT_TYPE, mime),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "private, no-store".to_owned()),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                ],
                file.bytes,
            )
                .into_response()
        }
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            let id = app::error::report(&err);
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("Não foi possível abrir o arquivo agora. Código para o suporte: {id}"),
            )
                .into_response()
        }
    }
}

/// Largest upload body: the file plus the form's own bytes.
pub const MAX_UPLOAD_BYTES: usize = attach::MAX_FILE_BYTES + 64 * 1024;

/// The conversation of a file-sending path (`/whatsapp/{id}/arquivo`), for the body limit.
pub fn upload_conversation(path: &str) -> Option<i64> {
    path.strip_prefix("/whatsapp/")?
        .strip_suffix("/arquivo")?
        .parse()
        .ok()
}

/// The chat, with how sending the file went (`arquivo=enviado` or the reason's key).
pub fn back_to(conversation: i64, outcome: &str) -> Response {
    Redirect::to(&format!("/whatsapp/{conversation}?arquivo={outcome}")).into_response()
}

/// The form's fields: the file (`arquivo`: its name and bytes) and the caption (`legenda`).
async fn fields_of(mut form: Multipart) -> Result<(String, Vec<u8>, Option<String>), AppError> {
    let (mut name, mut bytes, mut caption) = (String::new(), Vec::new(), None);
    while let Some(field) = form.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("arquivo") => {
                name = field.file_name().unwrap_or_default().to_owned();
                bytes = field
                    .bytes()
                    .await
                    .map_err(|_| AppError::BadRequest)?
                    .to_vec();
            }
            Some("legenda") => {
                caption = Some(field.text().await.map_err(|_| AppError::BadRequest)?);
            }
            _ => {}
        }
    }
    Ok((name, bytes, caption))
}

/// `POST /whatsapp/{id}/arquivo`: a staff member sends a file in conversation `id` (a plain
/// multipart form, the same with or without JavaScript); the browser goes back to the chat.
pub async fn upload(
    State(state): State<AppState>,
    Path(conversation): Path<String>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Some(user) = caller::signed_in(&parts) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(id) = conversation.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let req = Request::from_parts(parts, body);
    let fields = match Multipart::from_request(req, &state).await {
        Ok(form) => fields_of(form).await.ok(),
        Err(_) => None,
    };
    let Some((name, bytes, caption)) = fields else {
        return back_to(id, "wa_file_required");
    };
    let now = state.clock.now();
    let result = async {
        let scope = Scope::of(&state.db, &user).await?;
        attach::send(&state.db, &user, &scope, id, (&name, bytes, caption), now).await?;
        state.jobs_wake.notify_one();
        live::announce(&state.db, &state.bus, id).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => back_to(id, "enviado"),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(AppError::Invalid { fields }) => {
            let key = fields.get("file").or_else(|| fields.get("caption"));
            back_to(id, key.map_or("wa_file_type", String::as_str))
        }
        Err(err) => {
            let support = app::error::report(&err);
            tracing::warn!(error_id = %support, "a WhatsApp file could not be queued");
            back_to(id, "falha")
        }
    }
}
