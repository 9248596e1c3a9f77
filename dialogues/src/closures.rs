//! Local closures: days the office decides to close (an office event, a camat's decision), kept in the data directory.
//!
//! National holidays are data in `holidays.toml`; a closure is decided by the
//! office and added with `cekbae closures add` without touching the catalog.
//! The [`crate::schedule::Calendar`] reads this store for every offer and
//! booking, so a closure added while the server runs takes effect at once.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest reason kept; a reason is shown to residents in a chat bubble.
pub const MAX_REASON_CHARS: usize = 200;

/// One day the office is closed by its own decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    /// The closed day (office-local).
    pub date: NaiveDate,
    /// Why, in the words residents are told (e.g. "Rapat kerja kecamatan"); none given is fine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who added it (`--by`, or the system user).
    pub added_by: String,
    /// When it was added.
    pub added_at: DateTime<Utc>,
}

impl Closure {
    /// A closure with its reason tidied: trimmed, empty dropped, cut to [`MAX_REASON_CHARS`].
    pub fn new(date: NaiveDate, reason: Option<&str>, added_by: &str, added_at: DateTime<Utc>) -> Self {
        let reason = reason
            .map(|it| it.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|it| !it.is_empty())
            .map(|it| it.chars().take(MAX_REASON_CHARS).collect());
        Self { date, reason, added_by: added_by.to_owned(), added_at }
    }
}

/// Why a closure could not be stored or read.
#[derive(Debug, thiserror::Error)]
pub enum ClosureError {
    /// The day is already closed; remove the closure first to change it.
    #[error("{0} is already closed")]
    AlreadyClosed(NaiveDate),
    /// Storage failed.
    #[error("closure storage: {0}")]
    Storage(#[from] sled::Error),
    /// A stored closure could not be read or written.
    #[error("closure record: {0}")]
    Record(#[from] serde_json::Error),
}

/// Local closures, by date (tree `closures`, sharing the session database).
#[derive(Debug, Clone)]
pub struct ClosureStore {
    tree: sled::Tree,
}

impl ClosureStore {
    /// Opens the closures in `db`.
    pub fn open(db: &sled::Db) -> Result<Self, sled::Error> {
        Ok(Self { tree: db.open_tree("closures")? })
    }

    /// Adds a closure; a day already closed is refused, so its residents are told only once.
    /// Written to disk before it returns.
    pub fn add(&self, closure: &Closure) -> Result<(), ClosureError> {
        let bytes = serde_json::to_vec(closure)?;
        let swapped = self.tree.compare_and_swap(key(closure.date), None as Option<&[u8]>, Some(bytes))?;
        if swapped.is_err() {
            return Err(ClosureError::AlreadyClosed(closure.date));
        }
        self.tree.flush()?;
        Ok(())
    }

    /// Removes the closure of `date`; returns it, or `None` when the day was not closed.
    pub fn remove(&self, date: NaiveDate) -> Result<Option<Closure>, ClosureError> {
        let Some(bytes) = self.tree.remove(key(date))? else { return Ok(None) };
        self.tree.flush()?;
        Ok(Some(serde_json::from_slice(&bytes)?))
    }

    /// The closure of `date`, if the office closed that day.
    pub fn get(&self, date: NaiveDate) -> Result<Option<Closure>, ClosureError> {
        match self.tree.get(key(date))? {
            Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            None => Ok(None),
        }
    }

    /// Every closure, earliest first.
    pub fn list(&self) -> Result<Vec<Closure>, ClosureError> {
        self.tree.iter().values().map(|it| Ok(serde_json::from_slice(&it?)?)).collect()
    }
}

/// `YYYY-MM-DD`: sorts by date.
fn key(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn adds_lists_and_removes_closures_once_each() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        let store = ClosureStore::open(&db).unwrap();
        let at = Utc::now();
        store.add(&Closure::new(day("2026-12-09"), Some("  Pilkades   serentak "), "camat", at)).unwrap();
        store.add(&Closure::new(day("2026-12-02"), Some(""), "budi", at)).unwrap();
        let again = store.add(&Closure::new(day("2026-12-02"), Some("Rapat"), "budi", at));
        assert!(matches!(again, Err(ClosureError::AlreadyClosed(_))), "{again:?}");
        let list = store.list().unwrap();
        assert_eq!(list.iter().map(|c| c.date).collect::<Vec<_>>(), [day("2026-12-02"), day("2026-12-09")]);
        assert_eq!(list[0].reason, None, "an empty reason is no reason");
        assert_eq!(list[1].reason.as_deref(), Some("Pilkades serentak"));
        assert_eq!(store.get(day("2026-12-09")).unwrap().unwrap().added_by, "camat");
        assert_eq!(store.remove(day("2026-12-09")).unwrap().unwrap().date, day("2026-12-09"));
        assert_eq!(store.remove(day("2026-12-09")).unwrap(), None);
        assert_eq!(store.get(day("2026-12-09")).unwrap(), None);
        let long = "x".repeat(500);
        assert_eq!(Closure::new(day("2026-12-10"), Some(&long), "a", at).reason.unwrap().len(), MAX_REASON_CHARS);
    }
}
