//! How records are laid out in sled's trees: JSON, sealed where it may carry a resident's words; ids as
//! big-endian `u64` keys (so a tree's order is id order).
//!
//! Sealed values are `SEALED` ‖ the sealer's output. Older versions wrote the same records as clear JSON,
//! which always starts with `{` or `"`; those are still read, and sealed when next written.

use cekbae_bot::storage::{Sealer, StorageError};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The prefix of a sealed value: bytes no JSON text starts with.
pub(crate) const SEALED: &[u8] = b"\xC5\x01";
/// The prefix of a sealed outbox entry that waits for its resident's record to confirm it (`envelope`).
pub(crate) const UNCONFIRMED: &[u8] = b"\xC5\x02";

/// `value` as sealed JSON.
pub(crate) fn seal<T: Serialize>(sealer: &dyn Sealer, value: &T) -> Result<Vec<u8>, StorageError> {
    let json = serde_json::to_vec(value).map_err(StorageError::corrupt)?;
    let mut res = SEALED.to_vec();
    res.extend(sealer.seal(&json));
    Ok(res)
}

/// An [`UNCONFIRMED`] value as a confirmed one; `None` for any other value.
pub(crate) fn confirmed(bytes: &[u8]) -> Option<Vec<u8>> {
    let sealed = bytes.strip_prefix(UNCONFIRMED)?;
    Some([SEALED, sealed].concat())
}

/// A value written by [`seal`] (confirmed or [`UNCONFIRMED`]), or clear JSON written by an older version. `None` when it cannot be read
/// (damaged, or sealed with a key this store does not have).
pub(crate) fn open<T: DeserializeOwned>(sealer: &dyn Sealer, bytes: &[u8]) -> Option<T> {
    match bytes.strip_prefix(SEALED).or_else(|| bytes.strip_prefix(UNCONFIRMED)) {
        Some(sealed) => serde_json::from_slice(&sealer.open(sealed)?).ok(),
        None => serde_json::from_slice(bytes).ok(),
    }
}

/// `value` as clear JSON (anonymous records: statistics).
pub(crate) fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, StorageError> {
    serde_json::to_vec(value).map_err(StorageError::corrupt)
}

/// The key of an id.
pub(crate) fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

/// The id of a key; `None` for keys that are no id.
pub(crate) fn key_id(key: &[u8]) -> Option<u64> {
    <[u8; 8]>::try_from(key).ok().map(u64::from_be_bytes)
}
