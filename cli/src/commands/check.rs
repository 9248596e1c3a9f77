//! `cekbae check`: loads every locale and dialogue file and reports all problems at once,
//! and warns when the office calendar (`holidays.toml`) is about to run out.
//!
//! Exit code: 1 for any error, including a calendar that has already ended
//! (no day can be booked); a calendar ending within 90 days is a warning only
//! (exit 0), so a routine check keeps passing while staff add next year's list.

use std::io::Write;

use cekbae_bot::i18n::locales_of;
use cekbae_bot::i18n_check::{check_sources, untranslated};
use cekbae_bot::Locales;
use cekbae_dialogues::embedded::DEFAULT_LOCALE;
use cekbae_dialogues::schedule::{Calendar, CALENDAR_WARNING_DAYS};
use cekbae_dialogues::Catalog;

use crate::args::CheckArgs;
use crate::setup::{catalog_from, locale_sources_from, used_message_ids};

/// Prints problems; returns whether everything was clean.
pub(crate) fn run<W: Write>(args: &CheckArgs, mut out: W) -> anyhow::Result<bool> {
    let mut problems: Vec<String> = Vec::new();
    let sources = match locale_sources_from(&args.sources) {
        Ok(it) => it,
        Err(errs) => {
            problems.extend(errs);
            Vec::new()
        }
    };
    let where_locales =
        args.sources.locales.as_ref().map_or("built-in locales".to_owned(), |it| it.display().to_string());
    let where_dialogues =
        args.sources.dialogues.as_ref().map_or("built-in dialogue data".to_owned(), |it| it.display().to_string());
    // Every error building the bundles can have (syntax, duplicates, bad codes,
    // no default locale) is reported by `check_sources` below; the bundles are
    // only needed to check the catalog's message ids.
    let locales = Locales::from_sources(DEFAULT_LOCALE, sources.clone()).ok();
    // The catalog's structure first. When it is sound, its message ids are
    // checked below with the locales; when it is not, the catalog's own report
    // (which includes missing ids when locales loaded) is what we can give.
    let catalog = match catalog_from(&args.sources, None) {
        Ok(it) => Some(it),
        Err(errs) => {
            match &locales {
                Some(locales) => problems.extend(catalog_from(&args.sources, Some(locales)).err().unwrap_or(errs)),
                None => problems.extend(errs),
            }
            None
        }
    };
    let used = catalog.as_ref().map(used_message_ids).unwrap_or_default();
    problems.extend(check_sources(DEFAULT_LOCALE, &sources, &used).iter().map(ToString::to_string));
    let now = args.now.map_or_else(chrono::Utc::now, |it| it.with_timezone(&chrono::Utc));
    let mut warnings = Vec::new();
    if let Some(catalog) = &catalog {
        match calendar_end(catalog, now) {
            CalendarEnd::Ended(text) => problems.push(text),
            CalendarEnd::Soon(text) => warnings.push(text),
            CalendarEnd::Far => {}
        }
    }
    problems.sort();
    problems.dedup();
    for problem in &problems {
        writeln!(out, "error: {problem}")?;
    }
    for warning in &warnings {
        writeln!(out, "warning: {warning}")?;
    }
    let codes = locales_of(&sources);
    for locale in codes.iter().filter(|it| it.as_str() != DEFAULT_LOCALE) {
        let missing = untranslated(DEFAULT_LOCALE, locale, &sources);
        if !missing.is_empty() {
            writeln!(
                out,
                "note: {} message(s) in `{locale}` fall back to `{DEFAULT_LOCALE}`: {}",
                missing.len(),
                missing.join(", ")
            )?;
        }
    }
    let summary = format!(
        "checked {} locale file(s) ({}) from {where_locales} and the adminduk dialogue from {where_dialogues}",
        sources.len(),
        codes.into_iter().collect::<Vec<_>>().join(", "),
    );
    let warned = match warnings.len() {
        0 => String::new(),
        n => format!(" ({n} warning(s) above)"),
    };
    if problems.is_empty() {
        writeln!(out, "{summary}: no problems{warned}")?;
    } else {
        writeln!(out, "{summary}: {} problem(s)", problems.len())?;
    }
    Ok(problems.is_empty())
}

/// How far the office calendar still reaches.
enum CalendarEnd {
    /// It has ended: the bot offers no day at all.
    Ended(String),
    /// It ends within [`CALENDAR_WARNING_DAYS`].
    Soon(String),
    /// Further away.
    Far,
}

fn calendar_end(catalog: &Catalog, now: chrono::DateTime<chrono::Utc>) -> CalendarEnd {
    let calendar = Calendar::new(catalog.schedule.clone(), catalog.holidays.clone());
    let until = calendar.known_until();
    let days = calendar.days_known_ahead(now);
    if days < 0 {
        CalendarEnd::Ended(format!(
            "holidays.toml: the office calendar ended on {until}; no day can be booked until next year's \
             holidays (SKB 3 Menteri) are added and known_until is moved"
        ))
    } else if days < CALENDAR_WARNING_DAYS {
        CalendarEnd::Soon(format!(
            "holidays.toml: the office calendar is known until {until}, {days} day(s) from today; no day after it \
             is offered: add next year's holidays (SKB 3 Menteri) and move known_until"
        ))
    } else {
        CalendarEnd::Far
    }
}
