//! Signed-in sessions of the desk in the browser. The store is given a key derived from the cookie (a hash),
//! never the cookie itself, so what is at rest cannot be replayed as a login.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::StorageError;

/// One signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebSession {
    /// The account signed in.
    pub account: String,
    /// The token every form of this session carries (against cross-site requests).
    pub csrf: String,
    /// When the user signed in.
    pub started_at: DateTime<Utc>,
    /// The last request; a session idle too long has ended.
    pub last_seen: DateTime<Utc>,
}

/// Sessions by key. Every change is durable when it returns.
pub trait WebSessions {
    /// Stores (or replaces) the session under `key`.
    fn put(&self, key: &str, session: &WebSession) -> Result<(), StorageError>;

    /// The session under `key`.
    fn get(&self, key: &str) -> Result<Option<WebSession>, StorageError>;

    /// Ends the session under `key`; `false` when there was none.
    fn remove(&self, key: &str) -> Result<bool, StorageError>;

    /// Ends every session of `account` (disabled, new password); returns how many.
    fn remove_of(&self, account: &str) -> Result<usize, StorageError>;

    /// Ends every session last seen before `before`; returns how many.
    fn remove_idle(&self, before: DateTime<Utc>) -> Result<usize, StorageError>;
}
