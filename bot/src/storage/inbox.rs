//! Messages a channel acknowledged whose turns are not stored yet: accept → claim → complete.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::error::StorageError;
use crate::message::{Incoming, UserKey};

/// What a channel hands over: a message for the engine, or one to answer with a single engine message (a
/// photo: `engine-non-text`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Inbound {
    /// A message to run through the engine.
    Turn(Incoming),
    /// A message the dialogue cannot read, answered with the engine message `message`.
    Notice {
        /// Who wrote.
        user: UserKey,
        /// The channel's id of the message.
        message_id: Option<String>,
        /// The Fluent id of the answer.
        message: String,
    },
}

impl Inbound {
    /// Who wrote.
    pub fn user(&self) -> &UserKey {
        match self {
            Inbound::Turn(incoming) => &incoming.user,
            Inbound::Notice { user, .. } => user,
        }
    }

    /// The channel's id of the message, if it has one.
    pub fn message_id(&self) -> Option<&str> {
        match self {
            Inbound::Turn(incoming) => incoming.message_id.as_deref(),
            Inbound::Notice { message_id, .. } => message_id.as_deref(),
        }
    }
}

/// The inbox. Entries carry a sequence, so one resident's messages are replayed in arrival order.
pub trait Inbox {
    /// Keeps an acknowledged message, claimed by this instance (which runs it next). Durable once
    /// [`super::Store::flush`] returned. Returns its id.
    fn accept(&self, item: &Inbound) -> Result<u64, StorageError>;

    /// Claims, for this instance and for `lease`, up to `limit` messages nobody holds a live lease on,
    /// oldest first (after a restart: every message whose turn was not stored).
    fn claim(&self, lease: Duration, limit: usize) -> Result<Vec<(u64, Inbound)>, StorageError>;

    /// Forgets a message once its turn is stored.
    fn complete(&self, id: u64) -> Result<(), StorageError>;

    /// How many accepted messages wait for their turn (for `/metrics`).
    fn backlog(&self) -> Result<usize, StorageError>;

    /// The messages of `user` accepted before message `id` that are still waiting, oldest first, whoever
    /// accepted them: an instance runs these before `id`, so a resident's turns follow the inbox's order
    /// when their messages reach different instances (the turns of one already run are duplicates).
    /// Backends that serve one process keep that order in the process, and have none to return.
    fn waiting_before(&self, user: &UserKey, id: u64) -> Result<Vec<(u64, Inbound)>, StorageError> {
        let _ = (user, id);
        Ok(Vec::new())
    }
}
