//! Key material kept by the store itself.

use super::error::StorageError;

/// Secrets a store makes once and keeps (each is created by the first caller; later callers, on any
/// instance, get the same bytes).
pub trait Keys {
    /// The database's own data key: seals NIKs and residents' words when the operator gives none
    /// (`CEKBAE_DATA_KEY` wins). Protects exports and logs, not a copy of the whole database.
    fn data_key(&self) -> Result<Vec<u8>, StorageError>;

    /// The salt of residents' pseudonyms in the anonymous statistics.
    fn pseudonym_salt(&self) -> Result<Vec<u8>, StorageError>;

    /// Takes over another store's key material (`cekbae store copy`: what the old store's key sealed, such as
    /// NIKs in bookings, stays readable, and pseudonyms stay the same), unless this store made its own
    /// already. Returns whether it was taken (a store that cannot take key material keeps its own).
    fn adopt(&self, data_key: &[u8], pseudonym_salt: &[u8]) -> Result<bool, StorageError> {
        let _ = (data_key, pseudonym_salt);
        Ok(false)
    }
}
