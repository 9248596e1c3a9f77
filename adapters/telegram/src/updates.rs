//! Telegram updates → the engine's input, the same way in polling and webhook mode.

use std::sync::Arc;

use cekbae_bot::{Dialogue, Incoming, UserKey};
use cekbae_dispatch::{freshness, Busy, Dispatcher, Inbound as Accepted};
use chrono::{DateTime, Utc};
use teloxide::prelude::Requester;
use teloxide::types::{CallbackQueryId, Update, UpdateKind};
use teloxide::Bot;

use crate::CHANNEL;

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
    /// Nothing for the bot (an edit, a group service message, ...).
    Ignored,
}

/// Reads an update.
pub fn read(update: &Update) -> Inbound {
    match &update.kind {
        UpdateKind::Message(message) => match message.text() {
            Some(text) => Inbound::Text { chat: message.chat.id.0, text: command_text(text) },
            None if message.chat.is_private() => Inbound::Other { chat: message.chat.id.0 },
            None => Inbound::Ignored,
        },
        UpdateKind::CallbackQuery(query) => {
            let chat = query.message.as_ref().map_or(query.from.id.0 as i64, |m| m.chat().id.0);
            match &query.data {
                Some(data) => Inbound::Choice { chat, data: data.clone(), callback: query.id.clone() },
                None => Inbound::Ignored,
            }
        }
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
/// `/start` greets (and, for a returning resident, shows where they are).
pub fn command_text(text: &str) -> String {
    let trimmed = text.trim();
    let Some(command) = trimmed.strip_prefix('/') else { return text.to_owned() };
    // `/menu@cekbae_bot` in groups.
    let name = command.split(['@', ' ']).next().unwrap_or_default().to_lowercase();
    let word = match name.as_str() {
        "start" => "halo",
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
            Accepted::Turn(Incoming { user, message_id, text, choice: None })
        }
        Inbound::Choice { chat, data, callback } => {
            if let Err(err) = bot.answer_callback_query(callback).await {
                tracing::warn!(error = %err, "cannot answer a button press");
            }
            let user = UserKey::new(CHANNEL, chat.to_string());
            tracing::info!(user = %user, kind = "choice", "received");
            Accepted::Turn(Incoming { user, message_id, text: data.clone(), choice: Some(data) })
        }
        Inbound::Other { chat } => {
            let user = UserKey::new(CHANNEL, chat.to_string());
            tracing::info!(user = %user, "received a message that is not text");
            Accepted::Notice { user, message_id, message: NON_TEXT.to_owned() }
        }
        Inbound::Ignored => {
            tracing::debug!(update = update.id.0, "update ignored");
            return Ok(());
        }
    };
    dispatcher.accept(vec![item]).await
}
