//! The Graph API as a Facebook Page and its linked Instagram account use it ("Instagram API with
//! Facebook Login": one host, the Page's token): checking a token, and sending a direct
//! message. Each call carries the account's token, opened from the vault just before it. Errors
//! are read into the same [`GraphError`] as WhatsApp's.

use std::time::Duration;

use serde_json::{json, Value};

pub use crate::whatsapp::graph::{GraphError, Retry};

use super::vault::Token;

/// The Graph API client for Pages and Instagram accounts (cheap to clone).
#[derive(Clone, Debug)]
pub struct SocialGraph {
    http: reqwest::Client,
    /// `https://graph.facebook.com` (or the fake's address).
    base_url: String,
    /// `v23.0`.
    version: String,
}

/// Meta's answer to a message sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentMessage {
    pub mid: String,
}

impl SocialGraph {
    pub fn new(base_url: &str, version: &str, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .build()
            .unwrap_or_default();
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            version: version.to_owned(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}/{path}", self.base_url, self.version)
    }

    /// Reads account `id` with `token` (`fields=id,name` for a Page, `id,username` for
    /// Instagram): answers its name, or Meta's refusal (190: the token no longer works).
    pub async fn account_name(
        &self,
        token: &Token,
        network: &str,
        id: &str,
    ) -> Result<String, GraphError> {
        let fields = if network == "instagram" {
            "id,username,name"
        } else {
            "id,name"
        };
        let request = self
            .http
            .get(self.url(id))
            .query(&[("fields", fields)])
            .bearer_auth(token.expose());
        let answer = crate::whatsapp::graph::call(request).await?;
        answer["username"]
            .as_str()
            .or_else(|| answer["name"].as_str())
            .map(str::to_owned)
            .ok_or_else(|| GraphError::Unexpected("an account without name".into()))
    }

    /// The name of person `user` (PSID or IGSID) as Meta shares it with the Page: Instagram's
    /// `@username` (with the name when there is one), Messenger's name. Needs the profile
    /// permissions; a refusal leaves the person named by their channel.
    pub async fn profile(
        &self,
        token: &Token,
        channel: &str,
        user: &str,
    ) -> Result<String, GraphError> {
        let fields = if channel == "instagram" {
            "name,username"
        } else {
            "name,first_name,last_name"
        };
        let request = self
            .http
            .get(self.url(user))
            .query(&[("fields", fields)])
            .bearer_auth(token.expose());
        let answer = crate::whatsapp::graph::call(request).await?;
        let name = answer["name"]
            .as_str()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let first_last = [&answer["first_name"], &answer["last_name"]]
            .iter()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let name = name
            .map(str::to_owned)
            .or_else(|| Some(first_last.trim().to_owned()).filter(|n| !n.is_empty()));
        let shown = match (answer["username"].as_str(), name) {
            (Some(user), Some(name)) => format!("{name} (@{user})"),
            (Some(user), None) => format!("@{user}"),
            (None, Some(name)) => name,
            (None, None) => return Err(GraphError::Unexpected("a profile without name".into())),
        };
        Ok(shown.chars().take(120).collect())
    }

    /// Sends `text` to `recipient` (PSID or IGSID) through Page `page` — with the `HUMAN_AGENT`
    /// tag when `tagged` (after 24 hours) — carrying our `metadata` (echoed back by Messenger).
    pub async fn send_text(
        &self,
        token: &Token,
        page: &str,
        recipient: &str,
        text: &str,
        tagged: bool,
        metadata: &str,
    ) -> Result<SentMessage, GraphError> {
        let mut body = json!({"recipient": {"id": recipient},
            "message": {"text": text, "metadata": metadata},
            "messaging_type": "RESPONSE"});
        if tagged {
            body["messaging_type"] = json!("MESSAGE_TAG");
            body["tag"] = json!("HUMAN_AGENT");
        }
        let request = self
            .http
            .post(self.url(&format!("{page}/messages")))
            .bearer_auth(token.expose())
            .json(&body);
        let answer = crate::whatsapp::graph::call(request).await?;
        answer["message_id"]
            .as_str()
            .map(|mid| SentMessage {
                mid: mid.to_owned(),
            })
            .ok_or_else(|| GraphError::Unexpected("a send answer without message_id".into()))
    }

    /// Tells the person their messages were seen (`sender_action: mark_seen`).
    pub async fn mark_seen(
        &self,
        token: &Token,
        page: &str,
        recipient: &str,
    ) -> Result<(), GraphError> {
        let body = json!({"recipient": {"id": recipient}, "sender_action": "mark_seen"});
        let request = self
            .http
            .post(self.url(&format!("{page}/messages")))
            .bearer_auth(token.expose())
            .json(&body);
        crate::whatsapp::graph::call(request).await.map(drop)
    }
}

impl SocialGraph {
    async fn get(&self, token: &Token, path: &str, fields: &str) -> Result<Value, GraphError> {
        let request = self
            .http
            .get(self.url(path))
            .query(&[("fields", fields)])
            .bearer_auth(token.expose());
        crate::whatsapp::graph::call(request).await
    }

    async fn post(&self, token: &Token, path: &str, body: &Value) -> Result<Value, GraphError> {
        let request = self
            .http
            .post(self.url(path))
            .bearer_auth(token.expose())
            .json(body);
        crate::whatsapp::graph::call(request).await
    }

    /// Creates an Instagram container on account `ig` (`POST /{ig}/media`): answers its id.
    pub async fn create_container(
        &self,
        token: &Token,
        ig: &str,
        body: &Value,
    ) -> Result<String, GraphError> {
        let answer = self.post(token, &format!("{ig}/media"), body).await?;
        id_of(&answer)
    }

    /// A container's `status_code` (`FINISHED`, `IN_PROGRESS`, `ERROR`, `EXPIRED`,
    /// `PUBLISHED`) and Meta's `status` text.
    pub async fn container_status(
        &self,
        token: &Token,
        container: &str,
    ) -> Result<(String, Option<String>), GraphError> {
        let answer = self.get(token, container, "status_code,status").await?;
        let code = answer["status_code"]
            .as_str()
            .ok_or_else(|| GraphError::Unexpected("a container without status_code".into()))?;
        Ok((
            code.to_owned(),
            answer["status"].as_str().map(str::to_owned),
        ))
    }

    /// Publishes container `container` on account `ig`: answers the media's id.
    pub async fn media_publish(
        &self,
        token: &Token,
        ig: &str,
        container: &str,
    ) -> Result<String, GraphError> {
        let body = json!({ "creation_id": container });
        let answer = self
            .post(token, &format!("{ig}/media_publish"), &body)
            .await?;
        id_of(&answer)
    }

    /// The public link of Instagram media or a Page post.
    pub async fn permalink(&self, token: &Token, id: &str) -> Result<Option<String>, GraphError> {
        let answer = self.get(token, id, "permalink,permalink_url").await?;
        Ok(answer["permalink"]
            .as_str()
            .or_else(|| answer["permalink_url"].as_str())
            .map(str::to_owned))
    }

    /// Instagram's rolling-24-hour publishing quota of account `ig`: (used, total).
    pub async fn publishing_limit(
        &self,
        token: &Token,
        ig: &str,
    ) -> Result<(i64, i64), GraphError> {
        let answer = self
            .get(
                token,
                &format!("{ig}/content_publishing_limit"),
                "quota_usage,config",
            )
            .await?;
        let data = &answer["data"][0];
        match (
            data["quota_usage"].as_i64(),
            data["config"]["quota_total"].as_i64(),
        ) {
            (Some(used), Some(total)) => Ok((used, total)),
            _ => Err(GraphError::Unexpected(
                "a publishing limit without quota".into(),
            )),
        }
    }

    /// Publishes on Page `page`: a photo with `message` when there is a picture, else a text
    /// post. Answers the post's id.
    pub async fn page_post(
        &self,
        token: &Token,
        page: &str,
        message: &str,
        picture: Option<&str>,
    ) -> Result<String, GraphError> {
        let (path, body) = match picture {
            Some(url) => (
                format!("{page}/photos"),
                json!({"url": url, "message": message, "published": true}),
            ),
            None => (format!("{page}/feed"), json!({ "message": message })),
        };
        let answer = self.post(token, &path, &body).await?;
        answer["post_id"]
            .as_str()
            .map(str::to_owned)
            .map_or_else(|| id_of(&answer), Ok)
    }

    /// The Page's latest posts (`GET /{page}/feed`, 25): (id, message), newest first — to tell
    /// whether a post whose answer was lost went out after all.
    pub async fn recent_page_posts(
        &self,
        token: &Token,
        page: &str,
    ) -> Result<Vec<(String, String)>, GraphError> {
        let request = self
            .http
            .get(self.url(&format!("{page}/feed")))
            .query(&[("fields", "id,message,created_time"), ("limit", "25")])
            .bearer_auth(token.expose());
        let answer = crate::whatsapp::graph::call(request).await?;
        Ok(answer["data"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|post| {
                let id = post["id"].as_str()?.to_owned();
                Some((id, post["message"].as_str().unwrap_or_default().to_owned()))
            })
            .collect())
    }
}

fn id_of(answer: &Value) -> Result<String, GraphError> {
    answer["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| GraphError::Unexpected("an answer without id".into()))
}

/// Whether Meta's error means the token stopped working (code 190, or 102 session expired).
pub fn token_refused(err: &GraphError) -> bool {
    matches!(err.code(), Some(190 | 102))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_token_errors_mean_reconnect() {
        let meta = |code| GraphError::Meta {
            code,
            subcode: None,
            title: None,
            details: None,
            fbtrace_id: None,
            status: 400,
        };
        assert!(token_refused(&meta(190)));
        assert!(token_refused(&meta(102)));
        assert!(!token_refused(&meta(10)));
        assert!(!token_refused(&GraphError::Timeout));
    }

    #[test]
    fn urls_join_base_version_and_path() {
        let g = SocialGraph::new("http://fake/graph/", "v23.0", Duration::from_secs(1));
        assert_eq!(
            g.url("123/messages"),
            "http://fake/graph/v23.0/123/messages"
        );
    }
}
