//! The audit log (`audit_log`: id → JSON entry; it holds no personal data).

use cekbae_bot::storage::{AuditEntry, AuditLog, StorageError};

use crate::{codec, PgStore};

impl AuditLog for PgStore {
    fn append(&self, entry: &AuditEntry) -> Result<(), StorageError> {
        self.execute("INSERT INTO audit_log (id, body) VALUES (nextval('audit_ids'), $1)", &[&codec::json(entry)?])?;
        Ok(())
    }

    fn all(&self) -> Result<Vec<AuditEntry>, StorageError> {
        let rows = self.rows("SELECT body FROM audit_log ORDER BY id", &[])?;
        rows.into_iter().map(|row| codec::from_json(row.get(0))).collect()
    }
}
