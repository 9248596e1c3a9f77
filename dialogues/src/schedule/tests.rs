//! Calendar rules: weekends, holidays and cuti bersama, hours in WIB, horizon.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::catalog::Catalog;

fn calendar() -> Calendar {
    let catalog = Catalog::embedded(None).unwrap();
    Calendar::new(catalog.schedule, catalog.holidays)
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn weekends_and_holidays_are_closed() {
    let cal = calendar();
    assert!(cal.is_service_day(date("2026-11-30")), "Monday");
    assert!(!cal.is_service_day(date("2026-11-28")), "Saturday");
    assert!(!cal.is_service_day(date("2026-11-29")), "Sunday");
    assert!(!cal.is_service_day(date("2026-12-25")), "Natal");
    assert!(!cal.is_service_day(date("2026-12-24")), "cuti bersama Natal");
    assert!(!cal.is_service_day(date("2026-03-23")), "cuti bersama Idul Fitri");
    assert!(!cal.is_service_day(date("2027-01-01")));
}

#[test]
fn today_is_offered_only_before_closing_time_in_wib() {
    let cal = calendar();
    let days: Vec<_> = cal.bookable_days(at("2026-11-30T08:00:00+07:00")).take(2).collect();
    assert_eq!(days, [date("2026-11-30"), date("2026-12-01")]);
    let days: Vec<_> = cal.bookable_days(at("2026-11-30T14:59:00+07:00")).take(1).collect();
    assert_eq!(days, [date("2026-11-30")]);
    let days: Vec<_> = cal.bookable_days(at("2026-11-30T15:00:00+07:00")).take(1).collect();
    assert_eq!(days, [date("2026-12-01")], "at 15:00 the counter is closed");
    // 08:30 UTC is 15:30 WIB: closed, even though it is morning in UTC terms.
    let days: Vec<_> = cal.bookable_days(at("2026-11-30T08:30:00Z")).take(1).collect();
    assert_eq!(days, [date("2026-12-01")]);
    // 23:00 UTC on Sunday is 06:00 WIB on Monday: Monday is still open.
    let days: Vec<_> = cal.bookable_days(at("2026-11-29T23:00:00Z")).take(1).collect();
    assert_eq!(days, [date("2026-11-30")]);
}

#[test]
fn skips_christmas_and_the_weekend() {
    let cal = calendar();
    let days: Vec<_> = cal.bookable_days(at("2026-12-23T16:00:00+07:00")).take(3).collect();
    assert_eq!(days, [date("2026-12-28"), date("2026-12-29"), date("2026-12-30")]);
}

#[test]
fn open_hours() {
    let cal = calendar();
    assert!(!cal.is_open_at(at("2026-11-30T07:29:00+07:00")));
    assert!(cal.is_open_at(at("2026-11-30T07:30:00+07:00")));
    assert!(!cal.is_open_at(at("2026-11-30T15:00:00+07:00")));
    assert!(!cal.is_open_at(at("2026-11-28T09:00:00+07:00")), "Saturday");
}

#[test]
fn past_days_and_days_beyond_the_horizon_are_not_bookable() {
    let cal = calendar();
    let now = at("2026-11-30T08:00:00+07:00");
    assert!(!cal.is_bookable(date("2026-11-27"), now));
    assert!(cal.is_bookable(date("2026-12-30"), now));
    assert!(!cal.is_bookable(date("2027-01-04"), now), "horizon is 30 days");
}

#[test]
fn the_next_opening_is_today_before_opening_time_and_a_later_service_day_after() {
    let cal = calendar();
    assert_eq!(cal.next_opening(at("2026-11-30T06:00:00+07:00")), date("2026-11-30"), "Monday 06:00: today");
    assert_eq!(cal.next_opening(at("2026-11-30T07:30:00+07:00")), date("2026-12-01"), "open now: the next day");
    assert_eq!(cal.next_opening(at("2026-11-30T16:00:00+07:00")), date("2026-12-01"));
    assert_eq!(cal.next_opening(at("2026-11-28T06:00:00+07:00")), date("2026-11-30"), "Saturday: Monday");
    assert_eq!(cal.next_opening(at("2026-12-23T16:00:00+07:00")), date("2026-12-28"), "over Christmas");
    assert_eq!(cal.next_opening(at("2026-12-24T06:00:00+07:00")), date("2026-12-28"), "cuti bersama is no today");
}

#[test]
fn names_holidays_and_shows_instants_in_office_time() {
    let cal = calendar();
    let christmas = cal.holiday(date("2026-12-25")).expect("Natal is listed");
    assert_eq!((christmas.name.as_str(), christmas.kind.as_str()), ("Hari Raya Natal", "libur"));
    assert_eq!(cal.holiday(date("2026-11-30")).map(|it| it.name.clone()), None);
    let local = cal.local_time(at("2026-11-30T01:00:00Z"));
    assert_eq!(local, date("2026-11-30").and_hms_opt(8, 0, 0).unwrap(), "WIB is UTC+7");
    assert_eq!(cal.local_date(at("2026-11-29T23:00:00Z")), date("2026-11-30"));
}
