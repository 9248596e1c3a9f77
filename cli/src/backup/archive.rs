//! The backup file: a gzip-compressed tar (crates `tar` and `flate2`) holding `manifest.json` (what the
//! backup is) and `records` (every record of the store as stored, sealed where the store seals).
//!
//! `records` is a plain sequence of `own-key flag (1 byte) ‖ collection ‖ key ‖ value`, each of the last
//! three as a big-endian `u32` length and its bytes.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{SnapshotRecord, StorageError};
use cekbae_bot::Store;

/// The layout of backups this version writes and reads.
const FORMAT: u32 = 1;
const MANIFEST: &str = "manifest.json";
const RECORDS: &str = "records";

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The backup layout ([`FORMAT`]).
    pub format: u32,
    /// The storage backend the records come from; they load only into the same one.
    pub backend: String,
    /// When it was taken.
    pub created_at: DateTime<Utc>,
    /// How many records it holds.
    pub records: u64,
    /// Whether it carries the data key the store made itself (no `CEKBAE_DATA_KEY` at backup time): then
    /// this file alone opens every NIK in it and must be guarded like the data directory.
    pub own_key_included: bool,
    /// The cekbae version that wrote it.
    pub cekbae_version: String,
}

/// A backup read back: what it is, and its records.
pub struct Backup {
    /// The manifest.
    pub manifest: Manifest,
    /// The records, in the order they were exported.
    pub records: Vec<SnapshotRecord>,
}

/// Takes a snapshot of `store` as a compressed backup. The store's own data key goes in only when
/// `include_own_key` (nothing but that key would open what it sealed).
pub fn archive(store: &dyn Store, include_own_key: bool, now: DateTime<Utc>) -> anyhow::Result<Vec<u8>> {
    let Some(snapshots) = store.snapshots() else { bail!("this storage backend cannot take backups") };
    let mut records = Vec::new();
    let mut count = 0u64;
    let mut own_key_included = false;
    snapshots
        .export(&mut |record| {
            if record.own_key && !include_own_key {
                return Ok(());
            }
            own_key_included |= record.own_key;
            encode(&mut records, &record).map_err(StorageError::unavailable)?;
            count += 1;
            Ok(())
        })
        .context("cannot read the data for the backup")?;
    let manifest = Manifest {
        format: FORMAT,
        backend: snapshots.backend().to_owned(),
        created_at: now,
        records: count,
        own_key_included,
        cekbae_version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gzip);
    append(&mut tar, MANIFEST, &serde_json::to_vec_pretty(&manifest)?, now)?;
    append(&mut tar, RECORDS, &records, now)?;
    Ok(tar.into_inner()?.finish()?)
}

fn append(tar: &mut tar::Builder<impl Write>, name: &str, bytes: &[u8], now: DateTime<Utc>) -> anyhow::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(u64::try_from(now.timestamp()).unwrap_or_default());
    header.set_cksum();
    tar.append_data(&mut header, name, bytes)?;
    Ok(())
}

/// Reads a backup file written by [`archive`].
pub fn read(path: &Path) -> anyhow::Result<Backup> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut manifest = None;
    let mut records = None;
    let not_a_backup = || format!("{} is not a cekbae backup", path.display());
    for entry in tar.entries().with_context(not_a_backup)? {
        let mut entry = entry.with_context(not_a_backup)?;
        let name = entry.path().with_context(not_a_backup)?.to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).with_context(not_a_backup)?;
        match name.as_str() {
            MANIFEST => manifest = Some(serde_json::from_slice::<Manifest>(&bytes).with_context(not_a_backup)?),
            RECORDS => records = Some(bytes),
            _ => {}
        }
    }
    let (Some(manifest), Some(records)) = (manifest, records) else { bail!(not_a_backup()) };
    if manifest.format != FORMAT {
        bail!(
            "{} is a backup of layout {} (written by cekbae {}); this cekbae reads layout {FORMAT}",
            path.display(),
            manifest.format,
            manifest.cekbae_version
        );
    }
    let records = decode(&records).with_context(|| format!("{} is damaged", path.display()))?;
    if records.len() as u64 != manifest.records {
        bail!("{} is damaged: {} records of {}", path.display(), records.len(), manifest.records);
    }
    Ok(Backup { manifest, records })
}

fn encode(out: &mut Vec<u8>, record: &SnapshotRecord) -> std::io::Result<()> {
    out.push(u8::from(record.own_key));
    for part in [record.collection.as_bytes(), &record.key, &record.value] {
        let len = u32::try_from(part.len()).map_err(std::io::Error::other)?;
        out.extend(len.to_be_bytes());
        out.extend(part);
    }
    Ok(())
}

fn decode(mut bytes: &[u8]) -> anyhow::Result<Vec<SnapshotRecord>> {
    fn part<'a>(bytes: &mut &'a [u8]) -> anyhow::Result<&'a [u8]> {
        let Some((len, rest)) = bytes.split_first_chunk::<4>() else { bail!("a record is cut short") };
        let len = u32::from_be_bytes(*len) as usize;
        if rest.len() < len {
            bail!("a record is cut short");
        }
        let (part, rest) = rest.split_at(len);
        *bytes = rest;
        Ok(part)
    }
    let mut records = Vec::new();
    while let Some((&own_key, rest)) = bytes.split_first() {
        bytes = rest;
        let collection = String::from_utf8(part(&mut bytes)?.to_vec())?;
        let key = part(&mut bytes)?.to_vec();
        let value = part(&mut bytes)?.to_vec();
        records.push(SnapshotRecord { collection, key, value, own_key: own_key == 1 });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_as_they_went_in_and_a_cut_one_is_refused() {
        let records = vec![
            SnapshotRecord { collection: "meta".into(), key: b"nik_key".to_vec(), value: vec![0, 1, 2], own_key: true },
            SnapshotRecord { collection: "bookings".into(), key: vec![], value: vec![9; 300], own_key: false },
        ];
        let mut bytes = Vec::new();
        for record in &records {
            encode(&mut bytes, record).unwrap();
        }
        assert_eq!(decode(&bytes).unwrap(), records);
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
    }
}
