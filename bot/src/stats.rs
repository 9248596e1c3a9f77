//! Anonymous statistics of conversations, for the office's reports: how many
//! residents, on which channel, how far each conversation got, and what it
//! was about. No message text, no NIK: residents appear only as a salted hash,
//! so the counts survive when personal data is deleted.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::message::UserKey;
use crate::store::StoreError;

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

/// The `conversations` tree, keyed by conversation id.
#[derive(Debug, Clone)]
pub struct StatsStore {
    tree: sled::Tree,
    salt: Vec<u8>,
}

impl StatsStore {
    /// Opens the tree; creates the installation's salt the first time.
    pub fn open(db: &sled::Db) -> Result<Self, StoreError> {
        let meta = db.open_tree("meta")?;
        let salt = match meta.get("pseudonym_salt")? {
            Some(it) => it.to_vec(),
            None => {
                let mut hasher = Sha256::new();
                hasher.update(db.generate_id()?.to_be_bytes());
                hasher.update(Utc::now().timestamp_nanos_opt().unwrap_or_default().to_be_bytes());
                hasher.update(std::process::id().to_be_bytes());
                let salt = hasher.finalize().to_vec();
                meta.insert("pseudonym_salt", salt.as_slice())?;
                salt
            }
        };
        Ok(Self { tree: db.open_tree("conversations")?, salt })
    }

    /// The tree, for writing in the same transaction as a turn.
    pub(crate) fn tree(&self) -> &sled::Tree {
        &self.tree
    }

    /// A resident's pseudonym: the same resident always gets the same one.
    pub fn pseudonym(&self, user: &UserKey) -> String {
        let mut hasher = Sha256::new();
        hasher.update(&self.salt);
        hasher.update(user.storage_key());
        hex_prefix(&hasher.finalize())
    }

    /// Every conversation, oldest first.
    pub fn all(&self) -> Result<Vec<ConversationStats>, StoreError> {
        let mut res = Vec::new();
        for item in self.tree.iter() {
            let (_, value) = item?;
            if let Ok(stats) = serde_json::from_slice(&value) {
                res.push(stats);
            }
        }
        Ok(res)
    }
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(12).map(|b| format!("{b:02x}")).collect()
}
