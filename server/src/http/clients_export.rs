//! `GET /clientes/exportar.csv?<the list's parameters>`: the clients list under the same filters
//! as a CSV download, within the caller's record scope (any signed-in staff member; a user gets
//! only their own clients, SECURITY.md §20). At most 50 000 rows; each export is audited.

use app::{
    audit::RequestMeta,
    auth::backend::AuthSession,
    clients::{export, scope::Scope},
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{Request, State},
    response::{IntoResponse, Response},
};
use http::{header, HeaderValue, StatusCode};

/// The handler.
pub async fn download(State(state): State<AppState>, req: Request) -> Response {
    let user = req
        .extensions()
        .get::<AuthSession>()
        .and_then(|s| s.user.clone());
    let Some(user) = user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let meta = RequestMeta::of(req.headers(), req.extensions());
    let params = url::form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()));
    let filter = export::filter_from_params(params);
    let result = async {
        let scope = Scope::of(&state.db, &user.0).await?;
        export::export(&state.db, &user.0, &scope, &filter, meta).await
    }
    .await;
    let done = match result {
        Ok(done) => done,
        Err(err) => return refusal(&err),
    };
    let today = app::format::today_sao_paulo(state.clock.now());
    let filename = export::file_name(today, done.truncated);
    let mut res = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        done.csv,
    )
        .into_response();
    let headers = res.headers_mut();
    headers.insert("x-export-rows", HeaderValue::from(done.rows));
    if done.truncated {
        headers.insert("x-export-truncated", HeaderValue::from_static("1"));
    }
    res
}

/// The answer to an export that could not be made, in pt-BR plain text.
fn refusal(err: &AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let text = match err {
        AppError::Invalid { .. } => "Filtro inválido: confira as datas.".to_owned(),
        other => match other.support_id() {
            Some(id) => format!("Não foi possível exportar agora. Código para o suporte: {id}"),
            None => "Não foi possível exportar agora.".to_owned(),
        },
    };
    (status, text).into_response()
}
