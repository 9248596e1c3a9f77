//! Claims on outbox and inbox entries and pending files. sled allows one process per directory, so a claim only has to hold
//! within this process: leases live in memory, and a restart (a new process) starts with none, which is
//! exactly "a dead instance's claims are free".

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a claim made by a commit or an accept lasts, unless completed or released first.
pub(crate) const DEFAULT_LEASE: Duration = Duration::from_secs(30);

/// The queue an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Queue {
    Outbox,
    Inbox,
    /// Pending files being fetched.
    Files,
}

/// Live claims: (queue, id) → until when.
#[derive(Debug, Default)]
pub(crate) struct Leases {
    held: Mutex<HashMap<(Queue, u64), Instant>>,
}

impl Leases {
    /// Claims `id` for `lease` unless a live claim holds it; returns whether it is now claimed.
    pub(crate) fn try_claim(&self, queue: Queue, id: u64, lease: Duration) -> bool {
        let now = Instant::now();
        let mut held = self.lock();
        match held.get(&(queue, id)) {
            Some(until) if *until > now => false,
            _ => {
                held.insert((queue, id), now + lease);
                true
            }
        }
    }

    /// Claims `id` whatever held it (the entry was just written by this process).
    pub(crate) fn claim(&self, queue: Queue, id: u64, lease: Duration) {
        self.lock().insert((queue, id), Instant::now() + lease);
    }

    /// Ends a claim.
    pub(crate) fn release(&self, queue: Queue, id: u64) {
        self.lock().remove(&(queue, id));
    }

    /// Forgets the claims of `queue` whose entry is gone (`keep` says which still exist), so claims on
    /// entries removed elsewhere (a stored file) do not pile up.
    pub(crate) fn prune(&self, queue: Queue, keep: &dyn Fn(u64) -> bool) {
        self.lock().retain(|(held_queue, id), _| *held_queue != queue || keep(*id));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(Queue, u64), Instant>> {
        // The map holds no invariant a panic could break halfway.
        self.held.lock().unwrap_or_else(|it| it.into_inner())
    }
}
