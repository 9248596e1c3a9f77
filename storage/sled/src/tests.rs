//! Opening a data directory.

use cekbae_bot::storage::{ErrorKind, Sequence};

use super::*;

#[test]
fn opening_waits_briefly_for_a_store_being_closed_and_refuses_one_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let first = SledStore::open(dir.path()).unwrap();
    // Still in use: refused after the short wait.
    let started = Instant::now();
    let Err(err) = SledStore::open(dir.path()) else { panic!("the directory is in use") };
    assert_eq!(err.kind(), ErrorKind::InUse, "{err}");
    assert!(started.elapsed() >= LOCK_WAIT);
    // Closed a moment later (as when a server stops in the same process): the open goes through.
    let closer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        drop(first);
    });
    let second = SledStore::open(dir.path());
    closer.join().unwrap();
    assert!(second.is_ok(), "{:?}", second.err());
}

#[test]
fn built_in_sequences_start_above_every_id_sled_generated_before_and_dialogue_ones_at_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let generated = store.inner.db.generate_id().unwrap();
    let user = UserKey::new("test", "1");
    let tx = store.begin_turn(&user).unwrap();
    assert!(tx.next_id(Sequence::Conversation).unwrap() > generated + 1);
    assert_eq!(tx.next_id(Sequence::Dialogue("pengaduan")).unwrap(), 1);
    assert_eq!(tx.next_id(Sequence::Dialogue("pengaduan")).unwrap(), 2);
}
