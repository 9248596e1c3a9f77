//! Replies outside the dialogue's turns: notices (a photo gets one engine message), messages queued by the
//! desk, and the outbox the dispatcher delivers from.

use chrono::{DateTime, Utc};

use super::session::Resumed;
use super::{Engine, EngineError, Notice};
use crate::dialogue::{Dialogue, Transition, Turn};
use crate::message::{Outgoing, UserKey};
use crate::proactive::{purpose, resident_key, DeliveryProblem, Proactive, DELIVERY_PROBLEMS, UNREACHABLE};
use crate::say::{Reply, Say};
use crate::storage::{OutboxEntry, OutboxWrite, SessionWrite, StorageError, TurnCommit, TurnTx};

impl<D: Dialogue> Engine<D> {
    /// Answers a message the dialogue cannot read (a photo, a voice note) with
    /// one engine message in the resident's language, without touching the
    /// conversation. Returns `None` for a message id processed before.
    pub fn notice(&self, user: &UserKey, message_id: Option<&str>, say: &Say) -> Result<Option<Notice>, EngineError> {
        let tx = self.store.begin_turn(user)?;
        if let Some(id) = message_id {
            if tx.is_seen(id)? {
                tracing::info!(user = %user, "duplicate message ignored");
                return Ok(None);
            }
        }
        let now = self.clock.now();
        let mut record = self.record_or_fresh(&*tx, self.locales.default_locale(), now)?;
        let locale = self.known_locale(&record.meta.locale);
        // Several photos in a burst (an album, in one delivery or several) are answered once.
        let mut outgoing = match crate::burst::answer_once(&mut record.meta.last_notice_at, now) {
            true => self.render(&locale, &[Reply::say(say.clone())]),
            false => Vec::new(),
        };
        for message in &mut outgoing {
            message.reply_to = message_id.map(str::to_owned);
        }
        let commit = TurnCommit {
            session: SessionWrite::Put(Box::new(record)),
            message_id: message_id.map(str::to_owned),
            outbox: self.outbox_write(user, message_id, &outgoing, now),
            ..TurnCommit::nothing(now)
        };
        let outbox_id = tx.commit(commit)?;
        Ok(Some(Notice { replies: outgoing, outbox_id }))
    }

    /// Queues one message to a resident outside their conversation, rendered in their language. It always
    /// goes through the outbox, so it is delivered by the running server, or by the next one to start.
    /// Returns the outbox id.
    pub fn queue_message(&self, user: &UserKey, say: &Say) -> Result<u64, EngineError> {
        let ((), outbox_id) = self.change_for(user, |_| Ok(((), Some(Reply::say(say.clone())))))?;
        Ok(outbox_id.unwrap_or_default())
    }

    /// Runs a change the desk makes for `user` in that resident's turn: `change` stages its writes through
    /// the turn (a petugas reply, a status change and its audit entry) and may return a message for the
    /// resident, queued in the outbox in the same commit. Nothing is written when `change` fails. Returns
    /// what `change` returned and the message's outbox id.
    pub fn change_for<T, M: Into<Reply>>(
        &self,
        user: &UserKey,
        change: impl FnOnce(&dyn TurnTx) -> Result<(T, Option<M>), StorageError>,
    ) -> Result<(T, Option<u64>), EngineError> {
        let tx = self.store.begin_turn(user)?;
        let now = self.clock.now();
        let (res, message) = change(&*tx)?;
        let outbox = match message {
            Some(reply) => {
                let record = self.load_record(&*tx)?;
                let locale = match &record {
                    Some(record) => self.known_locale(&record.meta.locale),
                    None => self.locales.default_locale().to_owned(),
                };
                let mut replies = self.render(&locale, &[reply.into()]);
                mark_window(&mut replies, record.and_then(|it| it.meta.last_inbound), now);
                OutboxWrite::Queue(OutboxEntry { user: user.clone(), message_id: None, replies, at: now })
            }
            None => OutboxWrite::None,
        };
        let outbox_id = tx.commit(TurnCommit { outbox, ..TurnCommit::nothing(now) })?;
        Ok((res, outbox_id))
    }

    /// Puts a resident's conversation in a state chosen outside their turn and queues what the dialogue
    /// says about it, in one write of the resident's turn: `offer` gets the current state (the start state
    /// when there is none or it went idle) and returns the next one with its replies, e.g. "the office is
    /// closed on your day; pick another" with the days as options; what it writes through [`Turn::store`]
    /// (moving a booking) commits with it. The replies are rendered in the resident's language and always go
    /// through the outbox, like [`Engine::queue_message`]; their options become the ones a typed number
    /// picks. Returns the outbox id; `None` when `offer` said nothing (then nothing is written).
    pub fn queue_offer(
        &self,
        user: &UserKey,
        now: DateTime<Utc>,
        offer: impl FnOnce(&Turn<'_>, D::State) -> Transition<D::State>,
    ) -> Result<Option<u64>, EngineError> {
        let tx = self.store.begin_turn(user)?;
        let record = self.load_record(&*tx)?;
        let last_inbound = record.as_ref().and_then(|it| it.meta.last_inbound);
        let mut live = match record {
            Some(record) => match self.resume(&record, now) {
                Resumed::Live(live) | Resumed::Expired(live) | Resumed::Unreadable(live) => live,
            },
            None => self.fresh_live(self.locales.default_locale(), now),
        };
        // An expired conversation starts over, but the resident's window is theirs.
        live.meta.last_inbound = last_inbound;
        let locale = live.meta.locale.clone();
        let turn = Turn { user, now, locale: &locale, store: &*tx };
        let transition = offer(&turn, live.state.clone());
        if transition.replies.is_empty() {
            // Nothing to say (a reminder sent before): nothing is written.
            return Ok(None);
        }
        let replies = self.apply_transition(&mut live, transition);
        let mut outgoing = self.render(&live.meta.locale, &replies);
        mark_window(&mut outgoing, last_inbound, now);
        // Not a turn of the resident's, but their next message answers it: never a greeting.
        live.meta.pending_forget = false;
        let record = self.encode(&live, &outgoing, live.meta.turns.max(1), now)?;
        let entry = OutboxEntry { user: user.clone(), message_id: None, replies: outgoing, at: now };
        let commit = TurnCommit {
            session: SessionWrite::Put(Box::new(record)),
            outbox: OutboxWrite::Queue(entry),
            ..TurnCommit::nothing(now)
        };
        Ok(tx.commit(commit)?)
    }

    /// Keeps, for the desk, that an office-initiated message could not be delivered for good (no template
    /// for it outside the window, a template error): written in the resident's turn as a
    /// [`DELIVERY_PROBLEMS`] record. Answers (no [`Outgoing::proactive`] subject) are only logged by the
    /// caller.
    pub fn note_undelivered(&self, user: &UserKey, message: &Outgoing, reason: &str) -> Result<(), EngineError> {
        let Some(Proactive { purpose, subject: Some(subject), .. }) = &message.proactive else { return Ok(()) };
        if purpose::held_until_the_resident_writes(purpose) {
            return self.hold(user, message);
        }
        let now = self.clock.now();
        let problem =
            DeliveryProblem { purpose: purpose.clone(), subject: subject.clone(), reason: reason.to_owned(), at: now };
        let tx = self.store.begin_turn(user)?;
        tx.records().put(DELIVERY_PROBLEMS, &problem.key(), now, serde_json::to_value(&problem)?)?;
        tx.commit(TurnCommit::nothing(now))?;
        Ok(())
    }

    /// Records that the channel says the resident can (not) be reached: a resident who blocked the bot gets
    /// no office messages until they unblock it ([`UNREACHABLE`]).
    pub fn note_reachable(&self, user: &UserKey, reachable: bool) -> Result<(), EngineError> {
        let now = self.clock.now();
        let tx = self.store.begin_turn(user)?;
        match reachable {
            true => {
                tx.records().forget_mine(UNREACHABLE)?;
            }
            false => tx.records().put(UNREACHABLE, &resident_key(user), now, serde_json::json!({ "since": now }))?,
        }
        tx.commit(TurnCommit::nothing(now))?;
        Ok(())
    }

    /// Replies kept in the outbox and not yet delivered, oldest first.
    pub fn pending_outbox(&self) -> Result<Vec<(u64, OutboxEntry)>, EngineError> {
        Ok(self.store.outbox().pending()?)
    }

    /// An outbox entry as it is now, if it still waits for delivery (a resend
    /// reads it just before sending: the first delivery may have finished, or
    /// got part of the way, meanwhile).
    pub fn pending_entry(&self, outbox_id: u64) -> Result<Option<OutboxEntry>, EngineError> {
        Ok(self.store.outbox().get(outbox_id)?)
    }

    /// Records that the first `sent` replies of an outbox entry were delivered,
    /// so a resend starts after them (a resident does not get the same bubble twice).
    pub fn partly_delivered(&self, outbox_id: u64, sent: usize) -> Result<(), EngineError> {
        Ok(self.store.outbox().partly_delivered(outbox_id, sent)?)
    }

    /// Marks an outbox entry delivered (or given up on), so it is not sent again.
    pub fn delivered(&self, outbox_id: u64) -> Result<(), EngineError> {
        Ok(self.store.outbox().complete(outbox_id)?)
    }

    /// What a turn keeps in the outbox: its replies, delivered by the caller right after the commit, when
    /// the engine keeps an outbox at all.
    pub(super) fn outbox_write(
        &self,
        user: &UserKey,
        message_id: Option<&str>,
        replies: &[Outgoing],
        now: DateTime<Utc>,
    ) -> OutboxWrite {
        if !self.config.outbox || replies.is_empty() {
            return OutboxWrite::None;
        }
        OutboxWrite::DeliverNow(OutboxEntry {
            user: user.clone(),
            message_id: message_id.map(str::to_owned),
            replies: replies.to_vec(),
            at: now,
        })
    }
}

/// Marks office-initiated messages with whether the resident's free-form window is open now.
fn mark_window(messages: &mut [Outgoing], last_inbound: Option<DateTime<Utc>>, now: DateTime<Utc>) {
    for proactive in messages.iter_mut().filter_map(|it| it.proactive.as_mut()) {
        proactive.in_window = Proactive::window_open(last_inbound, now);
    }
}
