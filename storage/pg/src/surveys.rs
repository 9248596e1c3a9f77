//! Survey answers (`surveys`: id → JSON; anonymous, so not sealed).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{StorageError, SurveyResponse, Surveys, TurnSurveys};

use crate::sql::db_id;
use crate::turn::PgTurn;
use crate::{codec, PgStore};

/// A response as stored (the field names sled's layout uses).
#[derive(Serialize, Deserialize)]
struct StoredResponse {
    started_at: DateTime<Utc>,
    date: NaiveDate,
    document: String,
    reason: String,
    channel: String,
    answers: Vec<Option<u8>>,
    finished: bool,
}

impl StoredResponse {
    fn of(response: &SurveyResponse) -> Self {
        Self {
            started_at: response.started_at,
            date: response.date,
            document: response.service.clone(),
            reason: response.reason.clone(),
            channel: response.channel.clone(),
            answers: response.answers.clone(),
            finished: response.finished,
        }
    }

    fn response(self) -> SurveyResponse {
        SurveyResponse {
            started_at: self.started_at,
            date: self.date,
            service: self.document,
            reason: self.reason,
            channel: self.channel,
            answers: self.answers,
            finished: self.finished,
        }
    }
}

/// A response's JSON column.
pub(crate) fn body(response: &SurveyResponse) -> Result<serde_json::Value, StorageError> {
    codec::json(&StoredResponse::of(response))
}

impl TurnSurveys for PgTurn<'_> {
    fn start(&self, response: &SurveyResponse) -> Result<u64, StorageError> {
        let id = self.nextval("survey_ids")?;
        self.execute(
            "INSERT INTO surveys (id, body) VALUES ($1, $2)",
            &[&db_id(id), &codec::json(&StoredResponse::of(response))?],
        )?;
        Ok(id)
    }

    fn answer(&self, id: u64, index: usize, answer: Option<u8>, last: bool) -> Result<(), StorageError> {
        let rows = self.rows("SELECT body FROM surveys WHERE id = $1 FOR UPDATE", &[&db_id(id)])?;
        let Some(row) = rows.into_iter().next() else { return Ok(()) };
        let mut stored: StoredResponse = codec::from_json(row.get(0))?;
        if let Some(slot) = stored.answers.get_mut(index) {
            *slot = answer.filter(|it| (1..=4).contains(it));
        }
        stored.finished |= last;
        self.execute("UPDATE surveys SET body = $2 WHERE id = $1", &[&db_id(id), &codec::json(&stored)?])?;
        Ok(())
    }
}

impl Surveys for PgStore {
    fn all(&self) -> Result<Vec<SurveyResponse>, StorageError> {
        let rows = self.rows("SELECT body FROM surveys ORDER BY id", &[])?;
        Ok(rows
            .into_iter()
            .filter_map(|row| codec::from_json::<StoredResponse>(row.get(0)).ok().map(StoredResponse::response))
            .collect())
    }
}
