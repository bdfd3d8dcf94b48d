//! The publishing calendar's plain routes: `POST /redes-sociais/publicacoes` keeps a post with
//! its pictures (a multipart form, the same with or without JavaScript): the browser goes to the
//! post's page, or back to the composer with the reason and what was typed (files cannot be
//! given back: browsers never prefill them); `GET /redes-sociais/{post}/imagens/{n}` shows a
//! post's picture to signed-in staff.

use app::{
    error::AppError,
    format::percent_encode,
    social::{
        calendar::sao_paulo_instant,
        posts::{self, Draft, MAX_PICTURES, MAX_PICTURE_BYTES},
    },
    state::AppState,
};
use axum::{
    extract::{FromRequest, Multipart, Path, Request, State},
    response::{IntoResponse, Redirect, Response},
};
use http::{header, StatusCode};

use super::caller;

/// Largest form: ten pictures at Instagram's limit, plus the form's own bytes.
pub const MAX_UPLOAD_BYTES: usize = MAX_PICTURES * MAX_PICTURE_BYTES + 64 * 1024;

/// Where the form is posted.
pub const PATH: &str = "/redes-sociais/publicacoes";

/// What the form carries.
#[derive(Default)]
struct Form {
    accounts: Vec<i64>,
    caption: String,
    alt: String,
    when: String,
    action: String,
    pictures: Vec<(String, Vec<u8>)>,
}

async fn form_of(mut multipart: Multipart) -> Result<Form, AppError> {
    let mut form = Form::default();
    let bad = |_| AppError::BadRequest;
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name() {
            Some("contas") => {
                if let Ok(id) = field.text().await.map_err(bad)?.trim().parse() {
                    form.accounts.push(id);
                }
            }
            Some("legenda") => form.caption = field.text().await.map_err(bad)?,
            Some("alt") => form.alt = field.text().await.map_err(bad)?,
            Some("quando") => form.when = field.text().await.map_err(bad)?,
            Some("acao") => form.action = field.text().await.map_err(bad)?,
            Some("imagens") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(bad)?;
                // A file input left empty still sends a part, nameless and empty.
                if !bytes.is_empty() {
                    form.pictures.push((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    Ok(form)
}

/// Back to the composer with `reason` and what was typed.
fn back(reason: &str, form: &Form) -> Response {
    let accounts: Vec<String> = form.accounts.iter().map(i64::to_string).collect();
    Redirect::to(&format!(
        "/redes-sociais/nova?erro={reason}&legenda={}&alt={}&quando={}&contas={}",
        percent_encode(&form.caption, false),
        percent_encode(&form.alt, false),
        percent_encode(&form.when, false),
        accounts.join(","),
    ))
    .into_response()
}

/// The post's form.
pub async fn create(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Some(user) = caller::signed_in(&parts) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let req = Request::from_parts(parts, body);
    let Ok(multipart) = Multipart::from_request(req, &state).await else {
        return back("social_not_multipart", &Form::default());
    };
    let Ok(form) = form_of(multipart).await else {
        return back("social_not_multipart", &Form::default());
    };
    let now = state.clock.now().unix_timestamp();
    let (publish_at, hold) = match form.action.as_str() {
        "agora" => (Some(now), false),
        "rascunho" => (sao_paulo_instant(&form.when), true),
        _ => (sao_paulo_instant(&form.when), false),
    };
    let draft = Draft {
        caption: form.caption.clone(),
        alt_text: Some(form.alt.clone()),
        publish_at,
        pictures: form.pictures.clone(),
        accounts: form.accounts.clone(),
        hold,
    };
    let result = async {
        let approval = posts::needs_approval(&state.db, user.role()).await?;
        let id = posts::schedule(&state.db, Some(user.id), &draft, approval, now).await?;
        Ok::<_, AppError>((id, approval))
    }
    .await;
    match result {
        Ok((id, approval)) => {
            let outcome = match (hold, approval) {
                (true, _) => "rascunho",
                (false, true) => "aprovacao",
                (false, false) => "agendada",
            };
            if form.action == "agora" {
                state.jobs_wake.notify_one();
            }
            Redirect::to(&format!("/redes-sociais/{id}?salva={outcome}")).into_response()
        }
        Err(AppError::Invalid { fields }) => {
            let reason = fields
                .values()
                .next()
                .map_or("invalid_form", String::as_str);
            back(reason, &form)
        }
        Err(err) => {
            let id = app::error::report(&err);
            tracing::warn!(error_id = %id, "a social post could not be kept");
            back("social_post_failed", &form)
        }
    }
}

/// Picture `n` of post `post`, for signed-in staff.
pub async fn picture(
    State(state): State<AppState>,
    Path((post, n)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    if caller::signed_in(&parts).is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let (Ok(post), Ok(n)) = (post.parse::<i64>(), n.parse::<i64>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match app::social::repo::picture(&state.db, post, n).await {
        Ok(Some((mime, bytes))) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "could not read a post's picture");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
