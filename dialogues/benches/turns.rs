//! Measures what one turn costs: residents walk the whole adminduk flow on sled in a temp dir.
//!
//! `cargo bench -p cekbae-dialogues --bench turns` (set `CEKBAE_BENCH_RESIDENTS` to change the count).
//! Prints turns per second on one thread and p50/p99 per turn. The matcher has its own bench, `understand`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cekbae_bot::{Engine, EngineConfig, FixedClock, GlobalWords, Incoming, Locales, SessionStore, UserKey};
use cekbae_dialogues::embedded::{locale_sources, DEFAULT_LOCALE};
use cekbae_dialogues::{Adminduk, Catalog};
use chrono::{DateTime, Utc};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let residents: usize = std::env::var("CEKBAE_BENCH_RESIDENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let locales = Arc::new(Locales::from_sources(DEFAULT_LOCALE, locale_sources()).expect("locales"));
    let catalog = Catalog::embedded(Some(&locales)).expect("catalog");
    let store = SessionStore::open(dir.path()).expect("sled");
    let dialogue = Adminduk::new(catalog.clone(), store.db()).expect("bookings").with_capacity(u32::MAX);
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap().with_timezone(&Utc);
    let engine = Engine::new(
        dialogue,
        locales,
        GlobalWords::builtin(),
        store,
        Arc::new(FixedClock::new(now)),
        EngineConfig::default(),
    );

    let script = ["halo", "1", "3", "3201 0145 0290 0003", "1"];
    let mut samples = Vec::with_capacity(residents * script.len());
    let started = Instant::now();
    for n in 0..residents {
        let user = UserKey::new("bench", format!("62812{n:07}"));
        for (idx, line) in script.iter().enumerate() {
            let incoming = Incoming {
                user: user.clone(),
                message_id: Some(format!("wamid.{n}.{idx}")),
                text: (*line).into(),
                choice: None,
            };
            let t = Instant::now();
            let outcome = engine.handle(&incoming).expect("turn");
            samples.push(t.elapsed());
            assert!(!outcome.replies.is_empty());
        }
    }
    let total = started.elapsed();
    samples.sort();
    println!("engine turns: {} residents x {} turns on sled (one thread)", residents, script.len());
    println!(
        "  {:.0} turns/s, p50 {:?}, p99 {:?}, max {:?}",
        samples.len() as f64 / total.as_secs_f64(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );
}
