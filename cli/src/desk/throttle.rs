//! Slows down token guessing on the admin API: after [`FAILURES_ALLOWED`] wrong or
//! missing tokens from one address within [`WINDOW`], every request from that
//! address is refused (429) until the window is over, before its token is even
//! looked at, so a guesser learns nothing more.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong tokens one address may send per window.
pub const FAILURES_ALLOWED: u32 = 10;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most; beyond it, finished windows are forgotten.
const REMEMBERED: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Failed attempts per address.
#[derive(Debug, Default)]
pub struct Throttle {
    windows: Mutex<HashMap<Option<IpAddr>, Window>>,
}

impl Throttle {
    /// How long `peer` must wait before trying again, if it used up its failures.
    pub fn blocked(&self, peer: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let windows = self.windows.lock().unwrap_or_else(|it| it.into_inner());
        let window = windows.get(&peer)?;
        let elapsed = now.duration_since(window.started);
        (window.failures >= FAILURES_ALLOWED && elapsed < WINDOW).then(|| WINDOW - elapsed)
    }

    /// Counts a wrong or missing token from `peer`.
    pub fn failed(&self, peer: Option<IpAddr>, now: Instant) {
        let mut windows = self.windows.lock().unwrap_or_else(|it| it.into_inner());
        if windows.len() >= REMEMBERED {
            windows.retain(|_, window| now.duration_since(window.started) < WINDOW);
        }
        let window = windows.entry(peer).or_insert(Window { started: now, failures: 0 });
        if now.duration_since(window.started) >= WINDOW {
            *window = Window { started: now, failures: 0 };
        }
        window.failures += 1;
        if window.failures == FAILURES_ALLOWED {
            tracing::warn!(peer = ?peer, "admin API: too many wrong tokens; this address waits a minute");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_that_keeps_guessing_waits_out_the_window() {
        let throttle = Throttle::default();
        let guesser = Some(IpAddr::from([127, 0, 0, 1]));
        let other = Some(IpAddr::from([127, 0, 0, 2]));
        let start = Instant::now();
        for _ in 0..FAILURES_ALLOWED - 1 {
            throttle.failed(guesser, start);
        }
        assert_eq!(throttle.blocked(guesser, start), None, "a few mistakes are allowed");
        throttle.failed(guesser, start);
        assert_eq!(throttle.blocked(guesser, start + Duration::from_secs(20)), Some(Duration::from_secs(40)));
        assert_eq!(throttle.blocked(other, start), None, "other addresses are not affected");
        assert_eq!(throttle.blocked(guesser, start + WINDOW), None, "the next minute");
        throttle.failed(guesser, start + WINDOW);
        assert_eq!(throttle.blocked(guesser, start + WINDOW), None, "counting starts again");
    }
}
