//! Question topics: the shipped file loads, every answer exists in every locale,
//! every kind of mistake is reported at once, and the residents' own words are found.

use cekbae_bot::{text, Locales};

use crate::catalog::{Catalog, Sources, EMBEDDED_CATALOG, EMBEDDED_HOLIDAYS};
use crate::embedded::{locale_sources, DEFAULT_LOCALE};
use crate::schedule::day_words::EMBEDDED_DAY_WORDS;

use super::*;

fn embedded() -> Catalog {
    Catalog::embedded(None).expect("embedded catalog and questions load")
}

fn find(text: &str) -> Option<String> {
    QuestionFinder::new(&embedded().questions).find(&text::tokens(text), &[])
}

fn load_questions(questions: &str) -> Vec<String> {
    let sources =
        Sources { catalog: EMBEDDED_CATALOG, holidays: EMBEDDED_HOLIDAYS, day_words: EMBEDDED_DAY_WORDS, questions };
    Catalog::load_sources(sources, None).expect_err("broken questions are rejected")
}

#[test]
fn the_shipped_topics_load() {
    let catalog = embedded();
    let ids: Vec<&str> = catalog.questions.topics.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["hours", "address", "cost", "proxy", "duration", "late_fee", "bot"]);
    let address = catalog.questions.topic("address").unwrap();
    assert!(address.location && address.with_phone);
    let late_fee = catalog.questions.topic("late_fee").unwrap();
    assert_eq!(late_fee.answer_for(Some("akta_kelahiran")), "answer-late-fee-akta_kelahiran");
    assert_eq!(late_fee.answer_for(Some("kk")), "answer-late-fee-other");
    assert_eq!(late_fee.answer_for(None), "answer-late-fee");
    assert!(late_fee.args.contains(&("days".to_owned(), TopicArg::Number(60))), "{:?}", late_fee.args);
    assert!(catalog.message_ids().contains("answer-proxy-kia"), "answers are checked with the catalog's ids");
}

#[test]
fn every_answer_exists_in_every_locale_itself() {
    let locales = Locales::from_sources(DEFAULT_LOCALE, locale_sources()).expect("embedded locales load");
    let catalog = embedded();
    let mut missing = Vec::new();
    for locale in ["id", "su", "en"] {
        for id in catalog.questions.message_ids() {
            if !locales.has_message(locale, &id) {
                missing.push(format!("{locale}: {id}"));
            }
        }
    }
    assert!(missing.is_empty(), "answers that would fall back to Indonesian: {missing:?}");
}

#[test]
fn the_residents_questions_from_the_issue_are_found() {
    let cases = [
        ("jam berapa buka?", "hours"),
        ("tabuh sabaraha tutupna?", "hours"),
        ("kantor buka sabtu?", "hours"),
        ("dinten Saptu buka teu?", "hours"),
        ("kalau hari libur nasional buka ga?", "hours"),
        ("alamatnya dimana?", "address"),
        ("ada link google maps nya?", "address"),
        ("kantor kacamatan teh palih mana?", "address"),
        ("bayar ga?", "cost"),
        ("sabaraha biayana?", "cost"),
        ("ada pungutan? tetangga katanya bayar 50rb", "cost"),
        ("bisa diwakilkan?", "proxy"),
        ("tiasa diwakilan ku salaki?", "proxy"),
        ("berapa lama jadinya?", "duration"),
        ("sabaraha lami jadina?", "duration"),
        ("akta lahir telat kena denda teu?", "late_fee"),
        ("nomor ini bot ya?", "bot"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, topic)| find(text).as_deref() != Some(*topic))
        .map(|(text, topic)| format!("{text:?}: wanted {topic}, found {:?}", find(text)))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_specific_word_beats_a_generic_money_word() {
    assert_eq!(find("bayar denda berapa").as_deref(), Some("late_fee"));
    assert_eq!(find("kalau telat harus bayar?").as_deref(), Some("late_fee"));
    assert_eq!(find("bayar ga").as_deref(), Some("cost"));
}

#[test]
fn requests_and_small_talk_are_no_questions() {
    for text in ["ktp saya hilang", "3201014502900003", "halo", "makasih", "kk rusak", "senin", "minggu depan", "1"] {
        assert_eq!(find(text), None, "{text:?}");
    }
}

#[test]
fn every_kind_of_mistake_is_reported_at_once() {
    let edits = [
        ("ktp_el = \"answer-proxy-ktp_el\"", "ktp_el = \"answer-proxy-ktp_el\"\nsim = \"answer-proxy-sim\""),
        ("aliases.en = [\"office address\",", "aliases.en = [\"how long\", \"ktp\", \"menu\", \"office address\","),
        ("args = { ktp_days = 14 }", "args = { ktp_days = 14, office = \"x\" }"),
        ("id = \"bot\"", "id = \"hours\""),
        ("\"kapan jadi\",", "\"kapan jadi\", \"lama jadinya\","),
    ];
    let broken = edits.iter().fold(EMBEDDED_QUESTIONS.to_owned(), |text, (from, to)| {
        assert!(text.contains(from), "questions.toml no longer contains {from:?}");
        text.replacen(from, to, 1)
    });
    let errors = load_questions(&broken).join("\n");
    for expected in [
        "topic `proxy` answers unknown document `sim`",
        "alias `how long` belongs to both topic `address` and topic `duration`",
        "alias `ktp` of topic `address` is also an alias of document `ktp_el`",
        "alias `menu` of topic `address` is the global word `menu`",
        "argument `office` is given by the dialogue",
        "topic `hours` is defined twice",
        "alias `lama jadinya` of topic `duration`: write `jadi`, not `jadinya`",
    ] {
        assert!(errors.contains(expected), "missing {expected:?} in:\n{errors}");
    }
    let unknown_field = load_questions(&EMBEDDED_QUESTIONS.replace("location = true", "locaton = true")).join("\n");
    assert!(unknown_field.contains("questions.toml:") && unknown_field.contains("locaton"), "{unknown_field}");
}

#[test]
fn answers_missing_in_the_default_locale_are_reported() {
    let locales = Locales::from_sources(
        "id",
        vec![cekbae_bot::FtlSource {
            locale: "id".into(),
            path: "id/x.ftl".into(),
            text: "answer-hours = Buka\n".into(),
        }],
    )
    .expect("tiny locale loads");
    let errors = Catalog::embedded(Some(&locales)).expect_err("most ids are missing");
    assert!(errors.iter().any(|e| e.contains("message `answer-bot` is missing in locale `id`")), "{errors:?}");
    assert!(!errors.iter().any(|e| e.contains("`answer-hours`")), "{errors:?}");
}

#[test]
fn an_empty_questions_file_is_a_catalog_without_topics() {
    let catalog = Catalog::load(EMBEDDED_CATALOG, EMBEDDED_HOLIDAYS, None).expect("loads");
    assert!(catalog.questions.topics.is_empty());
    assert_eq!(QuestionFinder::new(&catalog.questions).find(&text::tokens("jam berapa buka"), &[]), None);
}
