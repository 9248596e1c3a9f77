//! Localized rendering with Fluent: loads `.ftl` files per locale and renders [`Say`]s with fallback.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::say::{Arg, Say};

/// The text of one `.ftl` file, with where it came from.
#[derive(Debug, Clone)]
pub struct FtlSource {
    /// Locale code, the name of the folder the file sits in (`id`, `su`, `en`).
    pub locale: String,
    /// File path or name, for error messages.
    pub path: PathBuf,
    /// The file's contents.
    pub text: String,
}

/// A problem found while loading locales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleError {
    /// The file (or folder) concerned.
    pub path: PathBuf,
    /// What is wrong, in one line.
    pub message: String,
}

impl fmt::Display for LocaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Every loaded locale, ready to render messages.
///
/// Built once at start-up; rendering is read-only and thread-safe.
pub struct Locales {
    default: String,
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
    /// Default locale first, then the others in the order their files came.
    order: Vec<String>,
    sources: Vec<FtlSource>,
}

impl fmt::Debug for Locales {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locales")
            .field("default", &self.default)
            .field("locales", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Locales {
    /// Reads every `<dir>/<locale>/*.ftl` file.
    pub fn load_dir(dir: &Path, default: &str) -> Result<Self, Vec<LocaleError>> {
        let sources = read_dir_sources(dir)?;
        Self::from_sources(default, sources)
    }

    /// Builds bundles from file contents. Every syntax error and duplicate id is reported at once.
    pub fn from_sources(default: &str, sources: Vec<FtlSource>) -> Result<Self, Vec<LocaleError>> {
        let mut errors = Vec::new();
        let mut bundles: BTreeMap<String, FluentBundle<FluentResource>> = BTreeMap::new();
        for source in &sources {
            let lang: LanguageIdentifier = match source.locale.parse() {
                Ok(it) => it,
                Err(_) => {
                    errors.push(LocaleError {
                        path: source.path.clone(),
                        message: format!("`{}` is not a language code", source.locale),
                    });
                    continue;
                }
            };
            let bundle = bundles.entry(source.locale.clone()).or_insert_with(|| {
                let mut bundle = FluentBundle::new_concurrent(vec![lang]);
                // Isolation marks (U+2068/U+2069) show as boxes on many cheap phones.
                bundle.set_use_isolating(false);
                bundle
            });
            let resource = match FluentResource::try_new(source.text.clone()) {
                Ok(it) => it,
                Err((it, parse_errors)) => {
                    for err in parse_errors {
                        errors.push(LocaleError {
                            path: source.path.clone(),
                            message: format!(
                                "syntax error at line {}: {:?}",
                                line_of(&source.text, err.pos.start),
                                err.kind
                            ),
                        });
                    }
                    it
                }
            };
            if let Err(dups) = bundle.add_resource(resource) {
                for err in dups {
                    errors.push(LocaleError { path: source.path.clone(), message: format!("{err}") });
                }
            }
        }
        if !bundles.contains_key(default) {
            errors.push(LocaleError {
                path: PathBuf::from(default),
                message: format!("the default locale `{default}` has no .ftl files"),
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut order = vec![default.to_owned()];
        for source in &sources {
            if !order.contains(&source.locale) {
                order.push(source.locale.clone());
            }
        }
        Ok(Self { default: default.to_owned(), bundles, order, sources })
    }

    /// The locale used when a resident's locale lacks a message.
    pub fn default_locale(&self) -> &str {
        &self.default
    }

    /// Locale codes that have at least one file: the default first, then in the order loaded.
    pub fn available(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }

    /// Whether `locale` was loaded.
    pub fn has_locale(&self, locale: &str) -> bool {
        self.bundles.contains_key(locale)
    }

    /// Whether the message exists in `locale` itself (without fallback).
    pub fn has_message(&self, locale: &str, id: &str) -> bool {
        self.bundles.get(locale).is_some_and(|it| it.has_message(id))
    }

    /// The sources the bundles were built from, for the checker.
    pub fn sources(&self) -> &[FtlSource] {
        &self.sources
    }

    /// Renders a message in `locale`, falling back to the default locale and,
    /// as a last resort, to the id itself (logged, never a panic).
    pub fn render(&self, locale: &str, say: &Say) -> String {
        if let Some(text) = self.try_render(locale, say) {
            return text;
        }
        if locale != self.default {
            if let Some(text) = self.try_render(&self.default, say) {
                return text;
            }
        }
        tracing::warn!(id = %say.id, locale, "unknown fluent message id");
        say.id.clone()
    }

    fn try_render(&self, locale: &str, say: &Say) -> Option<String> {
        let bundle = self.bundles.get(locale)?;
        let message = bundle.get_message(&say.id)?;
        let pattern = message.value()?;
        let mut args = FluentArgs::new();
        for (name, value) in &say.args {
            match value {
                Arg::Str(it) => args.set(name.as_str(), FluentValue::from(it.as_str())),
                Arg::Num(it) => args.set(name.as_str(), FluentValue::from(*it)),
                Arg::Msg(it) => args.set(name.as_str(), FluentValue::from(self.render(locale, it))),
                Arg::List(items) => {
                    let lines: Vec<String> = items.iter().map(|it| format!("• {}", self.render(locale, it))).collect();
                    args.set(name.as_str(), FluentValue::from(lines.join("\n")))
                }
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id = %say.id, locale, ?errors, "fluent formatting problem");
        }
        Some(text.into_owned())
    }
}

/// Reads `<dir>/<locale>/*.ftl` into sources, sorted for stable output.
pub fn read_dir_sources(dir: &Path) -> Result<Vec<FtlSource>, Vec<LocaleError>> {
    let io_err = |path: &Path, err: std::io::Error| {
        vec![LocaleError { path: path.to_owned(), message: format!("cannot read: {err}") }]
    };
    let mut locale_dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|err| io_err(dir, err))?
        .filter_map(|entry| entry.ok().map(|it| it.path()))
        .filter(|path| path.is_dir())
        .collect();
    locale_dirs.sort();
    let mut sources = Vec::new();
    for locale_dir in locale_dirs {
        let Some(locale) = locale_dir.file_name().and_then(|it| it.to_str()).map(str::to_owned) else {
            continue;
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&locale_dir)
            .map_err(|err| io_err(&locale_dir, err))?
            .filter_map(|entry| entry.ok().map(|it| it.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|err| io_err(&path, err))?;
            sources.push(FtlSource { locale: locale.clone(), path, text });
        }
    }
    Ok(sources)
}

/// 1-based line number of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The set of locale codes in a list of sources.
pub fn locales_of(sources: &[FtlSource]) -> BTreeSet<String> {
    sources.iter().map(|it| it.locale.clone()).collect()
}
