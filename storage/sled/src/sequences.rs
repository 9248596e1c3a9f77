//! Sequences (`sequences`: name → the last value handed out), bumped atomically outside any transaction (a
//! turn rolled back leaves a gap, never a repeat).

use cekbae_bot::storage::{ErrorKind, Sequence, StorageError};

use crate::codec::key_id;
use crate::error::SledResult;
use crate::SledStore;

/// Conversation ids of the statistics.
pub(crate) const CONVERSATION: &str = "conversation";
/// Request ids of dialogues.
pub(crate) const REQUEST: &str = "request";
/// Outbox entry ids.
pub(crate) const OUTBOX: &str = "outbox";
/// Inbox entry ids.
pub(crate) const INBOX: &str = "inbox";
/// Handover ids.
pub(crate) const HANDOVER: &str = "handover";
/// Audit entry ids.
pub(crate) const AUDIT: &str = "audit";
/// Survey response ids.
pub(crate) const SURVEY: &str = "survey";
/// File ids (pending and stored files share them).
pub(crate) const FILE: &str = "file";
/// The prefix of dialogues' own sequences (kept apart from the built-in ones).
pub(crate) const DIALOGUE: &str = "dialogue:";
/// Every built-in sequence.
pub(crate) const BUILT_IN: &[&str] = &[CONVERSATION, REQUEST, OUTBOX, INBOX, HANDOVER, AUDIT, SURVEY, FILE];

/// The name under which a sequence is kept.
pub(crate) fn name(sequence: Sequence<'_>) -> String {
    match sequence {
        Sequence::Conversation => CONVERSATION.to_owned(),
        Sequence::Request => REQUEST.to_owned(),
        Sequence::Dialogue(name) => format!("{DIALOGUE}{name}"),
    }
}

impl SledStore {
    /// The next value of a sequence. A built-in sequence starts above every id the database generated before
    /// sequences existed (sled's `generate_id`, and the largest id in the tree that holds those ids), so no
    /// older record is ever overwritten; a dialogue's own starts at 1.
    pub(crate) fn next_in(&self, sequence: &str) -> Result<u64, StorageError> {
        let sequences = &self.trees().sequences;
        let floor = match sequences.get(sequence).storage()? {
            Some(_) => 0,
            None if sequence.starts_with(DIALOGUE) => 0,
            None => self.legacy_floor(sequence)?,
        };
        let value = sequences
            .update_and_fetch(sequence, |old| {
                let current = old.and_then(key_id).unwrap_or(floor);
                Some(current.saturating_add(1).to_be_bytes().to_vec())
            })
            .storage()?;
        value.as_deref().and_then(key_id).ok_or_else(|| StorageError::of_kind(ErrorKind::CorruptRecord))
    }

    /// The largest id older versions may have used for a built-in sequence.
    fn legacy_floor(&self, sequence: &str) -> Result<u64, StorageError> {
        let trees = self.trees();
        let holder = match sequence {
            CONVERSATION => Some(&trees.conversations),
            OUTBOX => Some(&trees.outbox),
            INBOX => Some(&trees.inbox),
            HANDOVER => Some(&trees.handovers),
            AUDIT => Some(&trees.audit_log),
            SURVEY => Some(&trees.survey_responses),
            _ => None,
        };
        let largest = match holder {
            Some(tree) => tree.last().storage()?.and_then(|(key, _)| key_id(&key)).unwrap_or(0),
            None => 0,
        };
        Ok(self.inner.db.generate_id().storage()?.max(largest))
    }
}
