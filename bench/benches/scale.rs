//! Scale: 1,000,000 stored sessions and 100,000 bookings; p99 turn time
//! compared with the same residents on a store of 10,000 sessions, bytes on
//! disk per idle session, and resident memory.
//!
//! `cargo bench -p cekbae-bench --bench scale`
//! (CEKBAE_BENCH_SESSIONS default 1000000, CEKBAE_BENCH_BOOKINGS default 100000).

use std::time::{Duration, Instant};

use cekbae_bench::{adminduk_engine, bench_now as now, dir_bytes, env_or, percentile, rss_mib};
use cekbae_bot::storage::{BookingDetails, LoadedSession, SessionWrite, TurnCommit};
use cekbae_bot::{Incoming, UserKey};
use chrono::NaiveDate;

const SCRIPT: [&str; 5] = ["halo", "1", "3", "3201 0145 0290 0003", "1"];
const MEASURED_RESIDENTS: usize = 10_000;

/// Walks `count` residents through the script; returns per-turn times, sorted.
fn walk(engine: &cekbae_bot::Engine<cekbae_dialogues::Adminduk>, prefix: &str, count: usize) -> Vec<Duration> {
    let mut samples = cekbae_bench::walk(engine, &SCRIPT, prefix, count);
    samples.sort();
    samples
}

fn main() {
    let sessions = env_or("CEKBAE_BENCH_SESSIONS", 1_000_000);
    let bookings = env_or("CEKBAE_BENCH_BOOKINGS", 100_000);

    let big_dir = tempfile::tempdir().unwrap();
    let big = adminduk_engine(big_dir.path(), true);
    // A realistic idle session: one resident left at the NIK step.
    let sample = UserKey::new("bench", "sample");
    for (idx, line) in ["halo", "1", "3"].iter().enumerate() {
        big.handle(&Incoming {
            user: sample.clone(),
            message_id: Some(format!("s{idx}")),
            text: (*line).into(),
            choice: None,
            attachment: None,
        })
        .unwrap();
    }
    let LoadedSession::Found(record) = big.store().begin_turn(&sample).unwrap().session().unwrap() else {
        panic!("the sample session is stored")
    };
    let started = Instant::now();
    for n in 0..sessions {
        let tx = big.store().begin_turn(&UserKey::new("whatsapp", format!("62811{n:08}"))).unwrap();
        tx.commit(TurnCommit { session: SessionWrite::Put(record.clone()), ..TurnCommit::nothing(now()) }).unwrap();
    }
    big.store().flush().unwrap();
    let fill = started.elapsed();
    let bytes_with_sessions = dir_bytes(big_dir.path());
    let started = Instant::now();
    for n in 0..bookings {
        let user = UserKey::new("whatsapp", format!("62811{n:08}"));
        let details = BookingDetails {
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() + chrono::Days::new((n % 20) as u64),
            service: "ktp_el".into(),
            reason: "hilang".into(),
            applicant: big.dialogue().vault().seal("3201014502900003"),
            user: user.clone(),
            consent_at: now(),
            request_id: format!("bench-{n}"),
        };
        let tx = big.store().begin_turn(&user).unwrap();
        tx.bookings().book(details, u32::MAX, "LWL", now()).unwrap();
        tx.commit(TurnCommit::nothing(now())).unwrap();
    }
    big.store().flush().unwrap();
    let book_fill = started.elapsed();
    let at_scale = walk(&big, "meas", MEASURED_RESIDENTS);
    // Memory of the process serving the big store, before anything else runs in it.
    let rss = rss_mib();
    drop(big);

    // Baseline: the same residents on a store that holds 10,000 sessions.
    let small_dir = tempfile::tempdir().unwrap();
    let small = adminduk_engine(small_dir.path(), true);
    walk(&small, "warm", MEASURED_RESIDENTS);
    let baseline = walk(&small, "meas", MEASURED_RESIDENTS);
    drop(small);

    let p99 = |s: &[Duration]| percentile(s, 0.99);
    let record_bytes = serde_json::to_vec(&record).map_or(0, |it| it.len());
    println!(
        "scale: {sessions} idle sessions ({record_bytes} bytes each as JSON, before sealing) + {bookings} bookings"
    );
    println!("  filled in {fill:?} (sessions) and {book_fill:?} (bookings)");
    println!(
        "  on disk: {:.0} bytes per session (whole directory / sessions, before bookings; target <= 1024)",
        bytes_with_sessions as f64 / sessions as f64
    );
    println!(
        "  turn time, {MEASURED_RESIDENTS} residents x {} turns: 10k store p50 {:?} p99 {:?}; 1M store p50 {:?} p99 {:?} ({:.2}x; target <= 2x)",
        SCRIPT.len(),
        percentile(&baseline, 0.5),
        p99(&baseline),
        percentile(&at_scale, 0.5),
        p99(&at_scale),
        p99(&at_scale).as_secs_f64() / p99(&baseline).as_secs_f64()
    );
    println!("  resident memory: {:.0} MiB (target < 300)", rss.unwrap_or(f64::NAN));
}
