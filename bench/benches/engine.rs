//! Engine turns against the storage limit: many residents walk the whole
//! adminduk flow in-process on the sled backend on disk (one thread), and in
//! the same run a raw sled get + insert of records of the same size. The time the turns spent inside
//! storage is added up as they run, so the run also says what the engine alone costs: the ceiling that
//! no storage layout can lift.
//!
//! `cargo bench -p cekbae-bench --bench engine` (CEKBAE_BENCH_RESIDENTS, default 10000).

use std::time::Instant;

use cekbae_bench::timed::Part;
use cekbae_bench::{env_or, percentile, resident, timed_adminduk_engine, walk};
use cekbae_sled_store::raw::RawWrite;

/// One resident's whole flow: greeting, document, reason, NIK, day, survey declined.
const SCRIPT: [&str; 6] = ["halo", "1", "3", "3201 0145 0290 0003", "1", "tidak"];

fn main() {
    let residents = env_or("CEKBAE_BENCH_RESIDENTS", 10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    // The server's configuration: replies kept in the outbox until delivered.
    let outbox = std::env::var("CEKBAE_BENCH_OUTBOX").map_or(true, |v| v != "0");
    let (engine, storage_time) = timed_adminduk_engine(dir.path(), outbox);
    let started = Instant::now();
    let mut samples = walk(&engine, &SCRIPT, "62812", residents);
    let total = started.elapsed();
    let in_storage = storage_time.spent();
    assert_eq!(engine.describe(&resident("62812", 0)).unwrap().state, "done", "the script reaches a ticket");
    samples.sort();
    let turns_per_s = samples.len() as f64 / total.as_secs_f64();
    // The same turns with every storage call taking no time (the rest of the process, sled's writer
    // threads included, still runs beside them: on two cores that is a little pessimistic).
    let alone_per_s = samples.len() as f64 / total.saturating_sub(in_storage).as_secs_f64();
    drop(engine);
    // The stored sessions as they are on disk (sealed).
    let stored = cekbae_sled_store::raw::read_sessions(dir.path()).expect("sessions");
    let sample = &stored[..stored.len().min(100)];
    let record_bytes = sample.iter().map(|(_, value)| value.len()).sum::<usize>() / sample.len().max(1);

    // The storage limit: a get and an insert of a record of the same size, as fast as sled goes; and the
    // same with the insert as a one-record batch, the cheapest atomic write of several records.
    let ops = samples.len();
    let raw_per_s = raw_per_second(record_bytes, ops, residents, RawWrite::Insert);
    let batch_per_s = raw_per_second(record_bytes, ops, residents, RawWrite::Batch);

    println!("engine turns: {residents} residents x {} turns, sled on disk, one thread", SCRIPT.len());
    println!(
        "  engine:        {turns_per_s:>9.0} turns/s   p50 {:?}  p99 {:?}  max {:?}",
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );
    println!("  raw sled:      {raw_per_s:>9.0} get+insert/s of {record_bytes}-byte records");
    println!("  raw sled:      {batch_per_s:>9.0} get+batch/s, the same insert as a one-record batch");
    println!("  ratio:         {:.1}% of raw (target >= 10%, issue 13)", turns_per_s / raw_per_s * 100.0);
    println!(
        "  in storage:    {:.0}% of the turns' time ({:.0} µs a turn)",
        in_storage.as_secs_f64() / total.as_secs_f64() * 100.0,
        in_storage.as_secs_f64() * 1e6 / samples.len() as f64
    );
    for part in Part::ALL {
        let per_turn = storage_time.spent_in(part).as_secs_f64() * 1e6 / samples.len() as f64;
        println!("    {:<12} {per_turn:>6.1} µs a turn", format!("{part:?}:").to_lowercase());
    }
    println!(
        "  engine alone:  {alone_per_s:>9.0} turns/s with storage taking no time -> {:.1}% of raw: the ceiling",
        alone_per_s / raw_per_s * 100.0
    );
}

/// Raw sled reads and writes per second (see `raw::get_insert_baseline`), in a fresh database.
fn raw_per_second(record_bytes: usize, ops: usize, keys: usize, write: RawWrite) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let time =
        cekbae_sled_store::raw::get_insert_baseline(dir.path(), record_bytes, ops, keys, write).expect("raw sled");
    ops as f64 / time.as_secs_f64()
}
