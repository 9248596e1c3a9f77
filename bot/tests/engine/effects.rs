//! A dialogue's own writes go through the turn: complaints numbered from a store sequence without a race,
//! one complaint for a message delivered twice, deleted with the resident's data (files included); a deletion
//! that fails is told as such, with nothing deleted; a changed number takes its files along.

use std::sync::Arc;

use cekbae_bot::storage::{
    Accounts, AuditEntry, AuditLog, Bookings, ChannelStatuses, Closures, DialogueRecord, ErrorKind, FileMeta, Files,
    Handovers, Inbox, Keys, LoadedSession, Outbox, PendingFile, Records, Sequence, Sessions, Statistics, StorageError,
    Surveys, TurnBookings, TurnCommit, TurnFiles, TurnHandovers, TurnRecords, TurnSurveys, TurnTx, WebSessions,
};
use cekbae_bot::{Attachment, FixedClock, Incoming, Store, UserKey};
use cekbae_sled_store::SledStore;
use chrono::{DateTime, Utc};

use super::{engine_at, engine_on, now, say, texts, user, COMPLAINTS};

fn message(user: &UserKey, id: &str, text: &str) -> Incoming {
    Incoming { user: user.clone(), message_id: Some(id.into()), text: text.into(), choice: None, attachment: None }
}

fn complaint_keys(store: &dyn Store) -> Vec<String> {
    store.records().all(COMPLAINTS).unwrap().into_iter().map(|it| it.key).collect()
}

#[test]
fn a_description_delivered_twice_records_one_complaint() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    let warga = user();
    engine.handle(&message(&warga, "wamid.1", "halo")).unwrap();
    engine.handle(&message(&warga, "wamid.2", "2")).unwrap();
    let first = engine.handle(&message(&warga, "wamid.3", "Toilet kantor rusak sejak minggu lalu")).unwrap();
    assert_eq!(first.slots, vec![("reference".to_owned(), "ADU-0001".to_owned())]);
    // The channel delivers the same message again (e.g. after a timeout): nothing is recorded twice.
    let again = engine.handle(&message(&warga, "wamid.3", "Toilet kantor rusak sejak minggu lalu")).unwrap();
    assert!(again.duplicate);
    assert_eq!(complaint_keys(&**engine.store()), vec!["ADU-0001"]);
    let stored = &engine.store().records().all(COMPLAINTS).unwrap()[0];
    assert_eq!(stored.owner, warga);
    assert_eq!(stored.value["text"], "Toilet kantor rusak sejak minggu lalu");
    assert_eq!(stored.value["topic"], "fasilitas");
}

#[test]
fn complaints_of_many_residents_at_once_get_distinct_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(engine_at(dir.path(), Arc::new(FixedClock::new(now()))));
    let residents: Vec<UserKey> = (0..40).map(|n| UserKey::new("test", format!("6281{n:04}"))).collect();
    for resident in &residents {
        engine.handle(&Incoming::text(resident.clone(), "halo")).unwrap();
        engine.handle(&Incoming::text(resident.clone(), "1")).unwrap();
    }
    let threads: Vec<_> = residents
        .iter()
        .cloned()
        .map(|resident| {
            let engine = Arc::clone(&engine);
            std::thread::spawn(move || {
                engine.handle(&Incoming::text(resident, "Antrian terlalu lama hari ini")).unwrap()
            })
        })
        .collect();
    let mut references: Vec<String> = threads
        .into_iter()
        .map(|it| it.join().unwrap().slots.into_iter().find(|(k, _)| k == "reference").unwrap().1)
        .collect();
    references.sort();
    let expected: Vec<String> = (1..=40).map(|n| format!("ADU-{n:04}")).collect();
    assert_eq!(references, expected, "forty complaints, forty numbers, none twice");
    assert_eq!(complaint_keys(&**engine.store()), expected);
}

#[test]
fn hapus_data_saya_deletes_the_residents_complaints_with_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    let other = UserKey::new("test", "lain");
    for resident in [user(), other.clone()] {
        engine.handle(&Incoming::text(resident.clone(), "halo")).unwrap();
        engine.handle(&Incoming::text(resident.clone(), "3")).unwrap();
        engine.handle(&Incoming::text(resident, "Petugas loket kurang ramah")).unwrap();
    }
    assert!(texts(&say(&engine, "hapus data saya")).contains("Lanjutkan?"));
    let done = say(&engine, "ya");
    assert!(texts(&done).contains("sudah dihapus"), "{}", texts(&done));
    let left = engine.store().records().all(COMPLAINTS).unwrap();
    assert_eq!(left.iter().map(|it| &it.owner).collect::<Vec<_>>(), vec![&other], "only the other's complaint stays");
    let session = engine.store().begin_turn(&user()).unwrap().session().unwrap();
    assert!(matches!(session, LoadedSession::Missing), "the session went too");
}

/// Files as a channel and the fetching loop leave them: one stored under `subject`, one still pending.
/// (stored id, pending id).
fn send_files(store: &dyn Store, resident: &UserKey, subject: &str) -> (u64, u64) {
    let photo = |media_id: &str| Attachment {
        media_id: media_id.into(),
        mime_type: Some("image/jpeg".into()),
        declared_size: None,
        sha256: None,
        file_name: None,
    };
    let tx = store.begin_turn(resident).unwrap();
    let stored = tx.files().expect(subject, 1, &photo("m-stored"), now()).unwrap();
    let pending = tx.files().expect(subject, 2, &photo("m-pending"), now()).unwrap();
    tx.files().store(stored, "image/jpeg", b"\xFF\xD8\xFF\xE0 foto KTP").unwrap().unwrap();
    tx.commit(TurnCommit::nothing(now())).unwrap();
    (stored, pending)
}

/// Who each stored and pending file of `subject` belongs to, in id order.
fn owners(store: &dyn Store, subject: &str) -> (Vec<UserKey>, Vec<UserKey>) {
    let stored = store.files().of_subject(subject).unwrap().into_iter().map(|it| it.user).collect();
    let pending = store.files().pending_of_subject(subject).unwrap().into_iter().map(|it| it.user).collect();
    (stored, pending)
}

#[test]
fn hapus_data_saya_deletes_the_residents_files_stored_and_pending_with_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    let other = UserKey::new("test", "lain");
    let (stored, _) = send_files(&**engine.store(), &user(), "T-1");
    send_files(&**engine.store(), &other, "T-2");
    say(&engine, "halo");
    assert!(texts(&say(&engine, "hapus data saya")).contains("Lanjutkan?"));
    assert_eq!(owners(&**engine.store(), "T-1"), (vec![user()], vec![user()]), "asking deletes nothing yet");
    let done = say(&engine, "ya");
    assert!(texts(&done).contains("sudah dihapus"), "{}", texts(&done));
    assert_eq!(owners(&**engine.store(), "T-1"), (vec![], vec![]), "stored and pending files went");
    assert!(engine.store().files().content(stored).unwrap().is_none());
    assert!(
        engine
            .store()
            .files()
            .claim_pending(std::time::Duration::from_secs(30), 10, now())
            .unwrap()
            .iter()
            .all(|it| it.user == other),
        "nothing of theirs is fetched any more"
    );
    assert_eq!(owners(&**engine.store(), "T-2"), (vec![other.clone()], vec![other]), "the other resident's stay");
}

#[test]
fn a_deletion_the_store_cannot_do_is_told_and_deletes_nothing() {
    for part in [Part::Records, Part::Files] {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(FixedClock::new(now()));
        let store: Arc<dyn Store> = Arc::new(CannotDelete(SledStore::open(dir.path()).unwrap(), part));
        let engine = engine_on(Arc::clone(&store), clock);
        let (stored, pending) = send_files(&*store, &user(), "T-1");
        say(&engine, "halo");
        say(&engine, "3");
        say(&engine, "Petugas loket kurang ramah");
        say(&engine, "hapus data saya");
        let failed = say(&engine, "ya");
        let text = texts(&failed);
        assert!(text.contains("belum bisa dihapus"), "{part:?}: {text}");
        assert!(!text.contains("sudah dihapus"), "{part:?}: never told it was deleted: {text}");
        assert_eq!(failed.state, "recorded", "{part:?}: the conversation stays where it was");
        assert_eq!(complaint_keys(&*store), vec!["ADU-0001"], "{part:?}: nothing was deleted");
        assert!(store.files().content(stored).unwrap().is_some(), "{part:?}: the stored file stays");
        assert_eq!(store.files().pending_of_subject("T-1").unwrap()[0].id, pending, "{part:?}: and the pending one");
        // Not asked again: the next "ya" is an ordinary message.
        let next = say(&engine, "ya");
        assert!(!texts(&next).contains("dihapus"), "{part:?}: {}", texts(&next));
    }
}

#[test]
fn a_changed_number_takes_its_files_along() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), Arc::new(FixedClock::new(now())));
    let new = UserKey::new("test", "nomor-baru");
    let (stored, pending) = send_files(&**engine.store(), &user(), "T-1");
    say(&engine, "halo");
    engine.move_resident(&user(), &new).unwrap();
    assert_eq!(owners(&**engine.store(), "T-1"), (vec![new.clone()], vec![new.clone()]));
    assert_eq!(engine.store().files().content(stored).unwrap().unwrap().1, b"\xFF\xD8\xFF\xE0 foto KTP");
    // The files are the new number's own now: its deletion takes them, the old number's has none.
    let old_turn = engine.store().begin_turn(&user()).unwrap();
    assert_eq!(old_turn.files().forget_mine().unwrap(), 0);
    drop(old_turn);
    let new_turn = engine.store().begin_turn(&new).unwrap();
    assert_eq!(new_turn.files().pending_of_subject("T-1").unwrap()[0].id, pending);
    assert_eq!(new_turn.files().forget_mine().unwrap(), 2);
}

/// Which deletion fails in [`CannotDelete`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The dialogue's records.
    Records,
    /// The resident's files.
    Files,
}

/// The sled store, except that deleting one part of a resident's data fails (a disk error, a lost database
/// connection): everything else is real.
struct CannotDelete(SledStore, Part);

struct FailingTurn<'a>(Box<dyn TurnTx + 'a>, Part);

impl FailingTurn<'_> {
    fn fails(&self, part: Part) -> Result<(), StorageError> {
        match self.1 == part {
            true => Err(StorageError::new(ErrorKind::Unavailable, "disk I/O error")),
            false => Ok(()),
        }
    }
}

impl Store for CannotDelete {
    fn begin_turn(&self, user: &UserKey) -> Result<Box<dyn TurnTx + '_>, StorageError> {
        Ok(Box::new(FailingTurn(self.0.begin_turn(user)?, self.1)))
    }
    fn files(&self) -> &dyn Files {
        self.0.files()
    }
    fn sessions(&self) -> &dyn Sessions {
        self.0.sessions()
    }
    fn outbox(&self) -> &dyn Outbox {
        self.0.outbox()
    }
    fn inbox(&self) -> &dyn Inbox {
        self.0.inbox()
    }
    fn handovers(&self) -> &dyn Handovers {
        self.0.handovers()
    }
    fn statistics(&self) -> &dyn Statistics {
        self.0.statistics()
    }
    fn records(&self) -> &dyn Records {
        self.0.records()
    }
    fn bookings(&self) -> &dyn Bookings {
        self.0.bookings()
    }
    fn surveys(&self) -> &dyn Surveys {
        self.0.surveys()
    }
    fn closures(&self) -> &dyn Closures {
        self.0.closures()
    }
    fn audit(&self) -> &dyn AuditLog {
        self.0.audit()
    }
    fn statuses(&self) -> &dyn ChannelStatuses {
        self.0.statuses()
    }
    fn keys(&self) -> &dyn Keys {
        self.0.keys()
    }
    fn accounts(&self) -> &dyn Accounts {
        self.0.accounts()
    }
    fn web_sessions(&self) -> &dyn WebSessions {
        self.0.web_sessions()
    }
    fn flush(&self) -> Result<(), StorageError> {
        self.0.flush()
    }
}

impl TurnTx for FailingTurn<'_> {
    fn user(&self) -> &UserKey {
        self.0.user()
    }
    fn session(&self) -> Result<LoadedSession, StorageError> {
        self.0.session()
    }
    fn is_seen(&self, message_id: &str) -> Result<bool, StorageError> {
        self.0.is_seen(message_id)
    }
    fn next_id(&self, sequence: Sequence<'_>) -> Result<u64, StorageError> {
        self.0.next_id(sequence)
    }
    fn handovers(&self) -> &dyn TurnHandovers {
        self.0.handovers()
    }
    fn records(&self) -> &dyn TurnRecords {
        self
    }
    fn bookings(&self) -> &dyn TurnBookings {
        self.0.bookings()
    }
    fn surveys(&self) -> &dyn TurnSurveys {
        self.0.surveys()
    }
    fn files(&self) -> &dyn TurnFiles {
        self
    }
    fn audit(&self, entry: &AuditEntry) -> Result<(), StorageError> {
        self.0.audit(entry)
    }
    fn savepoint(&self) {
        self.0.savepoint();
    }
    fn rollback_to_savepoint(&self) {
        self.0.rollback_to_savepoint();
    }
    fn commit(self: Box<Self>, commit: TurnCommit) -> Result<Option<u64>, StorageError> {
        self.0.commit(commit)
    }
}

impl TurnRecords for FailingTurn<'_> {
    fn get(&self, kind: &str, key: &str) -> Result<Option<DialogueRecord>, StorageError> {
        self.0.records().get(kind, key)
    }
    fn put(&self, kind: &str, key: &str, at: DateTime<Utc>, value: serde_json::Value) -> Result<(), StorageError> {
        self.0.records().put(kind, key, at, value)
    }
    fn forget_mine(&self, kind: &str) -> Result<usize, StorageError> {
        self.fails(Part::Records)?;
        self.0.records().forget_mine(kind)
    }
}

impl TurnFiles for FailingTurn<'_> {
    fn expect(&self, subject: &str, slot: u32, media: &Attachment, now: DateTime<Utc>) -> Result<u64, StorageError> {
        self.0.files().expect(subject, slot, media, now)
    }
    fn store(&self, pending: u64, mime_type: &str, content: &[u8]) -> Result<Option<FileMeta>, StorageError> {
        self.0.files().store(pending, mime_type, content)
    }
    fn drop_pending(&self, pending: u64) -> Result<bool, StorageError> {
        self.0.files().drop_pending(pending)
    }
    fn of_subject(&self, subject: &str) -> Result<Vec<FileMeta>, StorageError> {
        self.0.files().of_subject(subject)
    }
    fn pending_of_subject(&self, subject: &str) -> Result<Vec<PendingFile>, StorageError> {
        self.0.files().pending_of_subject(subject)
    }
    fn move_to_slot(&self, file: u64, slot: u32) -> Result<bool, StorageError> {
        self.0.files().move_to_slot(file, slot)
    }
    fn forget_mine(&self) -> Result<usize, StorageError> {
        self.fails(Part::Files)?;
        self.0.files().forget_mine()
    }
    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError> {
        self.0.files().take_over(previous)
    }
}
