//! Property tests ("fuzzing") of the normaliser, the matcher and the global
//! words: any input, no panic, and the invariants that keep NIKs and menus safe.
//! Cases per property: PROPTEST_CASES (default 256; see RELIABILITY.md for long runs).

use cekbae_bot::{text, GlobalWords, Matcher};
use proptest::prelude::*;

fn chatty() -> impl Strategy<Value = String> {
    // Arbitrary Unicode, and chat-like text made of real words, digits and separators.
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just("ktp".to_owned()),
                Just("hilang".to_owned()),
                Just("KK".to_owned()),
                Just("téh".to_owned()),
                Just("3201".to_owned()),
                Just("-".to_owned()),
                Just(".".to_owned()),
                Just("😀".to_owned()),
                Just("\u{202e}".to_owned()),
                "[a-z]{1,12}",
                "[0-9]{1,20}",
            ],
            0..40
        )
        .prop_map(|words| words.join(" ")),
    ]
}

proptest! {
    #[test]
    fn the_normaliser_never_panics_and_keeps_tokens_clean(input in chatty()) {
        let tokens = text::tokens(&input);
        for token in &tokens {
            prop_assert!(!token.is_empty());
            prop_assert!(token.chars().all(char::is_alphanumeric), "{token:?}");
        }
        let _ = text::menu_number(&tokens);
        let _ = text::plain_words(&input);
        for run in text::digit_runs(&input) {
            prop_assert!(run.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn masking_leaves_no_run_of_ten_digits(input in chatty()) {
        let masked = text::mask_long_numbers(&input);
        prop_assert_eq!(masked.chars().count(), input.chars().count());
        for run in text::digit_runs(&masked) {
            prop_assert!(run.len() < 10 || run.len() <= 4, "{run}");
        }
    }

    #[test]
    fn the_matcher_and_global_words_never_panic(input in chatty()) {
        let mut matcher = Matcher::default();
        matcher.add("ktp", "ktp");
        matcher.add("kk", "kartu keluarga");
        matcher.add_weighted("ubah", "ganti", 0.75);
        let tokens = text::tokens(&input);
        let hits = matcher.find_all(&tokens);
        for (i, a) in hits.iter().enumerate() {
            prop_assert!(a.start < a.end && a.end <= tokens.len().max(a.end));
            for b in &hits[i + 1..] {
                prop_assert!(!a.overlaps(b), "kept hits do not overlap");
            }
        }
        let words = GlobalWords::builtin();
        let _ = words.said(&tokens);
        let _ = words.language_of(&input);
    }

    #[test]
    fn similarity_is_bounded_and_exact_words_score_one(a in "[a-z]{0,12}", b in "[a-z]{0,12}") {
        let score = cekbae_bot::matcher::token_similarity(&a, &b);
        prop_assert!((0.0..=1.0).contains(&score));
        prop_assert_eq!(cekbae_bot::matcher::token_similarity(&a, &a), 1.0);
    }
}
