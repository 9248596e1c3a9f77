//! Session persistence in sled: one record per resident, the ids of messages already
//! processed, and an outbox of replies not yet delivered.

use std::path::Path;

use chrono::{DateTime, Utc};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use crate::handover::HandoverStore;
use crate::message::UserKey;
use crate::stats::StatsStore;

/// Errors from the session store. Never shown to residents.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled failed (I/O, corruption, or the directory is in use by another process).
    #[error("session storage: {0}")]
    Sled(#[from] sled::Error),
}

/// Sessions and processed-message ids in one sled database.
///
/// The database handle is shared: dialogues keep their own trees (bookings,
/// counters) in the same `sled::Db`, so one directory holds everything.
#[derive(Debug, Clone)]
pub struct SessionStore {
    db: sled::Db,
    sessions: sled::Tree,
    seen: sled::Tree,
    outbox: sled::Tree,
    inbox: sled::Tree,
    stats: StatsStore,
    handovers: HandoverStore,
}

/// sled's page cache.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// How long opening waits for the directory's lock to be let go of.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// What a turn writes besides the session: the processed message id and,
/// for channels that deliver later, the replies to send.
#[derive(Debug, Clone, Copy, Default)]
pub struct TurnWrite<'a> {
    /// The channel message id to mark processed.
    pub message_id: Option<&'a str>,
    /// Replies to keep until delivered (an encoded outbox entry).
    pub outbox: Option<&'a [u8]>,
    /// The conversation's statistics record: (conversation id, encoded record).
    pub stats: Option<(u64, &'a [u8])>,
}

impl SessionStore {
    /// Opens (or creates) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let started = std::time::Instant::now();
        loop {
            // sled's default page cache is 1 GiB; a kabupaten's hot sessions fit in far less,
            // and a modest machine must keep memory for everything else.
            match sled::Config::new().path(dir).cache_capacity(CACHE_BYTES).open() {
                Ok(db) => return Self::from_db(db),
                // A database closed an instant ago in this process: sled's writer threads let
                // go of the lock a moment after the last handle is dropped. Another process
                // holding it (a running server) is reported after the short wait.
                Err(err) if is_lock_error(&err) && started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(err) => return Err(err.into()),
            }
        }
    }

    /// Uses an already open database.
    pub fn from_db(db: sled::Db) -> Result<Self, StoreError> {
        let sessions = db.open_tree("sessions")?;
        let seen = db.open_tree("seen_messages")?;
        let outbox = db.open_tree("outbox")?;
        let inbox = db.open_tree("inbox")?;
        let stats = StatsStore::open(&db)?;
        let handovers = HandoverStore::open(&db)?;
        Ok(Self { db, sessions, seen, outbox, inbox, stats, handovers })
    }

    /// Anonymous conversation statistics.
    pub fn stats(&self) -> &StatsStore {
        &self.stats
    }

    /// Handovers to petugas.
    pub fn handovers(&self) -> &HandoverStore {
        &self.handovers
    }

    /// The underlying database, for dialogues that store their own data.
    pub fn db(&self) -> &sled::Db {
        &self.db
    }

    /// The stored bytes of a resident's session.
    pub fn load(&self, user: &UserKey) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.sessions.get(user.storage_key())?.map(|it| it.to_vec()))
    }

    /// Whether the channel message id was already processed.
    pub fn is_seen(&self, channel: &str, message_id: &str) -> Result<bool, StoreError> {
        Ok(self.seen.contains_key(seen_key(channel, message_id))?)
    }

    /// Stores a session and, in the same transaction, marks the message as processed,
    /// so a crash can never leave one without the other.
    pub fn save(
        &self,
        user: &UserKey,
        record: &[u8],
        message_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write_turn(user, Some(record), TurnWrite { message_id, ..TurnWrite::default() }, now).map(|_| ())
    }

    /// Writes what one turn produced in one transaction: the session (if
    /// given), the processed message id, and an outbox entry. Returns the
    /// outbox entry's id; ids grow, so pending replies are resent in order.
    pub fn write_turn(
        &self,
        user: &UserKey,
        record: Option<&[u8]>,
        write: TurnWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<u64>, StoreError> {
        let key = user.storage_key();
        let seen = write.message_id.map(|id| seen_key(&user.channel, id));
        let outbox_id = match write.outbox {
            Some(_) => Some(self.db.generate_id()?),
            None => None,
        };
        let res: Result<(), TransactionError<()>> = (&self.sessions, &self.seen, &self.outbox, self.stats.tree())
            .transaction(|(sessions, seen_tree, outbox, stats)| {
                if let Some(record) = record {
                    sessions.insert(key.as_slice(), record)?;
                }
                if let Some((id, bytes)) = write.stats {
                    stats.insert(&id.to_be_bytes(), bytes)?;
                }
                if let Some(seen) = &seen {
                    seen_tree.insert(seen.as_slice(), &now.timestamp().to_be_bytes())?;
                }
                if let (Some(id), Some(entry)) = (outbox_id, write.outbox) {
                    outbox.insert(&id.to_be_bytes(), entry)?;
                }
                Ok::<(), ConflictableTransactionError<()>>(())
            });
        match res {
            Ok(()) => Ok(outbox_id),
            Err(TransactionError::Storage(err)) => Err(err.into()),
            Err(TransactionError::Abort(())) => unreachable!("the transaction never aborts"),
        }
    }

    /// Outbox entries not yet delivered, oldest first.
    pub fn outbox_pending(&self) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        by_id(&self.outbox)
    }

    /// An outbox entry still waiting to be delivered.
    pub fn outbox_get(&self, id: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.outbox.get(id.to_be_bytes())?.map(|it| it.to_vec()))
    }

    /// Replaces an outbox entry that is still there (one delivered meanwhile stays gone).
    pub fn outbox_replace(&self, id: u64, entry: &[u8]) -> Result<(), StoreError> {
        self.outbox.update_and_fetch(id.to_be_bytes(), |old| old.map(|_| entry.to_vec()))?;
        Ok(())
    }

    /// Removes a delivered (or undeliverable) outbox entry.
    pub fn outbox_done(&self, id: u64) -> Result<(), StoreError> {
        self.outbox.remove(id.to_be_bytes())?;
        Ok(())
    }

    /// Keeps an acknowledged inbound message until its turn is stored, so a
    /// crash between the channel's acknowledgement and the turn loses nothing.
    /// Returns its id; ids grow, so a replay keeps the arrival order.
    pub fn inbox_put(&self, message: &[u8]) -> Result<u64, StoreError> {
        let id = self.db.generate_id()?;
        self.inbox.insert(id.to_be_bytes(), message)?;
        Ok(id)
    }

    /// Acknowledged messages whose turns were not stored yet, oldest first.
    pub fn inbox_pending(&self) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        by_id(&self.inbox)
    }

    /// Forgets an inbound message once its turn is stored.
    pub fn inbox_done(&self, id: u64) -> Result<(), StoreError> {
        self.inbox.remove(id.to_be_bytes())?;
        Ok(())
    }

    /// Removes a session (e.g. a resident asked for their data to be deleted).
    pub fn remove(&self, user: &UserKey) -> Result<(), StoreError> {
        self.sessions.remove(user.storage_key())?;
        Ok(())
    }

    /// Forgets processed-message ids older than `before`; returns how many.
    pub fn prune_seen(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        let mut removed = 0;
        for item in self.seen.iter() {
            let (key, value) = item?;
            let at = value.as_ref().try_into().map(i64::from_be_bytes).unwrap_or(0);
            if at < before.timestamp() {
                self.seen.remove(key)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Removes sessions whose last turn was before `before` (they may hold personal
    /// data of requests never finished). Unreadable records go too. Returns how many.
    pub fn purge_idle(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        #[derive(serde::Deserialize)]
        struct LastTurn {
            updated_at: DateTime<Utc>,
        }
        let mut removed = 0;
        for item in self.sessions.iter() {
            let (key, bytes) = item?;
            let stale = serde_json::from_slice::<LastTurn>(&bytes).map_or(true, |it| it.updated_at < before);
            if stale && self.sessions.compare_and_swap(&key, Some(bytes), None as Option<&[u8]>)?.is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Number of stored sessions.
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Writes everything to disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }
}

/// The entries of a tree keyed by big-endian ids, in id order.
/// Whether opening failed because the directory's lock is held.
fn is_lock_error(err: &sled::Error) -> bool {
    matches!(err, sled::Error::Io(io) if io.to_string().contains("could not acquire lock"))
}

fn by_id(tree: &sled::Tree) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
    let mut res = Vec::new();
    for item in tree.iter() {
        let (key, value) = item?;
        if let Ok(bytes) = <[u8; 8]>::try_from(key.as_ref()) {
            res.push((u64::from_be_bytes(bytes), value.to_vec()));
        }
    }
    Ok(res)
}

fn seen_key(channel: &str, message_id: &str) -> Vec<u8> {
    format!("{channel}:{message_id}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_waits_briefly_for_a_store_being_closed_and_refuses_one_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let first = SessionStore::open(dir.path()).unwrap();
        // Still in use: refused after the short wait, with sled's lock message.
        let started = std::time::Instant::now();
        let Err(err) = SessionStore::open(dir.path()) else { panic!("the directory is in use") };
        assert!(err.to_string().contains("could not acquire lock"), "{err}");
        assert!(started.elapsed() >= LOCK_WAIT);
        // Closed a moment later (as when a server stops in the same process): the open goes through.
        let closer = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            drop(first);
        });
        let second = SessionStore::open(dir.path());
        closer.join().unwrap();
        assert!(second.is_ok(), "{:?}", second.err());
    }
}
