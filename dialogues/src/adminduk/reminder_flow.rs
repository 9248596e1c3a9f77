//! Messages the office sends on its own about a booking: the reminder the day before (with **Saya datang** /
//! **Ganti hari** / **Batalkan**), the `reminder` step that answers it, stopping and restarting reminders,
//! and the "document ready" notice. Each is written through the resident's turn with a record, so it commits
//! with the outbox entry that carries it: a reminder is sent once, on any instance, also across a crash.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::proactive::{self, purpose};
use cekbae_bot::storage::{Booking, BookingStatus, StatusChange, StorageError};
use cekbae_bot::words::Intent;
use cekbae_bot::{Input, Reply, Say, Transition, Turn};

use super::{date_say, Adminduk, Moving, State, Step};
use crate::catalog::document_label;
use crate::messages as msg;

/// Record kind of the reminders sent, keyed by ticket.
pub const REMINDERS: &str = "reminders";
/// Record kind of the "document ready" notices sent, keyed by ticket.
pub const READY_NOTICES: &str = "ready-notices";
/// Record kind of a resident's reminder preferences, keyed by the resident.
pub const REMINDER_PREFS: &str = "reminder-prefs";

const COME: &str = "remind:come";
const CHANGE: &str = "remind:change";
const CANCEL: &str = "remind:cancel";

/// One reminder sent, and how the resident answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderRecord {
    /// The booking's ticket.
    pub ticket: String,
    /// Its day.
    pub date: NaiveDate,
    /// When the reminder was queued.
    pub sent_at: DateTime<Utc>,
    /// The resident's answer, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<ReminderAnswer>,
}

/// How a resident answered a reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReminderAnswer {
    /// Saya datang.
    Came,
    /// Ganti hari.
    Changed,
    /// Batalkan.
    Cancelled,
}

/// A resident's reminder preferences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Prefs {
    /// The resident stopped the reminders.
    #[serde(default)]
    off: bool,
    /// The resident was told how to stop them (in their first reminder).
    #[serde(default)]
    told: bool,
}

/// A message template to register in WhatsApp Manager: the Fluent id of its body, the names of the body's
/// arguments in placeholder order (`{{1}}` is the first), and the Fluent ids of its quick-reply buttons.
#[derive(Debug, Clone, Copy)]
pub struct TemplateSpec {
    /// One of [`purpose`].
    pub purpose: &'static str,
    /// The body's Fluent id.
    pub body: &'static str,
    /// The body's arguments, in placeholder order.
    pub params: &'static [&'static str],
    /// The quick-reply buttons' Fluent ids, in order (their payloads are the in-window option ids).
    pub buttons: &'static [&'static str],
}

/// Every template the office's messages use, in the order of [`purpose::ALL`].
pub const TEMPLATES: [TemplateSpec; 5] = [
    TemplateSpec {
        purpose: purpose::REMINDER,
        body: msg::TEMPLATE_REMINDER,
        params: &["ticket", "date", "hours", "items"],
        buttons: &[msg::OPTION_REMINDER_COME, msg::OPTION_REMINDER_CHANGE, msg::OPTION_REMINDER_CANCEL],
    },
    TemplateSpec { purpose: purpose::READY, body: msg::TEMPLATE_READY, params: &["ticket", "hours"], buttons: &[] },
    TemplateSpec {
        purpose: purpose::CANCELLED,
        body: msg::TEMPLATE_CANCELLED,
        params: &["ticket", "date"],
        buttons: &[],
    },
    TemplateSpec {
        purpose: purpose::HANDOVER_REPLY,
        body: msg::TEMPLATE_HANDOVER_REPLY,
        params: &["text"],
        buttons: &[],
    },
    TemplateSpec {
        purpose: purpose::BERKAS,
        body: crate::berkas::result::TEMPLATE,
        params: &["ticket", "result"],
        buttons: &[],
    },
];

/// The option ids of a reminder's buttons, in order (a template's quick-reply payloads).
pub const REMINDER_OPTIONS: [&str; 3] = [COME, CHANGE, CANCEL];

impl Adminduk {
    /// When the reminder of an appointment on `date` goes out: the day before at the catalog's
    /// `reminder_at`, office time.
    pub fn reminder_time(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        let day_before = date.checked_sub_days(Days::new(1))?;
        let local = day_before.and_time(self.catalog.schedule.reminder_at);
        let zone = self.catalog.schedule.timezone;
        zone.from_local_datetime(&local).earliest().map(|it| it.with_timezone(&Utc))
    }

    /// Whether `booking` is due its reminder at `now`: still waiting for its day, which is tomorrow (office
    /// time), past today's reminder time, and not booked after that time (a booking made that evening needs
    /// no reminder).
    pub fn reminder_due(&self, booking: &Booking, now: DateTime<Utc>) -> bool {
        let date = booking.details.date;
        let tomorrow = self.calendar.local_date(now).checked_add_days(Days::new(1));
        match self.reminder_time(date) {
            Some(at) => {
                booking.status == BookingStatus::Booked && tomorrow == Some(date) && now >= at && booking.booked_at < at
            }
            None => false,
        }
    }

    /// The reminder of booking `ticket`, in its resident's turn ([`cekbae_bot::Engine::queue_offer`]): the
    /// conversation waits in the `reminder` step for Saya datang / Ganti hari / Batalkan. No replies (and so
    /// nothing written) when it was sent before, the resident stopped reminders, or the booking no longer
    /// waits. The record that it was sent commits with the outbox entry that carries it.
    pub fn remind(&self, turn: &Turn<'_>, state: State, ticket: &str) -> Transition<State> {
        match self.try_remind(turn, state.clone(), ticket) {
            Ok(Some(transition)) => transition,
            Ok(None) => Transition::to(state, Vec::new()),
            Err(err) => {
                tracing::error!(user = %turn.user, ticket, error = %err, "cannot prepare a reminder; the next run tries again");
                Transition::to(state, Vec::new())
            }
        }
    }

    fn try_remind(
        &self,
        turn: &Turn<'_>,
        mut state: State,
        ticket: &str,
    ) -> Result<Option<Transition<State>>, StorageError> {
        let records = turn.store.records();
        if records.get(REMINDERS, ticket)?.is_some() {
            return Ok(None);
        }
        let Some(booking) = turn.store.bookings().get(ticket)?.filter(|it| it.status == BookingStatus::Booked) else {
            return Ok(None);
        };
        let prefs_key = prefs_key(turn);
        if records.get(proactive::UNREACHABLE, &proactive::resident_key(turn.user))?.is_some() {
            tracing::info!(user = %turn.user, ticket, "reminder not sent: the resident blocked the bot");
            return Ok(None);
        }
        let prefs = self.prefs(turn)?;
        if prefs.off {
            tracing::info!(user = %turn.user, ticket, "reminder not sent: the resident stopped reminders");
            return Ok(None);
        }
        let record =
            ReminderRecord { ticket: ticket.to_owned(), date: booking.details.date, sent_at: turn.now, answer: None };
        records.put(REMINDERS, ticket, turn.now, to_value(&record))?;
        records.put(REMINDER_PREFS, &prefs_key, turn.now, to_value(&Prefs { told: true, ..prefs }))?;
        let resume = match (&state.step, &state.moving) {
            (Step::Reminder | Step::Reschedule, Some(moving)) => moving.resume,
            (step, _) => *step,
        };
        state.moving =
            Some(Moving { ticket: booking.ticket.clone(), date: booking.details.date, resume, by_resident: false });
        state.step = Step::Reminder;
        state.confirm = None;
        state.failures = 0;
        let mut reply = self.reminder_reply(&booking, true);
        if !prefs.told {
            reply = reply.and(Say::new(msg::REMINDER_HOW_TO_STOP));
        }
        tracing::info!(user = %turn.user, ticket, "reminder queued");
        Ok(Some(Transition::to(state, vec![reply])))
    }

    /// The reminder bubble with its three options; `proactive` marks it as the office's own message (with
    /// the template's parameters), not an answer.
    fn reminder_reply(&self, booking: &Booking, proactive: bool) -> Reply {
        let details = &booking.details;
        let (opens, closes) = self.hours();
        let items = self.catalog.document(&details.service).map(|doc| self.requirement_items(doc, &details.reason));
        let items = items.unwrap_or_default();
        let mut reply = Reply::say(
            Say::new(msg::REMINDER)
                .arg("ticket", booking.ticket.clone())
                .msg("date", date_say(details.date))
                .arg("opens", opens.clone())
                .arg("closes", closes.clone())
                .msg("document", Say::new(document_label(&details.service)))
                .list("items", items.clone()),
        )
        .option(COME, Say::new(msg::OPTION_REMINDER_COME))
        .option(CHANGE, Say::new(msg::OPTION_REMINDER_CHANGE))
        .option(CANCEL, Say::new(msg::OPTION_REMINDER_CANCEL));
        if proactive {
            let params = vec![
                text(&booking.ticket),
                date_say(details.date),
                text(&format!("{opens}–{closes}")),
                Say::new(msg::INLINE_LIST).list("items", items),
            ];
            reply = reply.proactive(purpose::REMINDER, params, Some(booking.ticket.clone()));
        }
        reply
    }

    /// The "document ready" notice of `booking`, marked as the office's own message.
    pub fn ready_notice(&self, booking: &Booking) -> Reply {
        let (opens, closes) = self.hours();
        let params = vec![text(&booking.ticket), text(&format!("{opens}–{closes}"))];
        Reply::say(
            Say::new(msg::READY)
                .arg("ticket", booking.ticket.clone())
                .msg("document", Say::new(document_label(&booking.details.service)))
                .arg("opens", opens)
                .arg("closes", closes),
        )
        .proactive(purpose::READY, params, Some(booking.ticket.clone()))
    }

    /// Records, in the desk's turn of the resident, that the ready notice of `ticket` was queued.
    pub fn note_ready(
        &self,
        store: &dyn cekbae_bot::TurnTx,
        ticket: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        store.records().put(READY_NOTICES, ticket, now, serde_json::json!({ "ticket": ticket, "at": now }))
    }

    /// A petugas's cancellation, marked as the office's own message.
    pub fn cancelled_notice(&self, booking: &Booking) -> Reply {
        let date = booking.details.date;
        Reply::say(
            Say::new(msg::APPOINTMENT_CANCELLED).arg("ticket", booking.ticket.clone()).msg("date", date_say(date)),
        )
        .proactive(
            purpose::CANCELLED,
            vec![text(&booking.ticket), date_say(date)],
            Some(booking.ticket.clone()),
        )
    }

    /// `berhenti pengingat` / `nyalakan pengingat` (whole message), in any step: the preference changes and
    /// the conversation stays where it was, its question asked again.
    pub(super) fn reminder_switch(&self, turn: &Turn<'_>, state: &State, input: &Input) -> Option<Transition<State>> {
        if input.choice.is_some() {
            return None;
        }
        let on = self.catalog.reminder_words.switch(&input.tokens)?;
        let saved = self.prefs(turn).and_then(|prefs| {
            let prefs = Prefs { off: !on, ..prefs };
            turn.store.records().put(REMINDER_PREFS, &prefs_key(turn), turn.now, to_value(&prefs))
        });
        let say = match saved {
            Ok(()) => {
                tracing::info!(user = %turn.user, on, "reminder preference changed");
                Say::new(if on { msg::REMINDERS_ON } else { msg::REMINDERS_OFF })
            }
            Err(err) => {
                tracing::error!(user = %turn.user, error = %err, "cannot store a reminder preference");
                Say::new(msg::ERROR)
            }
        };
        let mut replies = vec![Reply::say(say)];
        if state.step != Step::Done {
            replies.extend(cekbae_bot::Dialogue::prompt(self, turn, state));
        }
        Some(Transition::to(state.clone(), replies))
    }

    /// The `reminder` step: a pressed (or numbered) answer, or a yes. `None` for anything else: the
    /// conversation leaves the step and the message is read as usual.
    pub(super) fn reminder_step(&self, turn: &Turn<'_>, state: State, input: &Input) -> Option<Transition<State>> {
        let moving = state.moving.clone()?;
        let answer = match input.choice.as_deref() {
            Some(COME) => ReminderAnswer::Came,
            Some(CHANGE) => ReminderAnswer::Changed,
            Some(CANCEL) => ReminderAnswer::Cancelled,
            _ if input.intent == Some(Intent::Yes) => ReminderAnswer::Came,
            _ => return None,
        };
        Some(self.answer_reminder(turn, state, &moving, answer))
    }

    /// Acts on an answer to the reminder of `moving.ticket`.
    pub(super) fn answer_reminder(
        &self,
        turn: &Turn<'_>,
        mut state: State,
        moving: &Moving,
        answer: ReminderAnswer,
    ) -> Transition<State> {
        let ticket = moving.ticket.clone();
        let booking = match turn.store.bookings().get(&ticket) {
            Ok(Some(booking)) if booking.status == BookingStatus::Booked => booking,
            Ok(_) => return self.leave_reminder(turn, state, Say::new(msg::REMINDER_GONE).arg("ticket", ticket)),
            Err(err) => {
                tracing::error!(user = %turn.user, error = %err, "cannot read a reminded booking");
                return Transition::to(state, vec![Reply::say(Say::new(msg::ERROR))]);
            }
        };
        if let Err(err) = self.note_answer(turn, &ticket, answer) {
            tracing::error!(user = %turn.user, error = %err, "cannot record a reminder's answer");
        }
        let (opens, closes) = self.hours();
        let on = date_say(booking.details.date);
        match answer {
            ReminderAnswer::Came => {
                let say = Say::new(msg::REMINDER_COME_THANKS)
                    .arg("ticket", ticket)
                    .msg("date", on)
                    .arg("opens", opens)
                    .arg("closes", closes);
                self.leave_reminder(turn, state, say)
            }
            ReminderAnswer::Changed => {
                state.step = Step::Reschedule;
                state.moving = Some(Moving { by_resident: true, ..moving.clone() });
                let replies = self.reschedule_prompt(turn, &state);
                Transition::to(state, replies)
            }
            ReminderAnswer::Cancelled => match turn.store.bookings().set_status(&ticket, BookingStatus::Cancelled) {
                Ok(StatusChange::Changed { .. } | StatusChange::Unchanged(_)) => {
                    tracing::info!(user = %turn.user, ticket, "booking cancelled by the resident after a reminder");
                    if state.request.ticket.as_deref() == Some(ticket.as_str()) {
                        state.request = Default::default();
                        state.moving = None;
                        state.step = Step::Menu;
                        return Transition::to(
                            state,
                            vec![Reply::say(Say::new(msg::REMINDER_CANCELLED).arg("ticket", ticket).msg("date", on))],
                        )
                        .committed();
                    }
                    let mut transition = self.leave_reminder(
                        turn,
                        state,
                        Say::new(msg::REMINDER_CANCELLED).arg("ticket", ticket).msg("date", on),
                    );
                    transition.commit = true;
                    transition
                }
                Ok(StatusChange::Refused(_) | StatusChange::NotFound) => {
                    self.leave_reminder(turn, state, Say::new(msg::REMINDER_GONE).arg("ticket", ticket))
                }
                Err(err) => {
                    tracing::error!(user = %turn.user, error = %err, "cancelling a reminded booking failed");
                    Transition::to(state, vec![Reply::say(Say::new(msg::ERROR))])
                }
            },
        }
    }

    /// The reminder again (its step's prompt), without the template data: it answers the resident.
    pub(super) fn reminder_prompt(&self, turn: &Turn<'_>, state: &State) -> Vec<Reply> {
        let Some(moving) = &state.moving else { return self.menu_prompt() };
        match turn.store.bookings().get(&moving.ticket) {
            Ok(Some(booking)) if booking.status == BookingStatus::Booked => vec![self.reminder_reply(&booking, false)],
            _ => self.menu_prompt(),
        }
    }

    /// Ends the reminder step with `say`, back where the conversation was.
    fn leave_reminder(&self, turn: &Turn<'_>, mut state: State, say: Say) -> Transition<State> {
        state.step = state.moving.take().map_or(Step::Menu, |it| it.resume);
        state.failures = 0;
        let mut replies = vec![Reply::say(say)];
        if !matches!(state.step, Step::Done | Step::Menu) {
            replies.extend(cekbae_bot::Dialogue::prompt(self, turn, &state));
        }
        Transition::to(state, replies)
    }

    /// Leaves the reminder step without an answer (the resident wrote something else).
    pub(super) fn drop_reminder(&self, state: &mut State) {
        if state.step == Step::Reminder {
            state.step = state.moving.take().map_or(Step::Menu, |it| it.resume);
        }
    }

    fn note_answer(&self, turn: &Turn<'_>, ticket: &str, answer: ReminderAnswer) -> Result<(), StorageError> {
        let records = turn.store.records();
        let Some(stored) = records.get(REMINDERS, ticket)? else { return Ok(()) };
        let Ok(mut record) = serde_json::from_value::<ReminderRecord>(stored.value) else { return Ok(()) };
        record.answer = Some(answer);
        records.put(REMINDERS, ticket, turn.now, to_value(&record))
    }

    fn prefs(&self, turn: &Turn<'_>) -> Result<Prefs, StorageError> {
        let stored = turn.store.records().get(REMINDER_PREFS, &prefs_key(turn))?;
        Ok(stored.and_then(|it| serde_json::from_value(it.value).ok()).unwrap_or_default())
    }
}

/// The key of the turn's resident's preferences.
fn prefs_key(turn: &Turn<'_>) -> String {
    format!("{}:{}", turn.user.channel, turn.user.id)
}

/// A template parameter that is the value itself.
fn text(value: &str) -> Say {
    Say::new(msg::VALUE).arg("value", value.to_owned())
}

fn to_value<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Every Fluent id of this module's messages that only `cekbae templates` renders.
pub(super) fn template_message_ids() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|it| it.body)
}

/// Example values of a template's parameters, in its placeholder order, for `cekbae templates` (WhatsApp
/// Manager asks for one per placeholder): a ticket of the catalog's office, a day, the hours, the first
/// document's requirements.
pub fn example_params(catalog: &crate::catalog::Catalog, spec: &TemplateSpec) -> Vec<Say> {
    let config = &catalog.schedule;
    let hours = format!("{}–{}", config.opens.format("%H.%M"), config.closes.format("%H.%M"));
    let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
    let ticket = format!("{}-{}-007", catalog.office.ticket_prefix, day.format("%Y%m%d"));
    let items: Vec<Say> = catalog
        .documents
        .first()
        .map(|doc| {
            let reason = doc.reasons.first().cloned().unwrap_or_default();
            doc.requirements
                .get(&reason)
                .into_iter()
                .flatten()
                .chain(&doc.notes)
                .map(|id| Say::new(id.clone()))
                .collect()
        })
        .unwrap_or_default();
    spec.params
        .iter()
        .map(|param| match *param {
            "ticket" => text(&ticket),
            "date" => date_say(day),
            "hours" => text(&hours),
            "items" => Say::new(msg::INLINE_LIST).list("items", items.clone()),
            "result" => Say::new(crate::berkas::result::SHORT_COMPLETE).msg("date", date_say(day)),
            _ => Say::new(msg::TEMPLATE_EXAMPLE_TEXT),
        })
        .collect()
}
