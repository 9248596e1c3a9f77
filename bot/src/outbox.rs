//! Replies waiting to be delivered: written in the same transaction as the turn
//! that produced them, removed once the channel accepted them.
//!
//! A channel that sends over the network (WhatsApp, Telegram) may fail or the
//! process may stop between a turn and its delivery. Because the session and
//! the processed message id are stored first, a redelivered message is not
//! answered twice; the outbox makes sure the first answer is not lost either.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::message::{Outgoing, UserKey};

/// One turn's replies to one resident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Who the replies are for.
    pub user: UserKey,
    /// The inbound message they answer, if the channel has ids.
    pub message_id: Option<String>,
    /// The replies, in order.
    pub replies: Vec<Outgoing>,
    /// When the turn ran.
    pub at: DateTime<Utc>,
}
