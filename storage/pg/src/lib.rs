//! cekbae-pg-store is cekbae's storage backend for several instances: every trait of
//! [`cekbae_bot::storage`] on one PostgreSQL database, so any number of `cekbae serve` processes behind a
//! load balancer share residents, bookings and queues.
//!
//! ```no_run
//! use std::sync::Arc;
//! use cekbae_bot::storage::{Sealer, Vault};
//! use cekbae_pg_store::PgStore;
//! # fn demo() -> Result<(), cekbae_bot::StorageError> {
//! let sealer: Arc<dyn Sealer> = Arc::new(Vault::from_key_material(b"the operator's CEKBAE_DATA_KEY"));
//! let store = PgStore::open("postgres://cekbae@db.internal/cekbae", sealer)?;
//! # Ok(()) }
//! ```
//!
//! # How the seam's promises are kept
//!
//! | promise | here |
//! |---|---|
//! | a turn is exclusive per resident | the turn is one database transaction that first takes `pg_advisory_xact_lock` on a hash of the resident's key: every instance waits for it, and it ends with the transaction |
//! | a commit is atomic | the dialogue's writes go straight into the open transaction (reads see them); `COMMIT` makes all of them visible at once; a dropped turn is rolled back |
//! | a message is processed once | `seen` has a primary key on (channel, message id): a second commit of the same id fails as a conflict and rolls the whole turn back |
//! | a day never overfills | `UPDATE booking_days SET taken = taken + 1 … WHERE taken < capacity RETURNING last_number`: the row lock serialises bookings of one day across instances; the ticket number comes from the same row |
//! | sequences | PostgreSQL sequences (`nextval` is never rolled back); a dialogue's own numbering is bumped on the instance's own connection, outside turns |
//! | claims | `FOR UPDATE SKIP LOCKED` with a lease marked by the instance's connection (see `instance`): a dead instance's entries (and pending files) are taken over |
//! | durable | a commit returns once PostgreSQL made it durable; [`cekbae_bot::Store::flush`] has nothing left to do |
//! | sealed at rest | sessions, inbox, outbox, handovers, dialogue records and residents' files (announcement, metadata, content) are sealed ([`cekbae_bot::storage::Sealer`]); the data key is the operator's (`CEKBAE_DATA_KEY`), checked against the database's key check at open |
//! | schema | versioned migrations at open; a newer schema is refused ([`cekbae_bot::storage::ErrorKind::SchemaTooNew`]) |
//!
//! | module | role |
//! |---|---|
//! | `db`, `tls`, `sql`, `error` | connections (tokio-postgres in a deadpool pool, rustls when asked), statements, errors |
//! | `load` | loading a [`cekbae_bot::storage::Dump`] (`cekbae store copy`), idempotent |
//! | `snapshot` | backups: every table as `COPY` lines from one consistent moment, loaded back in one transaction |
//! | `migrations` | the versioned schema |
//! | `instance` | this instance's own connection: claims, dialogue sequences |
//! | [`scratch`] | fresh schemas for tests |
//! | `turn` | the turn: one transaction under the resident's lock |
//! | `codec` | sealed and JSON columns |
//! | `files` | residents' files: pending ones (claimed like the outbox) and stored ones, sealed |
//! | `sessions`, `outbox`, `inbox`, `handovers`, `records`, `bookings`, `surveys`, `closures`, `statistics`, `statuses`, `audit`, `keys` | each trait |

mod accounts;
mod audit;
mod bookings;
mod closures;
mod codec;
mod db;
mod error;
mod files;
mod handovers;
mod inbox;
mod instance;
mod keys;
mod load;
mod migrations;
mod outbox;
mod records;
pub mod scratch;
mod sessions;
mod snapshot;
mod sql;
mod statistics;
mod statuses;
mod surveys;
mod tls;
mod turn;

use std::sync::Arc;

use cekbae_bot::storage::{
    Accounts, AuditLog, Bookings, ChannelStatuses, Closures, ErrorKind, Files, Handovers, Inbox, Keys, Outbox, Records,
    Sealer, Sessions, Snapshots, Statistics, StorageError, Store, Surveys, TurnTx, WebSessions,
};
use cekbae_bot::UserKey;
use tokio_postgres::Row;

pub use migrations::{latest as latest_schema, Migrated};

use crate::db::Db;
use crate::instance::Instance;
use crate::sql::Params;

/// Where the key check is kept (in `meta`), and what it seals.
pub(crate) const KEY_CHECK: &str = "key_check";
pub(crate) const KEY_CHECK_TEXT: &[u8] = b"cekbae data key check";

/// Whether `url` names a PostgreSQL database (`postgres://` or `postgresql://`).
pub fn is_database_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The PostgreSQL backend. Cheap to clone; clones share the pool and the instance.
#[derive(Clone)]
pub struct PgStore {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    sealer: Arc<dyn Sealer>,
    instance: Instance,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Err(err) = self.instance.release_all(&self.db) {
            tracing::warn!(error = %err, "claims not released at close; other instances take them after the lease");
        }
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to `url`, applies the schema migrations this binary knows (refusing a newer schema), and
    /// checks that `sealer` opens what the database holds ([`ErrorKind::WrongKey`] otherwise: another key
    /// would read nothing a resident wrote). TLS is used when the URL says `sslmode=require`.
    pub fn open(url: &str, sealer: Arc<dyn Sealer>) -> Result<Self, StorageError> {
        let store = Self::open_unchecked(url, sealer)?;
        store.check_key()?;
        Ok(store)
    }

    /// Like [`PgStore::open`] without the key check, for `cekbae restore` only: what it loads brings its own
    /// key check, verified before the load commits ([`cekbae_bot::storage::Snapshots::import`]), and a
    /// restore with a wrong key must not leave that key's check behind in an empty database.
    pub fn open_to_restore(url: &str, sealer: Arc<dyn Sealer>) -> Result<Self, StorageError> {
        Self::open_unchecked(url, sealer)
    }

    fn open_unchecked(url: &str, sealer: Arc<dyn Sealer>) -> Result<Self, StorageError> {
        let db = Db::new(url)?;
        Self::migrate_with(&db)?;
        let instance = Instance::open(&db)?;
        Ok(Self { inner: Arc::new(Inner { db, sealer, instance }) })
    }

    /// Applies the schema migrations this binary knows to the database at `url` (`cekbae migrate`).
    pub fn migrate(url: &str) -> Result<Migrated, StorageError> {
        Self::migrate_with(&Db::new(url)?)
    }

    fn migrate_with(db: &Db) -> Result<Migrated, StorageError> {
        let mut client = db.dedicated()?;
        db.run(migrations::migrate(&mut client))
    }

    fn check_key(&self) -> Result<(), StorageError> {
        let stored = self.rows("SELECT value FROM meta WHERE name = $1", &[&KEY_CHECK])?;
        if let Some(row) = stored.first() {
            let sealed: Vec<u8> = row.get(0);
            if self.sealer().open(&sealed).as_deref() != Some(KEY_CHECK_TEXT) {
                return Err(StorageError::of_kind(ErrorKind::WrongKey));
            }
        }
        let sealed = self.sealer().seal(KEY_CHECK_TEXT);
        self.execute(
            "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            &[&KEY_CHECK, &sealed],
        )?;
        Ok(())
    }

    fn db(&self) -> &Db {
        &self.inner.db
    }

    fn sealer(&self) -> &dyn Sealer {
        &*self.inner.sealer
    }

    fn pid(&self) -> i32 {
        self.inner.instance.pid()
    }

    /// The rows of `sql`, on a pooled connection.
    fn rows(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StorageError> {
        let client = self.db().get()?;
        sql::rows(self.db(), &client, sql, params)
    }

    /// How many rows `sql` changed, on a pooled connection.
    fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, StorageError> {
        let client = self.db().get()?;
        sql::execute(self.db(), &client, sql, params)
    }
}

impl Store for PgStore {
    fn begin_turn(&self, user: &UserKey) -> Result<Box<dyn TurnTx + '_>, StorageError> {
        Ok(Box::new(turn::PgTurn::begin(self, user)?))
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

    fn keys(&self) -> &dyn Keys {
        self
    }

    fn accounts(&self) -> &dyn Accounts {
        self
    }

    fn web_sessions(&self) -> &dyn WebSessions {
        self
    }

    fn flush(&self) -> Result<(), StorageError> {
        Ok(())
    }

    fn snapshots(&self) -> Option<&dyn Snapshots> {
        Some(self)
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn ping(&self) -> Result<(), StorageError> {
        self.rows("SELECT 1", &[]).map(|_| ())
    }
}
