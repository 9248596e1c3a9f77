//! Engine turns against the storage limit: many residents walk the whole
//! adminduk flow in-process on the sled backend on disk (one thread), and in
//! the same run a raw sled get + insert of records of the same size.
//!
//! `cargo bench -p cekbae-bench --bench engine` (CEKBAE_BENCH_RESIDENTS, default 10000).

use std::time::Instant;

use cekbae_bench::{adminduk_engine, env_or, percentile, resident, walk};

/// One resident's whole flow: greeting, document, reason, NIK, day, survey declined.
const SCRIPT: [&str; 6] = ["halo", "1", "3", "3201 0145 0290 0003", "1", "tidak"];

fn main() {
    let residents = env_or("CEKBAE_BENCH_RESIDENTS", 10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    // The server's configuration: replies kept in the outbox until delivered.
    let outbox = std::env::var("CEKBAE_BENCH_OUTBOX").map_or(true, |v| v != "0");
    let engine = adminduk_engine(dir.path(), outbox);
    let started = Instant::now();
    let mut samples = walk(&engine, &SCRIPT, "62812", residents);
    let total = started.elapsed();
    assert_eq!(engine.describe(&resident("62812", 0)).unwrap().state, "done", "the script reaches a ticket");
    samples.sort();
    let turns_per_s = samples.len() as f64 / total.as_secs_f64();
    drop(engine);
    // The stored sessions as they are on disk (sealed).
    let stored = cekbae_sled_store::raw::read_sessions(dir.path()).expect("sessions");
    let sample = &stored[..stored.len().min(100)];
    let record_bytes = sample.iter().map(|(_, value)| value.len()).sum::<usize>() / sample.len().max(1);

    // The storage limit: a get and an insert of a record of the same size, as fast as sled goes.
    let raw_dir = tempfile::tempdir().expect("temp dir");
    let ops = samples.len();
    let raw_time =
        cekbae_sled_store::raw::get_insert_baseline(raw_dir.path(), record_bytes, ops, residents).expect("raw sled");
    let raw_per_s = ops as f64 / raw_time.as_secs_f64();

    println!("engine turns: {residents} residents x {} turns, sled on disk, one thread", SCRIPT.len());
    println!(
        "  engine:        {turns_per_s:>9.0} turns/s   p50 {:?}  p99 {:?}  max {:?}",
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );
    println!("  raw sled:      {raw_per_s:>9.0} get+insert/s of {record_bytes}-byte records");
    println!("  ratio:         {:.1}% of raw (target >= 10%, issue 13)", turns_per_s / raw_per_s * 100.0);
}
