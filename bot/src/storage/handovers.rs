//! Handovers to a petugas as stored: the resident's side inside a turn, the desk's side outside.

use chrono::{DateTime, Utc};

use super::error::StorageError;
use crate::handover::{Closed, Handover, HandoverLine};

/// One resident's handovers, inside their turn.
pub trait TurnHandovers {
    /// The resident's open handover, if any (at most one is open).
    fn open(&self) -> Result<Option<Handover>, StorageError>;

    /// Opens a handover for the resident (its id from the store's sequence; `new.id` is ignored), or returns
    /// the one already open.
    fn start(&self, new: Handover) -> Result<Handover, StorageError>;

    /// Adds a line to one of the resident's handovers; a petugas line counts as activity (and as the first
    /// reply, if it is). `None` when the resident has no handover `id`.
    fn add_line(&self, id: u64, line: HandoverLine) -> Result<Option<Handover>, StorageError>;

    /// Ends one of the resident's handovers (one already ended stays as it was). `None` when there is none.
    fn close(&self, id: u64, why: Closed, now: DateTime<Utc>) -> Result<Option<Handover>, StorageError>;

    /// Deletes every handover of the resident (their request to delete their data). Returns how many.
    fn forget_all(&self) -> Result<usize, StorageError>;
}

/// Handovers as the desk and reports see them.
pub trait Handovers {
    /// A handover by id.
    fn get(&self, id: u64) -> Result<Option<Handover>, StorageError>;

    /// Every handover, oldest first.
    fn all(&self) -> Result<Vec<Handover>, StorageError>;

    /// Empties the conversation (lines and summary) of closed handovers opened before `before`; counts and
    /// times stay for reports. Returns how many.
    fn forget_lines_before(&self, before: DateTime<Utc>) -> Result<usize, StorageError>;
}
