//! The dispatcher: runs engine turns for channels that receive over the network
//! (WhatsApp webhooks, Telegram updates) and delivers the replies.
//!
//! - Messages of one resident are handled one after another, in arrival order;
//!   different residents are handled in parallel (one short-lived task per
//!   resident with work queued).
//! - The engine keeps each turn's replies in its outbox (see
//!   [`cekbae_bot::OutboxEntry`]), claimed by this instance; they are removed
//!   once the channel accepted them. Replies whose delivery failed for a reason
//!   that may pass (network, rate limits) stay, their claim released, and are
//!   sent again by [`Dispatcher::resend_pending`], which claims what nobody
//!   delivers, at start-up and then periodically: a crash or an outage delays
//!   an answer but does not lose it.
//! - Accepted messages wait in the store's inbox until their turn is stored;
//!   [`Dispatcher::replay_inbox`] claims and runs the ones a stop left.
//! - Files residents send are fetched by [`fetching`]'s loop, outside the residents' queues; what came of each
//!   runs in its resident's queue like a turn.
//! - Storage is synchronous, so turns run on tokio's blocking pool.

mod deliver;
mod durable;
mod fetch_loop;
pub mod fetching;
pub mod freshness;
mod limits;
pub mod metrics;
mod secret;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cekbae_bot::storage::PendingFile;
use cekbae_bot::{Dialogue, Engine, FetchedMedia, Incoming, MediaError, Say, UserKey};
use tokio::sync::Notify;

pub use cekbae_bot::storage::Inbound;

pub use deliver::{Delivery, DeliveryError, DeliveryFuture, Undelivered};
pub use fetch_loop::MediaSources;
pub use limits::{Limits, Verdict};
pub use secret::secrets_match;

use durable::Durable;
use limits::RateLimiter;

/// The message a resident gets once when they write faster than the limit.
pub const SLOW_DOWN: &str = "engine-slow-down";

/// The queues are full: the channel should ask its sender to retry later (HTTP 503).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too much work queued; try again later")]
pub struct Busy;

/// How long a claim on an outbox or inbox entry lasts: time enough to deliver it; if this instance dies,
/// another takes the entry over after this.
const CLAIM_LEASE: Duration = Duration::from_secs(30);

/// Work for one resident.
#[derive(Debug, Clone)]
enum Job {
    /// A message to run through the engine; `inbox` is its entry in the inbox, if kept.
    Turn(Incoming, Option<u64>),
    /// A message the dialogue cannot read: answer with one engine message.
    Notice { user: UserKey, message_id: Option<String>, say: Say, inbox: Option<u64> },
    /// Replies left in the outbox, to deliver again.
    Resend { outbox_id: u64, user: UserKey },
    /// A file the resident sent, fetched (or not): the dialogue keeps it or says why not.
    File(PendingFile, Result<FetchedMedia, MediaError>),
}

/// A job for an accepted message.
fn job_of(item: Inbound, inbox: Option<u64>) -> Job {
    match item {
        Inbound::Turn(incoming) => Job::Turn(incoming, inbox),
        Inbound::Notice { user, message_id, message } => {
            Job::Notice { user, message_id, say: Say::new(message), inbox }
        }
    }
}

impl Job {
    fn user(&self) -> &UserKey {
        match self {
            Job::Turn(incoming, _) => &incoming.user,
            Job::Notice { user, .. } => user,
            Job::Resend { user, .. } => user,
            Job::File(pending, _) => &pending.user,
        }
    }
}

/// Per-resident queues and the channels replies go out on. Share it in an `Arc`.
pub struct Dispatcher<D: Dialogue> {
    engine: Arc<Engine<D>>,
    channels: HashMap<String, Arc<dyn Delivery>>,
    state: Mutex<Queues>,
    idle: Notify,
    limits: Limits,
    rates: Mutex<RateLimiter>,
    durable: Mutex<Option<Arc<Durable>>>,
    metrics: metrics::Metrics,
    /// Wakes the fetching loop (a turn received a file, a fetch ended, shutdown).
    fetch_wake: Arc<Notify>,
    /// Set at shutdown: the fetching loop claims nothing more.
    fetch_stopped: AtomicBool,
}

#[derive(Default)]
struct Queues {
    /// Residents with work, and their jobs in order. A resident is present
    /// exactly while a task is working through their queue.
    waiting: HashMap<UserKey, VecDeque<Job>>,
    /// Outbox entries queued or being delivered, so a resend never doubles one.
    in_flight: HashSet<u64>,
    /// Jobs waiting or in hand, over all residents.
    queued: usize,
    /// Pending files this instance is downloading.
    fetching: HashSet<u64>,
}

impl Queues {
    /// Nothing queued, in hand or being downloaded.
    fn idle(&self) -> bool {
        self.waiting.is_empty() && self.fetching.is_empty()
    }
}

impl<D: Dialogue> Dispatcher<D> {
    /// A dispatcher over `engine` (built with `EngineConfig { outbox: true, .. }`)
    /// delivering on `channels`, keyed by channel name.
    pub fn new(engine: Arc<Engine<D>>, channels: Vec<Arc<dyn Delivery>>) -> Arc<Self> {
        Self::with_limits(engine, channels, Limits::default())
    }

    /// Like [`Dispatcher::new`], with explicit flood limits.
    pub fn with_limits(engine: Arc<Engine<D>>, channels: Vec<Arc<dyn Delivery>>, limits: Limits) -> Arc<Self> {
        let channels = channels.into_iter().map(|it| (it.channel().to_owned(), it)).collect();
        Arc::new(Self {
            engine,
            channels,
            state: Mutex::new(Queues::default()),
            idle: Notify::new(),
            limits,
            rates: Mutex::new(RateLimiter::default()),
            durable: Mutex::new(None),
            metrics: metrics::Metrics::default(),
            fetch_wake: Arc::new(Notify::new()),
            fetch_stopped: AtomicBool::new(false),
        })
    }

    /// What this instance counted (`GET /metrics`).
    pub fn metrics(&self) -> &metrics::Metrics {
        &self.metrics
    }

    /// [`metrics::Metrics::render`] with the storage's backlog (read on a blocking thread; left out when the
    /// storage cannot be read).
    pub async fn render_metrics(&self) -> String {
        let store = Arc::clone(self.engine.store());
        let backlog = tokio::task::spawn_blocking(move || {
            let bookings = store.bookings().all()?;
            let booked = bookings.iter().filter(|it| it.status == cekbae_bot::storage::BookingStatus::Booked).count();
            Ok::<_, cekbae_bot::StorageError>(metrics::Backlog {
                inbox: store.inbox().backlog()?,
                outbox: store.outbox().pending()?.len(),
                bookings: booked,
            })
        })
        .await;
        let backlog = match backlog {
            Ok(Ok(backlog)) => Some(backlog),
            Ok(Err(err)) => {
                tracing::warn!(error = %err, "metrics without the storage backlog");
                None
            }
            Err(_) => None,
        };
        self.metrics.render(backlog)
    }

    /// The engine.
    pub fn engine(&self) -> &Arc<Engine<D>> {
        &self.engine
    }

    /// Accepts messages the way a channel acknowledges them: after the rate
    /// limit and the queue cap, every message with an id is written to the
    /// inbox and flushed before this returns, so a channel that answers "200"
    /// afterwards never loses a message to a crash (the inbox is replayed by
    /// [`Dispatcher::replay_inbox`]). Nothing is accepted when the queues are full.
    pub async fn accept(self: &Arc<Self>, items: Vec<Inbound>) -> Result<(), Busy> {
        if self.lock().queued + items.len() > self.limits.max_queued {
            tracing::warn!(messages = items.len(), "messages refused: queues full");
            self.metrics.rejected("busy");
            return Err(Busy);
        }
        let mut jobs = Vec::with_capacity(items.len());
        for item in items {
            let user = match &item {
                Inbound::Turn(incoming) => incoming.user.clone(),
                Inbound::Notice { user, .. } => user.clone(),
            };
            let item = match (self.rate(&user), item) {
                (Verdict::Drop, _) => {
                    tracing::warn!(user = %user, "message dropped: resident over the rate limit");
                    continue;
                }
                (Verdict::SlowDown, Inbound::Turn(Incoming { message_id, .. }))
                | (Verdict::SlowDown, Inbound::Notice { message_id, .. }) => {
                    Inbound::Notice { user: user.clone(), message_id, message: SLOW_DOWN.to_owned() }
                }
                (Verdict::Allow, item) => item,
            };
            self.metrics.received(&user.channel);
            let has_id = match &item {
                Inbound::Turn(incoming) => incoming.message_id.is_some(),
                Inbound::Notice { message_id, .. } => message_id.is_some(),
            };
            let inbox = if has_id {
                match self.engine.store().inbox().accept(&item) {
                    Ok(id) => Some(id),
                    Err(err) => {
                        tracing::error!(user = %user, error = %err, "cannot keep an accepted message; the channel will retry");
                        return Err(Busy);
                    }
                }
            } else {
                None
            };
            jobs.push(job_of(item, inbox));
        }
        self.durable().sync().await;
        for job in jobs {
            self.enqueue(job);
        }
        Ok(())
    }

    /// Claims and queues the messages accepted before a stop whose turns were not stored. Returns how many.
    pub fn replay_inbox(self: &Arc<Self>) -> usize {
        let pending = match self.engine.store().inbox().claim(CLAIM_LEASE, usize::MAX) {
            Ok(it) => it,
            Err(err) => {
                tracing::error!(error = %err, "cannot read the inbox");
                return 0;
            }
        };
        let replayed = pending.len();
        for (id, item) in pending {
            self.enqueue(job_of(item, Some(id)));
        }
        if replayed > 0 {
            tracing::info!(count = replayed, "replaying messages accepted before a stop");
        }
        replayed
    }

    fn rate(&self, user: &UserKey) -> Verdict {
        let limit = self.limits.per_resident_per_minute;
        self.rates.lock().unwrap_or_else(|it| it.into_inner()).check(user, limit, std::time::Instant::now())
    }

    /// Claims and queues every undelivered outbox entry nobody is delivering. Returns how many.
    pub fn resend_pending(self: &Arc<Self>) -> usize {
        let pending = match self.engine.store().outbox().claim(CLAIM_LEASE, usize::MAX) {
            Ok(it) => it,
            Err(err) => {
                tracing::error!(error = %err, "cannot read the outbox");
                return 0;
            }
        };
        let mut queued = 0;
        for (outbox_id, entry) in pending {
            if self.lock().in_flight.insert(outbox_id) {
                self.enqueue(Job::Resend { outbox_id, user: entry.user });
                queued += 1;
            }
        }
        if queued > 0 {
            tracing::info!(count = queued, "resending undelivered replies");
        }
        queued
    }

    /// Resends pending replies, and runs accepted messages nobody holds, now and then every `every`, until
    /// the dispatcher is dropped.
    pub fn keep_resending(self: &Arc<Self>, every: Duration) {
        let weak = Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                let Some(dispatcher) = weak.upgrade() else { break };
                dispatcher.resend_pending();
                // Messages another instance accepted and could not run (it died) are taken over.
                dispatcher.replay_inbox();
                drop(dispatcher);
                tokio::time::sleep(every).await;
            }
        });
    }

    /// Number of residents with work queued or in hand.
    pub fn busy_residents(&self) -> usize {
        self.lock().waiting.len()
    }

    /// Waits until every queued message has been handled and every file being downloaded is handled too
    /// (for shutdown), at most `limit`. Returns whether everything was finished.
    pub async fn drain(&self, limit: Duration) -> bool {
        let wait = async {
            loop {
                let notified = self.idle.notified();
                if self.lock().idle() {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }

    fn enqueue(self: &Arc<Self>, job: Job) {
        let user = job.user().clone();
        let mut state = self.lock();
        state.queued += 1;
        match state.waiting.get_mut(&user) {
            // A task is already working through this resident's queue.
            Some(queue) => queue.push_back(job),
            None => {
                state.waiting.insert(user.clone(), VecDeque::from([job]));
                drop(state);
                let dispatcher = Arc::clone(self);
                tokio::spawn(async move { dispatcher.work_through(user).await });
            }
        }
    }

    /// Handles one resident's jobs in order until their queue is empty.
    async fn work_through(self: Arc<Self>, user: UserKey) {
        loop {
            let job = {
                let mut state = self.lock();
                let next = state.waiting.get_mut(&user).and_then(VecDeque::pop_front);
                if next.is_none() {
                    state.waiting.remove(&user);
                    if state.idle() {
                        self.idle.notify_waiters();
                    }
                }
                next
            };
            let Some(job) = job else { return };
            self.catch_up(&job).await;
            self.run(job).await;
            self.lock().queued -= 1;
        }
    }

    /// Runs first the resident's messages that reached the inbox before this one through other instances
    /// and are still waiting (several instances on one database): the resident's turns follow the inbox's
    /// order. One of them that its own instance runs as well is a duplicate there, answered once.
    async fn catch_up(&self, job: &Job) {
        let (Job::Turn(Incoming { user, .. }, Some(id)) | Job::Notice { user, inbox: Some(id), .. }) = job else {
            return;
        };
        let (store, user, id) = (Arc::clone(self.engine.store()), user.clone(), *id);
        let earlier = match tokio::task::spawn_blocking(move || store.inbox().waiting_before(&user, id)).await {
            Ok(Ok(earlier)) => earlier,
            Ok(Err(err)) => {
                tracing::warn!(inbox_id = id, error = %err, "cannot read the inbox; earlier messages run where accepted");
                return;
            }
            Err(_) => return,
        };
        for (earlier_id, item) in earlier {
            self.run(job_of(item, Some(earlier_id))).await;
        }
    }

    async fn run(&self, job: Job) {
        let user = job.user().clone();
        let (replies, outbox_id) = match job {
            Job::Resend { outbox_id, .. } => {
                // Read again now: the scan that queued this may have raced the turn's own
                // delivery (earlier in this resident's queue), which finished or got part way.
                let entry = self.engine.pending_entry(outbox_id).unwrap_or_else(|err| {
                    tracing::error!(outbox_id, error = %err, "cannot read the outbox; resend postponed");
                    None
                });
                let Some(entry) = entry else {
                    self.finish(Some(outbox_id), false);
                    return;
                };
                (entry.replies, Some(outbox_id))
            }
            Job::Turn(incoming, inbox) => {
                let engine = Arc::clone(&self.engine);
                let started = std::time::Instant::now();
                let with_file = incoming.attachment.is_some();
                let result = tokio::task::spawn_blocking(move || engine.handle(&incoming)).await;
                self.metrics.turn(started.elapsed());
                if matches!(result, Ok(Ok(_))) {
                    self.inbox_done(inbox);
                    if with_file {
                        // The turn may have recorded a file to fetch: fetch it now rather than on the timer.
                        self.fetch_wake.notify_one();
                    }
                }
                match result {
                    Ok(Ok(outcome)) if outcome.duplicate => return,
                    Ok(Ok(outcome)) => (outcome.replies, outcome.outbox_id),
                    Ok(Err(err)) => {
                        // Nothing was stored: the channel will deliver the message again.
                        tracing::error!(user = %user, error = %err, "turn failed");
                        return;
                    }
                    Err(err) => {
                        tracing::error!(user = %user, error = %err, "turn task failed");
                        return;
                    }
                }
            }
            Job::Notice { user: to, message_id, say, inbox } => {
                let engine = Arc::clone(&self.engine);
                let result = tokio::task::spawn_blocking(move || engine.notice(&to, message_id.as_deref(), &say)).await;
                if matches!(result, Ok(Ok(_))) {
                    self.inbox_done(inbox);
                }
                match result {
                    Ok(Ok(Some(notice))) => (notice.replies, notice.outbox_id),
                    Ok(Ok(None)) => return,
                    Ok(Err(err)) => {
                        tracing::error!(user = %user, error = %err, "notice failed");
                        return;
                    }
                    Err(err) => {
                        tracing::error!(user = %user, error = %err, "notice task failed");
                        return;
                    }
                }
            }
            Job::File(pending, outcome) => match self.file_fetched(pending, outcome).await {
                Some(notice) => (notice.replies, notice.outbox_id),
                None => return,
            },
        };
        // The turn is on disk before anything leaves: a reply is never sent for a
        // turn a crash could undo (which would answer the redelivered message twice).
        if outbox_id.is_some() {
            self.durable().sync().await;
        }
        self.deliver(&user, &replies, outbox_id).await;
    }

    async fn deliver(&self, user: &UserKey, replies: &[cekbae_bot::Outgoing], outbox_id: Option<u64>) {
        let Some(channel) = self.channels.get(&user.channel) else {
            tracing::error!(user = %user, "no adapter for this channel; replies kept in the outbox");
            self.finish(outbox_id, false);
            return;
        };
        let done = match channel.deliver(user, replies).await {
            Ok(()) => {
                tracing::info!(user = %user, replies = replies.len(), "replied");
                true
            }
            Err(Undelivered { sent, error: DeliveryError::Later(reason) }) => {
                self.metrics.send_failed();
                tracing::warn!(user = %user, sent, left = replies.len() - sent, %reason, "send failed; will retry later");
                if let (Some(id), true) = (outbox_id, sent > 0) {
                    if let Err(err) = self.engine.partly_delivered(id, sent) {
                        tracing::error!(outbox_id = id, error = %err, "cannot record a partial delivery");
                    }
                }
                false
            }
            Err(Undelivered { sent, error: DeliveryError::Never(reason) }) => {
                self.metrics.send_failed();
                tracing::error!(user = %user, %reason, "send failed for good; replies dropped");
                // An office message (a reminder) that cannot go is shown to staff beside its ticket.
                if let Some(message) = replies.get(sent) {
                    if let Err(err) = self.engine.note_undelivered(user, message, &reason) {
                        tracing::error!(user = %user, error = %err, "cannot record an undelivered office message");
                    }
                }
                true
            }
        };
        self.finish(outbox_id, done);
        if done && outbox_id.is_some() {
            // The removal is made durable at once, so a crash right after does not send it again.
            self.durable().sync().await;
        }
    }

    /// Ends this instance's work on an outbox entry: delivered (or given up on) goes, otherwise the claim
    /// is released for the next resend.
    fn finish(&self, outbox_id: Option<u64>, done: bool) {
        let Some(id) = outbox_id else { return };
        let outbox = self.engine.store().outbox();
        let res = if done { outbox.complete(id) } else { outbox.release(id) };
        if let Err(err) = res {
            tracing::error!(outbox_id = id, error = %err, "cannot update an outbox entry");
        }
        self.lock().in_flight.remove(&id);
    }

    /// Forgets an inbox entry once its turn is stored (a replay would be deduplicated anyway).
    fn inbox_done(&self, inbox: Option<u64>) {
        if let Some(id) = inbox {
            if let Err(err) = self.engine.store().inbox().complete(id) {
                tracing::warn!(inbox_id = id, error = %err, "cannot clear an inbox entry");
            }
        }
    }

    /// The group-commit flusher, started on first use (inside the runtime).
    fn durable(&self) -> Arc<Durable> {
        let mut slot = self.durable.lock().unwrap_or_else(|it| it.into_inner());
        Arc::clone(slot.get_or_insert_with(|| Durable::start(Arc::clone(self.engine.store()))))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queues> {
        // The queues hold no invariant a panic could break halfway; keep going.
        self.state.lock().unwrap_or_else(|it| it.into_inner())
    }
}

#[cfg(test)]
mod tests;
