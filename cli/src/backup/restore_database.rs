//! Restoring a backup of a PostgreSQL store into a database (`cekbae restore FILE --database URL`): one
//! transaction loads every table, checks that the data key opens what it loaded, and commits; any failure
//! leaves the database as it was. A database that holds data is replaced only with `--force`.

use anyhow::{bail, Context};

use cekbae_bot::storage::{ErrorKind, StorageError};

use super::archive::Backup;
use super::restore::Restored;
use crate::args::EngineArgs;
use crate::secrets::{DATA_KEY, DATA_KEY_OLD};

/// Restores `backup` into the database `engine.database` names.
pub(super) fn restore(backup: Backup, engine: &EngineArgs, force: bool) -> anyhow::Result<Restored> {
    let store = crate::backend::open_to_restore(engine)?;
    let snapshots = store.snapshots().context("this storage backend cannot restore backups")?;
    if snapshots.backend() != backup.manifest.backend {
        bail!(
            "this is a backup of a {} store; the database is {}: restore it with --data into a data directory",
            backup.manifest.backend,
            snapshots.backend()
        );
    }
    let records = || backup.records.iter().cloned().map(Ok);
    let explain = |err: StorageError| explain(err, &backup.manifest.cekbae_version);
    let replaced = match snapshots.import(&mut records()) {
        Ok(_) => false,
        Err(err) if err.kind() == ErrorKind::Conflict && force => {
            snapshots.replace(&mut records()).map_err(explain)?;
            true
        }
        Err(err) if err.kind() == ErrorKind::Conflict => bail!(
            "the database already holds data; restore into an empty one, or add --force to replace what it holds \
             (stop the servers first). Nothing was restored"
        ),
        Err(err) => return Err(explain(err)),
    };
    Ok(Restored { manifest: backup.manifest, replaced })
}

fn explain(err: StorageError, made_by: &str) -> anyhow::Error {
    match err.kind() {
        ErrorKind::WrongKey => anyhow::anyhow!(
            "{DATA_KEY} does not open this backup: it was sealed with another key. Set {DATA_KEY} to that key \
             (and {DATA_KEY_OLD} to the one before, while rotating) and restore again. Nothing was restored"
        ),
        ErrorKind::SchemaTooNew => anyhow::anyhow!(
            "the backup's tables are those of cekbae {made_by}, not this version's: restore it with cekbae {made_by}, \
             then start this version on the database to migrate it. Nothing was restored"
        ),
        _ => anyhow::Error::new(err).context("cannot write the backup's records; nothing was restored"),
    }
}
