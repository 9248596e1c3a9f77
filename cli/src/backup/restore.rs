//! Restoring a backup: into a staging directory beside the target, checked with the data key, then moved
//! into place. A failure at any step leaves the target as it was.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context};

use cekbae_bot::storage::ErrorKind;
use cekbae_bot::Store;
use cekbae_dialogues::vault::NikVault;
use cekbae_sled_store::SledStore;

use super::archive::{self, Manifest};
use crate::args::EngineArgs;
use crate::permissions::prepare_data_dir;
use crate::secrets::{DATA_KEY, DATA_KEY_OLD};
use crate::setup::vault_from;

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// The backup's manifest.
    pub manifest: Manifest,
    /// Whether a non-empty directory was replaced (`--force`).
    pub replaced: bool,
}

/// Restores `file` into `engine.database` when it names one, else into `engine.data`; a directory or a
/// database holding anything is refused unless `force`.
pub fn restore(file: &Path, engine: &EngineArgs, force: bool) -> anyhow::Result<Restored> {
    let backup = archive::read(file)?;
    if engine.database.is_some() {
        return super::restore_database::restore(backup, engine, force);
    }
    let target = engine.data.clone();
    let occupied = target.is_dir()
        && std::fs::read_dir(&target).with_context(|| format!("cannot read {}", target.display()))?.next().is_some();
    if occupied {
        if !force {
            bail!(
                "{} is not empty; restore into an empty directory, or add --force to replace what it holds",
                target.display()
            );
        }
        // A running server would keep writing into the files replaced under it.
        match SledStore::open(&target) {
            Err(err) if err.kind() == ErrorKind::InUse => {
                bail!("{} is in use by a running cekbae; stop it first (systemctl stop cekbae)", target.display())
            }
            _ => {}
        }
    }
    let staging = sibling(&target, "restoring")?;
    let _ = std::fs::remove_dir_all(&staging);
    let loaded = load(&backup, &staging, engine);
    if let Err(err) = loaded {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }
    if occupied {
        let old = sibling(&target, "replaced")?;
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(&target, &old).with_context(|| format!("cannot move {} aside", target.display()))?;
        std::fs::rename(&staging, &target)
            .with_context(|| format!("cannot move the restored data to {}", target.display()))?;
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove the replaced data in {}", old.display()))?;
    } else {
        if target.is_dir() {
            std::fs::remove_dir(&target).with_context(|| format!("cannot replace {}", target.display()))?;
        }
        std::fs::rename(&staging, &target)
            .with_context(|| format!("cannot move the restored data to {}", target.display()))?;
    }
    Ok(Restored { manifest: backup.manifest, replaced: occupied })
}

/// Loads the records into `dir` and checks that the data key opens them.
fn load(backup: &archive::Backup, dir: &Path, engine: &EngineArgs) -> anyhow::Result<()> {
    prepare_data_dir(dir)?;
    {
        let store = SledStore::open(dir).context("cannot open the new data directory")?;
        let snapshots = store.snapshots().context("this storage backend cannot restore backups")?;
        if snapshots.backend() != backup.manifest.backend {
            bail!(
                "this is a backup of a {} store; the data directory uses {}",
                backup.manifest.backend,
                snapshots.backend()
            );
        }
        snapshots.import(&mut backup.records.iter().cloned().map(Ok)).context("cannot write the backup's records")?;
    }
    // Opened again: the store now holds the backup's key material.
    let store = SledStore::open(dir).context("cannot open the restored data")?;
    let database = NikVault::from_store(store.keys()).context("cannot read the data key")?;
    let vault = vault_from(engine, &database)?.unwrap_or(database);
    match store.sealed_with(Arc::new(vault.data_vault())) {
        Ok(store) => store.flush().context("cannot flush the restored data")?,
        Err(err) if err.kind() == ErrorKind::WrongKey => {
            if engine.secrets.data_key.is_none() && !backup.manifest.own_key_included {
                bail!(
                    "this backup was made with {DATA_KEY} and holds no key: set {DATA_KEY} to the key its data \
                     was sealed with and restore again. Nothing was restored"
                );
            }
            bail!(
                "{DATA_KEY} does not open this backup's NIKs: it was sealed with another key. Set {DATA_KEY} to that \
                 key (and {DATA_KEY_OLD} to the one before, while rotating) and restore again. Nothing was restored"
            );
        }
        Err(err) => return Err(anyhow::Error::new(err).context("cannot check the data key")),
    }
    Ok(())
}

/// `dir`'s sibling `.<name>.<what>`, on the same file system so it can be renamed into place.
fn sibling(dir: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let name = dir.file_name().with_context(|| format!("{} names no directory", dir.display()))?;
    let parent = dir.parent().filter(|it| !it.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !parent.is_dir() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok(parent.join(format!(".{}.{what}", name.to_string_lossy())))
}
