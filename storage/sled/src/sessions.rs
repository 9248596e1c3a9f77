//! Session maintenance: listing residents, purging idle sessions, pruning processed message ids.

use chrono::{DateTime, Utc};

use cekbae_bot::session::SessionRecord;
use cekbae_bot::storage::{Sessions, StorageError};
use cekbae_bot::UserKey;

use crate::codec;
use crate::envelope::Envelope;
use crate::error::SledResult;
use crate::SledStore;

impl Sessions for SledStore {
    fn users(&self) -> Result<Vec<UserKey>, StorageError> {
        let mut res = Vec::new();
        for item in self.trees().sessions().iter() {
            let (key, _) = item.storage()?;
            // Channel names hold no ':'; the user id after it may.
            if let Some((channel, id)) = String::from_utf8_lossy(&key).split_once(':') {
                res.push(UserKey::new(channel, id));
            }
        }
        Ok(res)
    }

    fn purge_idle(&self, before: DateTime<Utc>) -> Result<usize, StorageError> {
        let sessions = self.trees().sessions();
        let mut removed = 0;
        for item in sessions.iter() {
            let (key, bytes) = item.storage()?;
            let record = Envelope::decode(&bytes);
            let opened = codec::open::<SessionRecord>(self.sealer(), &record.session);
            let stale = opened.as_ref().is_none_or(|it| it.meta.updated_at < before);
            if stale {
                // The replies its last turn queued stay queued without it, and its last message stays marked
                // processed until `prune_seen` says otherwise.
                let text = String::from_utf8_lossy(&key);
                let channel = text.split_once(':').map_or("", |(channel, _)| channel);
                self.keep_marks(channel, &record)?;
            }
            // Compare-and-swap: a turn that wrote meanwhile wins.
            if stale && sessions.compare_and_swap(&key, Some(bytes), None as Option<&[u8]>).storage()?.is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn prune_seen(&self, before: DateTime<Utc>) -> Result<usize, StorageError> {
        let seen = self.trees().seen();
        let mut removed = 0;
        for item in seen.iter() {
            let (key, value) = item.storage()?;
            let at = <[u8; 8]>::try_from(value.as_ref()).map(i64::from_be_bytes).unwrap_or(0);
            if at < before.timestamp() {
                seen.remove(key).storage()?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}
