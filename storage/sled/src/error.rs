//! sled's errors as the seam's [`StorageError`] (sled's type never leaves this crate).

use cekbae_bot::storage::{ErrorKind, StorageError};
use sled::transaction::TransactionError;

/// A sled failure as a storage error.
pub(crate) fn from_sled(err: sled::Error) -> StorageError {
    let kind = match &err {
        sled::Error::Io(_) if is_lock_error(&err) => ErrorKind::InUse,
        sled::Error::Corruption { .. } => ErrorKind::CorruptRecord,
        _ => ErrorKind::Unavailable,
    };
    StorageError::new(kind, err)
}

/// A failed sled transaction whose body never aborts.
pub(crate) fn from_transaction(err: TransactionError<()>) -> StorageError {
    match err {
        TransactionError::Storage(err) => from_sled(err),
        TransactionError::Abort(()) => StorageError::of_kind(ErrorKind::Conflict),
    }
}

/// Whether opening failed because another process (or a store closed an instant ago) holds the directory.
pub(crate) fn is_lock_error(err: &sled::Error) -> bool {
    matches!(err, sled::Error::Io(io) if io.to_string().contains("could not acquire lock"))
}

/// Shorthand for sled results.
pub(crate) trait SledResult<T> {
    /// The result with sled's error as a storage error.
    fn storage(self) -> Result<T, StorageError>;
}

impl<T> SledResult<T> for Result<T, sled::Error> {
    fn storage(self) -> Result<T, StorageError> {
        self.map_err(from_sled)
    }
}
