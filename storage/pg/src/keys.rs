//! Key material in `meta`: made once by the first caller of any instance (insert if absent, then read).

use cekbae_bot::storage::{Keys, StorageError, Vault};

use crate::PgStore;

/// The database's own data key (the name sled uses too).
pub(crate) const DATA_KEY: &str = "nik_key";
/// The pseudonym salt of the statistics.
const PSEUDONYM_SALT: &str = "pseudonym_salt";

impl PgStore {
    fn get_or_make(&self, name: &str) -> Result<Vec<u8>, StorageError> {
        self.execute(
            "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            &[&name, &Vault::random_key()],
        )?;
        let rows = self.rows("SELECT value FROM meta WHERE name = $1", &[&name])?;
        rows.first().map(|row| row.get(0)).ok_or_else(|| StorageError::unavailable("key material vanished"))
    }
}

impl Keys for PgStore {
    fn data_key(&self) -> Result<Vec<u8>, StorageError> {
        self.get_or_make(DATA_KEY)
    }

    fn pseudonym_salt(&self) -> Result<Vec<u8>, StorageError> {
        self.get_or_make(PSEUDONYM_SALT)
    }

    fn adopt(&self, data_key: &[u8], pseudonym_salt: &[u8]) -> Result<bool, StorageError> {
        let mut taken = true;
        for (name, value) in [(DATA_KEY, data_key), (PSEUDONYM_SALT, pseudonym_salt)] {
            taken &= self.execute(
                "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                &[&name, &value],
            )? == 1;
        }
        Ok(taken)
    }
}
