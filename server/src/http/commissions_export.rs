//! `GET /comissoes/exportar.csv?mes=aaaa-mm`: the commission rows due in the month (today's
//! month in São Paulo when `mes` is missing or bad) as a CSV download, within the caller's
//! record scope (any signed-in staff member, as the report page; a user gets only their own
//! clients' commissions). At most 50 000 rows; each export is audited.

use app::{
    audit::RequestMeta, auth::backend::AuthSession, clients::scope::Scope, commissions::export,
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
    let mes = url::form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "mes")
        .map(|(_, v)| v.into_owned());
    let now = state.clock.now();
    let result = async {
        let scope = Scope::of(&state.db, &user.0).await?;
        export::export(&state.db, &user.0, &scope, mes.as_deref(), now, meta).await
    }
    .await;
    let (month, done) = match result {
        Ok(done) => done,
        Err(err) => {
            let text = match err.support_id() {
                Some(id) => format!("Não foi possível exportar agora. Código para o suporte: {id}"),
                None => "Não foi possível exportar agora.".to_owned(),
            };
            let status =
                StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, text).into_response();
        }
    };
    let filename = export::file_name(month, done.truncated);
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
