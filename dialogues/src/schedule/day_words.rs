//! Reads which day a resident means from a message: day names (Indonesian, Sundanese, English, with typos),
//! `hari ini`/`besok`/`lusa` and their Sundanese words, dates (`2 Desember`, `2/12`, `tgl 2`, `2-12-2026`), and
//! an option label pasted back (`Senin, 30 November 2026 (sisa kuota: 40)`).
//!
//! Pure: tokens and today in, a [`DayRef`] out. Whether that day can be
//! picked is the calendar's business. The words are data
//! (`dialogues/adminduk/day_words.toml`), loaded in two stages like the catalog.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Deserialize;

use cekbae_bot::{text, Matcher};

/// The day-words file shipped in the binary.
pub const EMBEDDED_DAY_WORDS: &str = include_str!("../../adminduk/day_words.toml");
/// Its name inside a dialogue data folder.
pub const DAY_WORDS_FILE: &str = "day_words.toml";

/// What day a message names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRef {
    /// A date: written out, or counted from today (`besok`).
    Date(NaiveDate),
    /// A day name: the coming one, or that day of next week (`senin depan`).
    Weekday {
        /// The day named.
        weekday: Weekday,
        /// Whether a next-week word came with it.
        next_week: bool,
    },
    /// Written as a date, but there is no such date (`31 November`, `30/2`).
    NoSuchDate,
}

impl DayRef {
    /// The date a day name means from `today`: the coming one (today
    /// included), or with `next_week`, that day of the following week.
    pub fn weekday_date(weekday: Weekday, next_week: bool, today: NaiveDate) -> NaiveDate {
        let ahead = (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        if !next_week {
            return today + Days::new(u64::from(ahead));
        }
        let next_monday = today + Days::new(u64::from(7 - today.weekday().num_days_from_monday()));
        next_monday + Days::new(u64::from(weekday.num_days_from_monday()))
    }
}

/// What a word of the vocabulary means.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Word {
    Weekday(Weekday),
    Month(u32),
    Relative(i64),
    NextWeek,
    Marker,
    Negation,
    NotADay,
}

impl Word {
    fn describe(self) -> String {
        match self {
            Word::Weekday(day) => format!("weekday {day}"),
            Word::Month(month) => format!("month {month}"),
            Word::Relative(days) => format!("relative day {days}"),
            Word::NextWeek => "next_week".to_owned(),
            Word::Marker => "date_markers".to_owned(),
            Word::Negation => "negations".to_owned(),
            Word::NotADay => "not_days".to_owned(),
        }
    }
}

/// Words per locale, as in the file.
type RawWords = BTreeMap<String, Vec<String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDayWords {
    weekdays: RawWeekdays,
    months: RawMonths,
    relative: Vec<RawRelative>,
    next_week: RawWords,
    date_markers: RawWords,
    negations: RawWords,
    not_days: RawWords,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeekdays {
    monday: RawWords,
    tuesday: RawWords,
    wednesday: RawWords,
    thursday: RawWords,
    friday: RawWords,
    saturday: RawWords,
    sunday: RawWords,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMonths {
    january: RawWords,
    february: RawWords,
    march: RawWords,
    april: RawWords,
    may: RawWords,
    june: RawWords,
    july: RawWords,
    august: RawWords,
    september: RawWords,
    october: RawWords,
    november: RawWords,
    december: RawWords,
}

#[derive(Debug, Deserialize)]
struct RawRelative {
    days: i64,
    #[serde(flatten)]
    words: RawWords,
}

/// The vocabulary of days, validated, with a typo-tolerant matcher over it.
#[derive(Debug, Clone)]
pub struct DayWords {
    matcher: Matcher<Word>,
    locales: Vec<String>,
}

/// How far back a written date without a year is still read as this year's
/// (and explained as past) rather than next year's.
const RECENT_PAST_DAYS: i64 = 31;
/// Relative words may count this many days either way.
const MAX_RELATIVE_DAYS: i64 = 7;

impl DayWords {
    /// The vocabulary shipped in the binary.
    pub fn embedded() -> Result<Self, Vec<String>> {
        Self::load(EMBEDDED_DAY_WORDS)
    }

    /// Validates a `day_words.toml` source, reporting every problem at once.
    pub fn load(source: &str) -> Result<Self, Vec<String>> {
        let raw: RawDayWords = toml::from_str(source).map_err(|err| vec![format!("{DAY_WORDS_FILE}: {err}")])?;
        let mut errors = Vec::new();
        let mut entries: Vec<(Word, &RawWords, String)> = Vec::new();
        let weekdays = &raw.weekdays;
        for (day, words) in [
            (Weekday::Mon, &weekdays.monday),
            (Weekday::Tue, &weekdays.tuesday),
            (Weekday::Wed, &weekdays.wednesday),
            (Weekday::Thu, &weekdays.thursday),
            (Weekday::Fri, &weekdays.friday),
            (Weekday::Sat, &weekdays.saturday),
            (Weekday::Sun, &weekdays.sunday),
        ] {
            entries.push((Word::Weekday(day), words, format!("weekdays.{}", day_key(day))));
        }
        let months = &raw.months;
        let month_list = [
            &months.january,
            &months.february,
            &months.march,
            &months.april,
            &months.may,
            &months.june,
            &months.july,
            &months.august,
            &months.september,
            &months.october,
            &months.november,
            &months.december,
        ];
        for (idx, words) in month_list.into_iter().enumerate() {
            entries.push((Word::Month(idx as u32 + 1), words, format!("months, month {}", idx + 1)));
        }
        for relative in &raw.relative {
            if relative.days.abs() > MAX_RELATIVE_DAYS {
                errors.push(format!(
                    "{DAY_WORDS_FILE}: relative days = {} is too far; use -{MAX_RELATIVE_DAYS} to {MAX_RELATIVE_DAYS}",
                    relative.days
                ));
            }
            entries.push((
                Word::Relative(relative.days),
                &relative.words,
                format!("relative days = {}", relative.days),
            ));
        }
        entries.push((Word::NextWeek, &raw.next_week, "next_week".to_owned()));
        entries.push((Word::Marker, &raw.date_markers, "date_markers".to_owned()));
        entries.push((Word::Negation, &raw.negations, "negations".to_owned()));
        entries.push((Word::NotADay, &raw.not_days, "not_days".to_owned()));

        let mut matcher = Matcher::default();
        let mut seen: BTreeMap<String, Word> = BTreeMap::new();
        let mut locales = Vec::new();
        for (meaning, words, place) in entries {
            if words.values().all(Vec::is_empty) {
                errors.push(format!("{DAY_WORDS_FILE}: {place} has no words"));
            }
            for (locale, list) in words {
                if !locales.contains(locale) {
                    locales.push(locale.clone());
                }
                for word in list {
                    let normalized = text::normalize(word);
                    if normalized.is_empty() {
                        errors.push(format!("{DAY_WORDS_FILE}: {place} has an empty word"));
                        continue;
                    }
                    match seen.get(&normalized) {
                        Some(other) if *other != meaning => errors.push(format!(
                            "{DAY_WORDS_FILE}: `{word}` means both {} and {}",
                            other.describe(),
                            meaning.describe()
                        )),
                        Some(_) => {}
                        None => {
                            seen.insert(normalized, meaning);
                            matcher.add(meaning, word);
                        }
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(Self { matcher, locales })
        } else {
            Err(errors)
        }
    }

    /// The locale codes the file lists words for (checked against the locales by `cekbae check`).
    pub fn locales(&self) -> &[String] {
        &self.locales
    }

    /// The day a message names, read on `today` (office-local). `None` when
    /// it names none, or names several that disagree, or says the resident
    /// cannot come that day (`jangan senin`).
    pub fn read(&self, message: &str, today: NaiveDate) -> Option<DayRef> {
        let tokens = text::tokens(&spaced(message));
        let hits = self.matcher.find_all(&tokens);
        if hits.iter().any(|hit| hit.key == Word::Negation) {
            return None;
        }
        let items = items(&tokens, &hits);
        let mut dates: Vec<NaiveDate> = Vec::new();
        let mut no_such_date = false;
        for written in written_dates(&items) {
            match written.resolve(today) {
                Some(date) if !dates.contains(&date) => dates.push(date),
                Some(_) => {}
                None => no_such_date = true,
            }
        }
        let mut relatives: Vec<i64> = Vec::new();
        let mut weekdays: Vec<Weekday> = Vec::new();
        let mut next_week = false;
        for item in &items {
            match item {
                Item::Word(Word::Relative(days)) if !relatives.contains(days) => relatives.push(*days),
                Item::Word(Word::Weekday(day)) if !weekdays.contains(day) => weekdays.push(*day),
                Item::Word(Word::NextWeek) => next_week = true,
                _ => {}
            }
        }
        // The most specific reading wins: a written date (a pasted label also
        // names its weekday), then a relative word, then a day name.
        match (dates.as_slice(), relatives.as_slice(), weekdays.as_slice()) {
            ([date], _, _) => Some(DayRef::Date(*date)),
            ([_, _, ..], _, _) => None,
            ([], _, _) if no_such_date => Some(DayRef::NoSuchDate),
            ([], [days], _) => {
                let date = if *days >= 0 {
                    today.checked_add_days(Days::new(days.unsigned_abs()))
                } else {
                    today.checked_sub_days(Days::new(days.unsigned_abs()))
                };
                date.map(DayRef::Date)
            }
            ([], [], [weekday]) => Some(DayRef::Weekday { weekday: *weekday, next_week }),
            _ => None,
        }
    }
}

fn day_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// One unit of a message: a number, a vocabulary word (perhaps of several tokens), or anything else.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    /// A number of up to four digits, and how many digits it was written with.
    Number(u32, usize),
    Word(Word),
    Other,
}

/// A date as written: day, and perhaps month and year.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Written {
    day: u32,
    month: Option<u32>,
    year: Option<i32>,
}

impl Written {
    /// The date meant on `today`; `None` when there is no such date.
    /// Without a year: this year's, or next year's once this year's is more
    /// than a month past. Without a month: the next such day of a month.
    fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        match (self.month, self.year) {
            (Some(month), Some(year)) => NaiveDate::from_ymd_opt(year, month, self.day),
            (Some(month), None) => {
                let this_year = NaiveDate::from_ymd_opt(today.year(), month, self.day)
                    .filter(|date| *date >= today || (today - *date).num_days() <= RECENT_PAST_DAYS);
                this_year.or_else(|| NaiveDate::from_ymd_opt(today.year() + 1, month, self.day))
            }
            (None, _) => {
                let first = today.with_day(1)?;
                (0..12u32)
                    .filter_map(|ahead| first.checked_add_months(Months::new(ahead)))
                    .filter_map(|month| month.with_day(self.day))
                    .find(|date| *date >= today)
            }
        }
    }
}

/// Dates written in the message: `2 Desember [2026]`, `December 2 [2026]`,
/// `2/12[/2026]` (day first, as written in Indonesia), `tgl 2`, `tanggal dua`.
fn written_dates(items: &[Item]) -> Vec<Written> {
    let day = |item: Option<&Item>| match item {
        Some(Item::Number(n, _)) if (1..=31).contains(n) => Some(*n),
        _ => None,
    };
    let month_word = |item: Option<&Item>| match item {
        Some(Item::Word(Word::Month(m))) => Some(*m),
        _ => None,
    };
    let full_year = |item: Option<&Item>| match item {
        Some(Item::Number(n, 4)) if (2000..=2099).contains(n) => Some(*n as i32),
        _ => None,
    };
    let any_year = |item: Option<&Item>| match item {
        Some(Item::Number(n, 2)) => Some(2000 + *n as i32),
        other => full_year(other),
    };
    let mut res = Vec::new();
    let mut idx = 0;
    while idx < items.len() {
        let (first, second, third) = (items.get(idx), items.get(idx + 1), items.get(idx + 2));
        if let (Some(d), Some(m)) = (day(first), month_word(second)) {
            let year = full_year(third);
            res.push(Written { day: d, month: Some(m), year });
            idx += 2 + usize::from(year.is_some());
        } else if let (Some(m), Some(d)) = (month_word(first), day(second)) {
            let year = full_year(third);
            res.push(Written { day: d, month: Some(m), year });
            idx += 2 + usize::from(year.is_some());
        } else if let (Some(d), Some(Item::Number(m, _))) = (day(first), second) {
            if !(1..=12).contains(m) {
                idx += 1;
                continue;
            }
            let year = any_year(third);
            res.push(Written { day: d, month: Some(*m), year });
            idx += 2 + usize::from(year.is_some());
        } else if matches!(first, Some(Item::Word(Word::Marker))) && day(second).is_some() {
            // `tgl 2 desember` is read at the next item as `2 desember`.
            let followed = matches!(third, Some(Item::Word(Word::Month(_)) | Item::Number(..)));
            if !followed {
                res.push(Written { day: day(second).unwrap_or_default(), month: None, year: None });
                idx += 2;
                continue;
            }
            idx += 1;
        } else {
            idx += 1;
        }
    }
    res
}

/// The message as items: numbers, vocabulary words (a hit of several tokens is one item), anything else.
fn items(tokens: &[String], hits: &[cekbae_bot::Hit<Word>]) -> Vec<Item> {
    let mut res = Vec::with_capacity(tokens.len());
    let mut idx = 0;
    while idx < tokens.len() {
        if let Some(hit) = hits.iter().find(|hit| hit.start == idx) {
            res.push(Item::Word(hit.key));
            idx = hit.end.max(idx + 1);
            continue;
        }
        let token = &tokens[idx];
        let item = if !token.is_empty() && token.len() <= 4 && token.bytes().all(|b| b.is_ascii_digit()) {
            token.parse().map(|n| Item::Number(n, token.len())).unwrap_or(Item::Other)
        } else if matches!(res.last(), Some(Item::Word(Word::Marker))) {
            // `tanggal dua`: a number word only counts right after a date word.
            text::number_word(token).map_or(Item::Other, |n| Item::Number(n as u32, 1))
        } else {
            Item::Other
        };
        res.push(item);
        idx += 1;
    }
    res
}

/// Puts a space where letters meet digits (`tgl2` → `tgl 2`, `30november` →
/// `30 november`; the normaliser would read `tgl2` as a reduplication) and
/// drops English ordinal endings (`2nd` → `2`).
fn spaced(message: &str) -> String {
    let chars: Vec<char> = message.chars().collect();
    let mut res = String::with_capacity(message.len() + 8);
    let mut idx = 0;
    while idx < chars.len() {
        let ch = chars[idx];
        if idx > 0 && chars[idx - 1].is_ascii_digit() && ch.is_alphabetic() {
            let end = (idx..chars.len()).find(|&at| !chars[at].is_alphabetic()).unwrap_or(chars.len());
            let word: String = chars[idx..end].iter().collect::<String>().to_lowercase();
            if matches!(word.as_str(), "st" | "nd" | "rd" | "th") {
                idx = end;
                continue;
            }
            res.push(' ');
        } else if idx > 0 && chars[idx - 1].is_alphabetic() && ch.is_ascii_digit() {
            res.push(' ');
        }
        res.push(ch);
        idx += 1;
    }
    res
}

#[cfg(test)]
mod tests;
