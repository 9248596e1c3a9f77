//! A turn on sled: the resident's lock is held from `begin` to commit or drop; writes are staged in memory
//! (reads see them) and applied at commit atomically (`commit`): with one plain insert of the resident's
//! record when they all go to the turn tree (the session, the processed message id, the statistics and the
//! replies: most turns; see `envelope`), else in one sled transaction over the trees they touch. No sled
//! transaction is open while the dialogue runs, so its code never runs inside sled's retry loop.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::sync::MutexGuard;

use cekbae_bot::session::SessionRecord;
use cekbae_bot::storage::{
    AuditEntry, LoadedSession, OutboxWrite, Sequence, SessionWrite, StorageError, TurnBookings, TurnCommit, TurnFiles,
    TurnHandovers, TurnRecords, TurnSurveys, TurnTx,
};
use cekbae_bot::UserKey;

use crate::codec::{self, id_key};
use crate::envelope::Envelope;
use crate::error::SledResult;
use crate::leases::{Queue, DEFAULT_LEASE};
use crate::trees::TreeId;
use crate::{sequences, SledStore};

/// Writes not yet applied: (tree, key) → new value, or `None` to remove.
pub(crate) type Writes = BTreeMap<(TreeId, Vec<u8>), Option<Vec<u8>>>;

/// One resident's turn in progress.
pub(crate) struct SledTurn<'a> {
    pub(crate) store: &'a SledStore,
    pub(crate) user: UserKey,
    _resident: MutexGuard<'a, ()>,
    /// The store's booking lock, once the turn changed places; held until the turn ends.
    booking_lock: RefCell<Option<MutexGuard<'a, ()>>>,
    pub(crate) staged: RefCell<Writes>,
    saved: RefCell<Option<Writes>>,
    /// The processed message id this commit marks: it must not be marked already.
    pub(crate) first_time: RefCell<Option<String>>,
    /// The resident's record as committed, read once: the resident's lock keeps their other turns out.
    committed: OnceCell<Option<Vec<u8>>>,
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
            committed: OnceCell::new(),
        }
    }

    /// The resident's record as committed (what this turn staged is not in it yet).
    pub(crate) fn record(&self) -> Result<Envelope, StorageError> {
        Ok(self.committed_record()?.map(Envelope::decode).unwrap_or_default())
    }

    fn committed_record(&self) -> Result<Option<&[u8]>, StorageError> {
        if self.committed.get().is_none() {
            let stored = self.store.trees().sessions().get(self.user.storage_key()).storage()?;
            let _ = self.committed.set(stored.map(|it| it.to_vec()));
        }
        Ok(self.committed.get().and_then(|it| it.as_deref()))
    }

    /// A value as this turn sees it: staged, else committed.
    pub(crate) fn read(&self, tree: TreeId, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        if let Some(staged) = self.staged.borrow().get(&(tree, key.to_vec())) {
            return Ok(staged.clone());
        }
        if tree == TreeId::Sessions && key == self.user.storage_key() {
            return Ok(self.committed_record()?.map(<[u8]>::to_vec));
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
            *self.first_time.borrow_mut() = Some(message_id.clone());
            self.stage(TreeId::Seen, seen_key(&self.user.channel, message_id), Some(at));
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
        Ok(match codec::open::<SessionRecord>(self.store.sealer(), &Envelope::decode(&bytes).session) {
            Some(record) => LoadedSession::Found(Box::new(record)),
            None => LoadedSession::Unreadable,
        })
    }

    fn is_seen(&self, message_id: &str) -> Result<bool, StorageError> {
        Ok(self.record()?.last_message.as_deref() == Some(message_id)
            || self.read(TreeId::Seen, &seen_key(&self.user.channel, message_id))?.is_some())
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
        let leases = &self.store.inner.leases;
        if let Some(id) = outbox_id {
            // Claimed before it exists, so no resend scan of this process takes it before the turn is decided.
            leases.claim(Queue::Outbox, id, DEFAULT_LEASE);
        }
        let applied = self.apply(commit.now, outbox_id);
        // A reply to deliver now stays claimed for the caller, who delivers it and marks it done.
        if let Some(id) = outbox_id.filter(|_| applied.is_err() || !matches!(commit.outbox, OutboxWrite::DeliverNow(_)))
        {
            leases.release(Queue::Outbox, id);
        }
        applied.map(|()| outbox_id)
    }
}
