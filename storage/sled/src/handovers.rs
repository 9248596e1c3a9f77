//! Handovers (`handovers`: id → sealed handover; `handover_open`: user key → id of the open one).

use chrono::{DateTime, Utc};

use cekbae_bot::handover::{Closed, Handover, HandoverLine};
use cekbae_bot::storage::{Handovers, StorageError, TurnHandovers};

use crate::codec::{self, id_key, key_id};
use crate::error::SledResult;
use crate::trees::TreeId;
use crate::turn::SledTurn;
use crate::SledStore;

impl SledTurn<'_> {
    /// One of the resident's handovers as this turn sees it.
    fn own_handover(&self, id: u64) -> Result<Option<Handover>, StorageError> {
        let Some(bytes) = self.read(TreeId::Handovers, &id_key(id))? else { return Ok(None) };
        Ok(codec::open::<Handover>(self.store.sealer(), &bytes).filter(|it| &it.user == cekbae_bot::TurnTx::user(self)))
    }

    fn put_handover(&self, handover: &Handover) -> Result<(), StorageError> {
        let bytes = codec::seal(self.store.sealer(), handover)?;
        self.stage(TreeId::Handovers, id_key(handover.id).to_vec(), Some(bytes));
        Ok(())
    }

    fn open_key(&self) -> Vec<u8> {
        cekbae_bot::TurnTx::user(self).storage_key()
    }
}

impl TurnHandovers for SledTurn<'_> {
    fn open(&self) -> Result<Option<Handover>, StorageError> {
        let Some(id) = self.read(TreeId::HandoverOpen, &self.open_key())?.as_deref().and_then(key_id) else {
            return Ok(None);
        };
        Ok(self.own_handover(id)?.filter(Handover::is_open))
    }

    fn start(&self, mut new: Handover) -> Result<Handover, StorageError> {
        if let Some(open) = self.open()? {
            return Ok(open);
        }
        new.id = self.store.next_in(crate::sequences::HANDOVER)?;
        new.user = cekbae_bot::TurnTx::user(self).clone();
        self.put_handover(&new)?;
        self.stage(TreeId::HandoverOpen, self.open_key(), Some(id_key(new.id).to_vec()));
        Ok(new)
    }

    fn add_line(&self, id: u64, line: HandoverLine) -> Result<Option<Handover>, StorageError> {
        let Some(mut handover) = self.own_handover(id)? else { return Ok(None) };
        handover.push_line(line);
        self.put_handover(&handover)?;
        Ok(Some(handover))
    }

    fn close(&self, id: u64, why: Closed, now: DateTime<Utc>) -> Result<Option<Handover>, StorageError> {
        let Some(mut handover) = self.own_handover(id)? else { return Ok(None) };
        if handover.close(now, why) {
            self.put_handover(&handover)?;
        }
        if self.read(TreeId::HandoverOpen, &self.open_key())?.as_deref().and_then(key_id) == Some(id) {
            self.stage(TreeId::HandoverOpen, self.open_key(), None);
        }
        Ok(Some(handover))
    }

    fn forget_all(&self) -> Result<usize, StorageError> {
        let mut removed = 0;
        for (key, bytes) in self.scan(TreeId::Handovers, &[])? {
            let handover = codec::open::<Handover>(self.store.sealer(), &bytes);
            if handover.is_some_and(|it| &it.user == cekbae_bot::TurnTx::user(self)) {
                self.stage(TreeId::Handovers, key, None);
                removed += 1;
            }
        }
        self.stage(TreeId::HandoverOpen, self.open_key(), None);
        Ok(removed)
    }
}

impl Handovers for SledStore {
    fn get(&self, id: u64) -> Result<Option<Handover>, StorageError> {
        let bytes = self.trees().handovers.get(id_key(id)).storage()?;
        Ok(bytes.and_then(|it| codec::open(self.sealer(), &it)))
    }

    fn all(&self) -> Result<Vec<Handover>, StorageError> {
        let mut res = Vec::new();
        for value in self.trees().handovers.iter().values() {
            if let Some(handover) = codec::open(self.sealer(), &value.storage()?) {
                res.push(handover);
            }
        }
        Ok(res)
    }

    fn forget_lines_before(&self, before: DateTime<Utc>) -> Result<usize, StorageError> {
        let tree = &self.trees().handovers;
        let mut cleared = 0;
        for item in tree.iter() {
            let (key, bytes) = item.storage()?;
            let Some(mut handover) = codec::open::<Handover>(self.sealer(), &bytes) else { continue };
            if handover.closed.is_none() || handover.opened_at >= before || handover.lines.is_empty() {
                continue;
            }
            handover.lines.clear();
            handover.summary.clear();
            let new = codec::seal(self.sealer(), &handover)?;
            // Compare-and-swap: a closed handover does not change in turns, but a desk reply racing the purge
            // must not be lost; it is cleared next time.
            if tree.compare_and_swap(&key, Some(bytes), Some(new)).storage()?.is_ok() {
                cleared += 1;
            }
        }
        Ok(cleared)
    }
}
