//! How old a channel message may be and still be processed.
//!
//! A message id is remembered for [`SEEN_IDS_KEPT_DAYS`]; after that, a signed
//! webhook captured on the way ("hapus data saya", "ya") could be sent again and
//! would be processed as new. So a message older than [`max_age`], the window
//! less a margin for clocks that disagree, is not processed at all: WhatsApp
//! redelivers for up to seven days, and Telegram keeps updates for one.

use chrono::{DateTime, Duration, Utc};

/// Days processed message ids are remembered (`cekbae purge` forgets older ones).
pub const SEEN_IDS_KEPT_DAYS: i64 = 8;
/// Days kept between the oldest message processed and the oldest id remembered.
pub const MARGIN_DAYS: i64 = 1;

/// The oldest a message may be and still be processed.
pub fn max_age() -> Duration {
    Duration::days(SEEN_IDS_KEPT_DAYS - MARGIN_DAYS)
}

/// Whether a message sent at `sent_at` is too old to process at `now`. A message
/// that names no time (none from the channels, only hand-made ones) is not.
pub fn is_stale(sent_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    sent_at.is_some_and(|sent_at| now - sent_at > max_age())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_stale_once_older_than_the_window_less_the_margin() {
        let now = DateTime::parse_from_rfc3339("2026-12-10T08:00:00+07:00").unwrap().with_timezone(&Utc);
        assert!(!is_stale(Some(now), now));
        assert!(!is_stale(Some(now - Duration::days(6)), now));
        assert!(!is_stale(Some(now - max_age()), now), "exactly the maximum age is still fresh");
        assert!(is_stale(Some(now - max_age() - Duration::seconds(1)), now));
        assert!(is_stale(Some(now - Duration::days(9)), now), "day 0's message replayed on day 9");
        assert!(!is_stale(Some(now + Duration::minutes(5)), now), "a clock a little ahead");
        assert!(!is_stale(None, now));
        assert!(max_age() < Duration::days(SEEN_IDS_KEPT_DAYS), "ids outlive the messages processed");
        assert!(max_age() >= Duration::days(7), "WhatsApp's redeliveries within a week are processed");
    }
}
