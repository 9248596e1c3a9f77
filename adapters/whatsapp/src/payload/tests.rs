//! Every recorded payload in `tests/fixtures/whatsapp/` reads into the right events.

use super::*;

fn fixture(name: &str) -> Vec<Event> {
    let path = format!("{}/../../tests/fixtures/whatsapp/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    events(&bytes).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn only_content(name: &str) -> Content {
    match fixture(name).as_slice() {
        [Event::Message { content, from, phone_number_id, id, .. }] => {
            assert_eq!(from, "6281234567890", "{name}");
            assert_eq!(phone_number_id.as_deref(), Some("106540352242922"), "{name}");
            assert!(id.starts_with("wamid."), "{name}");
            content.clone()
        }
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn reads_text_and_choices() {
    assert_eq!(only_content("text"), Content::Text("KTP saya hilang".into()));
    assert_eq!(only_content("text_one_shot"), Content::Text("KTP 3201014502900003 HILANG".into()));
    assert_eq!(only_content("list_reply"), Content::Choice { id: "doc:ktp_el".into(), title: "KTP-el".into() });
    assert_eq!(only_content("button_reply"), Content::Choice { id: "confirm:yes".into(), title: "Ya".into() });
    assert_eq!(only_content("template_button"), Content::Choice { id: "cmd:menu".into(), title: "Menu utama".into() });
}

#[test]
fn names_every_other_message_type() {
    for (name, kind) in [
        ("audio_voice", "audio"),
        ("sticker", "sticker"),
        ("location", "location"),
        ("video", "video"),
        ("contacts", "contacts"),
        ("unsupported", "unsupported"),
    ] {
        assert_eq!(only_content(name), Content::Other(kind.into()), "{name}");
    }
}

#[test]
fn reactions_system_notices_deletions_and_edits_are_quiet() {
    for (name, kind) in [
        ("reaction", "reaction"),
        ("reaction_removed", "reaction"),
        ("system_identity", "system"),
        ("revoke", "revoke"),
    ] {
        assert_eq!(only_content(name), Content::Quiet(kind.into()), "{name}");
    }
}

#[test]
fn a_changed_number_names_the_new_one() {
    assert_eq!(only_content("system_changed_number"), Content::NumberChanged { new: "6281299990000".into() });
}

#[test]
fn an_edited_text_names_the_message_it_edits() {
    let original = "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBBOTA0M0ZGRTQ2OTgwM0Y3QTcA".to_owned();
    assert_eq!(only_content("edit"), Content::Edit { original, text: "KTP saya rusak".into() });
}

#[test]
fn a_resident_known_by_user_id_is_keyed_by_it_with_or_without_a_number() {
    for name in ["text_user_id_only", "text_user_id_and_number"] {
        match fixture(name).as_slice() {
            [Event::Message { from, content: Content::Text(_), .. }] => assert_eq!(from, "ID.1234567890123", "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn an_album_is_several_messages_in_one_delivery() {
    let events = fixture("album");
    assert_eq!(events.len(), 3);
    assert!(events.iter().all(|e| matches!(e, Event::Message { content: Content::File { attachment, caption }, .. }
        if attachment.media_id == "2754859441498128" && caption.is_empty())));
}

fn file(name: &str) -> (Attachment, String) {
    match only_content(name) {
        Content::File { attachment, caption } => (attachment, caption),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn reads_photos_and_documents_with_their_media_id_type_checksum_and_caption() {
    let (photo, caption) = file("image");
    assert_eq!(caption, "Jalan rusak di RT 03");
    assert_eq!(
        photo,
        Attachment {
            media_id: "2754859441498128".into(),
            mime_type: Some("image/jpeg".into()),
            declared_size: None,
            sha256: Some("f6739253944be21d08bdbcf1b549ccb4ca2b5bef9d126018f8bf81f5f4b56e84".into()),
            file_name: None,
        }
    );
    let (pdf, caption) = file("document");
    assert_eq!(caption, "Surat pengantar RT");
    assert_eq!(pdf.media_id, "1187402915563328");
    assert_eq!(pdf.mime_type.as_deref(), Some("application/pdf"));
    assert_eq!(pdf.file_name.as_deref(), Some("surat_pengantar_rt03.pdf"));
    let (png, caption) = file("image_no_caption");
    assert_eq!((png.mime_type.as_deref(), caption.as_str()), (Some("image/png"), ""));
    assert_eq!(png.sha256.as_deref(), Some("Vx1p8kO7b5rj2kz9J0uXQeQ8nWm3r2cHqkX2tY5n0Lk="), "base64 kept as declared");
    let (photo_as_file, caption) = file("document_photo");
    assert_eq!(photo_as_file.mime_type.as_deref(), Some("image/jpeg"));
    assert_eq!(photo_as_file.file_name.as_deref(), Some("IMG_20261130_081502.jpg"));
    assert!(caption.is_empty());
}

#[test]
fn a_photo_without_a_media_id_is_read_as_a_message_that_is_not_text() {
    let body = br#"{"entry":[{"changes":[{"field":"messages","value":{"messages":[
        {"from":"6281234567890","id":"wamid.x","type":"image","image":{"mime_type":"image/jpeg"}},
        {"from":"6281234567890","id":"wamid.y","type":"document"}]}}]}]}"#;
    let kinds: Vec<Content> = events(body)
        .unwrap()
        .into_iter()
        .map(|e| match e {
            Event::Message { content, .. } => content,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, vec![Content::Other("image".into()), Content::Other("document".into())]);
}

#[test]
fn reads_statuses_and_account_errors() {
    for status in ["sent", "delivered", "read"] {
        match fixture(&format!("status_{status}")).as_slice() {
            [Event::Status { status: got, error_code: None, .. }] => assert_eq!(got, status),
            other => panic!("{status}: {other:?}"),
        }
    }
    assert!(matches!(
        fixture("status_failed").as_slice(),
        [Event::Status { status, error_code: Some(131047), .. }] if status == "failed"
    ));
    assert!(matches!(fixture("account_error").as_slice(), [Event::AccountError { code: Some(130429), .. }]));
}

#[test]
fn reads_a_batch_in_order_with_its_statuses() {
    let events = fixture("batch");
    let texts: Vec<(String, String)> = events
        .iter()
        .filter_map(|e| match e {
            Event::Message { from, content: Content::Text(text), .. } => Some((from.clone(), text.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(texts.len(), 4);
    assert_eq!(texts[0], ("6281234567890".into(), "halo".into()));
    assert_eq!(texts[1], ("6281234567890".into(), "1".into()), "one resident's messages keep their order");
    assert_eq!(events.iter().filter(|e| matches!(e, Event::Status { .. })).count(), 2);
}

#[test]
fn keeps_the_business_number_of_each_message() {
    match fixture("other_phone_number").as_slice() {
        [Event::Message { phone_number_id, .. }] => assert_eq!(phone_number_id.as_deref(), Some("999999999999999")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_bodies_are_errors_and_bad_items_are_skipped() {
    assert!(events(b"not json").is_err());
    assert!(events(br#"{"entry": "wrong type"}"#).is_err());
    let deep = "[".repeat(10_000);
    assert!(events(deep.as_bytes()).is_err(), "deep nesting is refused, not a stack overflow");
    let body = br#"{"entry":[{"changes":[{"field":"messages","value":{"messages":[
        {"from": 62812, "id": "wamid.bad"},
        {"from":"6281234567890","id":"wamid.ok","type":"text","text":{"body":"halo"}}]}}]}]}"#;
    let got = events(body).unwrap();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(events(br#"{"object":"whatsapp_business_account","entry":[]}"#).unwrap().is_empty());
}

#[test]
fn reads_when_a_message_was_sent() {
    let sent_at = |body: &str| match events(body.as_bytes()).unwrap().as_slice() {
        [Event::Message { sent_at, .. }] => *sent_at,
        other => panic!("{other:?}"),
    };
    let message = |timestamp: &str| {
        format!(
            r#"{{"entry":[{{"changes":[{{"field":"messages","value":{{"messages":[{{"from":"62812","id":"wamid.t","timestamp":{timestamp},"type":"text","text":{{"body":"halo"}}}}]}}}}]}}]}}"#
        )
    };
    let expected = DateTime::from_timestamp(1_795_999_800, 0);
    assert_eq!(sent_at(&message("\"1795999800\"")), expected, "Meta's string form");
    assert_eq!(sent_at(&message("1795999800")), expected, "a number");
    assert_eq!(sent_at(&message("\"soon\"")), None, "unreadable: undated, still read");
    assert_eq!(sent_at(&message("null")), None);
    match fixture("text").as_slice() {
        [Event::Message { sent_at, .. }] => assert_eq!(*sent_at, DateTime::from_timestamp(1_795_999_801, 0)),
        other => panic!("{other:?}"),
    }
}
