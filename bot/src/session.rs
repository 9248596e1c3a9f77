//! The stored form of one resident's conversation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Version of [`SessionRecord`]'s own layout (not the dialogue's state).
pub const SESSION_SCHEMA: u32 = 1;

/// One conversation as stored in sled, as JSON.
///
/// The dialogue's state is kept as a JSON value so that a state the current
/// code can no longer read is detected and reset politely instead of making
/// the whole record unreadable.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionRecord {
    /// [`SESSION_SCHEMA`] at the time of writing.
    pub schema: u32,
    /// The dialogue's `VERSION` at the time of writing.
    pub dialogue_version: u32,
    /// The resident's locale code.
    pub locale: String,
    /// Whether the resident (or a tester's `--locale`) chose the locale; if not,
    /// the engine may switch it to the language the resident writes in.
    #[serde(default, skip_serializing_if = "is_false")]
    pub locale_chosen: bool,
    /// The dialogue state.
    pub state: serde_json::Value,
    /// Earlier states, most recent last, for `kembali`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<serde_json::Value>,
    /// Ids of the options shown last, so that a number picks among them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// When the conversation began.
    pub created_at: DateTime<Utc>,
    /// The last turn; used for idle expiry.
    pub updated_at: DateTime<Utc>,
    /// Number of turns so far.
    #[serde(default)]
    pub turns: u64,
    /// The conversation's id in the anonymous statistics (0: none yet).
    #[serde(default)]
    pub conversation: u64,
    /// States reached in this conversation, in order (for the statistics).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<String>,
    /// Non-personal facts of this conversation (for the statistics).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub facts: std::collections::BTreeMap<String, String>,
    /// The resident's last few messages, numbers masked: context for a petugas on handover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recent: Vec<String>,
    /// The resident asked to delete their data and was asked to confirm.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pending_forget: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}
