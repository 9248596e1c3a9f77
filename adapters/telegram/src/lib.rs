//! The Telegram adapter: teloxide as transport only.
//!
//! Updates arrive by long polling ([`polling`]) or, when `TELEGRAM_WEBHOOK_URL`
//! is set, on `POST /webhook/telegram` of the shared server ([`webhook`]). Both
//! turn updates into the same [`cekbae_bot::Incoming`]s ([`updates`]) for the
//! [`cekbae_dispatch::Dispatcher`], so the conversation, its stored session and
//! its dedup (by `update_id`) are exactly those of every other channel;
//! teloxide's own dialogue storage is not used. Replies go out as HTML text
//! with inline keyboards ([`render`]); a map pin goes out with `sendLocation`. Photos and documents residents
//! send are fetched with `getFile` and the file URL ([`media`]).

mod backoff;
pub mod config;
pub mod deep_link;
pub mod media;
pub mod polling;
pub mod render;
pub mod updates;
pub mod webhook;

use std::time::Duration;

use cekbae_bot::{Adapter, Location, Outgoing, UserKey};
use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::Requester;
use teloxide::types::{ChatId, ParseMode};
use teloxide::{ApiError, Bot, RequestError};

pub use config::TelegramConfig;
pub use media::BotMedia;

/// The updates asked for (`getUpdates`, `setWebhook`): messages and button presses, edits (read and let
/// go quietly), and `my_chat_member` (a resident blocking the bot).
pub const ALLOWED_UPDATES: [teloxide::types::AllowedUpdate; 4] = [
    teloxide::types::AllowedUpdate::Message,
    teloxide::types::AllowedUpdate::EditedMessage,
    teloxide::types::AllowedUpdate::CallbackQuery,
    teloxide::types::AllowedUpdate::MyChatMember,
];

/// The channel name: the first half of every Telegram [`UserKey`].
pub const CHANNEL: &str = "telegram";

/// How many times a send is tried when Telegram asks to wait or the network fails.
const SEND_ATTEMPTS: u32 = 3;

/// Longest wait honoured from a `retry_after`.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Builds the teloxide `Bot` for the settings (token and, for tests, the API address).
pub fn bot(config: &TelegramConfig) -> Result<Bot, String> {
    let bot = Bot::new(config.bot_token.clone());
    match &config.api_url {
        Some(url) => {
            let url = reqwest::Url::parse(url).map_err(|err| format!("TELEGRAM_API_URL `{url}`: {err}"))?;
            Ok(bot.set_api_url(url))
        }
        None => Ok(bot),
    }
}

/// A failed send.
#[derive(Debug, thiserror::Error)]
#[error("Telegram refused or could not take the message: {0}")]
pub struct SendError(#[from] RequestError);

/// Sends replies with the Bot API.
#[derive(Clone)]
pub struct Telegram {
    bot: Bot,
}

impl Telegram {
    /// An adapter sending with `bot`.
    pub fn new(bot: Bot) -> Self {
        Self { bot }
    }
}

impl Adapter for Telegram {
    type Error = SendError;

    fn name(&self) -> &'static str {
        CHANNEL
    }

    async fn send(&self, to: &UserKey, messages: &[Outgoing]) -> Result<(), SendError> {
        let chat: i64 = to.id.parse().map_err(|_| SendError(RequestError::Api(ApiError::ChatNotFound)))?;
        for message in messages {
            if let Some(location) = &message.location {
                // A map pin instead of the text, which only spells out the coordinates.
                self.send_location(ChatId(chat), location).await?;
                continue;
            }
            for piece in render::pieces(message) {
                self.send_piece(ChatId(chat), &piece).await?;
            }
        }
        Ok(())
    }

    fn retry_later(&self, error: &SendError) -> bool {
        // The resident blocked the bot or left: no later attempt will do.
        !matches!(error.0, RequestError::Api(_) | RequestError::MigrateToChatId(_))
    }
}

impl Telegram {
    async fn send_piece(&self, chat: ChatId, piece: &render::Piece) -> Result<(), SendError> {
        with_retries(|| {
            let mut request = self.bot.send_message(chat, piece.html.clone()).parse_mode(ParseMode::Html);
            if let Some(keyboard) = &piece.keyboard {
                request = request.reply_markup(keyboard.clone());
            }
            async move { request.await.map(drop) }
        })
        .await
    }

    async fn send_location(&self, chat: ChatId, location: &Location) -> Result<(), SendError> {
        with_retries(|| {
            let request = self.bot.send_location(chat, location.latitude, location.longitude);
            async move { request.await.map(drop) }
        })
        .await
    }
}

/// Runs one Bot API call, again when Telegram asks to wait or the network fails.
async fn with_retries<F, Fut>(call: F) -> Result<(), SendError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), RequestError>>,
{
    retrying(request_wait, call).await.map_err(SendError)
}

/// How long to wait before trying a Bot API call again after `error` on attempt `attempt`: Telegram's own
/// wait, or a short growing one after a network failure; `None`: not worth trying again.
fn request_wait(error: &RequestError, attempt: u32) -> Option<Duration> {
    match error {
        RequestError::RetryAfter(wait) => Some(wait.duration().min(MAX_RETRY_AFTER)),
        RequestError::Network(err) => {
            tracing::warn!(attempt, error = %err, "Telegram call failed; retrying");
            Some(Duration::from_millis(250 * u64::from(attempt)))
        }
        _ => None,
    }
}

/// Runs `call` up to [`SEND_ATTEMPTS`] times, waiting what `wait` says between attempts; every call to
/// Telegram that is retried (sends, `getFile`, file downloads) goes through this.
pub(crate) async fn retrying<T, E, F, Fut>(wait: impl Fn(&E, u32) -> Option<Duration>, mut call: F) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    let mut attempt = 1;
    loop {
        match call().await {
            Err(err) if attempt < SEND_ATTEMPTS => match wait(&err, attempt) {
                Some(pause) => tokio::time::sleep(pause).await,
                None => return Err(err),
            },
            other => return other,
        }
        attempt += 1;
    }
}
