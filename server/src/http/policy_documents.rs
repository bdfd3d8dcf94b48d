//! A policy's documents over plain routes: `POST /apolices/{id}/documentos` attaches one (a
//! multipart form, the same with or without JavaScript; the browser goes back to the policy's
//! page with `documento=anexado` or `documento=<reason>`), and `GET
//! /apolices/{id}/documentos/{document}` downloads one, always as an attachment and never
//! sniffed. Any signed-in staff member may, within their record scope: a policy or document
//! outside it answers 404.

use app::{
    audit::RequestMeta,
    clients::scope::Scope,
    error::AppError,
    policies::documents::{
        content_disposition,
        service::{self, Upload, FIELD},
        MAX_DOCUMENT_BYTES,
    },
    state::AppState,
};
use axum::{
    extract::{FromRequest, Multipart, Path, Request, State},
    response::{IntoResponse, Redirect, Response},
};
use http::{header, StatusCode};

use super::caller;

/// Largest upload body: the file plus the form's own bytes.
pub const MAX_UPLOAD_BYTES: usize = MAX_DOCUMENT_BYTES + 64 * 1024;

/// The policy id of an upload path (`/apolices/{id}/documentos`), for the body limit.
pub fn upload_policy(path: &str) -> Option<i64> {
    path.strip_prefix("/apolices/")?
        .strip_suffix("/documentos")?
        .parse()
        .ok()
}

/// The policy's page, with the upload's outcome.
pub fn back_to(policy: i64, outcome: &str) -> Response {
    Redirect::to(&format!(
        "/apolices/{policy}?documento={outcome}#documentos"
    ))
    .into_response()
}

/// The form's fields: the kind (`tipo`) and the file (`arquivo`: its name and bytes).
async fn fields_of(mut form: Multipart) -> Result<(String, Option<(String, Vec<u8>)>), AppError> {
    let (mut kind, mut file) = (String::new(), None);
    while let Some(field) = form.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("tipo") => kind = field.text().await.map_err(|_| AppError::BadRequest)?,
            Some("arquivo") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|_| AppError::BadRequest)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    Ok((kind, file))
}

/// The upload.
pub async fn upload(
    State(state): State<AppState>,
    Path(policy): Path<String>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Some(user) = caller::signed_in(&parts) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(policy) = policy.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let meta = RequestMeta::of(&parts.headers, &parts.extensions);
    let req = Request::from_parts(parts, body);
    let Ok(form) = Multipart::from_request(req, &state).await else {
        return back_to(policy, "document_not_multipart");
    };
    let (kind, file) = match fields_of(form).await {
        Ok(fields) => fields,
        Err(_) => return back_to(policy, "document_not_multipart"),
    };
    let (file_name, bytes) = file.unwrap_or_default();
    let upload = Upload {
        kind: &kind,
        file_name: &file_name,
        bytes: &bytes,
    };
    let now = state.clock.now();
    let result = async {
        let scope = Scope::of(&state.db, &user).await?;
        service::upload(&state.db, &user, &scope, policy, &upload, meta, now).await
    }
    .await;
    match result {
        Ok(_) => back_to(policy, "anexado"),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(AppError::Invalid { fields }) => back_to(
            policy,
            fields.get(FIELD).map_or("document_type", String::as_str),
        ),
        Err(err) => {
            let id = app::error::report(&err);
            tracing::warn!(error_id = %id, "upload of a policy document failed");
            back_to(policy, "falha")
        }
    }
}

/// The download of document `document` of policy `policy`.
pub async fn download(
    State(state): State<AppState>,
    Path((policy, document)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let Some(user) = caller::signed_in(&parts) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let (Ok(policy), Ok(document)) = (policy.parse::<i64>(), document.parse::<i64>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let meta = RequestMeta::of(&parts.headers, &parts.extensions);
    let result = async {
        let scope = Scope::of(&state.db, &user).await?;
        service::download(&state.db, &user, &scope, policy, document, meta).await
    }
    .await;
    match result {
        Ok((doc, bytes)) => (
            [
                (header::CONTENT_TYPE, doc.media_type.mime().to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    content_disposition(&doc.file_name),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            let id = app::error::report(&err);
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("Não foi possível baixar o documento agora. Código para o suporte: {id}"),
            )
                .into_response()
        }
    }
}
