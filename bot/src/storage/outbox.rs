//! Replies waiting to be delivered: written in the same atomic step as the turn that produced them, claimed
//! by the instance that delivers them, removed once the channel accepted them.
//!
//! A channel that sends over the network (WhatsApp, Telegram) may fail, or the process may stop, between a
//! turn and its delivery. Because the session and the processed message id are stored first, a redelivered
//! message is not answered twice; the outbox makes sure the first answer is not lost either.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::StorageError;
use crate::message::{Outgoing, UserKey};

/// One turn's replies to one resident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Who the replies are for.
    pub user: UserKey,
    /// The inbound message they answer, if the channel has ids.
    pub message_id: Option<String>,
    /// The replies, in order.
    pub replies: Vec<Outgoing>,
    /// When the turn ran.
    pub at: DateTime<Utc>,
}

/// The outbox: accept (in a turn's commit) → claim → complete.
///
/// A claim is a lease: the claiming instance delivers the entry; if it dies, the lease runs out and another
/// instance's claim takes the entry over. Entries a backend cannot read are dropped with a warning.
pub trait Outbox {
    /// Every undelivered entry, claimed or not, oldest first.
    fn pending(&self) -> Result<Vec<(u64, OutboxEntry)>, StorageError>;

    /// Claims, for this instance and for `lease`, up to `limit` undelivered entries that nobody holds a live
    /// lease on, oldest first.
    fn claim(&self, lease: Duration, limit: usize) -> Result<Vec<(u64, OutboxEntry)>, StorageError>;

    /// An entry as it is now, if still undelivered (a resend reads it again just before sending).
    fn get(&self, id: u64) -> Result<Option<OutboxEntry>, StorageError>;

    /// Records that the first `sent` replies went out: the entry keeps only the others (or goes, if none is
    /// left), so a resend does not repeat a bubble.
    fn partly_delivered(&self, id: u64, sent: usize) -> Result<(), StorageError>;

    /// Removes a delivered (or undeliverable) entry.
    fn complete(&self, id: u64) -> Result<(), StorageError>;

    /// Gives up this instance's claim (a delivery failed for now): the next claim may take the entry.
    fn release(&self, id: u64) -> Result<(), StorageError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Location;

    #[test]
    fn entries_stored_before_locations_existed_still_load_and_new_ones_round_trip() {
        let stored = r#"{"user":{"channel":"whatsapp","id":"628123"},"message_id":"wamid.1",
            "replies":[{"text":"Halo","options":[],"choose_label":""}],"at":"2026-11-30T01:00:00Z"}"#;
        let entry: OutboxEntry = serde_json::from_str(stored).expect("an old entry loads");
        assert_eq!(entry.replies[0].location, None);
        let mut pinned = entry.clone();
        pinned.replies[0].location = Some(Location {
            latitude: -6.57677,
            longitude: 106.635715,
            name: "Kantor Kecamatan Leuwiliang".into(),
            address: "Jl. Moh. Noh Nur 16640".into(),
        });
        let again: OutboxEntry = serde_json::from_str(&serde_json::to_string(&pinned).unwrap()).unwrap();
        assert_eq!(again, pinned);
        assert!(!serde_json::to_string(&entry).unwrap().contains("location"), "absent when there is none");
    }
}
