//! Meta's Graph API for the WhatsApp Cloud API: a client built from configuration (base URL,
//! version, token, number), with a timeout on every call and typed requests and answers — send
//! (text with reply context, template, media by id, reaction), mark as read, media URL and
//! download, media upload, message templates — and Meta's errors read into [`GraphError`], which
//! says whether trying again can help. Tests and the demo point it at the local fake
//! (`server::fake_graph`).

use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};

use super::payload::meta_error;

/// How the client reaches Meta.
#[derive(Clone, Debug)]
pub struct GraphConfig {
    /// `https://graph.facebook.com` (or the fake's address).
    pub base_url: String,
    /// `v23.0`.
    pub version: String,
    pub token: Option<String>,
    pub phone_number_id: Option<String>,
    /// The WhatsApp Business Account (its templates).
    pub waba_id: Option<String>,
    /// Every call gives up after this long.
    pub timeout: Duration,
}

/// The Graph API client (cheap to clone).
#[derive(Clone, Debug)]
pub struct Graph {
    http: reqwest::Client,
    config: GraphConfig,
}

/// Why a call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// Meta answered with its error object.
    #[error("Meta error {code}: {title:?} ({details:?}), fbtrace {fbtrace_id:?}")]
    Meta {
        code: i64,
        subcode: Option<i64>,
        title: Option<String>,
        details: Option<String>,
        fbtrace_id: Option<String>,
        status: u16,
    },
    /// No answer within the timeout: Meta may or may not have acted.
    #[error("no answer within the timeout")]
    Timeout,
    /// No connection (nothing reached Meta).
    #[error("could not reach the Graph API: {0}")]
    Unreachable(String),
    /// An HTTP error without Meta's error object (a proxy's 502, a bare 429).
    #[error("HTTP {0} without an error object")]
    Http(u16),
    /// An answer that is not what the API documents.
    #[error("unexpected answer: {0}")]
    Unexpected(String),
    /// The token or the number is not configured.
    #[error("the WhatsApp number is not configured")]
    NotConfigured,
}

/// What to do after a failed send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Try again later (backoff): nothing was sent, or Meta asked to slow down.
    Later,
    /// Unknown whether it was sent (a timeout): trying again could send it twice.
    Unsure,
    /// Trying again cannot help (a bad request, the 24-hour window, a bad token…).
    Never,
}

/// Meta's codes worth trying again (WHATSAPP.md §2.3): service trouble and rate limits.
const RETRYABLE: &[i64] = &[1, 2, 4, 80_007, 130_429, 131_000, 131_016, 131_056, 131_057];

impl GraphError {
    /// Whether and how to try again.
    pub fn retry(&self) -> Retry {
        match self {
            Self::Meta { code, .. } if RETRYABLE.contains(code) => Retry::Later,
            Self::Meta { status, .. } if *status >= 500 => Retry::Later,
            Self::Meta { .. } | Self::Unexpected(_) | Self::NotConfigured => Retry::Never,
            Self::Http(status) if *status >= 500 || *status == 429 => Retry::Later,
            Self::Http(_) => Retry::Never,
            Self::Unreachable(_) => Retry::Later,
            Self::Timeout => Retry::Unsure,
        }
    }

    /// Meta's code, when there is one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Meta { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// Meta's explanation for people (details, else title), when there is one.
    pub fn explanation(&self) -> Option<String> {
        match self {
            Self::Meta { details, title, .. } => details.clone().or_else(|| title.clone()),
            _ => None,
        }
    }
}

/// A message to send.
#[derive(Clone, Debug, PartialEq)]
pub enum Outgoing {
    Text {
        body: String,
    },
    /// An approved template: its name, language (`pt_BR`) and components with parameters.
    Template {
        name: String,
        language: String,
        components: Value,
    },
    /// Media uploaded before (by id): `kind` is image, document, audio, video or sticker.
    Media {
        kind: String,
        id: String,
        caption: Option<String>,
        filename: Option<String>,
    },
    Reaction {
        message_id: String,
        emoji: String,
    },
}

impl Outgoing {
    /// The request body for `to`, answering `context` (a wamid), carrying our `opaque` id.
    pub fn body(&self, to: &str, context: Option<&str>, opaque: &str) -> Value {
        let mut body = json!({"messaging_product": "whatsapp", "recipient_type": "individual",
            "to": to, "biz_opaque_callback_data": opaque});
        let (kind, object) = match self {
            Self::Text { body } => ("text", json!({"preview_url": false, "body": body})),
            Self::Template {
                name,
                language,
                components,
            } => (
                "template",
                json!({"name": name,
                "language": {"code": language}, "components": components}),
            ),
            Self::Media {
                kind,
                id,
                caption,
                filename,
            } => {
                let mut o = json!({"id": id});
                if let Some(caption) = caption
                    .as_ref()
                    .filter(|_| kind != "audio" && kind != "sticker")
                {
                    o["caption"] = json!(caption);
                }
                if let Some(filename) = filename.as_ref().filter(|_| kind == "document") {
                    o["filename"] = json!(filename);
                }
                (kind.as_str(), o)
            }
            Self::Reaction { message_id, emoji } => (
                "reaction",
                json!({"message_id": message_id, "emoji": emoji}),
            ),
        };
        body["type"] = json!(kind);
        body[kind] = object;
        if let Some(context) = context {
            body["context"] = json!({"message_id": context});
        }
        body
    }
}

/// What Meta answered to a send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub wamid: String,
    /// The recipient's wa_id as WhatsApp knows it (may lack the nono dígito).
    pub wa_id: Option<String>,
}

/// A media file's download address (valid about 5 minutes) and what Meta says of it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MediaInfo {
    pub url: String,
    pub mime_type: Option<String>,
    pub sha256: Option<String>,
    pub file_size: Option<u64>,
}

/// A message template of the business account.
#[derive(Clone, Debug, PartialEq, Deserialize, serde::Serialize)]
pub struct Template {
    pub name: String,
    pub language: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub parameter_format: Option<String>,
    #[serde(default)]
    pub components: Value,
}

impl Graph {
    /// A client for `config`.
    pub fn new(config: GraphConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .build()
            .unwrap_or_default();
        Self { http, config }
    }

    /// The configuration it was built from.
    pub fn config(&self) -> &GraphConfig {
        &self.config
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}/{}/{path}",
            self.config.base_url.trim_end_matches('/'),
            self.config.version
        )
    }

    fn number(&self) -> Result<&str, GraphError> {
        self.config
            .phone_number_id
            .as_deref()
            .ok_or(GraphError::NotConfigured)
    }

    fn token(&self) -> Result<&str, GraphError> {
        self.config
            .token
            .as_deref()
            .ok_or(GraphError::NotConfigured)
    }

    /// Sends `message` to `to`; `opaque` (our id of the message) comes back on its statuses.
    pub async fn send(
        &self,
        to: &str,
        message: &Outgoing,
        context: Option<&str>,
        opaque: &str,
    ) -> Result<Accepted, GraphError> {
        let url = self.url(&format!("{}/messages", self.number()?));
        let answer = self
            .call(self.http.post(url).json(&message.body(to, context, opaque)))
            .await?;
        let wamid = answer["messages"][0]["id"]
            .as_str()
            .ok_or_else(|| GraphError::Unexpected("a send answer without messages[0].id".into()))?;
        Ok(Accepted {
            wamid: wamid.to_owned(),
            wa_id: answer["contacts"][0]["wa_id"].as_str().map(str::to_owned),
        })
    }

    /// Marks the customer's message `wamid` (and the ones before it) as read.
    pub async fn mark_read(&self, wamid: &str) -> Result<(), GraphError> {
        let url = self.url(&format!("{}/messages", self.number()?));
        let body = json!({"messaging_product": "whatsapp", "status": "read", "message_id": wamid});
        self.call(self.http.post(url).json(&body)).await.map(drop)
    }

    /// Where media `id` can be downloaded now.
    pub async fn media_info(&self, id: &str) -> Result<MediaInfo, GraphError> {
        let answer = self.call(self.http.get(self.url(id))).await?;
        serde_json::from_value(answer).map_err(|e| GraphError::Unexpected(e.to_string()))
    }

    /// Downloads from a media URL (with the token, as Meta requires), at most `limit` bytes;
    /// answers the bytes and their content type.
    pub async fn download(
        &self,
        url: &str,
        limit: u64,
    ) -> Result<(Vec<u8>, Option<String>), GraphError> {
        let response = self
            .http
            .get(url)
            .bearer_auth(self.token()?)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status().as_u16();
        if status >= 400 {
            return Err(GraphError::Http(status));
        }
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(GraphError::Unexpected(format!("a file over {limit} bytes")));
        }
        let kind = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(transport)?;
        if bytes.len() as u64 > limit {
            return Err(GraphError::Unexpected(format!("a file over {limit} bytes")));
        }
        Ok((bytes.to_vec(), kind))
    }

    /// Uploads a file for sending; answers its media id.
    pub async fn upload(
        &self,
        bytes: Vec<u8>,
        mime: &str,
        filename: &str,
    ) -> Result<String, GraphError> {
        let url = self.url(&format!("{}/media", self.number()?));
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(filename.to_owned())
            .mime_str(mime)
            .map_err(|e| GraphError::Unexpected(e.to_string()))?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", mime.to_owned())
            .part("file", part);
        let answer = self.call(self.http.post(url).multipart(form)).await?;
        answer["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| GraphError::Unexpected("an upload answer without id".into()))
    }

    /// Every message template of the business account (all pages).
    pub async fn templates(&self) -> Result<Vec<Template>, GraphError> {
        let waba = self
            .config
            .waba_id
            .as_deref()
            .ok_or(GraphError::NotConfigured)?;
        let mut next = Some(self.url(&format!(
            "{waba}/message_templates?fields=name,status,language,category,components,parameter_format&limit=100"
        )));
        let mut templates = Vec::new();
        // Meta pages by `paging.next`; a bound keeps a misbehaving server from looping forever.
        for _ in 0..50 {
            let Some(url) = next.take() else { break };
            let answer = self.call(self.http.get(url)).await?;
            for t in answer["data"].as_array().into_iter().flatten() {
                match serde_json::from_value::<Template>(t.clone()) {
                    Ok(t) => templates.push(t),
                    Err(err) => {
                        tracing::warn!(error = %err, "a message template could not be read")
                    }
                }
            }
            next = answer["paging"]["next"].as_str().map(str::to_owned);
        }
        Ok(templates)
    }

    /// Sends a request with the token; answers the JSON body, or Meta's error.
    async fn call(&self, request: reqwest::RequestBuilder) -> Result<Value, GraphError> {
        call(request.bearer_auth(self.token()?)).await
    }
}

/// Sends a Graph API request (already carrying its token); answers the JSON body, or Meta's
/// error read into [`GraphError`].
pub async fn call(request: reqwest::RequestBuilder) -> Result<Value, GraphError> {
    let response = request.send().await.map_err(transport)?;
    let status = response.status().as_u16();
    let bytes = response.bytes().await.map_err(transport)?;
    let body: Option<Value> = serde_json::from_slice(&bytes).ok();
    if status < 400 {
        return body.ok_or_else(|| GraphError::Unexpected(format!("HTTP {status} without JSON")));
    }
    let error = body.as_ref().and_then(|b| b.get("error"));
    match error.and_then(meta_error) {
        Some(e) => {
            let error = error.unwrap_or(&Value::Null);
            Err(GraphError::Meta {
                code: e.code,
                subcode: error["error_subcode"].as_i64(),
                // Meta's `message` is "(#131047) Re-engagement message"; the title is cleaner.
                title: error["title"].as_str().map(str::to_owned).or(e.title),
                details: e.details,
                fbtrace_id: error["fbtrace_id"].as_str().map(str::to_owned),
                status,
            })
        }
        None => Err(GraphError::Http(status)),
    }
}

fn transport(err: reqwest::Error) -> GraphError {
    if err.is_timeout() {
        GraphError::Timeout
    } else if err.is_connect() {
        GraphError::Unreachable(err.to_string())
    } else if err.is_body() || err.is_decode() {
        // The answer started and broke off: whether Meta acted is unknown.
        GraphError::Timeout
    } else {
        GraphError::Unreachable(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_reply_carries_its_context_and_our_id() {
        let body = Outgoing::Text {
            body: "Olá".into()
        }
        .body("5531988887777", Some("wamid.IN"), "u-1");
        assert_eq!(body["type"], "text");
        assert_eq!(body["text"]["body"], "Olá");
        assert_eq!(body["context"]["message_id"], "wamid.IN");
        assert_eq!(body["biz_opaque_callback_data"], "u-1");
        assert_eq!(body["messaging_product"], "whatsapp");
    }

    #[test]
    fn media_keeps_a_caption_only_where_meta_allows_one_and_a_filename_only_on_documents() {
        let media = |kind: &str| Outgoing::Media {
            kind: kind.into(),
            id: "M".into(),
            caption: Some("c".into()),
            filename: Some("f.pdf".into()),
        };
        let doc = media("document").body("1", None, "u");
        assert_eq!(
            (
                doc["document"]["caption"].as_str(),
                doc["document"]["filename"].as_str()
            ),
            (Some("c"), Some("f.pdf"))
        );
        let audio = media("audio").body("1", None, "u");
        assert!(
            audio["audio"].get("caption").is_none() && audio["audio"].get("filename").is_none()
        );
        assert!(media("image").body("1", None, "u")["image"]
            .get("filename")
            .is_none());
    }

    #[test]
    fn rate_limits_and_service_trouble_are_retried_while_the_window_and_bad_tokens_are_not() {
        let meta = |code: i64, status: u16| GraphError::Meta {
            code,
            subcode: None,
            title: None,
            details: None,
            fbtrace_id: None,
            status,
        };
        for code in [130_429, 131_056, 80_007, 4, 2, 131_000] {
            assert_eq!(meta(code, 400).retry(), Retry::Later, "{code}");
        }
        for code in [131_047, 131_026, 190, 100, 132_000, 368] {
            assert_eq!(meta(code, 400).retry(), Retry::Never, "{code}");
        }
        assert_eq!(meta(999_999, 503).retry(), Retry::Later);
        assert_eq!(GraphError::Http(502).retry(), Retry::Later);
        assert_eq!(GraphError::Http(429).retry(), Retry::Later);
        assert_eq!(GraphError::Http(404).retry(), Retry::Never);
        assert_eq!(GraphError::Timeout.retry(), Retry::Unsure);
        assert_eq!(
            GraphError::Unreachable("refused".into()).retry(),
            Retry::Later
        );
    }
}
