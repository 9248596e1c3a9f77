//! Local closures at the desk: closing a day tells every resident booked on it and offers them other days.

use anyhow::Context;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::Closure;
use cekbae_dialogues::schedule::Unavailable;

use super::{AppointmentView, AuditEntry, Desk, Requester};
use crate::desk::refusal::Refusal;

/// What closing a day did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureOutcome {
    /// The closure as stored.
    pub closure: Closure,
    /// The appointments booked on that day (NIK masked); each resident is asked to pick another day.
    pub affected: Vec<AppointmentView>,
    /// Residents whose notice was queued on their channel.
    pub notified: usize,
    /// Tickets whose resident could not be told (storage failed): a petugas must reach them.
    pub not_notified: Vec<String>,
}

impl Desk {
    /// Closes the office on `date`: no resident is offered the day from now on, and
    /// every resident booked on it gets, on their channel and in their language, the
    /// notice with the reason and other days to pick (their conversation waits for the
    /// answer). Audited with `who`. A day in the past, a weekend, a holiday or a day
    /// already closed is refused.
    pub fn add_closure(
        &self,
        date: NaiveDate,
        reason: Option<&str>,
        who: &Requester,
    ) -> anyhow::Result<ClosureOutcome> {
        let dialogue = self.engine.dialogue();
        let calendar = dialogue.calendar();
        let now = self.engine.now();
        if date < calendar.local_date(now) {
            return Err(Refusal::PastDay(date).into());
        }
        match calendar.closed(date) {
            Some(Unavailable::Weekend) => return Err(Refusal::Weekend(date).into()),
            Some(Unavailable::Holiday(holiday)) => {
                return Err(Refusal::Holiday { date, name: holiday.name.clone() }.into())
            }
            Some(Unavailable::Closure(_)) => return Err(Refusal::AlreadyClosed(date).into()),
            Some(_) | None => {}
        }
        let closure = Closure::new(date, reason, &who.name, now);
        let store = self.engine.store();
        if !store.closures().add(&closure).context("cannot store the closure")? {
            return Err(Refusal::AlreadyClosed(date).into());
        }
        tracing::info!(who = %who.name, via = %who.via, %date, "office closed for a day");
        let booked = store.bookings().booked_on(date).context("cannot read that day's appointments")?;
        let tickets = booked.iter().map(|it| it.ticket.clone()).collect();
        self.audit(&AuditEntry { at: now, day: Some(date), ..self.audit_entry("closure-added", tickets, who) })?;
        let mut outcome = ClosureOutcome { closure, affected: Vec::new(), notified: 0, not_notified: Vec::new() };
        for booking in &booked {
            outcome.affected.push(AppointmentView::of(booking, false, dialogue.vault()));
            let queued = self
                .engine
                .queue_offer(&booking.details.user, now, |turn, state| dialogue.offer_new_day(turn, state, booking));
            match queued {
                Ok(_) => outcome.notified += 1,
                Err(err) => {
                    tracing::error!(ticket = %booking.ticket, error = %err, "cannot tell a resident their day was closed");
                    outcome.not_notified.push(booking.ticket.clone());
                }
            }
        }
        if outcome.notified > 0 {
            self.queued();
        }
        Ok(outcome)
    }

    /// Every closure, earliest first.
    pub fn closures(&self) -> anyhow::Result<Vec<Closure>> {
        self.engine.store().closures().list().context("cannot read the closures")
    }

    /// Opens `date` again; audited with `who`. Residents already moved keep their new day.
    pub fn remove_closure(&self, date: NaiveDate, who: &Requester) -> anyhow::Result<Closure> {
        let removed = self.engine.store().closures().remove(date).context("cannot remove the closure")?;
        let closure = removed.ok_or(Refusal::NoClosure(date))?;
        tracing::info!(who = %who.name, via = %who.via, %date, "office open again on a closed day");
        self.audit(&AuditEntry { day: Some(date), ..self.audit_entry("closure-removed", Vec::new(), who) })?;
        Ok(closure)
    }
}

/// ` (reason)`, or nothing.
pub fn reason_suffix(closure: &Closure) -> String {
    closure.reason.as_ref().map(|it| format!(" ({it})")).unwrap_or_default()
}
