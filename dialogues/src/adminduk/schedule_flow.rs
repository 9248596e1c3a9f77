//! The schedule step's days: the days offered, a day named in words (`Selasa`, `besok`, `2 Desember`, a pasted
//! option), why a day cannot be picked, and moving a booking whose day the office closed (the `reschedule` step).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use cekbae_bot::{Input, Reply, Say, Transition, Turn};

use super::{courtesy, date_say, way_out, Adminduk, State, Step, DAY_PREFIX, FAILURES_BEFORE_OFFER};
use crate::catalog::HolidayKind;
use crate::messages as msg;
use crate::schedule::day_words::DayRef;
use crate::schedule::Unavailable;
use cekbae_bot::storage::{Booking, BookingStatus, MoveOutcome, StorageError};

/// A booking to move to another day (the office closed its day), waiting for the resident to pick one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moving {
    /// The booking's ticket.
    pub ticket: String,
    /// Its day, which can no longer be served.
    pub date: NaiveDate,
    /// Where the conversation was when the offer came; it goes on there afterwards.
    pub resume: Step,
    /// The resident asked to change the day (Ganti hari after a reminder): their day is open, they may
    /// keep it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_resident: bool,
}

/// Why a day the resident named cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The calendar's reason.
    Calendar(Unavailable),
    /// Every place of the day is taken.
    Full,
    /// There is no such date (`31 November`).
    NoSuchDate,
}

impl Adminduk {
    /// The days to offer in this turn with their places left, earliest first: bookable and not full, at most
    /// `days_offered`.
    pub(super) fn offered_days(&self, turn: &Turn<'_>) -> Result<Vec<(NaiveDate, u32)>, StorageError> {
        let mut res = Vec::new();
        for date in self.calendar.bookable_days(turn.now) {
            if res.len() == self.catalog.schedule.days_offered {
                break;
            }
            let taken = turn.store.bookings().taken(date)?;
            if taken < self.capacity {
                res.push((date, self.capacity - taken));
            }
        }
        Ok(res)
    }

    /// The question for a pickup day, with the days as options; or why no day can be offered.
    pub(super) fn schedule_prompt(&self, turn: &Turn<'_>) -> Vec<Reply> {
        let (opens, closes) = self.hours();
        self.day_choice(turn, Say::new(msg::SCHEDULE_ASK).arg("opens", opens).arg("closes", closes), None)
    }

    /// `ask` with the offered days as options (without `except`), with a note when the
    /// known calendar cuts the list short, or why there is no day at all.
    fn day_choice(&self, turn: &Turn<'_>, ask: Say, except: Option<NaiveDate>) -> Vec<Reply> {
        let days = match self.offered_days(turn) {
            Ok(days) => days.into_iter().filter(|(date, _)| Some(*date) != except).collect::<Vec<_>>(),
            Err(err) => {
                tracing::error!(error = %err, "cannot read day counts");
                return vec![Reply::say(Say::new(msg::ERROR))];
            }
        };
        let until = date_say(self.calendar.known_until());
        let cut_short = self.calendar.horizon_cut_short(turn.now);
        if days.is_empty() {
            // Full days are said as full; only a calendar with no day left before its end is said as such.
            let none = match cut_short && self.calendar.bookable_days(turn.now).next().is_none() {
                true => Say::new(msg::SCHEDULE_NONE_CALENDAR).msg("until", until),
                false => Say::new(msg::SCHEDULE_NONE).num("days", i64::from(self.catalog.schedule.horizon_days)),
            };
            return vec![Reply::say(none)];
        }
        let mut replies = Vec::new();
        if cut_short && days.len() < self.catalog.schedule.days_offered {
            replies.push(Reply::say(Say::new(msg::SCHEDULE_CALENDAR_END).msg("until", until)));
        }
        let mut reply = Reply::say(ask);
        for (date, left) in days {
            let label = Say::new(msg::SCHEDULE_DAY).msg("date", date_say(date)).num("left", i64::from(left));
            reply = reply.option(format!("{DAY_PREFIX}{}", date.format("%Y-%m-%d")), label);
        }
        replies.push(reply);
        replies
    }

    /// Reads a day from the resident's words at the schedule or reschedule
    /// step. `None` when the message names no day; otherwise the booking (or
    /// move), or why that day cannot be taken with the days again.
    pub(super) fn day_from_words(&self, turn: &Turn<'_>, state: &State, input: &Input) -> Option<Transition<State>> {
        let today = self.calendar.local_date(turn.now);
        let day = self.catalog.day_words.read(&input.text, today)?;
        let (weekday, next_week, date) = match day {
            DayRef::NoSuchDate => return Some(self.refuse(turn, state.clone(), today, Refusal::NoSuchDate)),
            DayRef::Date(date) => (None, false, date),
            DayRef::Weekday { weekday, next_week } => {
                let mut date = DayRef::weekday_date(weekday, next_week, today);
                // "Senin" on a Monday after closing time is next Monday.
                if date == today && self.calendar.check(today, turn.now) == Err(Unavailable::AfterClosing) {
                    date = DayRef::weekday_date(weekday, true, today);
                }
                (Some(weekday), next_week, date)
            }
        };
        if let Err(why) = self.calendar.check(date, turn.now) {
            return Some(self.refuse(turn, state.clone(), date, Refusal::Calendar(why)));
        }
        let offered = match self.offered_days(turn) {
            Ok(it) => it,
            Err(err) => {
                tracing::error!(error = %err, "cannot read day counts");
                return Some(Transition::to(state.clone(), vec![Reply::say(Say::new(msg::ERROR))]));
            }
        };
        match turn.store.bookings().taken(date) {
            Ok(taken) if taken >= self.capacity => {
                return Some(self.refuse(turn, state.clone(), date, Refusal::Full));
            }
            Ok(_) => {}
            Err(err) => {
                tracing::error!(error = %err, "cannot read day counts");
                return Some(Transition::to(state.clone(), vec![Reply::say(Say::new(msg::ERROR))]));
            }
        }
        // "Senin" with two Mondays listed: the nearest, and the resident is told.
        let mut notes = Vec::new();
        if let Some(weekday) = weekday.filter(|_| !next_week) {
            let same_day = offered.iter().filter(|(it, _)| it.weekday() == weekday).count();
            if same_day >= 2 {
                notes.push(Reply::say(
                    Say::new(msg::SCHEDULE_NEAREST)
                        .msg("weekday", Say::new(format!("weekday-{}", weekday.number_from_monday())))
                        .msg("date", date_say(date)),
                ));
            }
        }
        tracing::debug!(user = %turn.user, %date, "day read from words");
        Some(self.take_day(turn, state.clone(), date, notes))
    }

    /// Books (schedule step) or moves the booking (reschedule step) on a day the resident chose.
    pub(super) fn take_day(
        &self,
        turn: &Turn<'_>,
        state: State,
        date: NaiveDate,
        notes: Vec<Reply>,
    ) -> Transition<State> {
        let mut transition = match state.step {
            Step::Reschedule => self.move_booking(turn, state, date),
            _ => self.book(turn, state, date),
        };
        transition.replies.splice(0..0, notes);
        transition
    }

    /// Why `date` cannot be taken, then the days again.
    pub(super) fn refuse(&self, turn: &Turn<'_>, state: State, date: NaiveDate, refusal: Refusal) -> Transition<State> {
        let mut replies = vec![self.refusal_reply(date, &refusal)];
        replies.extend(match state.step {
            Step::Reschedule => self.reschedule_prompt(turn, &state),
            _ => self.schedule_prompt(turn),
        });
        Transition::to(state, replies)
    }

    /// One bubble saying why `date` cannot be taken.
    fn refusal_reply(&self, date: NaiveDate, refusal: &Refusal) -> Reply {
        let on = || date_say(date);
        let say = match refusal {
            Refusal::NoSuchDate => Say::new(msg::SCHEDULE_NO_SUCH_DATE),
            Refusal::Full => Say::new(msg::SCHEDULE_DAY_FULL).msg("date", on()),
            Refusal::Calendar(why) => match why {
                Unavailable::Past => Say::new(msg::SCHEDULE_PAST).msg("date", on()),
                Unavailable::AfterClosing => Say::new(msg::SCHEDULE_AFTER_CLOSING).arg("closes", self.hours().1),
                Unavailable::Weekend => Say::new(msg::SCHEDULE_WEEKEND).msg("date", on()),
                Unavailable::Holiday(holiday) => {
                    let id = match holiday.kind {
                        HolidayKind::Libur => msg::SCHEDULE_HOLIDAY,
                        HolidayKind::CutiBersama => msg::SCHEDULE_CUTI_BERSAMA,
                    };
                    let reply = Reply::say(Say::new(id).msg("date", on()).arg("name", holiday.name.clone()));
                    return match holiday.estimate {
                        true => reply.and(Say::new(msg::SCHEDULE_ESTIMATE)),
                        false => reply,
                    };
                }
                Unavailable::Closure(closure) => match &closure.reason {
                    Some(reason) => {
                        Say::new(msg::SCHEDULE_CLOSURE_REASON).msg("date", on()).arg("reason", reason.clone())
                    }
                    None => Say::new(msg::SCHEDULE_CLOSURE).msg("date", on()),
                },
                Unavailable::BeyondHorizon { last } => {
                    Say::new(msg::SCHEDULE_BEYOND_HORIZON).msg("date", on()).msg("last", date_say(*last))
                }
                Unavailable::BeyondCalendar { known_until } => {
                    Say::new(msg::SCHEDULE_BEYOND_CALENDAR).msg("date", on()).msg("until", date_say(*known_until))
                }
                Unavailable::Unreadable => Say::new(msg::ERROR),
            },
        };
        Reply::say(say)
    }

    /// Puts the conversation in the reschedule step for `booking`, whose day
    /// the office closed, and says so with other days to pick. The desk calls
    /// this through [`cekbae_bot::Engine::queue_offer`] for every resident booked
    /// on a day it closes; `welcome` calls it for a booking left on a closed day.
    pub fn offer_new_day(&self, turn: &Turn<'_>, mut state: State, booking: &Booking) -> Transition<State> {
        let resume = match (&state.step, &state.moving) {
            (Step::Reschedule | Step::Reminder, Some(moving)) => moving.resume,
            (step, _) => *step,
        };
        state.moving =
            Some(Moving { ticket: booking.ticket.clone(), date: booking.details.date, resume, by_resident: false });
        state.step = Step::Reschedule;
        state.confirm = None;
        state.failures = 0;
        let replies = self.reschedule_prompt(turn, &state);
        Transition::to(state, replies)
    }

    /// Why the booking's day is closed, and the days to move it to.
    pub(super) fn reschedule_prompt(&self, turn: &Turn<'_>, state: &State) -> Vec<Reply> {
        let Some(moving) = &state.moving else { return self.menu_prompt() };
        let mut replies = Vec::new();
        if let Some(why) = self.calendar.closed(moving.date) {
            replies.push(self.refusal_reply(moving.date, &Refusal::Calendar(why)));
        }
        let (opens, closes) = self.hours();
        let id = if moving.by_resident { msg::REMINDER_CHANGE_ASK } else { msg::RESCHEDULE_ASK };
        let ask = Say::new(id)
            .arg("ticket", moving.ticket.clone())
            .msg("date", date_say(moving.date))
            .arg("opens", opens)
            .arg("closes", closes);
        replies.extend(self.day_choice(turn, ask, Some(moving.date)));
        replies
    }

    /// The reschedule step: a day picked (by words; a pressed day goes
    /// straight to [`Adminduk::move_booking`]), or the offer again.
    pub(super) fn reschedule_step(&self, turn: &Turn<'_>, mut state: State, input: &Input) -> Transition<State> {
        let Some(moving) = state.moving.clone() else {
            state.step = Step::Menu;
            return Transition::to(state, self.menu_prompt());
        };
        match turn.store.bookings().get(&moving.ticket) {
            Ok(Some(booking)) if booking.status == BookingStatus::Booked => {}
            Ok(_) => {
                return self.leave_reschedule(turn, state, Say::new(msg::RESCHEDULE_GONE).arg("ticket", moving.ticket))
            }
            Err(err) => {
                tracing::error!(user = %turn.user, error = %err, "cannot read a booking to move");
                return Transition::to(state, vec![Reply::say(Say::new(msg::ERROR))]);
            }
        }
        let today = self.calendar.local_date(turn.now);
        if !moving.by_resident && moving.date >= today && self.calendar.closed(moving.date).is_none() {
            // The office opened the day again (the closure was removed): nothing to move.
            let kept = Say::new(msg::RESCHEDULE_KEPT).arg("ticket", moving.ticket).msg("date", date_say(moving.date));
            return self.leave_reschedule(turn, state, kept);
        }
        if let Some(transition) = self.day_from_words(turn, &state, input) {
            return transition;
        }
        let kind_word = courtesy(input);
        let answered = kind_word.is_some();
        let mut replies = vec![Reply::say(kind_word.unwrap_or_else(|| Say::new(msg::SCHEDULE_NOT_UNDERSTOOD)))];
        replies.extend(self.reschedule_prompt(turn, &state));
        if !answered {
            state.failures = state.failures.saturating_add(1);
            if state.failures.is_multiple_of(FAILURES_BEFORE_OFFER) {
                replies.push(way_out(msg::STUCK));
            }
        }
        Transition::to(state, replies)
    }

    /// Moves the booking being rescheduled to `date`: the old place is freed
    /// and the new one taken in one write, under a new ticket.
    pub(super) fn move_booking(&self, turn: &Turn<'_>, mut state: State, date: NaiveDate) -> Transition<State> {
        let Some(moving) = state.moving.clone() else {
            state.step = Step::Menu;
            return Transition::to(state, self.menu_prompt());
        };
        if let Err(why) = self.calendar.check(date, turn.now) {
            return self.refuse(turn, state, date, Refusal::Calendar(why));
        }
        let prefix = &self.catalog.office.ticket_prefix;
        // In the turn: the move commits with the conversation, or not at all.
        match turn.store.bookings().move_to(&moving.ticket, date, self.capacity, prefix, turn.now) {
            Ok(MoveOutcome::Moved(booking)) => {
                tracing::info!(user = %turn.user, from = %moving.ticket, to = %booking.ticket, %date, "booking moved");
                if state.request.ticket.as_deref() == Some(moving.ticket.as_str()) {
                    state.request.ticket = Some(booking.ticket.clone());
                    state.request.date = Some(date);
                }
                state.moving = None;
                state.step = moving.resume;
                state.failures = 0;
                let mut replies = vec![Reply::say(
                    Say::new(msg::RESCHEDULE_MOVED).arg("old", moving.ticket).msg("date", date_say(date)),
                )];
                replies.extend(self.ticket_for(&booking));
                if matches!(state.step, Step::Reason | Step::Nik | Step::Schedule) {
                    // Back to the request the resident was making when the offer came.
                    replies.extend(cekbae_bot::Dialogue::prompt(self, turn, &state));
                }
                Transition::to(state, replies).committed()
            }
            Ok(MoveOutcome::Full) => self.refuse(turn, state, date, Refusal::Full),
            Ok(MoveOutcome::SameDay) => {
                let kept = Say::new(msg::RESCHEDULE_KEPT).arg("ticket", moving.ticket).msg("date", date_say(date));
                self.leave_reschedule(turn, state, kept)
            }
            Ok(MoveOutcome::NotFound | MoveOutcome::NotBooked(_)) => {
                self.leave_reschedule(turn, state, Say::new(msg::RESCHEDULE_GONE).arg("ticket", moving.ticket))
            }
            Err(err) => {
                tracing::error!(user = %turn.user, error = %err, "moving a booking failed");
                let mut replies = vec![Reply::say(Say::new(msg::ERROR))];
                replies.extend(self.reschedule_prompt(turn, &state));
                Transition::to(state, replies)
            }
        }
    }

    /// Ends the reschedule step with `say`, back where the conversation was.
    fn leave_reschedule(&self, turn: &Turn<'_>, mut state: State, say: Say) -> Transition<State> {
        state.step = state.moving.take().map_or(Step::Menu, |it| it.resume);
        state.failures = 0;
        let mut replies = vec![Reply::say(say)];
        if state.step != Step::Done {
            replies.extend(cekbae_bot::Dialogue::prompt(self, turn, &state));
        }
        Transition::to(state, replies)
    }

    /// `batal` while a booking waits to be moved: the offer is dropped, the booking stays as it is.
    pub(super) fn cancel_reschedule(&self, state: &State) -> Option<Transition<State>> {
        let moving = state.moving.as_ref().filter(|_| state.step == Step::Reschedule)?;
        let id = if moving.by_resident { msg::REMINDER_CHANGE_LEFT } else { msg::RESCHEDULE_LEFT };
        let mut replies =
            vec![Reply::say(Say::new(id).arg("ticket", moving.ticket.clone()).msg("date", date_say(moving.date)))];
        replies.extend(self.menu_prompt());
        Some(Transition::to(self.fresh(), replies))
    }

    /// The first of `upcoming` whose day the office has since closed: it must move.
    pub(super) fn stranded<'a>(&self, upcoming: &'a [Booking]) -> Option<&'a Booking> {
        upcoming.iter().find(|booking| self.calendar.closed(booking.details.date).is_some())
    }
}
