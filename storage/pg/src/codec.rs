//! Sealed columns: JSON sealed with the store's sealer (everything that may carry a resident's words).

use cekbae_bot::storage::{Sealer, StorageError};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// `value` as sealed JSON.
pub(crate) fn seal<T: Serialize>(sealer: &dyn Sealer, value: &T) -> Result<Vec<u8>, StorageError> {
    let json = serde_json::to_vec(value).map_err(StorageError::corrupt)?;
    Ok(sealer.seal(&json))
}

/// A value written by [`seal`]; `None` when damaged or sealed with a key this store does not have.
pub(crate) fn open<T: DeserializeOwned>(sealer: &dyn Sealer, bytes: &[u8]) -> Option<T> {
    serde_json::from_slice(&sealer.open(bytes)?).ok()
}

/// `value` as a JSON column (anonymous or staff records).
pub(crate) fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, StorageError> {
    serde_json::to_value(value).map_err(StorageError::corrupt)
}

/// A JSON column's value.
pub(crate) fn from_json<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, StorageError> {
    serde_json::from_value(value).map_err(StorageError::corrupt)
}
