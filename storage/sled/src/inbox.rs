//! The inbox (`inbox`: id → sealed message).

use std::time::Duration;

use cekbae_bot::storage::{Inbound, Inbox, StorageError};

use crate::codec::{self, id_key, key_id};
use crate::error::SledResult;
use crate::leases::{Queue, DEFAULT_LEASE};
use crate::SledStore;

impl Inbox for SledStore {
    fn accept(&self, item: &Inbound) -> Result<u64, StorageError> {
        let id = self.next_in(crate::sequences::INBOX)?;
        let bytes = codec::seal(self.sealer(), item)?;
        self.inner.leases.claim(Queue::Inbox, id, DEFAULT_LEASE);
        self.trees().inbox.insert(id_key(id), bytes).storage()?;
        Ok(id)
    }

    fn claim(&self, lease: Duration, limit: usize) -> Result<Vec<(u64, Inbound)>, StorageError> {
        let mut res = Vec::new();
        for item in self.trees().inbox.iter() {
            if res.len() == limit {
                break;
            }
            let (key, bytes) = item.storage()?;
            let Some(id) = key_id(&key) else { continue };
            let Some(message) = codec::open(self.sealer(), &bytes) else {
                tracing::warn!(inbox_id = id, "unreadable inbox entry dropped");
                self.trees().inbox.remove(key).storage()?;
                continue;
            };
            if self.inner.leases.try_claim(Queue::Inbox, id, lease) {
                res.push((id, message));
            }
        }
        Ok(res)
    }

    fn backlog(&self) -> Result<usize, StorageError> {
        Ok(self.trees().inbox.len())
    }

    fn complete(&self, id: u64) -> Result<(), StorageError> {
        self.trees().inbox.remove(id_key(id)).storage()?;
        self.inner.leases.release(Queue::Inbox, id);
        Ok(())
    }
}
