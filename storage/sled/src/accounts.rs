//! Staff accounts (`accounts`: name → JSON account) and their failed logins (`account_failures`: name → JSON
//! list of times), each change flushed before it returns. Accounts hold no resident's data.

use chrono::{DateTime, Utc};

use cekbae_bot::storage::{Account, Accounts, StorageError};

use crate::error::SledResult;
use crate::SledStore;

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, StorageError> {
    serde_json::from_slice(bytes).map_err(StorageError::corrupt)
}

impl Accounts for SledStore {
    fn create(&self, account: &Account) -> Result<bool, StorageError> {
        let tree = &self.trees().accounts;
        let bytes = crate::codec::json(account)?;
        let added =
            tree.compare_and_swap(account.name.as_bytes(), None as Option<&[u8]>, Some(bytes)).storage()?.is_ok();
        tree.flush().storage()?;
        Ok(added)
    }

    fn get(&self, name: &str) -> Result<Option<Account>, StorageError> {
        self.trees().accounts.get(name.as_bytes()).storage()?.map(|it| decode(&it)).transpose()
    }

    fn update(&self, account: &Account) -> Result<bool, StorageError> {
        let tree = &self.trees().accounts;
        let bytes = crate::codec::json(account)?;
        // Only an existing account is replaced: a removed name is not brought back.
        let mut replaced = false;
        tree.fetch_and_update(account.name.as_bytes(), |old| {
            replaced = old.is_some();
            old.map(|_| bytes.clone())
        })
        .storage()?;
        tree.flush().storage()?;
        Ok(replaced)
    }

    fn list(&self) -> Result<Vec<Account>, StorageError> {
        self.trees().accounts.iter().values().map(|it| decode(&it.storage()?)).collect()
    }

    fn failed_login(
        &self,
        name: &str,
        at: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StorageError> {
        let tree = &self.trees().account_failures;
        // sled retries the closure on a race, so every failure is counted once.
        let updated = tree
            .update_and_fetch(name.as_bytes(), |old| {
                let mut times: Vec<DateTime<Utc>> =
                    old.and_then(|it| serde_json::from_slice(it).ok()).unwrap_or_default();
                times.retain(|it| *it >= since);
                times.push(at);
                times.sort();
                serde_json::to_vec(&times).ok()
            })
            .storage()?;
        tree.flush().storage()?;
        updated.map(|it| decode(&it)).transpose().map(Option::unwrap_or_default)
    }

    fn failed_logins(&self, name: &str) -> Result<Vec<DateTime<Utc>>, StorageError> {
        let stored = self.trees().account_failures.get(name.as_bytes()).storage()?;
        stored.map(|it| decode(&it)).transpose().map(Option::unwrap_or_default)
    }

    fn clear_failed_logins(&self, name: &str) -> Result<(), StorageError> {
        let tree = &self.trees().account_failures;
        if tree.remove(name.as_bytes()).storage()?.is_some() {
            tree.flush().storage()?;
        }
        Ok(())
    }
}
