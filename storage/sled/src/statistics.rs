//! The anonymous statistics (conversation id → JSON in the turn tree, not sealed: no words, no resident).

use cekbae_bot::stats::ConversationStats;
use cekbae_bot::storage::{Statistics, StorageError};

use crate::error::SledResult;
use crate::SledStore;

impl Statistics for SledStore {
    fn all(&self) -> Result<Vec<ConversationStats>, StorageError> {
        let mut res = Vec::new();
        for item in self.trees().conversations().iter() {
            let (_, value) = item.storage()?;
            if let Ok(stats) = serde_json::from_slice(&value) {
                res.push(stats);
            }
        }
        Ok(res)
    }
}
