//! Files residents send: `pending_files` (the resident and subject as columns for the indexes, the
//! announcement sealed, attempts and the earliest next try, a claim marked by the instance with a lease, like
//! the outbox's) and `files` (sealed metadata, sealed content). Inside a turn every statement runs in its
//! transaction, so what a turn writes commits or rolls back with it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_postgres::Row;

use cekbae_bot::storage::{ErrorKind, FileMeta, Files, PendingFile, StorageError, TurnFiles};
use cekbae_bot::{Attachment, TurnTx, UserKey};

use crate::instance::UNCLAIMED;
use crate::sql::{self, db_id, Params};
use crate::turn::PgTurn;
use crate::{codec, PgStore};

/// The columns a pending file is read from.
const PENDING_COLUMNS: &str = "id, sealed, attempts";

fn corrupt() -> StorageError {
    StorageError::of_kind(ErrorKind::CorruptRecord)
}

fn count(rows: u64) -> usize {
    usize::try_from(rows).unwrap_or(usize::MAX)
}

/// Reads and writes rows the same way in a turn and outside one.
trait Statements {
    fn rows(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StorageError>;
    fn store(&self) -> &PgStore;
}

impl Statements for PgTurn<'_> {
    fn rows(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StorageError> {
        PgTurn::rows(self, sql, params)
    }
    fn store(&self) -> &PgStore {
        self.store
    }
}

impl Statements for PgStore {
    fn rows(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StorageError> {
        PgStore::rows(self, sql, params)
    }
    fn store(&self) -> &PgStore {
        self
    }
}

/// The pending file of a row (`PENDING_COLUMNS`); the attempts are the column's, kept outside the seal.
fn pending_of(store: &PgStore, row: &Row) -> Result<PendingFile, StorageError> {
    let mut file: PendingFile = codec::open(store.sealer(), &row.get::<_, Vec<u8>>("sealed")).ok_or_else(corrupt)?;
    file.id = sql::id(row, "id");
    file.attempts = u32::try_from(row.get::<_, i32>("attempts")).unwrap_or(0);
    Ok(file)
}

fn meta_of(store: &PgStore, row: &Row) -> Result<FileMeta, StorageError> {
    let mut meta: FileMeta = codec::open(store.sealer(), &row.get::<_, Vec<u8>>("sealed")).ok_or_else(corrupt)?;
    meta.id = sql::id(row, "id");
    Ok(meta)
}

fn of_subject(on: &dyn Statements, subject: &str) -> Result<Vec<FileMeta>, StorageError> {
    let rows = on.rows("SELECT id, sealed FROM files WHERE subject = $1 ORDER BY id", &[&subject])?;
    rows.iter().map(|row| meta_of(on.store(), row)).collect()
}

fn pending_of_subject(on: &dyn Statements, subject: &str) -> Result<Vec<PendingFile>, StorageError> {
    let rows =
        on.rows(&format!("SELECT {PENDING_COLUMNS} FROM pending_files WHERE subject = $1 ORDER BY id"), &[&subject])?;
    rows.iter().map(|row| pending_of(on.store(), row)).collect()
}

impl PgTurn<'_> {
    fn put_meta(&self, meta: &FileMeta) -> Result<(), StorageError> {
        let sealed = codec::seal(self.store.sealer(), meta)?;
        self.execute(
            "UPDATE files SET channel = $2, user_id = $3, sealed = $4 WHERE id = $1",
            &[&db_id(meta.id), &meta.user.channel, &meta.user.id, &sealed],
        )?;
        Ok(())
    }
}

impl TurnFiles for PgTurn<'_> {
    fn expect(&self, subject: &str, slot: u32, media: &Attachment, now: DateTime<Utc>) -> Result<u64, StorageError> {
        let id = self.nextval("file_ids")?;
        let user = self.user().clone();
        let pending = PendingFile {
            id,
            user,
            subject: subject.to_owned(),
            slot,
            media: media.clone(),
            received_at: now,
            attempts: 0,
        };
        let sealed = codec::seal(self.store.sealer(), &pending)?;
        self.execute(
            "INSERT INTO pending_files (id, channel, user_id, subject, sealed) VALUES ($1, $2, $3, $4, $5)",
            &[&db_id(id), &pending.user.channel, &pending.user.id, &subject, &sealed],
        )?;
        Ok(id)
    }

    fn store(&self, pending: u64, mime_type: &str, content: &[u8]) -> Result<Option<FileMeta>, StorageError> {
        let rows = self.rows(
            &format!("DELETE FROM pending_files WHERE id = $1 RETURNING {PENDING_COLUMNS}"),
            &[&db_id(pending)],
        )?;
        let Some(row) = rows.first() else { return Ok(None) };
        let meta = pending_of(self.store, row)?.stored(mime_type, content);
        let sealer = self.store.sealer();
        self.execute(
            "INSERT INTO files (id, channel, user_id, subject, sealed, content) VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &db_id(pending),
                &meta.user.channel,
                &meta.user.id,
                &meta.subject,
                &codec::seal(sealer, &meta)?,
                &sealer.seal(content),
            ],
        )?;
        Ok(Some(meta))
    }

    fn drop_pending(&self, pending: u64) -> Result<bool, StorageError> {
        Ok(self.execute("DELETE FROM pending_files WHERE id = $1", &[&db_id(pending)])? == 1)
    }

    fn of_subject(&self, subject: &str) -> Result<Vec<FileMeta>, StorageError> {
        of_subject(self, subject)
    }

    fn pending_of_subject(&self, subject: &str) -> Result<Vec<PendingFile>, StorageError> {
        pending_of_subject(self, subject)
    }

    fn count(&self, subject: &str) -> Result<usize, StorageError> {
        let rows = self.rows(
            "SELECT (SELECT count(*) FROM files WHERE subject = $1) + (SELECT count(*) FROM pending_files WHERE subject = $1)",
            &[&subject],
        )?;
        Ok(rows.first().map_or(0, |row| usize::try_from(row.get::<_, i64>(0)).unwrap_or(0)))
    }

    fn move_to_slot(&self, file: u64, slot: u32) -> Result<bool, StorageError> {
        let rows = self.rows("SELECT id, sealed FROM files WHERE id = $1 FOR UPDATE", &[&db_id(file)])?;
        let Some(row) = rows.first() else { return Ok(false) };
        let meta = FileMeta { slot, ..meta_of(self.store, row)? };
        self.put_meta(&meta)?;
        Ok(true)
    }

    fn forget_mine(&self) -> Result<usize, StorageError> {
        let user = self.user();
        let params: Params<'_> = &[&user.channel, &user.id];
        let pending = self.execute("DELETE FROM pending_files WHERE channel = $1 AND user_id = $2", params)?;
        let stored = self.execute("DELETE FROM files WHERE channel = $1 AND user_id = $2", params)?;
        Ok(count(pending + stored))
    }

    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError> {
        let user = self.user().clone();
        let sealer = self.store.sealer();
        let params: Params<'_> = &[&previous.channel, &previous.id];
        let mut moved = 0;
        let pending = self.rows(
            &format!("SELECT {PENDING_COLUMNS} FROM pending_files WHERE channel = $1 AND user_id = $2 FOR UPDATE"),
            params,
        )?;
        for row in &pending {
            let file = PendingFile { user: user.clone(), ..pending_of(self.store, row)? };
            self.execute(
                "UPDATE pending_files SET channel = $2, user_id = $3, sealed = $4 WHERE id = $1",
                &[&db_id(file.id), &user.channel, &user.id, &codec::seal(sealer, &file)?],
            )?;
            moved += 1;
        }
        let stored =
            self.rows("SELECT id, sealed FROM files WHERE channel = $1 AND user_id = $2 FOR UPDATE", params)?;
        for row in &stored {
            self.put_meta(&FileMeta { user: user.clone(), ..meta_of(self.store, row)? })?;
            moved += 1;
        }
        Ok(moved)
    }
}

impl Files for PgStore {
    fn claim_pending(
        &self,
        lease: Duration,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<PendingFile>, StorageError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.rows(
            &format!(
                "UPDATE pending_files SET claimed_by = $1, lease_until = now() + make_interval(secs => $2)
                 WHERE id IN (SELECT id FROM pending_files
                              WHERE {UNCLAIMED} AND (not_before IS NULL OR not_before <= $4)
                              ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
                 RETURNING {PENDING_COLUMNS}"
            ),
            &[&self.pid(), &sql::seconds(lease), &limit, &now],
        )?;
        let mut res = Vec::new();
        for row in &rows {
            match pending_of(self, row) {
                Ok(file) => res.push(file),
                Err(_) => tracing::warn!(file_id = sql::id(row, "id"), "unreadable pending file skipped"),
            }
        }
        res.sort_by_key(|it| it.id);
        Ok(res)
    }

    fn release(&self, pending: u64, retry_after: Duration, now: DateTime<Utc>) -> Result<(), StorageError> {
        // Not a file another instance claimed meanwhile (after this one's lease ended).
        self.execute(
            &format!(
                "UPDATE pending_files SET attempts = attempts + 1, not_before = $3::timestamptz + make_interval(secs => $4),
                        claimed_by = NULL, lease_until = NULL
                 WHERE id = $1 AND (claimed_by = $2 OR {UNCLAIMED})"
            ),
            &[&db_id(pending), &self.pid(), &now, &sql::seconds(retry_after)],
        )?;
        Ok(())
    }

    fn of_subject(&self, subject: &str) -> Result<Vec<FileMeta>, StorageError> {
        of_subject(self, subject)
    }

    fn pending_of_subject(&self, subject: &str) -> Result<Vec<PendingFile>, StorageError> {
        pending_of_subject(self, subject)
    }

    fn subjects(&self) -> Result<Vec<String>, StorageError> {
        let rows =
            self.rows("SELECT subject FROM files UNION SELECT subject FROM pending_files ORDER BY subject", &[])?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    fn content(&self, file: u64) -> Result<Option<(FileMeta, Vec<u8>)>, StorageError> {
        let rows = self.rows("SELECT id, sealed, content FROM files WHERE id = $1", &[&db_id(file)])?;
        let Some(row) = rows.first() else { return Ok(None) };
        let meta = meta_of(self, row)?;
        let content = self.sealer().open(&row.get::<_, Vec<u8>>("content")).ok_or_else(corrupt)?;
        Ok(Some((meta, content)))
    }

    fn delete_subject(&self, subject: &str) -> Result<usize, StorageError> {
        // One statement, so both tables change together. A turn storing a downloaded file holds its pending
        // row from the moment it takes it to its commit; the statement waits for that row, but its view of
        // `files` was taken before the turn's file was committed. So it runs a second time: by then every
        // turn it waited for has committed, and their files go too.
        let mut deleted = 0;
        for _ in 0..2 {
            let rows = self.rows(
                "WITH p AS (DELETE FROM pending_files WHERE subject = $1 RETURNING 1),
                      f AS (DELETE FROM files WHERE subject = $1 RETURNING 1)
                 SELECT (SELECT count(*) FROM p) + (SELECT count(*) FROM f)",
                &[&subject],
            )?;
            deleted += rows.first().map_or(0, |row| usize::try_from(row.get::<_, i64>(0)).unwrap_or(0));
        }
        Ok(deleted)
    }
}
