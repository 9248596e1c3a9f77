//! Survey answers (`survey_responses`: id → JSON, the layout older versions wrote; anonymous, not sealed).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{StorageError, SurveyResponse, Surveys, TurnSurveys};

use crate::codec::{self, id_key};
use crate::error::SledResult;
use crate::trees::TreeId;
use crate::turn::SledTurn;
use crate::SledStore;

/// A response as stored.
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

impl TurnSurveys for SledTurn<'_> {
    fn start(&self, response: &SurveyResponse) -> Result<u64, StorageError> {
        let id = self.store.next_in(crate::sequences::SURVEY)?;
        self.stage(TreeId::SurveyResponses, id_key(id).to_vec(), Some(codec::json(&StoredResponse::of(response))?));
        Ok(id)
    }

    fn answer(&self, id: u64, index: usize, answer: Option<u8>, last: bool) -> Result<(), StorageError> {
        let Some(bytes) = self.read(TreeId::SurveyResponses, &id_key(id))? else { return Ok(()) };
        let mut stored: StoredResponse = serde_json::from_slice(&bytes).map_err(StorageError::corrupt)?;
        if let Some(slot) = stored.answers.get_mut(index) {
            *slot = answer.filter(|it| (1..=4).contains(it));
        }
        stored.finished |= last;
        self.stage(TreeId::SurveyResponses, id_key(id).to_vec(), Some(codec::json(&stored)?));
        Ok(())
    }
}

/// A stored response, if it reads.
pub(crate) fn decode(bytes: &[u8]) -> Option<SurveyResponse> {
    serde_json::from_slice::<StoredResponse>(bytes).ok().map(StoredResponse::response)
}

impl Surveys for SledStore {
    fn all(&self) -> Result<Vec<SurveyResponse>, StorageError> {
        let mut res = Vec::new();
        for value in self.trees().survey_responses.iter().values() {
            if let Ok(stored) = serde_json::from_slice::<StoredResponse>(&value.storage()?) {
                res.push(stored.response());
            }
        }
        Ok(res)
    }
}
