//! The anonymous statistics (`conversations`: id → JSON; written by the turn's commit).

use cekbae_bot::stats::ConversationStats;
use cekbae_bot::storage::{Statistics, StorageError};

use crate::{codec, PgStore};

impl Statistics for PgStore {
    fn all(&self) -> Result<Vec<ConversationStats>, StorageError> {
        let rows = self.rows("SELECT body FROM conversations ORDER BY id", &[])?;
        Ok(rows.into_iter().filter_map(|row| codec::from_json(row.get(0)).ok()).collect())
    }
}
