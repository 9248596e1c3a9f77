//! The unit of work: one turn of one resident, from loading the session to one atomic write of everything
//! the turn produced.

use chrono::{DateTime, Utc};

use super::audit::AuditEntry;
use super::bookings::TurnBookings;
use super::error::StorageError;
use super::handovers::TurnHandovers;
use super::outbox::OutboxEntry;
use super::records::TurnRecords;
use super::surveys::TurnSurveys;
use crate::message::UserKey;
use crate::session::SessionRecord;
use crate::stats::ConversationStats;

/// A resident's session as the store holds it.
#[derive(Debug, Clone)]
pub enum LoadedSession {
    /// No session: a new resident, or one whose session was deleted.
    Missing,
    /// The stored record.
    Found(Box<SessionRecord>),
    /// Something is stored that is no session record (damaged, or sealed with a key that is gone): the engine
    /// starts the resident over politely.
    Unreadable,
}

/// What happens to the session when a turn commits.
#[derive(Debug, Clone)]
pub enum SessionWrite {
    /// Left as it is (a notice, a message queued by a petugas).
    Keep,
    /// Replaced by this record.
    Put(Box<SessionRecord>),
    /// Deleted (the resident asked for their data to be deleted).
    Delete,
}

/// Replies a turn keeps in the outbox until the channel accepted them.
#[derive(Debug, Clone)]
pub enum OutboxWrite {
    /// No replies to keep (the console answers directly).
    None,
    /// The caller delivers them right after the commit: the entry is claimed for this instance, so no other
    /// instance's resend takes it while the first delivery is under way.
    DeliverNow(OutboxEntry),
    /// Nobody is delivering yet (a petugas reply queued from the desk): the entry waits, unclaimed, for the
    /// next [`crate::storage::Outbox::claim`] of any instance.
    Queue(OutboxEntry),
}

/// Everything a turn writes besides the dialogue's own writes (which the [`TurnTx`] already holds).
#[derive(Debug, Clone)]
pub struct TurnCommit {
    /// The session.
    pub session: SessionWrite,
    /// The channel message id to mark processed (so a redelivery is recognised).
    pub message_id: Option<String>,
    /// Replies to keep until delivered.
    pub outbox: OutboxWrite,
    /// The conversation's anonymous statistics: (conversation id, record).
    pub stats: Option<(u64, ConversationStats)>,
    /// The turn's time (kept with the processed id, so old ids can be pruned).
    pub now: DateTime<Utc>,
}

impl TurnCommit {
    /// A commit that writes nothing but what the dialogue and the handovers staged.
    pub fn nothing(now: DateTime<Utc>) -> Self {
        Self { session: SessionWrite::Keep, message_id: None, outbox: OutboxWrite::None, stats: None, now }
    }
}

/// A sequence of ids kept by the store. Values only grow and are never handed out twice, on any instance;
/// a turn rolled back may leave a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sequence<'a> {
    /// Conversation ids of the anonymous statistics.
    Conversation,
    /// Ids of a dialogue's requests (booking is idempotent per request).
    Request,
    /// A dialogue's own numbering, by name (e.g. complaint numbers); starts at 1 on a new store.
    Dialogue(&'a str),
}

/// One resident's turn in progress. While it lives, no other turn of the same resident runs, on any instance
/// (sled: a lock in the process; a database: a lock held by its transaction). Reads see the turn's own
/// staged writes. [`TurnTx::commit`] writes everything at once; dropping it without a commit writes nothing.
///
/// The dialogue reaches it as [`crate::Turn::store`] during its calls, for its own writes (records,
/// bookings, survey answers, sequences), which then commit or vanish with the turn. The desk opens a turn of
/// the resident concerned for its changes (a petugas reply, a status change with its audit entry).
pub trait TurnTx {
    /// The resident whose turn this is.
    fn user(&self) -> &UserKey;

    /// The resident's stored session.
    fn session(&self) -> Result<LoadedSession, StorageError>;

    /// Whether the channel message id was processed before (checked under this turn's lock, so a message
    /// delivered twice at once is processed once).
    fn is_seen(&self, message_id: &str) -> Result<bool, StorageError>;

    /// The next value of a store sequence.
    fn next_id(&self, sequence: Sequence<'_>) -> Result<u64, StorageError>;

    /// The resident's handovers to a petugas.
    fn handovers(&self) -> &dyn TurnHandovers;

    /// Dialogue records owned by the resident.
    fn records(&self) -> &dyn TurnRecords;

    /// The resident's bookings.
    fn bookings(&self) -> &dyn TurnBookings;

    /// Survey answers.
    fn surveys(&self) -> &dyn TurnSurveys;

    /// The resident's files (photos and PDFs of their papers).
    fn files(&self) -> &dyn super::files::TurnFiles {
        &super::files::NoFiles
    }

    /// Appends an entry to the audit log with the turn's other writes (a desk action and its record are
    /// one write).
    fn audit(&self, entry: &AuditEntry) -> Result<(), StorageError>;

    /// Remembers the staged writes as they are now (before a dialogue runs).
    fn savepoint(&self);

    /// Forgets every write staged since [`TurnTx::savepoint`] (a dialogue panicked, or its `forget` failed).
    fn rollback_to_savepoint(&self);

    /// Writes the session, the processed id, the outbox entry, the statistics and every staged write in one
    /// atomic step. Returns the outbox entry's id; ids grow, so pending replies are resent in order.
    fn commit(self: Box<Self>, commit: TurnCommit) -> Result<Option<u64>, StorageError>;
}
