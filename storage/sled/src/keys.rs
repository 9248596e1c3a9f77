//! Key material in the `meta` tree: `nik_key` (the database's own data key, the name older versions used)
//! and `pseudonym_salt`. Each is made once; a compare-and-swap makes sure every caller gets the same bytes.

use cekbae_bot::storage::{Keys, StorageError, Vault};

use crate::error::SledResult;
use crate::SledStore;

/// The database's own data key.
pub(crate) const DATA_KEY: &str = "nik_key";
/// The pseudonym salt of the statistics.
const PSEUDONYM_SALT: &str = "pseudonym_salt";

impl Keys for SledStore {
    fn data_key(&self) -> Result<Vec<u8>, StorageError> {
        get_or_make(&self.trees().meta, DATA_KEY)
    }

    fn pseudonym_salt(&self) -> Result<Vec<u8>, StorageError> {
        get_or_make(&self.trees().meta, PSEUDONYM_SALT)
    }

    fn adopt(&self, data_key: &[u8], pseudonym_salt: &[u8]) -> Result<bool, StorageError> {
        let meta = &self.trees().meta;
        let mut taken = true;
        for (name, value) in [(DATA_KEY, data_key), (PSEUDONYM_SALT, pseudonym_salt)] {
            taken &= meta.compare_and_swap(name, None as Option<&[u8]>, Some(value)).storage()?.is_ok();
        }
        meta.flush().storage()?;
        Ok(taken)
    }
}

/// The bytes under `name`, or 32 random ones stored there first (and flushed: a key lost to a crash would
/// make what it sealed unreadable).
pub(crate) fn get_or_make(meta: &sled::Tree, name: &str) -> Result<Vec<u8>, StorageError> {
    if let Some(key) = meta.get(name).storage()? {
        return Ok(key.to_vec());
    }
    let fresh = Vault::random_key();
    let res = match meta.compare_and_swap(name, None as Option<&[u8]>, Some(fresh.as_slice())).storage()? {
        Ok(()) => fresh,
        Err(lost) => lost.current.map(|it| it.to_vec()).unwrap_or(fresh),
    };
    meta.flush().storage()?;
    Ok(res)
}
