//! PostgreSQL's errors as the seam's one error type: a unique violation is a conflict (a processed message
//! id marked twice), a newer schema is named, everything else is the database being unavailable.

use cekbae_bot::storage::{ErrorKind, StorageError};
use tokio_postgres::error::SqlState;

/// The seam's error for a database error.
pub(crate) fn from_pg(err: tokio_postgres::Error) -> StorageError {
    let kind = match err.code() {
        Some(code) if *code == SqlState::UNIQUE_VIOLATION => ErrorKind::Conflict,
        Some(code) if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED => {
            ErrorKind::Conflict
        }
        _ => ErrorKind::Unavailable,
    };
    StorageError::new(kind, err)
}

/// The seam's error for a pool that handed out no connection (the database down or every connection busy).
pub(crate) fn from_pool(err: deadpool_postgres::PoolError) -> StorageError {
    match err {
        deadpool_postgres::PoolError::Backend(err) => from_pg(err),
        other => StorageError::unavailable(other.to_string()),
    }
}

/// `?` on database results.
pub(crate) trait PgResult<T> {
    /// The result with the seam's error.
    fn storage(self) -> Result<T, StorageError>;
}

impl<T> PgResult<T> for Result<T, tokio_postgres::Error> {
    fn storage(self) -> Result<T, StorageError> {
        self.map_err(from_pg)
    }
}
