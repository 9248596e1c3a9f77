//! Office messages that wait for the resident to write ([`crate::proactive::HELD`]): kept when the channel
//! refused them for good (outside the window, no template), sent with the answer to the resident's next
//! message, in the same commit that removes them.

use super::{Engine, EngineError};
use crate::dialogue::Dialogue;
use crate::message::{Outgoing, UserKey};
use crate::proactive::{resident_key, HELD};
use crate::storage::{SessionWrite, StorageError, TurnCommit, TurnTx};

impl<D: Dialogue> Engine<D> {
    /// Keeps `message` until `user` writes, in their turn; one held message per purpose and subject (a newer
    /// result replaces an older one).
    pub(super) fn hold(&self, user: &UserKey, message: &Outgoing) -> Result<(), EngineError> {
        let now = self.clock.now();
        let tx = self.store.begin_turn(user)?;
        let mut held = held(&*tx)?;
        let same = |it: &Outgoing| {
            let key = |m: &Outgoing| m.proactive.as_ref().map(|p| (p.purpose.clone(), p.subject.clone()));
            key(it) == key(message)
        };
        held.retain(|it| !same(it));
        held.push(message.clone());
        tx.records().put(HELD, &resident_key(user), now, serde_json::to_value(&held)?)?;
        // The session says so, so that only the turn that takes it reads the record.
        let mut record = self.record_or_fresh(&*tx, self.locales.default_locale(), now)?;
        record.meta.held = true;
        tx.commit(TurnCommit { session: SessionWrite::Put(Box::new(record)), ..TurnCommit::nothing(now) })?;
        tracing::info!(user = %user, "an office message waits for the resident to write");
        Ok(())
    }
}

/// The messages held for the turn's resident.
fn held(tx: &dyn TurnTx) -> Result<Vec<Outgoing>, StorageError> {
    let Some(record) = tx.records().get(HELD, &resident_key(tx.user()))? else { return Ok(Vec::new()) };
    serde_json::from_value(record.value).map_err(StorageError::corrupt)
}

/// Takes the messages held for the turn's resident, to go with this turn's answer (their window is open:
/// they just wrote). Removed in the turn's commit.
pub(super) fn take_held(tx: &dyn TurnTx) -> Result<Vec<Outgoing>, StorageError> {
    let mut held = held(tx)?;
    if !held.is_empty() {
        tx.records().forget_mine(HELD)?;
    }
    for proactive in held.iter_mut().filter_map(|it| it.proactive.as_mut()) {
        proactive.in_window = true;
    }
    Ok(held)
}
