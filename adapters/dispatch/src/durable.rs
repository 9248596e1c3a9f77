//! Group commit: many turns wait for one flush. A single task makes storage
//! durable ([`Store::flush`]; sled flushes, a database commits durably already)
//! on the blocking pool whenever someone asks, and everyone who asked before that
//! flush started is released when it ends; so a thousand turns in flight cost
//! a handful of fsyncs, and no runtime thread ever blocks on the disk.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cekbae_bot::Store;
use tokio::sync::{watch, Notify};

/// Shared by the dispatcher's tasks. The flushing task holds only a weak
/// reference, so the store is released as soon as the dispatcher goes.
pub(crate) struct Durable {
    store: Arc<dyn Store>,
    asked: AtomicU64,
    wake: Arc<Notify>,
    done: watch::Receiver<u64>,
}

impl Durable {
    /// Starts the flushing task for `store`.
    pub(crate) fn start(store: Arc<dyn Store>) -> Arc<Self> {
        let (done_tx, done) = watch::channel(0u64);
        let wake = Arc::new(Notify::new());
        let durable = Arc::new(Self { store, asked: AtomicU64::new(0), wake: Arc::clone(&wake), done });
        let weak = Arc::downgrade(&durable);
        tokio::spawn(async move {
            loop {
                let (target, store) = match weak.upgrade() {
                    Some(me) => (me.asked.load(Ordering::SeqCst), Arc::clone(&me.store)),
                    None => break,
                };
                if target <= *done_tx.borrow() {
                    drop(store);
                    // Wake up now and then to notice that the dispatcher is gone.
                    let _ = tokio::time::timeout(Duration::from_millis(100), wake.notified()).await;
                    continue;
                }
                match tokio::task::spawn_blocking(move || store.flush()).await {
                    Ok(Ok(())) => {}
                    Ok(Err(err)) => tracing::error!(error = %err, "flush failed"),
                    Err(err) => tracing::error!(error = %err, "flush task failed"),
                }
                let _ = done_tx.send(target);
            }
        });
        durable
    }

    /// Returns once everything written before this call is on disk.
    pub(crate) async fn sync(&self) {
        let ticket = self.asked.fetch_add(1, Ordering::SeqCst) + 1;
        self.wake.notify_one();
        let mut done = self.done.clone();
        let _ = done.wait_for(|flushed| *flushed >= ticket).await;
    }
}
