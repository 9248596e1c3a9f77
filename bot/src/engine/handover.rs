//! The engine's side of handovers: opening one on `petugas`, keeping the bot
//! quiet while it is open, ending it on `menu`/`batal` or after the idle limit,
//! and delivering a petugas's replies in the resident's conversation.

use chrono::{DateTime, Utc};

use super::session::Live;
use super::{Engine, EngineError};
use crate::dialogue::{Dialogue, Input};
use crate::handover::{Closed, Handover, HandoverLine, Party};
use crate::proactive::purpose;
use crate::say::{Reply, Say};
use crate::storage::TurnTx;
use crate::text;
use crate::unsafe_chars;
use crate::words::Command;

/// How many of the resident's last messages go with a handover.
const RECENT_MESSAGES: usize = 3;
/// Longest message kept for a petugas to read.
const RECENT_CHARS: usize = 300;

/// What an open handover means for this turn.
pub(super) enum HandoverTurn {
    /// No handover is open: the bot answers as usual.
    None,
    /// A handover is open: the message goes to the petugas; these are the only replies.
    Quiet(Vec<Reply>),
    /// The handover just ended; say this, then answer as usual.
    Ended(Reply),
}

impl<D: Dialogue> Engine<D> {
    pub(super) fn follow_handover(
        &self,
        tx: &dyn TurnTx,
        input: &Input,
        command: Option<&Command>,
        now: DateTime<Utc>,
    ) -> Result<HandoverTurn, EngineError> {
        let user = tx.user();
        let store = tx.handovers();
        let Some(open) = store.open()? else { return Ok(HandoverTurn::None) };
        let ended = Reply::say(Say::new("engine-handover-ended"));
        if now - open.last_activity_at > self.config.handover_idle {
            store.close(open.id, Closed::Idle, now)?;
            tracing::info!(user = %user, handover = open.id, "handover ended: idle");
            return Ok(HandoverTurn::Ended(ended));
        }
        if matches!(command, Some(Command::Menu | Command::Cancel)) {
            store.close(open.id, Closed::Resident, now)?;
            tracing::info!(user = %user, handover = open.id, "handover ended by the resident");
            return Ok(HandoverTurn::Ended(ended));
        }
        let line = HandoverLine { at: now, from: Party::Resident, text: for_petugas(&input.text) };
        store.add_line(open.id, line)?;
        tracing::info!(user = %user, handover = open.id, "message passed to the petugas");
        // Until a petugas answers, say that the message is waiting for one; then stay quiet.
        let replies =
            if open.first_reply_at.is_none() { vec![Reply::say(Say::new("engine-handover-waiting"))] } else { vec![] };
        Ok(HandoverTurn::Quiet(replies))
    }

    pub(super) fn start_handover(
        &self,
        tx: &dyn TurnTx,
        live: &Live<D::State>,
        input: &Input,
        now: DateTime<Utc>,
    ) -> Result<Handover, EngineError> {
        let user = tx.user();
        let reason = if input.choice.as_deref() == Some("cmd:human") { "offered" } else { "asked" };
        let lines = live
            .meta
            .recent
            .iter()
            .map(|text| HandoverLine { at: now, from: Party::Resident, text: text.clone() })
            .collect();
        let handover = tx.handovers().start(Handover {
            id: 0,
            user: user.clone(),
            opened_at: now,
            reason: reason.to_owned(),
            during_hours: self.dialogue.staffed(now),
            summary: self.slots_of(&live.state),
            lines,
            first_reply_at: None,
            last_activity_at: now,
            closed: None,
        })?;
        tracing::info!(user = %user, handover = handover.id, reason, "handover opened");
        Ok(handover)
    }

    /// Records a petugas's reply and queues it (outbox) for the resident, in
    /// their language, in one write. `None` when there is no such handover.
    pub fn petugas_reply(&self, id: u64, text: &str) -> Result<Option<(Handover, u64)>, EngineError> {
        let Some(handover) = self.store.handovers().get(id)? else { return Ok(None) };
        let now = self.clock.now();
        let (handover, outbox_id) = self.change_for(&handover.user, |tx| {
            let line = HandoverLine { at: now, from: Party::Petugas, text: text.to_owned() };
            let handover = tx.handovers().add_line(id, line)?;
            // Outside a resident's window a petugas's reply goes as the `handover_reply` template.
            let params = vec![Say::new("engine-text").arg("text", text)];
            let reply = handover.is_some().then(|| {
                Reply::say(Say::new("engine-petugas-says").arg("text", text)).proactive(
                    purpose::HANDOVER_REPLY,
                    params,
                    Some(format!("handover-{id}")),
                )
            });
            Ok((handover, reply))
        })?;
        let (Some(handover), Some(outbox_id)) = (handover, outbox_id) else { return Ok(None) };
        tracing::info!(user = %handover.user, handover = id, "petugas replied");
        Ok(Some((handover, outbox_id)))
    }

    /// Ends a handover on the petugas's side and tells the resident the bot is back, in one write.
    pub fn close_handover(&self, id: u64) -> Result<Option<(Handover, Option<u64>)>, EngineError> {
        let Some(handover) = self.store.handovers().get(id)? else { return Ok(None) };
        let now = self.clock.now();
        let (handover, outbox_id) = self.change_for(&handover.user, |tx| {
            // At most one handover of a resident is open: this one was open if it is that one.
            let was_open = tx.handovers().open()?.is_some_and(|it| it.id == id);
            let handover = tx.handovers().close(id, Closed::Petugas, now)?;
            Ok((handover, was_open.then(|| Say::new("engine-handover-ended"))))
        })?;
        Ok(handover.map(|it| (it, outbox_id)))
    }
}

/// Keeps the resident's last few messages (numbers masked) as context for a handover.
pub(super) fn remember_recent<S>(live: &mut Live<S>, input: &Input) {
    if input.choice.is_some() || input.text.trim().is_empty() {
        return;
    }
    let recent = &mut live.meta.recent;
    recent.push(for_petugas(&input.text));
    if recent.len() > RECENT_MESSAGES {
        recent.remove(0);
    }
}

/// A resident's message as a petugas may read it: long numbers (NIKs) masked,
/// control and bidirectional characters out, length capped.
fn for_petugas(text: &str) -> String {
    let masked = text::mask_long_numbers(unsafe_chars::cleaned(text).trim());
    match masked.char_indices().nth(RECENT_CHARS) {
        Some((cut, _)) => format!("{}…", &masked[..cut]),
        None => masked,
    }
}
