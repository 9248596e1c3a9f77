//! cekbae-sled-store is cekbae's embedded storage backend: one sled database in the data directory, no
//! server to run (`cargo run --release` stores in `./data`). It implements every trait of
//! [`cekbae_bot::storage`] and reads the layout older versions wrote (same trees, same records), so an
//! office's existing data directory keeps working.
//!
//! ```no_run
//! use std::sync::{Arc, Mutex};
//! use cekbae_bot::Store;
//! use cekbae_sled_store::SledStore;
//! # fn demo() -> Result<(), cekbae_bot::StorageError> {
//! let store: Arc<dyn Store> = Arc::new(SledStore::open("data".as_ref())?);
//! # Ok(()) }
//! ```
//!
//! # How the seam's promises are kept
//!
//! | promise | here |
//! |---|---|
//! | a turn is exclusive per resident | a striped lock in the process (sled allows one process per directory) |
//! | a commit is atomic | the turn stages its writes in memory (reads see them); the commit applies them as one batch when they all go to the turn tree (session, processed id, statistics, replies), else in one sled transaction over the trees they touch; a dropped turn writes nothing |
//! | durable | [`cekbae_bot::Store::flush`] flushes sled (the dispatcher's group commit) |
//! | sequences | counters in the `sequences` tree, bumped atomically (the inbox's and outbox's reserved in blocks); built-in ones start above every id older versions generated |
//! | claims | leases in memory: a new process starts with none |
//! | sealed at rest | sessions, inbox, outbox, handovers, records and residents' files (their metadata and content) are sealed ([`cekbae_bot::storage::Sealer`]) |
//!
//! | module | role |
//! |---|---|
//! | `trees` | the trees and their names; the turn tree's parts |
//! | `section` | a part of a tree under a prefix, read like a tree |
//! | `codec` | record layout: JSON, sealed where it may hold a resident's words |
//! | `turn` | the turn: staged writes, one batch or transaction at commit |
//! | `sequences` | ids from the store |
//! | `snapshot` | the whole store at one moment, for backups |
//! | `files` | residents' files: pending, metadata and content in trees of their own, sealed |
//! | `sessions`, `outbox`, `inbox`, `handovers`, `records`, `bookings`, `surveys`, `closures`, `statistics`, `statuses`, `audit`, `keys`, `accounts`, `web_sessions` | the traits outside a turn |
//! | `dump` | everything as plain data, for `cekbae store copy` |
//! | [`raw`] | writing records as older versions did, for upgrade fixtures |

mod accounts;
mod audit;
mod bookings;
mod closures;
mod codec;
mod commit;
mod dump;
mod envelope;
mod error;
mod files;
mod handovers;
mod inbox;
mod keys;
mod leases;
mod locks;
mod outbox;
pub mod raw;
mod records;
mod section;
mod sequences;
mod sessions;
mod snapshot;
mod statistics;
mod statuses;
mod surveys;
mod trees;
mod turn;
mod web_sessions;

use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use cekbae_bot::storage::{
    Accounts, AuditLog, Bookings, ChannelStatuses, Closures, ErrorKind, Files, Handovers, Inbox, Keys, Outbox, Records,
    Sealer, Sessions, Snapshots, Statistics, StorageError, Store, Surveys, TurnTx, Vault, WebSessions,
};
use cekbae_bot::UserKey;

use crate::error::{from_sled, is_lock_error, SledResult};
use crate::leases::Leases;
use crate::locks::ResidentLocks;
use crate::trees::Trees;

/// sled's page cache. sled's default is 1 GiB; a kabupaten's hot sessions fit in far less, and a modest
/// machine must keep memory for everything else.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// How long opening waits for the directory's lock to be let go of: sled's writer threads release it a
/// moment after the last handle of a store closed in the same process is dropped (a moment that grew past
/// 400 ms on a loaded build machine).
const LOCK_WAIT: Duration = Duration::from_millis(1000);

/// Opens the sled database in `dir`, waiting a moment for a lock a store closed an instant ago in this
/// process still holds; another process holding it (a running server) is reported after the short wait.
pub(crate) fn open_db(dir: &Path) -> Result<sled::Db, StorageError> {
    let started = Instant::now();
    loop {
        match sled::Config::new().path(dir).cache_capacity(CACHE_BYTES).open() {
            Ok(db) => return Ok(db),
            Err(err) if is_lock_error(&err) && started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(err) => return Err(from_sled(err)),
        }
    }
}

/// Where the key check is kept (in `meta`), and what it seals.
const KEY_CHECK: &str = "key_check";
const KEY_CHECK_TEXT: &[u8] = b"cekbae data key check";

/// The sled backend. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct SledStore {
    inner: Arc<Inner>,
}

struct Inner {
    db: sled::Db,
    trees: Trees,
    sealer: Arc<dyn Sealer>,
    locks: Arc<ResidentLocks>,
    /// Held by a turn that changes places of a day (see `bookings`) or existing files (see `files`).
    booking_lock: Arc<Mutex<()>>,
    leases: Arc<Leases>,
    /// Shared by turn commits, held alone by a snapshot (see `snapshot`).
    commits: Arc<RwLock<()>>,
    /// Ids reserved for this process (see `sequences`).
    blocks: Arc<sequences::Blocks>,
}

impl std::fmt::Debug for SledStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SledStore").finish_non_exhaustive()
    }
}

impl SledStore {
    /// Opens (or creates) the database in `dir`. What may carry a resident's words is sealed with the
    /// database's own key ([`Keys::data_key`]) until [`SledStore::sealed_with`] gives another.
    /// A directory held by another process is refused ([`cekbae_bot::storage::ErrorKind::InUse`]).
    pub fn open(dir: &Path) -> Result<Self, StorageError> {
        Self::from_db(open_db(dir)?)
    }

    fn from_db(db: sled::Db) -> Result<Self, StorageError> {
        let trees = Trees::open(&db)?;
        let key = keys::get_or_make(&trees.meta, keys::DATA_KEY)?;
        let store = Self {
            inner: Arc::new(Inner {
                db,
                trees,
                sealer: Arc::new(Vault::from_key_material(&key)),
                locks: Arc::default(),
                booking_lock: Arc::default(),
                leases: Arc::default(),
                commits: Arc::default(),
                blocks: Arc::default(),
            }),
        };
        store.confirm_outbox()?;
        Ok(store)
    }

    /// A store in a temporary directory that is deleted when the store is dropped (for tools that need an
    /// engine without data, and for tests).
    pub fn temporary() -> Result<Self, StorageError> {
        let db = sled::Config::new().temporary(true).open().map_err(from_sled)?;
        Self::from_db(db)
    }

    /// Seals with `sealer` from now on (the operator's key, or the database's own through the NIK vault),
    /// after checking that it opens what this directory holds: a key check sealed by the key used before must
    /// open with `sealer` (its current key or one it still reads, while rotating), else
    /// [`cekbae_bot::storage::ErrorKind::WrongKey`]. Running on with another key would read nothing a resident
    /// wrote and drop it as damaged. The check is then sealed again with the current key.
    /// Call it before sharing the store.
    pub fn sealed_with(self, sealer: Arc<dyn Sealer>) -> Result<Self, StorageError> {
        let meta = &self.inner.trees.meta;
        if let Some(check) = meta.get(KEY_CHECK).storage()? {
            let opened = check.strip_prefix(codec::SEALED).and_then(|it| sealer.open(it));
            if opened.as_deref() != Some(KEY_CHECK_TEXT) {
                return Err(StorageError::of_kind(ErrorKind::WrongKey));
            }
        }
        let mut check = codec::SEALED.to_vec();
        check.extend(sealer.seal(KEY_CHECK_TEXT));
        meta.insert(KEY_CHECK, check).storage()?;
        meta.flush().storage()?;
        let inner = &self.inner;
        let store = Self {
            inner: Arc::new(Inner {
                db: inner.db.clone(),
                trees: inner.trees.clone(),
                sealer,
                locks: Arc::clone(&inner.locks),
                booking_lock: Arc::clone(&inner.booking_lock),
                leases: Arc::clone(&inner.leases),
                commits: Arc::clone(&inner.commits),
                blocks: Arc::clone(&inner.blocks),
            }),
        };
        store.confirm_outbox()?;
        Ok(store)
    }

    fn sealer(&self) -> &dyn Sealer {
        &*self.inner.sealer
    }

    fn trees(&self) -> &Trees {
        &self.inner.trees
    }
}

impl Store for SledStore {
    fn begin_turn(&self, user: &UserKey) -> Result<Box<dyn TurnTx + '_>, StorageError> {
        Ok(Box::new(turn::SledTurn::begin(self, user)))
    }

    fn sessions(&self) -> &dyn Sessions {
        self
    }

    fn outbox(&self) -> &dyn Outbox {
        self
    }

    fn inbox(&self) -> &dyn Inbox {
        self
    }

    fn handovers(&self) -> &dyn Handovers {
        self
    }

    fn statistics(&self) -> &dyn Statistics {
        self
    }

    fn records(&self) -> &dyn Records {
        self
    }

    fn bookings(&self) -> &dyn Bookings {
        self
    }

    fn surveys(&self) -> &dyn Surveys {
        self
    }

    fn closures(&self) -> &dyn Closures {
        self
    }

    fn files(&self) -> &dyn Files {
        self
    }

    fn audit(&self) -> &dyn AuditLog {
        self
    }

    fn statuses(&self) -> &dyn ChannelStatuses {
        self
    }

    fn accounts(&self) -> &dyn Accounts {
        self
    }

    fn web_sessions(&self) -> &dyn WebSessions {
        self
    }

    fn keys(&self) -> &dyn Keys {
        self
    }

    fn snapshots(&self) -> Option<&dyn Snapshots> {
        Some(self)
    }

    fn flush(&self) -> Result<(), StorageError> {
        self.inner.db.flush().storage()?;
        Ok(())
    }

    fn backend(&self) -> &'static str {
        "sled"
    }

    fn ping(&self) -> Result<(), StorageError> {
        self.inner.trees.meta.get(KEY_CHECK).storage().map(|_| ())
    }
}

#[cfg(test)]
mod tests;
