//! Delivery statuses of sent messages, kept by the store ([`cekbae_bot::storage::ChannelStatuses`]).
//!
//! Meta may deliver statuses late and out of order, and one message gets
//! several; a late `delivered` must never overwrite `read`, so a status only
//! replaces one of lower rank.

use chrono::{DateTime, Utc};

use cekbae_bot::storage::{StatusRecord, StorageError};
use cekbae_bot::Store;

use crate::CHANNEL;

/// WhatsApp's order of statuses: a higher one is never replaced by a lower one.
pub fn rank(status: &str) -> u8 {
    match status {
        "sent" => 1,
        "delivered" => 2,
        "read" => 3,
        "played" => 4,
        "failed" => 5,
        _ => 0,
    }
}

/// Records a status of a sent message unless a higher one is already known. Returns whether it was stored.
pub fn record(
    store: &dyn Store,
    message_id: &str,
    status: &str,
    error_code: Option<i64>,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    let new = StatusRecord { status: status.to_owned(), error_code, at: now };
    store.statuses().record(CHANNEL, message_id, &new, rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_lower_status_never_overwrites_a_higher_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = cekbae_sled_store::SledStore::open(dir.path()).unwrap();
        let now = Utc::now();
        assert!(record(&store, "wamid.1", "sent", None, now).unwrap());
        assert!(record(&store, "wamid.1", "read", None, now).unwrap());
        assert!(!record(&store, "wamid.1", "delivered", None, now).unwrap());
        let statuses = store.statuses();
        assert_eq!(statuses.get(CHANNEL, "wamid.1").unwrap().unwrap().status, "read");
        assert!(record(&store, "wamid.2", "failed", Some(131047), now).unwrap());
        assert_eq!(statuses.get(CHANNEL, "wamid.2").unwrap().unwrap().error_code, Some(131047));
        assert_eq!(statuses.counts(CHANNEL).unwrap().get("read"), Some(&1));
    }
}
