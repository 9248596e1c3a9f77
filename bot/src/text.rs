//! The normaliser: turns chat-style text into comparable tokens, and finds digit runs such as NIKs.

/// Splits `text` into normalised tokens.
///
/// Lower-cases, folds accents (`é` → `e`), turns punctuation and emoji into
/// spaces, collapses letters repeated three or more times (`rusakkk` →
/// `rusak`), drops the reduplication digit (`syarat2` → `syarat`) and joins
/// letters typed with spaces (`k t p` → `ktp`).
pub fn tokens(text: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        let ch = fold_accent(ch);
        if ch.is_alphanumeric() {
            cleaned.push(ch);
        } else {
            cleaned.push(' ');
        }
    }
    let mut res: Vec<String> = Vec::new();
    for raw in cleaned.split_whitespace() {
        let mut token = collapse_repeats(raw);
        if token.len() > 2 && token.ends_with('2') && token[..token.len() - 1].chars().all(char::is_alphabetic) {
            token.pop();
        }
        res.push(token);
    }
    join_spelled_letters(res)
}

/// The normalised text: [`tokens`] joined by single spaces.
pub fn normalize(text: &str) -> String {
    tokens(text).join(" ")
}

/// Finds runs of digits that may be separated by single spaces, dots or dashes
/// (`3201-0101-0190-0001`), and returns each run's digits without separators.
pub fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut idx = 0;
    while idx < chars.len() {
        let ch = chars[idx];
        if ch.is_ascii_digit() {
            current.push(ch);
        } else if matches!(ch, ' ' | '.' | '-')
            && !current.is_empty()
            && chars.get(idx + 1).is_some_and(char::is_ascii_digit)
        {
            // A single separator between digits keeps the run going.
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
        idx += 1;
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Reads a menu choice: `2`, `no 2`, `nomor dua`, `hiji`. Returns the number.
pub fn menu_number(text: &str) -> Option<usize> {
    let tokens = tokens(text);
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
        assert_eq!(normalize("Punten, KTP abdi téh leungit 🙏"), "punten ktp abdi teh leungit");
        assert_eq!(normalize("syarat2 kk"), "syarat kk");
        assert_eq!(normalize("k t p hilang"), "ktp hilang");
        assert_eq!(normalize("e-KTP"), "e ktp");
    }

    #[test]
    fn finds_digit_runs_with_separators() {
        assert_eq!(digit_runs("NIK 3201-0101-0190-0001 kk rusak"), vec!["3201010101900001"]);
        assert_eq!(digit_runs("3201.0145.0290.0003"), vec!["3201014502900003"]);
        assert_eq!(digit_runs("ktp 1 dan 2"), vec!["1", "2"]);
        assert_eq!(digit_runs("nomor 0812 3456 7890"), vec!["081234567890"]);
    }

    #[test]
    fn reads_menu_numbers() {
        assert_eq!(menu_number("2"), Some(2));
        assert_eq!(menu_number(" no. 3 "), Some(3));
        assert_eq!(menu_number("tilu"), Some(3));
        assert_eq!(menu_number("ktp 1"), None);
        assert_eq!(menu_number("3201014502900003"), Some(3201014502900003));
    }
}
