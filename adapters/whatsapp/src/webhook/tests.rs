//! A photo or a document becomes a turn carrying its attachment when the dialogue takes files, and today's
//! "please type" notice when it does not.

use std::collections::BTreeSet;

use cekbae_bot::{Engine, EngineConfig, FixedClock, FtlSource, GlobalWords, Input, Locales, Reply, Transition, Turn};
use cekbae_sled_store::SledStore;

use super::*;

/// Says nothing; takes files when `0` says so.
struct Files(bool);

impl Dialogue for Files {
    type State = u32;
    const VERSION: u32 = 1;

    fn start(&self) -> u32 {
        0
    }
    fn welcome(&self, turn: &Turn<'_>, input: &Input) -> Transition<u32> {
        self.step(turn, 0, input)
    }
    fn step(&self, _turn: &Turn<'_>, state: u32, _input: &Input) -> Transition<u32> {
        Transition::to(state, vec![])
    }
    fn prompt(&self, _turn: &Turn<'_>, _state: &u32) -> Vec<Reply> {
        vec![]
    }
    fn help(&self, _turn: &Turn<'_>, _state: &u32) -> Vec<Reply> {
        vec![]
    }
    fn state_name(&self, _state: &u32) -> &'static str {
        "files"
    }
    fn slots(&self, _state: &u32) -> Vec<(&'static str, String)> {
        vec![]
    }
    fn message_ids(&self) -> BTreeSet<String> {
        BTreeSet::new()
    }
    fn accepts_files(&self) -> bool {
        self.0
    }
}

fn state(dir: &std::path::Path, accepts: bool) -> WebhookState<Files> {
    let source = FtlSource { locale: "id".into(), path: "t.ftl".into(), text: "x = x\n".into() };
    let locales = Arc::new(Locales::from_sources("id", vec![source]).unwrap());
    let store = Arc::new(SledStore::open(dir).unwrap());
    // The fixtures' day.
    let clock = Arc::new(FixedClock::new(chrono::DateTime::from_timestamp(1_796_000_000, 0).unwrap()));
    let engine = Engine::new(Files(accepts), locales, GlobalWords::builtin(), store, clock, EngineConfig::default());
    let config = WhatsAppConfig {
        verify_token: "v".into(),
        app_secret: "s".into(),
        access_token: "t".into(),
        phone_number_id: "106540352242922".into(),
        api_base: crate::config::DEFAULT_API_BASE.into(),
    };
    WebhookState { dispatcher: Dispatcher::new(Arc::new(engine), vec![]), config }
}

fn only(name: &str) -> Event {
    let path = format!("{}/../../tests/fixtures/whatsapp/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let mut events = payload::events(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(events.len(), 1);
    events.remove(0)
}

#[test]
fn a_file_is_a_turn_with_its_attachment_and_caption_when_the_dialogue_takes_files() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), true);
    match handle(&state, only("image")) {
        Some(Inbound::Turn(Incoming { user, text, attachment: Some(attachment), choice: None, message_id })) => {
            assert_eq!(user, UserKey::new(CHANNEL, "6281234567890"));
            assert_eq!(text, "Jalan rusak di RT 03", "the caption is the text");
            assert_eq!(attachment.media_id, "2754859441498128");
            assert!(message_id.is_some_and(|it| it.starts_with("wamid.")));
        }
        other => panic!("{other:?}"),
    }
    match handle(&state, only("document_photo")) {
        Some(Inbound::Turn(Incoming { text, attachment: Some(attachment), .. })) => {
            assert_eq!((text.as_str(), attachment.file_name.as_deref()), ("", Some("IMG_20261130_081502.jpg")));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(handle(&state, only("sticker")), Some(Inbound::Notice { .. })), "a sticker is no paper");
}

#[test]
fn a_file_gets_the_notice_when_the_dialogue_takes_none() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), false);
    for name in ["image", "document", "image_no_caption"] {
        match handle(&state, only(name)) {
            Some(Inbound::Notice { message, .. }) => assert_eq!(message, NON_TEXT, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}
