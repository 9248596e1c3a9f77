//! Sequences (`sequences`: name → the last value handed out), bumped atomically outside any transaction (a
//! turn rolled back leaves a gap, never a repeat).

use std::collections::HashMap;
use std::sync::Mutex;

use cekbae_bot::storage::{ErrorKind, Sequence, StorageError};

use crate::codec::key_id;
use crate::error::SledResult;
use crate::section::Section;
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

/// Sequences drawn for nearly every message (its inbox entry, its replies' outbox entry): reserved [`BLOCK`]
/// at a time, so a draw is usually a counter in memory rather than two writes to sled. A process that stops
/// leaves the rest of its block unused (a gap, never a repeat); their ids are never shown to anyone.
const IN_BLOCKS: &[&str] = &[OUTBOX, INBOX];
const BLOCK: u64 = 1024;

/// Blocks of ids reserved in the `sequences` tree and not handed out yet: name → (next, last).
#[derive(Debug, Default)]
pub(crate) struct Blocks(Mutex<HashMap<&'static str, (u64, u64)>>);

impl Blocks {
    /// Forgets every reserved block (after records with their own ids were loaded into the store).
    pub(crate) fn clear(&self) {
        self.0.lock().unwrap_or_else(|it| it.into_inner()).clear();
    }
}

impl SledStore {
    /// The next value of a sequence. A built-in sequence starts above every id the database generated before
    /// sequences existed (sled's `generate_id`, and the largest id in the tree that holds those ids), so no
    /// older record is ever overwritten; a dialogue's own starts at 1.
    pub(crate) fn next_in(&self, sequence: &str) -> Result<u64, StorageError> {
        let Some(name) = IN_BLOCKS.iter().find(|it| **it == sequence) else { return self.draw(sequence, 1) };
        let mut blocks = self.inner.blocks.0.lock().unwrap_or_else(|it| it.into_inner());
        let block = blocks.entry(name).or_insert((1, 0));
        if block.0 > block.1 {
            let last = self.draw(sequence, BLOCK)?;
            *block = (last - (BLOCK - 1), last);
        }
        let id = block.0;
        block.0 += 1;
        Ok(id)
    }

    /// Moves a sequence on by `count` in the `sequences` tree; the value it now has.
    fn draw(&self, sequence: &str, count: u64) -> Result<u64, StorageError> {
        let sequences = &self.trees().sequences;
        let floor = match sequences.get(sequence).storage()? {
            Some(_) => 0,
            None if sequence.starts_with(DIALOGUE) => 0,
            None => self.legacy_floor(sequence)?,
        };
        let value = sequences
            .update_and_fetch(sequence, |old| {
                let current = old.and_then(key_id).unwrap_or(floor);
                Some(current.saturating_add(count).to_be_bytes().to_vec())
            })
            .storage()?;
        value.as_deref().and_then(key_id).ok_or_else(|| StorageError::of_kind(ErrorKind::CorruptRecord))
    }

    /// The largest id older versions may have used for a built-in sequence.
    fn legacy_floor(&self, sequence: &str) -> Result<u64, StorageError> {
        let trees = self.trees();
        let holder = match sequence {
            CONVERSATION => Some(trees.conversations()),
            OUTBOX => Some(trees.outbox()),
            INBOX => Some(Section::whole(&trees.inbox)),
            HANDOVER => Some(Section::whole(&trees.handovers)),
            AUDIT => Some(Section::whole(&trees.audit_log)),
            SURVEY => Some(Section::whole(&trees.survey_responses)),
            _ => None,
        };
        let largest = match holder {
            Some(tree) => tree.last().storage()?.and_then(|(key, _)| key_id(&key)).unwrap_or(0),
            None => 0,
        };
        Ok(self.inner.db.generate_id().storage()?.max(largest))
    }
}
