//! The outbox: sealed entries; a claim is `FOR UPDATE SKIP LOCKED` over entries nobody holds a live claim
//! on, marked with this instance and a lease.

use std::time::Duration;

use cekbae_bot::storage::{Outbox, OutboxEntry, StorageError};
use tokio_postgres::Row;

use crate::instance::UNCLAIMED;
use crate::sql::{self, db_id};
use crate::{codec, PgStore};

impl PgStore {
    /// The readable entries of `rows` (id, sealed); unreadable ones are removed with a warning.
    fn outbox_entries(&self, rows: Vec<Row>) -> Result<Vec<(u64, OutboxEntry)>, StorageError> {
        let mut res = Vec::new();
        for row in rows {
            let id = sql::id(&row, "id");
            match codec::open(self.sealer(), &row.get::<_, Vec<u8>>("sealed")) {
                Some(entry) => res.push((id, entry)),
                None => self.drop_unreadable(id)?,
            }
        }
        res.sort_by_key(|it| it.0);
        Ok(res)
    }

    fn drop_unreadable(&self, id: u64) -> Result<(), StorageError> {
        tracing::warn!(outbox_id = id, "unreadable outbox entry dropped");
        self.execute("DELETE FROM outbox WHERE id = $1", &[&db_id(id)])?;
        Ok(())
    }
}

impl Outbox for PgStore {
    fn pending(&self) -> Result<Vec<(u64, OutboxEntry)>, StorageError> {
        let rows = self.rows("SELECT id, sealed FROM outbox ORDER BY id", &[])?;
        self.outbox_entries(rows)
    }

    fn claim(&self, lease: Duration, limit: usize) -> Result<Vec<(u64, OutboxEntry)>, StorageError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.rows(
            &format!(
                "UPDATE outbox SET claimed_by = $1, lease_until = now() + make_interval(secs => $2)
                 WHERE id IN (SELECT id FROM outbox WHERE {UNCLAIMED} ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
                 RETURNING id, sealed"
            ),
            &[&self.pid(), &sql::seconds(lease), &limit],
        )?;
        self.outbox_entries(rows)
    }

    fn get(&self, id: u64) -> Result<Option<OutboxEntry>, StorageError> {
        let rows = self.rows("SELECT id, sealed FROM outbox WHERE id = $1", &[&db_id(id)])?;
        Ok(self.outbox_entries(rows)?.pop().map(|it| it.1))
    }

    fn partly_delivered(&self, id: u64, sent: usize) -> Result<(), StorageError> {
        loop {
            let rows = self.rows("SELECT sealed FROM outbox WHERE id = $1", &[&db_id(id)])?;
            let Some(row) = rows.first() else { return Ok(()) };
            let sealed: Vec<u8> = row.get(0);
            let Some(mut entry) = codec::open::<OutboxEntry>(self.sealer(), &sealed) else {
                return self.drop_unreadable(id);
            };
            // Only the entry as read: one completed meanwhile stays gone.
            let changed = if sent >= entry.replies.len() {
                self.execute("DELETE FROM outbox WHERE id = $1 AND sealed = $2", &[&db_id(id), &sealed])?
            } else {
                entry.replies.drain(..sent);
                let new = codec::seal(self.sealer(), &entry)?;
                self.execute(
                    "UPDATE outbox SET sealed = $3 WHERE id = $1 AND sealed = $2",
                    &[&db_id(id), &sealed, &new],
                )?
            };
            if changed == 1 {
                return Ok(());
            }
        }
    }

    fn complete(&self, id: u64) -> Result<(), StorageError> {
        self.execute("DELETE FROM outbox WHERE id = $1", &[&db_id(id)])?;
        Ok(())
    }

    fn release(&self, id: u64) -> Result<(), StorageError> {
        self.execute(
            "UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE id = $1 AND claimed_by = $2",
            &[&db_id(id), &self.pid()],
        )?;
        Ok(())
    }
}
