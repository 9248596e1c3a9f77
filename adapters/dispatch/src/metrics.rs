//! What this instance counted, for `GET /metrics` in Prometheus' text format: messages received by channel,
//! turns and their latency, replies that could not be sent, webhooks refused by cause. Counts only, never
//! a resident or a message: the numbers are this instance's (several instances are summed by Prometheus).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the turn latency histogram, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

/// The counters of one instance.
#[derive(Debug, Default)]
pub struct Metrics {
    received: Mutex<BTreeMap<String, u64>>,
    rejected: Mutex<BTreeMap<&'static str, u64>>,
    sends_failed: AtomicU64,
    turns: AtomicU64,
    /// Turns at or below each of [`BUCKETS`].
    buckets: [AtomicU64; BUCKETS.len()],
    turn_micros: AtomicU64,
    files_fetched: AtomicU64,
    fetch_failures: Mutex<BTreeMap<&'static str, u64>>,
}

/// Gauges read from storage at each scrape (shared by every instance).
#[derive(Debug, Clone, Copy, Default)]
pub struct Backlog {
    /// Accepted messages whose turn is not stored yet.
    pub inbox: usize,
    /// Replies not yet delivered.
    pub outbox: usize,
    /// Bookings waiting for their day.
    pub bookings: usize,
}

impl Metrics {
    /// A message from a resident of `channel` was accepted.
    pub fn received(&self, channel: &str) {
        *lock(&self.received).entry(channel.to_owned()).or_default() += 1;
    }

    /// A webhook was refused, for `cause` (`signature`, `body`, `busy`, `too-old`, `secret`).
    pub fn rejected(&self, cause: &'static str) {
        *lock(&self.rejected).entry(cause).or_default() += 1;
    }

    /// A delivery failed (for now or for good).
    pub fn send_failed(&self) {
        self.sends_failed.fetch_add(1, Ordering::Relaxed);
    }

    /// A file a resident sent was fetched from their channel.
    pub fn file_fetched(&self) {
        self.files_fetched.fetch_add(1, Ordering::Relaxed);
    }

    /// Fetching a file failed (tried again later or given up), for `cause` (`too-large`, `not-found`,
    /// `checksum`, `timed-out`, `unavailable`, `refused`).
    pub fn fetch_failed(&self, cause: &'static str) {
        *lock(&self.fetch_failures).entry(cause).or_default() += 1;
    }

    /// A turn ran in `took`.
    pub fn turn(&self, took: Duration) {
        self.turns.fetch_add(1, Ordering::Relaxed);
        self.turn_micros.fetch_add(u64::try_from(took.as_micros()).unwrap_or(u64::MAX), Ordering::Relaxed);
        let seconds = took.as_secs_f64();
        for (bound, count) in BUCKETS.iter().zip(&self.buckets) {
            if seconds <= *bound {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Everything in Prometheus' text exposition format, with the storage's `backlog`.
    pub fn render(&self, backlog: Option<Backlog>) -> String {
        let mut out = String::new();
        family(
            &mut out,
            "cekbae_messages_received_total",
            "counter",
            "Messages accepted from residents by this instance, by channel.",
        );
        for (channel, count) in lock(&self.received).iter() {
            let _ = writeln!(out, "cekbae_messages_received_total{{channel=\"{channel}\"}} {count}");
        }
        family(&mut out, "cekbae_webhook_rejections_total", "counter", "Webhooks this instance refused, by cause.");
        for (cause, count) in lock(&self.rejected).iter() {
            let _ = writeln!(out, "cekbae_webhook_rejections_total{{cause=\"{cause}\"}} {count}");
        }
        let turns = self.turns.load(Ordering::Relaxed);
        family(&mut out, "cekbae_turns_total", "counter", "Turns this instance ran.");
        let _ = writeln!(out, "cekbae_turns_total {turns}");
        family(&mut out, "cekbae_turn_seconds", "histogram", "How long a turn took, storage included.");
        for (bound, count) in BUCKETS.iter().zip(&self.buckets) {
            let _ = writeln!(out, "cekbae_turn_seconds_bucket{{le=\"{bound}\"}} {}", count.load(Ordering::Relaxed));
        }
        let _ = writeln!(out, "cekbae_turn_seconds_bucket{{le=\"+Inf\"}} {turns}");
        let sum = self.turn_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "cekbae_turn_seconds_sum {sum}");
        let _ = writeln!(out, "cekbae_turn_seconds_count {turns}");
        family(
            &mut out,
            "cekbae_sends_failed_total",
            "counter",
            "Deliveries that failed on this instance (retried or given up).",
        );
        let _ = writeln!(out, "cekbae_sends_failed_total {}", self.sends_failed.load(Ordering::Relaxed));
        family(&mut out, "cekbae_files_fetched_total", "counter", "Files residents sent, fetched by this instance.");
        let _ = writeln!(out, "cekbae_files_fetched_total {}", self.files_fetched.load(Ordering::Relaxed));
        family(
            &mut out,
            "cekbae_file_fetch_failures_total",
            "counter",
            "Attempts to fetch a file that failed on this instance (tried again or given up), by cause.",
        );
        for (cause, count) in lock(&self.fetch_failures).iter() {
            let _ = writeln!(out, "cekbae_file_fetch_failures_total{{cause=\"{cause}\"}} {count}");
        }
        if let Some(backlog) = backlog {
            family(
                &mut out,
                "cekbae_inbox_backlog",
                "gauge",
                "Accepted messages whose turn is not stored yet (all instances).",
            );
            let _ = writeln!(out, "cekbae_inbox_backlog {}", backlog.inbox);
            family(&mut out, "cekbae_outbox_backlog", "gauge", "Replies not yet delivered (all instances).");
            let _ = writeln!(out, "cekbae_outbox_backlog {}", backlog.outbox);
            family(&mut out, "cekbae_bookings", "gauge", "Bookings waiting for their day (all instances).");
            let _ = writeln!(out, "cekbae_bookings {}", backlog.bookings);
        }
        out
    }
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Counters hold no invariant a panic could break.
    mutex.lock().unwrap_or_else(|it| it.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_a_cumulative_histogram_and_the_backlog() {
        let metrics = Metrics::default();
        metrics.received("whatsapp");
        metrics.received("whatsapp");
        metrics.received("telegram");
        metrics.rejected("signature");
        metrics.turn(Duration::from_micros(800));
        metrics.turn(Duration::from_millis(30));
        metrics.send_failed();
        metrics.file_fetched();
        metrics.fetch_failed("timed-out");
        metrics.fetch_failed("timed-out");
        let text = metrics.render(Some(Backlog { inbox: 1, outbox: 2, bookings: 3 }));
        for line in [
            "cekbae_messages_received_total{channel=\"whatsapp\"} 2",
            "cekbae_messages_received_total{channel=\"telegram\"} 1",
            "cekbae_webhook_rejections_total{cause=\"signature\"} 1",
            "cekbae_turns_total 2",
            "cekbae_turn_seconds_bucket{le=\"0.001\"} 1",
            "cekbae_turn_seconds_bucket{le=\"0.025\"} 1",
            "cekbae_turn_seconds_bucket{le=\"0.05\"} 2",
            "cekbae_turn_seconds_bucket{le=\"+Inf\"} 2",
            "cekbae_turn_seconds_count 2",
            "cekbae_sends_failed_total 1",
            "cekbae_files_fetched_total 1",
            "cekbae_file_fetch_failures_total{cause=\"timed-out\"} 2",
            "cekbae_inbox_backlog 1",
            "cekbae_outbox_backlog 2",
            "cekbae_bookings 3",
            "# TYPE cekbae_turn_seconds histogram",
        ] {
            assert!(text.lines().any(|it| it == line), "{line} missing from\n{text}");
        }
    }
}
