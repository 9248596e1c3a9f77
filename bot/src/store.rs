//! Session persistence in sled: one record per resident, plus the ids of messages already processed.

use std::path::Path;

use chrono::{DateTime, Utc};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use crate::message::UserKey;

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
}

impl SessionStore {
    /// Opens (or creates) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let db = sled::Config::new().path(dir).open()?;
        Self::from_db(db)
    }

    /// Uses an already open database.
    pub fn from_db(db: sled::Db) -> Result<Self, StoreError> {
        let sessions = db.open_tree("sessions")?;
        let seen = db.open_tree("seen_messages")?;
        Ok(Self { db, sessions, seen })
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
        let key = user.storage_key();
        let seen = message_id.map(|id| seen_key(&user.channel, id));
        let res: Result<(), TransactionError<()>> =
            (&self.sessions, &self.seen).transaction(|(sessions, seen_tree)| {
                sessions.insert(key.as_slice(), record)?;
                if let Some(seen) = &seen {
                    seen_tree.insert(seen.as_slice(), &now.timestamp().to_be_bytes())?;
                }
                Ok::<(), ConflictableTransactionError<()>>(())
            });
        match res {
            Ok(()) => Ok(()),
            Err(TransactionError::Storage(err)) => Err(err.into()),
            Err(TransactionError::Abort(())) => unreachable!("the transaction never aborts"),
        }
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

fn seen_key(channel: &str, message_id: &str) -> Vec<u8> {
    format!("{channel}:{message_id}").into_bytes()
}
