//! Engine turns against the storage limit: many residents walk the whole
//! adminduk flow in-process with sled on disk (one thread), and in the same run
//! a raw sled get + insert of records of the same size.
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
    let record_bytes: usize = (0..residents.min(100))
        .filter_map(|n| engine.store().load(&resident("62812", n)).ok().flatten())
        .map(|it| it.len())
        .sum::<usize>()
        / residents.clamp(1, 100);
    drop(engine);

    // The storage limit: a get and an insert of a record of the same size, as fast as sled goes.
    let raw_dir = tempfile::tempdir().expect("temp dir");
    let db = sled::Config::new().path(raw_dir.path()).open().expect("sled");
    let tree = db.open_tree("raw").expect("tree");
    let value = vec![b'x'; record_bytes];
    let ops = samples.len();
    let started = Instant::now();
    for i in 0..ops {
        let key = format!("bench:62812{:07}", i % residents);
        std::hint::black_box(tree.get(key.as_bytes()).expect("get"));
        tree.insert(key.as_bytes(), value.as_slice()).expect("insert");
    }
    let raw_per_s = ops as f64 / started.elapsed().as_secs_f64();

    println!("engine turns: {residents} residents x {} turns, sled on disk, one thread", SCRIPT.len());
    println!(
        "  engine:        {turns_per_s:>9.0} turns/s   p50 {:?}  p99 {:?}  max {:?}",
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );
    println!("  raw sled:      {raw_per_s:>9.0} get+insert/s of {record_bytes}-byte records");
    println!("  ratio:         {:.1}% of raw (target >= 25%)", turns_per_s / raw_per_s * 100.0);
}
