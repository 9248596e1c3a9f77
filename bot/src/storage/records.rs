//! A dialogue's own records (a complaint, a form), written inside the resident's turn so they commit with it:
//! a message delivered twice makes one record, not two. Records are sealed at rest, since they may hold the
//! resident's words.

use chrono::{DateTime, Utc};

use super::error::StorageError;
use crate::message::UserKey;

/// One stored record of a dialogue.
#[derive(Debug, Clone, PartialEq)]
pub struct DialogueRecord {
    /// The record's key within its kind (e.g. `ADU-0001`).
    pub key: String,
    /// The resident it belongs to (deleted with their data).
    pub owner: UserKey,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// The dialogue's data.
    pub value: serde_json::Value,
}

/// The resident's records, inside their turn. `kind` names the dialogue's collection (e.g. `pengaduan`).
pub trait TurnRecords {
    /// A record by key, whoever owns it.
    fn get(&self, kind: &str, key: &str) -> Result<Option<DialogueRecord>, StorageError>;

    /// Stores (or replaces) a record owned by the turn's resident, written at `at`.
    fn put(&self, kind: &str, key: &str, at: DateTime<Utc>, value: serde_json::Value) -> Result<(), StorageError>;

    /// Deletes every record of `kind` the resident owns. Returns how many.
    fn forget_mine(&self, kind: &str) -> Result<usize, StorageError>;
}

/// Records outside a turn, for listings.
pub trait Records {
    /// Every record of `kind`, in key order.
    fn all(&self, kind: &str) -> Result<Vec<DialogueRecord>, StorageError>;
}
