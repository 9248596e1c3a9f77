//! Unit tests for the NIK validator: every bad shape, leap years, women's days and the century choice.

use chrono::NaiveDate;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn check(input: &str) -> NikReport {
    inspect(input, today())
}

#[test]
fn accepts_a_valid_male_nik() {
    let r = check("3201141705900001");
    assert_eq!(r.error, None);
    assert_eq!(r.province, Some("Jawa Barat"));
    assert_eq!(r.district_code.as_deref(), Some("320114"));
    assert_eq!(r.birth_date, NaiveDate::from_ymd_opt(1990, 5, 17));
    assert_eq!(r.sex, Some(Sex::Male));
    assert_eq!(r.serial.as_deref(), Some("0001"));
}

#[test]
fn reads_women_days_with_plus_forty() {
    let r = check("3201014502900003");
    assert!(r.is_valid());
    assert_eq!(r.sex, Some(Sex::Female));
    assert_eq!(r.birth_date, NaiveDate::from_ymd_opt(1990, 2, 5));
    assert!(check("3201017112850002").is_valid(), "day 71 is the 31st for women");
    assert_eq!(check("3201017212850002").error, Some(NikError::BirthDay));
    assert_eq!(check("3201013512850002").error, Some(NikError::BirthDay), "32..40 is never a day");
    assert_eq!(check("3201010012850002").error, Some(NikError::BirthDay));
}

#[test]
fn strips_spaces_dots_and_dashes() {
    assert!(check("3201 0145 0290 0003").is_valid());
    assert!(check("3201.0145.0290.0003").is_valid());
    assert!(check("3201-0145-0290-0003").is_valid());
    assert_eq!(check("3201-0145-0290-0003").digits.as_deref(), Some("3201014502900003"));
}

#[test]
fn rejects_bad_shapes() {
    assert_eq!(check("320101450290000").error, Some(NikError::Length { found: 15 }));
    assert_eq!(check("32010145029000031").error, Some(NikError::Length { found: 17 }));
    assert_eq!(check("").error, Some(NikError::Length { found: 0 }));
    assert_eq!(check("3201O14502900003").error, Some(NikError::NotDigits));
    assert_eq!(check("２２01014502900003").error, Some(NikError::NotDigits), "full-width digits are not ASCII");
    assert_eq!(check("2001014502900003").error, Some(NikError::Province));
    assert_eq!(check("9901014502900003").error, Some(NikError::Province));
    assert_eq!(check("3201011313900003").error, Some(NikError::BirthMonth));
    assert_eq!(check("3201011300900003").error, Some(NikError::BirthMonth));
    assert_eq!(check("3201013104900003").error, Some(NikError::BirthDate), "31 April");
    assert_eq!(check("3201017104900003").error, Some(NikError::BirthDate), "31 April, woman");
    assert_eq!(check("3201011705900000").error, Some(NikError::Serial));
}

#[test]
fn handles_leap_years() {
    assert!(check("3201012902960001").is_valid(), "1996 is a leap year");
    assert_eq!(check("3201012902230001").error, Some(NikError::BirthDate), "2023 and 1923 are not");
    let r = check("3201012902000001");
    assert_eq!(r.birth_date, NaiveDate::from_ymd_opt(2000, 2, 29), "2000 is a leap year, 1900 is not");
}

#[test]
fn takes_the_most_recent_past_century() {
    assert_eq!(check("3201010101250001").birth_date, NaiveDate::from_ymd_opt(2025, 1, 1));
    assert_eq!(check("3201010101300001").birth_date, NaiveDate::from_ymd_opt(1930, 1, 1));
    assert_eq!(check("3201012711260001").birth_date, NaiveDate::from_ymd_opt(2026, 11, 27), "today is not the future");
    assert_eq!(check("3201012811260001").birth_date, NaiveDate::from_ymd_opt(1926, 11, 28), "tomorrow is");
}

#[test]
fn masks_all_but_the_last_four_digits() {
    assert_eq!(mask("3201014502900003"), "************0003");
    assert_eq!(mask("12"), "12");
}

#[test]
fn every_verdict_has_its_stable_code_and_validity() {
    // The codes are a contract: `cekbae nik` prints them and message ids are built from them.
    let cases = [
        ("320101450290000", "length"),
        ("3201O14502900003", "not_digits"),
        ("9901014502900003", "province"),
        ("3201013512850002", "birth_day"),
        ("3201011313900003", "birth_month"),
        ("3201013104900003", "birth_date"),
        ("3201011705900000", "serial"),
    ];
    for (input, code) in cases {
        let report = check(input);
        assert!(!report.is_valid(), "{input}");
        assert_eq!(report.error.map(|it| it.code()), Some(code), "{input}");
    }
    assert!(check("3201141705900001").is_valid());
    assert_eq!(check("3201141705900001").sex.map(|it| it.as_str()), Some("male"));
    assert_eq!(check("3201014502900003").sex.map(|it| it.as_str()), Some("female"));
}
