//! Questions residents ask (hours, address, cost, proxy, duration, late fee, bot):
//! the topic is recognised, and question words never make a document appear.
//!
//! Two labelled lists: the blind corpus's `question` column (`corpus/understanding.tsv`,
//! every fourth line held out from tuning the aliases), and `corpus/questions.tsv`,
//! written with the topics (Indonesian, Sundanese, mixed, typos, voice-typed).

use std::collections::BTreeMap;

use cekbae_dialogues::catalog::Catalog;
use cekbae_dialogues::understand::{Parsed, Understanding};

use crate::harness::repo_root;

/// Share of messages whose topic must be read right: on all lines and on the lines
/// asking a question ("questions answered"), each also on the held-out lines alone.
const REQUIRED: f64 = 0.90;

/// One labelled line: its columns, and whether it was held out from tuning.
struct Line {
    cols: Vec<String>,
    held_out: bool,
}

/// The data lines of a tab-separated corpus; every fourth is held out.
fn read_corpus(name: &str, columns: usize) -> Vec<Line> {
    let text = std::fs::read_to_string(repo_root().join("tests/corpus").join(name)).expect("corpus");
    let rows = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    rows.enumerate()
        .map(|(idx, line)| {
            let cols: Vec<String> = line.split('\t').map(str::to_owned).collect();
            assert_eq!(cols.len(), columns, "{columns} tab-separated columns in {name}: {line:?}");
            Line { cols, held_out: idx % 4 == 3 }
        })
        .collect()
}

fn label(col: &str) -> Option<String> {
    (col != "-").then(|| col.to_owned())
}

fn parse_all(lines: &[Line]) -> Vec<Parsed> {
    let understanding = Understanding::new(&Catalog::embedded(None).expect("catalog"));
    lines.iter().map(|line| understanding.parse(&line.cols[0])).collect()
}

/// Right/total per part ("all", "held-out", "asked": the lines asking a question,
/// and per topic), with the misses listed.
fn tally(
    lines: &[Line],
    wanted: impl Fn(&Line) -> Option<String>,
    got: &[Parsed],
) -> (BTreeMap<String, (usize, usize)>, Vec<String>) {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for (line, parsed) in lines.iter().zip(got) {
        let want = wanted(line);
        let right = want == parsed.question;
        let mut parts = vec!["all".to_owned(), format!("topic {}", want.as_deref().unwrap_or("-"))];
        if line.held_out {
            parts.push("held-out".to_owned());
        }
        // "Questions answered": the lines that ask one, read as that question.
        if want.is_some() {
            parts.push("asked".to_owned());
            if line.held_out {
                parts.push("asked, held-out".to_owned());
            }
        }
        for part in parts {
            let entry = counts.entry(part).or_default();
            entry.0 += usize::from(right);
            entry.1 += 1;
        }
        if !right {
            misses.push(format!("  {:?} wanted {want:?}, read {:?}", line.cols[0], parsed.question));
        }
    }
    (counts, misses)
}

fn report(title: &str, counts: &BTreeMap<String, (usize, usize)>, misses: &[String]) -> Vec<String> {
    println!("{title}:");
    let mut failing = Vec::new();
    for (part, (right, total)) in counts {
        let accuracy = *right as f64 / *total as f64;
        println!("  {part:16} {right:4}/{total:4} = {:5.1}%", accuracy * 100.0);
        if !part.starts_with("topic") && accuracy < REQUIRED {
            failing.push(format!("{part} {:.1}%", accuracy * 100.0));
        }
    }
    println!("misses:\n{}", misses.join("\n"));
    failing
}

#[test]
fn the_blind_corpus_questions_are_read_right_at_least_90_percent_of_the_time() {
    let lines = read_corpus("understanding.tsv", 8);
    let asked = lines.iter().filter(|l| l.cols[6] != "-").count();
    assert!(asked >= 100, "{asked} lines ask a question");
    let got = parse_all(&lines);
    let (counts, misses) = tally(&lines, |line| label(&line.cols[6]), &got);
    let failing = report("question column of understanding.tsv", &counts, &misses);
    assert!(failing.is_empty(), "below {:.0}%: {failing:?}\n{}", REQUIRED * 100.0, misses.join("\n"));
    for topic in ["hours", "address", "cost", "proxy", "duration", "late_fee", "bot"] {
        let (_, total) = counts.get(&format!("topic {topic}")).copied().unwrap_or_default();
        assert!(total >= 10, "{topic}: only {total} lines ask it");
    }
}

#[test]
fn residents_questions_are_recognised_and_never_make_a_document_appear() {
    let lines = read_corpus("questions.tsv", 3);
    assert!(lines.len() >= 150, "{} lines", lines.len());
    let got = parse_all(&lines);
    let (counts, misses) = tally(&lines, |line| label(&line.cols[1]), &got);
    let failing = report("questions.tsv", &counts, &misses);
    assert!(failing.is_empty(), "below {:.0}%: {failing:?}\n{}", REQUIRED * 100.0, misses.join("\n"));
    let wrong_documents: Vec<String> = lines
        .iter()
        .zip(&got)
        .filter(|(line, parsed)| label(&line.cols[2]) != parsed.document)
        .map(|(line, parsed)| {
            format!("{:?}: wanted {:?}, read {:?}", line.cols[0], label(&line.cols[2]), parsed.document)
        })
        .collect();
    assert!(wrong_documents.is_empty(), "{wrong_documents:#?}");
}
