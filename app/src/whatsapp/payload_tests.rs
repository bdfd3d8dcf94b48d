use super::*;
use proptest::prelude::*;
use serde_json::json;

fn delivery(value: Value) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "messages", "value": value}]}]})
    .to_string()
    .into_bytes()
}

fn message(kind: &str, object: Value) -> Value {
    json!({"metadata": {"phone_number_id": "106"},
        "contacts": [{"profile": {"name": "Maria Souza"}, "wa_id": "5511987654321"}],
        "messages": [{"from": "5511987654321", "id": "wamid.A", "timestamp": "1760011200",
            "type": kind, kind: object}]})
}

fn only_message(body: &[u8]) -> Inbound {
    let parsed = parse(body);
    assert_eq!(parsed.skipped, 0);
    match parsed.items.as_slice() {
        [Item::Message(m)] => (**m).clone(),
        other => panic!("expected one message, got {other:?}"),
    }
}

#[test]
fn a_text_message_gives_its_sender_name_time_and_text() {
    let m = only_message(&delivery(message("text", json!({"body": "Olá, cotação"}))));
    assert_eq!(m.wamid, "wamid.A");
    assert_eq!(m.from, "5511987654321");
    assert_eq!(m.profile_name.as_deref(), Some("Maria Souza"));
    assert_eq!(m.timestamp, 1_760_011_200);
    assert_eq!(m.phone_number_id, "106");
    assert_eq!(m.body.as_deref(), Some("Olá, cotação"));
}

#[test]
fn every_documented_type_gives_a_bubble_text_or_its_media() {
    let cases = [
        (
            "image",
            json!({"caption": "Foto da CNH", "mime_type": "image/jpeg", "sha256": "x", "id": "M1"}),
            Some("Foto da CNH"),
            true,
        ),
        (
            "document",
            json!({"filename": "apolice.pdf", "mime_type": "application/pdf", "id": "M2"}),
            Some("apolice.pdf"),
            true,
        ),
        (
            "audio",
            json!({"mime_type": "audio/ogg; codecs=opus", "id": "M3", "voice": true}),
            None,
            true,
        ),
        (
            "video",
            json!({"caption": "Batida", "id": "M4"}),
            Some("Batida"),
            true,
        ),
        (
            "sticker",
            json!({"mime_type": "image/webp", "id": "M5", "animated": false}),
            None,
            true,
        ),
        (
            "location",
            json!({"latitude": -23.5, "longitude": "-46.6", "name": "Oficina"}),
            Some("Oficina — -23.5, -46.6"),
            false,
        ),
        (
            "contacts",
            json!([{"name": {"formatted_name": "João Souza"}, "phones": [{"phone": "+55 11 91234-5678"}]}]),
            Some("João Souza — +55 11 91234-5678"),
            false,
        ),
        (
            "interactive",
            json!({"type": "button_reply", "button_reply": {"id": "sim", "title": "Sim, quero renovar"}}),
            Some("Sim, quero renovar"),
            false,
        ),
        (
            "interactive",
            json!({"type": "list_reply", "list_reply": {"id": "r", "title": "Residencial"}}),
            Some("Residencial"),
            false,
        ),
        (
            "button",
            json!({"payload": "RENOVACAO_ACEITA", "text": "Quero renovar"}),
            Some("Quero renovar"),
            false,
        ),
        (
            "reaction",
            json!({"message_id": "wamid.OUT", "emoji": "👍"}),
            Some("👍"),
            false,
        ),
        ("unsupported", json!({"type": "edit"}), None, false),
        ("hologram", json!({"beam": 1}), None, false),
    ];
    for (kind, object, body, has_media) in cases {
        let m = only_message(&delivery(message(kind, object)));
        assert_eq!(m.kind, kind);
        assert_eq!(m.body.as_deref(), body, "{kind}");
        assert_eq!(m.media.is_some(), has_media, "{kind}");
        assert_eq!(m.raw["type"], kind, "the raw message is kept");
    }
}

#[test]
fn a_reaction_names_the_message_reacted_to_and_an_empty_emoji_when_removed() {
    let m = only_message(&delivery(message(
        "reaction",
        json!({"message_id": "wamid.OUT"}),
    )));
    assert_eq!(m.reaction, Some(("wamid.OUT".to_owned(), String::new())));
}

#[test]
fn a_system_message_without_contacts_is_kept_with_its_new_number() {
    let value = json!({"metadata": {"phone_number_id": "106"}, "messages": [{"id": "wamid.S",
        "timestamp": 1760011200, "type": "system",
        "system": {"body": "User changed number", "wa_id": "5511900000000", "type": "user_changed_number"}}]});
    let m = only_message(&delivery(value));
    assert_eq!(m.from, "5511900000000");
    assert_eq!(m.body.as_deref(), Some("User changed number"));
    assert_eq!(m.profile_name, None);
}

#[test]
fn an_unsupported_message_carries_metas_error() {
    let value = json!({"metadata": {"phone_number_id": "106"}, "messages": [{"from": "5511987654321",
        "id": "wamid.U", "timestamp": "1", "type": "unsupported",
        "errors": [{"code": 131051, "title": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."}}]}]});
    let m = only_message(&delivery(value));
    assert_eq!(m.error.as_ref().map(|e| e.code), Some(131_051));
    assert_eq!(
        m.error.and_then(|e| e.details).as_deref(),
        Some("Message type is currently not supported.")
    );
}

#[test]
fn every_entry_change_message_status_and_error_of_a_batch_is_read() {
    let body = json!({"entry": [
        {"changes": [
            {"field": "messages", "value": {"metadata": {"phone_number_id": "106"}, "messages": [
                {"from": "5511987654321", "id": "wamid.1", "timestamp": "1", "type": "text", "text": {"body": "a"}},
                {"from": "5511987654321", "id": "wamid.2", "timestamp": "2", "type": "text", "text": {"body": "b"}}]}},
            {"field": "messages", "value": {"metadata": {"phone_number_id": "106"}, "statuses": [
                {"id": "wamid.O", "status": "delivered", "timestamp": "3", "recipient_id": "5511987654321"},
                {"id": "wamid.O", "status": "failed", "timestamp": "4", "biz_opaque_callback_data": "u-1",
                 "errors": [{"code": 131047, "title": "Re-engagement message"}]}]}}]},
        {"changes": [
            {"field": "messages", "value": {"metadata": {"phone_number_id": "107"},
                "errors": [{"code": 130429, "title": "Rate limit hit"}]}},
            {"field": "message_template_status_update", "value": {"event": "PAUSED",
                "message_template_name": "renovacao_apolice", "message_template_language": "pt_BR"}}]}]})
    .to_string();
    let parsed = parse(body.as_bytes());
    assert_eq!(parsed.skipped, 0);
    assert_eq!(parsed.items.len(), 6);
    let Item::Status(failed) = &parsed.items[3] else {
        panic!("{:?}", parsed.items[3])
    };
    assert_eq!(failed.status, "failed");
    assert_eq!(failed.opaque.as_deref(), Some("u-1"));
    assert_eq!(failed.error.as_ref().map(|e| e.code), Some(131_047));
    assert!(
        matches!(&parsed.items[4], Item::Error { phone_number_id, error } if phone_number_id == "107" && error.code == 130_429)
    );
    assert_eq!(
        parsed.items[5],
        Item::TemplateStatus {
            name: "renovacao_apolice".into(),
            language: "pt_BR".into(),
            status: "PAUSED".into()
        }
    );
}

#[test]
fn a_reinstated_template_is_approved_again_and_a_quality_flag_changes_nothing() {
    let update = |event: &str| {
        json!({"entry": [{"changes": [{"field": "message_template_status_update", "value": {
            "event": event, "message_template_name": "t", "message_template_language": "pt_BR"}}]}]})
        .to_string()
    };
    let reinstated = parse(update("REINSTATED").as_bytes());
    assert!(
        matches!(&reinstated.items[..], [Item::TemplateStatus { status, .. }] if status == "APPROVED")
    );
    let flagged = parse(update("FLAGGED").as_bytes());
    assert!(flagged.items.is_empty());
}

#[test]
fn items_without_an_id_are_counted_as_skipped_and_the_rest_is_kept() {
    let value = json!({"metadata": {"phone_number_id": "106"},
        "messages": [{"from": "1", "type": "text"}, {"from": "5511987654321", "id": "wamid.K", "type": "text"}],
        "statuses": [{"status": "read"}]});
    let parsed = parse(&delivery(value));
    assert_eq!(parsed.skipped, 2);
    assert_eq!(parsed.items.len(), 1);
}

#[test]
fn not_json_or_not_a_delivery_gives_nothing() {
    assert_eq!(parse(b"not json").items, vec![]);
    assert_eq!(parse(b"[1,2]").items, vec![]);
    assert_eq!(parse(br#"{"entry": "x"}"#).items, vec![]);
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec![
            "id",
            "text",
            "messages",
            "1760011200",
            "image",
            "reaction",
            ""
        ])
        .prop_map(|s| Value::String(s.to_owned())),
        ".{0,12}".prop_map(Value::String),
    ];
    let keys = prop::sample::select(vec![
        "entry",
        "changes",
        "field",
        "value",
        "messages",
        "statuses",
        "errors",
        "contacts",
        "metadata",
        "phone_number_id",
        "id",
        "from",
        "type",
        "timestamp",
        "text",
        "body",
        "image",
        "location",
        "latitude",
        "reaction",
        "message_id",
        "emoji",
        "system",
        "wa_id",
        "profile",
        "name",
        "code",
        "error_data",
        "details",
        "status",
        "interactive",
        "button_reply",
        "title",
    ]);
    leaf.prop_recursive(6, 200, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_json_never_panics(value in any_json()) {
        let _ = parse(value.to_string().as_bytes());
        let _ = parse(&delivery(value.clone()));
        let _ = parse(&delivery(json!({"messages": [value.clone()], "statuses": [value.clone()], "errors": [value]})));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse(&bytes);
    }
}
