//! The storage seam: what the engine, the dispatcher, dialogues and the desk need from storage, as domain
//! operations on domain types. No backend type appears here; a backend (sled in `cekbae-sled-store`, a
//! database server in another crate) implements these traits and chooses its own layout and encoding.
//!
//! | trait | what |
//! |---|---|
//! | [`Store`] | a backend: opens turns, hands out the other traits, makes writes durable |
//! | [`TurnTx`] | one resident's turn: session, seen check, sequences, the dialogue's writes, one atomic commit |
//! | [`TurnHandovers`], [`Handovers`] | handovers to a petugas, inside a turn and for the desk |
//! | [`TurnRecords`], [`Records`] | a dialogue's own records, inside a turn and for listings |
//! | [`TurnBookings`], [`Bookings`] | appointments: places per day, tickets, one booking per request |
//! | [`TurnSurveys`], [`Surveys`] | anonymous satisfaction survey answers |
//! | [`TurnFiles`], [`Files`] | files residents send (pending until fetched, then sealed), per subject and slot |
//! | [`Closures`] | the office's own closed days |
//! | [`Outbox`] | replies until delivered: claim (with a lease) → complete |
//! | [`Inbox`] | acknowledged messages until their turn is stored: accept → claim → complete |
//! | [`Sessions`] | session maintenance: list, purge idle ones, prune processed ids |
//! | [`Statistics`] | the anonymous conversation statistics |
//! | [`AuditLog`] | who saw or changed what on the desk |
//! | [`Accounts`], [`WebSessions`] | office staff accounts and their signed-in browsers (the desk in the browser) |
//! | [`ChannelStatuses`] | delivery statuses a channel reports for sent messages |
//! | [`Keys`] | key material the store keeps (data key, pseudonym salt) |
//! | [`Snapshots`] | the whole store at one moment, for backups (optional per backend) |
//! | [`Sealer`], [`Vault`] | sealing at rest of everything that may carry a resident's words |
//! | [`Dump`] | a store's contents as plain data, for `cekbae store copy` |
//! | [`StorageError`] | the one error type, by [`ErrorKind`] |
//!
//! Invariants every backend keeps (ARCHITECTURE.md, "The storage seam", and the contract tests in
//! `cekbae-store-contract`):
//! - a turn is exclusive per resident against every other turn of that resident, on any instance;
//! - a commit is all or nothing; a turn dropped without a commit leaves nothing;
//! - a message id marked processed is marked once, in the commit that processed it;
//! - sequences only grow and never repeat;
//! - a day never has more active bookings than the capacity a booking was made with, and a request books once;
//! - nothing that may carry a resident's words is stored in the clear.

mod accounts;
mod audit;
pub mod booking_rules;
mod bookings;
mod closures;
mod dump;
mod error;
mod files;
mod handovers;
mod inbox;
mod keys;
mod outbox;
mod records;
mod seal;
mod sessions;
mod snapshot;
mod statistics;
mod statuses;
mod surveys;
mod turn;
mod web_sessions;

pub use accounts::{Account, Accounts, Role};
pub use audit::{AuditEntry, AuditLog};
pub use bookings::{
    BookOutcome, Booking, BookingDetails, BookingStatus, Bookings, MoveOutcome, StatusChange, StoredBooking,
    TurnBookings,
};
pub use closures::{Closure, Closures, MAX_REASON_CHARS};
pub use dump::{BookingDay, Dump, KindCount, SeenId};
pub use error::{ErrorKind, StorageError};
pub use files::{sha256_hex, FileMeta, Files, NoFiles, PendingFile, TurnFiles};
pub use handovers::{Handovers, TurnHandovers};
pub use inbox::{Inbound, Inbox};
pub use keys::Keys;
pub use outbox::{Outbox, OutboxEntry};
pub use records::{DialogueRecord, Records, TurnRecords};
pub use seal::{Sealer, Vault};
pub use sessions::Sessions;
pub use snapshot::{SnapshotRecord, Snapshots};
pub use statistics::Statistics;
pub use statuses::{ChannelStatuses, StatusRecord};
pub use surveys::{SurveyResponse, Surveys, TurnSurveys};
pub use turn::{LoadedSession, OutboxWrite, Sequence, SessionWrite, TurnCommit, TurnTx};
pub use web_sessions::{WebSession, WebSessions};

use crate::message::UserKey;

/// A storage backend. Share it as `Arc<dyn Store>`; every method may be called from many threads.
pub trait Store: Send + Sync {
    /// Starts a turn of `user`, waiting while another turn of the same resident runs.
    fn begin_turn(&self, user: &UserKey) -> Result<Box<dyn TurnTx + '_>, StorageError>;

    /// Session maintenance.
    fn sessions(&self) -> &dyn Sessions;

    /// Replies waiting for delivery.
    fn outbox(&self) -> &dyn Outbox;

    /// Acknowledged messages waiting for their turn.
    fn inbox(&self) -> &dyn Inbox;

    /// Handovers, for the desk.
    fn handovers(&self) -> &dyn Handovers;

    /// The anonymous statistics.
    fn statistics(&self) -> &dyn Statistics;

    /// Dialogue records, for listings.
    fn records(&self) -> &dyn Records;

    /// Bookings, for the desk and reports.
    fn bookings(&self) -> &dyn Bookings;

    /// Survey answers, for reports.
    fn surveys(&self) -> &dyn Surveys;

    /// The office's own closed days.
    fn closures(&self) -> &dyn Closures;

    /// Files residents sent, for the fetching loop, the desk and the purge.
    fn files(&self) -> &dyn Files {
        &NoFiles
    }

    /// The desk's audit log.
    fn audit(&self) -> &dyn AuditLog;

    /// Office staff accounts.
    fn accounts(&self) -> &dyn Accounts;

    /// Signed-in desk sessions.
    fn web_sessions(&self) -> &dyn WebSessions;

    /// Delivery statuses of sent messages.
    fn statuses(&self) -> &dyn ChannelStatuses;

    /// Key material.
    fn keys(&self) -> &dyn Keys;

    /// Whole-store export and import for backups, when the backend offers them.
    fn snapshots(&self) -> Option<&dyn Snapshots> {
        None
    }

    /// Returns once everything committed before the call is durable (sled: a flush; a database whose commits
    /// are durable: at once). The dispatcher's group commit calls it before replies leave.
    fn flush(&self) -> Result<(), StorageError>;

    /// The backend's name, for `/healthz` and logs (`sled`, `postgres`).
    fn backend(&self) -> &'static str {
        "custom"
    }

    /// Returns once the storage answered a trivial read (a database server reachable); for `/healthz`.
    fn ping(&self) -> Result<(), StorageError> {
        Ok(())
    }
}
