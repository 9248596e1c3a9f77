//! The office calendar: which days and hours the counter serves, in WIB, and why a day cannot be picked.
//!
//! Closed days are weekends, the national holidays and cuti bersama of
//! `holidays.toml`, and the office's own closures (kept by the store). The
//! holiday list is known only up to its `known_until`: no day after it is
//! ever offered, since the bot cannot tell which of those days are holidays.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};

use crate::catalog::{Holiday, Holidays, ScheduleConfig};
use cekbae_bot::Store;

use crate::closures::Closure;

pub mod day_words;

/// Days before the end of the known calendar from which `cekbae check` warns
/// and `serve` logs a warning every day.
pub const CALENDAR_WARNING_DAYS: i64 = 90;

/// How far ahead [`Calendar::next_opening`] looks (the longest closure, Idul Fitri with its cuti bersama, is far shorter).
const NEXT_OPENING_SEARCH_DAYS: u64 = 60;

/// Working days, hours and closed days of one office.
#[derive(Clone)]
pub struct Calendar {
    config: ScheduleConfig,
    holidays: BTreeMap<NaiveDate, Holiday>,
    known_until: NaiveDate,
    /// The store whose closures are consulted, if any.
    closures: Option<Arc<dyn Store>>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar")
            .field("config", &self.config)
            .field("holidays", &self.holidays.len())
            .field("known_until", &self.known_until)
            .field("closures", &self.closures.is_some())
            .finish()
    }
}

/// Why a resident cannot pick a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The day is over.
    Past,
    /// Today, after closing time.
    AfterClosing,
    /// A Saturday or Sunday.
    Weekend,
    /// A national holiday or cuti bersama.
    Holiday(Holiday),
    /// Closed by the office's own decision.
    Closure(Closure),
    /// Further ahead than bookings are taken; `last` is the last day that can be picked.
    BeyondHorizon {
        /// The last day within the horizon (and the known calendar).
        last: NaiveDate,
    },
    /// After the last day the holiday list is known for.
    BeyondCalendar {
        /// `known_until` of `holidays.toml`.
        known_until: NaiveDate,
    },
    /// The office's closures could not be read: the day is not offered rather than offered blindly.
    Unreadable,
}

impl Calendar {
    /// A calendar from the catalog's schedule settings and holiday list, without local closures.
    pub fn new(config: ScheduleConfig, holidays: Holidays) -> Self {
        Self { config, holidays: holidays.days, known_until: holidays.known_until, closures: None }
    }

    /// Also consults the office's local closures kept by `store`, for every offer and booking.
    pub fn with_closures(mut self, store: Arc<dyn Store>) -> Self {
        self.closures = Some(store);
        self
    }

    /// The schedule settings.
    pub fn config(&self) -> &ScheduleConfig {
        &self.config
    }

    /// The last day the holiday list is known for; no later day is offered.
    pub fn known_until(&self) -> NaiveDate {
        self.known_until
    }

    /// Days from today (office-local) until the known calendar ends; negative once it has.
    pub fn days_known_ahead(&self, now: DateTime<Utc>) -> i64 {
        (self.known_until - self.local_date(now)).num_days()
    }

    /// Whether the known calendar ends within [`CALENDAR_WARNING_DAYS`] of `now`.
    pub fn is_running_short(&self, now: DateTime<Utc>) -> bool {
        self.days_known_ahead(now) < CALENDAR_WARNING_DAYS
    }

    /// The office-local date of an instant.
    pub fn local_date(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.config.timezone).date_naive()
    }

    /// The office-local date and time of an instant.
    pub fn local_time(&self, at: DateTime<Utc>) -> chrono::NaiveDateTime {
        at.with_timezone(&self.config.timezone).naive_local()
    }

    /// The holiday on `date`, if any.
    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays.get(&date)
    }

    /// Why the office does not serve on `date`, if it does not: a weekend, a
    /// holiday or a local closure. Says nothing about the known calendar's end.
    pub fn closed(&self, date: NaiveDate) -> Option<Unavailable> {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return Some(Unavailable::Weekend);
        }
        if let Some(holiday) = self.holidays.get(&date) {
            return Some(Unavailable::Holiday(holiday.clone()));
        }
        let store = self.closures.as_ref()?;
        match store.closures().get(date) {
            Ok(closure) => closure.map(Unavailable::Closure),
            Err(err) => {
                tracing::error!(%date, error = %err, "cannot read the office's closures");
                Some(Unavailable::Unreadable)
            }
        }
    }

    /// Monday to Friday, and not a national holiday, cuti bersama or local closure.
    pub fn is_service_day(&self, date: NaiveDate) -> bool {
        self.closed(date).is_none()
    }

    /// Whether the counter is serving at `now` (a service day, between opening and closing).
    pub fn is_open_at(&self, now: DateTime<Utc>) -> bool {
        let local = now.with_timezone(&self.config.timezone);
        let time = local.time();
        time >= self.config.opens && time < self.config.closes && self.is_service_day(local.date_naive())
    }

    /// The day the counter next opens at or after `now`: today if it has not
    /// opened yet, otherwise the next service day. `None` when that day would
    /// lie after the known calendar (or further than the horizon): then nobody
    /// can say which day it is.
    pub fn next_opening(&self, now: DateTime<Utc>) -> Option<NaiveDate> {
        let local = now.with_timezone(&self.config.timezone);
        let today = local.date_naive();
        if local.time() < self.config.opens && today <= self.known_until && self.is_service_day(today) {
            return Some(today);
        }
        (1..=NEXT_OPENING_SEARCH_DAYS)
            .filter_map(|offset| today.checked_add_days(Days::new(offset)))
            .take_while(|date| *date <= self.known_until)
            .find(|date| self.is_service_day(*date))
    }

    /// Whether a resident writing at `now` may pick `date`, and if not, why:
    /// a service day, not in the past, within the horizon and the known
    /// calendar, and today only before closing time.
    pub fn check(&self, date: NaiveDate, now: DateTime<Utc>) -> Result<(), Unavailable> {
        let local = now.with_timezone(&self.config.timezone);
        let today = local.date_naive();
        if date < today {
            return Err(Unavailable::Past);
        }
        let horizon = today.checked_add_days(Days::new(u64::from(self.config.horizon_days))).unwrap_or(today);
        if date > horizon {
            return Err(Unavailable::BeyondHorizon { last: horizon.min(self.known_until) });
        }
        if date > self.known_until {
            return Err(Unavailable::BeyondCalendar { known_until: self.known_until });
        }
        if let Some(closed) = self.closed(date) {
            return Err(closed);
        }
        if date == today && local.time() >= self.config.closes {
            return Err(Unavailable::AfterClosing);
        }
        Ok(())
    }

    /// Whether a resident writing at `now` may still pick `date` (see [`Calendar::check`]).
    pub fn is_bookable(&self, date: NaiveDate, now: DateTime<Utc>) -> bool {
        self.check(date, now).is_ok()
    }

    /// Bookable days from today on, earliest first, within the horizon and the known calendar.
    pub fn bookable_days(&self, now: DateTime<Utc>) -> impl Iterator<Item = NaiveDate> + '_ {
        let today = self.local_date(now);
        (0..=u64::from(self.config.horizon_days))
            .filter_map(move |offset| today.checked_add_days(Days::new(offset)))
            .take_while(move |date| *date <= self.known_until)
            .filter(move |date| self.is_bookable(*date, now))
    }

    /// Whether the horizon reaches past the known calendar at `now`: some days
    /// that would be offered are held back until next year's holidays are known.
    pub fn horizon_cut_short(&self, now: DateTime<Utc>) -> bool {
        let today = self.local_date(now);
        today.checked_add_days(Days::new(u64::from(self.config.horizon_days))).is_some_and(|it| it > self.known_until)
    }
}

#[cfg(test)]
mod tests;
