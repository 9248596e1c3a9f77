//! The office calendar: which days and hours the counter serves, in WIB.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};

use crate::catalog::{Holiday, ScheduleConfig};

/// Working days, hours and closed days of one office.
#[derive(Debug, Clone)]
pub struct Calendar {
    config: ScheduleConfig,
    holidays: BTreeMap<NaiveDate, Holiday>,
}

impl Calendar {
    /// A calendar from the catalog's schedule settings and holiday list.
    pub fn new(config: ScheduleConfig, holidays: BTreeMap<NaiveDate, Holiday>) -> Self {
        Self { config, holidays }
    }

    /// The schedule settings.
    pub fn config(&self) -> &ScheduleConfig {
        &self.config
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

    /// Monday to Friday, and not a national holiday or cuti bersama.
    pub fn is_service_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains_key(&date)
    }

    /// Whether the counter is serving at `now` (a service day, between opening and closing).
    pub fn is_open_at(&self, now: DateTime<Utc>) -> bool {
        let local = now.with_timezone(&self.config.timezone);
        let time = local.time();
        self.is_service_day(local.date_naive()) && time >= self.config.opens && time < self.config.closes
    }

    /// The day the counter next opens at or after `now`: today if it has not
    /// opened yet, otherwise the next service day.
    pub fn next_opening(&self, now: DateTime<Utc>) -> NaiveDate {
        let local = now.with_timezone(&self.config.timezone);
        let today = local.date_naive();
        if self.is_service_day(today) && local.time() < self.config.opens {
            return today;
        }
        (1..=60u64)
            .filter_map(|offset| today.checked_add_days(Days::new(offset)))
            .find(|date| self.is_service_day(*date))
            .unwrap_or(today)
    }

    /// Whether a resident writing at `now` may still pick `date`: a service day,
    /// not in the past, within the horizon, and today only before closing time.
    pub fn is_bookable(&self, date: NaiveDate, now: DateTime<Utc>) -> bool {
        let local = now.with_timezone(&self.config.timezone);
        let today = local.date_naive();
        let Some(last) = today.checked_add_days(Days::new(u64::from(self.config.horizon_days))) else {
            return false;
        };
        if date < today || date > last || !self.is_service_day(date) {
            return false;
        }
        date != today || local.time() < self.config.closes
    }

    /// Bookable days from today on, earliest first, within the horizon.
    pub fn bookable_days(&self, now: DateTime<Utc>) -> impl Iterator<Item = NaiveDate> + '_ {
        let today = self.local_date(now);
        (0..=u64::from(self.config.horizon_days))
            .filter_map(move |offset| today.checked_add_days(Days::new(offset)))
            .filter(move |date| self.is_bookable(*date, now))
    }
}

#[cfg(test)]
mod tests;
