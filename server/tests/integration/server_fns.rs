//! The registry of server functions, as the security tests enumerate it.

use http::Method;

/// Every registered server function (path, method), sorted.
pub fn registered() -> Vec<(String, Method)> {
    let mut all: Vec<(String, Method)> = server_fn::axum::server_fn_paths()
        .map(|(p, m)| (p.to_owned(), m))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        all.iter().any(|(p, _)| p == "/api/set_locale"),
        "the registry was not populated: {all:?}"
    );
    all
}

/// Server functions that may be called with GET because they change nothing. A new GET
/// function must be added here on purpose (SECURITY.md §15).
const READ_ONLY_GET_ALLOWLIST: &[&str] = &[];

#[test]
fn every_server_function_lives_under_api() {
    for (path, _) in registered() {
        assert!(path.starts_with("/api/"), "{path}");
    }
}

#[test]
fn only_allowlisted_server_functions_answer_get() {
    for (path, method) in registered() {
        if method == Method::GET {
            assert!(
                READ_ONLY_GET_ALLOWLIST.contains(&path.as_str()),
                "{path} accepts GET but is not on the read-only allowlist"
            );
        }
    }
}

#[tokio::test]
async fn a_get_to_a_post_server_function_is_refused_and_changes_nothing() {
    let app = crate::support::spawn_app(app::db::Backend::Sqlite).await;
    let before = app.table_counts().await;
    for (path, method) in registered() {
        if method == Method::POST {
            let res = app.get(&format!("{path}?locale=en"), &[]).await;
            assert!(
                matches!(res.status, 400 | 404 | 405),
                "{path}: GET answered {}",
                res.status
            );
            assert!(
                res.header("set-cookie").is_empty(),
                "{path}: GET changed a preference"
            );
        }
    }
    assert_eq!(app.table_counts().await, before);
}
