//! Alias matching: finds which catalog entries an utterance names, exactly or with typos.
//!
//! Built once from a dialogue's aliases, then asked per message. The work per
//! message is a hash lookup per token, plus, for a token that is no alias word,
//! a similarity check against the alias words sharing its first letter (a few
//! dozen at most), so one utterance costs microseconds whatever the catalog size.

use std::collections::HashMap;

use crate::text;

/// One alias of a key, as indexes into the matcher's vocabulary.
#[derive(Debug, Clone)]
struct Alias<K> {
    key: K,
    words: Vec<u32>,
    weight: f32,
}

/// A match of one alias in an utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<K> {
    /// The catalog key the alias belongs to.
    pub key: K,
    /// About 1.0 for an exact alias; lower for a typo, a suffix or a weak alias.
    pub score: f32,
    /// Token range `[start, end)` in the utterance.
    pub start: usize,
    /// End of the token range (exclusive).
    pub end: usize,
}

impl<K> Hit<K> {
    /// Whether the two hits share a token.
    pub fn overlaps<L>(&self, other: &Hit<L>) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether this hit lies within `other`'s tokens.
    pub fn within<L>(&self, other: &Hit<L>) -> bool {
        other.start <= self.start && self.end <= other.end
    }
}

/// Score of a word read through an affix (`ktpnya` → `ktp`, `dilereskeun` → `lereskeun`).
const AFFIX_SCORE: f32 = 0.95;

/// Matches utterance tokens against a list of aliases.
///
/// Exact alias hits come first (score 1.0); a token that is no alias word is
/// compared with the alias words under a typo threshold that grows with word
/// length, so `kpt` finds `ktp` but a two-letter word only ever matches itself.
/// Multi-word aliases also match typed as one word (`ktpel`), and two typed
/// words match a one-word alias (`e ktp` → `ektp`).
#[derive(Debug, Clone)]
pub struct Matcher<K> {
    vocabulary: Vec<String>,
    index: HashMap<String, u32>,
    /// Vocabulary ids by first letter: the only words a typo can be compared with.
    by_first_letter: HashMap<char, Vec<u32>>,
    aliases: Vec<Alias<K>>,
    /// Vocabulary id → aliases that begin with that word.
    starting_with: Vec<Vec<u32>>,
}

impl<K: Clone + PartialEq> Default for Matcher<K> {
    fn default() -> Self {
        Self {
            vocabulary: Vec::new(),
            index: HashMap::new(),
            by_first_letter: HashMap::new(),
            aliases: Vec::new(),
            starting_with: Vec::new(),
        }
    }
}

/// What a token of the utterance may be: vocabulary words with their similarity.
type Readings = Vec<(u32, f32)>;

impl<K: Clone + PartialEq> Matcher<K> {
    /// Adds an alias. Multi-word aliases also match when typed as one word (`ktp el` → `ktpel`).
    pub fn add(&mut self, key: K, alias: &str) {
        self.add_weighted(key, alias, 1.0);
    }

    /// Adds an alias whose score is multiplied by `weight`: generic words get
    /// less than 1.0 so that a specific word in the same message wins.
    pub fn add_weighted(&mut self, key: K, alias: &str, weight: f32) {
        let tokens = text::tokens(alias);
        if tokens.is_empty() {
            return;
        }
        if tokens.len() > 1 {
            self.push_alias(key.clone(), &[tokens.concat()], weight);
        }
        self.push_alias(key, &tokens, weight);
    }

    /// How many aliases (counting one-word forms of multi-word ones) the matcher holds.
    pub fn len(&self) -> usize {
        self.aliases.len()
    }

    /// Whether no alias was added.
    pub fn is_empty(&self) -> bool {
        self.aliases.is_empty()
    }

    fn push_alias(&mut self, key: K, tokens: &[String], weight: f32) {
        let words: Vec<u32> = tokens.iter().map(|it| self.word_id(it)).collect();
        let id = self.aliases.len() as u32;
        self.starting_with[words[0] as usize].push(id);
        self.aliases.push(Alias { key, words, weight });
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(id) = self.index.get(word) {
            return *id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.push(word.to_owned());
        self.index.insert(word.to_owned(), id);
        self.starting_with.push(Vec::new());
        if let Some(first) = word.chars().next() {
            self.by_first_letter.entry(first).or_default().push(id);
        }
        id
    }

    /// Every alias hit in `tokens`, best first, including hits that overlap.
    pub fn candidates(&self, tokens: &[String]) -> Vec<Hit<K>> {
        let readings: Vec<Readings> = tokens.iter().map(|token| self.readings(token)).collect();
        let mut hits: Vec<Hit<K>> = Vec::new();
        for (start, first) in readings.iter().enumerate() {
            for &(word, first_score) in first {
                for &alias_id in &self.starting_with[word as usize] {
                    let alias = &self.aliases[alias_id as usize];
                    if let Some(total) = continue_alias(alias, &readings[start..], first_score) {
                        let n = alias.words.len();
                        push_best(
                            &mut hits,
                            Hit { key: alias.key.clone(), score: score(alias, total), start, end: start + n },
                        );
                    }
                }
            }
        }
        // Two typed words that form a one-word alias: `e ktp` for `ektp`, `ktp el` for `ktpel`.
        for (start, pair) in tokens.windows(2).enumerate() {
            let joined = format!("{}{}", pair[0], pair[1]);
            let Some(&word) = self.index.get(&joined) else { continue };
            for &alias_id in &self.starting_with[word as usize] {
                let alias = &self.aliases[alias_id as usize];
                if alias.words.len() == 1 {
                    push_best(
                        &mut hits,
                        Hit { key: alias.key.clone(), score: score(alias, 1.0), start, end: start + 2 },
                    );
                }
            }
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then((b.end - b.start).cmp(&(a.end - a.start))));
        hits
    }

    /// Every alias hit in `tokens`, best first; hits overlapping a better one are dropped.
    pub fn find_all(&self, tokens: &[String]) -> Vec<Hit<K>> {
        let mut kept: Vec<Hit<K>> = Vec::new();
        for hit in self.candidates(tokens) {
            if kept.iter().all(|k| !hit.overlaps(k)) {
                kept.push(hit);
            }
        }
        kept
    }

    /// The best hit, if any.
    pub fn best(&self, tokens: &[String]) -> Option<Hit<K>> {
        self.candidates(tokens).into_iter().next()
    }

    /// The best alias covering the whole utterance, if any.
    pub fn whole(&self, tokens: &[String]) -> Option<Hit<K>> {
        self.candidates(tokens).into_iter().find(|hit| hit.start == 0 && hit.end == tokens.len())
    }

    /// The vocabulary words `token` may be: itself, its stem without an
    /// affix, or the words it is a plausible typo of.
    fn readings(&self, token: &str) -> Readings {
        if let Some(&id) = self.index.get(token) {
            return vec![(id, 1.0)];
        }
        // Affixes listed in `bot/data/chat.toml`: the rest must be a known word, exactly.
        let stems = text::suffixes()
            .iter()
            .filter_map(|suffix| token.strip_suffix(suffix.as_str()))
            .chain(text::prefixes().iter().filter_map(|prefix| token.strip_prefix(prefix.as_str())));
        for stem in stems.filter(|it| it.len() >= 2) {
            if let Some(&id) = self.index.get(stem) {
                return vec![(id, AFFIX_SCORE)];
            }
        }
        // A correctly spelled everyday word is not a typo of an alias (`kapan`, `salaki`),
        // nor is one with a possessive suffix (`kakaknya` is not `kakara`).
        let common = text::is_common_word(token)
            || text::suffixes().iter().any(|it| token.strip_suffix(it.as_str()).is_some_and(text::is_common_word));
        if token.bytes().all(|b| b.is_ascii_digit()) || common {
            return Vec::new();
        }
        let Some(first) = token.chars().next() else { return Vec::new() };
        let Some(words) = self.by_first_letter.get(&first) else { return Vec::new() };
        words
            .iter()
            .filter_map(|&id| {
                let similarity = token_similarity(&self.vocabulary[id as usize], token);
                (similarity > 0.0).then_some((id, similarity))
            })
            .collect()
    }
}

/// Whether an alias continues through the following tokens; returns the sum of word scores.
fn continue_alias<K>(alias: &Alias<K>, readings: &[Readings], first_score: f32) -> Option<f32> {
    if alias.words.len() > readings.len() {
        return None;
    }
    let mut total = first_score;
    for (word, reading) in alias.words.iter().zip(readings).skip(1) {
        let (_, score) = reading.iter().find(|(id, _)| id == word)?;
        total += score;
    }
    Some(total)
}

/// An alias hit's score: the mean word similarity times the alias weight, and a
/// little more for longer aliases, which are more specific, so they win ties.
fn score<K>(alias: &Alias<K>, total: f32) -> f32 {
    let n = alias.words.len() as f32;
    alias.weight * total / n + 0.001 * n
}

/// Adds a hit, keeping only the best one per key and span.
fn push_best<K: PartialEq>(hits: &mut Vec<Hit<K>>, hit: Hit<K>) {
    match hits.iter_mut().find(|it| it.key == hit.key && it.start == hit.start && it.end == hit.end) {
        Some(existing) if existing.score >= hit.score => {}
        Some(existing) => *existing = hit,
        None => hits.push(hit),
    }
}

/// Similarity of two normalised tokens in `0.0..=1.0`; `0.0` means "not the same word".
///
/// A typo must look like one: the words share their first letter; the typed
/// word keeps at least three quarters of the length; the edits (optimal
/// string alignment: insert, delete, replace, swap two neighbours) are no more
/// than the length allows (one up to five letters, two up to seven, three
/// beyond) and, apart from dropped or added letters, at most one is a
/// replacement or swap. So `klwrga` is `keluarga` (vowels dropped) but
/// `pinjam` is not `pindah`, nor `kapan` `kapaling`. Three-letter words only
/// match a swap of their own letters (`kpt`); shorter ones only themselves.
/// Within that, the similarity is the mean of the edit similarity and
/// Jaro-Winkler, which forgives slips at the end of a word (`hilng`) more than
/// at its start.
pub fn token_similarity(expected: &str, typed: &str) -> f32 {
    if expected == typed {
        return 1.0;
    }
    let (expected_len, typed_len) = (expected.chars().count(), typed.chars().count());
    let (len, shorter) = (expected_len.max(typed_len), expected_len.min(typed_len));
    if shorter <= 2 || expected.chars().next() != typed.chars().next() || shorter * 4 < len * 3 {
        return 0.0;
    }
    let allowed = match len {
        0..=5 => 1,
        6..=7 => 2,
        _ => 3,
    };
    let length_gap = len - shorter;
    if length_gap > allowed || expected.bytes().any(|b| b.is_ascii_digit()) || typed.bytes().any(|b| b.is_ascii_digit())
    {
        return 0.0;
    }
    if len <= 3 {
        // Three letters: only a swap (`kpt` for `ktp`), never a different letter.
        let mut a: Vec<char> = expected.chars().collect();
        let mut b: Vec<char> = typed.chars().collect();
        a.sort_unstable();
        b.sort_unstable();
        if a != b {
            return 0.0;
        }
    }
    let distance = strsim::osa_distance(expected, typed);
    if distance > allowed || distance > length_gap + 1 {
        return 0.0;
    }
    let edit_similarity = 1.0 - distance as f64 / len as f64;
    ((edit_similarity + strsim::jaro_winkler(expected, typed)) / 2.0) as f32
}

#[cfg(test)]
mod tests;
