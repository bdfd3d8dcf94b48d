//! Plain HTML form posts (before or without JavaScript): after a server function succeeds, the
//! browser is sent back to the page it came from.

use leptos::prelude::use_context;

/// The path (and query) of a same-origin `Referer`, if it is one; anything else gives `None`,
/// so a forged header can never send the browser to another site.
pub fn local_return_path(referer: &str) -> Option<String> {
    let rest = referer.split_once("://").map(|(_, rest)| rest)?;
    let path = &rest[rest.find('/')?..];
    let path = path.trim_end_matches('?');
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_owned())
}

/// Whether the current request is a plain HTML form post (no JavaScript).
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)?
                .to_str()
                .ok()
                .map(|a| a.contains("text/html"))
        })
        .unwrap_or(false)
}

/// The `erro` code a page shows after a failed plain form post.
pub fn error_code(err: &crate::error::AppError) -> &'static str {
    use crate::error::AppError;
    match err {
        AppError::Invalid { .. } | AppError::BadRequest => "campos",
        AppError::ReauthRequired => "senha",
        AppError::Forbidden => "negado",
        AppError::Gone | AppError::NotFound => "registro",
        AppError::RateLimited => "limite",
        _ => "falha",
    }
}

/// When the current request is a no-JavaScript form post that failed, sends the browser back
/// to its page with `erro=<code>` added to the address.
pub fn return_with_error(err: &crate::error::AppError) {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return;
    };
    if let Some(path) = failed_post_return(&parts.method, parts.uri.path(), &parts.headers, err) {
        leptos_axum::redirect(&path);
    }
}

/// Where a failed plain form post goes back to: its own page (or the dashboard when that cannot
/// be told safely). Field errors travel the way Leptos' own form redirects carry them
/// (`__path` = the server function, `__err` = the encoded error), so the page's `ServerAction`
/// holds the error and each message shows next to its field; other failures add `erro=<code>`,
/// shown above the page. `None` for calls from the running app (they read the error as JSON)
/// and for server functions called in-process while a page renders (a GET).
pub fn failed_post_return(
    method: &http::Method,
    fn_path: &str,
    headers: &http::HeaderMap,
    err: &crate::error::AppError,
) -> Option<String> {
    use crate::error::AppError;
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if method != http::Method::POST
        || !header(http::header::ACCEPT).is_some_and(|accept| accept.contains("text/html"))
    {
        return None;
    }
    let path = header(http::header::REFERER)
        .and_then(local_return_path)
        .unwrap_or_else(|| "/".to_owned());
    let path = without_params(&path, &["erro", "__path", "__err"]);
    match err {
        AppError::Invalid { .. } | AppError::ReauthRequired => {
            Some(with_action_error(&path, fn_path, err))
        }
        _ => Some(with_error(&path, error_code(err))),
    }
}

/// `path` without the query parameters named in `names`.
fn without_params(path: &str, names: &[&str]) -> String {
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| {
            let name = p.split('=').next().unwrap_or_default();
            !p.is_empty() && !names.contains(&name)
        })
        .collect();
    if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// `path` with the error of server function `fn_path` encoded as Leptos reads it back.
fn with_action_error(path: &str, fn_path: &str, err: &crate::error::AppError) -> String {
    use leptos::server_fn::error::ServerFnUrlError;
    // Any origin serves as the base: only the path and query are kept.
    ServerFnUrlError::new(fn_path, err.clone())
        .to_url(&format!("http://local{path}"))
        .map(|url| match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        })
        .unwrap_or_else(|_| with_error(path, error_code(err)))
}

/// `path` with `erro=<code>` set (replacing an earlier one).
pub fn with_error(path: &str, code: &str) -> String {
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("erro="))
        .collect();
    let flag = format!("erro={code}");
    params.push(&flag);
    format!("{base}?{}", params.join("&"))
}

/// When the current request is a no-JavaScript form post, redirects it back to its page (or to
/// the dashboard when the page cannot be told safely).
pub fn return_to_referer() {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return;
    };
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if header(http::header::ACCEPT).is_some_and(|accept| accept.contains("text/html")) {
        let path = header(http::header::REFERER).and_then(local_return_path);
        leptos_axum::redirect(path.as_deref().unwrap_or("/"));
    }
}

#[cfg(test)]
mod tests {
    use super::{local_return_path, with_error};

    #[test]
    fn a_failed_plain_post_returns_to_its_page_but_app_calls_and_renders_do_not() {
        use crate::error::AppError;
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::ACCEPT, "text/html,*/*".parse().unwrap());
        headers.insert(
            http::header::REFERER,
            "http://127.0.0.1:3000/conta?x=1".parse().unwrap(),
        );
        let post = http::Method::POST;
        let fn_path = "/api/change_password";
        assert_eq!(
            super::failed_post_return(&post, fn_path, &headers, &AppError::BadRequest).as_deref(),
            Some("/conta?x=1&erro=campos")
        );
        assert_eq!(
            super::failed_post_return(&http::Method::GET, fn_path, &headers, &AppError::BadRequest),
            None
        );
        headers.insert(http::header::ACCEPT, "application/json".parse().unwrap());
        assert_eq!(
            super::failed_post_return(&post, fn_path, &headers, &AppError::BadRequest),
            None
        );
    }

    #[test]
    fn field_errors_of_a_plain_post_come_back_as_the_page_action_reads_them() {
        use crate::error::AppError;
        use leptos::server_fn::error::ServerFnUrlError;
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::ACCEPT, "text/html".parse().unwrap());
        headers.insert(
            http::header::REFERER,
            "http://127.0.0.1:3000/clientes/novo?erro=falha&__err=old&__path=old"
                .parse()
                .unwrap(),
        );
        let err = AppError::invalid("tax_id", "cpf_invalid");
        let back =
            super::failed_post_return(&http::Method::POST, "/api/create_client", &headers, &err)
                .unwrap();
        let url = url::Url::parse(&format!("http://x{back}")).unwrap();
        assert_eq!(url.path(), "/clientes/novo");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(pairs.len(), 2, "{back}");
        assert_eq!(pairs[0], ("__path".into(), "/api/create_client".into()));
        assert_eq!(
            ServerFnUrlError::<AppError>::decode_err(&pairs[1].1),
            err,
            "the page decodes the same error"
        );
    }

    #[test]
    fn the_error_flag_is_added_once_and_keeps_the_query() {
        assert_eq!(with_error("/conta", "campos"), "/conta?erro=campos");
        assert_eq!(
            with_error("/admin/auditoria?acao=x&erro=falha", "campos"),
            "/admin/auditoria?acao=x&erro=campos"
        );
    }

    #[test]
    fn the_return_path_keeps_path_and_query_and_drops_an_empty_query() {
        assert_eq!(
            local_return_path("https://crm.test/clientes?").as_deref(),
            Some("/clientes")
        );
        assert_eq!(
            local_return_path("https://crm.test/clientes?q=ana").as_deref(),
            Some("/clientes?q=ana")
        );
        assert_eq!(local_return_path("https://crm.test").as_deref(), None);
    }

    #[test]
    fn the_return_path_never_leaves_the_site() {
        assert_eq!(local_return_path("https://crm.test//evil.example/x"), None);
        assert_eq!(local_return_path("//evil.example"), None);
        assert_eq!(local_return_path("javascript:alert(1)"), None);
    }
}
