//! Test harness: `spawn_app(backend)` builds the real app on a fresh database (a temp SQLite
//! file, or a new database in the throwaway PostgreSQL server named by `TEST_POSTGRES_URL`),
//! bound to port 0, and offers in-process requests through the assembled router.

use std::collections::HashMap;

use app::db::{Backend, Db};
use axum::{body::Body, Router};
use http::{Request, Response};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::Settings;
use sqlx::Connection;
use tower::ServiceExt;

/// The origin the test app trusts.
pub const ORIGIN: &str = "https://crm.test";

/// A running app on its own database.
pub struct TestApp {
    pub router: Router,
    pub db: Db,
    pub server: Option<server::Server>,
    _dir: tempfile::TempDir,
}

/// The backends to run a database test on. PostgreSQL is included when `TEST_POSTGRES_URL` is
/// set (`make test` starts a server); `CRM_REQUIRE_POSTGRES=1` makes its absence a failure, so
/// CI can never pass by skipping it.
pub fn backends() -> Vec<Backend> {
    let has_pg = std::env::var("TEST_POSTGRES_URL").is_ok();
    if !has_pg && std::env::var("CRM_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
        panic!("CRM_REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set (run through .ci/with-postgres)");
    }
    if has_pg {
        vec![Backend::Sqlite, Backend::Postgres]
    } else {
        eprintln!("note: TEST_POSTGRES_URL not set; PostgreSQL variant skipped");
        vec![Backend::Sqlite]
    }
}

/// A URL of a brand-new, empty database on `backend`.
pub async fn fresh_database_url(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/crm.db?mode=rwc", dir.display()),
        Backend::Postgres => {
            let admin_url = std::env::var("TEST_POSTGRES_URL").expect("TEST_POSTGRES_URL");
            let name = format!("crm_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("connect to the test PostgreSQL server");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let base = admin_url
                .rsplit_once('/')
                .expect("URL has a database part")
                .0;
            format!("{base}/{name}")
        }
    }
}

/// Settings for a test app; `extra` overrides any variable.
pub fn settings(database_url: &str, dir: &std::path::Path, extra: &[(&str, &str)]) -> Settings {
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", database_url),
        ("BIND_ADDR", "127.0.0.1:0"),
        ("APP_ORIGIN", ORIGIN),
        ("DATA_DIR", &dir.display().to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (k, v) in extra {
        vars.insert((*k).to_owned(), (*v).to_owned());
    }
    Settings::from_vars(&vars).expect("valid test settings")
}

/// Leptos options pointing at a site root of the test's own.
pub fn leptos_options(site_root: &std::path::Path) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("monteiro-crm")
        .site_root(site_root.display().to_string())
        .build()
}

/// Starts the app on a fresh database of `backend`.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// Starts the app with a clock the test moves by hand.
pub async fn spawn_app_with_clock(
    backend: Backend,
    clock: std::sync::Arc<app::clock::ManualClock>,
) -> TestApp {
    start(backend, &[], clock).await
}

/// Starts the app with extra settings and a clock the test moves by hand.
pub async fn spawn_app_with_settings_and_clock(
    backend: Backend,
    extra: &[(&str, &str)],
    clock: std::sync::Arc<app::clock::ManualClock>,
) -> TestApp {
    start(backend, extra, clock).await
}

/// Starts the app with extra settings.
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    start(backend, extra, std::sync::Arc::new(app::clock::SystemClock)).await
}

async fn start(
    backend: Backend,
    extra: &[(&str, &str)],
    clock: std::sync::Arc<dyn app::clock::Clock>,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("site/pkg")).unwrap();
    let url = fresh_database_url(backend, dir.path()).await;
    let server = server::build_with_clock(
        settings(&url, dir.path(), extra),
        leptos_options(&dir.path().join("site")),
        clock,
    )
    .await
    .expect("the app starts");
    TestApp {
        router: server.router(),
        db: server.state().db.clone(),
        server: Some(server),
        _dir: dir,
    }
}

impl TestApp {
    /// The folder served as the site root.
    pub fn site_root(&self) -> std::path::PathBuf {
        self._dir.path().join("site")
    }

    /// Sends one request through the real router, in process.
    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("the router always answers");
        TestResponse::read(res).await
    }

    /// GET `path` with optional headers.
    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut req = Request::get(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// POST a form body to `path` from our own origin, like the browser does.
    pub async fn post_form(
        &self,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut req = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", ORIGIN)
            .header("sec-fetch-site", "same-origin");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::from(body.to_owned())).unwrap())
            .await
    }

    /// POST a form from our origin as a client connected from `peer` (what the TCP listener
    /// would record), with extra headers.
    pub async fn post_form_from(
        &self,
        peer: &str,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let addr: std::net::SocketAddr = format!("{peer}:40000").parse().expect("an IPv4 peer");
        let mut req = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", ORIGIN)
            .header("sec-fetch-site", "same-origin");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut req = req.body(Body::from(body.to_owned())).unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        self.send(req).await
    }

    /// Creates an active account with a real argon2id hash; answers its id.
    pub async fn create_user(&self, email: &str, password: &str, role: app::roles::Role) -> i64 {
        let hash = app::users::password::hash(password.to_owned()).await;
        let mut tx = self.db.begin().await.unwrap();
        let user = app::users::repo::NewUser {
            name: "Pessoa de Teste",
            email,
            password_hash: Some(&hash),
            role,
            team_id: None,
            locale: "pt-BR",
        };
        let id = app::users::repo::insert(&mut tx, &user).await.unwrap();
        tx.commit().await.unwrap();
        id
    }

    /// Signs in through the login server function; answers the `name=value` session cookie.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let res = self
            .post_form("/api/login", &login_form(email, password, false), &[])
            .await;
        assert!(
            res.status < 400,
            "login of {email} failed: {} {}",
            res.status,
            res.body
        );
        session_cookie(&res).expect("login sets the session cookie")
    }

    /// GET `path` as the holder of `cookie`.
    pub async fn get_as(&self, cookie: &str, path: &str) -> TestResponse {
        self.get(path, &[("cookie", cookie)]).await
    }

    /// Calls a server function as the holder of `cookie` (a JSON client, like the hydrated app).
    pub async fn call(&self, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> TestResponse {
        self.post_form(
            path,
            &form(pairs),
            &[("cookie", cookie), ("accept", "application/json")],
        )
        .await
    }

    /// How many audit rows have `action`.
    pub async fn audit_count(&self, action: &str) -> i64 {
        app::on_pool!(&self.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
            .bind(action)
            .fetch_one(pool)
            .await)
        .unwrap()
    }

    /// Row counts of every table (the "no DB change" witness).
    pub async fn table_counts(&self) -> Vec<(String, i64)> {
        let tables: Vec<String> = match &self.db {
            Db::Sqlite(pool) => sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                .fetch_all(pool)
                .await
                .unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
            )
            .fetch_all(pool)
            .await
            .unwrap(),
        };
        let mut counts = Vec::new();
        for table in tables {
            // Table names come from the catalogue above, never from input.
            let sql = format!("SELECT COUNT(*) FROM \"{table}\"");
            let n: i64 = match &self.db {
                Db::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap(),
                Db::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap(),
            };
            counts.push((table, n));
        }
        counts
    }
}

/// A urlencoded form body from pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The urlencoded body of the login form.
pub fn login_form(email: &str, password: &str, remember: bool) -> String {
    let enc = |s: &str| {
        s.replace('%', "%25")
            .replace('+', "%2B")
            .replace('&', "%26")
            .replace('@', "%40")
            .replace(' ', "+")
    };
    let mut body = format!("email={}&password={}&next=%2F", enc(email), enc(password));
    if remember {
        body.push_str("&remember=on");
    }
    body
}

/// The `name=value` of the session cookie a response sets, if any.
pub fn session_cookie(res: &TestResponse) -> Option<String> {
    session_set_cookie(res).and_then(|line| line.split(';').next().map(str::to_owned))
}

/// The full `Set-Cookie` line of the session cookie, if any.
pub fn session_set_cookie(res: &TestResponse) -> Option<String> {
    res.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-crm_sid=") || c.starts_with("crm_sid="))
        .map(str::to_owned)
}

/// A response read whole.
pub struct TestResponse {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: String,
    /// The body's bytes as sent (`body` is their lossy UTF-8 reading).
    pub bytes: Vec<u8>,
}

impl TestResponse {
    async fn read(res: Response<Body>) -> Self {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let bytes = res
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        Self {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// A header's value as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl TestApp {
    /// Runs every due background job (the worker does not run in tests); answers how many ran.
    pub async fn run_jobs(&self) -> usize {
        let state = self.server.as_ref().expect("a running app").state();
        server::workers::run_due_jobs(state)
            .await
            .expect("jobs can be claimed")
    }

    /// Sends a file through the spreadsheet upload form as the holder of `cookie`.
    pub async fn upload(&self, cookie: &str, file_name: &str, bytes: &[u8]) -> TestResponse {
        let file = ("arquivo", file_name, "text/csv", bytes);
        self.post_multipart(cookie, "/clientes/importar", &[], file)
            .await
    }

    /// Posts a multipart form to `path` as the holder of `cookie`, like a browser's plain form:
    /// text `fields`, then one file field (`name`, `file_name`, `content_type`, bytes).
    pub async fn post_multipart(
        &self,
        cookie: &str,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &str, &[u8]),
    ) -> TestResponse {
        let boundary = "----crm-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n\
                     {value}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, file_name, content_type, bytes) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                 filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::post(path)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header("origin", ORIGIN)
            .header("sec-fetch-site", "same-origin")
            .header("accept", "text/html")
            .header("cookie", cookie)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }
}
