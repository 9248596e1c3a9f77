//! Reads a resident's message into slots: which document, which reason, the
//! resident's desa, and a NIK candidate, each with an honest confidence.
//!
//! A clear winner is taken. A weak reading (a typo of a three-letter word, a
//! generic word such as `akte` or `ganti`) or two close candidates are marked
//! [`Unclear`], so the dialogue asks "Maksud Anda …?" instead of guessing.
//!
//! The reading runs in two passes over the catalog's words: documents first
//! (with services not given here, desa and place names holding their tokens),
//! then reasons, some of which depend on the document chosen (`masukin istri`
//! is a change of a KK; `bikin KTP` is a new one). In each pass a mention the
//! resident negates (`bukan KTP`, `teu leungit`, `ktp aman`) loses to the ones
//! they affirm ([`negation`]).

use cekbae_bot::words::{Intent, Said};
use cekbae_bot::{text, GlobalWords, Hit};

use crate::catalog::{Catalog, ReadingWords};

mod digits;
mod negation;
mod vocabulary;

use negation::{Mention, Sentence};
use vocabulary::{Slot, Vocabulary};

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
    /// Then, unless it also names a document given here, it keeps no reason either.
    pub not_served: bool,
    /// The resident's desa (`saya dari Karacak`), a catalog desa id.
    pub desa: Option<String>,
    /// A 16-digit number introduced as a KK number (`No KK 3201...`): not taken as the NIK.
    pub kk_number: bool,
    /// A slot read without confidence, to confirm before it is used.
    pub unclear: Option<Unclear>,
    /// The message's tokens that no alias covers (digits aside), for reading intents.
    pub other_words: Vec<String>,
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
            && !self.kk_number
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

/// The understanding of adminduk requests, built once from the catalog.
#[derive(Debug, Clone)]
pub struct Understanding {
    vocabulary: Vocabulary,
    reading: ReadingWords,
}

/// A reading scoring below this is confirmed before use: a swapped three-letter
/// word (`kpt`, about 0.78) or a weak alias (0.75) is; a dropped letter in a
/// longer word (`hilng`, about 0.9) is not, nor is a hint (0.9).
const SURE: f32 = 0.84;
/// A runner-up within this distance of the best reading makes the choice unclear.
const CLOSE: f32 = 0.05;

impl Understanding {
    /// Builds the matcher over every document, reason, not-served, desa and place word, in all locales.
    pub fn new(catalog: &Catalog) -> Self {
        Self { vocabulary: Vocabulary::new(catalog), reading: catalog.reading.clone() }
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

    /// Extracts document, reason, desa and NIK from one message, wherever they appear.
    pub fn parse(&self, message: &str) -> Parsed {
        self.parse_tokens(message, &text::tokens(message))
    }

    /// Like [`Understanding::parse`], for a message already split by [`text::tokens`].
    pub fn parse_tokens(&self, message: &str, tokens: &[String]) -> Parsed {
        let mut parsed = Parsed::default();
        let kk_phrases = digits::read(message, tokens, &self.reading, &mut parsed);
        let clause_of = clause_of(message, tokens);
        let candidates = self.vocabulary.matcher.candidates(tokens);
        let in_kk_phrase =
            |hit: &Hit<Slot>| kk_phrases.iter().any(|&(start, end)| start <= hit.start && hit.end <= end);

        // Documents, with the words that hold their tokens against them.
        let document_pass: Vec<&Hit<Slot>> = candidates
            .iter()
            .filter(|hit| match &hit.key {
                Slot::Document(_) => !in_kk_phrase(hit),
                // A hint inside a longer reason phrase is explained by it (`pindah alamat`).
                Slot::DocumentHint(_) => !in_kk_phrase(hit) && !self.inside_a_reason_phrase(hit, &candidates),
                slot => slot.holds_tokens(),
            })
            .collect();
        let documents = self.read_pass(tokens, &clause_of, &document_pass, true);
        let document_hits: Vec<(&str, &Hit<Slot>)> =
            documents.affirmed.iter().filter_map(|hit| Some((hit.key.document()?, *hit))).collect();
        let (document, document_unclear) = decide(SlotKind::Document, &document_hits);
        parsed.not_served = documents.kept.iter().any(|hit| hit.key == Slot::NotServed);
        parsed.desa = documents.kept.iter().filter(|hit| hit.score >= SURE).find_map(|hit| match &hit.key {
            Slot::Desa(id) => Some(id.clone()),
            _ => None,
        });

        // Reasons, some of them only for the document chosen. The words of a
        // document's name hold their tokens (`lahir` in `akte lahir` is no reason).
        let chosen = document.as_deref();
        let named = |hit: &Hit<Slot>| documents.kept.iter().any(|it| std::ptr::eq(*it, hit));
        let reason_pass: Vec<&Hit<Slot>> = candidates
            .iter()
            .filter(|hit| match &hit.key {
                Slot::Document(_) | Slot::DocumentHint(_) => named(hit),
                Slot::Reason(_) => true,
                Slot::ReasonFor { document, .. } => Some(document.as_str()) == chosen,
                Slot::ReasonBefore(reason) => chosen.is_some_and(|doc| {
                    self.vocabulary.allows(doc, reason)
                        && documents.affirmed.iter().any(|it| it.start == hit.end && it.key.document() == Some(doc))
                }),
                slot => slot.holds_tokens(),
            })
            .collect();
        // A word that means something for this document wins over its everyday meaning
        // (`pecah` is a split KK, not a broken one).
        let reason_pass: Vec<&Hit<Slot>> = reason_pass
            .iter()
            .filter(|hit| {
                !matches!(hit.key, Slot::Reason(_))
                    || !reason_pass.iter().any(|other| {
                        matches!(other.key, Slot::ReasonFor { .. }) && other.start == hit.start && other.end == hit.end
                    })
            })
            .copied()
            .collect();
        let reasons = self.read_pass(tokens, &clause_of, &reason_pass, false);
        let reason_hits: Vec<(&str, &Hit<Slot>)> =
            reasons.affirmed.iter().filter_map(|hit| Some((hit.key.reason()?, *hit))).collect();
        let (reason, reason_unclear) = decide(SlotKind::Reason, &reason_hits);

        parsed.document = document;
        parsed.unclear = document_unclear;
        // A service not given here keeps nothing: its reason is not carried to the next step.
        if !(parsed.not_served && parsed.document.is_none()) {
            parsed.reason = reason;
            parsed.unclear = parsed.unclear.take().or(reason_unclear);
        }
        parsed.other_words = tokens
            .iter()
            .enumerate()
            .filter(|(idx, token)| {
                let covered = |hit: &&Hit<Slot>| hit.start <= *idx && *idx < hit.end;
                !token.bytes().all(|b| b.is_ascii_digit())
                    && !documents.kept.iter().any(covered)
                    && !reasons.kept.iter().any(covered)
                    && !kk_phrases.iter().any(|&(start, end)| start <= *idx && *idx < end)
            })
            .map(|(_, token)| token.clone())
            .collect();
        parsed
    }

    /// Whether a longer reason phrase covers `hit` (`pindah` in `pindah alamat`).
    fn inside_a_reason_phrase(&self, hit: &Hit<Slot>, candidates: &[Hit<Slot>]) -> bool {
        candidates.iter().any(|other| {
            matches!(other.key, Slot::Reason(_)) && hit.within(other) && other.end - other.start > hit.end - hit.start
        })
    }

    /// One pass: the hits that hold the tokens without overlapping, and the mentions among
    /// them and their rivals (hits on exactly a kept hit's span: `akte` is as
    /// much akta_kelahiran as akta_kematian) that are not negated.
    fn read_pass<'a>(
        &self,
        tokens: &[String],
        clause_of: &[usize],
        hits: &[&'a Hit<Slot>],
        documents: bool,
    ) -> Pass<'a> {
        // Among confident hits the longest phrase holds its words (`baru lahir`
        // is not `baru`, `ktp digital` is not `ktp`); otherwise the best score does.
        let mut ordered: Vec<&Hit<Slot>> = hits.to_vec();
        ordered.sort_by_key(|hit| std::cmp::Reverse((hit.score >= SURE, hit.end - hit.start)));
        let mut kept: Vec<&Hit<Slot>> = Vec::new();
        for hit in ordered {
            if kept.iter().all(|k| !hit.overlaps(*k)) {
                kept.push(hit);
            }
        }
        let mut by_position = kept.clone();
        by_position.sort_by_key(|hit| hit.start);
        let mut covered = vec![false; tokens.len()];
        for hit in &kept {
            covered[hit.start..hit.end].iter_mut().for_each(|it| *it = true);
        }
        let mentions: Vec<Mention> = by_position
            .iter()
            .map(|hit| Mention { start: hit.start, end: hit.end, document: documents && hit.key.document().is_some() })
            .collect();
        let sentence = Sentence { tokens, clause_of, covered: &covered };
        let negated = negation::negated(&self.reading, &sentence, &mentions);
        let denied: Vec<(usize, usize)> =
            mentions.iter().zip(&negated).filter(|(_, no)| **no).map(|(it, _)| (it.start, it.end)).collect();
        let affirmed = hits
            .iter()
            .filter(|hit| kept.iter().any(|k| k.start == hit.start && k.end == hit.end))
            .filter(|hit| !denied.contains(&(hit.start, hit.end)))
            .copied()
            .collect();
        Pass { kept, affirmed }
    }
}

/// What one pass read.
struct Pass<'a> {
    /// The hits that hold the message's tokens, best first.
    kept: Vec<&'a Hit<Slot>>,
    /// Kept hits and their rivals that the resident did not negate, best first.
    affirmed: Vec<&'a Hit<Slot>>,
}

/// The clause of each token (see [`text::clauses`]); one clause when the
/// caller's tokens are not this message's.
fn clause_of(message: &str, tokens: &[String]) -> Vec<usize> {
    let clauses = text::clauses(message);
    let res: Vec<usize> = clauses.iter().enumerate().flat_map(|(idx, it)| std::iter::repeat_n(idx, it.len())).collect();
    if res.len() == tokens.len() && clauses.iter().flatten().eq(tokens.iter()) {
        res
    } else {
        vec![0; tokens.len()]
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

#[cfg(test)]
mod tests;
