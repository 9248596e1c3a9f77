//! Opening a data directory.

use cekbae_bot::storage::{ErrorKind, LoadedSession, Sealer, Sequence, Vault};

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

/// A rotation: seals with the new vault, opens with the new or the old one.
struct Rotating(Vault, Vault);

impl Sealer for Rotating {
    fn seal(&self, plain: &[u8]) -> Vec<u8> {
        self.0.seal(plain)
    }
    fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        self.0.open(sealed).or_else(|| self.1.open(sealed))
    }
}

#[test]
fn a_key_that_does_not_open_the_data_is_refused_and_a_rotation_moves_the_check_to_the_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let vault = |material: &[u8]| Vault::from_key_material(material);
    let reopen = |sealer: Arc<dyn Sealer>| SledStore::open(dir.path()).unwrap().sealed_with(sealer);
    reopen(Arc::new(vault(b"first"))).unwrap();
    let Err(err) = reopen(Arc::new(vault(b"second"))) else { panic!("another key must be refused") };
    assert_eq!(err.kind(), ErrorKind::WrongKey, "{err}");
    // Rotating: the new key, reading the old one, opens the check, which is then sealed with the new key.
    reopen(Arc::new(Rotating(vault(b"second"), vault(b"first")))).unwrap();
    reopen(Arc::new(vault(b"second"))).unwrap();
    let Err(err) = reopen(Arc::new(vault(b"first"))) else { panic!("the old key alone no longer opens it") };
    assert_eq!(err.kind(), ErrorKind::WrongKey);
    // A directory that never had a check (older versions) takes the first key it is opened with.
    let fresh = tempfile::tempdir().unwrap();
    assert!(SledStore::open(fresh.path()).unwrap().sealed_with(Arc::new(vault(b"any"))).is_ok());
}

#[test]
fn ids_reserved_in_blocks_never_repeat_after_the_process_stops() {
    let dir = tempfile::tempdir().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..3 {
        let store = SledStore::open(dir.path()).unwrap();
        for _ in 0..5 {
            let id = store.next_in(sequences::OUTBOX).unwrap();
            assert!(seen.iter().all(|it| *it < id), "{id} after {seen:?}");
            seen.insert(id);
        }
        // Stopped with most of its block unused.
        drop(store);
    }
    assert_eq!(seen.len(), 15);
}

/// The names of the trees in a data directory.
fn tree_names(store: &SledStore) -> Vec<String> {
    store.inner.db.tree_names().iter().map(|it| String::from_utf8_lossy(it).into_owned()).collect()
}

#[test]
fn a_turn_writes_its_session_processed_id_statistics_and_replies_in_the_turn_tree_only() {
    use cekbae_bot::stats::ConversationStats;
    use cekbae_bot::storage::{OutboxEntry, OutboxWrite, SessionWrite, TurnCommit};

    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let user = UserKey::new("test", "6281");
    let now = chrono::Utc::now();
    let tx = store.begin_turn(&user).unwrap();
    let LoadedSession::Missing = tx.session().unwrap() else { panic!("a new resident") };
    let record = cekbae_bot::session::SessionRecord {
        schema: cekbae_bot::session::SESSION_SCHEMA,
        dialogue_version: 1,
        state: serde_json::Value::Null,
        history: Vec::new(),
        options: Vec::new(),
        meta: cekbae_bot::session::SessionMeta::fresh("id", now),
    };
    let stats = ConversationStats {
        channel: "test".into(),
        resident: "p".into(),
        started_at: now,
        updated_at: now,
        states: vec!["menu".into()],
        facts: Default::default(),
    };
    let entry = OutboxEntry { user: user.clone(), message_id: None, replies: Vec::new(), at: now };
    let outbox = tx
        .commit(TurnCommit {
            session: SessionWrite::Put(Box::new(record)),
            message_id: Some("m1".into()),
            stats: Some((7, stats)),
            outbox: OutboxWrite::Queue(entry),
            now,
        })
        .unwrap()
        .expect("an outbox id");
    for name in ["seen_messages", "outbox", "conversations"] {
        assert!(!tree_names(&store).contains(&name.to_owned()), "{name} is no tree of its own any more");
    }
    let turns = &store.trees().turns;
    assert_eq!(turns.len(), 3, "the record (session and processed id), statistics, reply");
    assert_eq!(store.sessions().users().unwrap(), vec![user.clone()], "the parts are not residents");
    assert_eq!(store.statistics().all().unwrap().len(), 1);
    assert_eq!(store.outbox().pending().unwrap()[0].0, outbox);
    // The same message again: nothing is written.
    let tx = store.begin_turn(&user).unwrap();
    assert!(tx.is_seen("m1").unwrap());
    let again = tx.commit(TurnCommit { message_id: Some("m1".into()), ..TurnCommit::nothing(now) });
    assert_eq!(again.unwrap_err().kind(), ErrorKind::Conflict);
    assert_eq!(turns.len(), 3);
}

#[test]
fn records_an_older_version_kept_in_trees_of_their_own_are_moved_once_and_the_trees_dropped() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = open_db(dir.path()).unwrap();
        let seen = db.open_tree("seen_messages").unwrap();
        seen.insert("whatsapp:wamid.A", &5i64.to_be_bytes()).unwrap();
        seen.insert("whatsapp:wamid.B", &6i64.to_be_bytes()).unwrap();
        // One record in both places (as a copy interrupted between its two writes would leave): kept once.
        db.open_tree("sessions").unwrap().insert(b"\xFFmwhatsapp:wamid.A", &5i64.to_be_bytes()).unwrap();
        db.open_tree("conversations").unwrap().insert(3u64.to_be_bytes(), b"{}".as_slice()).unwrap();
        db.flush().unwrap();
    }
    let store = SledStore::open(dir.path()).unwrap();
    for name in ["seen_messages", "conversations"] {
        assert!(!tree_names(&store).contains(&name.to_owned()), "{name} dropped after the move");
    }
    let tx = store.begin_turn(&UserKey::new("whatsapp", "1")).unwrap();
    assert!(tx.is_seen("wamid.A").unwrap() && tx.is_seen("wamid.B").unwrap());
    drop(tx);
    assert_eq!(store.trees().conversations().iter().count(), 1);
    assert!(store.sessions().users().unwrap().is_empty());
}
