//! Delivery statuses of sent messages, kept in sled (`whatsapp_statuses`).
//!
//! Meta may deliver statuses late and out of order, and one message gets
//! several; a late `delivered` must never overwrite `read`, so a status only
//! replaces one of lower rank.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The latest known status of one sent message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRecord {
    /// `sent`, `delivered`, `read`, `played` or `failed`.
    pub status: String,
    /// Meta's error code, for `failed`.
    pub error_code: Option<i64>,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

fn rank(status: &str) -> u8 {
    match status {
        "sent" => 1,
        "delivered" => 2,
        "read" => 3,
        "played" => 4,
        "failed" => 5,
        _ => 0,
    }
}

/// The status tree.
#[derive(Debug, Clone)]
pub struct StatusStore {
    tree: sled::Tree,
}

impl StatusStore {
    /// Opens the tree in the bot's database.
    pub fn open(db: &sled::Db) -> Result<Self, sled::Error> {
        Ok(Self { tree: db.open_tree("whatsapp_statuses")? })
    }

    /// Records a status unless a higher one is already known. Returns whether it was stored.
    pub fn record(
        &self,
        message_id: &str,
        status: &str,
        error_code: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<bool, sled::Error> {
        let new = StatusRecord { status: status.to_owned(), error_code, at: now };
        let Ok(bytes) = serde_json::to_vec(&new) else { return Ok(false) };
        let mut stored = false;
        self.tree.fetch_and_update(message_id, |old| {
            let keep_old = old
                .and_then(|it| serde_json::from_slice::<StatusRecord>(it).ok())
                .is_some_and(|it| rank(&it.status) >= rank(status));
            stored = !keep_old;
            if keep_old {
                old.map(<[u8]>::to_vec)
            } else {
                Some(bytes.clone())
            }
        })?;
        Ok(stored)
    }

    /// The latest status of a message.
    pub fn get(&self, message_id: &str) -> Result<Option<StatusRecord>, sled::Error> {
        Ok(self.tree.get(message_id)?.and_then(|it| serde_json::from_slice(&it).ok()))
    }

    /// Forgets the statuses recorded before `before` (the retention rules:
    /// a status names a message sent to a resident). Returns how many.
    pub fn prune_before(&self, before: DateTime<Utc>) -> Result<usize, sled::Error> {
        let mut pruned = 0;
        for item in self.tree.iter() {
            let (key, value) = item?;
            let old = match serde_json::from_slice::<StatusRecord>(&value) {
                Ok(record) => record.at < before,
                // Unreadable records are of no use to anyone.
                Err(_) => true,
            };
            // Compare-and-swap: a status recorded meanwhile is newer and stays.
            if old && self.tree.compare_and_swap(&key, Some(value), None::<&[u8]>)?.is_ok() {
                pruned += 1;
            }
        }
        Ok(pruned)
    }

    /// How many messages are known per status (for reports).
    pub fn counts(&self) -> Result<std::collections::BTreeMap<String, usize>, sled::Error> {
        let mut counts = std::collections::BTreeMap::new();
        for item in self.tree.iter() {
            let (_, value) = item?;
            if let Ok(record) = serde_json::from_slice::<StatusRecord>(&value) {
                *counts.entry(record.status).or_default() += 1;
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_lower_status_never_overwrites_a_higher_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::Config::new().path(dir.path()).open().unwrap();
        let store = StatusStore::open(&db).unwrap();
        let now = Utc::now();
        assert!(store.record("wamid.1", "sent", None, now).unwrap());
        assert!(store.record("wamid.1", "read", None, now).unwrap());
        assert!(!store.record("wamid.1", "delivered", None, now).unwrap());
        assert_eq!(store.get("wamid.1").unwrap().unwrap().status, "read");
        assert!(store.record("wamid.2", "failed", Some(131047), now).unwrap());
        assert_eq!(store.get("wamid.2").unwrap().unwrap().error_code, Some(131047));
        assert_eq!(store.counts().unwrap().get("read"), Some(&1));
    }

    #[test]
    fn statuses_older_than_the_cutoff_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::Config::new().path(dir.path()).open().unwrap();
        let store = StatusStore::open(&db).unwrap();
        let now = Utc::now();
        store.record("wamid.old", "read", None, now - chrono::Duration::days(40)).unwrap();
        store.record("wamid.edge", "sent", None, now - chrono::Duration::days(30)).unwrap();
        store.record("wamid.new", "delivered", None, now).unwrap();
        db.open_tree("whatsapp_statuses").unwrap().insert("wamid.garbage", b"not json".as_slice()).unwrap();
        assert_eq!(store.prune_before(now - chrono::Duration::days(30)).unwrap(), 2, "the old one and the garbage");
        assert_eq!(store.get("wamid.old").unwrap(), None);
        assert!(store.get("wamid.edge").unwrap().is_some(), "exactly at the cutoff stays");
        assert!(store.get("wamid.new").unwrap().is_some());
        assert_eq!(store.prune_before(now - chrono::Duration::days(30)).unwrap(), 0);
    }
}
