//! A turn on PostgreSQL: one transaction on one pooled connection, opened with the resident's advisory lock
//! (`pg_advisory_xact_lock` on a hash of the resident's key, so the same resident's turns wait for each
//! other on every instance). The dialogue's writes go into the transaction as they happen; the commit adds
//! the session, the processed message id, the outbox entry and the statistics, then `COMMIT`s. Dropped
//! without a commit, the transaction is rolled back.

use std::cell::{Cell, RefCell};

use cekbae_bot::session::SessionRecord;
use cekbae_bot::storage::{
    AuditEntry, ErrorKind, LoadedSession, OutboxWrite, Sequence, SessionWrite, StorageError, TurnBookings, TurnCommit,
    TurnFiles, TurnHandovers, TurnRecords, TurnSurveys, TurnTx,
};
use cekbae_bot::UserKey;
use deadpool_postgres::Object;
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use crate::sql::{self, Params};
use crate::{codec, PgStore};

/// How long the committing instance holds an outbox entry it delivers at once.
const DELIVERY_LEASE: f64 = 30.0;

/// One resident's turn in progress.
pub(crate) struct PgTurn<'a> {
    pub(crate) store: &'a PgStore,
    user: UserKey,
    /// The connection with the open transaction; `None` once committed or rolled back.
    client: RefCell<Option<Object>>,
    /// Held while the turn lives (declared after `client`, so the connection goes back to the pool first).
    _slot: crate::db::TurnSlot,
    /// A statement failed since the turn began (or since the savepoint it went back to): PostgreSQL has
    /// aborted the transaction, and a `COMMIT` would quietly roll it back, so the commit is refused.
    failed: Cell<bool>,
    /// `failed` as it was when the savepoint was set.
    failed_at_savepoint: Cell<bool>,
    /// The sealed session as read when the turn began (`Some(None)`: none stored), until the first
    /// [`TurnTx::session`] takes it; later calls read again.
    loaded: RefCell<Option<Option<Vec<u8>>>>,
}

/// The resident's sealed session.
const LOAD_SESSION: &str = "SELECT sealed FROM sessions WHERE channel = $1 AND user_id = $2";

impl<'a> PgTurn<'a> {
    /// Takes a connection, begins the transaction and waits for the resident's lock.
    pub(crate) fn begin(store: &'a PgStore, user: &UserKey) -> Result<Self, StorageError> {
        let slot = store.db().turn_slot();
        let client = store.db().get()?;
        let key = format!("{}:{}", user.channel, user.id);
        // One round trip: the three statements are pipelined (sent together, answered in order), and the
        // session is read under the lock, since nearly every turn reads it first.
        let begun = store.db().run(async {
            let lock = client.prepare_cached("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").await?;
            let load = client.prepare_cached(LOAD_SESSION).await?;
            let (begin, locked, session) = futures_util::future::join3(
                client.batch_execute("BEGIN"),
                client.execute(&lock, &[&key]),
                client.query_opt(&load, &[&user.channel, &user.id]),
            )
            .await;
            begin?;
            locked?;
            session
        });
        let session = match begun {
            Ok(row) => row.map(|row| row.get::<_, Vec<u8>>(0)),
            Err(err) => {
                // The connection's state is unknown: it does not go back to the pool.
                drop(Object::take(client));
                return Err(crate::error::from_pg(err));
            }
        };
        Ok(Self {
            store,
            user: user.clone(),
            client: RefCell::new(Some(client)),
            _slot: slot,
            failed: Cell::new(false),
            failed_at_savepoint: Cell::new(false),
            loaded: RefCell::new(Some(session)),
        })
    }

    /// The rows of `sql` inside the turn's transaction.
    pub(crate) fn rows(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StorageError> {
        let client = self.client.borrow();
        let client = client.as_ref().ok_or_else(|| StorageError::of_kind(ErrorKind::Unavailable))?;
        let res = sql::rows(self.store.db(), client, sql, params);
        self.failed.set(self.failed.get() || res.is_err());
        res
    }

    /// How many rows `sql` changed inside the turn's transaction.
    pub(crate) fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, StorageError> {
        let client = self.client.borrow();
        let client = client.as_ref().ok_or_else(|| StorageError::of_kind(ErrorKind::Unavailable))?;
        let res = sql::execute(self.store.db(), client, sql, params);
        self.failed.set(self.failed.get() || res.is_err());
        res
    }

    /// Runs a statement that cannot be prepared (savepoints).
    fn batch(&self, sql: &str) -> Result<(), StorageError> {
        let client = self.client.borrow();
        let client = client.as_ref().ok_or_else(|| StorageError::of_kind(ErrorKind::Unavailable))?;
        self.store.db().run(client.batch_execute(sql)).map_err(crate::error::from_pg)
    }

    /// The next value of a PostgreSQL sequence (never rolled back with the turn).
    pub(crate) fn nextval(&self, sequence: &'static str) -> Result<u64, StorageError> {
        let rows = self.rows(&format!("SELECT nextval('{sequence}')"), &[])?;
        Ok(rows.first().map_or(0, |row| u64::try_from(row.get::<_, i64>(0)).unwrap_or(0)))
    }

    fn end(&self, statement: &str) -> Result<(), StorageError> {
        let Some(client) = self.client.borrow_mut().take() else { return Ok(()) };
        match self.store.db().run(client.batch_execute(statement)) {
            Ok(()) => Ok(()),
            Err(err) => {
                drop(Object::take(client));
                Err(crate::error::from_pg(err))
            }
        }
    }

    /// Commits what was written outside the seam's commit (an inbox entry under the resident's lock).
    pub(crate) fn finish(self) -> Result<(), StorageError> {
        if self.failed.get() {
            return Err(StorageError::new(ErrorKind::Unavailable, "a statement failed; nothing was written"));
        }
        self.end("COMMIT")
    }

    /// Writes what the commit carries in one round trip: the statements are pipelined, and their results
    /// are all checked before the caller sends `COMMIT` (a `COMMIT` after a failed statement would quietly
    /// roll back).
    fn write_commit(&self, commit: &TurnCommit) -> Result<Option<u64>, StorageError> {
        let sealer = self.store.sealer();
        let (channel, id) = (&self.user.channel, &self.user.id);
        let session = match &commit.session {
            SessionWrite::Keep => None,
            SessionWrite::Put(record) => Some(Some(codec::seal(sealer, record)?)),
            SessionWrite::Delete => Some(None),
        };
        let stats = match &commit.stats {
            Some((id, stats)) => Some((sql::db_id(*id), codec::json(stats)?)),
            None => None,
        };
        let outbox = match &commit.outbox {
            OutboxWrite::None => None,
            OutboxWrite::DeliverNow(entry) => Some((codec::seal(sealer, entry)?, Some(self.store.pid()))),
            OutboxWrite::Queue(entry) => Some((codec::seal(sealer, entry)?, None)),
        };
        let client = self.client.borrow();
        let client = client.as_ref().ok_or_else(|| StorageError::of_kind(ErrorKind::Unavailable))?;
        let written = self.store.db().run(async {
            let mut writes: Vec<Write<'_>> = Vec::new();
            if let Some(session) = &session {
                let (sql, params): (&str, Vec<&(dyn ToSql + Sync)>) = match session {
                    Some(sealed) => (PUT_SESSION, vec![channel, id, sealed]),
                    None => ("DELETE FROM sessions WHERE channel = $1 AND user_id = $2", vec![channel, id]),
                };
                writes.push(Write { what: Written::Session, statement: client.prepare_cached(sql).await?, params });
            }
            if let Some(message_id) = &commit.message_id {
                let statement = client.prepare_cached(MARK_SEEN).await?;
                writes.push(Write { what: Written::Seen, statement, params: vec![channel, message_id, &commit.now] });
            }
            if let Some((id, body)) = &stats {
                let statement = client.prepare_cached(PUT_STATS).await?;
                writes.push(Write { what: Written::Stats, statement, params: vec![id, body] });
            }
            if let Some((sealed, claimed_by)) = &outbox {
                let statement = client.prepare_cached(PUT_OUTBOX).await?;
                writes.push(Write {
                    what: Written::Outbox,
                    statement,
                    params: vec![sealed, claimed_by, &DELIVERY_LEASE],
                });
            }
            let results = futures_util::future::join_all(
                writes.iter().map(|write| client.query(&write.statement, &write.params)),
            )
            .await;
            writes
                .iter()
                .map(|it| it.what)
                .zip(results)
                .map(|(what, rows)| Ok((what, rows?)))
                .collect::<Result<Vec<_>, _>>()
        });
        let written = written.map_err(|err| {
            self.failed.set(true);
            crate::error::from_pg(err)
        })?;
        let mut outbox_id = None;
        for (what, rows) in written {
            match what {
                Written::Seen if rows.is_empty() => {
                    return Err(StorageError::new(ErrorKind::Conflict, "message already processed"))
                }
                Written::Outbox => outbox_id = rows.first().map(|row| sql::id(row, "id")),
                Written::Session | Written::Seen | Written::Stats => {}
            }
        }
        Ok(outbox_id)
    }
}

/// What one statement of a commit writes.
#[derive(Debug, Clone, Copy)]
enum Written {
    Session,
    Seen,
    Stats,
    Outbox,
}

/// One statement of a commit, prepared, with its parameters.
struct Write<'a> {
    what: Written,
    statement: tokio_postgres::Statement,
    params: Vec<&'a (dyn ToSql + Sync)>,
}

const PUT_SESSION: &str = "INSERT INTO sessions (channel, user_id, sealed) VALUES ($1, $2, $3)
     ON CONFLICT (channel, user_id) DO UPDATE SET sealed = excluded.sealed";
/// Returns a row only when the id was not marked before.
const MARK_SEEN: &str =
    "INSERT INTO seen (channel, message_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1";
const PUT_STATS: &str =
    "INSERT INTO conversations (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = excluded.body";
const PUT_OUTBOX: &str = "INSERT INTO outbox (id, sealed, claimed_by, lease_until)
     VALUES (nextval('outbox_ids'), $1, $2::integer,
             CASE WHEN $2::integer IS NULL THEN NULL ELSE now() + make_interval(secs => $3) END)
     RETURNING id";

impl Drop for PgTurn<'_> {
    fn drop(&mut self) {
        if let Err(err) = self.end("ROLLBACK") {
            tracing::warn!(error = %err, "turn not rolled back cleanly; its connection was dropped");
        }
    }
}

impl TurnTx for PgTurn<'_> {
    fn user(&self) -> &UserKey {
        &self.user
    }

    fn session(&self) -> Result<LoadedSession, StorageError> {
        let sealed = match self.loaded.borrow_mut().take() {
            Some(loaded) => loaded,
            None => self
                .rows(LOAD_SESSION, &[&self.user.channel, &self.user.id])?
                .first()
                .map(|row| row.get::<_, Vec<u8>>(0)),
        };
        let Some(sealed) = sealed else { return Ok(LoadedSession::Missing) };
        Ok(match codec::open::<SessionRecord>(self.store.sealer(), &sealed) {
            Some(record) => LoadedSession::Found(Box::new(record)),
            None => LoadedSession::Unreadable,
        })
    }

    fn is_seen(&self, message_id: &str) -> Result<bool, StorageError> {
        let rows =
            self.rows("SELECT 1 FROM seen WHERE channel = $1 AND message_id = $2", &[&self.user.channel, &message_id])?;
        Ok(!rows.is_empty())
    }

    fn next_id(&self, sequence: Sequence<'_>) -> Result<u64, StorageError> {
        match sequence {
            Sequence::Conversation => self.nextval("conversation_ids"),
            Sequence::Request => self.nextval("request_ids"),
            Sequence::Dialogue(name) => self.store.inner.instance.next_in_dialogue(self.store.db(), name),
        }
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
        self.execute("INSERT INTO audit_log (id, body) VALUES (nextval('audit_ids'), $1)", &[&codec::json(entry)?])?;
        Ok(())
    }

    fn savepoint(&self) {
        self.failed_at_savepoint.set(self.failed.get());
        if let Err(err) = self.batch("SAVEPOINT dialogue") {
            self.failed.set(true);
            self.failed_at_savepoint.set(true);
            tracing::warn!(error = %err, "savepoint not set; the turn will fail at its commit");
        }
    }

    fn rollback_to_savepoint(&self) {
        match self.batch("ROLLBACK TO SAVEPOINT dialogue") {
            Ok(()) => self.failed.set(self.failed_at_savepoint.get()),
            Err(err) => {
                self.failed.set(true);
                tracing::warn!(error = %err, "rollback to the savepoint failed; the turn will fail at its commit");
            }
        }
    }

    fn commit(self: Box<Self>, commit: TurnCommit) -> Result<Option<u64>, StorageError> {
        if self.failed.get() {
            return Err(StorageError::new(
                ErrorKind::Unavailable,
                "a statement of the turn failed; nothing was written",
            ));
        }
        let outbox_id = self.write_commit(&commit)?;
        self.end("COMMIT")?;
        Ok(outbox_id)
    }
}
