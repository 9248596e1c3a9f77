//! sled itself, below the seam, for two kinds of callers only: upgrade fixtures that write records exactly as
//! older versions of cekbae did (to prove they are still read), and the engine benchmark's baseline (what
//! sled alone does per second). Nothing else should touch a data directory this way.

use std::path::Path;
use std::time::{Duration, Instant};

use cekbae_bot::storage::StorageError;

use crate::error::{from_sled, SledResult};

/// A tree's entries as (key, value) bytes.
pub type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// Writes `entries` as (key, value) into the tree `tree` of the database in `dir`, as an older version
/// would have, and closes it again.
pub fn write_tree(dir: &Path, tree: &str, entries: &[(Vec<u8>, Vec<u8>)]) -> Result<(), StorageError> {
    let db = crate::open_db(dir)?;
    let tree = db.open_tree(tree).storage()?;
    for (key, value) in entries {
        tree.insert(key.as_slice(), value.as_slice()).storage()?;
    }
    db.flush().storage()?;
    Ok(())
}

/// The (key, value) pairs of tree `tree` in the database in `dir`, as stored (sealed values stay sealed).
pub fn read_tree(dir: &Path, tree: &str) -> Result<Entries, StorageError> {
    let db = crate::open_db(dir)?;
    let tree = db.open_tree(tree).storage()?;
    tree.iter().map(|item| item.map(|(k, v)| (k.to_vec(), v.to_vec())).storage()).collect()
}

/// The residents' session records in the database in `dir`, as stored (the `sessions` tree also holds the
/// turn tree's other parts, under keys no resident has).
pub fn read_sessions(dir: &Path) -> Result<Entries, StorageError> {
    Ok(read_tree(dir, "sessions")?.into_iter().filter(|(key, _)| !key.starts_with(crate::trees::PARTS)).collect())
}

/// How [`get_insert_baseline`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawWrite {
    /// One plain insert per read: the storage limit the engine is measured against.
    Insert,
    /// The same insert as a one-record batch: what any atomic write of several records costs in sled (a
    /// batch, like a transaction, closes the log buffer it is written to).
    Batch,
}

/// The storage limit: `ops` reads and writes of `record_bytes`-byte values over `keys` keys, as fast as sled
/// goes in a fresh database in `dir`. Returns the time taken.
pub fn get_insert_baseline(
    dir: &Path,
    record_bytes: usize,
    ops: usize,
    keys: usize,
    write: RawWrite,
) -> Result<Duration, StorageError> {
    let db = sled::Config::new().path(dir).open().map_err(from_sled)?;
    let tree = db.open_tree("raw").storage()?;
    let value = vec![b'x'; record_bytes];
    let started = Instant::now();
    for i in 0..ops {
        let key = format!("bench:62812{:07}", i % keys.max(1));
        std::hint::black_box(tree.get(key.as_bytes()).storage()?);
        match write {
            RawWrite::Insert => {
                tree.insert(key.as_bytes(), value.as_slice()).storage()?;
            }
            RawWrite::Batch => {
                let mut batch = sled::Batch::default();
                batch.insert(key.as_bytes(), value.as_slice());
                tree.apply_batch(batch).storage()?;
            }
        }
    }
    Ok(started.elapsed())
}
