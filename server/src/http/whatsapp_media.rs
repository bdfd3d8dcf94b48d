//! `GET /whatsapp/midia/{message}`: a file a customer sent on WhatsApp, to signed-in staff who
//! may see its conversation (404 otherwise, as for a file that does not exist). Pictures, audio
//! and video the browser plays are served inline for the chat's previews; anything else only as
//! a download (typed `application/octet-stream`, so an HTML or SVG file is never rendered under
//! the CRM's origin). Never sniffed, never kept in the browser's cache.

use app::{clients::scope::Scope, error::AppError, state::AppState, whatsapp::media};
use axum::{
    extract::{Path, Request, State},
    response::{IntoResponse, Response},
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
