//! A turn on sled: the resident's lock is held from `begin` to commit or drop; writes are staged in memory
//! (reads see them) and applied at commit atomically: as one batch when they all go to the turn tree (the
//! session, the processed message id, the statistics and the replies: most turns), else in one sled
//! transaction over the trees they touch. No sled transaction is open while the dialogue runs, so its code
//! never runs inside sled's retry loop.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::MutexGuard;

use cekbae_bot::session::SessionRecord;
use cekbae_bot::storage::{
    AuditEntry, ErrorKind, LoadedSession, OutboxWrite, Sequence, SessionWrite, StorageError, TurnBookings, TurnCommit,
    TurnFiles, TurnHandovers, TurnRecords, TurnSurveys, TurnTx,
};
use cekbae_bot::UserKey;
use sled::transaction::ConflictableTransactionError;
use sled::Transactional;

use crate::codec::{self, id_key};
use crate::error::{from_transaction, SledResult};
use crate::leases::{Queue, DEFAULT_LEASE};
use crate::trees::TreeId;
use crate::{sequences, SledStore};

/// Writes not yet applied: (tree, key) → new value, or `None` to remove.
type Writes = BTreeMap<(TreeId, Vec<u8>), Option<Vec<u8>>>;

/// One resident's turn in progress.
pub(crate) struct SledTurn<'a> {
    pub(crate) store: &'a SledStore,
    user: UserKey,
    _resident: MutexGuard<'a, ()>,
    /// The store's booking lock, once the turn changed places; held until the turn ends.
    booking_lock: RefCell<Option<MutexGuard<'a, ()>>>,
    staged: RefCell<Writes>,
    saved: RefCell<Option<Writes>>,
    /// The processed message id this commit marks: it must not be marked already.
    first_time: RefCell<Option<Vec<u8>>>,
}

impl<'a> SledTurn<'a> {
    /// Waits for the resident's lock and starts the turn.
    pub(crate) fn begin(store: &'a SledStore, user: &UserKey) -> Self {
        let resident = store.inner.locks.lock(user);
        Self {
            store,
            user: user.clone(),
            _resident: resident,
            booking_lock: RefCell::new(None),
            staged: RefCell::new(BTreeMap::new()),
            saved: RefCell::new(None),
            first_time: RefCell::new(None),
        }
    }

    /// A value as this turn sees it: staged, else committed.
    pub(crate) fn read(&self, tree: TreeId, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        if let Some(staged) = self.staged.borrow().get(&(tree, key.to_vec())) {
            return Ok(staged.clone());
        }
        Ok(self.store.trees().get(tree).get(key).storage()?.map(|it| it.to_vec()))
    }

    /// Every (key, value) under `prefix` as this turn sees it, in key order.
    pub(crate) fn scan(&self, tree: TreeId, prefix: &[u8]) -> Result<crate::raw::Entries, StorageError> {
        let mut seen: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
        for item in self.store.trees().get(tree).scan_prefix(prefix) {
            let (key, value) = item.storage()?;
            seen.insert(key.to_vec(), Some(value.to_vec()));
        }
        for ((staged_tree, key), value) in self.staged.borrow().iter() {
            if *staged_tree == tree && key.starts_with(prefix) {
                seen.insert(key.clone(), value.clone());
            }
        }
        Ok(seen.into_iter().filter_map(|(key, value)| Some((key, value?))).collect())
    }

    /// Takes the store's booking lock for the rest of the turn (a capacity check and the write it allows
    /// must not interleave with another resident's).
    pub(crate) fn hold_booking_lock(&self) {
        let mut held = self.booking_lock.borrow_mut();
        if held.is_none() {
            // A panic while holding it poisons it; the counts it guards are in sled, so go on.
            *held = Some(self.store.inner.booking_lock.lock().unwrap_or_else(|it| it.into_inner()));
        }
    }

    /// Stages a write (`None` removes).
    pub(crate) fn stage(&self, tree: TreeId, key: Vec<u8>, value: Option<Vec<u8>>) {
        self.staged.borrow_mut().insert((tree, key), value);
    }

    fn stage_commit(&self, commit: &TurnCommit) -> Result<Option<u64>, StorageError> {
        let sealer = self.store.sealer();
        let session_key = self.user.storage_key();
        match &commit.session {
            SessionWrite::Keep => {}
            SessionWrite::Put(record) => {
                self.stage(TreeId::Sessions, session_key, Some(codec::seal(sealer, record)?));
            }
            SessionWrite::Delete => self.stage(TreeId::Sessions, session_key, None),
        }
        if let Some(message_id) = &commit.message_id {
            let at = commit.now.timestamp().to_be_bytes().to_vec();
            let key = seen_key(&self.user.channel, message_id);
            *self.first_time.borrow_mut() = Some(key.clone());
            self.stage(TreeId::Seen, key, Some(at));
        }
        if let Some((id, stats)) = &commit.stats {
            self.stage(TreeId::Conversations, id_key(*id).to_vec(), Some(codec::json(stats)?));
        }
        let entry = match &commit.outbox {
            OutboxWrite::None => return Ok(None),
            OutboxWrite::DeliverNow(entry) | OutboxWrite::Queue(entry) => entry,
        };
        let id = self.store.next_in(sequences::OUTBOX)?;
        self.stage(TreeId::Outbox, id_key(id).to_vec(), Some(codec::seal(sealer, entry)?));
        Ok(Some(id))
    }
}

/// The key of a processed message id.
pub(crate) fn seen_key(channel: &str, message_id: &str) -> Vec<u8> {
    format!("{channel}:{message_id}").into_bytes()
}

impl TurnTx for SledTurn<'_> {
    fn user(&self) -> &UserKey {
        &self.user
    }

    fn session(&self) -> Result<LoadedSession, StorageError> {
        let Some(bytes) = self.read(TreeId::Sessions, &self.user.storage_key())? else {
            return Ok(LoadedSession::Missing);
        };
        Ok(match codec::open::<SessionRecord>(self.store.sealer(), &bytes) {
            Some(record) => LoadedSession::Found(Box::new(record)),
            None => LoadedSession::Unreadable,
        })
    }

    fn is_seen(&self, message_id: &str) -> Result<bool, StorageError> {
        Ok(self.read(TreeId::Seen, &seen_key(&self.user.channel, message_id))?.is_some())
    }

    fn next_id(&self, sequence: Sequence<'_>) -> Result<u64, StorageError> {
        self.store.next_in(&sequences::name(sequence))
    }

    fn handovers(&self) -> &dyn TurnHandovers {
        self
    }

    fn records(&self) -> &dyn TurnRecords {
        self
    }

    fn bookings(&self) -> &dyn TurnBookings {
        self
    }

    fn surveys(&self) -> &dyn TurnSurveys {
        self
    }

    fn files(&self) -> &dyn TurnFiles {
        self
    }

    fn audit(&self, entry: &AuditEntry) -> Result<(), StorageError> {
        let id = self.store.next_in(sequences::AUDIT)?;
        self.stage(TreeId::AuditLog, id_key(id).to_vec(), Some(codec::json(entry)?));
        Ok(())
    }

    fn savepoint(&self) {
        *self.saved.borrow_mut() = Some(self.staged.borrow().clone());
    }

    fn rollback_to_savepoint(&self) {
        if let Some(saved) = self.saved.borrow_mut().take() {
            *self.staged.borrow_mut() = saved;
        }
    }

    fn commit(self: Box<Self>, commit: TurnCommit) -> Result<Option<u64>, StorageError> {
        let outbox_id = self.stage_commit(&commit)?;
        if let (Some(id), OutboxWrite::DeliverNow(_)) = (outbox_id, &commit.outbox) {
            // Claimed before it exists, so no resend scan of this process takes it meanwhile.
            self.store.inner.leases.claim(Queue::Outbox, id, DEFAULT_LEASE);
        }
        let applied = self.apply();
        if let (Some(id), Err(_)) = (outbox_id, &applied) {
            self.store.inner.leases.release(Queue::Outbox, id);
        }
        applied.map(|()| outbox_id)
    }
}

impl SledTurn<'_> {
    /// Applies the staged writes atomically. A message id marked processed already aborts it (a conflict:
    /// nothing is written).
    fn apply(&self) -> Result<(), StorageError> {
        let writes = self.staged.take();
        if writes.is_empty() {
            return Ok(());
        }
        let first_time = self.first_time.take().map(|key| self.store.trees().seen().full_key(&key).into_owned());
        // A snapshot running now sees this commit whole, after it ends.
        let _commit = self.store.inner.commits.read().unwrap_or_else(|it| it.into_inner());
        if writes.keys().all(|(tree, _)| tree.in_turn_tree()) {
            self.apply_batch(writes, first_time)
        } else {
            self.apply_transaction(writes, first_time)
        }
    }

    /// Writes that all go to the turn tree, as one batch (sled recovers a batch whole or not at all). The
    /// processed-id check needs no transaction: only this resident's turns carry their message ids, and the
    /// resident's lock keeps every other turn of theirs out until this one ends.
    fn apply_batch(&self, writes: Writes, first_time: Option<Vec<u8>>) -> Result<(), StorageError> {
        let trees = self.store.trees();
        if let Some(key) = first_time {
            if trees.turns.get(key).storage()?.is_some() {
                return Err(StorageError::of_kind(ErrorKind::Conflict));
            }
        }
        let mut batch = sled::Batch::default();
        for ((tree, key), value) in writes {
            let key = trees.get(tree).full_key(&key).into_owned();
            match value {
                Some(value) => batch.insert(key, value),
                None => batch.remove(key),
            }
        }
        trees.turns.apply_batch(batch).storage()
    }

    /// Writes to several trees, in one transaction over them.
    fn apply_transaction(&self, writes: Writes, first_time: Option<Vec<u8>>) -> Result<(), StorageError> {
        let trees = self.store.trees();
        // (physical tree, full key) → value; the turn tree's parts share one tree.
        let mut touched: Vec<&sled::Tree> = Vec::new();
        let mut placed: Vec<(usize, Vec<u8>, Option<Vec<u8>>)> = Vec::with_capacity(writes.len());
        for ((tree, key), value) in writes {
            let section = trees.get(tree);
            let at = match touched.iter().position(|it| std::ptr::eq(*it, section.tree())) {
                Some(at) => at,
                None => {
                    touched.push(section.tree());
                    touched.len() - 1
                }
            };
            placed.push((at, section.full_key(&key).into_owned(), value));
        }
        let turn_tree = touched.iter().position(|it| std::ptr::eq(*it, &trees.turns));
        touched
            .as_slice()
            .transaction(|views| {
                if let (Some(key), Some(at)) = (&first_time, turn_tree) {
                    if views[at].get(key.as_slice())?.is_some() {
                        return Err(ConflictableTransactionError::Abort(()));
                    }
                }
                for (at, key, value) in &placed {
                    match value {
                        Some(value) => views[*at].insert(key.as_slice(), value.as_slice())?,
                        None => views[*at].remove(key.as_slice())?,
                    };
                }
                Ok::<(), ConflictableTransactionError<()>>(())
            })
            .map_err(from_transaction)
    }
}
