//! The fetching loop's work on the dispatcher (see [`crate::fetching`]): claim pending files, download them
//! with a few permits outside the residents' queues, queue each outcome in its resident's queue.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use cekbae_bot::storage::PendingFile;
use cekbae_bot::{Dialogue, FetchedMedia, MediaError, Notice};
use tokio::sync::Semaphore;

use crate::fetching::{cause, Fetch, FetchSettings};
use crate::{Dispatcher, Job};

/// The media source of each channel, by channel name.
pub type MediaSources = HashMap<String, Arc<dyn Fetch>>;

impl<D: Dialogue> Dispatcher<D> {
    /// Starts the fetching loop with `sources` (per channel) and `settings`: at once (files a stopped process
    /// left are resumed), whenever a turn received a file, when a fetch ends, and every
    /// [`FetchSettings::every`], until [`Dispatcher::stop_fetching`] or the dispatcher is dropped.
    pub fn fetch_files(
        self: &Arc<Self>,
        sources: MediaSources,
        settings: FetchSettings,
    ) -> tokio::task::JoinHandle<()> {
        let weak = Arc::downgrade(self);
        let wake = Arc::clone(&self.fetch_wake);
        let permits = Arc::new(Semaphore::new(settings.concurrency.max(1)));
        let sources = Arc::new(sources);
        tokio::spawn(async move {
            loop {
                // Made before the round, so a wake-up during it is not lost.
                let woken = wake.notified();
                {
                    let Some(dispatcher) = weak.upgrade() else { break };
                    if dispatcher.fetch_stopped.load(Ordering::SeqCst) {
                        break;
                    }
                    dispatcher.fetch_round(&sources, &settings, &permits).await;
                }
                tokio::select! {
                    () = woken => {}
                    () = tokio::time::sleep(settings.every) => {}
                }
            }
        })
    }

    /// Ends the fetching loop: nothing more is claimed; downloads in hand finish ([`Dispatcher::drain`] waits
    /// for them) and files not claimed stay pending for the next start.
    pub fn stop_fetching(&self) {
        self.fetch_stopped.store(true, Ordering::SeqCst);
        self.fetch_wake.notify_one();
    }

    /// Claims as many pending files as there are free permits and starts their downloads.
    async fn fetch_round(
        self: &Arc<Self>,
        sources: &Arc<MediaSources>,
        settings: &FetchSettings,
        permits: &Arc<Semaphore>,
    ) {
        let free = permits.available_permits();
        if free == 0 {
            return;
        }
        let store = Arc::clone(self.engine.store());
        let lease = settings.lease;
        // Leases are about processes being alive: real time, whatever clock the engine runs on.
        let claimed =
            tokio::task::spawn_blocking(move || store.files().claim_pending(lease, free, chrono::Utc::now())).await;
        let claimed = match claimed {
            Ok(Ok(claimed)) => claimed,
            Ok(Err(err)) => {
                tracing::error!(error = %err, "cannot claim files to fetch; trying again later");
                return;
            }
            Err(_) => return,
        };
        for pending in claimed {
            if !self.lock().fetching.insert(pending.id) {
                // Already downloading here (a claim that outlived its lease): once is enough.
                continue;
            }
            let Ok(permit) = Arc::clone(permits).acquire_owned().await else { return };
            let (dispatcher, sources, settings) = (Arc::clone(self), Arc::clone(sources), settings.clone());
            tokio::spawn(async move {
                let id = pending.id;
                let outcome = match sources.get(&pending.user.channel) {
                    Some(source) => source.fetch(&pending.media, settings.max_bytes).await,
                    None => Err(MediaError::Unavailable(format!("no media source for {}", pending.user.channel))),
                };
                drop(permit);
                dispatcher.fetch_ended(pending, outcome, &settings).await;
                let mut state = dispatcher.lock();
                state.fetching.remove(&id);
                if state.idle() {
                    dispatcher.idle.notify_waiters();
                }
                drop(state);
                // A permit is free: more files may be waiting.
                dispatcher.fetch_wake.notify_one();
            });
        }
    }

    /// What to do with a download's outcome: queue it for the resident, or give the file back for later.
    async fn fetch_ended(
        self: &Arc<Self>,
        pending: PendingFile,
        outcome: Result<FetchedMedia, MediaError>,
        settings: &FetchSettings,
    ) {
        match &outcome {
            Ok(media) => {
                self.metrics.file_fetched();
                tracing::info!(user = %pending.user, file = pending.id, bytes = media.bytes.len(), "file fetched");
            }
            Err(err) => {
                self.metrics.fetch_failed(cause(err));
                let attempts = pending.attempts + 1;
                if err.retry_later() && attempts < settings.attempts {
                    let wait = settings.retry_after(pending.attempts);
                    tracing::warn!(user = %pending.user, file = pending.id, attempts, error = %err, wait_s = wait.as_secs(), "file not fetched; trying again later");
                    self.give_back(pending.id, wait).await;
                    return;
                }
                tracing::warn!(user = %pending.user, file = pending.id, attempts, error = %err, "file not fetched; the resident is told");
            }
        }
        self.enqueue(Job::File(pending, outcome));
    }

    /// Releases a claimed file to be claimed again after `wait`.
    async fn give_back(&self, id: u64, wait: std::time::Duration) {
        let store = Arc::clone(self.engine.store());
        let released = tokio::task::spawn_blocking(move || store.files().release(id, wait, chrono::Utc::now())).await;
        if !matches!(released, Ok(Ok(()))) {
            // The claim's lease ends anyway; it is tried again then.
            tracing::error!(file = id, "cannot give a file back for later; it is tried again when its claim ends");
        }
    }

    /// Runs [`cekbae_bot::Engine::file_fetched`] in the resident's queue; `None` when there is nothing to
    /// deliver or it failed (the file stays pending and is tried again).
    pub(crate) async fn file_fetched(
        &self,
        pending: PendingFile,
        outcome: Result<FetchedMedia, MediaError>,
    ) -> Option<Notice> {
        let engine = Arc::clone(&self.engine);
        let (id, user) = (pending.id, pending.user.clone());
        match tokio::task::spawn_blocking(move || engine.file_fetched(&pending, outcome)).await {
            Ok(Ok(notice)) if notice.replies.is_empty() && notice.outbox_id.is_none() => None,
            Ok(Ok(notice)) => Some(notice),
            Ok(Err(err)) => {
                tracing::error!(user = %user, file = id, error = %err, "cannot hand a fetched file to the dialogue; tried again later");
                self.give_back(id, crate::CLAIM_LEASE).await;
                None
            }
            Err(err) => {
                tracing::error!(user = %user, file = id, error = %err, "file task failed");
                None
            }
        }
    }
}
