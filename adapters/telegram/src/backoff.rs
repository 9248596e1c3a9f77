//! How long to wait after a failed call to the Bot API that must eventually
//! work (getUpdates, setWebhook): Telegram's own `retry_after` when it gives
//! one, else 1 s doubling up to a minute, back to 1 s after a success.

use std::time::Duration;

use teloxide::RequestError;

const FIRST: Duration = Duration::from_secs(1);
const MAX: Duration = Duration::from_secs(60);

/// The growing wait between attempts.
#[derive(Debug, Clone)]
pub(crate) struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self { next: FIRST }
    }
}

impl Backoff {
    /// The shortest wait, for pauses that are not about an error (full queues).
    pub(crate) const FIRST: Duration = FIRST;

    /// After a success: the next failure waits the shortest time again.
    pub(crate) fn reset(&mut self) {
        self.next = FIRST;
    }

    /// The wait after `error`; logs it as a failure of `call`.
    pub(crate) fn after(&mut self, call: &str, error: &RequestError) -> Duration {
        if let RequestError::RetryAfter(seconds) = error {
            return seconds.duration().min(MAX);
        }
        let wait = self.next;
        tracing::warn!(error = %error, wait_s = wait.as_secs(), "Telegram {call} failed; retrying");
        self.next = (self.next * 2).min(MAX);
        wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_a_minute_and_start_again_after_a_success() {
        let mut backoff = Backoff::default();
        let error = RequestError::Io(std::io::Error::other("down").into());
        let waits: Vec<u64> = (0..8).map(|_| backoff.after("getUpdates", &error).as_secs()).collect();
        assert_eq!(waits, vec![1, 2, 4, 8, 16, 32, 60, 60]);
        backoff.reset();
        assert_eq!(backoff.after("getUpdates", &error), Duration::from_secs(1));
        let told = RequestError::RetryAfter(teloxide::types::Seconds::from_seconds(7));
        assert_eq!(backoff.after("getUpdates", &told), Duration::from_secs(7), "Telegram's own wait wins");
    }
}
