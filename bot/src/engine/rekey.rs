//! A resident whose channel id changed (WhatsApp's `user_changed_number`): their conversation, bookings and
//! the files they sent move to the new id, so reminders and the desk reach them there. One turn at a time
//! (never two held at once): the old session is read, the new id takes it (unless it has one of its own)
//! with the bookings and files in one write, then the old session goes.

use super::{Engine, EngineError};
use crate::dialogue::Dialogue;
use crate::message::UserKey;
use crate::storage::{SessionWrite, TurnCommit};

impl<D: Dialogue> Engine<D> {
    /// Moves `from`'s conversation, bookings and files to `to`. Returns how many bookings moved.
    pub fn move_resident(&self, from: &UserKey, to: &UserKey) -> Result<usize, EngineError> {
        if from == to {
            return Ok(0);
        }
        let now = self.clock.now();
        let old = {
            let tx = self.store.begin_turn(from)?;
            self.load_record(&*tx)?
        };
        let tx = self.store.begin_turn(to)?;
        let session = match (self.load_record(&*tx)?, old) {
            (None, Some(record)) => SessionWrite::Put(Box::new(record)),
            _ => SessionWrite::Keep,
        };
        let moved = tx.bookings().take_over(from)?;
        let files = tx.files().take_over(from)?;
        tx.commit(TurnCommit { session, ..TurnCommit::nothing(now) })?;
        let tx = self.store.begin_turn(from)?;
        tx.commit(TurnCommit { session: SessionWrite::Delete, ..TurnCommit::nothing(now) })?;
        tracing::info!(from = %from, to = %to, bookings = moved, files, "a resident's number changed; conversation, bookings and files moved");
        Ok(moved)
    }
}
