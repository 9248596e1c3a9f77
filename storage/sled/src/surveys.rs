//! Survey answers (`survey_responses`: id → JSON of [`SurveyResponse`], the layout older versions wrote; anonymous, not sealed).

use cekbae_bot::storage::{StorageError, SurveyResponse, Surveys, TurnSurveys};

use crate::codec::{self, id_key};
use crate::error::SledResult;
use crate::trees::TreeId;
use crate::turn::SledTurn;
use crate::SledStore;

impl TurnSurveys for SledTurn<'_> {
    fn start(&self, response: &SurveyResponse) -> Result<u64, StorageError> {
        let id = self.store.next_in(crate::sequences::SURVEY)?;
        self.stage(TreeId::SurveyResponses, id_key(id).to_vec(), Some(codec::json(response)?));
        Ok(id)
    }

    fn answer(&self, id: u64, index: usize, answer: Option<u8>, last: bool) -> Result<(), StorageError> {
        let Some(bytes) = self.read(TreeId::SurveyResponses, &id_key(id))? else { return Ok(()) };
        let mut stored: SurveyResponse = serde_json::from_slice(&bytes).map_err(StorageError::corrupt)?;
        stored.record_answer(index, answer, last);
        self.stage(TreeId::SurveyResponses, id_key(id).to_vec(), Some(codec::json(&stored)?));
        Ok(())
    }
}

/// A stored response, if it reads.
pub(crate) fn decode(bytes: &[u8]) -> Option<SurveyResponse> {
    serde_json::from_slice::<SurveyResponse>(bytes).ok()
}

impl Surveys for SledStore {
    fn all(&self) -> Result<Vec<SurveyResponse>, StorageError> {
        let mut res = Vec::new();
        for value in self.trees().survey_responses.iter().values() {
            if let Ok(stored) = serde_json::from_slice::<SurveyResponse>(&value.storage()?) {
                res.push(stored);
            }
        }
        Ok(res)
    }
}
