//! Messages the office sends on its own: the reminders due (`cekbae reminders run`, and `serve` every
//! minute) and the "document ready" notice (`cekbae appointments ready TICKET`). Each goes through the
//! resident's turn with the record that it was sent, so it is sent once on any number of instances, also
//! across a crash; the running server delivers it at once.

use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Days, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::proactive::{DeliveryProblem, DELIVERY_PROBLEMS};
use cekbae_bot::storage::{BookingStatus, StatusChange};
use cekbae_dialogues::adminduk::{ReminderRecord, REMINDERS};

use super::{AppointmentView, Desk, Requester};
use crate::desk::refusal::Refusal;

/// How often `serve` sends the reminders due.
pub const REMINDERS_EVERY: Duration = Duration::from_secs(60);

/// What one run of the reminders did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemindersOutcome {
    /// Appointments due their reminder at this time.
    pub due: usize,
    /// Tickets whose reminder was queued now.
    pub sent: Vec<String>,
    /// Due, but reminded before or the resident stopped reminders.
    pub skipped: usize,
    /// Tickets whose reminder could not be queued (storage failed): the next run tries again.
    pub failed: Vec<String>,
}

/// Body of `POST /admin/reminders/run`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct RemindersBody {
    /// The time to run at (`--now`); the server's clock when absent.
    #[serde(default)]
    pub now: Option<DateTime<Utc>>,
}

impl Desk {
    /// Queues the reminder of every appointment due one at `now` (the engine's clock when `None`) that has
    /// not had it.
    pub fn run_reminders(&self, now: Option<DateTime<Utc>>) -> anyhow::Result<RemindersOutcome> {
        let engine = &self.engine;
        let dialogue = engine.dialogue();
        let now = now.unwrap_or_else(|| engine.now());
        let Some(tomorrow) = dialogue.calendar().local_date(now).checked_add_days(Days::new(1)) else {
            return Ok(RemindersOutcome::default());
        };
        let booked = engine.store().bookings().booked_on(tomorrow).context("cannot read tomorrow's appointments")?;
        let mut outcome = RemindersOutcome::default();
        for booking in booked.iter().filter(|it| dialogue.reminder_due(it, now)) {
            outcome.due += 1;
            let ticket = &booking.ticket;
            let queued =
                engine.queue_offer(&booking.details.user, now, |turn, state| dialogue.remind(turn, state, ticket));
            match queued {
                Ok(Some(_)) => outcome.sent.push(ticket.clone()),
                Ok(None) => outcome.skipped += 1,
                Err(err) => {
                    tracing::error!(ticket = %ticket, error = %err, "cannot queue a reminder");
                    outcome.failed.push(ticket.clone());
                }
            }
        }
        if !outcome.sent.is_empty() {
            tracing::info!(sent = outcome.sent.len(), "reminders queued");
            engine.store().flush().context("cannot flush storage")?;
            self.queued();
        }
        Ok(outcome)
    }

    /// Marks an appointment's document ready and tells the resident, with the office hours, in one write
    /// of their turn (audited with `who`). A document already marked ready is not announced again.
    pub fn ready(&self, ticket: &str, who: &Requester) -> anyhow::Result<AppointmentView> {
        let engine = &self.engine;
        let dialogue = engine.dialogue();
        let booking = engine.store().bookings().get(ticket).context("cannot read bookings")?;
        let booking = booking.ok_or_else(|| Refusal::NoTicket(ticket.to_owned()))?;
        let entry = self.audit_entry("ready", vec![ticket.to_owned()], who);
        let now = entry.at;
        let (change, _) = engine.change_for(&booking.details.user, |tx| {
            let change = tx.bookings().set_status(ticket, BookingStatus::Ready)?;
            let StatusChange::Changed { after, .. } = &change else { return Ok((change, None)) };
            tx.audit(&entry)?;
            dialogue.note_ready(tx, ticket, now)?;
            Ok((change.clone(), Some(dialogue.ready_notice(after))))
        })?;
        engine.store().flush().context("cannot flush storage")?;
        let after = match change {
            StatusChange::Changed { after, .. } => {
                tracing::info!(who = %who.name, via = %who.via, ticket, "document ready; resident told");
                self.queued();
                after
            }
            StatusChange::Unchanged(_) => return Err(Refusal::AlreadyReady(ticket.to_owned()).into()),
            StatusChange::Refused(booking) => match booking.moved_to {
                Some(to) => return Err(Refusal::Moved(to).into()),
                None => return Err(Refusal::Cancelled.into()),
            },
            StatusChange::NotFound => return Err(Refusal::NoTicket(ticket.to_owned()).into()),
        };
        Ok(AppointmentView::of(&after, false, dialogue.vault()))
    }

    /// Adds to each appointment what the office sent about it: the reminder's state, and messages that
    /// could not be delivered (no template outside the window, a template error).
    pub(super) fn with_notices(&self, list: &mut [AppointmentView]) -> anyhow::Result<()> {
        let records = self.engine.store().records();
        let reminders = records.all(REMINDERS).context("cannot read the reminders")?;
        let problems = records.all(DELIVERY_PROBLEMS).context("cannot read delivery problems")?;
        for view in list.iter_mut() {
            let reminder = reminders
                .iter()
                .filter(|it| it.key == view.ticket)
                .find_map(|it| serde_json::from_value::<ReminderRecord>(it.value.clone()).ok());
            view.reminder = reminder.map(|it| match it.answer {
                Some(answer) => serde_json::to_value(answer)
                    .ok()
                    .and_then(|it| it.as_str().map(str::to_owned))
                    .unwrap_or_else(|| "answered".to_owned()),
                None => "sent".to_owned(),
            });
            view.problems = problems
                .iter()
                .filter_map(|it| serde_json::from_value::<DeliveryProblem>(it.value.clone()).ok())
                .filter(|it| it.subject == view.ticket)
                .map(|it| {
                    format!("{} not delivered ({}): {}", it.purpose, it.at.format("%Y-%m-%d %H:%M UTC"), it.reason)
                })
                .collect();
        }
        Ok(())
    }
}

/// Sends the reminders due every [`REMINDERS_EVERY`] until `stop` (the first run at once).
pub fn spawn_reminders(desk: Desk, mut stop: tokio::sync::watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(REMINDERS_EVERY);
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                _ = stop.wait_for(|stop| *stop) => break,
            }
            let desk = desk.clone();
            match tokio::task::spawn_blocking(move || desk.run_reminders(None)).await {
                Ok(Ok(_)) => {}
                Ok(Err(err)) => tracing::error!(error = %format!("{err:#}"), "reminders run failed"),
                Err(err) => tracing::error!(error = %err, "reminders task failed"),
            }
        }
    })
}
