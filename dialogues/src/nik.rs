//! Structural NIK validation: `PP KK CC DDMMYY SSSS`, with the reason when it is wrong.
//!
//! A structurally valid NIK is not proof that it exists; only Dukcapil can say
//! that, and this bot never claims to check.

use chrono::{Datelike, NaiveDate};

use crate::provinces::province_name;

/// Why a NIK is not structurally valid. Each has a resident-facing message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NikError {
    /// Not 16 digits after removing spaces, dots and dashes.
    Length {
        /// How many digits were found.
        found: usize,
    },
    /// Contains something other than digits and separators.
    NotDigits,
    /// The first two digits are not one of the 38 province codes.
    Province,
    /// Digits 7–8 are not 01–31 or 41–71.
    BirthDay,
    /// Digits 9–10 are not 01–12.
    BirthMonth,
    /// Day and month do not form a real date (e.g. 31 April, 29 February 2023).
    BirthDate,
    /// The serial (digits 13–16) is 0000.
    Serial,
}

impl NikError {
    /// Stable code for JSON output and message ids.
    pub fn code(&self) -> &'static str {
        match self {
            NikError::Length { .. } => "length",
            NikError::NotDigits => "not_digits",
            NikError::Province => "province",
            NikError::BirthDay => "birth_day",
            NikError::BirthMonth => "birth_month",
            NikError::BirthDate => "birth_date",
            NikError::Serial => "serial",
        }
    }
}

/// Sex encoded in the NIK's day field (+40 for women).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    /// Day 01–31.
    Male,
    /// Day 41–71.
    Female,
}

impl Sex {
    /// `male` or `female`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// Everything that can be read from a NIK, valid or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NikReport {
    /// What was given.
    pub input: String,
    /// The 16 digits, when the input had exactly 16.
    pub digits: Option<String>,
    /// `None` when valid.
    pub error: Option<NikError>,
    /// Digits 1–2.
    pub province_code: Option<String>,
    /// The province's name, when the code is known.
    pub province: Option<&'static str>,
    /// Digits 1–4.
    pub regency_code: Option<String>,
    /// Digits 1–6.
    pub district_code: Option<String>,
    /// The birth date, when it is a real date.
    pub birth_date: Option<NaiveDate>,
    /// From the day field, when the day is in range.
    pub sex: Option<Sex>,
    /// Digits 13–16.
    pub serial: Option<String>,
}

impl NikReport {
    /// Whether the NIK passed every structural check.
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }
}

/// Removes the separators people type between digit groups.
pub fn strip_separators(input: &str) -> String {
    input.chars().filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-')).collect()
}

/// Checks a NIK. `today` resolves the century: the most recent date not in the future.
pub fn inspect(input: &str, today: NaiveDate) -> NikReport {
    let mut report = NikReport {
        input: input.to_owned(),
        digits: None,
        error: None,
        province_code: None,
        province: None,
        regency_code: None,
        district_code: None,
        birth_date: None,
        sex: None,
        serial: None,
    };
    let stripped = strip_separators(input);
    if !stripped.chars().all(|c| c.is_ascii_digit()) {
        report.error = Some(NikError::NotDigits);
        return report;
    }
    if stripped.len() != 16 {
        report.error = Some(NikError::Length { found: stripped.len() });
        return report;
    }
    let part = |from: usize, to: usize| stripped[from..to].to_owned();
    report.province_code = Some(part(0, 2));
    report.province = province_name(&stripped[0..2]);
    report.regency_code = Some(part(0, 4));
    report.district_code = Some(part(0, 6));
    report.serial = Some(part(12, 16));
    let number = |from: usize, to: usize| stripped[from..to].parse::<u32>().unwrap_or(0);
    let (day_field, month, year2) = (number(6, 8), number(8, 10), number(10, 12));
    let (day, sex) = match day_field {
        1..=31 => (day_field, Some(Sex::Male)),
        41..=71 => (day_field - 40, Some(Sex::Female)),
        _ => (0, None),
    };
    report.sex = sex;
    report.birth_date = birth_date(day, month, year2, today);
    report.error = if report.province.is_none() {
        Some(NikError::Province)
    } else if sex.is_none() {
        Some(NikError::BirthDay)
    } else if !(1..=12).contains(&month) {
        Some(NikError::BirthMonth)
    } else if report.birth_date.is_none() {
        Some(NikError::BirthDate)
    } else if &stripped[12..16] == "0000" {
        Some(NikError::Serial)
    } else {
        None
    };
    report.digits = Some(stripped);
    report
}

/// Masks a NIK for logs and traces, keeping the last four digits.
pub fn mask(nik: &str) -> String {
    let digits: Vec<char> = nik.chars().collect();
    let keep = digits.len().saturating_sub(4);
    digits.iter().enumerate().map(|(idx, c)| if idx < keep { '*' } else { *c }).collect()
}

/// The most recent real date with this day, month and two-digit year that is not after `today`.
fn birth_date(day: u32, month: u32, year2: u32, today: NaiveDate) -> Option<NaiveDate> {
    let this_century = today.year() / 100 * 100;
    [this_century, this_century - 100]
        .into_iter()
        .filter_map(|century| NaiveDate::from_ymd_opt(century + year2 as i32, month, day))
        .find(|date| *date <= today)
}

#[cfg(test)]
mod tests;
