//! "hapus data saya": a resident's right to have their data deleted (UU 27/2022),
//! after a yes/no confirmation. The dialogue's data, the handovers, the files they sent
//! and the session go in one write; if any part fails, nothing goes and the resident is told.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{DateTime, Utc};

use super::session::Live;
use super::{Engine, EngineError, TurnOutcome, FORGET_NO, FORGET_YES};
use crate::dialogue::{Dialogue, Turn};
use crate::message::Incoming;
use crate::say::{Reply, Say};
use crate::storage::{SessionWrite, StorageError, TurnCommit, TurnTx};

/// The confirmation question.
pub(super) fn forget_question() -> Reply {
    Reply::say(Say::new("engine-forget-confirm"))
        .option(FORGET_YES, Say::new("engine-option-yes"))
        .option(FORGET_NO, Say::new("engine-option-no"))
}

impl<D: Dialogue> Engine<D> {
    /// Deletes the resident's data (they confirmed). When the dialogue or the store cannot delete it, the
    /// writes are rolled back, the conversation stays, and the resident hears that the deletion failed.
    pub(super) fn forget_resident(
        &self,
        tx: Box<dyn TurnTx + '_>,
        incoming: &Incoming,
        live: Live<D::State>,
        now: DateTime<Utc>,
    ) -> Result<TurnOutcome, EngineError> {
        let user = &incoming.user;
        tx.savepoint();
        let deleted = self.delete_everything(&*tx, &live, now);
        let (records, handovers, files) = match deleted {
            Ok(counts) => counts,
            Err(err) => {
                tx.rollback_to_savepoint();
                tracing::error!(user = %user, error = %err, "cannot delete a resident's data; they are told so");
                let replies = vec![Reply::say(Say::new("engine-forget-failed"))];
                return self.finish(tx, incoming, live, replies, now);
            }
        };
        let replies = self.render(&live.meta.locale, &[Reply::say(Say::new("engine-forget-done"))]);
        let commit = TurnCommit {
            // The next message starts afresh.
            session: SessionWrite::Delete,
            message_id: incoming.message_id.clone(),
            outbox: self.outbox_write(user, incoming.message_id.as_deref(), &replies, now),
            stats: None,
            now,
        };
        let outbox_id = tx.commit(commit)?;
        tracing::info!(user = %user, records, handovers, files, "resident's data deleted on request");
        let start = self.dialogue.start();
        Ok(TurnOutcome {
            replies,
            state: self.dialogue.state_name(&start).to_owned(),
            slots: Vec::new(),
            locale: live.meta.locale,
            duplicate: false,
            outbox_id,
        })
    }

    /// Stages the deletion of the dialogue's records, the handovers and the resident's files; (records,
    /// handovers, files) deleted, or why not (for the log).
    fn delete_everything(
        &self,
        tx: &dyn TurnTx,
        live: &Live<D::State>,
        now: DateTime<Utc>,
    ) -> Result<(usize, usize, usize), String> {
        let turn = Turn { user: tx.user(), now, locale: &live.meta.locale, store: tx };
        // A panicking `forget` is a failed deletion, not a crashed turn.
        let records = match catch_unwind(AssertUnwindSafe(|| self.dialogue.forget(&turn))) {
            Ok(res) => res.map_err(|err| err.to_string())?,
            Err(_) => return Err("the dialogue panicked while deleting".to_owned()),
        };
        let handovers = tx.handovers().forget_all().map_err(|err: StorageError| err.to_string())?;
        let files = tx.files().forget_mine().map_err(|err: StorageError| err.to_string())?;
        Ok((records, handovers, files))
    }
}
