//! Benchmarks live in `benches/`; this library only holds what they share.
//! Run them with `bench/run.sh` (all, with the rapidfuzz comparison) or
//! `cargo bench -p cekbae-bench --bench <name>`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub mod timed;

use cekbae_bot::Store;
use cekbae_bot::{Engine, EngineConfig, FixedClock, GlobalWords, Incoming, Locales, UserKey};
use cekbae_dialogues::embedded::{locale_sources, DEFAULT_LOCALE};
use cekbae_dialogues::vault::NikVault;
use cekbae_dialogues::{Adminduk, Catalog};
use cekbae_sled_store::SledStore;
use chrono::{DateTime, Utc};

/// The moment every bench runs at: a Monday morning in office hours.
pub fn bench_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap().with_timezone(&Utc)
}

/// The adminduk engine as `serve` builds it, on the sled backend at `dir`, with days that never fill.
/// `outbox`: keep replies until delivered (as `serve` does).
pub fn adminduk_engine(dir: &Path, outbox: bool) -> Engine<Adminduk> {
    let (store, vault) = sled_store(dir);
    adminduk_engine_on(store, vault, outbox)
}

/// [`adminduk_engine`] with the time its storage calls take added up, for the "engine alone" figure.
pub fn timed_adminduk_engine(dir: &Path, outbox: bool) -> (Engine<Adminduk>, timed::StorageTime) {
    let (store, vault) = sled_store(dir);
    let store = timed::TimedStore::new(store);
    let time = store.time();
    (adminduk_engine_on(Arc::new(store), vault, outbox), time)
}

/// The sled store at `dir` sealed as `serve` seals it, and the NIK vault on its key.
fn sled_store(dir: &Path) -> (Arc<dyn Store>, NikVault) {
    let store = SledStore::open(dir).expect("store");
    let vault = NikVault::from_store(store.keys()).expect("data key");
    let store = store.sealed_with(Arc::new(vault.data_vault())).expect("the store's own key");
    (Arc::new(store), vault)
}

/// The adminduk engine as `serve` builds it on `store`, sealing NIKs with `vault`, with days that never fill.
pub fn adminduk_engine_on(store: Arc<dyn Store>, vault: NikVault, outbox: bool) -> Engine<Adminduk> {
    let locales = Arc::new(Locales::from_sources(DEFAULT_LOCALE, locale_sources()).expect("locales"));
    let catalog = Catalog::embedded(Some(&locales)).expect("catalog");
    let dialogue = Adminduk::new(catalog, vault).with_capacity(u32::MAX);
    let config = EngineConfig { outbox, ..EngineConfig::default() };
    let clock = Arc::new(FixedClock::new(bench_now()));
    Engine::new(dialogue, locales, GlobalWords::builtin(), store, clock, config)
}

/// The bench resident key `n` under `prefix`.
pub fn resident(prefix: &str, n: usize) -> UserKey {
    UserKey::new("bench", format!("{prefix}{n:07}"))
}

/// Walks `count` new residents (keys under `prefix`) through `script`, marking
/// replies delivered as the server would; returns per-turn times, unsorted.
pub fn walk(engine: &Engine<Adminduk>, script: &[&str], prefix: &str, count: usize) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(count * script.len());
    for n in 0..count {
        let user = resident(prefix, n);
        for (idx, line) in script.iter().enumerate() {
            let incoming = Incoming {
                user: user.clone(),
                message_id: Some(format!("{prefix}.{n}.{idx}")),
                text: (*line).into(),
                choice: None,
                attachment: None,
            };
            let t = Instant::now();
            let outcome = engine.handle(&incoming).expect("turn");
            samples.push(t.elapsed());
            assert!(!outcome.replies.is_empty(), "every turn answers");
            if let Some(id) = outcome.outbox_id {
                engine.delivered(id).expect("outbox");
            }
        }
    }
    samples
}

/// The value at quantile `p` (0–1) of sorted samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// An environment variable as a number, or `default`.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Resident memory of this process in MiB (Linux), for scale runs.
pub fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Bytes of all files under `dir`.
pub fn dir_bytes(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            if path.is_dir() {
                dir_bytes(&path)
            } else {
                e.metadata().map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}
