//! An office's existing data directory keeps working: records written by the version before the storage
//! seam (`fixtures/v1.json`, clear JSON in the same trees) are read through the store, new ids never
//! collide with old ones, and what the store writes from then on is sealed.

use std::path::Path;
use std::time::Duration;

use cekbae_bot::handover::{HandoverLine, Party};
use cekbae_bot::storage::{BookOutcome, BookingDetails, LoadedSession, Sequence, TurnCommit};
use cekbae_bot::{Store, UserKey};
use cekbae_sled_store::{raw, SledStore};
use serde_json::Value;

/// Writes every tree of the fixture into `dir` as the older version stored it.
fn write_fixture(dir: &Path) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1.json")).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    for (tree, entries) in fixture["trees"].as_object().unwrap() {
        let entries: Vec<(Vec<u8>, Vec<u8>)> =
            entries.as_array().unwrap().iter().map(|entry| (bytes(&entry["key"]), bytes(&entry["value"]))).collect();
        raw::write_tree(dir, tree, &entries).unwrap();
    }
}

/// The bytes a fixture value stands for.
fn bytes(value: &Value) -> Vec<u8> {
    let (kind, value) = value.as_object().unwrap().iter().next().unwrap();
    match kind.as_str() {
        "text" => value.as_str().unwrap().as_bytes().to_vec(),
        "json" => serde_json::to_vec(value).unwrap(),
        "id" => value.as_u64().unwrap().to_be_bytes().to_vec(),
        "i64" => value.as_i64().unwrap().to_be_bytes().to_vec(),
        "u32" => u32::try_from(value.as_u64().unwrap()).unwrap().to_be_bytes().to_vec(),
        "hex" => (0..value.as_str().unwrap().len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&value.as_str().unwrap()[i..i + 2], 16).unwrap())
            .collect(),
        other => panic!("unknown fixture value kind {other}"),
    }
}

#[test]
fn a_data_directory_written_before_the_seam_is_read_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let store = SledStore::open(dir.path()).unwrap();
    let resident = UserKey::new("whatsapp", "6281234567890");

    // The session, with the engine's metadata, and the processed message id.
    let tx = store.begin_turn(&resident).unwrap();
    let LoadedSession::Found(session) = tx.session().unwrap() else { panic!("the old session reads") };
    assert_eq!(session.state["step"], "nik");
    assert_eq!(session.meta.conversation, 42);
    assert_eq!(session.meta.recent, vec!["ktp hilang", "3"]);
    assert!(session.meta.locale_chosen);
    assert!(tx.is_seen("wamid.OLD1").unwrap());
    // The open handover, and a line added to it in a turn.
    let open = tx.handovers().open().unwrap().expect("the open handover");
    assert_eq!(open.id, 1_000_004);
    let line = HandoverLine { at: open.opened_at, from: Party::Resident, text: "masih menunggu".into() };
    tx.handovers().add_line(open.id, line).unwrap().unwrap();
    // New ids start above every id the old version generated.
    assert!(tx.next_id(Sequence::Conversation).unwrap() > 42);
    drop(tx);

    // The outbox entry waits for delivery; the inbox messages wait to be replayed, in order.
    let pending = store.outbox().claim(Duration::from_secs(30), 10).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].0, 1_000_005);
    assert_eq!(pending[0].1.replies[1].options[0].id, "doc:ktp_el");
    let inbox = store.inbox().claim(Duration::from_secs(30), 10).unwrap();
    assert_eq!(inbox.iter().map(|it| it.0).collect::<Vec<_>>(), vec![1_000_007, 1_000_008]);
    assert_eq!(inbox[0].1.message_id(), Some("wamid.OLD2"));

    // Statistics, the audit log, delivery statuses and the key material.
    let stats = store.statistics().all().unwrap();
    assert_eq!(stats[0].facts["document"], "ktp_el");
    assert_eq!(store.audit().all().unwrap()[0].who, "siti");
    assert_eq!(store.statuses().get("whatsapp", "wamid.SENT1").unwrap().unwrap().status, "read");
    assert_eq!(store.keys().data_key().unwrap()[..2], [0x6b, 0x8e]);
    assert_eq!(store.keys().pseudonym_salt().unwrap()[..2], [0x00, 0x11]);

    // The booking with its counts and indexes: a replayed request finds it, the day counts it, the resident
    // sees it, and the next ticket of the day follows it.
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let booking = store.bookings().get("LWL-20261130-001").unwrap().expect("the old booking reads");
    assert_eq!((booking.details.service.as_str(), booking.details.user.clone()), ("ktp_el", resident.clone()));
    assert_eq!(store.bookings().taken(monday).unwrap(), 1);
    let tx = store.begin_turn(&resident).unwrap();
    assert_eq!(tx.bookings().upcoming(monday).unwrap().len(), 1);
    let mut again = booking.details.clone();
    again.date = monday;
    let outcome = tx.bookings().book(again.clone(), 40, "LWL", open.opened_at).unwrap();
    assert_eq!(outcome, BookOutcome::Booked(booking.clone()), "the request booked once, before");
    let other = BookingDetails { request_id: "new-request".into(), ..again };
    let BookOutcome::Booked(next) = tx.bookings().book(other, 40, "LWL", open.opened_at).unwrap() else { panic!() };
    assert_eq!(next.ticket, "LWL-20261130-002");
    drop(tx);
    // Survey answers and the office's closures.
    let responses = store.surveys().all().unwrap();
    assert_eq!((responses[0].service.as_str(), responses[0].answers[1]), ("ktp_el", Some(3)));
    assert_eq!(responses[0].answers.len(), 9);
    let wednesday = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    assert_eq!(store.closures().get(wednesday).unwrap().unwrap().reason.as_deref(), Some("Rapat kerja"));

    // A new turn's outbox id comes after the old entry, so resends keep their order.
    let tx = store.begin_turn(&resident).unwrap();
    let entry = pending[0].1.clone();
    let id = tx.commit(TurnCommit {
        outbox: cekbae_bot::storage::OutboxWrite::Queue(entry),
        ..TurnCommit::nothing(open.opened_at)
    });
    assert!(id.unwrap().unwrap() > 1_000_005);
}

#[test]
fn what_the_store_writes_over_old_records_is_sealed() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    {
        let store = SledStore::open(dir.path()).unwrap();
        let resident = UserKey::new("whatsapp", "6281234567890");
        let tx = store.begin_turn(&resident).unwrap();
        let LoadedSession::Found(mut session) = tx.session().unwrap() else { panic!("the old session reads") };
        session.meta.recent.push("Cibeber".into());
        let commit = TurnCommit {
            session: cekbae_bot::storage::SessionWrite::Put(session),
            ..TurnCommit::nothing(chrono::Utc::now())
        };
        tx.commit(commit).unwrap();
        store.flush().unwrap();
    }
    let sessions = raw::read_sessions(dir.path()).unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(!sessions[0].1.starts_with(b"{"), "the session is no longer clear JSON");
    assert!(!sessions[0].1.windows(7).any(|w| w == b"Cibeber"));
}
