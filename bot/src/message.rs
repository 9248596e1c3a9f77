//! Plain data that crosses the engine boundary: who wrote, what they wrote, and what to send back.

use std::fmt;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Identifies one resident on one channel. The pair is the session key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserKey {
    /// The channel name, e.g. `console`, `whatsapp`, `telegram`.
    pub channel: String,
    /// The resident's id on that channel (phone number, chat id, console user).
    pub id: String,
}

impl UserKey {
    /// Builds a key from a channel name and a user id.
    pub fn new(channel: impl Into<String>, id: impl Into<String>) -> Self {
        Self { channel: channel.into(), id: id.into() }
    }

    /// The byte key under which the session is stored.
    pub fn storage_key(&self) -> Vec<u8> {
        format!("{}:{}", self.channel, self.id).into_bytes()
    }
}

impl UserKey {
    /// A pseudonym of the resident for logs: the same within one run of the
    /// process, meaningless outside it (a keyed hash whose key is random per
    /// process, so it cannot be reversed by trying every phone number).
    pub fn pseudonym(&self) -> String {
        static KEY: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
        format!("~{:08x}", KEY.get_or_init(Default::default).hash_one(self) as u32)
    }
}

/// How a resident appears in logs: the channel and a [`UserKey::pseudonym`],
/// never the phone number or chat id. Every log line that names a resident
/// uses this; a `debug` line that must name the number logs `id` explicitly.
impl fmt::Display for UserKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.channel, self.pseudonym())
    }
}

/// One inbound message, already converted from the channel's wire format.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Incoming {
    /// Who wrote.
    pub user: UserKey,
    /// The channel's message id, used to process each message at most once.
    /// `None` when the channel has no ids (the console).
    pub message_id: Option<String>,
    /// What the resident typed, or the label of the button they pressed.
    pub text: String,
    /// The option id of a pressed button or list row, when the channel has them.
    pub choice: Option<String>,
    /// A file the resident sent (a photo, a PDF), as the channel describes it; its caption, if any, is
    /// [`Incoming::text`]. The bytes are fetched later, off the turn ([`crate::media::MediaSource`]).
    /// Absent in inbox entries stored before files were accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
}

impl Incoming {
    /// A typed text message without a channel message id.
    pub fn text(user: UserKey, text: impl Into<String>) -> Self {
        Self { user, message_id: None, text: text.into(), choice: None, attachment: None }
    }
}

/// A file a resident sent, as the channel announced it: enough to fetch it later and to refuse it at once
/// when the channel already says it cannot be accepted (a declared type or size).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The channel's id of the file (WhatsApp's media id, Telegram's `file_id`).
    pub media_id: String,
    /// The MIME type the channel declared (`image/jpeg`, `application/pdf`), if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// The size in bytes the channel declared, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_size: Option<u64>,
    /// The SHA-256 of the content the channel declared (WhatsApp: base64), checked after the download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The file name a document carried (never shown unescaped to staff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
}

/// One outbound message, rendered in the resident's language and channel-neutral:
/// adapters decide how to draw the options (buttons, lists or numbered lines).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The message body.
    pub text: String,
    /// Options the resident can pick, in display order. The first is number 1.
    pub options: Vec<Choice>,
    /// The label of a button that opens the options as a list ("Pilih"), in
    /// the resident's language; empty when there are no options.
    #[serde(default)]
    pub choose_label: String,
    /// The channel message id this answers, when there is one; channels that
    /// can carry it (WhatsApp's `biz_opaque_callback_data`) tag the message with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// A place to send as a map pin (WhatsApp `location`, Telegram `sendLocation`)
    /// instead of [`Outgoing::text`], which text-only channels show. Absent in
    /// outbox entries stored before locations existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Set on a message the office sends on its own (a reminder): what a channel with a free-form window
    /// needs to send it as a template outside the window. Absent on answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proactive: Option<crate::proactive::Proactive>,
}

/// A rendered map pin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Latitude in decimal degrees.
    pub latitude: f64,
    /// Longitude in decimal degrees.
    pub longitude: f64,
    /// The place's name, in the resident's language.
    pub name: String,
    /// Its postal address.
    pub address: String,
}

// Coordinates come from validated configuration (finite, in range), never NaN,
// so equality is reflexive and messages stay comparable as a whole.
impl Eq for Location {}

/// One selectable option of an [`Outgoing`] message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Stable id sent back by buttons; adapters must not change it.
    pub id: String,
    /// Rendered label.
    pub label: String,
}

impl Outgoing {
    /// A message without options.
    pub fn plain(text: impl Into<String>) -> Self {
        Self { text: text.into(), ..Self::default() }
    }

    /// Renders the message as plain text with numbered options, the way the
    /// console and text-only channels show it.
    pub fn to_plain_text(&self) -> String {
        let mut res = self.text.clone();
        for (idx, choice) in self.options.iter().enumerate() {
            res.push('\n');
            res.push_str(&format!("{}. {}", idx + 1, choice.label));
        }
        res
    }
}
