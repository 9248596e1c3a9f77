//! The audit log (`audit_log`: id → JSON entry; it holds no personal data).

use cekbae_bot::storage::{AuditEntry, AuditLog, StorageError};

use crate::codec::{self, id_key};
use crate::error::SledResult;
use crate::SledStore;

impl AuditLog for SledStore {
    fn append(&self, entry: &AuditEntry) -> Result<(), StorageError> {
        let id = self.next_in(crate::sequences::AUDIT)?;
        let tree = &self.trees().audit_log;
        tree.insert(id_key(id), codec::json(entry)?).storage()?;
        tree.flush().storage()?;
        Ok(())
    }

    fn all(&self) -> Result<Vec<AuditEntry>, StorageError> {
        let mut res = Vec::new();
        for value in self.trees().audit_log.iter().values() {
            res.push(serde_json::from_slice(&value.storage()?).map_err(StorageError::corrupt)?);
        }
        Ok(res)
    }
}
