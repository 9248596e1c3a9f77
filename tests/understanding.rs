//! The labelled corpus (`corpus/understanding.tsv`): per-slot accuracy of the
//! understanding the bot and `cekbae parse` share, no false document on
//! negatives, and the issue's targets on the kinds of message its sections
//! hold (negation, change of data, desa, services not given, ...).
//!
//! The corpus was written from the domain notes without looking at the matcher.
//! Every fourth utterance is held out: aliases were tuned only on the others,
//! so the held-out accuracy is the honest estimate of unseen messages. Misses
//! of held-out lines are printed only with `CEKBAE_SHOW_HELD_OUT=1`, so that
//! tuning is not done on them by accident.

use std::collections::BTreeMap;

use cekbae_bot::GlobalWords;
use cekbae_dialogues::catalog::Catalog;
use cekbae_dialogues::understand::Understanding;

use crate::harness::{cekbae, repo_root};

/// Accuracy every slot must reach, on all utterances and on the held-out ones.
const REQUIRED: f64 = 0.95;
const SLOTS: [&str; 5] = ["document", "reason", "nik", "intent", "desa"];
/// The issue's targets (issue 12 part 3), on all utterances and on the held-out ones.
const DOCUMENT_REQUIRED: f64 = 0.97;
/// ... for the reason, where the message writes one.
const WRITTEN_REASON_REQUIRED: f64 = 0.92;
/// ... for negation and contrast: document and reason both right. Checked on
/// the whole section only: its held-out part (under twenty lines, one line
/// worth five points) is printed as the honest estimate, too small to gate on.
const NEGATION_REQUIRED: f64 = 0.90;

struct Example {
    utterance: String,
    /// document, reason, nik, intent, desa (a catalog desa id).
    labels: [Option<String>; 5],
    lang: String,
    /// The corpus section the line is in (`Negation and contrast ...`).
    section: String,
    held_out: bool,
}

impl Example {
    /// The kind of message, from the section it was written in.
    fn category(&self) -> &'static str {
        let section = self.section.to_lowercase();
        let kinds = [
            ("negation", "negation"),
            ("change of data", "change"),
            ("desa", "desa"),
            ("not served", "not served"),
            ("services we do not serve", "not served"),
            ("long polite", "long"),
            ("kk numbers", "kk number"),
            ("new services", "new services"),
            ("questions", "questions"),
        ];
        kinds.iter().find(|(key, _)| section.starts_with(key)).map_or("other", |(_, kind)| kind)
    }
}

/// Desa names as the corpus writes them (`Cibeber I`) → catalog ids, from the
/// default locale's `desa-<id> = Name` messages.
fn desa_ids() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(repo_root().join("locales/id/adminduk.ftl")).expect("id locale");
    text.lines()
        .filter_map(|line| line.strip_prefix("desa-")?.split_once(" = "))
        .map(|(id, name)| (name.trim().to_owned(), id.trim().to_owned()))
        .collect()
}

fn corpus() -> Vec<Example> {
    let text = std::fs::read_to_string(repo_root().join("tests/corpus/understanding.tsv")).expect("corpus");
    let desa = desa_ids();
    let mut section = String::new();
    let mut examples = Vec::new();
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("# =====") {
            section = header.trim_matches(|c: char| c == '=' || c.is_whitespace()).to_owned();
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        // Column 7 (question) is measured by its own test.
        assert_eq!(cols.len(), 8, "eight tab-separated columns: {line:?}");
        let label = |col: &str| (col != "-").then(|| col.to_owned());
        let desa_label = label(cols[7]).map(|name| desa.get(&name).cloned().unwrap_or_else(|| panic!("desa {name:?}")));
        examples.push(Example {
            utterance: cols[0].to_owned(),
            labels: [label(cols[1]), label(cols[2]), label(cols[3]), label(cols[4]), desa_label],
            lang: cols[5].to_owned(),
            section: section.clone(),
            held_out: examples.len() % 4 == 3,
        });
    }
    examples
}

fn read_all(examples: &[Example]) -> Vec<[Option<String>; 5]> {
    let understanding = Understanding::new(&Catalog::embedded(None).expect("catalog"));
    let words = GlobalWords::builtin();
    examples
        .iter()
        .map(|ex| {
            let reading = understanding.read(&words, &ex.utterance);
            let p = reading.parsed;
            [p.document, p.reason, p.nik, reading.said.map(|it| it.name().to_owned()), p.desa]
        })
        .collect()
}

/// A miss to print: held-out ones only when asked for.
fn shown(ex: &Example) -> bool {
    !ex.held_out || std::env::var_os("CEKBAE_SHOW_HELD_OUT").is_some()
}

#[test]
fn the_corpus_is_large_and_covers_both_languages_and_negatives() {
    let examples = corpus();
    assert!(examples.len() >= 300, "{} utterances", examples.len());
    let count = |lang: &str| examples.iter().filter(|ex| ex.lang == lang).count();
    assert!(count("id") >= 100 && count("su") >= 100, "id {} su {}", count("id"), count("su"));
    assert!(examples.iter().filter(|ex| ex.labels[0].is_none()).count() >= 50, "negatives");
    for kind in ["negation", "change", "desa", "not served", "long", "kk number", "new services"] {
        let n = examples.iter().filter(|ex| ex.category() == kind).count();
        assert!(n >= 15, "{kind}: {n} utterances");
    }
}

#[test]
fn every_slot_is_read_right_at_least_95_percent_of_the_time() {
    let examples = corpus();
    let got = read_all(&examples);
    // (slot, part) → (right, total); part is "all", "held-out" or a language.
    let mut tally: BTreeMap<(&str, String), (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for (ex, got) in examples.iter().zip(&got) {
        for (slot_idx, slot) in SLOTS.iter().enumerate() {
            let right = ex.labels[slot_idx] == got[slot_idx];
            let mut parts = vec!["all".to_owned(), format!("lang {}", ex.lang)];
            if ex.held_out {
                parts.push("held-out".to_owned());
            }
            for part in parts {
                let entry = tally.entry((slot, part)).or_default();
                entry.0 += usize::from(right);
                entry.1 += 1;
            }
            if !right && shown(ex) {
                misses.push(format!(
                    "  {slot}: {:?} wanted {:?}, read {:?}",
                    ex.utterance, ex.labels[slot_idx], got[slot_idx]
                ));
            }
        }
    }
    println!("understanding corpus, {} utterances:", examples.len());
    let mut failing = Vec::new();
    for ((slot, part), (right, total)) in &tally {
        let accuracy = *right as f64 / *total as f64;
        println!("  {slot:8} {part:10} {right:3}/{total:3} = {:5.1}%", accuracy * 100.0);
        if (part == "all" || part == "held-out") && accuracy < REQUIRED {
            failing.push(format!("{slot} ({part}) {:.1}%", accuracy * 100.0));
        }
    }
    println!("misses (held-out ones hidden):\n{}", misses.join("\n"));
    assert!(failing.is_empty(), "below {:.0}%: {failing:?}\n{}", REQUIRED * 100.0, misses.join("\n"));
}

/// Right or wrong per category and part ("all", "held-out").
type Tally = BTreeMap<(String, &'static str), (usize, usize)>;

fn count(tally: &mut Tally, measure: &str, ex: &Example, right: bool) {
    let parts: &[&'static str] = if ex.held_out { &["all", "held-out"] } else { &["all"] };
    for part in parts {
        let entry = tally.entry((measure.to_owned(), part)).or_default();
        entry.0 += usize::from(right);
        entry.1 += 1;
    }
}

#[test]
fn the_issue_targets_are_met_on_every_kind_of_message() {
    let examples = corpus();
    let got = read_all(&examples);
    let mut tally = Tally::new();
    let mut misses = Vec::new();
    for (ex, got) in examples.iter().zip(&got) {
        let document = ex.labels[0] == got[0];
        let reason = ex.labels[1] == got[1];
        count(&mut tally, "document", ex, document);
        if ex.labels[1].is_some() {
            count(&mut tally, "reason where written", ex, reason);
        }
        let kind = ex.category();
        count(&mut tally, &format!("{kind}: document and reason"), ex, document && reason);
        if ex.labels[4].is_some() {
            count(&mut tally, "desa where named", ex, ex.labels[4] == got[4]);
        }
        if !(document && reason) && shown(ex) {
            misses.push(format!(
                "  [{kind}] {:?}: wanted {:?}/{:?}, read {:?}/{:?}",
                ex.utterance, ex.labels[0], ex.labels[1], got[0], got[1]
            ));
        }
    }
    println!("the issue's targets, {} utterances:", examples.len());
    let mut failing = Vec::new();
    for ((measure, part), (right, total)) in &tally {
        let accuracy = *right as f64 / *total as f64;
        println!("  {measure:36} {part:8} {right:3}/{total:3} = {:5.1}%", accuracy * 100.0);
        let required = match (measure.as_str(), *part) {
            ("document", _) => Some(DOCUMENT_REQUIRED),
            ("reason where written", _) => Some(WRITTEN_REASON_REQUIRED),
            ("negation: document and reason", "all") => Some(NEGATION_REQUIRED),
            ("desa where named", _) => Some(REQUIRED),
            _ => None,
        };
        if required.is_some_and(|it| accuracy < it) {
            failing.push(format!("{measure} ({part}) {:.1}%", accuracy * 100.0));
        }
    }
    println!("misses (held-out ones hidden):\n{}", misses.join("\n"));
    assert!(failing.is_empty(), "below target: {failing:?}\n{}", misses.join("\n"));
}

#[test]
fn no_negative_example_is_read_as_a_document() {
    let examples = corpus();
    let got = read_all(&examples);
    let false_documents: Vec<String> = examples
        .iter()
        .zip(&got)
        // Messages naming no document, or only a service not given here.
        .filter(|(ex, got)| ex.labels[0].is_none() && got[0].is_some())
        .map(|(ex, got)| match shown(ex) {
            true => format!("{:?} read as {:?}", ex.utterance, got[0]),
            false => "(a held-out line)".to_owned(),
        })
        .collect();
    assert!(false_documents.is_empty(), "{false_documents:#?}");
}

#[test]
fn cekbae_parse_prints_the_five_keys_per_line() {
    let input = "KTP 3201014502900003 HILANG\nakta cerai\nhoyong nyieun kk anyar\nbatal\n\nmuhun\nberapa lama jadinya ktp?\ntabuh sabaraha tutupna?\n";
    let run = cekbae(&["parse", "--locale", "su"], input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 8, "one line out per line in, blank ones too");
    assert_eq!(
        lines[0],
        serde_json::json!({"document": "ktp_el", "reason": "hilang", "nik": "3201014502900003", "intent": null, "question": null})
    );
    assert_eq!(
        lines[1],
        serde_json::json!({"document": null, "reason": null, "nik": null, "intent": null, "question": null})
    );
    assert_eq!(lines[2]["document"], "kk");
    assert_eq!(lines[2]["reason"], "baru");
    assert_eq!(lines[3]["intent"], "cancel");
    assert_eq!(lines[4]["intent"], serde_json::Value::Null);
    assert_eq!(lines[5]["intent"], "yes");
    assert_eq!(
        lines[6],
        serde_json::json!({"document": "ktp_el", "reason": null, "nik": null, "intent": null, "question": "duration"}),
        "a question and a document in one message"
    );
    assert_eq!(lines[7]["question"], "hours");
    for line in &lines {
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["document", "intent", "nik", "question", "reason"], "{line}");
    }
}

#[test]
fn cekbae_parse_explain_shows_doubt_and_services_not_given() {
    let input = "kpt hilang\nakte\nktp digital\nktp abdi ical\nsaya dari Karacak\nNo KK 3201014502900003\n";
    let run = cekbae(&["parse", "--explain", "--locale", "id"], input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["unclear"], serde_json::json!({"slot": "document", "candidates": ["ktp_el"]}));
    assert_eq!(lines[1]["unclear"]["candidates"].as_array().unwrap().len(), 2, "akte: birth or death");
    assert_eq!(lines[2]["document"], serde_json::Value::Null);
    assert_eq!(lines[2]["not_served"], true);
    assert_eq!(lines[3]["switch_to"], "su");
    assert_eq!((&lines[4]["desa"], &lines[4]["document"]), (&serde_json::json!("karacak"), &serde_json::Value::Null));
    assert_eq!((&lines[5]["kk_number"], &lines[5]["nik"]), (&serde_json::json!(true), &serde_json::Value::Null));
}
