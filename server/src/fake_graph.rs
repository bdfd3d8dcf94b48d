//! A local stand-in for Meta's Graph API (WhatsApp Cloud API), so the whole flow runs on a laptop
//! without a Meta account: the tests start it on its own port, the demo serves it under
//! `/_fake/graph` of the app itself (config `WHATSAPP_FAKE_GRAPH`).
//!
//! It answers sends with realistic wamids (and, when asked, posts the signed status ladder
//! sent → delivered → read back to the app's webhook), uploads, media URLs and downloads, mark as
//! read and the template list (two pages). It can be told to fail the next calls (HTTP 500, a
//! 429 with code 130429, a Meta error, or a silence longer than the client's timeout), and to post
//! a customer's message to the app — signed with the app secret, as Meta does. Control routes
//! live under `/_fake/`.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
    time::Duration,
};

mod publish;
mod social;

pub use publish::{Container, Published};

pub use social::{INSTAGRAM_ID, INSTAGRAM_USERNAME, PAGE_ID, PAGE_NAME};

use app::whatsapp::signature;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Deserialize;
use serde_json::{json, Value};

/// What the fake needs to know about the app it talks to.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// Where the app's webhook is (`http://127.0.0.1:3000/webhooks/whatsapp`).
    pub webhook_url: Option<String>,
    /// The app secret its deliveries are signed with.
    pub app_secret: String,
    pub phone_number_id: String,
    pub display_number: String,
    /// After a send, the statuses sent, delivered and read follow at this interval (`None`: only
    /// when asked through `/_fake/status`).
    pub statuses_every: Option<Duration>,
}

/// How the next call fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// HTTP 500 with Meta's code 131000.
    ServerError,
    /// HTTP 429 with code 130429 (throughput reached).
    RateLimit,
    /// No answer for this long.
    Silence(Duration),
    /// Meta's error `code` with HTTP `status` (131047 outside the window, 190 bad token…).
    Meta { status: u16, code: i64 },
    /// Answered as usual: lets one call through to fail the next (a file's upload, say, then
    /// its send).
    Pass,
}

impl Failure {
    /// Reads `500`, `429`, `ok`, `timeout:SECONDS` or `STATUS:CODE`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.split_once(':') {
            None if raw == "500" => Some(Self::ServerError),
            None if raw == "429" => Some(Self::RateLimit),
            None if raw == "ok" => Some(Self::Pass),
            Some(("timeout", secs)) => Some(Self::Silence(Duration::from_secs(secs.parse().ok()?))),
            Some((status, code)) => Some(Self::Meta {
                status: status.parse().ok()?,
                code: code.parse().ok()?,
            }),
            None => None,
        }
    }
}

#[derive(Default)]
struct Book {
    plan: VecDeque<Failure>,
    /// Every send request body received (failed ones included), in order.
    requests: Vec<Value>,
    /// The sends answered with a wamid.
    accepted: Vec<Value>,
    read: Vec<String>,
    media: HashMap<String, (Vec<u8>, String)>,
    /// The ids of the files uploaded through `/{number}/media`, in order.
    uploads: Vec<String>,
    /// The Instagram people who wrote (IGSIDs).
    instagram: Vec<String>,
    /// The names of the Messenger/Instagram people who wrote, by their id.
    people: HashMap<String, String>,
    /// Instagram containers by id, and their order.
    containers: HashMap<String, publish::Container>,
    container_order: Vec<String>,
    /// What was published: (account, Meta's id, the request).
    published: Vec<publish::Published>,
    /// Instagram's publishing quota set by a test: (used before, total).
    quota: Option<(u64, u64)>,
    /// Page posts still to be made but answered with an error.
    lose_answers: usize,
    /// The ids the next Messenger/Instagram sends are answered with (tests of races).
    mids: VecDeque<String>,
    seq: u64,
}

/// The fake Graph API.
pub struct FakeGraph {
    config: FakeConfig,
    book: Mutex<Book>,
    http: reqwest::Client,
    /// The address it is reached at (its own or the app's `/_fake/graph`), for media URLs.
    base_url: Mutex<String>,
}

impl FakeGraph {
    /// A fake for `config`.
    pub fn new(config: FakeConfig) -> Arc<Self> {
        Arc::new(Self {
            config,
            book: Mutex::default(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            base_url: Mutex::new(String::new()),
        })
    }

    /// Serves it on `127.0.0.1:0`; answers its base URL.
    pub async fn spawn(self: &Arc<Self>) -> std::io::Result<String> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        self.set_base_url(&base);
        let router = self.router();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok(base)
    }

    /// Where it is reached (for the media URLs it hands out).
    pub fn set_base_url(&self, base: &str) {
        *self.base_url.lock().expect("fake lock") = base.trim_end_matches('/').to_owned();
    }

    /// Its routes.
    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/{version}/{number}/messages", post(messages))
            .route(
                "/{version}/{number}/media",
                post(upload).layer(axum::extract::DefaultBodyLimit::max(100 * 1024 * 1024)),
            )
            .route(
                "/{version}/{id}/media_publish",
                post(publish::media_publish),
            )
            .route(
                "/{version}/{id}/content_publishing_limit",
                get(publish::publishing_limit),
            )
            .route("/{version}/{id}/photos", post(publish::page_post))
            .route(
                "/{version}/{id}/feed",
                post(publish::page_post).get(publish::page_feed),
            )
            .route("/{version}/{id}", get(media_info))
            .route("/{version}/{waba}/message_templates", get(templates))
            .route("/_fake/download/{id}", get(download))
            .route("/_fake/inbound", post(inbound))
            .route("/_fake/status", post(status))
            .route("/_fake/fail", post(fail))
            .route("/_fake/sent", get(sent))
            .with_state(self.clone())
    }

    /// Makes the next calls fail as `plan` says, in order.
    pub fn fail_next(&self, plan: impl IntoIterator<Item = Failure>) {
        self.book.lock().expect("fake lock").plan.extend(plan);
    }

    /// The send requests received so far (failed ones included).
    pub fn requests(&self) -> Vec<Value> {
        self.book.lock().expect("fake lock").requests.clone()
    }

    /// The sends answered with a wamid.
    pub fn accepted(&self) -> Vec<Value> {
        self.book.lock().expect("fake lock").accepted.clone()
    }

    /// The wamids marked as read.
    pub fn read(&self) -> Vec<String> {
        self.book.lock().expect("fake lock").read.clone()
    }

    /// The files uploaded (to send), in order: (media id, bytes, type as uploaded).
    pub fn uploads(&self) -> Vec<(String, Vec<u8>, String)> {
        let book = self.book.lock().expect("fake lock");
        book.uploads
            .iter()
            .filter_map(|id| {
                let (bytes, mime) = book.media.get(id)?;
                Some((id.clone(), bytes.clone(), mime.clone()))
            })
            .collect()
    }

    /// Keeps `bytes` as a media file of type `mime`; answers its media id.
    pub fn add_media(&self, bytes: Vec<u8>, mime: &str) -> String {
        let id = self.next_id("");
        let id: String = id.chars().filter(char::is_ascii_digit).collect();
        self.book
            .lock()
            .expect("fake lock")
            .media
            .insert(id.clone(), (bytes, mime.to_owned()));
        id
    }

    fn next_id(&self, prefix: &str) -> String {
        let mut book = self.book.lock().expect("fake lock");
        book.seq += 1;
        let random: u64 = rand::random();
        format!("{prefix}{:016X}{:08}", random, book.seq)
    }

    /// Posts a signed delivery holding `value` (one change of field `messages`) to the app.
    pub async fn deliver(&self, value: Value) -> Result<u16, String> {
        let mut value = value;
        value["messaging_product"] = json!("whatsapp");
        value["metadata"] = json!({"display_phone_number": self.config.display_number,
            "phone_number_id": self.config.phone_number_id});
        let body = json!({"object": "whatsapp_business_account", "entry": [{"id": "100000000000002",
            "changes": [{"field": "messages", "value": value}]}]});
        self.post_signed(&body).await
    }

    /// Posts `body` to the app's webhook, signed with the app secret.
    async fn post_signed(&self, body: &Value) -> Result<u16, String> {
        let url = self
            .config
            .webhook_url
            .clone()
            .ok_or("no webhook URL configured")?;
        // Meta sends non-ASCII escaped (`\u00e7`): so does the fake.
        let body = ascii_json(body);
        let signature = signature::sign(self.config.app_secret.as_bytes(), body.as_bytes());
        let res = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", signature)
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(res.status().as_u16())
    }

    /// Posts status `status` of `wamid` (sent to `to`, our id `opaque`) to the app.
    pub async fn post_status(
        &self,
        wamid: &str,
        status: &str,
        to: &str,
        opaque: Option<&str>,
    ) -> Result<u16, String> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut s = json!({"id": wamid, "status": status, "timestamp": now.to_string(), "recipient_id": to});
        if let Some(opaque) = opaque {
            s["biz_opaque_callback_data"] = json!(opaque);
        }
        if status == "failed" {
            s["errors"] = json!([{"code": 131026, "title": "Message undeliverable",
                "message": "Message undeliverable", "error_data": {"details": "Message Undeliverable."}}]);
        }
        self.deliver(json!({"statuses": [s]})).await
    }
}

/// JSON with every non-ASCII character escaped as `\uXXXX`, as Meta writes it.
fn ascii_json(value: &Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0_u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn meta_error(status: u16, code: i64, title: &str, details: &str) -> Response {
    let body = json!({"error": {"message": format!("(#{code}) {title}"), "type": "OAuthException",
        "code": code, "error_data": {"messaging_product": "whatsapp", "details": details},
        "fbtrace_id": "AFakeTraceId0000"}});
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        Json(body),
    )
        .into_response()
}

/// The planned failure for this call, if any (a silence is served here).
async fn planned(fake: &FakeGraph) -> Option<Response> {
    let next = fake.book.lock().expect("fake lock").plan.pop_front()?;
    Some(match next {
        Failure::Pass => return None,
        Failure::ServerError => {
            meta_error(500, 131_000, "Something went wrong", "Fake server error.")
        }
        Failure::RateLimit => meta_error(
            429,
            130_429,
            "Rate limit hit",
            "Cloud API message throughput has been reached.",
        ),
        Failure::Meta { status, code } => {
            meta_error(status, code, "Fake error", "An error the test asked for.")
        }
        Failure::Silence(duration) => {
            tokio::time::sleep(duration).await;
            meta_error(500, 131_000, "Something went wrong", "Answered too late.")
        }
    })
}

fn authorised(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|token| !token.trim().is_empty())
}

fn unauthorised() -> Response {
    meta_error(
        401,
        190,
        "Invalid OAuth access token",
        "The access token could not be decrypted.",
    )
}

async fn messages(
    State(fake): State<Arc<FakeGraph>>,
    headers: HeaderMap,
    Path((_, number)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    if social::is_messaging(&body) {
        return social::message(&fake, &number, body).await;
    }
    if body["status"] == "read" {
        let wamid = body["message_id"].as_str().unwrap_or_default().to_owned();
        fake.book.lock().expect("fake lock").read.push(wamid);
        return Json(json!({"success": true})).into_response();
    }
    fake.book
        .lock()
        .expect("fake lock")
        .requests
        .push(body.clone());
    if let Some(failure) = planned(&fake).await {
        return failure;
    }
    let (Some(to), Some(kind)) = (body["to"].as_str(), body["type"].as_str()) else {
        return meta_error(400, 100, "Invalid parameter", "Missing to or type.");
    };
    if body["messaging_product"] != "whatsapp" || body.get(kind).is_none() {
        return meta_error(
            400,
            100,
            "Invalid parameter",
            "The message object is missing.",
        );
    }
    // Like Meta, a file is sent by the id of an upload it knows.
    if let Some(media) = body[kind]["id"].as_str() {
        if !fake
            .book
            .lock()
            .expect("fake lock")
            .media
            .contains_key(media)
        {
            return meta_error(400, 100, "Invalid parameter", "Invalid media id.");
        }
    }
    let wamid = format!("wamid.{}", fake.next_id("FAKE"));
    fake.book
        .lock()
        .expect("fake lock")
        .accepted
        .push(body.clone());
    if let (Some(every), true) = (
        fake.config.statuses_every,
        fake.config.webhook_url.is_some(),
    ) {
        let (fake, wamid, to) = (fake.clone(), wamid.clone(), to.to_owned());
        let opaque = body["biz_opaque_callback_data"].as_str().map(str::to_owned);
        tokio::spawn(async move {
            for status in ["sent", "delivered", "read"] {
                tokio::time::sleep(every).await;
                if let Err(err) = fake
                    .post_status(&wamid, status, &to, opaque.as_deref())
                    .await
                {
                    tracing::warn!(error = %err, "the fake Graph API could not post a status");
                }
            }
        });
    }
    Json(
        json!({"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
        "messages": [{"id": wamid, "message_status": "accepted"}]}),
    )
    .into_response()
}

async fn upload(
    State(fake): State<Arc<FakeGraph>>,
    Path((_, number)): Path<(String, String)>,
    req: axum::extract::Request,
) -> Response {
    use axum::extract::FromRequest;
    if !authorised(req.headers()) {
        return unauthorised();
    }
    // An Instagram container is asked for with JSON; a WhatsApp upload is a multipart form.
    let json = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json {
        return match Json::<Value>::from_request(req, &()).await {
            Ok(Json(body)) => publish::container(&fake, &number, body).await,
            Err(_) => meta_error(400, 100, "Invalid parameter", "The body is not JSON."),
        };
    }
    let Ok(mut form) = axum::extract::Multipart::from_request(req, &()).await else {
        return meta_error(400, 100, "Invalid parameter", "Expected a multipart form.");
    };
    if let Some(failure) = planned(&fake).await {
        return failure;
    }
    let mut file = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            let mime = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_owned();
            if let Ok(bytes) = field.bytes().await {
                file = Some((bytes.to_vec(), mime));
            }
        }
    }
    let Some(file) = file else {
        return meta_error(
            400,
            131_008,
            "Required parameter is missing",
            "file is required.",
        );
    };
    let id = fake.next_id("");
    let mut book = fake.book.lock().expect("fake lock");
    book.media.insert(id.clone(), file);
    book.uploads.push(id.clone());
    drop(book);
    Json(json!({"id": id})).into_response()
}

async fn media_info(
    State(fake): State<Arc<FakeGraph>>,
    headers: HeaderMap,
    Path((_, id)): Path<(String, String)>,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    // An account read with its token (Page or Instagram): the social token check.
    if let Some(fields) = query.get("fields") {
        if let Some(failure) = planned(&fake).await {
            return failure;
        }
        if fields.contains("status_code") {
            if let Some(res) = publish::container_status(&fake, &id) {
                return res;
            }
        }
        if fields.contains("permalink") {
            if let Some(res) = publish::permalink(&fake, &id) {
                return res;
            }
        }
        let person = fake
            .book
            .lock()
            .expect("fake lock")
            .people
            .get(&id)
            .cloned();
        return match person {
            Some(name) => social::person(&id, &name, fields),
            None => social::account(&id),
        };
    }
    let known = fake
        .book
        .lock()
        .expect("fake lock")
        .media
        .get(&id)
        .map(|(b, m)| (b.len(), m.clone()));
    let Some((size, mime)) = known else {
        return meta_error(
            404,
            100,
            "Unsupported get request",
            "Object does not exist.",
        );
    };
    let base = fake.base_url.lock().expect("fake lock").clone();
    Json(
        json!({"messaging_product": "whatsapp", "url": format!("{base}/_fake/download/{id}"),
        "mime_type": mime, "file_size": size, "id": id}),
    )
    .into_response()
}

async fn download(
    State(fake): State<Arc<FakeGraph>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !authorised(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match fake.book.lock().expect("fake lock").media.get(&id) {
        Some((bytes, mime)) => (
            [(axum::http::header::CONTENT_TYPE, mime.clone())],
            bytes.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Deserialize)]
struct PageQuery {
    after: Option<String>,
}

async fn templates(
    State(fake): State<Arc<FakeGraph>>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<PageQuery>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let renewal = json!({"name": "renovacao_apolice", "language": "pt_BR", "status": "APPROVED",
        "category": "UTILITY", "parameter_format": "POSITIONAL",
        "components": [{"type": "BODY", "text": "Olá {{1}}! Sua apólice {{2}} vence em breve. Podemos conversar sobre a renovação?",
            "example": {"body_text": [["Maria", "AUTO-2025-00123"]]}}]});
    let welcome = json!({"name": "retomar_conversa", "language": "pt_BR", "status": "APPROVED",
        "category": "UTILITY", "parameter_format": "NAMED",
        "components": [{"type": "BODY", "text": "Olá {{nome_cliente}}, aqui é {{corretor}} da Monteiro Seguros. Podemos continuar nosso atendimento?",
            "example": {"body_text_named_params": [{"param_name": "nome_cliente", "example": "Maria"},
                {"param_name": "corretor", "example": "Ana"}]}}]});
    let paused = json!({"name": "promocao_residencial", "language": "pt_BR", "status": "PAUSED",
        "category": "MARKETING", "components": [{"type": "BODY", "text": "Seguro residencial com desconto!"}]});
    let base = fake.base_url.lock().expect("fake lock").clone();
    let body = match q.after.as_deref() {
        None => json!({"data": [renewal, paused], "paging": {"cursors": {"after": "p2"},
            "next": format!("{base}/v23.0/100000000000002/message_templates?after=p2")}}),
        Some(_) => json!({"data": [welcome], "paging": {"cursors": {"before": "p2"}}}),
    };
    Json(body).into_response()
}

#[derive(Deserialize)]
struct InboundOrder {
    from: String,
    /// `whatsapp` (default), `messenger` or `instagram` (then `from` is a PSID or IGSID).
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// A whole message object instead of a text (any type).
    #[serde(default)]
    message: Option<Value>,
}

/// The message types that carry a file.
const MEDIA_KINDS: [&str; 5] = ["image", "audio", "video", "document", "sticker"];

/// The type of the file a customer sends when the order does not say.
fn sample_mime(kind: &str) -> &'static str {
    match kind {
        "image" => "image/png",
        "sticker" => "image/webp",
        "audio" => "audio/ogg",
        "video" => "video/mp4",
        _ => "application/pdf",
    }
}

/// A small file of type `mime`: a real 160×120 PNG for pictures, a PDF header for documents,
/// recognisable bytes for the rest.
fn sample_file(mime: &str) -> Vec<u8> {
    const PNG: [u8; 276] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0xa0, 0x00, 0x00, 0x00, 0x78, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfa,
        0xc0, 0x6e, 0x38, 0x00, 0x00, 0x00, 0xdb, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0xed, 0xda,
        0x41, 0x0d, 0x00, 0x20, 0x0c, 0x04, 0xc1, 0x9a, 0xc1, 0x1a, 0x86, 0x6b, 0x06, 0x78, 0xe1,
        0x81, 0xa4, 0x3c, 0x9a, 0x49, 0x56, 0xc1, 0xcd, 0xf7, 0x62, 0xe4, 0x54, 0xe3, 0xc2, 0x04,
        0x80, 0x05, 0x58, 0x80, 0x05, 0x58, 0x80, 0x05, 0x58, 0x80, 0x01, 0x0b, 0xb0, 0x00, 0x0b,
        0xb0, 0x00, 0x0b, 0xb0, 0x00, 0x03, 0x16, 0x60, 0x01, 0x16, 0x60, 0x01, 0x16, 0x60, 0x01,
        0x16, 0x60, 0xc0, 0x02, 0x2c, 0xc0, 0x02, 0x2c, 0xc0, 0x02, 0x2c, 0xc0, 0x80, 0x05, 0x58,
        0x80, 0x05, 0x58, 0x80, 0x05, 0x58, 0x80, 0x01, 0x0b, 0xb0, 0x00, 0x0b, 0xb0, 0x00, 0x0b,
        0xb0, 0x00, 0x0b, 0x30, 0x60, 0x01, 0x16, 0x60, 0x01, 0x56, 0x21, 0xf0, 0xda, 0x47, 0x8d,
        0x03, 0x0c, 0x58, 0x80, 0x05, 0x58, 0x80, 0x05, 0x58, 0x80, 0x05, 0x18, 0xb0, 0x00, 0x0b,
        0xb0, 0x00, 0x0b, 0xb0, 0x00, 0x0b, 0x30, 0x60, 0x01, 0x16, 0x60, 0x01, 0xd6, 0x5f, 0x60,
        0xb7, 0x34, 0xaf, 0x4a, 0x01, 0x16, 0x60, 0x01, 0x16, 0x60, 0x01, 0x16, 0x60, 0xc0, 0x02,
        0x2c, 0xc0, 0x02, 0x2c, 0xc0, 0x02, 0x2c, 0xc0, 0x80, 0x05, 0x58, 0x80, 0x05, 0x58, 0x80,
        0x05, 0x58, 0x80, 0x05, 0x18, 0xb0, 0x00, 0x0b, 0xb0, 0x00, 0x0b, 0xb0, 0x00, 0x0b, 0x30,
        0x60, 0x01, 0x16, 0x60, 0x01, 0x16, 0x60, 0x01, 0x16, 0x60, 0xc0, 0x02, 0x2c, 0xc0, 0x02,
        0x2c, 0xc0, 0x02, 0x2c, 0xc0, 0x02, 0x0c, 0x58, 0x80, 0x05, 0x58, 0x80, 0x05, 0x58, 0x8f,
        0x5d, 0x25, 0x60, 0xf3, 0x98, 0x1c, 0xa1, 0xf3, 0xf3, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
        0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    match mime {
        "image/png" => PNG.to_vec(),
        "application/pdf" => b"%PDF-1.4\n% arquivo de teste do Graph API falso\n%%EOF\n".to_vec(),
        other => format!("fake {other} file").into_bytes(),
    }
}

/// `POST /_fake/inbound {"from", "name", "text"}`: a customer writes to the brokerage.
async fn inbound(State(fake): State<Arc<FakeGraph>>, Json(order): Json<InboundOrder>) -> Response {
    if let Some(channel @ ("messenger" | "instagram")) = order.channel.as_deref() {
        let text = order.text.clone().unwrap_or_default();
        let name = order.name.clone();
        return match fake
            .dm(channel == "instagram", &order.from, name.as_deref(), &text)
            .await
        {
            Ok((mid, status)) => {
                Json(json!({"mid": mid, "webhook_status": status})).into_response()
            }
            Err(err) => (StatusCode::BAD_GATEWAY, Json(json!({"error": err}))).into_response(),
        };
    }
    let wamid = format!("wamid.{}", fake.next_id("IN"));
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut message = order.message.unwrap_or_else(|| {
        json!({"type": "text",
        "text": {"body": order.text.clone().unwrap_or_default()}})
    });
    message["from"] = json!(order.from);
    message["id"] = json!(wamid);
    // A file the customer sends is kept by the fake (as Meta keeps it) under a new media id.
    let kind = message["type"].as_str().unwrap_or_default().to_owned();
    if MEDIA_KINDS.contains(&kind.as_str()) && message[&kind]["id"].is_null() {
        let mime = message[&kind]["mime_type"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| sample_mime(&kind).to_owned());
        let bytes = sample_file(&mime);
        let id = fake.add_media(bytes, &mime);
        message[&kind]["id"] = json!(id);
        message[&kind]["mime_type"] = json!(mime);
    }
    // A test may date the message in the past (a window already closed).
    if message.get("timestamp").is_none() {
        message["timestamp"] = json!(now.to_string());
    }
    let name = order.name.unwrap_or_else(|| "Cliente".to_owned());
    let value = json!({"contacts": [{"profile": {"name": name}, "wa_id": order.from}], "messages": [message]});
    match fake.deliver(value).await {
        Ok(status) => Json(json!({"wamid": wamid, "webhook_status": status})).into_response(),
        Err(err) => (StatusCode::BAD_GATEWAY, Json(json!({"error": err}))).into_response(),
    }
}

#[derive(Deserialize)]
struct StatusOrder {
    wamid: String,
    status: String,
    #[serde(default)]
    to: Option<String>,
}

/// `POST /_fake/status {"wamid", "status"}`: Meta reports how a sent message got on.
async fn status(State(fake): State<Arc<FakeGraph>>, Json(order): Json<StatusOrder>) -> Response {
    let to = order.to.unwrap_or_else(|| "5531988887777".to_owned());
    match fake
        .post_status(&order.wamid, &order.status, &to, None)
        .await
    {
        Ok(status) => Json(json!({"webhook_status": status})).into_response(),
        Err(err) => (StatusCode::BAD_GATEWAY, Json(json!({"error": err}))).into_response(),
    }
}

#[derive(Deserialize)]
struct FailOrder {
    plan: Vec<String>,
}

/// `POST /_fake/fail {"plan": ["500", "429", "timeout:20", "400:131047"]}`.
async fn fail(State(fake): State<Arc<FakeGraph>>, Json(order): Json<FailOrder>) -> Response {
    let plan: Option<Vec<Failure>> = order.plan.iter().map(|p| Failure::parse(p)).collect();
    match plan {
        Some(plan) => {
            fake.fail_next(plan);
            StatusCode::NO_CONTENT.into_response()
        }
        None => (
            StatusCode::BAD_REQUEST,
            "plan items: 500, 429, timeout:SECONDS, STATUS:CODE",
        )
            .into_response(),
    }
}

/// `GET /_fake/sent`: the sends answered with a wamid.
async fn sent(State(fake): State<Arc<FakeGraph>>) -> Response {
    Json(fake.accepted()).into_response()
}

/// `POST /_fake/clock {"advance_seconds": 180}`: moves the app's clock forward (the demo and
/// the browser tests, so a post scheduled minutes ahead goes out now); answers the shift.
pub fn clock_router(clock: Arc<app::clock::ShiftedClock>) -> Router {
    Router::new()
        .route("/_fake/clock", post(advance_clock))
        .with_state(clock)
}

#[derive(Deserialize)]
struct Advance {
    advance_seconds: i64,
}

async fn advance_clock(
    State(clock): State<Arc<app::clock::ShiftedClock>>,
    Json(advance): Json<Advance>,
) -> Json<Value> {
    clock.advance(advance.advance_seconds.clamp(0, 7 * 24 * 3600));
    Json(json!({ "shift_seconds": clock.shift() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_plans_read_as_the_test_writes_them() {
        assert_eq!(Failure::parse("500"), Some(Failure::ServerError));
        assert_eq!(Failure::parse("429"), Some(Failure::RateLimit));
        assert_eq!(Failure::parse("ok"), Some(Failure::Pass));
        assert_eq!(
            Failure::parse("timeout:20"),
            Some(Failure::Silence(Duration::from_secs(20)))
        );
        assert_eq!(
            Failure::parse("400:131047"),
            Some(Failure::Meta {
                status: 400,
                code: 131_047
            })
        );
        assert_eq!(Failure::parse("teapot"), None);
    }

    #[test]
    fn the_fake_escapes_non_ascii_as_meta_does() {
        assert_eq!(
            ascii_json(&json!("ção 😀")),
            "\"\\u00e7\\u00e3o \\ud83d\\ude00\""
        );
    }
}
