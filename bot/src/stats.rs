//! Anonymous statistics of conversations, for the office's reports: how many
//! residents, on which channel, how far each conversation got, and what it
//! was about. No message text, no NIK: residents appear only as a salted hash,
//! so the counts survive when personal data is deleted.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::message::UserKey;

/// One conversation, from its first message to its end (or expiry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationStats {
    /// The channel.
    pub channel: String,
    /// The resident as a salted hash (distinct residents can be counted, not named).
    pub resident: String,
    /// First message.
    pub started_at: DateTime<Utc>,
    /// Last message.
    pub updated_at: DateTime<Utc>,
    /// States reached, in the order first reached.
    pub states: Vec<String>,
    /// Non-personal facts the dialogue reports ([`crate::Dialogue::stats`]), e.g. the document.
    pub facts: BTreeMap<String, String>,
}

/// A resident's pseudonym under the installation's `salt`: the same resident always gets the same one.
pub fn pseudonym(salt: &[u8], user: &UserKey) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(user.storage_key());
    hex_prefix(&hasher.finalize())
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(12).map(|b| format!("{b:02x}")).collect()
}
