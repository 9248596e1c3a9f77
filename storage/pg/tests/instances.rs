//! What only a database server backend has: versioned schema migrations (a newer schema refused), the data
//! key checked at open, and a dead instance's claims (outbox, inbox, pending files) taken over by another
//! instance at once.

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use cekbae_bot::storage::{ErrorKind, Inbound, OutboxEntry, OutboxWrite, Sealer, TurnCommit, Vault};
use cekbae_bot::{Attachment, Incoming, Outgoing, Store, UserKey};
use cekbae_pg_store::scratch::{test_database_url, ScratchSchema};
use cekbae_pg_store::{latest_schema, Migrated, PgStore};

fn sealer(key: &[u8]) -> Arc<dyn Sealer> {
    Arc::new(Vault::from_key_material(key))
}

fn psql(schema: &ScratchSchema, sql: &str) -> String {
    let out = Command::new("psql").args([&schema.url(), "-Atqc", sql]).output().expect("psql runs");
    assert!(out.status.success(), "psql failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn migrations_are_versioned_and_a_newer_schema_is_refused() {
    let Some(url) = test_database_url("schema migrations") else { return };
    let schema = ScratchSchema::create(&url).unwrap();
    assert_eq!(PgStore::migrate(&schema.url()).unwrap(), Migrated { from: 0, to: latest_schema() });
    assert_eq!(PgStore::migrate(&schema.url()).unwrap(), Migrated { from: latest_schema(), to: latest_schema() });
    drop(PgStore::open(&schema.url(), sealer(b"k")).unwrap());
    psql(&schema, &format!("INSERT INTO schema_migrations (version) VALUES ({})", latest_schema() + 1));
    let err = PgStore::open(&schema.url(), sealer(b"k")).expect_err("a newer schema is refused");
    assert_eq!(err.kind(), ErrorKind::SchemaTooNew);
    let message = err.to_string();
    assert!(message.contains(&format!("version {}", latest_schema() + 1)), "{message}");
    assert!(message.contains("newer cekbae"), "{message}");
}

#[test]
fn another_data_key_is_refused() {
    let Some(url) = test_database_url("data key check") else { return };
    let schema = ScratchSchema::create(&url).unwrap();
    drop(PgStore::open(&schema.url(), sealer(b"kunci kantor")).unwrap());
    let err = PgStore::open(&schema.url(), sealer(b"kunci lain")).expect_err("another key is refused");
    assert_eq!(err.kind(), ErrorKind::WrongKey);
    assert!(PgStore::open(&schema.url(), sealer(b"kunci kantor")).is_ok(), "the right key still opens");
}

#[test]
fn a_dead_instances_claims_are_taken_over_at_once() {
    let Some(url) = test_database_url("claims of a dead instance") else { return };
    let schema = ScratchSchema::create(&url).unwrap();
    let first = PgStore::open(&schema.url(), sealer(b"k")).unwrap();
    let second = PgStore::open(&schema.url(), sealer(b"k")).unwrap();
    let user = UserKey::new("whatsapp", "628123");
    let entry =
        OutboxEntry { user: user.clone(), message_id: None, replies: vec![Outgoing::plain("halo")], at: Utc::now() };
    let tx = first.begin_turn(&user).unwrap();
    let outbox_id = tx
        .commit(TurnCommit { outbox: OutboxWrite::DeliverNow(entry), ..TurnCommit::nothing(Utc::now()) })
        .unwrap()
        .unwrap();
    let incoming = Incoming {
        user: user.clone(),
        message_id: Some("w1".into()),
        text: "halo".into(),
        choice: None,
        attachment: None,
    };
    let inbox_id = first.inbox().accept(&Inbound::Turn(incoming)).unwrap();
    let lease = Duration::from_secs(30);
    // A photo being fetched by the first instance.
    let media = Attachment {
        media_id: "m1".into(),
        mime_type: Some("image/jpeg".into()),
        declared_size: None,
        sha256: None,
        file_name: None,
    };
    let tx = first.begin_turn(&user).unwrap();
    let file_id = tx.files().expect("LWL-001", 1, &media, Utc::now()).unwrap();
    tx.commit(TurnCommit::nothing(Utc::now())).unwrap();
    assert_eq!(first.files().claim_pending(lease, 10, Utc::now()).unwrap().len(), 1);
    assert!(second.outbox().claim(lease, 10).unwrap().is_empty(), "a live instance's claim holds");
    assert!(second.inbox().claim(lease, 10).unwrap().is_empty(), "a live instance's claim holds");
    assert!(second.files().claim_pending(lease, 10, Utc::now()).unwrap().is_empty(), "a live instance's claim holds");
    second.files().release(file_id, Duration::ZERO, Utc::now()).unwrap();
    let attempts = psql(&schema, &format!("SELECT attempts FROM pending_files WHERE id = {file_id}"));
    assert_eq!(attempts, "0", "another instance cannot give back a claim it does not hold");

    // The first instance dies without letting go: its own connection ends as a killed process's would.
    let pid = psql(&schema, &format!("SELECT claimed_by FROM outbox WHERE id = {outbox_id}"));
    psql(&schema, &format!("SELECT pg_terminate_backend({pid})"));
    std::thread::sleep(Duration::from_millis(300));

    let outbox: Vec<u64> = second.outbox().claim(lease, 10).unwrap().into_iter().map(|it| it.0).collect();
    assert_eq!(outbox, vec![outbox_id], "taken over long before the lease ends");
    let inbox: Vec<u64> = second.inbox().claim(lease, 10).unwrap().into_iter().map(|it| it.0).collect();
    assert_eq!(inbox, vec![inbox_id]);
    let files: Vec<u64> =
        second.files().claim_pending(lease, 10, Utc::now()).unwrap().into_iter().map(|it| it.id).collect();
    assert_eq!(files, vec![file_id], "the download is resumed by the live instance");
    drop(first);
}

#[test]
fn a_lapsed_lease_is_taken_over() {
    let Some(url) = test_database_url("lapsed leases") else { return };
    let schema = ScratchSchema::create(&url).unwrap();
    let first = PgStore::open(&schema.url(), sealer(b"k")).unwrap();
    let second = PgStore::open(&schema.url(), sealer(b"k")).unwrap();
    let user = UserKey::new("telegram", "42");
    let entry =
        OutboxEntry { user: user.clone(), message_id: None, replies: vec![Outgoing::plain("a")], at: Utc::now() };
    let tx = first.begin_turn(&user).unwrap();
    tx.commit(TurnCommit { outbox: OutboxWrite::Queue(entry), ..TurnCommit::nothing(Utc::now()) }).unwrap();
    assert_eq!(first.outbox().claim(Duration::from_millis(200), 10).unwrap().len(), 1);
    assert!(second.outbox().claim(Duration::from_secs(30), 10).unwrap().is_empty(), "the lease holds");
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(second.outbox().claim(Duration::from_secs(30), 10).unwrap().len(), 1, "a lapsed lease is free");
}

#[test]
fn a_residents_earlier_messages_are_seen_waiting_from_any_instance() {
    let Some(url) = test_database_url("inbox order across instances") else { return };
    let schema = ScratchSchema::create(&url).unwrap();
    let first = PgStore::open(&schema.url(), sealer(b"k")).unwrap();
    let second = PgStore::open(&schema.url(), sealer(b"k")).unwrap();
    let user = UserKey::new("whatsapp", "628777");
    let other = UserKey::new("whatsapp", "628999");
    let message = |user: &UserKey, id: &str| {
        Inbound::Turn(Incoming {
            user: user.clone(),
            message_id: Some(id.into()),
            text: id.into(),
            choice: None,
            attachment: None,
        })
    };
    let m1 = first.inbox().accept(&message(&user, "m1")).unwrap();
    let _elsewhere = first.inbox().accept(&message(&other, "x1")).unwrap();
    let m2 = second.inbox().accept(&message(&user, "m2")).unwrap();
    let m3 = first.inbox().accept(&message(&user, "m3")).unwrap();
    assert!(m1 < m2 && m2 < m3, "ids in arrival order");
    let waiting: Vec<u64> = second.inbox().waiting_before(&user, m3).unwrap().into_iter().map(|it| it.0).collect();
    assert_eq!(waiting, vec![m1, m2], "both instances' earlier messages of that resident, oldest first");
    first.inbox().complete(m1).unwrap();
    let waiting: Vec<u64> = first.inbox().waiting_before(&user, m2).unwrap().into_iter().map(|it| it.0).collect();
    assert!(waiting.is_empty(), "a message whose turn is stored is not run again");
}
