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
use crate::questions::QuestionFinder;

mod digits;
mod negation;
mod passes;
mod vocabulary;

use passes::Pass;
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
    questions: QuestionFinder,
}

/// A reading scoring below this is confirmed before use: a swapped three-letter
/// word (`kpt`, about 0.78) or a weak alias (0.75) is; a dropped letter in a
/// longer word (`hilng`, about 0.9) is not, nor is a hint (0.9).
const SURE: f32 = 0.84;

impl Understanding {
    /// Builds the matcher over every document, reason, not-served, desa and place word, in all locales.
    pub fn new(catalog: &Catalog) -> Self {
        Self {
            vocabulary: Vocabulary::new(catalog),
            reading: catalog.reading.clone(),
            questions: QuestionFinder::new(&catalog.questions),
        }
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
        let clause_of = passes::clause_of(message, tokens);
        let candidates = self.vocabulary.matcher.candidates(tokens);
        let message = Message { tokens, clause_of: &clause_of, candidates: &candidates, kk_phrases: &kk_phrases };
        let kk_documents = message.kk_phrase_documents(parsed.nik.is_some());
        let documents = self.read_documents(&message, &kk_documents);
        let reasons = self.read_reasons(&message, &kk_documents, &documents);

        parsed.not_served = documents.pass.kept.iter().any(|hit| hit.key == Slot::NotServed);
        parsed.desa = documents.desa();
        parsed.implied_reason = message.implied_reason(&documents);
        parsed.document = documents.chosen;
        parsed.unclear = documents.unclear;
        // A service not given here keeps nothing: its reason is not carried to the next step.
        if !(parsed.not_served && parsed.document.is_none()) {
            parsed.reason = reasons.chosen;
            parsed.unclear = parsed.unclear.take().or(reasons.unclear);
        }
        parsed.other_words = message.other_words(&[&documents.pass, &reasons.pass]);
        parsed.question = self.question(&parsed, tokens, &[&documents.pass, &reasons.pass]);
        parsed
    }

    /// The question the message asks, if any. "bikin paspor di mana" asks about a
    /// service not given here, not about this office. Words read with confidence
    /// as the request are no question words ("ganti alamat"); a doubtful reading
    /// ("lewat" as a typo of `lepat`) does not take them.
    fn question(&self, parsed: &Parsed, tokens: &[String], passes: &[&Pass<'_>]) -> Option<String> {
        if parsed.not_served {
            return None;
        }
        let sure = |hit: &Hit<Slot>| match &hit.key {
            Slot::NotServed => true,
            key => {
                key.document().is_some_and(|id| parsed.sure_document().is_some_and(|it| it == id))
                    || key.reason().is_some_and(|id| parsed.sure_reason().is_some_and(|it| it == id))
            }
        };
        let taken: Vec<(usize, usize)> = passes
            .iter()
            .flat_map(|pass| pass.kept.iter())
            .filter(|hit| hit.score >= SURE && sure(hit))
            .map(|hit| (hit.start, hit.end))
            .collect();
        self.questions.find(tokens, &taken)
    }

    /// The document pass: documents, with the words that hold their tokens
    /// against them (services not given, desa, places).
    fn read_documents<'a>(&self, message: &Message<'a>, kk_documents: &'a [Hit<Slot>]) -> Read<'a> {
        let hits: Vec<&Hit<Slot>> = message
            .candidates
            .iter()
            .filter(|hit| match &hit.key {
                Slot::Document(_) => !message.in_kk_phrase(hit),
                // A hint inside a longer reason phrase is explained by it (`pindah alamat`).
                Slot::DocumentHint(_) => !message.in_kk_phrase(hit) && !message.inside_a_reason_phrase(hit),
                slot => slot.holds_tokens(),
            })
            .chain(kk_documents)
            .collect();
        let pass = passes::read(&self.reading, message.tokens, message.clause_of, &hits, None);
        let named = |hits: &[&Hit<Slot>]| -> Vec<(String, f32)> {
            hits.iter().filter_map(|hit| Some((hit.key.document()?.to_owned(), hit.score))).collect()
        };
        let mut documents = named(&pass.affirmed);
        // Said to be fine but named alone (`KK saya ada yang salah`): still the one
        // asked about, unless another is named with confidence.
        if documents.iter().all(|(_, score)| *score < SURE) {
            documents.extend(named(&pass.set_aside));
        }
        // Denied but named alone, before a contrast or a reason (`bukan ktp baru, tapi
        // cetak ulang yg hilang`): the denial was of what followed the document.
        let mut denial_moved_to = None;
        if documents.is_empty() {
            let first = pass.denied.iter().filter(|hit| hit.key.document().is_some()).min_by_key(|hit| hit.start);
            if let Some(first) = first.filter(|it| message.says_more_after(&self.reading, it.end)) {
                let same_span: Vec<&Hit<Slot>> =
                    pass.denied.iter().filter(|hit| hit.start == first.start).copied().collect();
                documents = named(&same_span);
                denial_moved_to = Some(first.end);
            }
        }
        let (chosen, unclear) = passes::decide(SlotKind::Document, &documents);
        Read { pass, chosen, unclear, denial_moved_to }
    }

    /// The reason pass: reasons, some only for the document chosen (`masukin istri`
    /// is a change of a KK) or right before its name (`buat KTP`). The words of
    /// the document's name hold their tokens (`lahir` in `akte lahir` is no reason).
    fn read_reasons<'a>(&self, message: &Message<'a>, kk_documents: &'a [Hit<Slot>], documents: &Read<'a>) -> Read<'a> {
        let chosen = documents.chosen.as_deref();
        let names_document_at = |at: usize, doc: &str| {
            let pass = &documents.pass;
            pass.affirmed
                .iter()
                .chain(&pass.set_aside)
                .chain(&pass.denied)
                .any(|it| it.start == at && matches!(&it.key, Slot::Document(id) if id == doc))
        };
        let hits: Vec<&Hit<Slot>> = message
            .candidates
            .iter()
            .chain(kk_documents)
            .filter(|hit| match &hit.key {
                Slot::Document(_) | Slot::DocumentHint(_) => {
                    documents.pass.kept.iter().any(|it| std::ptr::eq(*it, *hit))
                }
                Slot::Reason(_) | Slot::ReasonHint(_) => true,
                Slot::ReasonFor { document, .. } => Some(document.as_str()) == chosen,
                // Right before the document's name, not a hint of it (`buat almarhum` is "for").
                Slot::ReasonBefore(reason) => {
                    chosen.is_some_and(|doc| self.vocabulary.allows(doc, reason) && names_document_at(hit.end, doc))
                }
                slot => slot.holds_tokens(),
            })
            .collect();
        // A word that means something for this document wins over its everyday meaning
        // (`pecah` is a split KK, not a broken one).
        let specific = |hit: &Hit<Slot>| {
            hits.iter().any(|other| {
                matches!(other.key, Slot::ReasonFor { .. }) && other.start == hit.start && other.end == hit.end
            })
        };
        let mut hits: Vec<&Hit<Slot>> = hits
            .iter()
            .filter(|hit| !matches!(hit.key, Slot::Reason(_) | Slot::ReasonHint(_)) || !specific(hit))
            .copied()
            .collect();
        // On the same span, a reason holds the words before a document's name does (`baru lahir`).
        hits.sort_by_key(|hit| hit.key.document().is_some());
        let pass = passes::read(&self.reading, message.tokens, message.clause_of, &hits, documents.denial_moved_to);
        let reasons: Vec<(String, f32)> = pass
            .affirmed
            .iter()
            .filter(|hit| hit.key.document().is_none())
            .filter_map(|hit| Some((hit.key.reason()?.to_owned(), hit.score)))
            .collect();
        let (chosen, unclear) = passes::decide(SlotKind::Reason, &reasons);
        Read { pass, chosen, unclear, denial_moved_to: None }
    }
}

/// One message being read: its tokens, their clauses, every catalog word
/// found in it, and the phrases that introduced KK numbers.
struct Message<'a> {
    tokens: &'a [String],
    clause_of: &'a [usize],
    candidates: &'a [Hit<Slot>],
    kk_phrases: &'a [(usize, usize)],
}

impl Message<'_> {
    fn in_kk_phrase(&self, hit: &Hit<Slot>) -> bool {
        self.kk_phrases.iter().any(|&(start, end)| start <= hit.start && hit.end <= end)
    }

    /// The KK of `No KK 3201...`, as a hint: it names the document only beside a
    /// reason, and when no NIK is given too (then the numbers identify the
    /// applicant: `no kk ... nik ... mau ganti status` names no document).
    fn kk_phrase_documents(&self, nik_given: bool) -> Vec<Hit<Slot>> {
        let gives_a_reason = |document: &str| {
            self.candidates.iter().any(|hit| {
                let reason = match &hit.key {
                    Slot::Reason(_) => true,
                    Slot::ReasonFor { document: it, .. } => it == document,
                    _ => false,
                };
                reason && hit.score >= SURE && !self.in_kk_phrase(hit)
            })
        };
        self.candidates
            .iter()
            .filter(|hit| !nik_given && self.in_kk_phrase(hit))
            .filter(|hit| matches!(&hit.key, Slot::Document(id) if gives_a_reason(id)))
            .map(|hit| Hit { score: hit.score * HINT, ..hit.clone() })
            .collect()
    }

    /// Whether a longer reason phrase covers `hit` (`pindah` in `pindah alamat`).
    fn inside_a_reason_phrase(&self, hit: &Hit<Slot>) -> bool {
        self.candidates.iter().any(|other| {
            matches!(other.key, Slot::Reason(_)) && hit.within(other) && other.end - other.start > hit.end - hit.start
        })
    }

    /// Whether a contrast (`tapi`) or a reason follows token `at`.
    fn says_more_after(&self, reading: &ReadingWords, at: usize) -> bool {
        let is_reason = |hit: &Hit<Slot>| matches!(hit.key, Slot::Reason(_) | Slot::ReasonFor { .. });
        self.tokens[at..].iter().any(|it| reading.contrast.contains(it))
            || self.candidates.iter().any(|hit| is_reason(hit) && hit.start >= at)
    }

    /// An event implying the reason for the document chosen, outside the document's own name.
    fn implied_reason(&self, documents: &Read<'_>) -> Option<String> {
        let chosen = documents.chosen.as_deref()?;
        let in_a_name = |hit: &Hit<Slot>| {
            documents.pass.kept.iter().any(|it| matches!(it.key, Slot::Document(_)) && hit.overlaps(*it))
        };
        self.candidates.iter().filter(|hit| hit.score >= SURE && !in_a_name(hit)).find_map(|hit| match &hit.key {
            Slot::ReasonImplied { document, reason } if document == chosen => Some(reason.clone()),
            _ => None,
        })
    }

    /// The tokens no reading covers, digits aside, for reading intents.
    fn other_words(&self, passes: &[&Pass<'_>]) -> Vec<String> {
        self.tokens
            .iter()
            .enumerate()
            .filter(|(idx, token)| {
                let covered = |hit: &&Hit<Slot>| hit.start <= *idx && *idx < hit.end;
                !token.bytes().all(|b| b.is_ascii_digit())
                    && !passes.iter().any(|pass| pass.kept.iter().any(covered))
                    && !self.kk_phrases.iter().any(|&(start, end)| start <= *idx && *idx < end)
            })
            .map(|(_, token)| token.clone())
            .collect()
    }
}

/// What one pass decided.
struct Read<'a> {
    pass: Pass<'a>,
    chosen: Option<String>,
    unclear: Option<Unclear>,
    /// A denial moved off a document named alone onto what followed it.
    denial_moved_to: Option<usize>,
}

impl Read<'_> {
    /// The first desa named with confidence.
    fn desa(&self) -> Option<String> {
        self.pass
            .kept
            .iter()
            .filter(|hit| hit.score >= SURE)
            .filter_map(|hit| match &hit.key {
                Slot::Desa(id) => Some((hit.start, id.clone())),
                _ => None,
            })
            .min()
            .map(|(_, id)| id)
    }
}

#[cfg(test)]
mod tests;
