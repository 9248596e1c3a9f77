//! Property tests of the NIK validator and the understanding: any input, no
//! panic; a valid NIK really is valid; readings name only catalog entries.

use cekbae_dialogues::catalog::Catalog;
use cekbae_dialogues::nik::inspect;
use cekbae_dialogues::schedule::day_words::DayRef;
use cekbae_dialogues::understand::Understanding;
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

proptest! {
    #[test]
    fn the_nik_validator_never_panics(input in any::<String>()) {
        let report = inspect(&input, today());
        if report.is_valid() {
            let digits = report.digits.clone().unwrap();
            prop_assert_eq!(digits.len(), 16);
            prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn sixteen_digit_strings_are_judged_consistently(digits in "[0-9]{16}") {
        let report = inspect(&digits, today());
        prop_assert_eq!(report.is_valid(), report.error.is_none());
        let dotted = format!("{}.{}.{}.{}", &digits[..4], &digits[4..8], &digits[8..12], &digits[12..]);
        prop_assert_eq!(inspect(&dotted, today()).is_valid(), report.is_valid(), "separators do not change the verdict");
    }

    #[test]
    fn day_words_read_only_real_dates_near_now(input in any::<String>(), day in 1u32..=31, month in 1u32..=12) {
        let catalog = Catalog::embedded(None).unwrap();
        if let Some(DayRef::Date(date)) = catalog.day_words.read(&input, today()) {
            prop_assert!((2000..=2100).contains(&date.year()), "{date} from {input:?}");
        }
        // A day and month without a year is never more than a year and a month away.
        if let Some(DayRef::Date(date)) = catalog.day_words.read(&format!("{day}/{month}"), today()) {
            prop_assert!((date - today()).num_days().abs() <= 366 + 31, "{date}");
        }
    }

    #[test]
    fn understanding_names_only_catalog_entries(input in any::<String>()) {
        let catalog = Catalog::embedded(None).unwrap();
        let understanding = Understanding::new(&catalog);
        let parsed = understanding.parse(&input);
        if let Some(document) = &parsed.document {
            prop_assert!(catalog.document(document).is_some());
        }
        if let Some(nik) = &parsed.nik {
            prop_assert_eq!(nik.len(), 16);
        }
        if let Some(topic) = &parsed.question {
            prop_assert!(catalog.questions.topic(topic).is_some());
        }
    }
}
