//! Satisfaction survey answers: anonymous (no resident, no personal number), linked only to the service,
//! the channel and the day.

use chrono::{DateTime, NaiveDate, Utc};

use super::error::StorageError;

/// One resident's answers (some may be skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyResponse {
    /// When the survey started.
    pub started_at: DateTime<Utc>,
    /// The office-local date of the response.
    pub date: NaiveDate,
    /// The service it is about (a document id).
    pub service: String,
    /// The reason of the service.
    pub reason: String,
    /// The channel (no resident id).
    pub channel: String,
    /// Answers per question (1 to 4); `None` when skipped or not reached.
    pub answers: Vec<Option<u8>>,
    /// Whether the last question was answered or skipped.
    pub finished: bool,
}

/// Survey answers, inside a turn (they commit with it).
pub trait TurnSurveys {
    /// Stores a new response; returns its id (from the store's sequence).
    fn start(&self, response: &SurveyResponse) -> Result<u64, StorageError>;

    /// Records the answer (or a skip: `None`) to question `index` (0-based) of response `id`; `last` marks it
    /// finished. An answer outside 1 to 4 is stored as skipped; an unknown response is left alone.
    fn answer(&self, id: u64, index: usize, answer: Option<u8>, last: bool) -> Result<(), StorageError>;
}

/// Survey answers for reports.
pub trait Surveys {
    /// Every response, oldest first.
    fn all(&self) -> Result<Vec<SurveyResponse>, StorageError>;
}
