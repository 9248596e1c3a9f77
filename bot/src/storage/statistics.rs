//! The anonymous statistics of conversations as stored (written by the turn's commit).

use super::error::StorageError;
use crate::stats::ConversationStats;

/// Reading the statistics, for reports.
pub trait Statistics {
    /// Every conversation, oldest first.
    fn all(&self) -> Result<Vec<ConversationStats>, StorageError>;
}
