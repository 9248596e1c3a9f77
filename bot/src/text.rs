//! The normaliser: turns chat-style text into comparable tokens, and finds digit runs such as NIKs.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

/// Splits `text` into normalised tokens.
///
/// Lower-cases, folds accents (`é` → `e`), turns punctuation and emoji into
/// spaces, collapses letters repeated three or more times (`rusakkk` →
/// `rusak`), drops reduplication (`syarat2`, `syarat-syarat` → `syarat`),
/// joins letters typed with spaces (`k t p` → `ktp`), expands chat
/// abbreviations (`sy` → `saya`) and drops particles (`teh`, `mah`, `atuh`),
/// both listed in `bot/data/chat.toml`.
pub fn tokens(text: &str) -> Vec<String> {
    clauses(text).into_iter().flatten().collect()
}

/// [`tokens`], grouped by clause: a clause ends at `,` `;` `:` `!` `?`, a line
/// break, or a full stop followed by a space. Readers use clauses to keep a
/// word such as `bukan` from reaching across a comma (`bukan, KK` answers a
/// question; `bukan KK` negates KK). Flattened, the clauses are [`tokens`].
pub fn clauses(text: &str) -> Vec<Vec<String>> {
    let chat = chat_rules();
    let mut res: Vec<Vec<String>> = Vec::new();
    let mut previous: Option<String> = None;
    for segment in clause_segments(text) {
        let mut clause: Vec<String> = Vec::new();
        for token in join_spelled_letters(plain_words(segment)) {
            if chat.particles.contains(&token) {
                continue;
            }
            let expanded = match chat.abbreviations.get(&token) {
                Some(expansion) => expansion.clone(),
                None => vec![token],
            };
            for word in expanded {
                // `syarat-syarat`: the second half of a reduplication adds nothing.
                if previous.as_deref() == Some(word.as_str()) && !word.starts_with(char::is_numeric) {
                    continue;
                }
                previous = Some(word.clone());
                clause.push(word);
            }
        }
        if !clause.is_empty() {
            res.push(clause);
        }
    }
    res
}

/// Splits raw text where a clause ends (see [`clauses`]).
fn clause_segments(text: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((idx, ch)) = chars.next() {
        let next = chars.peek().map(|(_, c)| *c);
        let ends = match ch {
            ',' | ';' | ':' | '!' | '?' | '\n' | '\r' => true,
            '.' | '…' => next.is_none_or(char::is_whitespace),
            _ => false,
        };
        if ends {
            segments.push(&text[start..idx]);
            start = idx + ch.len_utf8();
        }
    }
    segments.push(&text[start..]);
    segments
}

/// The words of `text` before chat rules: lower-cased, accents folded,
/// punctuation and emoji removed, repeats collapsed, reduplication dropped.
/// Language detection reads these, since particles such as `teh` and `mah`
/// are the surest sign of Sundanese.
pub fn plain_words(text: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        let ch = fold_accent(ch);
        if ch.is_alphanumeric() {
            cleaned.push(ch);
        } else {
            cleaned.push(' ');
        }
    }
    let mut words: Vec<String> = Vec::new();
    for word in cleaned.split_whitespace() {
        let mut token = collapse_repeats(word);
        if token.len() > 2 && token.ends_with('2') && token[..token.len() - 1].chars().all(char::is_alphabetic) {
            token.pop();
        }
        words.push(token);
    }
    words
}

/// The normalised text: [`tokens`] joined by single spaces.
pub fn normalize(text: &str) -> String {
    tokens(text).join(" ")
}

/// Chat abbreviations and particles, from `bot/data/chat.toml`.
struct ChatRules {
    particles: HashSet<String>,
    abbreviations: HashMap<String, Vec<String>>,
    common_words: HashSet<String>,
    suffixes: Vec<String>,
    prefixes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChatRules {
    particles: Vec<String>,
    common_words: Vec<String>,
    suffixes: Vec<String>,
    prefixes: Vec<String>,
    abbreviations: HashMap<String, String>,
}

/// The chat rules shipped with the engine.
pub const CHAT_RULES: &str = include_str!("../data/chat.toml");

fn chat_rules() -> &'static ChatRules {
    static RULES: LazyLock<ChatRules> = LazyLock::new(|| {
        // The embedded file is covered by tests; failing here is a build defect.
        let raw: RawChatRules = toml::from_str(CHAT_RULES).expect("embedded chat.toml is valid");
        ChatRules {
            particles: raw.particles.into_iter().collect(),
            common_words: raw.common_words.into_iter().collect(),
            suffixes: raw.suffixes,
            prefixes: raw.prefixes,
            abbreviations: raw
                .abbreviations
                .into_iter()
                .map(|(short, long)| (short, long.split_whitespace().map(str::to_owned).collect()))
                .collect(),
        }
    });
    &RULES
}

/// Whether `token` is an everyday word listed in `bot/data/chat.toml`: spelled
/// right, so never read as a typo of some alias.
pub fn is_common_word(token: &str) -> bool {
    chat_rules().common_words.contains(token)
}

/// Suffixes a word may carry without changing what it names (`ktpnya`,
/// `kkna`, `kematianana`), longest tried last, from `bot/data/chat.toml`.
pub fn suffixes() -> &'static [String] {
    &chat_rules().suffixes
}

/// Prefixes a word may carry without changing what it names (`dilereskeun`,
/// `diktp` typed for `di ktp`), from `bot/data/chat.toml`.
pub fn prefixes() -> &'static [String] {
    &chat_rules().prefixes
}

/// Masks every run of ten or more digits (NIKs, KK numbers, phone numbers)
/// except its last four, keeping separators: `3201 0145 0290 0003` →
/// `**** **** **** 0003`. For text shown to staff or kept in logs.
///
/// A run is wider than what the understanding reads as a number: digits of any
/// script, joined by up to [`MASK_GAP`] separators of any kind people or
/// keyboards put between digit groups (spaces of every width, `.` `-` `/` `_`
/// `,` `:`, dashes, invisible joiners), so `3201/0145/0290/0011` or a NIK split
/// by a non-breaking space is masked too. Masking a little too much is the
/// safe side.
pub fn mask_long_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut res: Vec<char> = chars.clone();
    let mut idx = 0;
    while idx < chars.len() {
        if !is_masked_digit(chars[idx]) {
            idx += 1;
            continue;
        }
        let mut digits = Vec::new();
        let mut end = idx;
        while end < chars.len() {
            if is_masked_digit(chars[end]) {
                digits.push(end);
                end += 1;
                continue;
            }
            // A short gap of separators followed by another digit continues the run.
            let gap = chars[end..].iter().take_while(|c| is_number_separator(**c)).count();
            if gap > 0 && gap <= MASK_GAP && chars.get(end + gap).copied().is_some_and(is_masked_digit) {
                end += gap;
            } else {
                break;
            }
        }
        if digits.len() >= 10 {
            for &pos in &digits[..digits.len() - 4] {
                res[pos] = '*';
            }
        }
        idx = end;
    }
    res.into_iter().collect()
}

/// How many separator characters may stand between two digit groups of one run
/// (`3201 / 0145` has three).
pub const MASK_GAP: usize = 3;

/// A digit for masking: ASCII or any other script's (full-width `３`, Arabic-Indic...).
fn is_masked_digit(ch: char) -> bool {
    ch.is_numeric()
}

/// What may stand between the digit groups of one number.
fn is_number_separator(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            '.' | '-' | '/' | '\\' | '_' | ',' | ':' | ';' | '|' | '+' | '(' | ')' | '\'' | '·' | '•'
                | '\u{2010}'..='\u{2015}' // hyphens and dashes
                | '\u{2212}' // minus sign
                | '\u{200b}'..='\u{200d}' // zero-width space and joiners
                | '\u{2060}' // word joiner
                | '\u{feff}' // zero-width no-break space
        )
}

/// Digits in a NIK.
pub const NIK_DIGITS: usize = 16;

/// Digit runs in `text`, read the way people type numbers: groups of digits
/// separated by single spaces, dots or dashes (`3201-0101-0190-0001`) form one
/// run. When the joined run is not 16 digits long but some consecutive groups
/// of it are (`3201014502900003 2`), those groups are the run: a NIK followed
/// by another number stays a NIK. A 12-digit phone number stays 12 digits.
pub fn digit_runs(text: &str) -> Vec<String> {
    digit_runs_at(text).into_iter().map(|(_, run)| run).collect()
}

/// [`digit_runs`] with the byte offset where each run begins in `text`, so a
/// reader can look at the words that introduce it (`No KK 3201...`).
pub fn digit_runs_at(text: &str) -> Vec<(usize, String)> {
    let mut runs = Vec::new();
    for groups in digit_group_runs(text) {
        let digits: Vec<String> = groups.iter().map(|(_, group)| group.clone()).collect();
        match sixteen_digit_span(&digits) {
            Some((from, to)) if groups.len() > 1 && to - from < groups.len() => {
                runs.push((groups[from].0, digits[from..to].concat()));
            }
            _ => runs.push((groups[0].0, digits.concat())),
        }
    }
    runs
}

/// Consecutive groups whose lengths add up to exactly 16, as `[from, to)`.
fn sixteen_digit_span(groups: &[String]) -> Option<(usize, usize)> {
    for from in 0..groups.len() {
        let mut total = 0;
        for (to, group) in groups.iter().enumerate().skip(from) {
            total += group.len();
            if total == NIK_DIGITS {
                return Some((from, to + 1));
            }
            if total > NIK_DIGITS {
                break;
            }
        }
    }
    None
}

/// Digit groups with their byte offsets, gathered into runs joined by single separators.
fn digit_group_runs(text: &str) -> Vec<Vec<(usize, String)>> {
    let mut runs: Vec<Vec<(usize, String)>> = Vec::new();
    let mut groups: Vec<(usize, String)> = Vec::new();
    let mut current = String::new();
    let mut current_start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((idx, ch)) = chars.next() {
        if ch.is_ascii_digit() {
            if current.is_empty() {
                current_start = idx;
            }
            current.push(ch);
            continue;
        }
        if !current.is_empty() {
            groups.push((current_start, std::mem::take(&mut current)));
        }
        let joins = matches!(ch, ' ' | '.' | '-')
            && !groups.is_empty()
            && chars.peek().is_some_and(|(_, next)| next.is_ascii_digit());
        if !joins && !groups.is_empty() {
            runs.push(std::mem::take(&mut groups));
        }
    }
    if !current.is_empty() {
        groups.push((current_start, current));
    }
    if !groups.is_empty() {
        runs.push(groups);
    }
    runs
}

/// Reads a menu choice from a message's [`tokens`]: `2`, `no 2`, `nomor dua`, `hiji`.
pub fn menu_number(tokens: &[String]) -> Option<usize> {
    let meaningful: Vec<&String> = tokens
        .iter()
        .filter(|it| !matches!(it.as_str(), "no" | "nomor" | "nomer" | "pilih" | "pilihan" | "yang" | "nu" | "angka"))
        .collect();
    let [only] = meaningful.as_slice() else { return None };
    if let Ok(n) = only.parse::<usize>() {
        return Some(n);
    }
    number_word(only)
}

/// Indonesian, Sundanese and English number words up to ten.
pub fn number_word(word: &str) -> Option<usize> {
    let n = match word {
        "satu" | "hiji" | "one" | "kesatu" | "pertama" => 1,
        "dua" | "two" | "kedua" => 2,
        "tiga" | "tilu" | "three" | "ketiga" => 3,
        "empat" | "opat" | "four" | "keempat" => 4,
        "lima" | "five" | "kelima" => 5,
        "enam" | "genep" | "six" | "keenam" => 6,
        "tujuh" | "seven" | "katujuh" | "ketujuh" => 7,
        "delapan" | "dalapan" | "eight" | "kedelapan" => 8,
        "sembilan" | "salapan" | "nine" | "kesembilan" => 9,
        "sepuluh" | "sapuluh" | "ten" | "kesepuluh" => 10,
        _ => return None,
    };
    Some(n)
}

fn fold_accent(ch: char) -> char {
    match ch {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

fn collapse_repeats(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    let mut res = String::with_capacity(token.len());
    let mut idx = 0;
    while idx < chars.len() {
        let ch = chars[idx];
        let mut end = idx;
        while end < chars.len() && chars[end] == ch {
            end += 1;
        }
        let run = end - idx;
        // Three or more of a letter is emphasis; two may be real (`kk`, `saat`).
        let keep = if ch.is_alphabetic() && run >= 3 { 1 } else { run };
        res.extend(std::iter::repeat_n(ch, keep));
        idx = end;
    }
    res
}

fn join_spelled_letters(tokens: Vec<String>) -> Vec<String> {
    let mut res = Vec::with_capacity(tokens.len());
    let mut idx = 0;
    while idx < tokens.len() {
        let is_letter = |t: &String| t.chars().count() == 1 && t.chars().all(char::is_alphabetic);
        let mut end = idx;
        while end < tokens.len() && is_letter(&tokens[end]) {
            end += 1;
        }
        if end - idx >= 2 {
            res.push(tokens[idx..end].concat());
            idx = end;
        } else {
            res.push(tokens[idx].clone());
            idx += 1;
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_chat_text() {
        assert_eq!(normalize("KTPNYA RUSAKKK!!!"), "ktpnya rusak");
        assert_eq!(normalize("Punten, KTP abdi téh leungit 🙏"), "punten ktp abdi leungit");
        assert_eq!(normalize("syarat2 kk"), "syarat kk");
        assert_eq!(normalize("k t p hilang"), "ktp hilang");
        assert_eq!(normalize("e-KTP"), "e ktp");
        assert_eq!(normalize("syarat-syarat KTP"), "syarat ktp");
    }

    #[test]
    fn expands_abbreviations_and_drops_particles() {
        assert_eq!(normalize("ktp sy ilang kmrn"), "ktp saya ilang kemarin");
        assert_eq!(normalize("gmn caranya, mw bikin kk"), "gimana caranya mau bikin kk");
        assert_eq!(normalize("KTP abdi téh ical atuh euy"), "ktp abdi ical");
        assert_eq!(normalize("kk nya ga kebaca"), "kk tidak kebaca");
        assert_eq!(normalize("brp lama?"), "berapa lama");
    }

    #[test]
    fn the_chat_rules_file_is_valid() {
        let rules = chat_rules();
        assert!(rules.particles.contains("mah"));
        for (short, long) in &rules.abbreviations {
            assert!(!long.is_empty(), "{short} expands to nothing");
            assert!(!rules.particles.contains(short), "{short} is both a particle and an abbreviation");
        }
    }

    #[test]
    fn finds_digit_runs_with_separators() {
        assert_eq!(digit_runs("NIK 3201-0101-0190-0001 kk rusak"), vec!["3201010101900001"]);
        assert_eq!(digit_runs("3201.0145.0290.0003"), vec!["3201014502900003"]);
        assert_eq!(digit_runs("ktp 1 dan 2"), vec!["1", "2"]);
        assert_eq!(digit_runs("nomor 0812 3456 7890"), vec!["081234567890"]);
        assert_eq!(digit_runs("+62 812-3456-7890"), vec!["6281234567890"]);
        assert_eq!(digit_runs("3201014502900003 2 orang"), vec!["3201014502900003"]);
        assert_eq!(digit_runs("anak ke 2 3201014502900003"), vec!["3201014502900003"]);
        assert_eq!(digit_runs("32.01.01.450290.0003"), vec!["3201014502900003"]);
        assert_eq!(digit_runs("320101450290000"), vec!["320101450290000"]);
    }

    #[test]
    fn splits_clauses_at_punctuation_but_not_inside_numbers() {
        assert_eq!(clauses("bukan, KK"), vec![vec!["bukan"], vec!["kk"]]);
        assert_eq!(clauses("ktp aman. yang rusak kk nya"), vec![vec!["ktp", "aman"], vec!["yang", "rusak", "kk"]]);
        assert_eq!(clauses("NIK 3201.0145.0290.0003 ok"), vec![vec!["nik", "3201", "0145", "0290", "0003", "ok"]]);
        assert_eq!(clauses("bukan ktp tapi kk"), vec![vec!["bukan", "ktp", "tapi", "kk"]], "voice typing has none");
        for text in ["syarat2 kk, ktp!", "k t p hilang?", "KTP, ktp", "a\nb. c", ""] {
            assert_eq!(clauses(text).concat(), tokens(text), "{text}");
        }
    }

    #[test]
    fn digit_runs_know_where_they_begin() {
        let text = "No KK 3201-0101-0190-0001, NIK 3201014502900003";
        let runs = digit_runs_at(text);
        assert_eq!(runs.len(), 2);
        assert_eq!(&text[runs[0].0..runs[0].0 + 4], "3201");
        assert_eq!(runs[0].1, "3201010101900001");
        assert_eq!(&text[..runs[1].0], "No KK 3201-0101-0190-0001, NIK ");
        let runs = digit_runs_at("anak ke 2 3201014502900003");
        assert_eq!(runs, vec![(10, "3201014502900003".to_owned())], "the NIK part of a longer run");
    }

    #[test]
    fn masks_long_numbers_but_not_short_ones() {
        assert_eq!(mask_long_numbers("NIK 3201014502900003 ya"), "NIK ************0003 ya");
        assert_eq!(mask_long_numbers("3201 0145 0290 0003"), "**** **** **** 0003");
        assert_eq!(mask_long_numbers("anak ke 2, rt 03"), "anak ke 2, rt 03");
        assert_eq!(mask_long_numbers("0812-3456-7890"), "****-****-7890");
    }

    #[test]
    fn masks_numbers_across_every_separator_people_type() {
        assert_eq!(mask_long_numbers("NIK saya 3201/0145/0290/0011"), "NIK saya ****/****/****/0011");
        assert_eq!(mask_long_numbers("3201_0145_0290_0011"), "****_****_****_0011");
        assert_eq!(mask_long_numbers("3201,0145,0290,0011"), "****,****,****,0011");
        assert_eq!(mask_long_numbers("3201\u{a0}0145\u{a0}0290\u{a0}0011"), "****\u{a0}****\u{a0}****\u{a0}0011");
        assert_eq!(mask_long_numbers("3201 / 0145 / 0290 / 0011"), "**** / **** / **** / 0011");
        assert_eq!(
            mask_long_numbers("3201\u{200b}0145\u{2013}0290\u{202f}0011"),
            "****\u{200b}****\u{2013}****\u{202f}0011"
        );
        assert_eq!(mask_long_numbers("32.01.01.450290.0011 ya"), "**.**.**.******.0011 ya");
        assert_eq!(mask_long_numbers("３２０１０１４５０２９００００３"), "************０００３", "full-width digits");
        assert_eq!(mask_long_numbers("(0251) 8123-4567"), "(****) ****-4567");
        // Short numbers with separators stay readable.
        assert_eq!(mask_long_numbers("tgl 12/05/2026 jam 10.30"), "tgl 12/05/2026 jam 10.30");
        assert_eq!(mask_long_numbers("rt 03/rw 05, no 12"), "rt 03/rw 05, no 12");
        // Four separators in a row end the run.
        assert_eq!(mask_long_numbers("32010 ,,,, 14502"), "32010 ,,,, 14502");
    }

    #[test]
    fn reads_menu_numbers() {
        let number = |text: &str| menu_number(&tokens(text));
        assert_eq!(number("2"), Some(2));
        assert_eq!(number(" no. 3 "), Some(3));
        assert_eq!(number("tilu"), Some(3));
        assert_eq!(number("nomer hiji"), Some(1));
        assert_eq!(number("ktp 1"), None);
        assert_eq!(number("3201014502900003"), Some(3201014502900003));
    }
}
