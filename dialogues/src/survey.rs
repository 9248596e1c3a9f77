//! The satisfaction survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017):
//! nine unsur answered 1–4, stored without NIK or resident, linked only to the
//! service and the date (through the turn, [`cekbae_bot::storage::TurnSurveys`]);
//! and the index computed from the answers.

use serde::Serialize;

/// The number of unsur (questions).
pub const UNSUR: usize = 9;

/// Words that skip a question (or decline the survey), in every locale.
pub const SKIP_WORDS: &[&str] = &["lewati", "lewat", "skip", "liwat", "liwatan", "loncat", "lanjut"];

/// One resident's answers, as stored through the turn ([`cekbae_bot::storage::TurnSurveys`]); `answers`
/// holds one entry per unsur.
pub use cekbae_bot::storage::SurveyResponse;

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
        let values: Vec<f64> =
            answered.iter().filter_map(|r| r.answers.get(i).copied().flatten()).map(f64::from).collect();
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
    use chrono::{DateTime, NaiveDate, Utc};

    use super::*;

    fn response(answers: [Option<u8>; UNSUR]) -> SurveyResponse {
        SurveyResponse {
            started_at: DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap().with_timezone(&Utc),
            date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            service: "ktp_el".into(),
            reason: "baru".into(),
            channel: "whatsapp".into(),
            answers: answers.to_vec(),
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
