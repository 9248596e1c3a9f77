//! Negation and contrast: a mention the resident denies loses to the one they affirm.
//!
//! `bukan KTP tapi KK yang hilang` is about the KK; `KK mah teu leungit, ngan
//! ruksak` is a damaged KK; `ktp aman, yang rusak kk nya` is a damaged KK. A
//! mention is negated when a negation cue (`bukan`, `sanes`, `lain`, `tidak`,
//! `teu`) stands right before it, or, for a document, when a word saying it is
//! fine (`aman`, `masih ada`, `teu kunanaon`) stands right after it; only
//! `between` words (`yang`, `nu`, `saya`, `masih`) may separate them, and never
//! the end of a clause (`bukan, KK` answers a question and negates nothing). A
//! negation carries on through a joiner (`bukan KTP atau KK`). The cues are
//! data: `[reading]` in the catalog.

use crate::catalog::{Phrase, ReadingWords};

/// A mention to judge: its token range, and whether it names a document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) document: bool,
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
}

/// Which of `mentions` (sorted by start) are negated.
pub(super) fn negated(words: &ReadingWords, sentence: &Sentence<'_>, mentions: &[Mention]) -> Vec<bool> {
    let mut res: Vec<bool> = mentions
        .iter()
        .map(|it| cue_before(words, sentence, it) || (it.document && cue_after(words, sentence, it)))
        .collect();
    for idx in 1..mentions.len() {
        let (prev, this) = (mentions[idx - 1], mentions[idx]);
        let joined = this.start == prev.end + 1
            && sentence.same_clause(prev.end, this.start)
            && words.negation_joiners.contains(&sentence.tokens[prev.end]);
        if res[idx - 1] && joined && prev.document == this.document {
            res[idx] = true;
        }
    }
    res
}

/// `bukan KTP`, `teu leungit`, `bukan yang hilang`.
fn cue_before(words: &ReadingWords, sentence: &Sentence<'_>, mention: &Mention) -> bool {
    let mut end = mention.start;
    loop {
        let found = words
            .negation_before
            .iter()
            .any(|cue| end >= cue.len() && sentence.phrase_at(cue, end - cue.len(), mention.start));
        if found {
            return true;
        }
        // Step back over a word that may stand between.
        match end.checked_sub(1) {
            Some(prev)
                if sentence.free(prev)
                    && sentence.same_clause(prev, mention.start)
                    && words.between.contains(&sentence.tokens[prev]) =>
            {
                end = prev;
            }
            _ => return false,
        }
    }
}

/// `ktp aman`, `ktp abdi masih aya`.
fn cue_after(words: &ReadingWords, sentence: &Sentence<'_>, mention: &Mention) -> bool {
    let anchor = mention.end.saturating_sub(1);
    let mut start = mention.end;
    while start < sentence.tokens.len() {
        if words.negation_after.iter().any(|cue| sentence.phrase_at(cue, start, anchor)) {
            return true;
        }
        if sentence.free(start)
            && sentence.same_clause(start, anchor)
            && words.between.contains(&sentence.tokens[start])
        {
            start += 1;
        } else {
            return false;
        }
    }
    false
}
