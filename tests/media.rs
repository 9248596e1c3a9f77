//! `cekbae serve` fetches the files residents send with each channel's media source: a file a stopped server
//! left pending (its turn stored, the download never finished) is fetched from the fake Graph API at start,
//! once, with the business token, and handed to the dialogue, which leaves nothing pending; on Telegram the
//! same through `getFile` and the file URL of the fake Bot API.

use std::time::{Duration, Instant};

use cekbae::args::EngineArgs;
use cekbae::http::HttpLimits;
use cekbae::setup::build_engine;
use cekbae_bot::storage::TurnCommit;
use cekbae_bot::{Attachment, UserKey};

use crate::fake_graph::FakeGraph;
use crate::fake_telegram::{document_update, photo_file_update, FakeTelegram};
use crate::harness::serving;
use crate::whatsapp::{on_test_day, Server, RESIDENT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_a_stopped_server_left_pending_is_fetched_once_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE0];
    photo.extend([7u8; 5000]);
    graph.media.add("4242", photo, "image/jpeg");
    let args = serving(on_test_day(&data));
    leave_pending(&args, &UserKey::new("whatsapp", RESIDENT), "4242");
    let server = Server::start_on(args.clone(), &graph, None, HttpLimits::default()).await;
    let started = Instant::now();
    while graph.media.downloads("4242") == 0 {
        assert!(started.elapsed() < Duration::from_secs(10), "the file was never fetched");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Shutdown waits for the download in hand and what the dialogue does with it.
    server.stop().await;
    assert_eq!((graph.media.lookups("4242"), graph.media.downloads("4242")), (1, 1));
    assert!(graph.media.authorizations("4242").iter().all(|it| it == "Bearer access-token"));
    let engine = build_engine(&args, true).unwrap();
    assert!(engine.store().files().pending_of_subject("LWL-TEST").unwrap().is_empty(), "handled, not left pending");
}

/// Stores the turn that received file `media_id` from `user` (under ticket `LWL-TEST`), as a server that
/// stopped before downloading it left it.
fn leave_pending(args: &EngineArgs, user: &UserKey, media_id: &str) {
    let media = Attachment {
        media_id: media_id.into(),
        mime_type: Some("image/jpeg".into()),
        declared_size: None,
        sha256: None,
        file_name: None,
    };
    let engine = build_engine(args, true).unwrap();
    let now = engine.now();
    let tx = engine.store().begin_turn(user).unwrap();
    tx.files().expect("LWL-TEST", 1, &media, now).unwrap();
    tx.commit(TurnCommit::nothing(now)).unwrap();
    assert_eq!(engine.store().files().pending_of_subject("LWL-TEST").unwrap().len(), 1);
    engine.store().flush().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_telegram_a_pending_file_is_fetched_with_get_file_and_the_file_url_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let telegram = FakeTelegram::start().await;
    telegram.media.add("AgACAgQAAxk", b"%PDF-1.7\n%%EOF\n".to_vec(), "application/pdf");
    let args = serving(EngineArgs::at(
        data.clone(),
        Some(chrono::DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap()),
    ));
    leave_pending(&args, &UserKey::new("telegram", crate::telegram::CHAT.to_string()), "AgACAgQAAxk");
    let server = crate::telegram::Server::start(&data, &telegram, false).await;
    let started = Instant::now();
    while telegram.media.downloads("AgACAgQAAxk") == 0 {
        assert!(started.elapsed() < Duration::from_secs(10), "the file was never fetched");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.stop().await;
    assert_eq!((telegram.media.lookups("AgACAgQAAxk"), telegram.media.downloads("AgACAgQAAxk")), (1, 1));
    assert!(telegram.calls().iter().any(|it| it == "getfile"));
    let engine = build_engine(&args, true).unwrap();
    assert!(engine.store().files().pending_of_subject("LWL-TEST").unwrap().is_empty());
}

#[test]
fn the_fake_bot_apis_photo_and_document_updates_are_read_as_files() {
    use cekbae_adapter_telegram::updates::{read, Inbound};
    let update = |value: serde_json::Value| serde_json::from_str(&value.to_string()).unwrap();
    match read(&update(photo_file_update(1, 777, "AgACbig", 150_000, "KK lama"))) {
        Inbound::File { chat: 777, attachment, caption } => {
            assert_eq!((attachment.media_id.as_str(), caption.as_str()), ("AgACbig", "KK lama"), "the largest size");
            assert_eq!(attachment.declared_size, Some(150_000));
        }
        other => panic!("{other:?}"),
    }
    match read(&update(document_update(2, 777, "BQACpdf", "application/pdf", 52_000))) {
        Inbound::File { attachment, .. } => assert_eq!(attachment.mime_type.as_deref(), Some("application/pdf")),
        other => panic!("{other:?}"),
    }
}
