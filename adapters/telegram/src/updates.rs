//! Telegram updates → the engine's input, the same way in polling and webhook mode.

use std::sync::Arc;

use cekbae_bot::{link_tag, Attachment, Dialogue, Incoming, Say, UserKey};
use cekbae_dispatch::{freshness, Busy, Dispatcher, Inbound as Accepted};
use chrono::{DateTime, Utc};
use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::Requester;
use teloxide::types::{CallbackQueryId, ChatId, FileMeta, Message, ThreadId, Update, UpdateKind};
use teloxide::Bot;

use crate::CHANNEL;

/// What `/start` says to the engine: a greeting.
const GREETING: &str = "halo";

/// The engine message for photos, voice notes, stickers and other non-text messages.
pub const NON_TEXT: &str = "engine-non-text";

/// The type of every photo: Telegram re-encodes photos as JPEG and names no type for them.
pub const PHOTO_TYPE: &str = "image/jpeg";

/// What an update asks of the bot.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// Typed text (slash commands already mapped to global words).
    Text {
        /// The chat.
        chat: i64,
        /// The text.
        text: String,
    },
    /// A pressed inline button.
    Choice {
        /// The chat.
        chat: i64,
        /// The callback data: an option id.
        data: String,
        /// To answer, so the button's spinner stops.
        callback: CallbackQueryId,
    },
    /// A photo or a file (document), in a private chat: what Telegram announced, to fetch by its `file_id`.
    File {
        /// The chat.
        chat: i64,
        /// The file.
        attachment: Attachment,
        /// The caption written under it (empty without one).
        caption: String,
    },
    /// A message that is not text, in a private chat.
    Other {
        /// The chat.
        chat: i64,
    },
    /// Text in a group or supergroup: never the flow (it would be one conversation for everyone, the NIK
    /// asked in public); `/start` for us or a mention gets a note with a link to a private chat.
    Group {
        /// The group.
        chat: i64,
        /// The forum topic it was written in, answered in the same topic.
        thread: Option<ThreadId>,
        /// The text as written.
        text: String,
    },
    /// The resident blocked the bot (`true`) or unblocked it, in a private chat.
    Blocked {
        /// The chat.
        chat: i64,
        /// Blocked now.
        blocked: bool,
    },
    /// Nothing for the bot (an edit, a group service message, a button under a group message, ...).
    Ignored,
    /// An update the library could not read.
    Unreadable,
}

/// Reads an update.
pub fn read(update: &Update) -> Inbound {
    match &update.kind {
        UpdateKind::Message(message) if !message.chat.is_private() => match message.text() {
            Some(text) if message.chat.is_group() || message.chat.is_supergroup() => {
                Inbound::Group { chat: message.chat.id.0, thread: message.thread_id, text: text.to_owned() }
            }
            _ => Inbound::Ignored,
        },
        UpdateKind::Message(message) => match (message.text(), attachment(message)) {
            (Some(text), _) => Inbound::Text { chat: message.chat.id.0, text: command_text(text) },
            (None, Some(attachment)) => Inbound::File {
                chat: message.chat.id.0,
                attachment,
                caption: message.caption().unwrap_or_default().to_owned(),
            },
            (None, None) => Inbound::Other { chat: message.chat.id.0 },
        },
        UpdateKind::CallbackQuery(query) => {
            let chat = query.message.as_ref().map_or(query.from.id.0 as i64, |m| m.chat().id.0);
            let private = query.message.as_ref().is_none_or(|m| m.chat().is_private());
            match &query.data {
                Some(data) if private => Inbound::Choice { chat, data: data.clone(), callback: query.id.clone() },
                _ => Inbound::Ignored,
            }
        }
        UpdateKind::MyChatMember(change) if change.chat.is_private() => {
            Inbound::Blocked { chat: change.chat.id.0, blocked: change.new_chat_member.is_banned() }
        }
        UpdateKind::Error(_) => Inbound::Unreadable,
        _ => Inbound::Ignored,
    }
}

/// The file a message carries: a photo (its largest size; Telegram re-encodes photos as JPEG) or a document.
fn attachment(message: &Message) -> Option<Attachment> {
    let announced = |file: &FileMeta, mime_type: Option<String>, file_name: Option<String>| Attachment {
        media_id: file.id.0.clone(),
        mime_type,
        // Telegram's stand-in for a size it did not give.
        declared_size: (file.size != u32::MAX).then_some(u64::from(file.size)),
        sha256: None,
        file_name,
    };
    if let Some(sizes) = message.photo() {
        let largest = sizes.iter().max_by_key(|it| (u64::from(it.width) * u64::from(it.height), it.file.size))?;
        return Some(announced(&largest.file, Some(PHOTO_TYPE.to_owned()), None));
    }
    let document = message.document()?;
    Some(announced(&document.file, document.mime_type.as_ref().map(ToString::to_string), document.file_name.clone()))
}

/// When an update's message was sent: a message's `date`; for a button press,
/// the date of the message the button belongs to (Telegram dates no press).
/// `None` when the update names no date.
pub fn sent_at(update: &Update) -> Option<DateTime<Utc>> {
    match &update.kind {
        UpdateKind::Message(message) => Some(message.date),
        UpdateKind::CallbackQuery(query) => query.message.as_ref()?.regular_message().map(|message| message.date),
        _ => None,
    }
}

/// Slash commands as the global words they stand for; other text unchanged.
/// `/start` greets (and, for a returning resident, shows where they are); a deep
/// link's `/start <payload>` greets with the payload as a [`link_tag`] after it.
pub fn command_text(text: &str) -> String {
    let trimmed = text.trim();
    let Some(command) = trimmed.strip_prefix('/') else { return text.to_owned() };
    // `/menu@cekbae_bot` in groups.
    let name = command.split(['@', ' ']).next().unwrap_or_default().to_lowercase();
    let word = match name.as_str() {
        "start" => match command.split_once(' ').map(|(_, payload)| payload.trim()) {
            Some(payload) if link_tag::is_payload(payload) => return format!("{GREETING} {}", link_tag::tag(payload)),
            _ => GREETING,
        },
        "menu" => "menu",
        "batal" | "cancel" => "batal",
        "bahasa" | "language" => "bahasa",
        "bantuan" | "help" => "bantuan",
        "kembali" | "back" => "kembali",
        "petugas" => "petugas",
        _ => return text.to_owned(),
    };
    word.to_owned()
}

/// Hands an update to the dispatcher; answers a button press at once so its spinner stops.
/// The update id is the message id: a repeated update is handled once.
pub async fn handle<D: Dialogue>(bot: &Bot, dispatcher: &Arc<Dispatcher<D>>, update: Update) -> Result<(), Busy> {
    let message_id = Some(format!("update:{}", update.id.0));
    let inbound = read(&update);
    if freshness::is_stale(sent_at(&update), dispatcher.engine().now()) {
        tracing::warn!(update = update.id.0, sent_at = ?sent_at(&update), "an update older than the replay window is not processed");
        if let Inbound::Choice { callback, .. } = inbound {
            let _ = bot.answer_callback_query(callback).await;
        }
        return Ok(());
    }
    let item = match inbound {
        Inbound::Text { chat, text } => {
            let user = UserKey::new(CHANNEL, chat.to_string());
            tracing::info!(user = %user, kind = "text", "received");
            Accepted::Turn(Incoming { user, message_id, text, choice: None, attachment: None })
        }
        Inbound::Choice { chat, data, callback } => {
            if let Err(err) = bot.answer_callback_query(callback).await {
                tracing::warn!(error = %err, "cannot answer a button press");
            }
            let user = UserKey::new(CHANNEL, chat.to_string());
            tracing::info!(user = %user, kind = "choice", "received");
            Accepted::Turn(Incoming { user, message_id, text: data.clone(), choice: Some(data), attachment: None })
        }
        // Fetched off the turn; the turn records it as pending (see `cekbae_dispatch::fetching`).
        Inbound::File { chat, attachment, caption } if dispatcher.engine().dialogue().accepts_files() => {
            let user = UserKey::new(CHANNEL, chat.to_string());
            tracing::info!(user = %user, kind = "file", "received");
            Accepted::Turn(Incoming { user, message_id, text: caption, choice: None, attachment: Some(attachment) })
        }
        Inbound::File { chat, .. } | Inbound::Other { chat } => {
            let user = UserKey::new(CHANNEL, chat.to_string());
            tracing::info!(user = %user, "received a message that is not text");
            Accepted::Notice { user, message_id, message: NON_TEXT.to_owned() }
        }
        Inbound::Group { chat, thread, text } => {
            group_note(bot, dispatcher, chat, thread, &text).await;
            return Ok(());
        }
        Inbound::Blocked { chat, blocked } => {
            let user = UserKey::new(CHANNEL, chat.to_string());
            tracing::info!(user = %user, blocked, "the resident blocked or unblocked the bot");
            // No reminders to a resident who blocked the bot (sends would fail with 403).
            let engine = Arc::clone(dispatcher.engine());
            let noted = tokio::task::spawn_blocking(move || engine.note_reachable(&user, !blocked)).await;
            if !matches!(noted, Ok(Ok(()))) {
                tracing::error!(chat, "cannot record that a resident blocked or unblocked the bot");
            }
            return Ok(());
        }
        Inbound::Ignored => {
            tracing::debug!(update = update.id.0, "update ignored");
            return Ok(());
        }
        Inbound::Unreadable => {
            // The content is not logged: it may be a resident's message.
            tracing::warn!(update = update.id.0, "an update the library cannot read was dropped");
            return Ok(());
        }
    };
    dispatcher.accept(vec![item]).await
}

/// The bot's own username, asked once (`getMe`).
static USERNAME: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

/// In a group: `/start` (for us) or a mention of the bot gets a short note with a link to a private chat,
/// in the same forum topic; anything else is not for us.
async fn group_note<D: Dialogue>(
    bot: &Bot,
    dispatcher: &Arc<Dispatcher<D>>,
    chat: i64,
    thread: Option<ThreadId>,
    text: &str,
) {
    let username =
        match USERNAME.get_or_try_init(|| async { bot.get_me().await.map(|me| me.username().to_owned()) }).await {
            Ok(it) => it,
            Err(err) => {
                tracing::warn!(error = %err, "cannot learn the bot's username; a group message is not answered");
                return;
            }
        };
    if !addressed_to(text, username) {
        tracing::debug!(chat, "a group message not for the bot ignored");
        return;
    }
    let locales = dispatcher.engine().locales();
    let link = crate::deep_link::base(username);
    let note = locales.render(locales.default_locale(), &Say::new(GROUP_NOTE).arg("link", link));
    let mut request = bot.send_message(ChatId(chat), note);
    if let Some(thread) = thread {
        request = request.message_thread_id(thread);
    }
    match request.await {
        Ok(_) => tracing::info!(chat, "a group was pointed to a private chat"),
        Err(err) => tracing::warn!(chat, error = %err, "cannot answer in a group"),
    }
}

/// The engine message pointing a group to a private chat with the bot.
pub const GROUP_NOTE: &str = "engine-group-private";

/// Whether a group message is for the bot: `/start` alone or `/start@<us>`, or a mention `@<us>`.
/// `/start@otherbot` is for another bot.
pub fn addressed_to(text: &str, username: &str) -> bool {
    let text = text.trim();
    let mention = format!("@{}", username.to_lowercase());
    if let Some(command) = text.strip_prefix('/') {
        let head = command.split_whitespace().next().unwrap_or_default().to_lowercase();
        return match head.split_once('@') {
            Some((name, bot)) => name == "start" && bot == username.to_lowercase(),
            None => head == "start",
        };
    }
    text.to_lowercase().split_whitespace().any(|word| word.trim_end_matches([',', '.', '!', '?', ':']) == mention)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(fields: serde_json::Value) -> Update {
        let mut message = serde_json::json!({"message_id": 7, "date": 1795999800,
            "chat": {"id": 5001, "type": "private", "first_name": "Warga"},
            "from": {"id": 5001, "is_bot": false, "first_name": "Warga"}});
        message.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
        // From text, as updates arrive (teloxide reads an update from borrowed text).
        serde_json::from_str(&serde_json::json!({"update_id": 1, "message": message}).to_string()).unwrap()
    }

    #[test]
    fn a_photo_is_its_largest_size_as_jpeg_and_a_document_keeps_its_type_and_name() {
        let update = message(serde_json::json!({"caption": "KK lama", "photo": [
            {"file_id": "small", "file_unique_id": "a", "width": 90, "height": 60, "file_size": 900},
            {"file_id": "large", "file_unique_id": "c", "width": 1280, "height": 960, "file_size": 150000},
            {"file_id": "medium", "file_unique_id": "b", "width": 320, "height": 240, "file_size": 9000}]}));
        let Inbound::File { chat, attachment, caption } = read(&update) else { panic!("{:?}", read(&update)) };
        assert_eq!((chat, caption.as_str()), (5001, "KK lama"));
        assert_eq!(
            attachment,
            Attachment {
                media_id: "large".into(),
                mime_type: Some("image/jpeg".into()),
                declared_size: Some(150_000),
                sha256: None,
                file_name: None
            }
        );
        let update = message(serde_json::json!({"document": {"file_id": "BQACdoc", "file_unique_id": "d",
            "file_name": "surat.pdf", "mime_type": "application/pdf", "file_size": 52000}}));
        let Inbound::File { attachment, caption, .. } = read(&update) else { panic!("{:?}", read(&update)) };
        assert!(caption.is_empty());
        assert_eq!(attachment.media_id, "BQACdoc");
        assert_eq!(attachment.mime_type.as_deref(), Some("application/pdf"));
        assert_eq!(attachment.file_name.as_deref(), Some("surat.pdf"));
        assert_eq!(attachment.declared_size, Some(52_000));
        let update = message(serde_json::json!({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}}));
        assert!(matches!(read(&update), Inbound::Other { chat: 5001 }), "a voice note is no paper");
    }

    #[test]
    fn start_greets_and_hands_a_deep_links_payload_on_as_a_tag() {
        assert_eq!(command_text("/start"), "halo");
        assert_eq!(command_text("/start desa-karacak"), "halo #desa-karacak");
        assert_eq!(command_text("/start@cekbae_bot"), "halo");
        assert_eq!(command_text("/start not a payload"), "halo", "only what a deep link can carry");
        assert_eq!(command_text("/menu"), "menu");
        assert_eq!(command_text("ktp hilang"), "ktp hilang");
    }

    #[test]
    fn in_a_group_only_start_for_us_and_mentions_are_ours() {
        for text in ["/start", "/start@CekBae_bot", "halo @cekbae_bot, ktp hilang", "@cekbae_bot?"] {
            assert!(addressed_to(text, "cekbae_bot"), "{text}");
        }
        for text in ["/start@otherbot", "ktp hilang 3201014502900003", "/menu", "email@cekbae_bot.id"] {
            assert!(!addressed_to(text, "cekbae_bot"), "{text}");
        }
    }
}
