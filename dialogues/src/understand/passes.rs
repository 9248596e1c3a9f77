//! One pass over a message's catalog words: which hold the tokens, how the
//! resident put each (affirmed, denied, set aside), and the entry chosen.

use cekbae_bot::{text, Hit};

use super::negation::{self, Kind, Mention, Negated, Sentence};
use super::vocabulary::Slot;
use super::{SlotKind, Unclear, SURE};
use crate::catalog::ReadingWords;

/// A runner-up within this distance of the best reading makes the choice unclear.
const CLOSE: f32 = 0.05;
/// A hit scoring at least this names its entry: an alias, or one read through a suffix (0.95).
const NAMED: f32 = 0.945;

/// What one pass read. Each list is best first.
pub(super) struct Pass<'a> {
    /// The hits that hold the message's tokens.
    pub(super) kept: Vec<&'a Hit<Slot>>,
    /// Kept hits and their rivals that the resident affirmed.
    pub(super) affirmed: Vec<&'a Hit<Slot>>,
    /// ... that the resident denied (`bukan KTP`).
    pub(super) denied: Vec<&'a Hit<Slot>>,
    /// ... documents the resident said are fine (`KTP aman`).
    pub(super) set_aside: Vec<&'a Hit<Slot>>,
}

/// The hits that hold the tokens without overlapping, and how the resident
/// put each, with their rivals: hits of the same kind on exactly a kept hit's
/// span (`akte` is as much akta_kelahiran as akta_kematian; `barengkog` is a
/// desa, not also `bengkok`). `denied_at` denies the reason that begins there
/// (after `between` words): a denial moved off a document.
pub(super) fn read<'a>(
    words: &ReadingWords,
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
    let mentions: Vec<Mention> =
        by_position.iter().map(|hit| Mention { start: hit.start, end: hit.end, kind: kind(words, hit) }).collect();
    let sentence = Sentence { tokens, clause_of, covered: &covered };
    let mut negated = negation::negated(words, &sentence, &mentions);
    if let Some(mut at) = denied_at {
        while at < tokens.len() && words.between.contains(&tokens[at]) {
            at += 1;
        }
        for (mention, how) in mentions.iter().zip(negated.iter_mut()) {
            if mention.start == at && matches!(mention.kind, Kind::Reason { .. }) {
                *how = Negated::Before;
            }
        }
    }
    let how = |hit: &Hit<Slot>| {
        let rival =
            |it: &Mention| it.start == hit.start && it.end == hit.end && it.kind.family() == kind(words, hit).family();
        mentions.iter().zip(&negated).find(|(it, _)| rival(it)).map(|(_, how)| *how)
    };
    let with = |wanted: Negated| -> Vec<&'a Hit<Slot>> {
        hits.iter().filter(|hit| how(hit) == Some(wanted)).copied().collect()
    };
    Pass { affirmed: with(Negated::No), denied: with(Negated::Before), set_aside: with(Negated::After), kept }
}

/// What a hit is to the negation rules.
fn kind(words: &ReadingWords, hit: &Hit<Slot>) -> Kind {
    match &hit.key {
        Slot::Document(_) | Slot::DocumentHint(_) => Kind::Document,
        Slot::Reason(id) | Slot::ReasonFor { reason: id, .. } => {
            Kind::Reason { not_yet: !words.not_yet_keeps.contains(id) }
        }
        Slot::ReasonHint(_) => Kind::ReasonHint,
        _ => Kind::Other,
    }
}

/// The clause of each token (see [`text::clauses`]); one clause when the
/// caller's tokens are not this message's.
pub(super) fn clause_of(message: &str, tokens: &[String]) -> Vec<usize> {
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
pub(super) fn decide(slot: SlotKind, hits: &[(String, f32)]) -> (Option<String>, Option<Unclear>) {
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
