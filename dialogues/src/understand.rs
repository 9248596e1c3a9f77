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

use crate::catalog::{Catalog, ReadingWords, HINT};

mod digits;
mod negation;
mod vocabulary;

use negation::{Kind, Mention, Negated, Sentence};
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
    /// A reason the message implies for its document without writing one (`ayah
    /// saya meninggal kemarin, mau urus akta kematian` is a first certificate).
    pub implied_reason: Option<String>,
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
/// A hit scoring at least this names its entry: an alias, or one read through a suffix (0.95).
const NAMED: f32 = 0.945;

impl Understanding {
    /// Builds the matcher over every document, reason, not-served, desa and place word, in all locales.
    pub fn new(catalog: &Catalog) -> Self {
        Self { vocabulary: Vocabulary::new(catalog), reading: catalog.reading.clone() }
    }

    /// Everything one message says: its slots, and the global word it expresses
    /// beside them (a command, greeting or thanks; yes/no only when the message
    /// names no slot, since `bisa gak?` after a request is a question, not a no,
    /// or when a bare yes/no opens it: `nggak, yang rusak kk nya`).
    pub fn read(&self, words: &GlobalWords, message: &str) -> Reading {
        let tokens = text::tokens(message);
        let parsed = self.parse_tokens(message, &tokens);
        let names_a_slot = parsed.document.is_some() || parsed.reason.is_some() || parsed.not_served;
        let said = words
            .said(&parsed.other_words)
            .filter(|it| !(names_a_slot && matches!(it, Said::Intent(Intent::Yes | Intent::No))));
        // A bare yes or no before the rest (`henteu, lain kk tapi ktp`) answers a question.
        let answer = text::clauses(message)
            .first()
            .filter(|_| names_a_slot)
            .and_then(|first| words.intent(first))
            .filter(|it| matches!(it, Intent::Yes | Intent::No))
            .map(Said::Intent);
        Reading { parsed, said: answer.or(said), tokens }
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
        let is_reason = |hit: &Hit<Slot>| matches!(hit.key, Slot::Reason(_) | Slot::ReasonFor { .. });

        // The KK of `No KK 3201...` names the document only as a hint, beside a
        // reason, and when no NIK is given too (then the numbers identify the
        // applicant: `no kk ... nik ... mau ganti status` names no document).
        let gives_a_reason = |document: &str| {
            candidates.iter().any(|hit| {
                let reason = match &hit.key {
                    Slot::Reason(_) => true,
                    Slot::ReasonFor { document: it, .. } => it == document,
                    _ => false,
                };
                reason && hit.score >= SURE && !in_kk_phrase(hit)
            })
        };
        let kk_phrase_documents: Vec<Hit<Slot>> = candidates
            .iter()
            .filter(|hit| parsed.nik.is_none() && in_kk_phrase(hit))
            .filter(|hit| matches!(&hit.key, Slot::Document(id) if gives_a_reason(id)))
            .map(|hit| Hit { score: hit.score * HINT, ..hit.clone() })
            .collect();
        // Documents, with the words that hold their tokens against them.
        let document_pass: Vec<&Hit<Slot>> = candidates
            .iter()
            .filter(|hit| match &hit.key {
                Slot::Document(_) => !in_kk_phrase(hit),
                // A hint inside a longer reason phrase is explained by it (`pindah alamat`).
                Slot::DocumentHint(_) => !in_kk_phrase(hit) && !self.inside_a_reason_phrase(hit, &candidates),
                slot => slot.holds_tokens(),
            })
            .chain(&kk_phrase_documents)
            .collect();
        let documents = self.read_pass(tokens, &clause_of, &document_pass, None);
        let named = |hits: &[&'_ Hit<Slot>]| -> Vec<(String, f32)> {
            hits.iter().filter_map(|hit| Some((hit.key.document()?.to_owned(), hit.score))).collect()
        };
        let mut document_hits = named(&documents.affirmed);
        // Said to be fine but named alone (`KK saya ada yang salah`): still the one
        // asked about, unless another is named with confidence.
        if document_hits.iter().all(|(_, score)| *score < SURE) {
            document_hits.extend(named(&documents.set_aside));
        }
        // Denied but named alone, before a contrast or a reason (`bukan ktp baru, tapi
        // cetak ulang yg hilang`): the denial was of what followed the document.
        let mut denial_moved_to = None;
        if document_hits.is_empty() {
            if let Some(first) =
                documents.denied.iter().filter(|hit| hit.key.document().is_some()).min_by_key(|hit| hit.start)
            {
                let contrast_follows = tokens[first.end..].iter().any(|it| self.reading.contrast.contains(it));
                let reason_follows = candidates.iter().any(|hit| is_reason(hit) && hit.start >= first.end);
                if contrast_follows || reason_follows {
                    document_hits = named(
                        &documents.denied.iter().filter(|hit| hit.start == first.start).copied().collect::<Vec<_>>(),
                    );
                    denial_moved_to = Some(first.end);
                }
            }
        }
        let (document, document_unclear) = decide(SlotKind::Document, &document_hits);
        parsed.not_served = documents.kept.iter().any(|hit| hit.key == Slot::NotServed);
        parsed.desa = documents
            .kept
            .iter()
            .filter(|hit| hit.score >= SURE)
            .filter_map(|hit| match &hit.key {
                Slot::Desa(id) => Some((hit.start, id.clone())),
                _ => None,
            })
            .min()
            .map(|(_, id)| id);

        // Reasons, some of them only for the document chosen. The words of a
        // document's name hold their tokens (`lahir` in `akte lahir` is no reason).
        let chosen = document.as_deref();
        let kept_document = |hit: &Hit<Slot>| documents.kept.iter().any(|it| std::ptr::eq(*it, hit));
        let reason_pass: Vec<&Hit<Slot>> = candidates
            .iter()
            .chain(&kk_phrase_documents)
            .filter(|hit| match &hit.key {
                Slot::Document(_) | Slot::DocumentHint(_) => kept_document(hit),
                Slot::Reason(_) | Slot::ReasonHint(_) => true,
                Slot::ReasonFor { document, .. } => Some(document.as_str()) == chosen,
                // Right before the document's name, not a hint of it (`buat almarhum` is "for").
                Slot::ReasonBefore(reason) => chosen.is_some_and(|doc| {
                    let named =
                        |it: &&&Hit<Slot>| it.start == hit.end && matches!(&it.key, Slot::Document(id) if id == doc);
                    self.vocabulary.allows(doc, reason)
                        && documents
                            .affirmed
                            .iter()
                            .chain(&documents.set_aside)
                            .chain(&documents.denied)
                            .any(|it| named(&it))
                }),
                slot => slot.holds_tokens(),
            })
            .collect();
        // A word that means something for this document wins over its everyday meaning
        // (`pecah` is a split KK, not a broken one).
        let reason_pass: Vec<&Hit<Slot>> = reason_pass
            .iter()
            .filter(|hit| {
                !matches!(hit.key, Slot::Reason(_) | Slot::ReasonHint(_))
                    || !reason_pass.iter().any(|other| {
                        matches!(other.key, Slot::ReasonFor { .. }) && other.start == hit.start && other.end == hit.end
                    })
            })
            .copied()
            .collect();
        let reasons = self.read_pass(tokens, &clause_of, &reason_pass, denial_moved_to);
        let reason_hits: Vec<(String, f32)> = reasons
            .affirmed
            .iter()
            .filter(|hit| hit.key.document().is_none())
            .filter_map(|hit| Some((hit.key.reason()?.to_owned(), hit.score)))
            .collect();
        let (reason, reason_unclear) = decide(SlotKind::Reason, &reason_hits);

        // An event that implies the reason, outside the document's own name.
        parsed.implied_reason = candidates
            .iter()
            .filter(|hit| {
                let named = |it: &&&Hit<Slot>| matches!(it.key, Slot::Document(_)) && hit.overlaps(**it);
                hit.score >= SURE && !documents.kept.iter().any(|it| named(&it))
            })
            .find_map(|hit| match &hit.key {
                Slot::ReasonImplied { document, reason } if Some(document.as_str()) == chosen => Some(reason.clone()),
                _ => None,
            });
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

    /// One pass: the hits that hold the tokens without overlapping, and how
    /// the resident put each (affirmed, denied, or a document said to be fine),
    /// with their rivals: hits on exactly a kept hit's span (`akte` is as much
    /// akta_kelahiran as akta_kematian). `denied_at` denies the mention that
    /// begins there (after `between` words): a denial moved off a document.
    fn read_pass<'a>(
        &self,
        tokens: &[String],
        clause_of: &[usize],
        hits: &[&'a Hit<Slot>],
        denied_at: Option<usize>,
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
            .map(|hit| {
                let kind = match &hit.key {
                    Slot::Document(_) | Slot::DocumentHint(_) => Kind::Document,
                    Slot::Reason(id) | Slot::ReasonFor { reason: id, .. } => {
                        Kind::Reason { not_yet: !self.reading.not_yet_keeps.contains(id) }
                    }
                    Slot::ReasonHint(_) => Kind::ReasonHint,
                    _ => Kind::Other,
                };
                Mention { start: hit.start, end: hit.end, kind }
            })
            .collect();
        let sentence = Sentence { tokens, clause_of, covered: &covered };
        let mut negated = negation::negated(&self.reading, &sentence, &mentions);
        if let Some(mut at) = denied_at {
            while at < tokens.len() && self.reading.between.contains(&tokens[at]) {
                at += 1;
            }
            for (mention, how) in mentions.iter().zip(negated.iter_mut()) {
                if mention.start == at && matches!(mention.kind, Kind::Reason { .. }) {
                    *how = Negated::Before;
                }
            }
        }
        let how = |hit: &Hit<Slot>| {
            mentions
                .iter()
                .zip(&negated)
                .find(|(it, _)| it.start == hit.start && it.end == hit.end)
                .map(|(_, how)| *how)
        };
        let with = |wanted: Negated| -> Vec<&'a Hit<Slot>> {
            hits.iter().filter(|hit| how(hit) == Some(wanted)).copied().collect()
        };
        Pass { affirmed: with(Negated::No), denied: with(Negated::Before), set_aside: with(Negated::After), kept }
    }
}

/// What one pass read. Each list is best first.
struct Pass<'a> {
    /// The hits that hold the message's tokens.
    kept: Vec<&'a Hit<Slot>>,
    /// Kept hits and their rivals that the resident affirmed.
    affirmed: Vec<&'a Hit<Slot>>,
    /// ... that the resident denied (`bukan KTP`).
    denied: Vec<&'a Hit<Slot>>,
    /// ... documents the resident said are fine (`KTP aman`).
    set_aside: Vec<&'a Hit<Slot>>,
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
///
/// Candidates rank by strength first: a word that names the entry (even
/// through a suffix) beats a hint or a likely typo, which beats a weak or
/// doubtful one. Within a strength, one named more often wins (`tulisannya
/// ilang, luntur, kena keringat` is damage, not loss), then the better score.
fn decide(slot: SlotKind, hits: &[(String, f32)]) -> (Option<String>, Option<Unclear>) {
    let mut ranked: Vec<(&str, f32, usize)> = Vec::new();
    for (id, score) in hits {
        let tier = strength(*score);
        match ranked.iter_mut().find(|(it, _, _)| it == id) {
            Some(entry) if strength(entry.1) == tier => entry.2 += 1,
            Some(entry) if strength(entry.1) < tier => *entry = (id, *score, 1),
            Some(_) => {}
            None => ranked.push((id, *score, 1)),
        }
    }
    let rank = |(_, score, count): &(&str, f32, usize)| (strength(*score), *count);
    ranked.sort_by(|a, b| rank(b).cmp(&rank(a)).then(b.1.total_cmp(&a.1)));
    let Some(&best) = ranked.first() else { return (None, None) };
    let runner_up = ranked.get(1).filter(|other| other.1 >= best.1 - CLOSE && rank(other) == rank(&best));
    let unclear = match runner_up {
        Some(other) => Some(Unclear { slot, candidates: vec![best.0.to_owned(), other.0.to_owned()] }),
        None if best.1 < SURE => Some(Unclear { slot, candidates: vec![best.0.to_owned()] }),
        None => None,
    };
    (Some(best.0.to_owned()), unclear)
}

/// How strongly a hit names its entry: 2 named (an alias, or one read through a
/// suffix), 1 suggested (a hint, a likely typo), 0 doubtful (weak, asked about).
fn strength(score: f32) -> u8 {
    match score {
        it if it >= NAMED => 2,
        it if it >= SURE => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
