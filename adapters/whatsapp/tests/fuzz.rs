//! Property tests of the webhook parser and the signature check: any body,
//! any header, no panic.

use cekbae_adapter_whatsapp::{payload, signature};
use proptest::prelude::*;

fn json_like() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        any::<String>().prop_map(String::into_bytes),
        // Webhook-shaped JSON with arbitrary values where strings belong.
        (any::<String>(), any::<String>(), any::<i64>(), "[a-z_]{0,12}").prop_map(|(from, body, n, kind)| {
            serde_json::to_vec(&serde_json::json!({"entry": [{"changes": [{"field": "messages", "value": {
                "metadata": {"phone_number_id": n.to_string()},
                "messages": [{"from": from, "id": n, "type": kind, "text": {"body": body}}],
                "statuses": [{"id": body, "status": kind, "errors": [{"code": n}]}]}}]}]}))
            .unwrap()
        }),
    ]
}

proptest! {
    #[test]
    fn any_body_is_read_or_refused_without_panicking(body in json_like()) {
        let _ = payload::events(&body);
    }

    #[test]
    fn any_signature_header_is_checked_without_panicking(body in proptest::collection::vec(any::<u8>(), 0..256), header in any::<String>()) {
        prop_assert!(!signature::verify(b"secret", &body, Some(&header)) || header == signature::sign(b"secret", &body));
        let good = signature::sign(b"secret", &body);
        prop_assert!(signature::verify(b"secret", &body, Some(&good)));
    }
}
