//! Property tests of the NIK validator and the understanding. Valid NIKs are
//! generated from their parts and must be accepted with exactly what they encode;
//! each perturbation must be refused for its own reason; any other input is judged
//! consistently with its digits. The understanding must find a document and a NIK
//! written amid chat noise, and nothing where there is none.
//! Cases per property: PROPTEST_CASES (default 256; see RELIABILITY.md for long runs).

use cekbae_dialogues::catalog::Catalog;
use cekbae_dialogues::nik::{inspect, strip_separators, NikError, Sex};
use cekbae_dialogues::provinces::PROVINCES;
use cekbae_dialogues::schedule::day_words::DayRef;
use cekbae_dialogues::understand::Understanding;
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// The parts of a valid NIK.
#[derive(Debug, Clone)]
struct Parts {
    province: &'static str,
    /// Regency and district, four digits.
    area: u32,
    birth: NaiveDate,
    sex: Sex,
    serial: u32,
}

impl Parts {
    fn digits(&self) -> String {
        let day = self.birth.day() + if self.sex == Sex::Female { 40 } else { 0 };
        format!(
            "{}{:04}{day:02}{:02}{:02}{:04}",
            self.province,
            self.area,
            self.birth.month(),
            self.birth.year() % 100,
            self.serial
        )
    }
}

fn valid_nik() -> impl Strategy<Value = Parts> {
    // Birth dates within the last hundred years, so the century is never in doubt.
    (0..PROVINCES.len(), 0..10_000u32, 0..36_500u64, any::<bool>(), 1..10_000u32).prop_map(
        |(province, area, days_ago, female, serial)| Parts {
            province: PROVINCES[province].0,
            area,
            birth: today().checked_sub_days(Days::new(days_ago)).unwrap(),
            sex: if female { Sex::Female } else { Sex::Male },
            serial,
        },
    )
}

/// Ways to break a valid NIK, each with the error it must give.
#[derive(Debug, Clone)]
enum Break {
    Province(u32),
    Day(u32),
    Month(u32),
    ThirtyFirstOfAShortMonth,
    Serial,
    DropDigit(usize),
    AddDigit(usize, char),
    Letter(usize, char),
}

fn breakage() -> impl Strategy<Value = Break> {
    prop_oneof![
        (0..100u32)
            .prop_filter("not a province", |code| !PROVINCES.iter().any(|(known, _)| *known == format!("{code:02}")))
            .prop_map(Break::Province),
        prop_oneof![Just(0u32), 32..41u32, 72..100u32].prop_map(Break::Day),
        prop_oneof![Just(0u32), 13..100u32].prop_map(Break::Month),
        Just(Break::ThirtyFirstOfAShortMonth),
        Just(Break::Serial),
        (0..16usize).prop_map(Break::DropDigit),
        (0..17usize, proptest::char::range('0', '9')).prop_map(|(at, d)| Break::AddDigit(at, d)),
        (0..16usize, proptest::char::range('a', 'z')).prop_map(|(at, c)| Break::Letter(at, c)),
    ]
}

fn broken(parts: &Parts, how: &Break) -> (String, NikError) {
    let digits = parts.digits();
    let replace = |from: usize, to: usize, with: String| format!("{}{with}{}", &digits[..from], &digits[to..]);
    match how {
        Break::Province(code) => (replace(0, 2, format!("{code:02}")), NikError::Province),
        Break::Day(day) => (replace(6, 8, format!("{day:02}")), NikError::BirthDay),
        Break::Month(month) => (replace(8, 10, format!("{month:02}")), NikError::BirthMonth),
        Break::ThirtyFirstOfAShortMonth => {
            let day = 31 + if parts.sex == Sex::Female { 40 } else { 0 };
            (replace(6, 10, format!("{day:02}04")), NikError::BirthDate)
        }
        Break::Serial => (replace(12, 16, "0000".to_owned()), NikError::Serial),
        Break::DropDigit(at) => (replace(*at, at + 1, String::new()), NikError::Length { found: 15 }),
        Break::AddDigit(at, digit) => (replace(*at, *at, digit.to_string()), NikError::Length { found: 17 }),
        Break::Letter(at, letter) => (replace(*at, at + 1, letter.to_string()), NikError::NotDigits),
    }
}

/// `digits` with a separator from `seps` (space, dot or dash, the ones residents type) after some digits.
fn separated(digits: &str, seps: &[Option<char>]) -> String {
    let mut res = String::new();
    for (idx, digit) in digits.chars().enumerate() {
        res.push(digit);
        if idx + 1 < digits.len() {
            if let Some(Some(sep)) = seps.get(idx) {
                res.push(*sep);
            }
        }
    }
    res
}

fn separators() -> impl Strategy<Value = Vec<Option<char>>> {
    proptest::collection::vec(proptest::option::weighted(0.2, prop_oneof![Just(' '), Just('.'), Just('-')]), 16)
}

proptest! {
    #[test]
    fn a_valid_nik_is_accepted_with_what_it_encodes(parts in valid_nik(), seps in separators()) {
        let digits = parts.digits();
        let report = inspect(&separated(&digits, &seps), today());
        prop_assert_eq!(report.error, None, "{}", digits);
        prop_assert_eq!(report.digits.as_deref(), Some(digits.as_str()));
        prop_assert_eq!(report.birth_date, Some(parts.birth));
        prop_assert_eq!(report.sex, Some(parts.sex));
        prop_assert_eq!(report.province_code.as_deref(), Some(parts.province));
        prop_assert!(report.province.is_some());
        prop_assert_eq!(report.serial, Some(format!("{:04}", parts.serial)));
    }

    #[test]
    fn a_broken_nik_is_refused_for_its_own_reason(parts in valid_nik(), how in breakage()) {
        let (input, expected) = broken(&parts, &how);
        prop_assert_eq!(inspect(&input, today()).error, Some(expected), "{} ({:?})", input, how);
    }

    #[test]
    fn any_input_is_judged_by_its_digits(input in prop_oneof![any::<String>(), "[0-9 .-]{0,24}", "[0-9]{16}"]) {
        let report = inspect(&input, today());
        let stripped = strip_separators(&input);
        match report.error {
            None => {
                prop_assert_eq!(report.digits.as_deref(), Some(stripped.as_str()));
                prop_assert!(stripped.len() == 16 && stripped.bytes().all(|b| b.is_ascii_digit()));
            }
            Some(NikError::NotDigits) => prop_assert!(!stripped.chars().all(|c| c.is_ascii_digit())),
            Some(NikError::Length { found }) => {
                prop_assert!(stripped.chars().all(|c| c.is_ascii_digit()));
                prop_assert_eq!(found, stripped.len());
                prop_assert_ne!(found, 16);
            }
            Some(_) => prop_assert_eq!(stripped.len(), 16, "a structural error needs 16 digits"),
        }
        // Separators never change the verdict.
        if stripped.len() == 16 && stripped.bytes().all(|b| b.is_ascii_digit()) {
            let dotted = format!("{}.{}.{}.{}", &stripped[..4], &stripped[4..8], &stripped[8..12], &stripped[12..]);
            prop_assert_eq!(inspect(&dotted, today()).error, report.error);
        }
    }
}

/// Strong aliases and the document each names.
const DOCUMENTS: &[(&str, &str)] = &[
    ("ktp", "ktp_el"),
    ("kartu keluarga", "kk"),
    ("akta kelahiran", "akta_kelahiran"),
    ("akta kematian", "akta_kematian"),
    ("surat pindah", "pindah"),
];

/// Everyday words that name no document.
fn filler() -> impl Strategy<Value = Vec<&'static str>> {
    proptest::collection::vec(
        proptest::sample::select(vec!["saya", "mau", "tolong", "dong", "ya", "kemarin", "sudah", "gimana", "caranya"]),
        0..5,
    )
}

proptest! {
    #[test]
    fn a_document_and_a_nik_are_read_through_chat_noise(
        document in 0..DOCUMENTS.len(),
        parts in valid_nik(),
        before in filler(),
        after in filler(),
        seps in proptest::collection::vec(proptest::option::weighted(0.2, prop_oneof![Just(' '), Just('.'), Just('-')]), 16),
        shout in any::<bool>(),
    ) {
        let catalog = Catalog::embedded(None).unwrap();
        let understanding = Understanding::new(&catalog);
        let (alias, id) = DOCUMENTS[document];
        // Groups of four, so the NIK reads as one number the way residents write it.
        let seps: Vec<Option<char>> = seps.iter().enumerate().map(|(i, s)| if (i + 1) % 4 == 0 { *s } else { None }).collect();
        let nik = separated(&parts.digits(), &seps);
        let mut message = format!("{} {alias} {nik} {}", before.join(" "), after.join(" "));
        if shout {
            message = message.to_uppercase();
        }
        let parsed = understanding.parse(&message);
        prop_assert_eq!(parsed.document.as_deref(), Some(id), "{}", message);
        prop_assert_eq!(parsed.nik, Some(parts.digits()), "{}", message);
    }

    #[test]
    fn words_that_name_nothing_are_read_as_nothing(words in filler(), number in "[0-9]{0,9}") {
        let catalog = Catalog::embedded(None).unwrap();
        let understanding = Understanding::new(&catalog);
        let message = format!("{} {number}", words.join(" "));
        let parsed = understanding.parse(&message);
        prop_assert_eq!(parsed.document, None, "{}", message);
        prop_assert_eq!(parsed.nik, None, "{}", message);
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
            prop_assert!(nik.len() == 16 && nik.bytes().all(|b| b.is_ascii_digit()));
        }
        if let Some(topic) = &parsed.question {
            prop_assert!(catalog.questions.topic(topic).is_some());
        }
    }
}
