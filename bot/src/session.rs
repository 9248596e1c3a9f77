//! The stored form of one resident's conversation, and the metadata the engine keeps beside the dialogue's
//! state (shared by the live session of a turn and the stored record).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Version of [`SessionRecord`]'s own layout (not the dialogue's state).
pub const SESSION_SCHEMA: u32 = 1;

/// One conversation as stored.
///
/// The dialogue's state is kept as a JSON value so that a state the current code can no longer read is
/// detected and reset politely instead of making the whole record unreadable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// [`SESSION_SCHEMA`] at the time of writing.
    pub schema: u32,
    /// The dialogue's `VERSION` at the time of writing.
    pub dialogue_version: u32,
    /// The dialogue state.
    pub state: serde_json::Value,
    /// Earlier states, most recent last, for `kembali`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<serde_json::Value>,
    /// Ids of the options shown last, so that a number picks among them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Everything else the engine keeps about the conversation.
    #[serde(flatten)]
    pub meta: SessionMeta,
}

/// What the engine keeps about a conversation besides the dialogue's state: stored flat beside the state in
/// a [`SessionRecord`], and carried by the engine's live session during a turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionMeta {
    /// The resident's locale code.
    pub locale: String,
    /// Whether the resident (or a tester's `--locale`) chose the locale; if not, the engine may switch it to
    /// the language the resident writes in.
    #[serde(default, skip_serializing_if = "is_false")]
    pub locale_chosen: bool,
    /// When the conversation began.
    pub created_at: DateTime<Utc>,
    /// The last turn; used for idle expiry.
    pub updated_at: DateTime<Utc>,
    /// The resident's last own message (a turn of theirs, not a message the office queued): opens a
    /// channel's free-form window ([`crate::proactive::free_form_window`]). Absent in older records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_inbound: Option<DateTime<Utc>>,
    /// The channel id of the resident's last message and whether its turn moved the conversation to another
    /// step: an edit of that message, if it did not, is read as the resident's new answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_message: Option<LastMessage>,
    /// When the resident was last asked to type (a photo, a voice note): an album of photos arriving in
    /// several deliveries is answered once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_notice_at: Option<DateTime<Utc>>,
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
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facts: BTreeMap<String, String>,
    /// The resident's last few messages, numbers masked: context for a petugas on handover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recent: Vec<String>,
    /// The resident asked to delete their data and was asked to confirm.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pending_forget: bool,
    /// An office message waits for the resident to write ([`crate::proactive::HELD`]): their next turn takes
    /// it (only then is the record read, so other turns pay nothing for the feature).
    #[serde(default, skip_serializing_if = "is_false")]
    pub held: bool,
}

impl SessionMeta {
    /// The metadata of a conversation starting now in `locale`.
    pub fn fresh(locale: &str, now: DateTime<Utc>) -> Self {
        Self {
            locale: locale.to_owned(),
            locale_chosen: false,
            created_at: now,
            updated_at: now,
            last_inbound: None,
            last_message: None,
            last_notice_at: None,
            turns: 0,
            conversation: 0,
            states: Vec::new(),
            facts: BTreeMap::new(),
            recent: Vec::new(),
            pending_forget: false,
            held: false,
        }
    }
}

/// The resident's last message, as [`SessionMeta::last_message`] keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastMessage {
    /// The channel's message id.
    pub id: String,
    /// Whether its turn moved the conversation to another step.
    pub moved: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}
