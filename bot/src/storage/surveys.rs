//! Satisfaction survey answers: anonymous (no resident, no personal number), linked only to the service,
//! the channel and the day.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::StorageError;

/// One resident's answers (some may be skipped). Its serde form is the stored one on every backend (the
/// service under `document`, as older versions wrote it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    /// When the survey started.
    pub started_at: DateTime<Utc>,
    /// The office-local date of the response.
    pub date: NaiveDate,
    /// The service it is about (a document id).
    #[serde(rename = "document")]
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

impl SurveyResponse {
    /// Records the answer to question `index` (only 1 to 4 counts; anything else is a skip), and that the
    /// survey finished when it was the `last` question. An index beyond the questions changes nothing.
    pub fn record_answer(&mut self, index: usize, answer: Option<u8>, last: bool) {
        if let Some(slot) = self.answers.get_mut(index) {
            *slot = answer.filter(|it| (1..=4).contains(it));
        }
        self.finished |= last;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn response() -> SurveyResponse {
        SurveyResponse {
            started_at: DateTime::from_timestamp(1_764_460_800, 0).unwrap(),
            date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            service: "ktp".into(),
            reason: "hilang".into(),
            channel: "whatsapp".into(),
            answers: vec![None; 9],
            finished: false,
        }
    }

    #[test]
    fn the_stored_form_is_the_one_older_versions_wrote() {
        let json = serde_json::to_value(response()).unwrap();
        assert_eq!(json["document"], "ktp", "the service under `document`: {json}");
        assert!(json.get("service").is_none());
        let back: SurveyResponse = serde_json::from_value(json).unwrap();
        assert_eq!(back, response());
    }

    #[test]
    fn only_answers_one_to_four_count_and_the_last_question_finishes() {
        let mut it = response();
        it.record_answer(0, Some(4), false);
        it.record_answer(1, Some(5), false);
        it.record_answer(2, Some(0), false);
        it.record_answer(99, Some(3), false);
        assert_eq!(&it.answers[..3], &[Some(4), None, None]);
        assert!(!it.finished);
        it.record_answer(8, None, true);
        assert!(it.finished, "a skipped last question still finishes");
    }
}
