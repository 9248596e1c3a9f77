//! The office's closures (`closures`: `YYYY-MM-DD` → JSON closure), each change flushed before it returns.

use chrono::NaiveDate;

use cekbae_bot::storage::{Closure, Closures, StorageError};

use crate::error::SledResult;
use crate::SledStore;

/// `YYYY-MM-DD`: sorts by date.
fn key(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn decode(bytes: &[u8]) -> Result<Closure, StorageError> {
    serde_json::from_slice(bytes).map_err(StorageError::corrupt)
}

impl Closures for SledStore {
    fn add(&self, closure: &Closure) -> Result<bool, StorageError> {
        let tree = &self.trees().closures;
        let bytes = crate::codec::json(closure)?;
        let added = tree.compare_and_swap(key(closure.date), None as Option<&[u8]>, Some(bytes)).storage()?.is_ok();
        tree.flush().storage()?;
        Ok(added)
    }

    fn remove(&self, date: NaiveDate) -> Result<Option<Closure>, StorageError> {
        let tree = &self.trees().closures;
        let Some(bytes) = tree.remove(key(date)).storage()? else { return Ok(None) };
        tree.flush().storage()?;
        decode(&bytes).map(Some)
    }

    fn get(&self, date: NaiveDate) -> Result<Option<Closure>, StorageError> {
        self.trees().closures.get(key(date)).storage()?.map(|it| decode(&it)).transpose()
    }

    fn list(&self) -> Result<Vec<Closure>, StorageError> {
        self.trees().closures.iter().values().map(|it| decode(&it.storage()?)).collect()
    }
}
