//! A dialogue's own writes go through the turn: complaints numbered from a store sequence without a race,
//! one complaint for a message delivered twice, deleted with the resident's data; and a deletion that fails
//! is told as such, with nothing deleted.

use std::sync::Arc;

use cekbae_bot::storage::{
    Accounts, AuditEntry, AuditLog, Bookings, ChannelStatuses, Closures, DialogueRecord, ErrorKind, Handovers, Inbox,
    Keys, LoadedSession, Outbox, Records, Sequence, Sessions, Statistics, StorageError, Surveys, TurnBookings,
    TurnCommit, TurnHandovers, TurnRecords, TurnSurveys, TurnTx, WebSessions,
};
use cekbae_bot::{FixedClock, Incoming, Store, UserKey};
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

#[test]
fn a_deletion_the_store_cannot_do_is_told_and_deletes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    let store: Arc<dyn Store> = Arc::new(RecordsCannotBeDeleted(SledStore::open(dir.path()).unwrap()));
    let engine = engine_on(Arc::clone(&store), clock);
    say(&engine, "halo");
    say(&engine, "3");
    say(&engine, "Petugas loket kurang ramah");
    say(&engine, "hapus data saya");
    let failed = say(&engine, "ya");
    let text = texts(&failed);
    assert!(text.contains("belum bisa dihapus"), "{text}");
    assert!(!text.contains("sudah dihapus"), "never told it was deleted: {text}");
    assert_eq!(failed.state, "recorded", "the conversation stays where it was");
    assert_eq!(complaint_keys(&*store), vec!["ADU-0001"], "nothing was deleted");
    // Not asked again: the next "ya" is an ordinary message.
    let next = say(&engine, "ya");
    assert!(!texts(&next).contains("dihapus"), "{}", texts(&next));
}

/// The sled store, except that deleting a resident's dialogue records fails (a disk error, a lost database
/// connection): everything else is real.
struct RecordsCannotBeDeleted(SledStore);

struct FailingTurn<'a>(Box<dyn TurnTx + 'a>);

impl Store for RecordsCannotBeDeleted {
    fn begin_turn(&self, user: &UserKey) -> Result<Box<dyn TurnTx + '_>, StorageError> {
        Ok(Box::new(FailingTurn(self.0.begin_turn(user)?)))
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
    fn forget_mine(&self, _kind: &str) -> Result<usize, StorageError> {
        Err(StorageError::new(ErrorKind::Unavailable, "disk I/O error"))
    }
}
