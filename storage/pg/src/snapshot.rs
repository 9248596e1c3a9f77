//! [`Snapshots`] for PostgreSQL (`cekbae backup` and `restore` with `--database`): every table's rows as
//! `COPY` text lines read in one `REPEATABLE READ` transaction (one consistent moment, while the servers keep
//! running), the sequences' positions read after them, and the schema version. Sealed columns stay sealed:
//! the rows are copied as stored. Loading runs in one transaction on an empty database (or, for `--force`,
//! one whose tables it empties in the same transaction), checks that the store's data key opens the backup
//! before committing, and so leaves the database as it was on any failure.

use std::collections::BTreeSet;

use bytes::Bytes;
use cekbae_bot::storage::{ErrorKind, SnapshotRecord, Snapshots, StorageError};
use futures_util::{pin_mut, SinkExt, TryStreamExt};
use tokio_postgres::Transaction;

use crate::error::PgResult;
use crate::keys::DATA_KEY;
use crate::{migrations, PgStore, KEY_CHECK, KEY_CHECK_TEXT};

/// The backend's name in snapshots.
const BACKEND: &str = "postgres";
/// The collection of the one record that names the schema version (its value, in decimal).
const SCHEMA: &str = "#schema";
/// The collection of sequence positions: key the sequence, value `last_value,is_called`.
const SEQUENCE: &str = "#sequence";
/// The table of applied migrations: the restoring database has its own.
const MIGRATIONS_TABLE: &str = "schema_migrations";
/// The table of key material: it has rows (the key check) as soon as a store opened it.
const META: &str = "meta";

/// The tables of the store's schema, in name order, without the migrations' own.
async fn tables(tx: &Transaction<'_>) -> Result<Vec<String>, StorageError> {
    let rows = tx
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() AND tablename <> $1 \
             ORDER BY tablename",
            &[&MIGRATIONS_TABLE],
        )
        .await
        .storage()?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

/// The sequences of the store's schema, in name order.
async fn sequences(tx: &Transaction<'_>) -> Result<Vec<String>, StorageError> {
    let rows = tx
        .query(
            "SELECT sequencename::text FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename",
            &[],
        )
        .await
        .storage()?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

/// `name` quoted as an SQL identifier (names come from the catalog, quoted all the same).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn corrupt(what: String) -> StorageError {
    StorageError::new(ErrorKind::CorruptRecord, what)
}

/// Whether a `meta` row (a `COPY` line) is the key the database made itself.
fn is_own_key(table: &str, line: &[u8]) -> bool {
    table == META && line.split(|b| *b == b'\t').next() == Some(DATA_KEY.as_bytes())
}

impl Snapshots for PgStore {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    fn export(&self, sink: &mut dyn FnMut(SnapshotRecord) -> Result<(), StorageError>) -> Result<u64, StorageError> {
        let mut client = self.db().dedicated()?;
        self.db().run(async {
            let tx = client
                .build_transaction()
                .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await
                .storage()?;
            let mut count = 0u64;
            let mut give = |collection: &str, key: Vec<u8>, value: Vec<u8>, own_key: bool| {
                count += 1;
                sink(SnapshotRecord { collection: collection.to_owned(), key, value, own_key })
            };
            give(SCHEMA, Vec::new(), migrations::latest().to_string().into_bytes(), false)?;
            for table in tables(&tx).await? {
                let stream = tx.copy_out(&format!("COPY {} TO STDOUT", ident(&table))).await.storage()?;
                pin_mut!(stream);
                let mut pending: Vec<u8> = Vec::new();
                let mut row = 0u64;
                while let Some(chunk) = stream.try_next().await.storage()? {
                    pending.extend_from_slice(&chunk);
                    // COPY's text format escapes newlines inside values: a row is one line.
                    while let Some(end) = pending.iter().position(|b| *b == b'\n') {
                        let line: Vec<u8> = pending.drain(..=end).take(end).collect();
                        let own_key = is_own_key(&table, &line);
                        give(&table, row.to_be_bytes().to_vec(), line, own_key)?;
                        row += 1;
                    }
                }
                if !pending.is_empty() {
                    return Err(corrupt(format!("table {table}: a row without its line end")));
                }
            }
            // Read after the rows: a position at least as far as every id the rows hold.
            for sequence in sequences(&tx).await? {
                let row = tx
                    .query_one(&format!("SELECT last_value, is_called FROM {}", ident(&sequence)), &[])
                    .await
                    .storage()?;
                let (last, called): (i64, bool) = (row.get(0), row.get(1));
                give(SEQUENCE, sequence.into_bytes(), format!("{last},{called}").into_bytes(), false)?;
            }
            tx.commit().await.storage()?;
            Ok(count)
        })
    }

    fn import(
        &self,
        records: &mut dyn Iterator<Item = Result<SnapshotRecord, StorageError>>,
    ) -> Result<u64, StorageError> {
        self.load_snapshot(records, false)
    }

    fn replace(
        &self,
        records: &mut dyn Iterator<Item = Result<SnapshotRecord, StorageError>>,
    ) -> Result<u64, StorageError> {
        self.load_snapshot(records, true)
    }
}

/// A snapshot's records, grouped as they are loaded.
#[derive(Default)]
struct Grouped {
    schema: Option<i32>,
    /// Table → its rows, in the order given.
    tables: Vec<(String, Vec<Vec<u8>>)>,
    sequences: Vec<(String, i64, bool)>,
    count: u64,
}

impl Grouped {
    fn read(records: &mut dyn Iterator<Item = Result<SnapshotRecord, StorageError>>) -> Result<Self, StorageError> {
        let mut grouped = Self::default();
        for record in records {
            let record = record?;
            grouped.count += 1;
            match record.collection.as_str() {
                SCHEMA => {
                    let text = String::from_utf8_lossy(&record.value).into_owned();
                    grouped.schema = Some(text.parse().map_err(|_| corrupt(format!("schema version `{text}`")))?);
                }
                SEQUENCE => {
                    let name = String::from_utf8_lossy(&record.key).into_owned();
                    let text = String::from_utf8_lossy(&record.value).into_owned();
                    let parsed = text
                        .split_once(',')
                        .and_then(|(last, called)| Some((last.parse().ok()?, called.parse().ok()?)));
                    let (last, called) = parsed.ok_or_else(|| corrupt(format!("sequence {name}: `{text}`")))?;
                    grouped.sequences.push((name, last, called));
                }
                table => match grouped.tables.last_mut() {
                    Some((name, rows)) if name == table => rows.push(record.value),
                    _ => grouped.tables.push((table.to_owned(), vec![record.value])),
                },
            }
        }
        Ok(grouped)
    }
}

impl PgStore {
    fn load_snapshot(
        &self,
        records: &mut dyn Iterator<Item = Result<SnapshotRecord, StorageError>>,
        replace: bool,
    ) -> Result<u64, StorageError> {
        let grouped = Grouped::read(records)?;
        let latest = migrations::latest();
        match grouped.schema {
            Some(version) if version == latest => {}
            Some(version) => {
                return Err(StorageError::new(
                    ErrorKind::SchemaTooNew,
                    format!("the backup has schema version {version}, this database {latest}: restore it with the cekbae that made it"),
                ))
            }
            None => return Err(corrupt("the backup names no schema version".to_owned())),
        }
        let mut client = self.db().dedicated()?;
        let sealer = self.sealer();
        self.db().run(async {
            let tx = client.transaction().await.storage()?;
            let known: BTreeSet<String> = tables(&tx).await?.into_iter().collect();
            for table in known.iter().filter(|it| *it != META) {
                if replace {
                    tx.batch_execute(&format!("TRUNCATE {}", ident(table))).await.storage()?;
                } else if tx
                    .query_one(&format!("SELECT EXISTS (SELECT 1 FROM {})", ident(table)), &[])
                    .await
                    .storage()?
                    .get::<_, bool>(0)
                {
                    return Err(StorageError::new(ErrorKind::Conflict, format!("table {table} is not empty")));
                }
            }
            for (table, rows) in &grouped.tables {
                if !known.contains(table) {
                    return Err(corrupt(format!("the backup holds a table this database has not: {table}")));
                }
                if table == META {
                    // The backup's key material wins over what opening this store made.
                    tx.batch_execute("DELETE FROM meta").await.storage()?;
                }
                let sink = tx.copy_in::<_, Bytes>(&format!("COPY {} FROM STDIN", ident(table))).await.storage()?;
                pin_mut!(sink);
                let mut body = Vec::with_capacity(rows.iter().map(|it| it.len() + 1).sum());
                for row in rows {
                    body.extend_from_slice(row);
                    body.push(b'\n');
                }
                sink.send(Bytes::from(body)).await.storage()?;
                sink.finish().await.storage()?;
            }
            // Only a backup this store's key opens is kept: another key would read nothing a resident wrote.
            let check = tx.query_opt("SELECT value FROM meta WHERE name = $1", &[&KEY_CHECK]).await.storage()?;
            if let Some(row) = check {
                let sealed: Vec<u8> = row.get(0);
                if sealer.open(&sealed).as_deref() != Some(KEY_CHECK_TEXT) {
                    return Err(StorageError::of_kind(ErrorKind::WrongKey));
                }
            }
            let known_sequences: BTreeSet<String> = sequences(&tx).await?.into_iter().collect();
            if let Some((unknown, ..)) = grouped.sequences.iter().find(|(name, ..)| !known_sequences.contains(name)) {
                return Err(corrupt(format!("the backup holds a sequence this database has not: {unknown}")));
            }
            // Last, once nothing else can fail: `setval` is not undone by a rollback. A sequence only moves
            // forward, so an id handed out before a failed restore is never handed out again.
            for (sequence, last, called) in &grouped.sequences {
                tx.query_one(
                    &format!(
                        "SELECT setval($1::text::regclass, greatest($2, last_value), $3 OR last_value > $2) FROM {}",
                        ident(sequence)
                    ),
                    &[&ident(sequence), last, called],
                )
                .await
                .storage()?;
            }
            tx.commit().await.storage()?;
            Ok(grouped.count)
        })
    }
}
