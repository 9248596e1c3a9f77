//! Answering a burst of messages once. A phone sends an album as one message per photo, seconds apart (in one
//! delivery or several); the same answer to each would bury the first, so an answer every message of the burst
//! would get is said for the first and not repeated for the others.

use chrono::{DateTime, TimeDelta, Utc};

/// Messages within this long of the last one answered belong to its burst.
pub const BURST: TimeDelta = TimeDelta::seconds(60);

/// Whether a message at `now` is to be answered: not when it falls within [`BURST`] of `answered_at` (the
/// last answer of the kind). When it is, `answered_at` becomes `now`.
pub fn answer_once(answered_at: &mut Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    if answered_at.is_some_and(|at| now - at < BURST) {
        return false;
    }
    *answered_at = Some(now);
    true
}
