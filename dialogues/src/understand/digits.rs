//! Numbers in a message: the applicant's NIK, a KK number that is not one, or
//! signs of a NIK mistyped.

use cekbae_bot::text;

use super::Parsed;
use crate::catalog::ReadingWords;

/// Digit runs at least this long that are not 16 digits are read as a mistyped NIK.
const NIK_ATTEMPT_MIN_DIGITS: usize = 10;

/// Finds a NIK, or signs of a mistyped one, among the message's digits. A
/// number introduced as a KK number (`No KK 3201...`) is not the NIK: it is
/// noted in [`Parsed::kk_number`], and the token range of the words that
/// introduced it is returned, so their `KK` is not read as the document.
pub(super) fn read(message: &str, tokens: &[String], words: &ReadingWords, parsed: &mut Parsed) -> Vec<(usize, usize)> {
    let mut kk_phrases = Vec::new();
    for (offset, run) in text::digit_runs_at(message) {
        if run.len() >= NIK_ATTEMPT_MIN_DIGITS {
            if let Some(span) = kk_number_before(&message[..offset], tokens, words) {
                parsed.kk_number = true;
                kk_phrases.push(span);
                continue;
            }
        }
        if run.len() == text::NIK_DIGITS {
            parsed.nik.get_or_insert(run);
        } else if run.len() >= NIK_ATTEMPT_MIN_DIGITS && parsed.wrong_length_digits.is_none() {
            parsed.wrong_length_digits = Some(run.len());
        }
    }
    if parsed.nik.is_none() {
        parsed.nik_with_letters = message.split_whitespace().any(looks_like_nik_with_letters);
    }
    if parsed.nik.is_some() || parsed.nik_with_letters {
        parsed.wrong_length_digits = None;
    }
    kk_phrases
}

/// The token range of a KK-number phrase (`nomor kk`, `no kk saya`, `kk:`) ending right before a number.
fn kk_number_before(before: &str, tokens: &[String], words: &ReadingWords) -> Option<(usize, usize)> {
    let colon = before.trim_end().ends_with(':');
    let before = text::tokens(before);
    // The words before the number must be where they are in the whole message.
    if before.len() > tokens.len() || tokens[..before.len()] != before[..] {
        return None;
    }
    let mut end = before.len();
    while end > 0 && words.between.contains(&before[end - 1]) {
        end -= 1;
    }
    words.kk_number.iter().find_map(|phrase| {
        // A phrase that needs its colon ends right before the number.
        let end = if phrase.colon { before.len() } else { end };
        let start = end.checked_sub(phrase.words.len())?;
        (before[start..end] == phrase.words[..] && (colon || !phrase.colon)).then_some((start, end))
    })
}

/// A word of about NIK length that is mostly digits but has letters: a typo to point out, not to fix.
fn looks_like_nik_with_letters(word: &str) -> bool {
    let stripped: Vec<char> = word.chars().filter(|c| !matches!(c, '.' | '-')).collect();
    let digits = stripped.iter().filter(|c| c.is_ascii_digit()).count();
    (14..=18).contains(&stripped.len()) && digits >= 12 && digits < stripped.len()
}
