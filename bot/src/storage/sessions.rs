//! Sessions and processed message ids outside a turn: listing and the retention rules.

use chrono::{DateTime, Utc};

use super::error::StorageError;
use crate::message::UserKey;

/// Maintenance of sessions and processed message ids (reading and writing one is [`super::TurnTx`]'s job).
pub trait Sessions {
    /// Residents with a stored session.
    fn users(&self) -> Result<Vec<UserKey>, StorageError>;

    /// Removes sessions whose last turn was before `before` (they may hold personal data of requests never
    /// finished), and records that are no session at all. A turn running meanwhile wins. Returns how many.
    fn purge_idle(&self, before: DateTime<Utc>) -> Result<usize, StorageError>;

    /// Forgets processed message ids recorded before `before` (channels redeliver for days, not weeks).
    /// Returns how many.
    fn prune_seen(&self, before: DateTime<Utc>) -> Result<usize, StorageError>;
}
