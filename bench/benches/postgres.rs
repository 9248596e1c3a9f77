//! Engine turns on PostgreSQL with one and with three instances (three stores, each with its own pool and
//! its own connection, as three `serve` processes have), the same number of client threads in all, beside
//! `pgbench -N` (simple update) at that client count on the same server. Needs `CEKBAE_BENCH_DATABASE_URL`
//! (a database it may fill; `bench/postgres.sh` makes one and runs pgbench).

use std::sync::Arc;
use std::time::{Duration, Instant};

use cekbae_bench::{adminduk_engine_on, env_or, percentile, walk};
use cekbae_bot::storage::Sealer;
use cekbae_bot::Store;
use cekbae_dialogues::vault::{DataKey, NikVault};
use cekbae_pg_store::scratch::ScratchSchema;
use cekbae_pg_store::PgStore;

const SCRIPT: [&str; 6] = ["halo", "1", "3", "3201 0145 0290 0003", "1", "tidak"];

fn run(base: &str, instances: usize, clients: usize, residents: usize) {
    let schema = ScratchSchema::create(base).expect("a scratch schema");
    let vault = NikVault::from_key(&DataKey::generate());
    let engines: Vec<_> = (0..instances)
        .map(|_| {
            let sealer: Arc<dyn Sealer> = Arc::new(vault.data_vault());
            let store: Arc<dyn Store> = Arc::new(PgStore::open(&schema.url(), sealer).expect("store"));
            Arc::new(adminduk_engine_on(store, vault.clone(), true))
        })
        .collect();
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|client| {
            let engine = Arc::clone(&engines[client % instances]);
            std::thread::spawn(move || walk(&engine, &SCRIPT, &format!("62{client:02}"), residents / clients))
        })
        .collect();
    let mut samples: Vec<Duration> = threads.into_iter().flat_map(|it| it.join().expect("client")).collect();
    let took = started.elapsed();
    samples.sort();
    println!(
        "postgres, {instances} instance(s), {clients} clients: {} turns in {:.2} s = {:.0} turns/s; p50 {:?}, p99 {:?}",
        samples.len(),
        took.as_secs_f64(),
        samples.len() as f64 / took.as_secs_f64(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.99)
    );
}

fn main() {
    let Ok(base) = std::env::var("CEKBAE_BENCH_DATABASE_URL") else {
        println!("postgres bench skipped: CEKBAE_BENCH_DATABASE_URL is not set (bench/postgres.sh sets it)");
        return;
    };
    let clients = env_or("CEKBAE_BENCH_CLIENTS", 8);
    let residents = env_or("CEKBAE_BENCH_RESIDENTS", 2_000);
    run(&base, 1, clients, residents);
    run(&base, 3, clients, residents);
}
