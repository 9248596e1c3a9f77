//! Reads a resident's message into slots: which document, which reason, and a NIK
//! candidate, each with an honest confidence.
//!
//! A clear winner is taken. A weak reading (a typo of a three-letter word, a
//! generic word such as `akte` or `ganti`) or two close candidates are marked
//! [`Unclear`], so the dialogue asks "Maksud Anda …?" instead of guessing.

use cekbae_bot::words::{Intent, Said};
use cekbae_bot::{text, GlobalWords, Hit, Matcher};

use crate::catalog::Catalog;
use crate::questions::QuestionFinder;

/// What one utterance names. Anything not found is `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The most likely document id (see [`Parsed::unclear`] for how sure).
    pub document: Option<String>,
    /// The most likely reason id (not yet checked against the document).
    pub reason: Option<String>,
    /// A 16-digit run, valid or not.
    pub nik: Option<String>,
    /// The length of a long digit run that cannot be a NIK (a NIK typed with a digit too few or many).
    pub wrong_length_digits: Option<usize>,
    /// A NIK-like word with a letter in it (`3201O145...` typed with the letter O).
    pub nik_with_letters: bool,
    /// The message names a service this office does not give here (`akta cerai`, `ktp digital`).
    pub not_served: bool,
    /// A slot read without confidence, to confirm before it is used.
    pub unclear: Option<Unclear>,
    /// The message's tokens that no alias covers (digits aside), for reading intents.
    pub other_words: Vec<String>,
    /// The question topic the message asks about (`hours`, `cost`), read apart from
    /// the slots: question words never make a document or reason appear. None when
    /// the message names a service not given here (the question is about that service).
    pub question: Option<String>,
}

/// One message read whole: see [`Understanding::read`].
#[derive(Debug, Clone)]
pub struct Reading {
    /// Slots.
    pub parsed: Parsed,
    /// The global word expressed beside the slots.
    pub said: Option<Said>,
    /// The normalised tokens.
    pub tokens: Vec<String>,
}

/// Which slot a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    /// The document.
    Document,
    /// The reason.
    Reason,
}

/// A slot read without confidence: one weak candidate, or two close ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Unclear {
    /// The slot in question.
    pub slot: SlotKind,
    /// Candidate ids, best first (one or two).
    pub candidates: Vec<String>,
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

    /// The document, only if read with confidence.
    pub fn sure_document(&self) -> Option<&String> {
        self.document.as_ref().filter(|_| !self.is_unclear(SlotKind::Document))
    }

    /// The reason, only if read with confidence.
    pub fn sure_reason(&self) -> Option<&String> {
        self.reason.as_ref().filter(|_| !self.is_unclear(SlotKind::Reason))
    }

    fn is_unclear(&self, slot: SlotKind) -> bool {
        self.unclear.as_ref().is_some_and(|it| it.slot == slot)
    }
}

/// What an alias stands for.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Document(String),
    Reason(String),
    NotServed,
}

/// The understanding of adminduk requests, built once from the catalog's aliases.
#[derive(Debug, Clone)]
pub struct Understanding {
    matcher: Matcher<Slot>,
    questions: QuestionFinder,
}

/// Digit runs at least this long that are not 16 digits are read as a mistyped NIK.
const NIK_ATTEMPT_MIN_DIGITS: usize = 10;
/// A reading scoring below this is confirmed before use: a swapped three-letter
/// word (`kpt`, about 0.78) or a weak alias (0.75) is; a dropped letter in a
/// longer word (`hilng`, about 0.9) is not.
const SURE: f32 = 0.84;
/// A runner-up within this distance of the best reading makes the choice unclear.
const CLOSE: f32 = 0.05;

impl Understanding {
    /// Builds the matcher over every document, reason and not-served alias, in all locales.
    pub fn new(catalog: &Catalog) -> Self {
        let mut matcher = Matcher::default();
        for doc in &catalog.documents {
            matcher.add(Slot::Document(doc.id.clone()), &doc.id.replace('_', " "));
            for alias in &doc.aliases {
                matcher.add_weighted(Slot::Document(doc.id.clone()), &alias.text, alias.weight);
            }
        }
        for reason in &catalog.reasons {
            matcher.add(Slot::Reason(reason.id.clone()), &reason.id);
            for alias in &reason.aliases {
                matcher.add_weighted(Slot::Reason(reason.id.clone()), &alias.text, alias.weight);
            }
        }
        for alias in &catalog.not_served {
            matcher.add_weighted(Slot::NotServed, &alias.text, alias.weight);
        }
        Self { matcher, questions: QuestionFinder::new(&catalog.questions) }
    }

    /// Everything one message says: its slots, and the global word it expresses
    /// beside them (a command, greeting or thanks; yes/no only when the message
    /// names no slot, since `bisa gak?` after a request is a question, not a no).
    pub fn read(&self, words: &GlobalWords, message: &str) -> Reading {
        let tokens = text::tokens(message);
        let parsed = self.parse_tokens(message, &tokens);
        let names_a_slot = parsed.document.is_some() || parsed.reason.is_some() || parsed.not_served;
        let said = words
            .said(&parsed.other_words)
            .filter(|it| !(names_a_slot && matches!(it, Said::Intent(Intent::Yes | Intent::No))));
        Reading { parsed, said, tokens }
    }

    /// Extracts document, reason and NIK from one message, wherever they appear.
    pub fn parse(&self, message: &str) -> Parsed {
        self.parse_tokens(message, &text::tokens(message))
    }

    /// Like [`Understanding::parse`], for a message already split by [`text::tokens`].
    pub fn parse_tokens(&self, message: &str, tokens: &[String]) -> Parsed {
        let mut parsed = Parsed::default();
        read_digits(message, &mut parsed);
        let candidates = self.matcher.candidates(tokens);
        // The reading of the message: the best hits that do not overlap.
        let mut kept: Vec<&Hit<Slot>> = Vec::new();
        for hit in &candidates {
            if kept.iter().all(|k| !hit.overlaps(*k)) {
                kept.push(hit);
            }
        }
        // Rivals: kept hits, and hits on exactly the span of a kept one (`akte`
        // is as much akta_kelahiran as akta_kematian).
        let rivals: Vec<&Hit<Slot>> =
            candidates.iter().filter(|hit| kept.iter().any(|k| k.start == hit.start && k.end == hit.end)).collect();
        parsed.not_served = kept.iter().any(|hit| hit.key == Slot::NotServed);
        let documents: Vec<(&str, &Hit<Slot>)> = rivals
            .iter()
            .filter_map(|hit| match &hit.key {
                Slot::Document(id) => Some((id.as_str(), *hit)),
                _ => None,
            })
            .collect();
        let reasons: Vec<(&str, &Hit<Slot>)> = rivals
            .iter()
            .filter_map(|hit| match &hit.key {
                Slot::Reason(id) => Some((id.as_str(), *hit)),
                _ => None,
            })
            .collect();
        let (document, document_unclear) = decide(SlotKind::Document, &documents);
        let (reason, reason_unclear) = decide(SlotKind::Reason, &reasons);
        parsed.document = document;
        parsed.reason = reason;
        parsed.unclear = document_unclear.or(reason_unclear);
        parsed.other_words = tokens
            .iter()
            .enumerate()
            .filter(|(idx, token)| {
                !token.bytes().all(|b| b.is_ascii_digit())
                    && !kept.iter().any(|hit| hit.start <= *idx && *idx < hit.end)
            })
            .map(|(_, token)| token.clone())
            .collect();
        // "bikin paspor di mana" asks about a service not given here, not about this office.
        // Words read with confidence as the request are no question words ("ganti alamat");
        // a doubtful reading ("lewat" as a typo of `lepat`) does not take them.
        let sure = |hit: &&&Hit<Slot>| match &hit.key {
            Slot::Document(id) => parsed.sure_document() == Some(id),
            Slot::Reason(id) => parsed.sure_reason() == Some(id),
            Slot::NotServed => true,
        };
        let taken: Vec<(usize, usize)> =
            kept.iter().filter(sure).filter(|hit| hit.score >= SURE).map(|hit| (hit.start, hit.end)).collect();
        parsed.question = if parsed.not_served { None } else { self.questions.find(tokens, &taken) };
        parsed
    }
}

/// Picks the best candidate of one slot and says whether it is clear.
fn decide(slot: SlotKind, hits: &[(&str, &Hit<Slot>)]) -> (Option<String>, Option<Unclear>) {
    let Some(&(best, best_hit)) = hits.first() else { return (None, None) };
    let runner_up = hits.iter().find(|(id, _)| *id != best).filter(|(_, hit)| hit.score >= best_hit.score - CLOSE);
    let unclear = match runner_up {
        Some((other, _)) => Some(Unclear { slot, candidates: vec![best.to_owned(), (*other).to_owned()] }),
        None if best_hit.score < SURE => Some(Unclear { slot, candidates: vec![best.to_owned()] }),
        None => None,
    };
    (Some(best.to_owned()), unclear)
}

/// Finds a NIK, or signs of a mistyped one, among the message's digits.
fn read_digits(message: &str, parsed: &mut Parsed) {
    for run in text::digit_runs(message) {
        if run.len() == text::NIK_DIGITS {
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
}

/// A word of about NIK length that is mostly digits but has letters: a typo to point out, not to fix.
fn looks_like_nik_with_letters(word: &str) -> bool {
    let stripped: Vec<char> = word.chars().filter(|c| !matches!(c, '.' | '-')).collect();
    let digits = stripped.iter().filter(|c| c.is_ascii_digit()).count();
    (14..=18).contains(&stripped.len()) && digits >= 12 && digits < stripped.len()
}

#[cfg(test)]
mod tests;
