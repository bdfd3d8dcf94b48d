//! Pages are for signed-in staff: a visitor asking for any page but the login page is sent
//! there (302), with the page they wanted as `next`. Server functions check for themselves.

use app::auth::backend::AuthSession;
use axum::{
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::Method;

/// Paths a visitor may open.
const PUBLIC_PAGES: &[&str] = &["/login"];
/// Pages behind one-time links (the token in the path is the credential).
const PUBLIC_PREFIXES: &[&str] = &["/definir-senha/", "/primeiro-acesso/"];

/// Middleware (inside the session layer).
pub async fn redirect_visitors(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_page = matches!(*req.method(), Method::GET | Method::HEAD) && !path.starts_with("/api/");
    let signed_in = req
        .extensions()
        .get::<AuthSession>()
        .is_some_and(|s| s.user.is_some());
    let public =
        PUBLIC_PAGES.contains(&path) || PUBLIC_PREFIXES.iter().any(|p| path.starts_with(p));
    if !is_page || signed_in || public {
        return next.run(req).await;
    }
    let wanted = req
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str())
        .unwrap_or("/");
    Redirect::to(&app::auth::login_url(wanted, None)).into_response()
}
