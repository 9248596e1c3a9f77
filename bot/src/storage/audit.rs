//! The audit log: who saw full personal data or changed a record on the desk, and when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::StorageError;

/// One line of the audit log. It never holds personal data itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (the petugas's name, or the system user).
    pub who: String,
    /// What: `reveal`, or the new status of an appointment (`done`, `no-show`, `cancelled`).
    pub action: String,
    /// Which records (appointment tickets).
    pub tickets: Vec<String>,
}

/// The audit log, append only.
pub trait AuditLog {
    /// Appends an entry, durably (an audited action is not lost to a crash right after).
    fn append(&self, entry: &AuditEntry) -> Result<(), StorageError>;

    /// Every entry, oldest first.
    fn all(&self) -> Result<Vec<AuditEntry>, StorageError>;
}
