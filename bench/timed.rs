//! A store that adds up the time spent inside it, for the engine benchmark's "engine alone" figure: a turn's
//! time less the time its storage calls took is what the turn would cost with a storage that took no time
//! at all, so turns per second at that cost are the ceiling no storage layout can lift.
//!
//! Every call a turn makes is timed: beginning the turn, reading the session, the processed-id check,
//! sequences, the dialogue's bookings, records, handovers, surveys and files, the commit (sealing and
//! encoding included), and the outbox's completion after delivery.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cekbae_bot::handover::{Closed, Handover, HandoverLine};
use cekbae_bot::storage::{
    Accounts, AuditEntry, AuditLog, BookOutcome, Booking, BookingDetails, BookingStatus, Bookings, ChannelStatuses,
    Closures, DialogueRecord, FileMeta, Files, Handovers, Inbox, Keys, LoadedSession, MoveOutcome, Outbox, OutboxEntry,
    PendingFile, Records, Sequence, Sessions, Snapshots, Statistics, StatusChange, StorageError, SurveyResponse,
    Surveys, TurnBookings, TurnCommit, TurnFiles, TurnHandovers, TurnRecords, TurnSurveys, TurnTx, WebSessions,
};
use cekbae_bot::{Attachment, Store, UserKey};
use chrono::{DateTime, NaiveDate, Utc};

/// What a storage call was for, to say where storage time goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Beginning a turn (the resident's lock) and reading in it: the session, the processed-id check,
    /// sequences, what the dialogue looks up.
    Read,
    /// What the dialogue stages in the turn (bookings, records, surveys, handovers, files, audit).
    Stage,
    /// The commit: encoding, sealing and writing everything the turn produced.
    Commit,
    /// The outbox after the turn: marking its replies delivered.
    Delivery,
}

impl Part {
    /// Every part, in the order they are reported.
    pub const ALL: [Part; 4] = [Part::Read, Part::Stage, Part::Commit, Part::Delivery];
}

/// Nanoseconds spent in storage so far by [`Part`], shared by a [`TimedStore`] and its turns.
#[derive(Clone, Default)]
pub struct StorageTime(Arc<[AtomicU64; 4]>);

impl StorageTime {
    /// The time spent in storage so far, all parts.
    pub fn spent(&self) -> Duration {
        Part::ALL.iter().map(|part| self.spent_in(*part)).sum()
    }

    /// The time spent in storage so far for `part`.
    pub fn spent_in(&self, part: Part) -> Duration {
        Duration::from_nanos(self.0[part as usize].load(Ordering::Relaxed))
    }

    fn time<T>(&self, part: Part, call: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let res = call();
        self.0[part as usize].fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        res
    }
}

/// `inner`, with the time spent in a turn's calls and in the outbox added to a [`StorageTime`].
pub struct TimedStore {
    inner: Arc<dyn Store>,
    time: StorageTime,
}

impl TimedStore {
    /// Wraps `inner`; the time spent is read from [`TimedStore::time`].
    pub fn new(inner: Arc<dyn Store>) -> Self {
        Self { inner, time: StorageTime::default() }
    }

    /// The running total, shared.
    pub fn time(&self) -> StorageTime {
        self.time.clone()
    }
}

impl Store for TimedStore {
    fn begin_turn(&self, user: &UserKey) -> Result<Box<dyn TurnTx + '_>, StorageError> {
        let inner = self.time.time(Part::Read, || self.inner.begin_turn(user))?;
        Ok(Box::new(TimedTurn { inner, time: &self.time }))
    }
    fn sessions(&self) -> &dyn Sessions {
        self.inner.sessions()
    }
    fn outbox(&self) -> &dyn Outbox {
        self
    }
    fn inbox(&self) -> &dyn Inbox {
        self.inner.inbox()
    }
    fn handovers(&self) -> &dyn Handovers {
        self.inner.handovers()
    }
    fn statistics(&self) -> &dyn Statistics {
        self.inner.statistics()
    }
    fn records(&self) -> &dyn Records {
        self.inner.records()
    }
    fn bookings(&self) -> &dyn Bookings {
        self.inner.bookings()
    }
    fn surveys(&self) -> &dyn Surveys {
        self.inner.surveys()
    }
    fn closures(&self) -> &dyn Closures {
        self.inner.closures()
    }
    fn files(&self) -> &dyn Files {
        self.inner.files()
    }
    fn audit(&self) -> &dyn AuditLog {
        self.inner.audit()
    }
    fn accounts(&self) -> &dyn Accounts {
        self.inner.accounts()
    }
    fn web_sessions(&self) -> &dyn WebSessions {
        self.inner.web_sessions()
    }
    fn statuses(&self) -> &dyn ChannelStatuses {
        self.inner.statuses()
    }
    fn keys(&self) -> &dyn Keys {
        self.inner.keys()
    }
    fn snapshots(&self) -> Option<&dyn Snapshots> {
        self.inner.snapshots()
    }
    fn flush(&self) -> Result<(), StorageError> {
        self.time.time(Part::Delivery, || self.inner.flush())
    }
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
}

impl Outbox for TimedStore {
    fn pending(&self) -> Result<Vec<(u64, OutboxEntry)>, StorageError> {
        self.time.time(Part::Delivery, || self.inner.outbox().pending())
    }
    fn claim(&self, lease: Duration, limit: usize) -> Result<Vec<(u64, OutboxEntry)>, StorageError> {
        self.time.time(Part::Delivery, || self.inner.outbox().claim(lease, limit))
    }
    fn get(&self, id: u64) -> Result<Option<OutboxEntry>, StorageError> {
        self.time.time(Part::Delivery, || self.inner.outbox().get(id))
    }
    fn partly_delivered(&self, id: u64, sent: usize) -> Result<(), StorageError> {
        self.time.time(Part::Delivery, || self.inner.outbox().partly_delivered(id, sent))
    }
    fn complete(&self, id: u64) -> Result<(), StorageError> {
        self.time.time(Part::Delivery, || self.inner.outbox().complete(id))
    }
    fn release(&self, id: u64) -> Result<(), StorageError> {
        self.time.time(Part::Delivery, || self.inner.outbox().release(id))
    }
}

/// A turn of the inner store, every call timed.
struct TimedTurn<'a> {
    inner: Box<dyn TurnTx + 'a>,
    time: &'a StorageTime,
}

impl TurnTx for TimedTurn<'_> {
    fn user(&self) -> &UserKey {
        self.inner.user()
    }
    fn session(&self) -> Result<LoadedSession, StorageError> {
        self.time.time(Part::Read, || self.inner.session())
    }
    fn is_seen(&self, message_id: &str) -> Result<bool, StorageError> {
        self.time.time(Part::Read, || self.inner.is_seen(message_id))
    }
    fn next_id(&self, sequence: Sequence<'_>) -> Result<u64, StorageError> {
        self.time.time(Part::Read, || self.inner.next_id(sequence))
    }
    fn handovers(&self) -> &dyn TurnHandovers {
        self
    }
    fn records(&self) -> &dyn TurnRecords {
        self
    }
    fn bookings(&self) -> &dyn TurnBookings {
        self
    }
    fn surveys(&self) -> &dyn TurnSurveys {
        self
    }
    fn files(&self) -> &dyn TurnFiles {
        self
    }
    fn audit(&self, entry: &AuditEntry) -> Result<(), StorageError> {
        self.time.time(Part::Stage, || self.inner.audit(entry))
    }
    fn savepoint(&self) {
        self.time.time(Part::Stage, || self.inner.savepoint())
    }
    fn rollback_to_savepoint(&self) {
        self.time.time(Part::Stage, || self.inner.rollback_to_savepoint())
    }
    fn commit(self: Box<Self>, commit: TurnCommit) -> Result<Option<u64>, StorageError> {
        let time = self.time;
        time.time(Part::Commit, || self.inner.commit(commit))
    }
}

impl TurnBookings for TimedTurn<'_> {
    fn book(
        &self,
        new: BookingDetails,
        capacity: u32,
        ticket_prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<BookOutcome, StorageError> {
        self.time.time(Part::Stage, || self.inner.bookings().book(new, capacity, ticket_prefix, now))
    }
    fn move_to(
        &self,
        ticket: &str,
        date: NaiveDate,
        capacity: u32,
        ticket_prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<MoveOutcome, StorageError> {
        self.time.time(Part::Stage, || self.inner.bookings().move_to(ticket, date, capacity, ticket_prefix, now))
    }
    fn get(&self, ticket: &str) -> Result<Option<Booking>, StorageError> {
        self.time.time(Part::Read, || self.inner.bookings().get(ticket))
    }
    fn taken(&self, date: NaiveDate) -> Result<u32, StorageError> {
        self.time.time(Part::Read, || self.inner.bookings().taken(date))
    }
    fn upcoming(&self, from: NaiveDate) -> Result<Vec<Booking>, StorageError> {
        self.time.time(Part::Read, || self.inner.bookings().upcoming(from))
    }
    fn set_status(&self, ticket: &str, status: BookingStatus) -> Result<StatusChange, StorageError> {
        self.time.time(Part::Stage, || self.inner.bookings().set_status(ticket, status))
    }
    fn forget_mine(&self) -> Result<usize, StorageError> {
        self.time.time(Part::Stage, || self.inner.bookings().forget_mine())
    }
    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError> {
        self.time.time(Part::Stage, || self.inner.bookings().take_over(previous))
    }
}

impl TurnRecords for TimedTurn<'_> {
    fn get(&self, kind: &str, key: &str) -> Result<Option<DialogueRecord>, StorageError> {
        self.time.time(Part::Read, || self.inner.records().get(kind, key))
    }
    fn put(&self, kind: &str, key: &str, at: DateTime<Utc>, value: serde_json::Value) -> Result<(), StorageError> {
        self.time.time(Part::Stage, || self.inner.records().put(kind, key, at, value))
    }
    fn forget_mine(&self, kind: &str) -> Result<usize, StorageError> {
        self.time.time(Part::Stage, || self.inner.records().forget_mine(kind))
    }
}

impl TurnHandovers for TimedTurn<'_> {
    fn open(&self) -> Result<Option<Handover>, StorageError> {
        self.time.time(Part::Read, || self.inner.handovers().open())
    }
    fn start(&self, new: Handover) -> Result<Handover, StorageError> {
        self.time.time(Part::Stage, || self.inner.handovers().start(new))
    }
    fn add_line(&self, id: u64, line: HandoverLine) -> Result<Option<Handover>, StorageError> {
        self.time.time(Part::Stage, || self.inner.handovers().add_line(id, line))
    }
    fn close(&self, id: u64, why: Closed, now: DateTime<Utc>) -> Result<Option<Handover>, StorageError> {
        self.time.time(Part::Stage, || self.inner.handovers().close(id, why, now))
    }
    fn forget_all(&self) -> Result<usize, StorageError> {
        self.time.time(Part::Stage, || self.inner.handovers().forget_all())
    }
}

impl TurnSurveys for TimedTurn<'_> {
    fn start(&self, response: &SurveyResponse) -> Result<u64, StorageError> {
        self.time.time(Part::Stage, || self.inner.surveys().start(response))
    }
    fn answer(&self, id: u64, index: usize, answer: Option<u8>, last: bool) -> Result<(), StorageError> {
        self.time.time(Part::Stage, || self.inner.surveys().answer(id, index, answer, last))
    }
}

impl TurnFiles for TimedTurn<'_> {
    fn expect(&self, subject: &str, slot: u32, media: &Attachment, now: DateTime<Utc>) -> Result<u64, StorageError> {
        self.time.time(Part::Stage, || self.inner.files().expect(subject, slot, media, now))
    }
    fn store(&self, pending: u64, mime_type: &str, content: &[u8]) -> Result<Option<FileMeta>, StorageError> {
        self.time.time(Part::Stage, || self.inner.files().store(pending, mime_type, content))
    }
    fn drop_pending(&self, pending: u64) -> Result<bool, StorageError> {
        self.time.time(Part::Stage, || self.inner.files().drop_pending(pending))
    }
    fn of_subject(&self, subject: &str) -> Result<Vec<FileMeta>, StorageError> {
        self.time.time(Part::Read, || self.inner.files().of_subject(subject))
    }
    fn pending_of_subject(&self, subject: &str) -> Result<Vec<PendingFile>, StorageError> {
        self.time.time(Part::Read, || self.inner.files().pending_of_subject(subject))
    }
    fn count(&self, subject: &str) -> Result<usize, StorageError> {
        self.time.time(Part::Read, || self.inner.files().count(subject))
    }
    fn move_to_slot(&self, file: u64, slot: u32) -> Result<bool, StorageError> {
        self.time.time(Part::Stage, || self.inner.files().move_to_slot(file, slot))
    }
    fn forget_mine(&self) -> Result<usize, StorageError> {
        self.time.time(Part::Stage, || self.inner.files().forget_mine())
    }
    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError> {
        self.time.time(Part::Stage, || self.inner.files().take_over(previous))
    }
}
