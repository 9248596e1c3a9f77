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
}
