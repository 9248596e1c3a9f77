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

/// Forgets the statuses recorded before `before` (the retention rules: a status names a message sent to a
/// resident). Returns how many.
pub fn prune_before(store: &dyn Store, before: DateTime<Utc>) -> Result<usize, StorageError> {
    store.statuses().prune_before(CHANNEL, before)
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

    #[test]
    fn statuses_older_than_the_cutoff_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        // A record no version could read, as a damaged disk might leave it.
        let garbage = vec![(b"wamid.garbage".to_vec(), b"not json".to_vec())];
        cekbae_sled_store::raw::write_tree(dir.path(), "whatsapp_statuses", &garbage).unwrap();
        let store = cekbae_sled_store::SledStore::open(dir.path()).unwrap();
        let now = Utc::now();
        record(&store, "wamid.old", "read", None, now - chrono::Duration::days(40)).unwrap();
        record(&store, "wamid.edge", "sent", None, now - chrono::Duration::days(30)).unwrap();
        record(&store, "wamid.new", "delivered", None, now).unwrap();
        assert_eq!(prune_before(&store, now - chrono::Duration::days(30)).unwrap(), 2, "the old one and the garbage");
        let statuses = store.statuses();
        assert_eq!(statuses.get(CHANNEL, "wamid.old").unwrap(), None);
        assert!(statuses.get(CHANNEL, "wamid.edge").unwrap().is_some(), "exactly at the cutoff stays");
        assert!(statuses.get(CHANNEL, "wamid.new").unwrap().is_some());
        assert_eq!(prune_before(&store, now - chrono::Duration::days(30)).unwrap(), 0);
    }
}
