//! Signed-in desk sessions (`web_sessions`: key → JSON session), each change flushed before it returns.

use chrono::{DateTime, Utc};

use cekbae_bot::storage::{StorageError, WebSession, WebSessions};

use crate::error::SledResult;
use crate::SledStore;

fn decode(bytes: &[u8]) -> Result<WebSession, StorageError> {
    serde_json::from_slice(bytes).map_err(StorageError::corrupt)
}

impl SledStore {
    /// Removes every session `doomed` picks; returns how many.
    fn remove_sessions(&self, doomed: impl Fn(&WebSession) -> bool) -> Result<usize, StorageError> {
        let tree = &self.trees().web_sessions;
        let mut removed = 0;
        for item in tree.iter() {
            let (key, value) = item.storage()?;
            // An unreadable session cannot be used; it goes too.
            if decode(&value).map_or(true, |it| doomed(&it)) && tree.remove(key).storage()?.is_some() {
                removed += 1;
            }
        }
        if removed > 0 {
            tree.flush().storage()?;
        }
        Ok(removed)
    }
}

impl WebSessions for SledStore {
    fn put(&self, key: &str, session: &WebSession) -> Result<(), StorageError> {
        let tree = &self.trees().web_sessions;
        tree.insert(key.as_bytes(), crate::codec::json(session)?).storage()?;
        tree.flush().storage()?;
        Ok(())
    }

    fn get(&self, key: &str) -> Result<Option<WebSession>, StorageError> {
        self.trees().web_sessions.get(key.as_bytes()).storage()?.map(|it| decode(&it)).transpose()
    }

    fn remove(&self, key: &str) -> Result<bool, StorageError> {
        let tree = &self.trees().web_sessions;
        let removed = tree.remove(key.as_bytes()).storage()?.is_some();
        tree.flush().storage()?;
        Ok(removed)
    }

    fn remove_of(&self, account: &str) -> Result<usize, StorageError> {
        self.remove_sessions(|it| it.account == account)
    }

    fn remove_idle(&self, before: DateTime<Utc>) -> Result<usize, StorageError> {
        self.remove_sessions(|it| it.last_seen < before)
    }
}
