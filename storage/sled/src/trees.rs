//! The trees of one data directory. Names and record layouts are those older versions wrote, so an office's
//! existing data directory keeps working (pinned by `tests/upgrade.rs`).

use cekbae_bot::storage::StorageError;

use crate::error::SledResult;

/// A tree a turn may write to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TreeId {
    /// user key → session record (sealed).
    Sessions,
    /// `channel:message id` → when it was processed (big-endian seconds).
    Seen,
    /// outbox id → entry (sealed).
    Outbox,
    /// conversation id → anonymous statistics (JSON).
    Conversations,
    /// handover id → handover (sealed).
    Handovers,
    /// user key → id of the resident's open handover.
    HandoverOpen,
    /// `kind \0 key` → a dialogue's record (sealed).
    Records,
}

/// Every tree the store uses.
#[derive(Debug, Clone)]
pub(crate) struct Trees {
    pub(crate) sessions: sled::Tree,
    pub(crate) seen: sled::Tree,
    pub(crate) outbox: sled::Tree,
    /// inbox id → accepted message (sealed); written outside turns.
    pub(crate) inbox: sled::Tree,
    pub(crate) conversations: sled::Tree,
    pub(crate) handovers: sled::Tree,
    pub(crate) handover_open: sled::Tree,
    pub(crate) records: sled::Tree,
    /// name → last value handed out.
    pub(crate) sequences: sled::Tree,
    /// Key material: `nik_key`, `pseudonym_salt`.
    pub(crate) meta: sled::Tree,
    /// id → audit entry.
    pub(crate) audit_log: sled::Tree,
}

impl Trees {
    pub(crate) fn open(db: &sled::Db) -> Result<Self, StorageError> {
        Ok(Self {
            sessions: db.open_tree("sessions").storage()?,
            seen: db.open_tree("seen_messages").storage()?,
            outbox: db.open_tree("outbox").storage()?,
            inbox: db.open_tree("inbox").storage()?,
            conversations: db.open_tree("conversations").storage()?,
            handovers: db.open_tree("handovers").storage()?,
            handover_open: db.open_tree("handover_open").storage()?,
            records: db.open_tree("records").storage()?,
            sequences: db.open_tree("sequences").storage()?,
            meta: db.open_tree("meta").storage()?,
            audit_log: db.open_tree("audit_log").storage()?,
        })
    }

    pub(crate) fn get(&self, id: TreeId) -> &sled::Tree {
        match id {
            TreeId::Sessions => &self.sessions,
            TreeId::Seen => &self.seen,
            TreeId::Outbox => &self.outbox,
            TreeId::Conversations => &self.conversations,
            TreeId::Handovers => &self.handovers,
            TreeId::HandoverOpen => &self.handover_open,
            TreeId::Records => &self.records,
        }
    }
}
