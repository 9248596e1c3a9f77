//! Turns of one resident are exclusive: a lock per resident (striped, so memory stays bounded). sled allows
//! one process per directory, so a lock in the process is a lock for the store.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, MutexGuard};

use cekbae_bot::UserKey;

const STRIPES: usize = 64;

/// The residents' locks.
#[derive(Debug)]
pub(crate) struct ResidentLocks {
    stripes: Vec<Mutex<()>>,
}

impl Default for ResidentLocks {
    fn default() -> Self {
        Self { stripes: (0..STRIPES).map(|_| Mutex::new(())).collect() }
    }
}

impl ResidentLocks {
    /// Waits for, and holds, the lock of `user`'s turns.
    pub(crate) fn lock(&self, user: &UserKey) -> MutexGuard<'_, ()> {
        let mut hasher = DefaultHasher::new();
        user.hash(&mut hasher);
        let stripe = (hasher.finish() as usize) % self.stripes.len();
        // A panic while holding the lock poisons it; the data it guards is in sled, so go on.
        self.stripes[stripe].lock().unwrap_or_else(|it| it.into_inner())
    }
}
