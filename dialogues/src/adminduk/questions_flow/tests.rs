//! Answers render completely in every locale, with every value the flow gives them.

use chrono::{DateTime, Utc};

use cekbae_bot::{Locales, Reply, Store, Turn, UserKey};
use cekbae_sled_store::SledStore;

use super::*;
use crate::catalog::Catalog;
use crate::embedded::{locale_sources, DEFAULT_LOCALE};

fn dialogue() -> Adminduk {
    Adminduk::new(
        Catalog::embedded(None).expect("catalog"),
        crate::vault::NikVault::from_key(&crate::vault::DataKey::generate()),
    )
}

/// One throw-away store for every turn of these tests (answers read no stored data).
fn store() -> &'static SledStore {
    static STORE: std::sync::OnceLock<SledStore> = std::sync::OnceLock::new();
    STORE.get_or_init(|| SledStore::temporary().expect("temporary store"))
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc)
}

fn answer(dialogue: &Adminduk, now: DateTime<Utc>, topic: &str, document: Option<&str>) -> Vec<Reply> {
    let user = UserKey::new("console", "warga");
    let tx = store().begin_turn(&user).expect("turn");
    let turn = Turn { user: &user, now, locale: "id", store: &*tx };
    let parsed =
        Parsed { question: Some(topic.to_owned()), document: document.map(str::to_owned), ..Parsed::default() };
    dialogue.answer_question(&turn, &Request::default(), &parsed)
}

fn render(locales: &Locales, locale: &str, replies: &[Reply]) -> Vec<String> {
    let mut says: Vec<&Say> = replies.iter().flat_map(|r| &r.parts).collect();
    says.extend(replies.iter().filter_map(|r| r.location.as_ref()).flat_map(|pin| [&pin.name, &pin.address]));
    says.iter().map(|say| locales.render(locale, say)).collect()
}

#[test]
fn every_answer_renders_whole_in_every_locale() {
    let locales = Locales::from_sources(DEFAULT_LOCALE, locale_sources()).expect("locales");
    let dialogue = dialogue();
    let now = at("2026-11-30T08:00:00+07:00");
    let documents: Vec<Option<&str>> =
        std::iter::once(None).chain(dialogue.catalog.documents.iter().map(|d| Some(d.id.as_str()))).collect();
    let mut broken = Vec::new();
    for topic in &dialogue.catalog.questions.topics {
        for document in &documents {
            let replies = answer(&dialogue, now, &topic.id, *document);
            for locale in ["id", "su", "en"] {
                for text in render(&locales, locale, &replies) {
                    if text.contains("{$") || text.starts_with("answer-") || text.starts_with("adminduk-") {
                        broken.push(format!("{locale} {} {document:?}: {text}", topic.id));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_hours_say_whether_the_office_is_open_and_when_it_opens_next() {
    let locales = Locales::from_sources(DEFAULT_LOCALE, locale_sources()).expect("locales");
    let dialogue = dialogue();
    let monday_morning = render(&locales, "id", &answer(&dialogue, at("2026-11-30T08:00:00+07:00"), "hours", None));
    assert!(monday_morning[0].contains("Saat ini kantor sedang buka, sampai pukul 15.00 WIB"), "{monday_morning:?}");
    let saturday = render(&locales, "su", &answer(&dialogue, at("2026-11-28T10:00:00+07:00"), "hours", None));
    assert!(saturday[0].contains("buka deui Senén, 30 Nopémber 2026 tabuh 07.30 WIB"), "{saturday:?}");
    // 24 and 25 December 2026 are cuti bersama and Natal: the next opening is Monday the 28th.
    let christmas_eve = render(&locales, "id", &answer(&dialogue, at("2026-12-23T16:00:00+07:00"), "hours", None));
    assert!(christmas_eve[0].contains("buka lagi Senin, 28 Desember 2026"), "{christmas_eve:?}");
    // After closing on the last day of the known calendar, nobody can say which day comes next.
    let calendar_end = render(&locales, "id", &answer(&dialogue, at("2027-12-31T16:00:00+07:00"), "hours", None));
    assert!(calendar_end[0].contains("hari buka berikutnya belum dapat dipastikan"), "{calendar_end:?}");
    assert!(!calendar_end[0].contains("{$"), "{calendar_end:?}");
}

#[test]
fn the_address_comes_with_the_office_on_a_map() {
    let locales = Locales::from_sources(DEFAULT_LOCALE, locale_sources()).expect("locales");
    let dialogue = dialogue();
    let replies = answer(&dialogue, at("2026-11-30T08:00:00+07:00"), "address", None);
    assert_eq!(replies.len(), 2, "the answer, then the location");
    let pin = replies[1].location.as_ref().expect("a map pin");
    assert_eq!((pin.latitude, pin.longitude), (-6.57677, 106.635715));
    let text = render(&locales, "id", &replies);
    assert!(text[0].contains("Jl. Moh. Noh Nur"), "{text:?}");
    assert!(
        text[1].contains("-6.57677, 106.635715")
            && text[1].contains("https://www.google.com/maps/search/?api=1&query=-6.57677,106.635715"),
        "{text:?}"
    );
    assert_eq!(text[2], "Kantor Kecamatan Leuwiliang");
}

#[test]
fn per_document_answers_follow_the_document_and_fall_back_to_the_general_one() {
    let dialogue = dialogue();
    let now = at("2026-11-30T08:00:00+07:00");
    let id_of = |replies: Vec<Reply>| replies[0].parts[0].id.clone();
    assert_eq!(id_of(answer(&dialogue, now, "proxy", Some("kia"))), "answer-proxy-kia");
    assert_eq!(id_of(answer(&dialogue, now, "proxy", None)), "answer-proxy");
    assert_eq!(id_of(answer(&dialogue, now, "cost", Some("kia"))), "answer-cost", "cost has one answer for all");
    // The request's document is used when the message names none.
    let user = UserKey::new("console", "warga");
    let tx = store().begin_turn(&user).expect("turn");
    let turn = Turn { user: &user, now, locale: "id", store: &*tx };
    let request = Request { document: Some("akta_kelahiran".into()), ..Request::default() };
    let parsed = Parsed { question: Some("late_fee".into()), ..Parsed::default() };
    assert_eq!(id_of(dialogue.answer_question(&turn, &request, &parsed)), "answer-late-fee-akta_kelahiran");
}

#[test]
fn answers_get_exactly_the_arguments_topics_may_not_reuse() {
    let dialogue = dialogue();
    let replies = answer(&dialogue, at("2026-11-30T08:00:00+07:00"), "late_fee", Some("kk"));
    let mut names: Vec<&str> = replies[0].parts[0].args.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    let mut expected: Vec<&str> = crate::questions::FLOW_ARGS.to_vec();
    expected.extend(["days", "fee", "rule"]);
    expected.sort_unstable();
    assert_eq!(names, expected, "the dialogue's own arguments are FLOW_ARGS, which the check keeps free");
}
