//! Reading a Messenger (`object: page`) or Instagram (`object: instagram`) webhook delivery:
//! every `entry[] × messaging[]` event, leniently (the JSON is walked, not deserialised into a
//! fixed shape, so an unknown field or event never loses the rest). Timestamps are milliseconds
//! here (WhatsApp's are seconds): they are turned into seconds.

use serde_json::Value;

/// One thing a delivery says, about the account `account` (the Page or Instagram account id)
/// and the person `user` (their PSID or IGSID).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub channel: &'static str,
    pub account: String,
    pub user: String,
    /// Unix seconds (0 when Meta gave none).
    pub at: i64,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// A message: from the person, or (`echo`) one the account sent — from this CRM or from
    /// Meta's own apps.
    Message {
        mid: String,
        echo: bool,
        /// Ours, echoed back (`metadata` of a Messenger send).
        metadata: Option<String>,
        /// `text`, or the first attachment's type (`image`, `video`, `audio`, `file`, `share`…).
        kind: String,
        text: Option<String>,
        /// The attachments' addresses (Meta's CDN, short-lived).
        attachments: Vec<(String, Option<String>)>,
        reply_to: Option<String>,
        raw: Value,
    },
    /// The person read everything up to `watermark` (Unix seconds), or message `mid`.
    Read {
        watermark: Option<i64>,
        mid: Option<String>,
    },
    /// Messages `mids` (or everything up to `watermark`) reached the person.
    Delivered {
        mids: Vec<String>,
        watermark: Option<i64>,
    },
    /// The person reacted to `mid` (`None`: took the reaction back).
    Reaction { mid: String, emoji: Option<String> },
}

/// What a delivery holds: its events, and how many could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub events: Vec<Event>,
    pub skipped: usize,
}

/// The channel of a delivery's `object` (`None`: not a messaging object).
pub fn channel(object: &str) -> Option<&'static str> {
    match object {
        "page" => Some("messenger"),
        "instagram" => Some("instagram"),
        _ => None,
    }
}

/// Reads a delivery's JSON.
pub fn parse(body: &[u8]) -> Parsed {
    let Ok(root) = serde_json::from_slice::<Value>(body) else {
        return Parsed {
            events: vec![],
            skipped: 1,
        };
    };
    let Some(channel) = root.get("object").and_then(Value::as_str).and_then(channel) else {
        return Parsed::default();
    };
    let mut parsed = Parsed::default();
    for entry in list(&root, "entry") {
        let entry_id = text(entry, "id");
        for m in list(entry, "messaging") {
            match event(channel, entry_id.as_deref(), m) {
                Some(Some(e)) => parsed.events.push(e),
                Some(None) => {}
                None => parsed.skipped += 1,
            }
        }
    }
    parsed
}

/// One `messaging[]` item: `None` when it cannot be read (no ids), `Some(None)` for an event
/// the inbox does not use (a postback, an opt-in…).
fn event(channel: &'static str, entry_id: Option<&str>, m: &Value) -> Option<Option<Event>> {
    let sender = m.get("sender").and_then(|s| text(s, "id"))?;
    let recipient = m.get("recipient").and_then(|r| text(r, "id"));
    let at = number_of(m, "timestamp").map_or(0, |ms| ms / 1000);
    if let Some(message) = m.get("message") {
        let mid = text(message, "mid")?;
        let echo = message.get("is_echo").and_then(Value::as_bool) == Some(true);
        // An echo goes from the account to the person: the person is the recipient.
        let (account, user) = if echo {
            (sender, recipient?)
        } else {
            (recipient.or_else(|| entry_id.map(str::to_owned))?, sender)
        };
        if message.get("is_deleted").and_then(Value::as_bool) == Some(true) {
            return Some(None);
        }
        let attachments: Vec<(String, Option<String>)> = list(message, "attachments")
            .map(|a| {
                let kind = text(a, "type").unwrap_or_else(|| "file".into());
                let url = a.get("payload").and_then(|p| text(p, "url"));
                (kind, url)
            })
            .collect();
        let body = text(message, "text").filter(|t| !t.is_empty());
        let kind = match (&body, attachments.first()) {
            (None, Some((kind, _))) => kind.clone(),
            _ => "text".to_owned(),
        };
        return Some(Some(Event {
            channel,
            account,
            user,
            at,
            what: What::Message {
                mid,
                echo,
                metadata: text(message, "metadata"),
                kind,
                text: body,
                attachments,
                reply_to: message.get("reply_to").and_then(|r| text(r, "mid")),
                raw: message.clone(),
            },
        }));
    }
    let account = recipient.or_else(|| entry_id.map(str::to_owned))?;
    let what = if let Some(read) = m.get("read") {
        What::Read {
            watermark: number_of(read, "watermark").map(|ms| ms / 1000),
            mid: text(read, "mid"),
        }
    } else if let Some(delivery) = m.get("delivery") {
        What::Delivered {
            mids: list(delivery, "mids")
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            watermark: number_of(delivery, "watermark").map(|ms| ms / 1000),
        }
    } else if let Some(reaction) = m.get("reaction") {
        let mid = text(reaction, "mid")?;
        let emoji = match text(reaction, "action").as_deref() {
            Some("unreact") => None,
            _ => text(reaction, "emoji").or_else(|| text(reaction, "reaction")),
        };
        What::Reaction { mid, emoji }
    } else {
        return Some(None);
    };
    Some(Some(Event {
        channel,
        account,
        user: sender,
        at,
        what,
    }))
}

fn list<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number_of(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(body: Value) -> Event {
        let parsed = parse(body.to_string().as_bytes());
        assert_eq!(parsed.skipped, 0, "{parsed:?}");
        assert_eq!(parsed.events.len(), 1, "{parsed:?}");
        parsed.events.into_iter().next().unwrap()
    }

    #[test]
    fn a_messenger_text_names_page_sender_and_time_in_seconds() {
        let e = one(
            json!({"object": "page", "entry": [{"id": "PAGE", "time": 1457764198246_i64,
            "messaging": [{"sender": {"id": "PSID"}, "recipient": {"id": "PAGE"},
            "timestamp": 1457764197627_i64, "message": {"mid": "m_1", "text": "hello, world!",
            "reply_to": {"mid": "m_0"}}}]}]}),
        );
        assert_eq!(
            (e.channel, e.account.as_str(), e.user.as_str(), e.at),
            ("messenger", "PAGE", "PSID", 1_457_764_197)
        );
        let What::Message {
            mid,
            echo,
            kind,
            text,
            reply_to,
            ..
        } = e.what
        else {
            panic!()
        };
        assert_eq!((mid.as_str(), echo, kind.as_str()), ("m_1", false, "text"));
        assert_eq!(text.as_deref(), Some("hello, world!"));
        assert_eq!(reply_to.as_deref(), Some("m_0"));
    }

    #[test]
    fn an_instagram_photo_without_text_is_of_the_attachments_type() {
        let e = one(
            json!({"object": "instagram", "entry": [{"id": "IG", "time": 1,
            "messaging": [{"sender": {"id": "IGSID"}, "recipient": {"id": "IG"}, "timestamp": 1700000000000_i64,
            "message": {"mid": "aWdf", "attachments": [{"type": "image", "payload": {"url": "https://cdn/x.jpg"}}]}}]}]}),
        );
        assert_eq!(e.channel, "instagram");
        let What::Message {
            kind,
            text,
            attachments,
            ..
        } = e.what
        else {
            panic!()
        };
        assert_eq!(kind, "image");
        assert_eq!(text, None);
        assert_eq!(
            attachments,
            vec![("image".into(), Some("https://cdn/x.jpg".into()))]
        );
    }

    #[test]
    fn an_echo_is_about_its_recipient_and_keeps_our_metadata() {
        let e = one(
            json!({"object": "page", "entry": [{"id": "PAGE", "messaging": [{
            "sender": {"id": "PAGE"}, "recipient": {"id": "PSID"}, "timestamp": 2000,
            "message": {"mid": "m_2", "is_echo": true, "app_id": 1, "metadata": "crm:u-1", "text": "Oi"}}]}]}),
        );
        assert_eq!((e.account.as_str(), e.user.as_str()), ("PAGE", "PSID"));
        let What::Message { echo, metadata, .. } = e.what else {
            panic!()
        };
        assert!(echo);
        assert_eq!(metadata.as_deref(), Some("crm:u-1"));
    }

    #[test]
    fn reads_deliveries_and_reactions_are_read_and_postbacks_left_alone() {
        let body = json!({"object": "page", "entry": [{"id": "PAGE", "messaging": [
            {"sender": {"id": "PSID"}, "recipient": {"id": "PAGE"}, "timestamp": 5000, "read": {"watermark": 4000}},
            {"sender": {"id": "PSID"}, "recipient": {"id": "PAGE"}, "timestamp": 5000, "delivery": {"mids": ["m_9"], "watermark": 4500}},
            {"sender": {"id": "PSID"}, "recipient": {"id": "PAGE"}, "timestamp": 5000,
             "reaction": {"mid": "m_9", "action": "react", "emoji": "\u{2764}"}},
            {"sender": {"id": "PSID"}, "recipient": {"id": "PAGE"}, "timestamp": 5000,
             "reaction": {"mid": "m_9", "action": "unreact"}},
            {"sender": {"id": "PSID"}, "recipient": {"id": "PAGE"}, "timestamp": 5000, "postback": {"payload": "X"}},
            {"recipient": {"id": "PAGE"}, "timestamp": 5000, "message": {"mid": "m_x"}}
        ]}]});
        let parsed = parse(body.to_string().as_bytes());
        assert_eq!(parsed.skipped, 1, "the message without a sender");
        let whats: Vec<_> = parsed.events.into_iter().map(|e| e.what).collect();
        assert_eq!(
            whats,
            vec![
                What::Read {
                    watermark: Some(4),
                    mid: None
                },
                What::Delivered {
                    mids: vec!["m_9".into()],
                    watermark: Some(4)
                },
                What::Reaction {
                    mid: "m_9".into(),
                    emoji: Some("\u{2764}".into())
                },
                What::Reaction {
                    mid: "m_9".into(),
                    emoji: None
                },
            ]
        );
    }

    #[test]
    fn an_instagram_seen_names_its_message_and_other_objects_give_nothing() {
        let e = one(
            json!({"object": "instagram", "entry": [{"id": "IG", "messaging": [{
            "sender": {"id": "IGSID"}, "recipient": {"id": "IG"}, "timestamp": 9000, "read": {"mid": "aWdf"}}]}]}),
        );
        assert_eq!(
            e.what,
            What::Read {
                watermark: None,
                mid: Some("aWdf".into())
            }
        );
        assert_eq!(
            parse(br#"{"object":"whatsapp_business_account","entry":[]}"#),
            Parsed::default()
        );
        assert_eq!(parse(b"not json").skipped, 1);
    }
}
