//! The satisfaction survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017):
//! nine unsur answered 1–4, stored without NIK or resident, linked only to the
//! service and the date; and the index computed from the answers.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The number of unsur (questions).
pub const UNSUR: usize = 9;

/// Words that skip a question (or decline the survey), in every locale.
pub const SKIP_WORDS: &[&str] = &["lewati", "lewat", "skip", "liwat", "liwatan", "loncat", "lanjut"];

/// One resident's answers (some may be skipped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    /// When the survey started.
    pub started_at: DateTime<Utc>,
    /// The office-local date of the response.
    pub date: NaiveDate,
    /// The service it is about.
    pub document: String,
    /// The reason of the service.
    pub reason: String,
    /// The channel (no resident id).
    pub channel: String,
    /// Answers 1–4 per unsur; `None` when skipped or not reached.
    pub answers: [Option<u8>; UNSUR],
    /// Whether the ninth question was answered or skipped.
    pub finished: bool,
}

/// The `survey_responses` tree.
#[derive(Debug, Clone)]
pub struct SurveyStore {
    db: sled::Db,
    tree: sled::Tree,
}

impl SurveyStore {
    /// Opens the tree in the bot's database.
    pub fn open(db: &sled::Db) -> Result<Self, sled::Error> {
        Ok(Self { db: db.clone(), tree: db.open_tree("survey_responses")? })
    }

    /// Stores a new, empty response; returns its id.
    pub fn start(&self, response: &SurveyResponse) -> Result<u64, sled::Error> {
        let id = self.db.generate_id()?;
        self.put(id, response)?;
        Ok(id)
    }

    /// Records the answer (or a skip) to unsur `index` (0-based); `last` marks the response finished.
    pub fn answer(&self, id: u64, index: usize, answer: Option<u8>, last: bool) -> Result<(), sled::Error> {
        let Some(mut response) = self.get(id)? else { return Ok(()) };
        if let Some(slot) = response.answers.get_mut(index) {
            *slot = answer.filter(|it| (1..=4).contains(it));
        }
        response.finished |= last;
        self.put(id, &response)
    }

    /// A response by id.
    pub fn get(&self, id: u64) -> Result<Option<SurveyResponse>, sled::Error> {
        Ok(self.tree.get(id.to_be_bytes())?.and_then(|it| serde_json::from_slice(&it).ok()))
    }

    /// Every response.
    pub fn all(&self) -> Result<Vec<SurveyResponse>, sled::Error> {
        let mut res = Vec::new();
        for item in self.tree.iter() {
            let (_, value) = item?;
            if let Ok(response) = serde_json::from_slice(&value) {
                res.push(response);
            }
        }
        Ok(res)
    }

    fn put(&self, id: u64, response: &SurveyResponse) -> Result<(), sled::Error> {
        self.tree.insert(id.to_be_bytes(), serde_json::to_vec(response).unwrap_or_default())?;
        Ok(())
    }
}

/// The survey index over a set of responses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Index {
    /// Responses with at least one answer.
    pub respondents: usize,
    /// NRR per unsur: the mean answer (1–4), over those who answered it; 0 when nobody did.
    pub unsur: [f64; UNSUR],
    /// IKM converted to 25–100, rounded to two decimals; `None` without respondents.
    pub ikm: Option<f64>,
    /// `A`, `B`, `C` or `D`.
    pub grade: Option<char>,
}

/// Computes the index as PermenPANRB 14/2017 prescribes: NRR per unsur = sum
/// of answers / number of answers; IKM = Σ NRR × weight, with the weight
/// exactly 1/9 (the regulation prints it rounded to 0.111, which would give
/// 87.41 instead of 87.50 for NRR 3.5 everywhere); converted ×25. Unsur nobody
/// answered are left out and the weights of the others rescaled.
pub fn index(responses: &[SurveyResponse]) -> Index {
    let answered: Vec<&SurveyResponse> = responses.iter().filter(|r| r.answers.iter().any(Option::is_some)).collect();
    let mut unsur = [0.0; UNSUR];
    let mut counted = 0;
    let mut total = 0.0;
    for (i, nrr) in unsur.iter_mut().enumerate() {
        let values: Vec<f64> = answered.iter().filter_map(|r| r.answers[i]).map(f64::from).collect();
        if values.is_empty() {
            continue;
        }
        *nrr = values.iter().sum::<f64>() / values.len() as f64;
        total += *nrr;
        counted += 1;
    }
    let ikm = (counted > 0).then(|| round2(total / f64::from(counted) * 25.0));
    Index { respondents: answered.len(), unsur: unsur.map(round4), ikm, grade: ikm.map(grade) }
}

/// The official bands (25–100 scale): A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99.
pub fn grade(ikm: f64) -> char {
    if ikm >= 88.31 {
        'A'
    } else if ikm >= 76.61 {
        'B'
    } else if ikm >= 65.0 {
        'C'
    } else {
        'D'
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(answers: [Option<u8>; UNSUR]) -> SurveyResponse {
        SurveyResponse {
            started_at: DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap().with_timezone(&Utc),
            date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            document: "ktp_el".into(),
            reason: "baru".into(),
            channel: "whatsapp".into(),
            answers,
            finished: true,
        }
    }

    #[test]
    fn all_fours_and_all_threes_give_87_50_grade_b() {
        let index = index(&[response([Some(4); UNSUR]), response([Some(3); UNSUR])]);
        assert_eq!(index.respondents, 2);
        assert_eq!(index.unsur, [3.5; UNSUR]);
        assert_eq!(index.ikm, Some(87.5));
        assert_eq!(index.grade, Some('B'));
    }

    #[test]
    fn skipped_answers_are_left_out_of_their_unsur() {
        let mut first = [Some(4); UNSUR];
        first[0] = None;
        let index = index(&[response(first), response([Some(2); UNSUR])]);
        assert_eq!(index.unsur[0], 2.0, "only the second respondent answered u1");
        assert_eq!(index.unsur[1], 3.0);
        // (2 + 8 × 3) / 9 × 25 = 72.22
        assert_eq!(index.ikm, Some(72.22));
        assert_eq!(index.grade, Some('C'));
    }

    #[test]
    fn the_bands_follow_the_regulation() {
        assert_eq!(grade(100.0), 'A');
        assert_eq!(grade(88.31), 'A');
        assert_eq!(grade(88.30), 'B');
        assert_eq!(grade(76.61), 'B');
        assert_eq!(grade(76.60), 'C');
        assert_eq!(grade(65.0), 'C');
        assert_eq!(grade(64.99), 'D');
        assert_eq!(grade(25.0), 'D');
    }

    #[test]
    fn no_answers_no_index() {
        let index = index(&[response([None; UNSUR])]);
        assert_eq!(index.respondents, 0);
        assert_eq!(index.ikm, None);
        assert_eq!(index.grade, None);
    }
}
