//! "hapus data saya": a resident's right to have their data deleted (UU 27/2022),
//! after a yes/no confirmation.

use chrono::{DateTime, Utc};

use super::{Engine, EngineError, Live, TurnOutcome, FORGET_NO, FORGET_YES};
use crate::dialogue::{Dialogue, Input};
use crate::message::Incoming;
use crate::say::{Reply, Say};
use crate::store::TurnWrite;
use crate::words::Intent;

/// The confirmation question.
pub(super) fn forget_question() -> Reply {
    Reply::say(Say::new("engine-forget-confirm"))
        .option(FORGET_YES, Say::new("engine-option-yes"))
        .option(FORGET_NO, Say::new("engine-option-no"))
}

impl<D: Dialogue> Engine<D> {
    /// Deletes the resident's data if they confirmed; `None` if this input is not a yes.
    pub(super) fn answer_forget(
        &self,
        incoming: &Incoming,
        live: &Live<D::State>,
        input: &Input,
        now: DateTime<Utc>,
    ) -> Result<Option<TurnOutcome>, EngineError> {
        let yes = input.choice.as_deref() == Some(FORGET_YES) || input.intent == Some(Intent::Yes);
        if !yes {
            return Ok(None);
        }
        let user = &incoming.user;
        let records = self.dialogue.forget(user);
        let handovers = self.store.handovers().forget_user(user)?;
        self.store.remove(user)?;
        tracing::info!(user = %user, records, handovers, "resident's data deleted on request");
        let replies = self.render(&live.locale, &[Reply::say(Say::new("engine-forget-done"))]);
        let entry = self.outbox_entry(user, incoming.message_id.as_deref(), &replies, now)?;
        let write = TurnWrite { message_id: incoming.message_id.as_deref(), outbox: entry.as_deref(), stats: None };
        // No session is written: the next message starts afresh.
        let outbox_id = self.store.write_turn(user, None, write, now)?;
        let start = self.dialogue.start();
        Ok(Some(TurnOutcome {
            replies,
            state: self.dialogue.state_name(&start).to_owned(),
            slots: Vec::new(),
            locale: live.locale.clone(),
            duplicate: false,
            outbox_id,
        }))
    }
}
