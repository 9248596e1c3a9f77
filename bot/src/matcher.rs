//! Alias matching: finds which catalog entries an utterance names, exactly or with typos.

use crate::text;

/// One alias of a key, already normalised into tokens.
#[derive(Debug, Clone)]
struct Alias<K> {
    key: K,
    tokens: Vec<String>,
    weight: f32,
}

/// A match of one alias in an utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<K> {
    /// The catalog key the alias belongs to.
    pub key: K,
    /// 1.0 for an exact alias, lower for a fuzzy one.
    pub score: f32,
    /// Token range `[start, end)` in the utterance.
    pub start: usize,
    /// End of the token range (exclusive).
    pub end: usize,
}

/// Matches utterance tokens against a list of aliases.
///
/// Exact alias hits win; otherwise each token is compared with Damerau-Levenshtein
/// distance under a threshold that grows with word length, so `kpt` finds `ktp`
/// but a two-letter word only ever matches itself.
#[derive(Debug, Clone)]
pub struct Matcher<K> {
    aliases: Vec<Alias<K>>,
}

impl<K: Clone + PartialEq> Default for Matcher<K> {
    fn default() -> Self {
        Self { aliases: Vec::new() }
    }
}

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
            self.aliases.push(Alias { key: key.clone(), tokens: vec![tokens.concat()], weight });
        }
        self.aliases.push(Alias { key, tokens, weight });
    }

    /// Every alias hit in `tokens`, best first; overlapping weaker hits are dropped.
    pub fn find_all(&self, tokens: &[String]) -> Vec<Hit<K>> {
        let mut hits = Vec::new();
        for alias in &self.aliases {
            let n = alias.tokens.len();
            if n > tokens.len() {
                continue;
            }
            for start in 0..=tokens.len() - n {
                let mut total = 0.0;
                let mut matched = true;
                for (alias_token, token) in alias.tokens.iter().zip(&tokens[start..start + n]) {
                    let score = token_similarity(alias_token, token);
                    if score <= 0.0 {
                        matched = false;
                        break;
                    }
                    total += score;
                }
                if matched {
                    // Longer aliases are more specific: prefer them on ties.
                    let score = alias.weight * total / n as f32 + 0.001 * n as f32;
                    hits.push(Hit { key: alias.key.clone(), score, start, end: start + n });
                }
            }
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then((b.end - b.start).cmp(&(a.end - a.start))));
        let mut kept: Vec<Hit<K>> = Vec::new();
        for hit in hits {
            if kept.iter().all(|k| hit.end <= k.start || hit.start >= k.end) {
                kept.push(hit);
            }
        }
        kept
    }

    /// The best hit, if any.
    pub fn best(&self, tokens: &[String]) -> Option<Hit<K>> {
        self.find_all(tokens).into_iter().next()
    }

    /// Whether an alias covers the whole utterance exactly or nearly.
    pub fn whole(&self, tokens: &[String]) -> Option<Hit<K>> {
        self.find_all(tokens).into_iter().find(|hit| hit.start == 0 && hit.end == tokens.len())
    }
}

/// Similarity of two normalised tokens in `0.0..=1.0`; `0.0` means "not the same word".
///
/// Uses the optimal-string-alignment distance (Damerau-Levenshtein with adjacent
/// swaps), after cheap rejections: words must share their first letter, and
/// lengths may differ by no more than the edits allowed for that length.
pub fn token_similarity(expected: &str, typed: &str) -> f32 {
    if expected == typed {
        return 1.0;
    }
    let (expected_len, typed_len) = (expected.chars().count(), typed.chars().count());
    let (len, shorter) = (expected_len.max(typed_len), expected_len.min(typed_len));
    if shorter <= 2 || expected.chars().next() != typed.chars().next() {
        return 0.0;
    }
    let allowed = match len {
        0..=3 => 1,
        4..=5 => 1,
        6..=7 => 2,
        // Long words survive chat spellings that drop vowels (`klwrga` for `keluarga`).
        _ => 3,
    };
    if len - shorter > allowed
        || expected.bytes().any(|b| b.is_ascii_digit())
        || typed.bytes().any(|b| b.is_ascii_digit())
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
    if distance > allowed {
        return 0.0;
    }
    1.0 - distance as f32 / len as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher<&'static str> {
        let mut m = Matcher::default();
        m.add("ktp_el", "ktp");
        m.add("ktp_el", "ktp el");
        m.add("kk", "kk");
        m.add("kk", "kartu keluarga");
        m.add("hilang", "hilang");
        m
    }

    #[test]
    fn finds_exact_and_fuzzy_aliases() {
        let m = matcher();
        let hits = m.find_all(&text::tokens("KTP saya hilang"));
        let keys: Vec<_> = hits.iter().map(|h| h.key).collect();
        assert_eq!(keys, vec!["ktp_el", "hilang"]);
        assert_eq!(m.best(&text::tokens("kpt")).map(|h| h.key), Some("ktp_el"));
        assert_eq!(m.best(&text::tokens("ktpel")).map(|h| h.key), Some("ktp_el"));
        assert_eq!(m.best(&text::tokens("kartu klwrga")).map(|h| h.key), Some("kk"));
        assert_eq!(m.best(&text::tokens("hilng")).map(|h| h.key), Some("hilang"));
    }

    #[test]
    fn short_words_do_not_match_everything() {
        let m = matcher();
        assert_eq!(m.best(&text::tokens("ka")), None);
        assert_eq!(m.best(&text::tokens("kta")), None);
        assert_eq!(m.best(&text::tokens("sim")), None);
        assert_eq!(m.best(&text::tokens("kartu nikah")), None);
    }
}
