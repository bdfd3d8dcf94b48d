//! Reading a webhook delivery: every `entry[] × changes[] × messages[] | statuses[] | errors[]`
//! (Meta batches them), leniently. The parser walks the JSON instead of deserialising a fixed
//! shape, so a field missing, renamed or of another type never loses the rest of the delivery: a
//! message of a type nobody has seen yet is kept whole with its raw JSON, and only an item
//! without the id that makes it idempotent (a message without `id`, a status without `id` or
//! `status`) is skipped — and counted.

use serde_json::Value;

/// One thing a delivery says, with the business number it is about (`metadata.phone_number_id`).
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Message(Box<Inbound>),
    Status(StatusUpdate),
    /// An error not tied to one message (`value.errors[]`, such as a rate limit).
    Error {
        phone_number_id: String,
        error: MetaError,
    },
    /// Meta changed a message template's status (`message_template_status_update`): `status` is
    /// the one it has now (a reinstated template is `APPROVED` again).
    TemplateStatus {
        name: String,
        language: String,
        status: String,
    },
}

/// A message a customer sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Inbound {
    pub phone_number_id: String,
    pub wamid: String,
    /// The sender's wa_id (`from`).
    pub from: String,
    /// Their WhatsApp profile name, from `value.contacts[]`.
    pub profile_name: Option<String>,
    /// When they sent it (Unix seconds; 0 when Meta gave none).
    pub timestamp: i64,
    /// Meta's type as given (`text`, `image` … or one not known yet).
    pub kind: String,
    /// What the bubble shows for it.
    pub body: Option<String>,
    pub media: Option<Media>,
    /// The message it answers or quotes.
    pub context_wamid: Option<String>,
    /// For a reaction: the message reacted to and the emoji (empty when removed).
    pub reaction: Option<(String, String)>,
    /// Why Meta could not process it (`messages[].errors[]`, as on `unsupported`).
    pub error: Option<MetaError>,
    /// The message object as received.
    pub raw: Value,
}

/// A file attached to an inbound message, still on Meta's side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Media {
    pub id: String,
    pub mime: Option<String>,
    pub sha256: Option<String>,
    pub filename: Option<String>,
}

/// A status of a message the brokerage sent.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusUpdate {
    pub phone_number_id: String,
    pub wamid: String,
    /// `sent`, `delivered`, `read`, `failed` (or another Meta adds).
    pub status: String,
    pub timestamp: i64,
    pub recipient: Option<String>,
    /// Our own id of the message, echoed back (`biz_opaque_callback_data`).
    pub opaque: Option<String>,
    pub error: Option<MetaError>,
}

/// An error as Meta reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetaError {
    pub code: i64,
    pub title: Option<String>,
    pub details: Option<String>,
}

/// What a delivery holds: its items, and how many it had that could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub items: Vec<Item>,
    pub skipped: usize,
}

/// Reads a delivery's JSON. Not JSON, or not a WhatsApp delivery, gives nothing (and no panic).
pub fn parse(body: &[u8]) -> Parsed {
    let Ok(root) = serde_json::from_slice::<Value>(body) else {
        return Parsed {
            items: vec![],
            skipped: 1,
        };
    };
    let mut parsed = Parsed::default();
    for change in list(&root, "entry").flat_map(|e| list(e, "changes")) {
        let Some(value) = change.get("value") else {
            continue;
        };
        match text(change, "field").as_deref() {
            Some("messages") => read_value(value, &mut parsed),
            Some("message_template_status_update") => match template_status(value) {
                Some(item) => parsed.items.push(item),
                None => parsed.skipped += 1,
            },
            _ => {}
        }
    }
    parsed
}

/// A template status change; `None` without a name or event, or for an event that leaves the
/// template usable as it was (`FLAGGED` is a quality warning).
fn template_status(value: &Value) -> Option<Item> {
    let event = text(value, "event")?.to_ascii_uppercase();
    let status = match event.as_str() {
        "FLAGGED" => return None,
        "REINSTATED" => "APPROVED".to_owned(),
        _ => event,
    };
    Some(Item::TemplateStatus {
        name: text(value, "message_template_name")?,
        language: text(value, "message_template_language")?,
        status,
    })
}

fn read_value(value: &Value, parsed: &mut Parsed) {
    let number = value
        .get("metadata")
        .and_then(|m| text(m, "phone_number_id"))
        .unwrap_or_default();
    let names: Vec<(String, String)> = list(value, "contacts")
        .filter_map(|c| {
            let name = c.get("profile").and_then(|p| text(p, "name"))?;
            Some((text(c, "wa_id")?, name))
        })
        .collect();
    for message in list(value, "messages") {
        match inbound(message, &number, &names) {
            Some(m) => parsed.items.push(Item::Message(Box::new(m))),
            None => parsed.skipped += 1,
        }
    }
    for status in list(value, "statuses") {
        match status_update(status, &number) {
            Some(s) => parsed.items.push(Item::Status(s)),
            None => parsed.skipped += 1,
        }
    }
    for error in list(value, "errors") {
        match meta_error(error) {
            Some(error) => parsed.items.push(Item::Error {
                phone_number_id: number.clone(),
                error,
            }),
            None => parsed.skipped += 1,
        }
    }
}

fn inbound(m: &Value, number: &str, names: &[(String, String)]) -> Option<Inbound> {
    let wamid = text(m, "id")?;
    // A `system` message has no `contacts`; its sender is still `from` (or the new number).
    let from = text(m, "from")
        .or_else(|| m.get("system").and_then(|s| text(s, "wa_id")))
        .filter(|f| !f.is_empty())?;
    let kind = text(m, "type")
        .map(|k| k.chars().take(40).collect())
        .unwrap_or_else(|| "unknown".to_owned());
    let object = m.get(kind.as_str());
    let profile_name = names
        .iter()
        .find(|(wa_id, _)| *wa_id == from)
        .or_else(|| names.first())
        .map(|(_, name)| name.clone());
    let reaction = (kind == "reaction")
        .then(|| {
            object
                .and_then(|r| Some((text(r, "message_id")?, text(r, "emoji").unwrap_or_default())))
        })
        .flatten();
    Some(Inbound {
        phone_number_id: number.to_owned(),
        timestamp: number_of(m, "timestamp").unwrap_or(0),
        body: object.and_then(|o| body_of(&kind, o)),
        media: object.and_then(media_of),
        context_wamid: m.get("context").and_then(|c| text(c, "id")),
        error: list(m, "errors").find_map(meta_error),
        reaction,
        profile_name,
        kind,
        from,
        wamid,
        raw: m.clone(),
    })
}

/// The text a bubble shows for a message of `kind` whose object is `o`.
fn body_of(kind: &str, o: &Value) -> Option<String> {
    let joined = |parts: Vec<Option<String>>| {
        let parts: Vec<String> = parts
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" — "))
    };
    match kind {
        "text" => text(o, "body"),
        "image" | "video" | "document" => text(o, "caption").or_else(|| text(o, "filename")),
        "location" => {
            let coordinates = match (decimal(o, "latitude"), decimal(o, "longitude")) {
                (Some(lat), Some(long)) => Some(format!("{lat}, {long}")),
                _ => None,
            };
            joined(vec![text(o, "name"), text(o, "address"), coordinates])
        }
        "contacts" => {
            let cards: Vec<String> = o
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| {
                    let name = c.get("name").and_then(|n| text(n, "formatted_name"));
                    let phones: Vec<String> =
                        list(c, "phones").filter_map(|p| text(p, "phone")).collect();
                    joined(vec![name, (!phones.is_empty()).then(|| phones.join(", "))])
                })
                .collect();
            (!cards.is_empty()).then(|| cards.join("\n"))
        }
        "interactive" => ["button_reply", "list_reply", "nfm_reply"]
            .iter()
            .find_map(|k| o.get(*k))
            .and_then(|r| text(r, "title").or_else(|| text(r, "body"))),
        "button" => text(o, "text").or_else(|| text(o, "payload")),
        "system" => text(o, "body"),
        "reaction" => text(o, "emoji"),
        _ => None,
    }
}

fn media_of(o: &Value) -> Option<Media> {
    Some(Media {
        id: text(o, "id")?,
        mime: text(o, "mime_type"),
        sha256: text(o, "sha256"),
        filename: text(o, "filename"),
    })
}

fn status_update(s: &Value, number: &str) -> Option<StatusUpdate> {
    Some(StatusUpdate {
        phone_number_id: number.to_owned(),
        wamid: text(s, "id")?,
        status: text(s, "status")?.chars().take(40).collect(),
        timestamp: number_of(s, "timestamp").unwrap_or(0),
        recipient: text(s, "recipient_id"),
        opaque: text(s, "biz_opaque_callback_data"),
        error: list(s, "errors").find_map(meta_error),
    })
}

/// Reads Meta's error shape (`code`, `title`/`message`, `error_data.details`).
pub fn meta_error(e: &Value) -> Option<MetaError> {
    Some(MetaError {
        code: number_of(e, "code")?,
        title: text(e, "title").or_else(|| text(e, "message")),
        details: e
            .get("error_data")
            .and_then(|d| text(d, "details"))
            .or_else(|| text(e, "details")),
    })
}

/// The items of array `key` of `v` (none when missing or not an array).
fn list<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// A string field (a number is accepted and written out).
fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A whole number given as a number or a string (`"1760011401"`).
fn number_of(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A coordinate given as a number or a string.
fn decimal(v: &Value, key: &str) -> Option<f64> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

#[cfg(test)]
#[path = "payload_tests.rs"]
mod tests;
