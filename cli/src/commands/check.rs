//! `cekbae check`: loads every locale and dialogue file and reports all problems at once.

use std::io::Write;

use cekbae_bot::i18n::locales_of;
use cekbae_bot::i18n_check::{check_sources, untranslated};
use cekbae_bot::Locales;
use cekbae_dialogues::embedded::DEFAULT_LOCALE;

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
    problems.sort();
    problems.dedup();
    for problem in &problems {
        writeln!(out, "error: {problem}")?;
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
    if problems.is_empty() {
        writeln!(out, "{summary}: no problems")?;
    } else {
        writeln!(out, "{summary}: {} problem(s)", problems.len())?;
    }
    Ok(problems.is_empty())
}
