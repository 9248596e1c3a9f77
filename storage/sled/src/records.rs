//! Dialogue records (`records`: `kind \0 key` → sealed {owner, at, value}).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{DialogueRecord, Records, StorageError, TurnRecords};
use cekbae_bot::{TurnTx, UserKey};

use crate::codec;
use crate::error::SledResult;
use crate::trees::TreeId;
use crate::turn::SledTurn;
use crate::SledStore;

/// A record as stored.
#[derive(Serialize, Deserialize)]
struct Stored {
    owner: UserKey,
    at: DateTime<Utc>,
    value: serde_json::Value,
}

fn record_key(kind: &str, key: &str) -> Vec<u8> {
    format!("{kind}\u{0}{key}").into_bytes()
}

fn kind_prefix(kind: &str) -> Vec<u8> {
    record_key(kind, "")
}

fn record_of(prefix: &[u8], key: &[u8], stored: Stored) -> DialogueRecord {
    DialogueRecord {
        key: String::from_utf8_lossy(&key[prefix.len()..]).into_owned(),
        owner: stored.owner,
        at: stored.at,
        value: stored.value,
    }
}

impl TurnRecords for SledTurn<'_> {
    fn get(&self, kind: &str, key: &str) -> Result<Option<DialogueRecord>, StorageError> {
        let full = record_key(kind, key);
        let Some(bytes) = self.read(TreeId::Records, &full)? else { return Ok(None) };
        let stored = codec::open::<Stored>(self.store.sealer(), &bytes)
            .ok_or_else(|| StorageError::of_kind(cekbae_bot::storage::ErrorKind::CorruptRecord))?;
        Ok(Some(record_of(&kind_prefix(kind), &full, stored)))
    }

    fn put(&self, kind: &str, key: &str, at: DateTime<Utc>, value: serde_json::Value) -> Result<(), StorageError> {
        let stored = Stored { owner: self.user().clone(), at, value };
        self.stage(TreeId::Records, record_key(kind, key), Some(codec::seal(self.store.sealer(), &stored)?));
        Ok(())
    }

    fn forget_mine(&self, kind: &str) -> Result<usize, StorageError> {
        let mut removed = 0;
        for (key, bytes) in self.scan(TreeId::Records, &kind_prefix(kind))? {
            let owner = codec::open::<Stored>(self.store.sealer(), &bytes).map(|it| it.owner);
            if owner.as_ref() == Some(self.user()) {
                self.stage(TreeId::Records, key, None);
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// A stored record as (kind, record), if it reads.
pub(crate) fn decode(
    sealer: &dyn cekbae_bot::storage::Sealer,
    key: &[u8],
    bytes: &[u8],
) -> Option<(String, DialogueRecord)> {
    let split = key.iter().position(|it| *it == 0)?;
    let kind = String::from_utf8_lossy(&key[..split]).into_owned();
    let stored = codec::open::<Stored>(sealer, bytes)?;
    Some((kind.clone(), record_of(&kind_prefix(&kind), key, stored)))
}

impl Records for SledStore {
    fn all(&self, kind: &str) -> Result<Vec<DialogueRecord>, StorageError> {
        let prefix = kind_prefix(kind);
        let mut res = Vec::new();
        for item in self.trees().records.scan_prefix(&prefix) {
            let (key, bytes) = item.storage()?;
            if let Some(stored) = codec::open::<Stored>(self.sealer(), &bytes) {
                res.push(record_of(&prefix, &key, stored));
            }
        }
        Ok(res)
    }
}
