//! The audit log: who saw full personal data or changed a record on the desk, and when.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::StorageError;

/// One line of the audit log. It never holds personal data itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who, as stated (`--by`, or the system user): a name, not proof.
    pub who: String,
    /// What vouched for the request (direct access as an account, or the admin token from an address).
    #[serde(default)]
    pub via: String,
    /// What: `reveal`, the new status of an appointment (`done`, `no-show`, `cancelled`), or
    /// `closure-added` / `closure-removed`.
    pub action: String,
    /// Which records (appointment tickets; for a closure, the appointments on that day).
    pub tickets: Vec<String>,
    /// The day a closure was added or removed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<NaiveDate>,
}

/// The audit log, append only.
pub trait AuditLog {
    /// Appends an entry, durably (an audited action is not lost to a crash right after).
    fn append(&self, entry: &AuditEntry) -> Result<(), StorageError>;

    /// Every entry, oldest first.
    fn all(&self) -> Result<Vec<AuditEntry>, StorageError>;
}
