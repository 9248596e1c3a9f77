//! Measures what reading one message costs: every utterance of the labelled
//! corpus (`tests/corpus/understanding.tsv`) against the whole catalog.
//!
//! `cargo bench -p cekbae-dialogues --bench understand`. Prints the time per
//! utterance for the slots alone (`parse`) and for everything `cekbae parse`
//! prints (`read`: slots, NIK and global words), plus p50/p99 per utterance.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cekbae_bot::GlobalWords;
use cekbae_dialogues::understand::Understanding;
use cekbae_dialogues::Catalog;

fn corpus() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus/understanding.tsv");
    let text = std::fs::read_to_string(path).expect("corpus");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect()
}

fn main() {
    let catalog = Catalog::embedded(None).expect("catalog");
    let understanding = Understanding::new(&catalog);
    let words = GlobalWords::builtin();
    let utterances = corpus();
    let aliases: usize = catalog.documents.iter().map(|d| d.aliases.len()).sum::<usize>()
        + catalog.reasons.iter().map(|r| r.aliases.len()).sum::<usize>()
        + catalog.not_served.len();
    // Warm up caches and the lazily loaded chat rules.
    for u in &utterances {
        black_box(understanding.read(&words, u));
    }
    let rounds: u32 = std::env::var("CEKBAE_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let n = rounds * utterances.len() as u32;

    let t = Instant::now();
    for _ in 0..rounds {
        for u in &utterances {
            black_box(understanding.parse(black_box(u)));
        }
    }
    let parse = t.elapsed() / n;

    let mut samples: Vec<Duration> = Vec::with_capacity(n as usize);
    let t = Instant::now();
    for _ in 0..rounds {
        for u in &utterances {
            let started = Instant::now();
            black_box(understanding.read(&words, black_box(u)));
            samples.push(started.elapsed());
        }
    }
    let read = t.elapsed() / n;
    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    println!("understanding: {} corpus utterances x {rounds} rounds, catalog of {aliases} aliases", utterances.len());
    println!("  parse (document, reason, NIK):        {parse:?} per utterance");
    println!("  read  (parse + global words/intent):  {read:?} per utterance, p50 {:?}, p99 {:?}", pct(0.5), pct(0.99));
}
