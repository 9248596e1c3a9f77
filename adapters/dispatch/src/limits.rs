//! Protection against floods: a per-resident rate limit (one polite
//! slow-down reply, then silence until the minute is over) and a global cap
//! on queued work, so a flood cannot exhaust memory.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use cekbae_bot::UserKey;

/// The limits; see [`Limits::default`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Messages one resident may send per minute (`CEKBAE_RATE_PER_MINUTE`).
    pub per_resident_per_minute: u32,
    /// Messages that may wait in all queues together before new ones are refused.
    pub max_queued: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { per_resident_per_minute: 20, max_queued: 10_000 }
    }
}

/// What to do with one more message from a resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the limit.
    Allow,
    /// Just over the limit: answer once, asking to slow down.
    SlowDown,
    /// Still over the limit: drop it.
    Drop,
}

const WINDOW: Duration = Duration::from_secs(60);
/// Above this many tracked residents, expired windows are swept.
const SWEEP_AT: usize = 10_000;

#[derive(Debug)]
struct Window {
    started: Instant,
    count: u32,
    warned: bool,
}

/// Fixed one-minute windows per resident.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    windows: HashMap<UserKey, Window>,
}

impl RateLimiter {
    pub(crate) fn check(&mut self, user: &UserKey, limit: u32, now: Instant) -> Verdict {
        if self.windows.len() > SWEEP_AT {
            self.windows.retain(|_, w| now.duration_since(w.started) < WINDOW);
        }
        let window = self.windows.entry(user.clone()).or_insert(Window { started: now, count: 0, warned: false });
        if now.duration_since(window.started) >= WINDOW {
            *window = Window { started: now, count: 0, warned: false };
        }
        window.count += 1;
        if window.count <= limit {
            Verdict::Allow
        } else if !window.warned {
            window.warned = true;
            Verdict::SlowDown
        } else {
            Verdict::Drop
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_once_then_drops_until_the_minute_is_over() {
        let mut limiter = RateLimiter::default();
        let user = UserKey::new("test", "1");
        let other = UserKey::new("test", "2");
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check(&user, 3, start), Verdict::Allow);
        }
        assert_eq!(limiter.check(&user, 3, start), Verdict::SlowDown);
        assert_eq!(limiter.check(&user, 3, start), Verdict::Drop);
        assert_eq!(limiter.check(&other, 3, start), Verdict::Allow, "residents are limited separately");
        assert_eq!(limiter.check(&user, 3, start + WINDOW), Verdict::Allow, "a new minute");
    }

    fn flood(limiter: &mut RateLimiter, residents: usize, at: Instant) {
        for n in 0..residents {
            assert_eq!(limiter.check(&UserKey::new("flood", n.to_string()), 3, at), Verdict::Allow);
        }
    }

    #[test]
    fn a_sweep_during_a_flood_keeps_every_live_counter() {
        let mut limiter = RateLimiter::default();
        let start = Instant::now();
        let noisy = UserKey::new("test", "noisy");
        for _ in 0..3 {
            limiter.check(&noisy, 3, start);
        }
        assert_eq!(limiter.check(&noisy, 3, start), Verdict::SlowDown);
        flood(&mut limiter, SWEEP_AT + 10, start);
        // Half a minute later every window is still live: a sweep must free none of them.
        let later = start + WINDOW / 2;
        assert_eq!(limiter.check(&UserKey::new("test", "late"), 3, later), Verdict::Allow);
        assert_eq!(limiter.windows.len(), SWEEP_AT + 12, "live windows survive the sweep");
        assert_eq!(limiter.check(&noisy, 3, later), Verdict::Drop, "the noisy resident is still limited");
    }

    #[test]
    fn expired_windows_are_freed_once_there_are_more_than_the_sweep_threshold() {
        let mut limiter = RateLimiter::default();
        let start = Instant::now();
        flood(&mut limiter, SWEEP_AT, start);
        let expired = start + WINDOW;
        // At the threshold nothing is swept yet; one more resident is above it.
        limiter.check(&UserKey::new("test", "one"), 3, expired);
        assert_eq!(limiter.windows.len(), SWEEP_AT + 1, "not above the threshold before this check");
        limiter.check(&UserKey::new("test", "two"), 3, expired);
        assert_eq!(limiter.windows.len(), 2, "a window a full minute old is freed; the two live ones stay");
    }
}
