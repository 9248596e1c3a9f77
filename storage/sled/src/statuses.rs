//! Delivery statuses (`<channel>_statuses`, e.g. `whatsapp_statuses`: message id → JSON record).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use cekbae_bot::storage::{ChannelStatuses, StatusRecord, StorageError};

use crate::error::SledResult;
use crate::SledStore;

impl SledStore {
    fn status_tree(&self, channel: &str) -> Result<sled::Tree, StorageError> {
        self.inner.db.open_tree(format!("{channel}_statuses")).storage()
    }
}

impl ChannelStatuses for SledStore {
    fn record(
        &self,
        channel: &str,
        message_id: &str,
        new: &StatusRecord,
        rank: fn(&str) -> u8,
    ) -> Result<bool, StorageError> {
        let bytes = crate::codec::json(new)?;
        let mut stored = false;
        self.status_tree(channel)?
            .fetch_and_update(message_id, |old| {
                let keep_old = old
                    .and_then(|it| serde_json::from_slice::<StatusRecord>(it).ok())
                    .is_some_and(|it| rank(&it.status) >= rank(&new.status));
                stored = !keep_old;
                if keep_old {
                    old.map(<[u8]>::to_vec)
                } else {
                    Some(bytes.clone())
                }
            })
            .storage()?;
        Ok(stored)
    }

    fn get(&self, channel: &str, message_id: &str) -> Result<Option<StatusRecord>, StorageError> {
        Ok(self.status_tree(channel)?.get(message_id).storage()?.and_then(|it| serde_json::from_slice(&it).ok()))
    }

    fn prune_before(&self, channel: &str, before: DateTime<Utc>) -> Result<usize, StorageError> {
        let tree = self.status_tree(channel)?;
        let mut pruned = 0;
        for item in tree.iter() {
            let (key, value) = item.storage()?;
            let old = serde_json::from_slice::<StatusRecord>(&value).map_or(true, |it| it.at < before);
            // Compare-and-swap: a status recorded meanwhile is newer and stays.
            if old && tree.compare_and_swap(&key, Some(value), None::<&[u8]>).storage()?.is_ok() {
                pruned += 1;
            }
        }
        Ok(pruned)
    }

    fn counts(&self, channel: &str) -> Result<BTreeMap<String, usize>, StorageError> {
        let mut counts = BTreeMap::new();
        for value in self.status_tree(channel)?.iter().values() {
            if let Ok(record) = serde_json::from_slice::<StatusRecord>(&value.storage()?) {
                *counts.entry(record.status).or_default() += 1;
            }
        }
        Ok(counts)
    }
}
