//! Long polling: `getUpdates` in a loop, surviving network and server errors
//! with backoff, stopping when told (the update in hand is finished by the
//! dispatcher's drain).

use std::sync::Arc;

use cekbae_bot::Dialogue;
use cekbae_dispatch::Dispatcher;
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::Requester;
use teloxide::types::AllowedUpdate;
use teloxide::{Bot, RequestError};
use tokio::sync::watch;

use crate::{updates, FIRST_BACKOFF, MAX_BACKOFF};

/// Seconds Telegram may hold a `getUpdates` open.
pub const POLL_SECONDS: u32 = 25;

/// Polls until `stop` turns true.
pub async fn run<D: Dialogue>(bot: Bot, dispatcher: Arc<Dispatcher<D>>, mut stop: watch::Receiver<bool>) {
    // A webhook left from an earlier run would make getUpdates fail.
    if let Err(err) = bot.delete_webhook().await {
        tracing::warn!(error = %err, "cannot remove an earlier Telegram webhook");
    }
    tracing::info!("Telegram long polling started");
    let mut offset: i32 = 0;
    let mut backoff = FIRST_BACKOFF;
    loop {
        if *stop.borrow() {
            break;
        }
        let request = bot
            .get_updates()
            .offset(offset)
            .timeout(POLL_SECONDS)
            .allowed_updates([AllowedUpdate::Message, AllowedUpdate::CallbackQuery]);
        let result = tokio::select! {
            result = request => result,
            _ = stop.changed() => break,
        };
        let wait = match result {
            Ok(batch) => {
                backoff = FIRST_BACKOFF;
                for update in batch {
                    let id = update.id.0 as i32;
                    if updates::handle(&bot, &dispatcher, update).await.is_err() {
                        // Queues full: leave this update unconfirmed; Telegram gives it again.
                        tokio::time::sleep(FIRST_BACKOFF).await;
                        break;
                    }
                    // Confirmed by the next call; a repeat after a crash is deduplicated by id.
                    offset = offset.max(id + 1);
                }
                continue;
            }
            Err(RequestError::RetryAfter(seconds)) => seconds.duration().min(MAX_BACKOFF),
            Err(err) => {
                tracing::warn!(error = %err, wait_s = backoff.as_secs(), "Telegram getUpdates failed; retrying");
                let wait = backoff;
                backoff = (backoff * 2).min(MAX_BACKOFF);
                wait
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.changed() => break,
        }
    }
    tracing::info!("Telegram long polling stopped");
}
