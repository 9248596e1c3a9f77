//! Webhook bodies → events. Lenient where Meta may add fields, strict where a
//! wrong shape would mean acting on garbage: one unreadable message is skipped
//! and logged, the others in the same POST are still handled.

use cekbae_bot::Attachment;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

/// Something a webhook POST reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A resident wrote.
    Message {
        /// The business number the message was sent to (`metadata.phone_number_id`).
        phone_number_id: Option<String>,
        /// Who wrote: their business-scoped user id (`from_user_id`, `contacts[].user_id`) when Meta gives
        /// one, so a resident known first by username and later also by number stays one resident; else
        /// their number (`from`, digits).
        from: String,
        /// The message id (`wamid…`), unique per message.
        id: String,
        /// When the resident sent it (`timestamp`, Unix seconds), when given and readable.
        sent_at: Option<DateTime<Utc>>,
        /// What they sent.
        content: Content,
    },
    /// A delivery status of a message we sent.
    Status {
        /// The business number.
        phone_number_id: Option<String>,
        /// Our message's id.
        id: String,
        /// `sent`, `delivered`, `read`, `failed`, ...
        status: String,
        /// The first error code, for `failed`.
        error_code: Option<i64>,
    },
    /// An error about the account or app, not tied to a message.
    AccountError {
        /// Meta's error code (e.g. 130429).
        code: Option<i64>,
        /// Meta's title.
        title: String,
    },
}

/// The content of a resident's message.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Typed text.
    Text(String),
    /// A pressed reply button, list row or template quick reply: the option id and its title.
    Choice {
        /// The option id we sent.
        id: String,
        /// Its title, as shown.
        title: String,
    },
    /// A photo (`image`) or a file (`document`): what Meta announced, to fetch it later by its media id, and
    /// the caption the resident wrote under it (empty without one).
    File {
        /// The media id, type, declared checksum and file name.
        attachment: Attachment,
        /// The caption.
        caption: String,
    },
    /// Anything else the resident sent (audio, sticker, video, location, unsupported...): its `type`.
    Other(String),
    /// An edited text: read as the resident's new answer when it edits their latest message and the
    /// conversation has not moved on since (else let go quietly).
    Edit {
        /// The id of the message edited.
        original: String,
        /// The new text.
        text: String,
    },
    /// The resident's number changed (`system`, `user_changed_number`): their data moves to the new one.
    NumberChanged {
        /// The new number (`system.wa_id`).
        new: String,
    },
    /// Not a message to answer: a reaction (added or removed), a system notice (a changed number or
    /// identity), a deleted or edited message. Recorded in the log at most.
    Quiet(String),
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: ChangeValue,
}

#[derive(Default, Deserialize)]
struct ChangeValue {
    metadata: Option<Metadata>,
    #[serde(default)]
    contacts: Vec<RawContact>,
    #[serde(default)]
    messages: Vec<Value>,
    #[serde(default)]
    statuses: Vec<Value>,
    #[serde(default)]
    errors: Vec<Value>,
}

#[derive(Deserialize)]
struct Metadata {
    phone_number_id: String,
}

#[derive(Deserialize)]
struct RawContact {
    user_id: Option<String>,
}

#[derive(Deserialize)]
struct RawMessage {
    /// Absent for a resident who shows a username instead of their number.
    from: Option<String>,
    /// Their business-scoped user id.
    from_user_id: Option<String>,
    id: String,
    /// Unix seconds, as a string (Meta's form) or a number.
    timestamp: Option<Value>,
    #[serde(rename = "type", default)]
    kind: String,
    text: Option<RawText>,
    interactive: Option<RawInteractive>,
    button: Option<RawButton>,
    edit: Option<RawEdit>,
    system: Option<RawSystem>,
    image: Option<RawMedia>,
    document: Option<RawMedia>,
}

/// An `image` or `document` object: the bytes are not inline, only the id to fetch them by.
#[derive(Deserialize)]
struct RawMedia {
    /// Required; an object without one is read as any other non-text message.
    #[serde(default)]
    id: String,
    mime_type: Option<String>,
    sha256: Option<String>,
    /// Documents only.
    filename: Option<String>,
    caption: Option<String>,
}

impl RawMedia {
    fn content(self) -> Content {
        let attachment = Attachment {
            media_id: self.id,
            mime_type: self.mime_type,
            // The webhook declares no size; the media endpoint does, and is checked before downloading.
            declared_size: None,
            sha256: self.sha256,
            file_name: self.filename,
        };
        Content::File { attachment, caption: self.caption.unwrap_or_default() }
    }
}

#[derive(Deserialize)]
struct RawSystem {
    #[serde(rename = "type", default)]
    kind: String,
    wa_id: Option<String>,
}

#[derive(Deserialize)]
struct RawEdit {
    original_message_id: String,
    message: Option<RawEdited>,
}

#[derive(Deserialize)]
struct RawEdited {
    text: Option<RawText>,
}

#[derive(Deserialize)]
struct RawText {
    body: String,
}

#[derive(Deserialize)]
struct RawInteractive {
    list_reply: Option<RawReply>,
    button_reply: Option<RawReply>,
}

#[derive(Deserialize)]
struct RawReply {
    id: String,
    #[serde(default)]
    title: String,
}

#[derive(Deserialize)]
struct RawButton {
    payload: Option<String>,
    #[serde(default)]
    text: String,
}

#[derive(Deserialize)]
struct RawStatus {
    id: String,
    status: String,
    #[serde(default)]
    errors: Vec<RawError>,
}

#[derive(Deserialize)]
struct RawError {
    code: Option<i64>,
    #[serde(default)]
    title: String,
}

/// Reads a webhook body. An error means the body is not a webhook at all.
pub fn events(body: &[u8]) -> Result<Vec<Event>, serde_json::Error> {
    let envelope: Envelope = serde_json::from_slice(body)?;
    let mut events = Vec::new();
    for change in envelope.entry.into_iter().flat_map(|entry| entry.changes) {
        if change.field != "messages" {
            continue;
        }
        let value = change.value;
        let phone_number_id = value.metadata.map(|it| it.phone_number_id);
        // One contact per POST in practice; its user id stands for a message that carries none.
        let contact_user_id = match value.contacts.as_slice() {
            [only] => only.user_id.clone(),
            _ => None,
        };
        for raw in value.messages {
            match serde_json::from_value::<RawMessage>(raw) {
                Ok(message) => {
                    let user_id = message.from_user_id.clone().or_else(|| contact_user_id.clone());
                    let Some(from) = user_id.or_else(|| message.from.clone()) else {
                        tracing::warn!("a message with neither a number nor a user id skipped");
                        continue;
                    };
                    events.push(Event::Message {
                        phone_number_id: phone_number_id.clone(),
                        from,
                        id: message.id.clone(),
                        sent_at: message.timestamp.as_ref().and_then(unix_time),
                        content: content(message),
                    })
                }
                Err(err) => tracing::warn!(error = %err, "unreadable message in a webhook skipped"),
            }
        }
        for raw in value.statuses {
            match serde_json::from_value::<RawStatus>(raw) {
                Ok(status) => events.push(Event::Status {
                    phone_number_id: phone_number_id.clone(),
                    id: status.id,
                    status: status.status,
                    error_code: status.errors.first().and_then(|it| it.code),
                }),
                Err(err) => tracing::warn!(error = %err, "unreadable status in a webhook skipped"),
            }
        }
        for raw in value.errors {
            if let Ok(error) = serde_json::from_value::<RawError>(raw) {
                events.push(Event::AccountError { code: error.code, title: error.title });
            }
        }
    }
    Ok(events)
}

/// Unix seconds written as `"1764470000"` or `1764470000`.
fn unix_time(value: &Value) -> Option<DateTime<Utc>> {
    let seconds = match value {
        Value::String(text) => text.trim().parse::<i64>().ok()?,
        Value::Number(number) => number.as_i64()?,
        _ => return None,
    };
    DateTime::from_timestamp(seconds, 0)
}

fn content(message: RawMessage) -> Content {
    match message.kind.as_str() {
        "text" => match message.text {
            Some(text) => Content::Text(text.body),
            None => Content::Other("text".into()),
        },
        "interactive" => match message.interactive.and_then(|it| it.list_reply.or(it.button_reply)) {
            Some(reply) => Content::Choice { id: reply.id, title: reply.title },
            None => Content::Other("interactive".into()),
        },
        "button" => match message.button {
            Some(RawButton { payload: Some(id), text }) => Content::Choice { id, title: text },
            Some(RawButton { payload: None, text }) => Content::Text(text),
            None => Content::Other("button".into()),
        },
        "edit" => match message.edit {
            Some(RawEdit { original_message_id, message: Some(RawEdited { text: Some(text) }) }) => {
                Content::Edit { original: original_message_id, text: text.body }
            }
            _ => Content::Quiet(message.kind),
        },
        "system" => match message.system {
            Some(RawSystem { kind, wa_id: Some(new) }) if kind == "user_changed_number" => {
                Content::NumberChanged { new }
            }
            _ => Content::Quiet(message.kind),
        },
        "image" => match message.image {
            Some(media) if !media.id.is_empty() => media.content(),
            _ => Content::Other(message.kind),
        },
        "document" => match message.document {
            Some(media) if !media.id.is_empty() => media.content(),
            _ => Content::Other(message.kind),
        },
        "reaction" | "revoke" => Content::Quiet(message.kind),
        other => Content::Other(other.to_owned()),
    }
}

#[cfg(test)]
mod tests;
