//! This instance as the database sees it: a connection of its own (outside the pool) held for the store's
//! life. Its backend process id marks the instance's claims on outbox and inbox entries and pending files; while that
//! connection lives, the claims hold until their lease ends. When the instance dies, PostgreSQL ends the
//! connection, the id leaves `pg_stat_activity`, and the other instances take the claims over at their
//! next claim (the lease is the bound when a dead connection lingers: at most its length, 30 s).
//! The same connection bumps dialogue sequences outside any turn (a value is never handed out twice, even
//! by a turn rolled back).

use std::sync::Mutex;

use cekbae_bot::storage::StorageError;

use crate::db::Db;
use crate::error::PgResult;

/// SQL: an entry nobody holds a live claim on.
pub(crate) const UNCLAIMED: &str = "(claimed_by IS NULL OR lease_until < now() \
     OR NOT EXISTS (SELECT 1 FROM pg_stat_activity AS a WHERE a.pid = claimed_by))";

/// The instance's own connection.
pub(crate) struct Instance {
    client: Mutex<tokio_postgres::Client>,
    pid: i32,
}

impl Instance {
    /// Opens the instance's connection.
    pub(crate) fn open(db: &Db) -> Result<Self, StorageError> {
        let client = db.dedicated()?;
        let pid = db.run(client.query_one("SELECT pg_backend_pid()", &[])).storage()?.get(0);
        Ok(Self { client: Mutex::new(client), pid })
    }

    /// The id that marks this instance's claims.
    pub(crate) fn pid(&self) -> i32 {
        self.pid
    }

    /// The next value of a dialogue's own sequence (starting at 1).
    pub(crate) fn next_in_dialogue(&self, db: &Db, name: &str) -> Result<u64, StorageError> {
        let client = self.lock();
        let row = db
            .run(client.query_one(
                "INSERT INTO dialogue_sequences (name, value) VALUES ($1, 1)
                 ON CONFLICT (name) DO UPDATE SET value = dialogue_sequences.value + 1 RETURNING value",
                &[&name],
            ))
            .storage()?;
        Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }

    /// Gives up every claim of this instance (a clean stop: the others need not wait for the leases).
    pub(crate) fn release_all(&self, db: &Db) -> Result<(), StorageError> {
        let client = self.lock();
        db.run(client.batch_execute(&format!(
            "UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = {pid};
             UPDATE inbox SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = {pid};
             UPDATE pending_files SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = {pid};",
            pid = self.pid
        )))
        .storage()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, tokio_postgres::Client> {
        // A client holds no invariant a panic elsewhere could break.
        self.client.lock().unwrap_or_else(|it| it.into_inner())
    }
}
