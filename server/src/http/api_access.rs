//! Server functions are checked against `SERVER_FN_ACCESS` before their arguments are even
//! decoded: a visitor calling one that needs a session gets 401, a role without the permission
//! gets 403 (audited as `authz.denied`). The functions check again themselves (they are also
//! called in-process during rendering); this layer makes the answer independent of the body.
//! Then a form body naming a field the function does not take is refused with 400, so nobody
//! can slip `role`, `owner_id` or `created_at` into a request.

use app::{
    audit::{self, AuditEntry, RequestMeta},
    auth::{
        backend::AuthSession,
        permissions::{allowed, rule_of, Access, Rule},
    },
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};

/// The refusal: a plain form post (no JavaScript) goes back to its page with the reason in the
/// address, like a failure inside the function; the running app gets the status and JSON.
fn refuse(
    error: AppError,
    method: &http::Method,
    fn_path: &str,
    headers: &http::HeaderMap,
) -> Response {
    if let Some(path) = app::forms::failed_post_return(method, fn_path, headers, &error) {
        return axum::response::Redirect::to(&path).into_response();
    }
    let status = http::StatusCode::from_u16(error.status())
        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(error)).into_response()
}

/// Middleware (inside the session layer).
pub async fn enforce(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Only POST: a GET to a POST function is refused by the function router itself (405).
    let rule = (req.method() == http::Method::POST)
        .then(|| rule_of(req.uri().path()))
        .flatten();
    let Some(rule) = rule else {
        return next.run(req).await;
    };
    let access = rule.access;
    let user = req
        .extensions()
        .get::<AuthSession>()
        .and_then(|s| s.user.clone());
    match (access, user) {
        (Access::Public, _) => with_known_arguments(rule, req, next).await,
        (_, None) => refuse(
            AppError::Unauthenticated,
            req.method(),
            req.uri().path(),
            req.headers(),
        ),
        (Access::SignedIn, Some(_)) => with_known_arguments(rule, req, next).await,
        (Access::Role(action), Some(user)) if allowed(user.0.role(), action) => {
            with_known_arguments(rule, req, next).await
        }
        (Access::Role(action), Some(user)) => {
            let entry = AuditEntry {
                actor_id: Some(user.0.id),
                action: "authz.denied",
                entity_type: Some("user"),
                entity_id: Some(user.0.id.to_string()),
                changes: Some(serde_json::json!({
                    "action": format!("{action:?}"),
                    "path": req.uri().path(),
                })),
                meta: RequestMeta::of(req.headers(), req.extensions()),
            };
            let written = async {
                let mut tx = state.db.begin().await?;
                audit::record(&mut tx, &entry).await?;
                tx.commit().await
            }
            .await;
            if let Err(err) = written {
                tracing::error!(error = %err, "could not audit a denial");
            }
            refuse(
                AppError::Forbidden,
                req.method(),
                req.uri().path(),
                req.headers(),
            )
        }
    }
}

/// Runs the function only if every field of a form body is one of its arguments
/// (`name[]`/`name[0]` count as `name`).
async fn with_known_arguments(rule: &Rule, req: Request, next: Next) -> Response {
    let is_form = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    // The body-limit layer outside already bounds the size.
    let Ok(bytes) = axum::body::to_bytes(body, crate::http::body_limit::MAX_BODY_BYTES).await
    else {
        return refuse(
            AppError::BadRequest,
            &parts.method,
            parts.uri.path(),
            &parts.headers,
        );
    };
    let known = (rule.arguments)();
    let unknown = url::form_urlencoded::parse(&bytes)
        .map(|(key, _)| key.split('[').next().unwrap_or_default().to_owned())
        .find(|key| !known.contains(&key.as_str()));
    if let Some(field) = unknown {
        tracing::warn!(
            path = rule.path,
            field,
            "refused a request with an unknown field"
        );
        return refuse(
            AppError::BadRequest,
            &parts.method,
            parts.uri.path(),
            &parts.headers,
        );
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}
