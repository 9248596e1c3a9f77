//! Messages per ticket: residents simulated turn by turn against the real
//! engine (sled in a temporary directory, the built-in catalog and locales),
//! from their first message to a ticket for the document and reason they need.
//!
//! Two sets: the conversations in `corpus/conversations.tsv` (several opening
//! messages, greetings, questions first), and every utterance of the labelled
//! corpus that names a document, taken as a resident's first message (its
//! held-out lines reported apart). After the scripted messages the resident
//! answers what the bot asks: a menu by the number of the right option, a
//! "Maksud Anda …?" by ya or tidak, the NIK step with a NIK, the day with `1`;
//! a wrong document is undone with `menu`, a wrong reason with `kembali`.

use std::collections::VecDeque;
use std::path::Path;

use cekbae::args::EngineArgs;
use cekbae::setup::build_engine;
use cekbae_bot::{Engine, Incoming, Outgoing, Say, TurnOutcome, UserKey};
use cekbae_dialogues::catalog::{document_label, reason_label, Catalog};
use cekbae_dialogues::Adminduk;

use crate::harness::repo_root;

/// The target: a ticket in at most this many messages on average,
/// from a first message that says what the resident needs.
const MESSAGES_PER_TICKET: f64 = 3.3;
/// For the hand-written conversations, a fifth of which open with a greeting
/// or a question alone (each a message before the request, by design).
const MESSAGES_PER_CONVERSATION: f64 = 3.5;
/// A resident gives up after this many messages.
const PATIENCE: usize = 12;
const NIK: &str = "3201014502900003";

/// A resident: what they send first, and what they need.
struct Resident {
    opening: Vec<String>,
    document: String,
    /// `None`: any reason is right (the resident has none in mind).
    reason: Option<String>,
    held_out: bool,
}

fn engine(data: &Path) -> Engine<Adminduk> {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap();
    // Days never fill: every resident of the run books on the same morning.
    let args = EngineArgs { capacity: Some(100_000), ..EngineArgs::at(data, Some(now)) };
    build_engine(&args, false).expect("engine")
}

fn conversations() -> Vec<Resident> {
    let text = std::fs::read_to_string(repo_root().join("tests/corpus/conversations.tsv")).expect("conversations");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "four tab-separated columns: {line:?}");
            Resident {
                opening: cols[0].split(" | ").map(str::to_owned).collect(),
                document: cols[1].to_owned(),
                reason: (cols[2] != "-").then(|| cols[2].to_owned()),
                held_out: false,
            }
        })
        .collect()
}

/// Every corpus utterance that names a document with a reason the office
/// serves (not a corrected akta, say), as a resident's first message.
fn corpus_residents() -> Vec<Resident> {
    let catalog = Catalog::embedded(None).expect("catalog");
    let served = |document: &str, reason: &str| {
        reason == "-" || catalog.document(document).is_some_and(|it| it.reasons.iter().any(|r| r == reason))
    };
    let text = std::fs::read_to_string(repo_root().join("tests/corpus/understanding.tsv")).expect("corpus");
    let rows = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    rows.enumerate()
        .filter_map(|(idx, line)| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols[1] != "-" && served(cols[1], cols[2])).then(|| Resident {
                opening: vec![cols[0].to_owned()],
                document: cols[1].to_owned(),
                reason: (cols[2] != "-").then(|| cols[2].to_owned()),
                held_out: idx % 4 == 3,
            })
        })
        .collect()
}

fn slot<'a>(outcome: &'a TurnOutcome, name: &str) -> Option<&'a str> {
    outcome.slots.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// What the resident types next, having read the bot's last answer.
fn answer(engine: &Engine<Adminduk>, last: &TurnOutcome, resident: &Resident) -> String {
    let document = slot(last, "document");
    let reason = slot(last, "reason");
    if document.is_some_and(|it| it != resident.document) {
        return "menu".to_owned();
    }
    if let (Some(wanted), Some(got)) = (&resident.reason, reason) {
        if got != wanted && last.state != "reason" {
            return "kembali".to_owned();
        }
    }
    let options: Option<&Outgoing> = last.replies.iter().rev().find(|it| !it.options.is_empty());
    let number = |id: &str| {
        options.and_then(|it| it.options.iter().position(|choice| choice.id == id)).map(|n| (n + 1).to_string())
    };
    if let Some(reply) = options {
        let ids: Vec<&str> = reply.options.iter().map(|it| it.id.as_str()).collect();
        if ids.contains(&"confirm:yes") {
            // "Maksud Anda *KTP-el*?": yes when it names what the resident needs.
            let label = |id: String| format!("*{}*", engine.locales().render(&last.locale, &Say::new(id)));
            let right = reply.text.contains(&label(document_label(&resident.document)))
                || resident.reason.as_ref().is_some_and(|it| reply.text.contains(&label(reason_label(it))));
            return if right { "ya" } else { "tidak" }.to_owned();
        }
        if let Some(n) = number(&format!("doc:{}", resident.document)) {
            return n;
        }
        if ids.iter().any(|it| it.starts_with("reason:")) {
            let wanted = resident.reason.as_ref().map(|it| format!("reason:{it}"));
            let pick = wanted.and_then(|it| number(&it)).unwrap_or_else(|| "1".to_owned());
            return pick;
        }
        if ids.iter().any(|it| it.starts_with("day:")) {
            return "1".to_owned();
        }
        if let Some(n) = number("confirm:no") {
            return n;
        }
    }
    match last.state.as_str() {
        "nik" => NIK.to_owned(),
        _ => "menu".to_owned(),
    }
}

/// Messages the resident sends until a ticket for what they need, or why they gave up.
fn walk(engine: &Engine<Adminduk>, user: UserKey, resident: &Resident) -> Result<usize, String> {
    let mut script: VecDeque<String> = resident.opening.iter().cloned().collect();
    let mut sent = Vec::new();
    let mut last: Option<TurnOutcome> = None;
    while sent.len() < PATIENCE {
        let text = match (script.pop_front(), &last) {
            (Some(text), _) => text,
            (None, Some(last)) => answer(engine, last, resident),
            (None, None) => return Err("nothing to say".to_owned()),
        };
        let outcome = engine.handle(&Incoming::text(user.clone(), text.clone())).map_err(|err| err.to_string())?;
        sent.push(text);
        if outcome.state == "done" && script.is_empty() {
            let right = slot(&outcome, "document") == Some(resident.document.as_str())
                && resident.reason.as_deref().is_none_or(|it| slot(&outcome, "reason") == Some(it));
            return match right {
                true => Ok(sent.len()),
                false => Err(format!("ticket for the wrong request {:?} after {sent:?}", outcome.slots)),
            };
        }
        last = Some(outcome);
    }
    Err(format!("no ticket after {sent:?}"))
}

/// Walks everyone; returns the average over those who got their ticket, and the failures.
fn run(residents: &[Resident], tag: &str) -> (f64, Vec<String>, Vec<usize>) {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(&dir.path().join("data"));
    let mut counts = Vec::new();
    let mut failures = Vec::new();
    for (n, resident) in residents.iter().enumerate() {
        match walk(&engine, UserKey::new("tickets", format!("{tag}-{n}")), resident) {
            Ok(count) => {
                if std::env::var_os("CEKBAE_SHOW_WALKS").is_some() && !resident.held_out {
                    println!("  {count} {:?}", resident.opening);
                }
                counts.push(count)
            }
            Err(why) => failures.push(format!("{:?}: {why}", resident.opening)),
        }
    }
    let average = counts.iter().sum::<usize>() as f64 / counts.len().max(1) as f64;
    (average, failures, counts)
}

fn histogram(counts: &[usize]) -> String {
    (2..=PATIENCE)
        .filter_map(|n| {
            let k = counts.iter().filter(|it| **it == n).count();
            (k > 0).then(|| format!("{n}: {k}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn residents_get_their_ticket_in_few_messages() {
    let residents = conversations();
    assert!(residents.len() >= 50, "{} conversations", residents.len());
    let (average, failures, counts) = run(&residents, "conv");
    println!(
        "conversations: {} residents, {:.2} messages per ticket ({})",
        residents.len(),
        average,
        histogram(&counts)
    );
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(average <= MESSAGES_PER_CONVERSATION, "{average:.2} messages per ticket");
}

#[test]
fn every_corpus_request_reaches_its_ticket() {
    let residents = corpus_residents();
    let (tuning, held_out): (Vec<Resident>, Vec<Resident>) = residents.into_iter().partition(|it| !it.held_out);
    for (part, residents) in [("tuning", &tuning), ("held-out", &held_out)] {
        let (average, failures, counts) = run(residents, part);
        println!(
            "corpus {part}: {} residents, {:.2} messages per ticket ({}), {} without the right ticket",
            residents.len(),
            average,
            histogram(&counts),
            failures.len()
        );
        if part == "tuning" {
            println!("{failures:#?}");
        }
        assert!(average <= MESSAGES_PER_TICKET, "{part}: {average:.2} messages per ticket");
        assert!(failures.is_empty(), "{part}: {} residents without the right ticket", failures.len());
    }
}
