//! The anonymous statistics (`conversations`: conversation id → JSON, not sealed: no words, no resident).

use cekbae_bot::stats::ConversationStats;
use cekbae_bot::storage::{Statistics, StorageError};

use crate::error::SledResult;
use crate::SledStore;

impl Statistics for SledStore {
    fn all(&self) -> Result<Vec<ConversationStats>, StorageError> {
        let mut res = Vec::new();
        for value in self.trees().conversations.iter().values() {
            if let Ok(stats) = serde_json::from_slice(&value.storage()?) {
                res.push(stats);
            }
        }
        Ok(res)
    }
}
