//! The one error type of every storage backend: what went wrong, as far as a caller can act on it, with the
//! backend's own error kept as the source (never part of a public signature).

use std::error::Error as StdError;
use std::fmt;

/// What kind of storage failure happened. Callers decide by kind (retry, tell the operator, reset a record);
/// the backend's own error is only for logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The storage cannot be reached or failed to read or write (I/O, network, database down).
    Unavailable,
    /// The storage is held by another process (sled allows one process per directory).
    InUse,
    /// The storage was written by a newer version of cekbae whose layout this one cannot read.
    SchemaTooNew,
    /// A stored record could not be decoded (or opened with the data key).
    CorruptRecord,
    /// A concurrent writer got there first; the operation may succeed when tried again.
    Conflict,
    /// The data key given does not open what the store holds (it was sealed with another key).
    WrongKey,
    /// The backend does not offer this kind of data (a backend written before files existed).
    Unsupported,
}

impl ErrorKind {
    fn describe(self) -> &'static str {
        match self {
            ErrorKind::Unavailable => "storage unavailable",
            ErrorKind::InUse => "storage in use by another process",
            ErrorKind::SchemaTooNew => "storage written by a newer version",
            ErrorKind::CorruptRecord => "stored record unreadable",
            ErrorKind::Conflict => "storage conflict",
            ErrorKind::WrongKey => "the data key does not open the stored data",
            ErrorKind::Unsupported => "not offered by this storage backend",
        }
    }
}

/// A storage failure. Never shown to residents or staff as is; logged with its cause.
#[derive(Debug)]
pub struct StorageError {
    kind: ErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl StorageError {
    /// A failure of `kind` caused by `source` (the backend's own error).
    pub fn new(kind: ErrorKind, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self { kind, source: Some(source.into()) }
    }

    /// A failure of `kind` without a further cause.
    pub fn of_kind(kind: ErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// The storage failed to read or write.
    pub fn unavailable(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(ErrorKind::Unavailable, source)
    }

    /// A stored record could not be decoded.
    pub fn corrupt(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(ErrorKind::CorruptRecord, source)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.kind.describe()),
            None => f.write_str(self.kind.describe()),
        }
    }
}

// The cause is part of the message (logs print errors with `%`), so it is not also returned by `source()`,
// which would print it twice in `{:#}` chains.
impl StdError for StorageError {}
