//! Start-up: from process start to the first reply on the console, with a warm
//! data directory (sessions and bookings already there). Runs the release
//! binary as a resident would run it, many times, and reports the median.
//!
//! `cargo bench -p cekbae-bench --bench startup` (builds `cekbae` in release first).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cekbae_bench::percentile;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned();
    let status =
        Command::new(env!("CARGO")).args(["build", "--release", "-q", "-p", "cekbae"]).current_dir(&root).status();
    assert!(status.is_ok_and(|s| s.success()), "cannot build cekbae");
    let binary = root.join("target/release/cekbae");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Warm the directory: a few residents with sessions and a booking.
    for n in 0..20 {
        let mut child = Command::new(&binary)
            .args(["console", "--data", data.to_str().unwrap(), "--user", &format!("warga-{n}")])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"KTP 3201014502900003 HILANG\n1\n").unwrap();
        child.wait().unwrap();
    }
    let mut samples = Vec::new();
    for n in 0..30 {
        let started = Instant::now();
        let mut child = Command::new(&binary)
            .args(["console", "--data", data.to_str().unwrap(), "--user", &format!("baru-{n}")])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"halo\n").unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        samples.push(started.elapsed());
        drop(stdin);
        child.wait().unwrap();
        assert!(!first.trim().is_empty());
    }
    samples.sort();
    let median = percentile(&samples, 0.5);
    println!("start-up: process start -> first reply line on the console, warm data directory, 30 runs");
    println!(
        "  median {median:?}, p90 {:?}, max {:?} (target < 100 ms)",
        percentile(&samples, 0.9),
        samples.last().copied().unwrap_or(Duration::ZERO)
    );
}
