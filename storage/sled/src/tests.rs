//! Opening a data directory.

use cekbae_bot::storage::{ErrorKind, Sealer, Sequence, Vault};

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
