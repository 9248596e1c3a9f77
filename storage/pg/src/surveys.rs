//! Survey answers (`surveys`: id → JSON of [`SurveyResponse`]; anonymous, so not sealed).

use cekbae_bot::storage::{StorageError, SurveyResponse, Surveys, TurnSurveys};

use crate::sql::db_id;
use crate::turn::PgTurn;
use crate::{codec, PgStore};

/// A response's JSON column.
pub(crate) fn body(response: &SurveyResponse) -> Result<serde_json::Value, StorageError> {
    codec::json(response)
}

impl TurnSurveys for PgTurn<'_> {
    fn start(&self, response: &SurveyResponse) -> Result<u64, StorageError> {
        let id = self.nextval("survey_ids")?;
        self.execute("INSERT INTO surveys (id, body) VALUES ($1, $2)", &[&db_id(id), &codec::json(response)?])?;
        Ok(id)
    }

    fn answer(&self, id: u64, index: usize, answer: Option<u8>, last: bool) -> Result<(), StorageError> {
        let rows = self.rows("SELECT body FROM surveys WHERE id = $1 FOR UPDATE", &[&db_id(id)])?;
        let Some(row) = rows.into_iter().next() else { return Ok(()) };
        let mut stored: SurveyResponse = codec::from_json(row.get(0))?;
        stored.record_answer(index, answer, last);
        self.execute("UPDATE surveys SET body = $2 WHERE id = $1", &[&db_id(id), &codec::json(&stored)?])?;
        Ok(())
    }
}

impl Surveys for PgStore {
    fn all(&self) -> Result<Vec<SurveyResponse>, StorageError> {
        let rows = self.rows("SELECT body FROM surveys ORDER BY id", &[])?;
        Ok(rows.into_iter().filter_map(|row| codec::from_json::<SurveyResponse>(row.get(0)).ok()).collect())
    }
}
