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

/// What people put between digit groups, and more: every separator masking must see through.
fn separator() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![" ", ".", "-", "/", "_", ",", "\u{a0}", "\u{202f}", "\u{2013}", "\u{200b}", ":"])
            .prop_map(str::to_owned),
        proptest::collection::vec(proptest::sample::select(vec![" ", "/", "-", "."]), 2..=3).prop_map(|it| it.concat()),
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
            prop_assert!(run.len() < 10, "{run}");
        }
    }

    #[test]
    fn a_nik_is_masked_whatever_separates_its_digits(
        nik in "[0-9]{16}",
        seps in proptest::collection::vec(proptest::option::weighted(0.4, separator()), 15),
        before in "[a-zA-Z ]{0,20}",
        after in "[a-zA-Z ]{0,20}",
    ) {
        let mut written = String::new();
        for (idx, digit) in nik.chars().enumerate() {
            written.push(digit);
            if let Some(Some(sep)) = seps.get(idx) {
                written.push_str(sep);
            }
        }
        let input = format!("{before} {written} {after}");
        let masked = text::mask_long_numbers(&input);
        prop_assert_eq!(masked.chars().count(), input.chars().count());
        // Only the last four digits are left, in place.
        let digits: String = masked.chars().filter(char::is_ascii_digit).collect();
        prop_assert_eq!(&digits, &nik[12..], "{:?} -> {:?}", input, masked);
        let letters = |text: &str| text.chars().filter(|c| c.is_alphabetic()).collect::<String>();
        prop_assert_eq!(letters(&masked), letters(&input), "the words around it are untouched");
    }

    #[test]
    fn numbers_shorter_than_ten_digits_are_left_alone(parts in proptest::collection::vec(("[0-9]{0,9}", "[a-z]{1,6}"), 0..6)) {
        // Letters between the numbers end each run.
        let input: String = parts.iter().map(|(number, word)| format!("{number} {word} ")).collect();
        prop_assert_eq!(text::mask_long_numbers(&input), input);
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
            prop_assert!(a.start < a.end && a.end <= tokens.len(), "{a:?} within {} tokens", tokens.len());
            for b in &hits[i + 1..] {
                prop_assert!(!a.overlaps(b), "kept hits do not overlap");
            }
        }
        let words = GlobalWords::builtin();
        let _ = words.said(&tokens);
        let _ = words.language_of(&input);
    }

    #[test]
    fn an_alias_among_other_words_is_found_where_it_stands(
        before in proptest::collection::vec("[0-9]{1,3}", 0..4),
        after in proptest::collection::vec("[0-9]{1,3}", 0..4),
    ) {
        let mut matcher = Matcher::default();
        matcher.add("ktp", "ktp");
        matcher.add("kk", "kartu keluarga");
        // Numbers never match words, so the alias is the only hit, at its own place.
        let input = format!("{} KARTU keluarga {}", before.join(" "), after.join(" "));
        let tokens = text::tokens(&input);
        let hits = matcher.find_all(&tokens);
        prop_assert_eq!(hits.len(), 1, "{:?}", hits);
        prop_assert_eq!(hits[0].start, before.len());
        prop_assert_eq!(hits[0].end, before.len() + 2);
    }

    #[test]
    fn similarity_is_bounded_and_exact_words_score_one(a in "[a-z]{0,12}", b in "[a-z]{0,12}") {
        let score = cekbae_bot::matcher::token_similarity(&a, &b);
        prop_assert!((0.0..=1.0).contains(&score));
        prop_assert_eq!(cekbae_bot::matcher::token_similarity(&a, &a), 1.0);
    }
}
