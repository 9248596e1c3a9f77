//! Property tests of the webhook parser and the signature check: a webhook-shaped
//! body yields exactly the messages and statuses it carries, whatever their values;
//! any other body is read or refused without panicking; a signature passes only
//! when it is the body's own.

use cekbae_adapter_whatsapp::payload::{self, Content, Event};
use cekbae_adapter_whatsapp::signature;
use proptest::prelude::*;
use serde_json::json;

/// A message's fields: (from, id, timestamp, text).
type Fields = (String, String, i64, String);

fn message_fields() -> impl Strategy<Value = Fields> {
    ("[0-9]{8,15}", "wamid\\.[A-Za-z0-9=]{1,40}", 0..4_000_000_000i64, any::<String>())
}

proptest! {
    #[test]
    fn a_webhook_yields_exactly_its_messages_and_statuses(
        messages in proptest::collection::vec(message_fields(), 0..4),
        statuses in proptest::collection::vec(("[A-Za-z0-9.=]{1,30}", "sent|delivered|read|failed", any::<i64>()), 0..3),
        phone_number_id in "[0-9]{6,16}",
    ) {
        let raw_messages: Vec<_> = messages
            .iter()
            .map(|(from, id, at, body)| json!({"from": from, "id": id, "timestamp": at.to_string(), "type": "text", "text": {"body": body}}))
            .collect();
        let raw_statuses: Vec<_> =
            statuses.iter().map(|(id, status, code)| json!({"id": id, "status": status, "errors": [{"code": code}]})).collect();
        let body = serde_json::to_vec(&json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
            "metadata": {"phone_number_id": phone_number_id}, "messages": raw_messages, "statuses": raw_statuses}}]}]}))
        .unwrap();
        let events = payload::events(&body).unwrap();
        prop_assert_eq!(events.len(), messages.len() + statuses.len());
        for (event, (from, id, at, text)) in events.iter().zip(&messages) {
            match event {
                Event::Message { phone_number_id: number, from: got_from, id: got_id, sent_at, content } => {
                    prop_assert_eq!(number.as_deref(), Some(phone_number_id.as_str()));
                    prop_assert_eq!(got_from, from);
                    prop_assert_eq!(got_id, id);
                    prop_assert_eq!(sent_at.map(|it| it.timestamp()), Some(*at));
                    prop_assert_eq!(content, &Content::Text(text.clone()));
                }
                other => prop_assert!(false, "expected a message, got {:?}", other),
            }
        }
        for (event, (id, status, code)) in events[messages.len()..].iter().zip(&statuses) {
            prop_assert_eq!(
                event,
                &Event::Status { phone_number_id: Some(phone_number_id.clone()), id: id.clone(), status: status.clone(), error_code: Some(*code) }
            );
        }
    }

    #[test]
    fn a_field_that_is_not_a_webhook_field_yields_nothing(field in "[a-z_]{0,12}", body in message_fields()) {
        prop_assume!(field != "messages");
        let (from, id, at, text) = body;
        let body = serde_json::to_vec(&json!({"entry": [{"changes": [{"field": field, "value": {
            "messages": [{"from": from, "id": id, "timestamp": at.to_string(), "type": "text", "text": {"body": text}}]}}]}]}))
        .unwrap();
        prop_assert!(payload::events(&body).unwrap().is_empty());
    }

    #[test]
    fn any_body_is_read_or_refused_without_panicking(body in prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        any::<String>().prop_map(String::into_bytes),
    ]) {
        // Not JSON, or a JSON scalar, is not a webhook; anything read came from JSON.
        let result = payload::events(&body);
        match serde_json::from_slice::<serde_json::Value>(&body) {
            Err(_) => prop_assert!(result.is_err()),
            Ok(value) if !(value.is_object() || value.is_array()) => prop_assert!(result.is_err(), "{}", value),
            Ok(_) => {}
        }
    }

    #[test]
    fn a_signature_passes_only_for_its_own_body_and_secret(
        body in proptest::collection::vec(any::<u8>(), 1..256),
        header in any::<String>(),
        flip in any::<proptest::sample::Index>(),
        bit in 0..8u8,
    ) {
        let good = signature::sign(b"secret", &body);
        prop_assert!(signature::verify(b"secret", &body, Some(&good)));
        prop_assert!(signature::well_formed(Some(&good)));
        prop_assert_eq!(signature::verify(b"secret", &body, Some(&header)), header == good);
        prop_assert!(!signature::verify(b"other secret", &body, Some(&good)));
        let mut changed = body.clone();
        changed[flip.index(body.len())] ^= 1 << bit;
        prop_assert!(!signature::verify(b"secret", &changed, Some(&good)), "one bit changed");
    }
}
