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

fn calendar_known_until(until: &str) -> Calendar {
    let catalog = Catalog::embedded(None).unwrap();
    let mut holidays = catalog.holidays;
    holidays.known_until = date(until);
    Calendar::new(catalog.schedule, holidays)
}

#[test]
fn from_29_december_2026_the_2027_holidays_are_never_offered() {
    let cal = calendar();
    for now in ["2026-12-29T08:00:00+07:00", "2026-12-31T16:00:00+07:00", "2027-01-02T09:00:00+07:00"] {
        let days: Vec<_> = cal.bookable_days(at(now)).collect();
        assert!(!days.contains(&date("2027-01-01")), "Tahun Baru offered at {now}: {days:?}");
        assert!(!days.contains(&date("2027-01-05")), "Isra Mikraj offered at {now}: {days:?}");
    }
    let days: Vec<_> = cal.bookable_days(at("2026-12-29T08:00:00+07:00")).take(5).collect();
    assert_eq!(
        days,
        [date("2026-12-29"), date("2026-12-30"), date("2026-12-31"), date("2027-01-04"), date("2027-01-06")]
    );
    assert_eq!(
        cal.check(date("2027-01-01"), at("2026-12-29T08:00:00+07:00")),
        Err(Unavailable::Holiday(cal.holiday(date("2027-01-01")).unwrap().clone()))
    );
}

#[test]
fn the_2027_list_closes_eid_with_its_cuti_bersama_and_marks_estimates() {
    let cal = calendar();
    for closed in [
        "2027-03-08",
        "2027-03-09",
        "2027-03-10",
        "2027-03-11",
        "2027-03-12",
        "2027-03-15",
        "2027-05-17",
        "2027-05-18",
        "2027-05-19",
        "2027-05-20",
        "2027-12-24",
    ] {
        assert!(!cal.is_service_day(date(closed)), "{closed}");
    }
    assert!(cal.is_service_day(date("2027-03-16")));
    assert!(cal.holiday(date("2027-03-10")).unwrap().estimate);
    assert!(!cal.holiday(date("2027-03-09")).unwrap().estimate);
    assert_eq!(cal.holiday(date("2027-02-05")).unwrap().kind, crate::catalog::HolidayKind::CutiBersama);
}

#[test]
fn no_day_after_the_known_calendar_is_offered_or_bookable() {
    let cal = calendar_known_until("2026-12-31");
    let now = at("2026-12-21T08:00:00+07:00");
    let days: Vec<_> = cal.bookable_days(now).collect();
    assert_eq!(days.last(), Some(&date("2026-12-31")), "{days:?}");
    assert_eq!(
        cal.check(date("2027-01-04"), now),
        Err(Unavailable::BeyondCalendar { known_until: date("2026-12-31") })
    );
    assert!(!cal.is_bookable(date("2027-01-04"), now));
    assert!(cal.horizon_cut_short(now));
    // Beyond the horizon is said as such, with the last day that can be picked.
    assert_eq!(cal.check(date("2027-02-01"), now), Err(Unavailable::BeyondHorizon { last: date("2026-12-31") }));
    // Once the calendar has ended, nothing at all.
    let after = at("2027-01-04T08:00:00+07:00");
    assert_eq!(cal.bookable_days(after).count(), 0);
    assert_eq!(cal.next_opening(after), None, "no opening day is guessed past the known calendar");
    assert_eq!(cal.next_opening(at("2026-12-31T16:00:00+07:00")), None);
    assert_eq!(cal.next_opening(at("2026-12-30T16:00:00+07:00")), Some(date("2026-12-31")));
    assert!(!calendar().horizon_cut_short(now));
}

#[test]
fn the_calendar_warns_ninety_days_before_its_end() {
    let cal = calendar();
    assert_eq!(cal.days_known_ahead(at("2027-10-02T08:00:00+07:00")), 90);
    assert!(!cal.is_running_short(at("2027-10-02T08:00:00+07:00")));
    assert!(cal.is_running_short(at("2027-10-03T08:00:00+07:00")));
    assert!(cal.is_running_short(at("2028-01-05T08:00:00+07:00")));
    assert_eq!(cal.days_known_ahead(at("2028-01-01T08:00:00+07:00")), -1);
}

#[test]
fn every_reason_a_day_cannot_be_picked() {
    let cal = calendar();
    let now = at("2026-11-30T15:30:00+07:00");
    assert_eq!(cal.check(date("2026-11-27"), now), Err(Unavailable::Past));
    assert_eq!(cal.check(date("2026-11-30"), now), Err(Unavailable::AfterClosing));
    assert_eq!(cal.check(date("2026-12-05"), now), Err(Unavailable::Weekend));
    let christmas = cal.check(date("2026-12-25"), now);
    assert!(matches!(&christmas, Err(Unavailable::Holiday(h)) if h.name == "Hari Raya Natal"), "{christmas:?}");
    assert_eq!(cal.check(date("2027-01-04"), now), Err(Unavailable::BeyondHorizon { last: date("2026-12-30") }));
    assert_eq!(cal.check(date("2026-12-01"), now), Ok(()));
}

#[test]
fn a_local_closure_is_consulted_at_once_for_offers_and_bookings() {
    let store: std::sync::Arc<dyn cekbae_bot::Store> =
        std::sync::Arc::new(cekbae_sled_store::SledStore::temporary().unwrap());
    let closures = store.closures();
    let cal = calendar().with_closures(std::sync::Arc::clone(&store));
    let now = at("2026-11-30T08:00:00+07:00");
    assert!(cal.is_bookable(date("2026-12-02"), now));
    let closure = crate::closures::Closure::new(date("2026-12-02"), Some("Rapat kerja"), "camat", Utc::now());
    closures.add(&closure).unwrap();
    // The same calendar, no reload: the closure applies at once.
    assert_eq!(cal.check(date("2026-12-02"), now), Err(Unavailable::Closure(closure)));
    let days: Vec<_> = cal.bookable_days(now).take(3).collect();
    assert_eq!(days, [date("2026-11-30"), date("2026-12-01"), date("2026-12-03")]);
    assert!(!cal.is_open_at(at("2026-12-02T09:00:00+07:00")));
    assert_eq!(cal.next_opening(at("2026-12-01T16:00:00+07:00")), Some(date("2026-12-03")));
    closures.remove(date("2026-12-02")).unwrap();
    assert!(cal.is_bookable(date("2026-12-02"), now));
}

#[test]
fn the_next_opening_is_today_before_opening_time_and_a_later_service_day_after() {
    let cal = calendar();
    assert_eq!(cal.next_opening(at("2026-11-30T06:00:00+07:00")), Some(date("2026-11-30")), "Monday 06:00: today");
    assert_eq!(cal.next_opening(at("2026-11-30T07:30:00+07:00")), Some(date("2026-12-01")), "open now: the next day");
    assert_eq!(cal.next_opening(at("2026-11-30T16:00:00+07:00")), Some(date("2026-12-01")));
    assert_eq!(cal.next_opening(at("2026-11-28T06:00:00+07:00")), Some(date("2026-11-30")), "Saturday: Monday");
    assert_eq!(cal.next_opening(at("2026-12-23T16:00:00+07:00")), Some(date("2026-12-28")), "over Christmas");
    assert_eq!(cal.next_opening(at("2026-12-24T06:00:00+07:00")), Some(date("2026-12-28")), "cuti bersama is no today");
}

#[test]
fn names_holidays_and_shows_instants_in_office_time() {
    let cal = calendar();
    let christmas = cal.holiday(date("2026-12-25")).expect("Natal is listed");
    assert_eq!((christmas.name.as_str(), christmas.kind), ("Hari Raya Natal", crate::catalog::HolidayKind::Libur));
    assert_eq!(cal.holiday(date("2026-11-30")).map(|it| it.name.clone()), None);
    let local = cal.local_time(at("2026-11-30T01:00:00Z"));
    assert_eq!(local, date("2026-11-30").and_hms_opt(8, 0, 0).unwrap(), "WIB is UTC+7");
    assert_eq!(cal.local_date(at("2026-11-29T23:00:00Z")), date("2026-11-30"));
}
