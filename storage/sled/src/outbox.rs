//! The outbox (id → sealed entry, in the turn tree), and the confirmation of entries plain turns wrote
//! (`envelope`).

use std::time::Duration;

use cekbae_bot::storage::{Outbox, OutboxEntry, StorageError};

use crate::codec::{self, id_key, key_id};
use crate::envelope::Envelope;
use crate::error::SledResult;
use crate::leases::Queue;
use crate::SledStore;

impl SledStore {
    /// Every readable entry in id order; unreadable ones are removed with a warning.
    fn outbox_entries(&self) -> Result<Vec<(u64, OutboxEntry)>, StorageError> {
        let mut res = Vec::new();
        for item in self.trees().outbox().iter() {
            let (key, bytes) = item.storage()?;
            let Some(id) = key_id(&key) else { continue };
            match codec::open(self.sealer(), &bytes) {
                Some(entry) => res.push((id, entry)),
                None => self.drop_unreadable(id)?,
            }
        }
        Ok(res)
    }

    /// Decides the entries plain turns wrote unconfirmed: an entry its resident's record names is confirmed;
    /// one it does not name is dropped, for its turn died before the record was written, so the turn did not
    /// happen and its message will be answered when it is processed again. Entries this key cannot open are
    /// left for the key [`SledStore::sealed_with`] gives. Runs when the store is opened, while no turn runs.
    pub(crate) fn confirm_outbox(&self) -> Result<(), StorageError> {
        let trees = self.trees();
        let outbox = trees.outbox();
        for item in outbox.iter() {
            let (key, bytes) = item.storage()?;
            let Some(confirmed) = codec::confirmed(&bytes) else { continue };
            let Some(entry) = codec::open::<OutboxEntry>(self.sealer(), &bytes) else { continue };
            let stored = trees.sessions().get(entry.user.storage_key()).storage()?;
            let named = stored.map(|it| Envelope::decode(&it).outbox).unwrap_or_default();
            if named.is_some() && named == key_id(&key) {
                outbox.insert(&key, confirmed).storage()?;
            } else {
                tracing::warn!(outbox_id = ?key_id(&key), "replies of a turn that did not commit dropped");
                outbox.remove(&key).storage()?;
            }
        }
        Ok(())
    }

    /// Confirms the entry `id` if it waits for confirmation (compare-and-swap: an entry delivered meanwhile
    /// stays gone). For a record about to be replaced or removed: the entry it names belongs to a turn that
    /// happened.
    pub(crate) fn confirm_entry(&self, id: Option<u64>) -> Result<(), StorageError> {
        let Some(id) = id else { return Ok(()) };
        let outbox = self.trees().outbox();
        if let Some(bytes) = outbox.get(id_key(id)).storage()? {
            if let Some(confirmed) = codec::confirmed(&bytes) {
                // Lost to a delivery that removed or shortened it: nothing left to confirm.
                let _ = outbox.compare_and_swap(id_key(id), Some(bytes), Some(confirmed)).storage()?;
            }
        }
        Ok(())
    }

    fn drop_unreadable(&self, id: u64) -> Result<(), StorageError> {
        tracing::warn!(outbox_id = id, "unreadable outbox entry dropped");
        self.trees().outbox().remove(id_key(id)).storage()?;
        Ok(())
    }
}

impl Outbox for SledStore {
    fn pending(&self) -> Result<Vec<(u64, OutboxEntry)>, StorageError> {
        self.outbox_entries()
    }

    fn claim(&self, lease: Duration, limit: usize) -> Result<Vec<(u64, OutboxEntry)>, StorageError> {
        let leases = &self.inner.leases;
        Ok(self
            .outbox_entries()?
            .into_iter()
            .filter(|(id, _)| leases.try_claim(Queue::Outbox, *id, lease))
            .take(limit)
            .collect())
    }

    fn get(&self, id: u64) -> Result<Option<OutboxEntry>, StorageError> {
        let Some(bytes) = self.trees().outbox().get(id_key(id)).storage()? else { return Ok(None) };
        match codec::open(self.sealer(), &bytes) {
            Some(entry) => Ok(Some(entry)),
            None => self.drop_unreadable(id).map(|()| None),
        }
    }

    fn partly_delivered(&self, id: u64, sent: usize) -> Result<(), StorageError> {
        let tree = self.trees().outbox();
        loop {
            let Some(bytes) = tree.get(id_key(id)).storage()? else { return Ok(()) };
            let Some(mut entry) = codec::open::<OutboxEntry>(self.sealer(), &bytes) else {
                return self.drop_unreadable(id);
            };
            let new = if sent >= entry.replies.len() {
                None
            } else {
                entry.replies.drain(..sent);
                Some(codec::seal(self.sealer(), &entry)?)
            };
            // Compare-and-swap: an entry completed meanwhile stays gone.
            if tree.compare_and_swap(id_key(id), Some(bytes), new).storage()?.is_ok() {
                return Ok(());
            }
        }
    }

    fn complete(&self, id: u64) -> Result<(), StorageError> {
        self.trees().outbox().remove(id_key(id)).storage()?;
        self.inner.leases.release(Queue::Outbox, id);
        Ok(())
    }

    fn release(&self, id: u64) -> Result<(), StorageError> {
        self.inner.leases.release(Queue::Outbox, id);
        Ok(())
    }
}
