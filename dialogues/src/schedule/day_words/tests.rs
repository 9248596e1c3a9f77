//! Day words: every form residents use, typos, ambiguity, months and the turn of the year.

use chrono::{NaiveDate, Weekday};

use super::*;

fn words() -> DayWords {
    DayWords::embedded().expect("the shipped day words load")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Monday 30 November 2026, the day the transcripts start on.
fn monday() -> NaiveDate {
    date("2026-11-30")
}

fn read_on(message: &str, today: NaiveDate) -> Option<DayRef> {
    words().read(message, today)
}

fn read(message: &str) -> Option<DayRef> {
    read_on(message, monday())
}

fn day(s: &str) -> Option<DayRef> {
    Some(DayRef::Date(date(s)))
}

fn weekday(day: Weekday) -> Option<DayRef> {
    Some(DayRef::Weekday { weekday: day, next_week: false })
}

#[test]
fn weekday_names_in_three_languages_and_with_typos() {
    for (message, expected) in [
        ("Selasa", Weekday::Tue),
        ("senin", Weekday::Mon),
        ("Kamis", Weekday::Thu),
        ("jumat", Weekday::Fri),
        ("Jum'at aja", Weekday::Fri),
        ("hari sabtu", Weekday::Sat),
        ("minggu", Weekday::Sun),
        ("Ahad", Weekday::Sun),
        // Sundanese
        ("Senen", Weekday::Mon),
        ("Salasa", Weekday::Tue),
        ("Rebo", Weekday::Wed),
        ("kemis", Weekday::Thu),
        ("Jumaah", Weekday::Fri),
        ("Jum'ah", Weekday::Fri),
        ("Saptu", Weekday::Sat),
        ("dinten Rebo wae", Weekday::Wed),
        // English
        ("Wednesday", Weekday::Wed),
        ("on friday please", Weekday::Fri),
        ("thu", Weekday::Thu),
        // Typos
        ("slasa", Weekday::Tue),
        ("selsa", Weekday::Tue),
        ("snin", Weekday::Mon),
        ("kamiss", Weekday::Thu),
        ("jumt", Weekday::Fri),
        ("SELASAAA", Weekday::Tue),
        ("wensday", Weekday::Wed),
    ] {
        assert_eq!(read(message), weekday(expected), "{message}");
    }
}

#[test]
fn relative_words_count_from_today() {
    for (message, expected) in [
        ("hari ini", "2026-11-30"),
        ("ayeuna", "2026-11-30"),
        ("dinten ieu", "2026-11-30"),
        ("today", "2026-11-30"),
        ("besok", "2026-12-01"),
        ("bsk aja", "2026-12-01"),
        ("enjing", "2026-12-01"),
        ("isukan", "2026-12-01"),
        ("tomorrow", "2026-12-01"),
        ("lusa", "2026-12-02"),
        ("pageuh", "2026-12-02"),
        ("pageto", "2026-12-02"),
        ("the day after tomorrow", "2026-12-02"),
        ("kemarin", "2026-11-29"),
    ] {
        assert_eq!(read(message), day(expected), "{message}");
    }
}

#[test]
fn dates_in_every_written_form() {
    for (message, expected) in [
        ("2 Desember", "2026-12-02"),
        ("2 des", "2026-12-02"),
        ("tanggal 2 desember 2026", "2026-12-02"),
        ("2/12", "2026-12-02"),
        ("2-12-2026", "2026-12-02"),
        ("02.12.2026", "2026-12-02"),
        ("2/12/26", "2026-12-02"),
        ("tgl 2", "2026-12-02"),
        ("tgl. 2", "2026-12-02"),
        ("tgl2", "2026-12-02"),
        ("tanggal dua", "2026-12-02"),
        ("kaping 2", "2026-12-02"),
        ("December 2nd", "2026-12-02"),
        ("dec 2", "2026-12-02"),
        ("the 2nd", "2026-12-02"),
        ("2 Désémber", "2026-12-02"),
        ("2 desmber", "2026-12-02"),
        ("3 Nopember 2026", "2026-11-03"),
        ("30 nov", "2026-11-30"),
        ("1 Januari 2027", "2027-01-01"),
    ] {
        assert_eq!(read(message), day(expected), "{message}");
    }
}

#[test]
fn the_option_label_pasted_back() {
    assert_eq!(read("Senin, 30 November 2026 (sisa kuota: 40)"), day("2026-11-30"));
    assert_eq!(read("Rabu, 2 Desember 2026 (sisa kuota: 39)"), day("2026-12-02"));
    assert_eq!(read("Rebo, 2 Désémber 2026 (sésa kuota: 40)"), day("2026-12-02"));
    assert_eq!(read("Wednesday, 2 December 2026 (places left: 40)"), day("2026-12-02"));
    assert_eq!(read("3. Kamis, 3 Desember 2026"), day("2026-12-03"));
}

#[test]
fn the_year_rolls_over_from_december_to_january() {
    let new_years_eve = date("2026-12-30");
    assert_eq!(read_on("5 Januari", new_years_eve), day("2027-01-05"));
    assert_eq!(read_on("4/1", new_years_eve), day("2027-01-04"));
    assert_eq!(read_on("tgl 4", new_years_eve), day("2027-01-04"));
    assert_eq!(read_on("tgl 31", new_years_eve), day("2026-12-31"));
    assert_eq!(read_on("besok", date("2026-12-31")), day("2027-01-01"));
    assert_eq!(read_on("senin", new_years_eve), day_ref_weekday(Weekday::Mon));
    assert_eq!(DayRef::weekday_date(Weekday::Mon, false, new_years_eve), date("2027-01-04"));
    // A day of a month just gone is this year's (and past), not next year's.
    assert_eq!(read_on("20 Desember", new_years_eve), day("2026-12-20"));
    // `tgl 31` in November is the next 31st.
    assert_eq!(read("tgl 31"), day("2026-12-31"));
}

fn day_ref_weekday(day: Weekday) -> Option<DayRef> {
    weekday(day)
}

#[test]
fn next_week_and_the_coming_day() {
    assert_eq!(read("senin depan"), Some(DayRef::Weekday { weekday: Weekday::Mon, next_week: true }));
    assert_eq!(read("Senen payun"), Some(DayRef::Weekday { weekday: Weekday::Mon, next_week: true }));
    assert_eq!(read("next friday"), Some(DayRef::Weekday { weekday: Weekday::Fri, next_week: true }));
    assert_eq!(read("rabu minggu depan"), Some(DayRef::Weekday { weekday: Weekday::Wed, next_week: true }));
    // The coming Monday on a Monday is today; next week's is a week on.
    assert_eq!(DayRef::weekday_date(Weekday::Mon, false, monday()), date("2026-11-30"));
    assert_eq!(DayRef::weekday_date(Weekday::Mon, true, monday()), date("2026-12-07"));
    assert_eq!(DayRef::weekday_date(Weekday::Fri, false, monday()), date("2026-12-04"));
    assert_eq!(DayRef::weekday_date(Weekday::Fri, true, monday()), date("2026-12-11"));
    // On a Wednesday the coming Monday is already next week's.
    let wednesday = date("2026-12-02");
    assert_eq!(DayRef::weekday_date(Weekday::Mon, false, wednesday), date("2026-12-07"));
    assert_eq!(DayRef::weekday_date(Weekday::Mon, true, wednesday), date("2026-12-07"));
    assert_eq!(DayRef::weekday_date(Weekday::Tue, false, wednesday), date("2026-12-08"));
}

#[test]
fn dates_that_do_not_exist() {
    assert_eq!(read("31 November"), Some(DayRef::NoSuchDate));
    assert_eq!(read("30/2"), Some(DayRef::NoSuchDate));
    assert_eq!(read("29 Februari 2027"), Some(DayRef::NoSuchDate));
}

#[test]
fn what_is_not_a_day() {
    for message in [
        "",
        "halo",
        "ktp hilang",
        "3201014502900003",
        "2",
        "saya datang 2 orang",
        "desember",
        "minggu depan",
        "jam 10",
        // Several days that disagree: the resident is asked again.
        "senin atau selasa",
        "2/12 atau 3/12",
        // The resident cannot come that day.
        "jangan hari senin",
        "teu tiasa dinten rebo",
        "gak bisa besok",
        "not monday",
        // A greeting with a day word in it.
        "wilujeng enjing",
    ] {
        assert_eq!(read(message), None, "{message}");
    }
}

#[test]
fn a_written_date_wins_over_its_weekday_and_relative_words_over_weekdays() {
    // The label names both; the date is what counts, even when the weekday is wrong.
    assert_eq!(read("senin tgl 2"), day("2026-12-02"));
    assert_eq!(read("besok hari selasa"), day("2026-12-01"));
    assert_eq!(read("wilujeng enjing, isukan tiasa?"), day("2026-12-01"));
}

#[test]
fn reports_every_problem_of_a_broken_file_at_once() {
    let broken = EMBEDDED_DAY_WORDS
        .replace("rebo", "senin")
        .replace("[[relative]]\ndays = 2", "[[relative]]\ndays = 30")
        .replace("su = [\"kaping\"]", "su = [\"\"]");
    let errors = DayWords::load(&broken).expect_err("broken");
    let all = errors.join("\n");
    assert!(all.contains("`senin` means both weekday Mon and weekday Wed"), "{all}");
    assert!(all.contains("relative days = 30 is too far"), "{all}");
    assert!(all.contains("date_markers has an empty word"), "{all}");
    let missing = EMBEDDED_DAY_WORDS.replace("saturday = ", "satruday = ");
    let errors = DayWords::load(&missing).expect_err("unknown key");
    assert!(errors[0].contains("unknown field `satruday`"), "{errors:?}");
}
