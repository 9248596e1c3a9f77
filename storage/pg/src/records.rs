//! Dialogue records (`records`: kind, key, owner, sealed {owner, at, value}).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{DialogueRecord, ErrorKind, Records, StorageError, TurnRecords};
use cekbae_bot::{TurnTx, UserKey};

use crate::turn::PgTurn;
use crate::{codec, PgStore};

/// A record as sealed.
#[derive(Serialize, Deserialize)]
struct Stored {
    owner: UserKey,
    at: DateTime<Utc>,
    value: serde_json::Value,
}

/// A record's sealed column.
pub(crate) fn sealed(
    sealer: &dyn cekbae_bot::storage::Sealer,
    record: &DialogueRecord,
) -> Result<Vec<u8>, StorageError> {
    codec::seal(sealer, &Stored { owner: record.owner.clone(), at: record.at, value: record.value.clone() })
}

fn record_of(key: String, stored: Stored) -> DialogueRecord {
    DialogueRecord { key, owner: stored.owner, at: stored.at, value: stored.value }
}

impl TurnRecords for PgTurn<'_> {
    fn get(&self, kind: &str, key: &str) -> Result<Option<DialogueRecord>, StorageError> {
        let rows = self.rows("SELECT sealed FROM records WHERE kind = $1 AND key = $2", &[&kind, &key])?;
        let Some(row) = rows.first() else { return Ok(None) };
        let stored = codec::open::<Stored>(self.store.sealer(), &row.get::<_, Vec<u8>>(0))
            .ok_or_else(|| StorageError::of_kind(ErrorKind::CorruptRecord))?;
        Ok(Some(record_of(key.to_owned(), stored)))
    }

    fn put(&self, kind: &str, key: &str, at: DateTime<Utc>, value: serde_json::Value) -> Result<(), StorageError> {
        let user = self.user().clone();
        let sealed = codec::seal(self.store.sealer(), &Stored { owner: user.clone(), at, value })?;
        self.execute(
            "INSERT INTO records (kind, key, channel, user_id, sealed) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (kind, key) DO UPDATE SET channel = excluded.channel, user_id = excluded.user_id,
                 sealed = excluded.sealed",
            &[&kind, &key, &user.channel, &user.id, &sealed],
        )?;
        Ok(())
    }

    fn forget_mine(&self, kind: &str) -> Result<usize, StorageError> {
        let user = self.user();
        let removed = self.execute(
            "DELETE FROM records WHERE kind = $1 AND channel = $2 AND user_id = $3",
            &[&kind, &user.channel, &user.id],
        )?;
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }
}

impl Records for PgStore {
    fn all(&self, kind: &str) -> Result<Vec<DialogueRecord>, StorageError> {
        let rows = self.rows("SELECT key, sealed FROM records WHERE kind = $1 ORDER BY key", &[&kind])?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let stored = codec::open::<Stored>(self.sealer(), &row.get::<_, Vec<u8>>(1))?;
                Some(record_of(row.get(0), stored))
            })
            .collect())
    }
}
