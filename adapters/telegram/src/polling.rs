//! Long polling: `getUpdates` in a loop, surviving network and server errors
//! with backoff, stopping when told (the update in hand is finished by the
//! dispatcher's drain).

use std::sync::Arc;

use cekbae_bot::Dialogue;
use cekbae_dispatch::Dispatcher;
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::Requester;
use teloxide::Bot;
use tokio::sync::watch;

use crate::backoff::Backoff;
use crate::updates;

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
    let mut backoff = Backoff::default();
    loop {
        if *stop.borrow() {
            break;
        }
        let request = bot.get_updates().offset(offset).timeout(POLL_SECONDS).allowed_updates(crate::ALLOWED_UPDATES);
        let result = tokio::select! {
            result = request => result,
            _ = stop.changed() => break,
        };
        let wait = match result {
            Ok(batch) => {
                backoff.reset();
                for update in batch {
                    let id = update.id.0 as i32;
                    if updates::handle(&bot, &dispatcher, update).await.is_err() {
                        // Queues full: leave this update unconfirmed; Telegram gives it again.
                        tokio::time::sleep(Backoff::FIRST).await;
                        break;
                    }
                    // Confirmed by the next call; a repeat after a crash is deduplicated by id.
                    offset = offset.max(id + 1);
                }
                continue;
            }
            Err(err) => backoff.after("getUpdates", &err),
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.changed() => break,
        }
    }
    tracing::info!("Telegram long polling stopped");
}
