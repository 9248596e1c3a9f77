//! Whole-store snapshots, for backups: every record exactly as the backend stores it (what is sealed
//! stays sealed), taken at one consistent moment, and loaded back into an empty store of the same backend.
//! Moving data between backends is another matter (records are re-read and re-written through the other
//! traits); a snapshot is the backend's own layout and names its backend.

use super::StorageError;

/// One stored record, as the backend keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotRecord {
    /// Where it is kept (a tree, a table), in the backend's own naming.
    pub collection: String,
    /// Its key, as stored.
    pub key: Vec<u8>,
    /// Its value, as stored: sealed where the backend seals it.
    pub value: Vec<u8>,
    /// Whether this is the data key the store made itself (used without `CEKBAE_DATA_KEY`): whoever holds
    /// it together with the rest opens every NIK, so a backup leaves it out when the operator's key seals.
    pub own_key: bool,
}

/// Export and import of a whole store.
pub trait Snapshots {
    /// The backend's name (`sled`); a snapshot loads only into a store of the same backend.
    fn backend(&self) -> &'static str;

    /// Calls `sink` with every record of one consistent moment: no turn commits while it runs, so what a
    /// turn writes together (a booking and its day's count, a session and its replies) is all in or all out.
    /// Returns how many records it gave.
    fn export(&self, sink: &mut dyn FnMut(SnapshotRecord) -> Result<(), StorageError>) -> Result<u64, StorageError>;

    /// Loads `records` (an export of the same backend) into this store, which must hold no record yet
    /// ([`super::ErrorKind::Conflict`] otherwise), and makes them durable. Returns how many it loaded.
    fn import(
        &self,
        records: &mut dyn Iterator<Item = Result<SnapshotRecord, StorageError>>,
    ) -> Result<u64, StorageError>;

    /// Like [`Snapshots::import`], into a store that may hold records already: what it holds is replaced by
    /// `records` in one step, all or nothing. A backend that cannot do that in place (sled restores into a
    /// staging directory moved into place instead) answers [`super::ErrorKind::Unsupported`].
    fn replace(
        &self,
        _records: &mut dyn Iterator<Item = Result<SnapshotRecord, StorageError>>,
    ) -> Result<u64, StorageError> {
        Err(StorageError::of_kind(super::ErrorKind::Unsupported))
    }
}
