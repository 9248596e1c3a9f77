//! Negation and contrast: a mention the resident denies loses to the one they affirm.
//!
//! `bukan KTP tapi KK yang hilang` is about the KK; `KK mah teu leungit, ngan
//! ruksak` is a damaged KK; `ktp aman, yang rusak kk nya` is a damaged KK. A
//! mention is denied when a negation cue (`bukan`, `sanes`, `lain`, `tidak`,
//! `teu`; for reasons also `belum`, `teu acan`) stands right before it, unless
//! the cue is a question tag (`jadi ga akte lahirnya`, `aya teu`). A document
//! followed by a word saying it is fine (`aman`, `masih ada`, `mah aya`) is set
//! aside, which counts only when another document is named ([`Negated::After`]).
//! Only `between` words (`yang`, `nu`, `saya`, `masih`) may separate a cue from
//! its mention, and never the end of a clause (`bukan, KK` answers a question
//! and denies nothing). A denial carries on through a joiner (`bukan KTP atau
//! KK`). The cues are data: `[reading]` in the catalog.

use crate::catalog::{Phrase, ReadingWords};

/// What kind of word a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A document (may be set aside by a word after it).
    Document,
    /// A reason; `not_yet`: also denied by `belum`, `teu acan` (`belum hilang`), which
    /// do not deny what is still to be done (`belum rekam` is new).
    Reason { not_yet: bool },
    /// A verb suggesting a reason (`bikin`): `belum dibikinin` is not yet made, so new.
    ReasonHint,
    /// Anything else: a verb of the request (`bikin`), a place; never denied.
    Other,
}

impl Kind {
    /// Documents with documents, reasons with the verbs that suggest them.
    pub(super) fn family(self) -> u8 {
        match self {
            Kind::Document => 0,
            Kind::Reason { .. } | Kind::ReasonHint => 1,
            Kind::Other => 2,
        }
    }
}

/// A mention to judge: its token range and kind.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
}

/// How a mention is negated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Negated {
    /// Affirmed.
    No,
    /// Denied by a cue before it (`bukan KTP`): it does not count.
    Before,
    /// A document said to be fine (`KTP aman`): it counts only when no other document does.
    After,
}

/// The tokens of one message with what the reader knows of them.
pub(super) struct Sentence<'a> {
    pub(super) tokens: &'a [String],
    /// The clause of each token.
    pub(super) clause_of: &'a [usize],
    /// Tokens some reading already covers: they are never cues.
    pub(super) covered: &'a [bool],
}

impl Sentence<'_> {
    fn free(&self, idx: usize) -> bool {
        !self.covered.get(idx).copied().unwrap_or(true)
    }

    fn same_clause(&self, a: usize, b: usize) -> bool {
        self.clause_of.get(a) == self.clause_of.get(b)
    }

    /// Whether `phrase` stands at `[from, from + len)`, uncovered and in the clause of `anchor`.
    fn phrase_at(&self, phrase: &Phrase, from: usize, anchor: usize) -> bool {
        let to = from + phrase.len();
        to <= self.tokens.len()
            && self.tokens[from..to] == phrase[..]
            && (from..to).all(|idx| self.free(idx) && self.same_clause(idx, anchor))
    }

    /// Whether a word at `idx` may stand between a cue and its mention at `anchor`.
    fn between(&self, words: &ReadingWords, idx: usize, anchor: usize) -> bool {
        self.free(idx) && self.same_clause(idx, anchor) && words.between.contains(&self.tokens[idx])
    }
}

/// How each of `mentions` (sorted by start) is negated.
pub(super) fn negated(words: &ReadingWords, sentence: &Sentence<'_>, mentions: &[Mention]) -> Vec<Negated> {
    let mut res: Vec<Negated> = mentions
        .iter()
        .map(|it| match it.kind {
            Kind::Other => Negated::No,
            _ if cue_before(words, sentence, it) => Negated::Before,
            Kind::Document if cue_after(words, sentence, it) => Negated::After,
            _ => Negated::No,
        })
        .collect();
    for idx in 1..mentions.len() {
        let (prev, this) = (mentions[idx - 1], mentions[idx]);
        // Right after (`sanes ngadamel anyar`) or through a joiner (`bukan KTP atau KK`).
        let joined = sentence.same_clause(prev.start, this.start)
            && (this.start == prev.end
                || (this.start == prev.end + 1 && words.negation_joiners.contains(&sentence.tokens[prev.end])));
        if res[idx - 1] == Negated::Before && joined && prev.kind.family() == this.kind.family() {
            res[idx] = Negated::Before;
        }
    }
    res
}

/// `bukan KTP`, `teu leungit`, `bukan yang hilang`, `belum hilang`; not `bisa ga ...`.
/// A bare no-word (`ga`, `teu`) denies only what it stands right before, or
/// after words of wanting (`ga mau bikin baru`): with other words between, it
/// is nearly always a question tag (`perlu bawa duit ga buat urus kia`).
fn cue_before(words: &ReadingWords, sentence: &Sentence<'_>, mention: &Mention) -> bool {
    let cues = words
        .negation_before
        .iter()
        .chain(words.negation_before_reason.iter().filter(|_| mention.kind == Kind::Reason { not_yet: true }));
    let mut end = mention.start;
    loop {
        let wanting_only = sentence.tokens[end..mention.start].iter().all(|it| words.wanting.contains(it));
        let cue = cues.clone().find(|cue| {
            end >= cue.len()
                && sentence.phrase_at(cue, end - cue.len(), mention.start)
                && (wanting_only || !is_bare_no(cue))
        });
        if let Some(cue) = cue {
            return !question_tag(words, sentence, end - cue.len(), cue);
        }
        // Step back over a word that may stand between.
        match end.checked_sub(1) {
            Some(prev) if sentence.between(words, prev, mention.start) => end = prev,
            _ => return false,
        }
    }
}

/// How many words back a question word makes a no-word a tag (`aya biayana teu`).
const TAG_REACH: usize = 2;

/// `jadi ga`, `aya biayana teu`: a bare no-word after a question word asks, it does not deny.
fn question_tag(words: &ReadingWords, sentence: &Sentence<'_>, start: usize, cue: &Phrase) -> bool {
    is_bare_no(cue)
        && (start.saturating_sub(TAG_REACH)..start)
            .any(|idx| sentence.same_clause(idx, start) && words.question_tags.contains(&sentence.tokens[idx]))
}

/// `tidak`, `teu`, `henteu`: a no that may also ask (`bisa ga?`), unlike `bukan`, `sanes`, `lain`.
fn is_bare_no(cue: &Phrase) -> bool {
    matches!(cue.as_slice(), [word] if matches!(word.as_str(), "tidak" | "teu" | "henteu"))
}

/// `ktp aman`, `ktp abdi masih aya`.
fn cue_after(words: &ReadingWords, sentence: &Sentence<'_>, mention: &Mention) -> bool {
    let anchor = mention.end.saturating_sub(1);
    let mut start = mention.end;
    while start < sentence.tokens.len() {
        if words.negation_after.iter().any(|cue| sentence.phrase_at(cue, start, anchor)) {
            return true;
        }
        if !sentence.between(words, start, anchor) {
            return false;
        }
        start += 1;
    }
    false
}
