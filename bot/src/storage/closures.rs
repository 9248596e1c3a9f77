//! The office's own closed days (a camat's decision, an office event), beside the national holidays of the
//! catalog: every offer and booking consults them, so a closure takes effect at once.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::StorageError;

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

/// The office's closures, by day. Every change is durable when it returns.
pub trait Closures {
    /// Adds a closure; `false` (and nothing changed) when the day is closed already, so its residents are told
    /// only once.
    fn add(&self, closure: &Closure) -> Result<bool, StorageError>;

    /// Removes the closure of `date`; returns it, or `None` when the day was not closed.
    fn remove(&self, date: NaiveDate) -> Result<Option<Closure>, StorageError>;

    /// The closure of `date`, if the office closed that day.
    fn get(&self, date: NaiveDate) -> Result<Option<Closure>, StorageError>;

    /// Every closure, earliest first.
    fn list(&self) -> Result<Vec<Closure>, StorageError>;
}
