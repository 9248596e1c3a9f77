//! Telegram updates → the engine's input, the same way in polling and webhook mode.

use std::sync::Arc;

use cekbae_bot::{link_tag, Dialogue, Incoming, Say, UserKey};
use cekbae_dispatch::{freshness, Busy, Dispatcher, Inbound as Accepted};
use chrono::{DateTime, Utc};
use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::Requester;
use teloxide::types::{CallbackQueryId, ChatId, ThreadId, Update, UpdateKind};
use teloxide::Bot;

use crate::CHANNEL;

/// What `/start` says to the engine: a greeting.
const GREETING: &str = "halo";

/// The engine message for photos, voice notes, stickers and other non-text messages.
pub const NON_TEXT: &str = "engine-non-text";

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
        UpdateKind::Message(message) => match message.text() {
            Some(text) => Inbound::Text { chat: message.chat.id.0, text: command_text(text) },
            None => Inbound::Other { chat: message.chat.id.0 },
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
        Inbound::Other { chat } => {
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
