//! Delivery statuses a channel reports for messages it sent (WhatsApp: sent, delivered, read, failed).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::StorageError;

/// The latest known status of one sent message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRecord {
    /// The channel's status word (`sent`, `delivered`, `read`, `played`, `failed`).
    pub status: String,
    /// The channel's error code, for `failed`.
    pub error_code: Option<i64>,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

/// Statuses per channel and sent message id.
pub trait ChannelStatuses {
    /// Records `new` unless the stored status ranks at least as high by `rank` (the channel's order of its
    /// statuses: they arrive late and out of order, and a late `delivered` must not overwrite `read`). The
    /// comparison and the write are one atomic step. Returns whether `new` was stored.
    fn record(
        &self,
        channel: &str,
        message_id: &str,
        new: &StatusRecord,
        rank: fn(&str) -> u8,
    ) -> Result<bool, StorageError>;

    /// The latest status of a sent message.
    fn get(&self, channel: &str, message_id: &str) -> Result<Option<StatusRecord>, StorageError>;

    /// Forgets the statuses recorded before `before`, and any record that cannot be read (the retention rules:
    /// a status names a message sent to a resident). A status recorded meanwhile is newer and stays. Returns
    /// how many went.
    fn prune_before(&self, channel: &str, before: DateTime<Utc>) -> Result<usize, StorageError>;

    /// How many sent messages are known per status (for reports).
    fn counts(&self, channel: &str) -> Result<BTreeMap<String, usize>, StorageError>;
}
