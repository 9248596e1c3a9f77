//! Reads a resident's message into slots: which document, which reason, and a NIK candidate.

use cekbae_bot::{text, Matcher};

use crate::catalog::Catalog;

/// What one utterance names. Anything not found is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// A document id from the catalog.
    pub document: Option<String>,
    /// A reason id from the catalog (not yet checked against the document).
    pub reason: Option<String>,
    /// A 16-digit run, valid or not.
    pub nik: Option<String>,
    /// The length of a long digit run that cannot be a NIK (a NIK typed with a digit too few or many).
    pub wrong_length_digits: Option<usize>,
    /// A NIK-like word with a letter in it (`3201O145...` typed with the letter O).
    pub nik_with_letters: bool,
}

impl Parsed {
    /// Whether the utterance named anything at all.
    pub fn is_empty(&self) -> bool {
        self.document.is_none()
            && self.reason.is_none()
            && self.nik.is_none()
            && self.wrong_length_digits.is_none()
            && !self.nik_with_letters
    }
}

/// What an alias stands for.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Document(String),
    Reason(String),
}

/// The understanding of adminduk requests, built once from the catalog's aliases.
#[derive(Debug, Clone)]
pub struct Understanding {
    matcher: Matcher<Slot>,
}

/// Digit runs at least this long that are not 16 digits are read as a mistyped NIK.
const NIK_ATTEMPT_MIN_DIGITS: usize = 10;
const NIK_DIGITS: usize = 16;

impl Understanding {
    /// Builds the matcher over every document and reason alias, in all locales.
    pub fn new(catalog: &Catalog) -> Self {
        let mut matcher = Matcher::default();
        for doc in &catalog.documents {
            matcher.add_weighted(Slot::Document(doc.id.clone()), &doc.id.replace('_', " "), 1.0);
            for alias in &doc.aliases {
                matcher.add_weighted(Slot::Document(doc.id.clone()), &alias.text, alias.weight);
            }
        }
        for reason in &catalog.reasons {
            matcher.add_weighted(Slot::Reason(reason.id.clone()), &reason.id, 1.0);
            for alias in &reason.aliases {
                matcher.add_weighted(Slot::Reason(reason.id.clone()), &alias.text, alias.weight);
            }
        }
        Self { matcher }
    }

    /// Extracts document, reason and NIK from one message, wherever they appear.
    pub fn parse(&self, message: &str) -> Parsed {
        let mut parsed = Parsed::default();
        for run in text::digit_runs(message) {
            if run.len() == NIK_DIGITS {
                parsed.nik.get_or_insert(run);
            } else if run.len() >= NIK_ATTEMPT_MIN_DIGITS && parsed.wrong_length_digits.is_none() {
                parsed.wrong_length_digits = Some(run.len());
            }
        }
        if parsed.nik.is_none() {
            parsed.nik_with_letters = message.split_whitespace().any(looks_like_nik_with_letters);
        }
        if parsed.nik.is_some() || parsed.nik_with_letters {
            parsed.wrong_length_digits = None;
        }
        let tokens: Vec<String> =
            text::tokens(message).into_iter().filter(|it| !it.chars().all(|c| c.is_ascii_digit())).collect();
        // Hits come best first; the first of each kind wins.
        for hit in self.matcher.find_all(&tokens) {
            match hit.key {
                Slot::Document(id) if parsed.document.is_none() => parsed.document = Some(id),
                Slot::Reason(id) if parsed.reason.is_none() => parsed.reason = Some(id),
                _ => {}
            }
        }
        parsed
    }
}

/// A word of about NIK length that is mostly digits but has letters: a typo to point out, not to fix.
fn looks_like_nik_with_letters(word: &str) -> bool {
    let stripped: Vec<char> = word.chars().filter(|c| !matches!(c, '.' | '-')).collect();
    let digits = stripped.iter().filter(|c| c.is_ascii_digit()).count();
    (14..=18).contains(&stripped.len()) && digits >= 12 && digits < stripped.len()
}

#[cfg(test)]
mod tests;
