//! Global words: `menu`, `kembali`, `batal`, `bantuan`, `bahasa`, `petugas` and language names.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use crate::matcher::Matcher;
use crate::text;

/// A command that works in every step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start over at the first menu.
    Menu,
    /// One step back.
    Back,
    /// Cancel and clear the request.
    Cancel,
    /// Help for the current step.
    Help,
    /// Switch language: to the named locale, or show the language menu when `None`.
    Language(Option<String>),
    /// Ask for a person.
    Human,
}

impl Command {
    /// The stable name used in option ids (`cmd:<name>`) and traces.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Menu => "menu",
            Command::Back => "back",
            Command::Cancel => "cancel",
            Command::Help => "help",
            Command::Language(_) => "language",
            Command::Human => "human",
        }
    }

    /// Parses a command name as used in `cmd:<name>` option ids.
    pub fn from_name(name: &str) -> Option<Self> {
        let res = match name {
            "menu" => Command::Menu,
            "back" => Command::Back,
            "cancel" => Command::Cancel,
            "help" => Command::Help,
            "language" => Command::Language(None),
            "human" => Command::Human,
            _ => return None,
        };
        Some(res)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWords {
    fillers: Vec<String>,
    commands: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    languages: BTreeMap<String, RawLanguage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    aliases: Vec<String>,
}

/// The global-word vocabulary, loaded from data (`bot/data/words.toml` by default).
#[derive(Debug, Clone)]
pub struct GlobalWords {
    fillers: HashSet<String>,
    commands: Matcher<String>,
    languages: Matcher<String>,
}

/// The vocabulary shipped with the engine.
pub const DEFAULT_WORDS: &str = include_str!("../data/words.toml");

impl GlobalWords {
    /// Parses a words file, reporting every problem found.
    pub fn parse(source: &str) -> Result<Self, Vec<String>> {
        let raw: RawWords = toml::from_str(source).map_err(|err| vec![format!("words file: {err}")])?;
        let mut errors = Vec::new();
        let mut commands = Matcher::default();
        for (name, per_locale) in &raw.commands {
            if Command::from_name(name).is_none() {
                errors.push(format!("words file: unknown command `{name}`"));
                continue;
            }
            for alias in per_locale.values().flatten() {
                commands.add(name.clone(), alias);
            }
        }
        let mut languages = Matcher::default();
        for (code, language) in &raw.languages {
            for alias in &language.aliases {
                languages.add(code.clone(), alias);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let fillers = raw.fillers.iter().map(|it| text::normalize(it)).collect();
        Ok(Self { fillers, commands, languages })
    }

    /// The engine's default vocabulary.
    pub fn builtin() -> Self {
        // The embedded file is tested; failing here is a build defect, not a runtime condition.
        Self::parse(DEFAULT_WORDS).expect("embedded words.toml is valid")
    }

    /// The command the whole message stands for, if any.
    pub fn detect(&self, message: &str) -> Option<Command> {
        let tokens = text::tokens(message);
        let meaningful: Vec<String> = tokens.iter().filter(|it| !self.fillers.contains(*it)).cloned().collect();
        // "tolong" alone is a plea for help, not a filler.
        let tokens = if meaningful.is_empty() { tokens } else { meaningful };
        if tokens.is_empty() {
            return None;
        }
        if let Some(hit) = self.languages.whole(&tokens) {
            return Some(Command::Language(Some(hit.key)));
        }
        let hit = self.commands.whole(&tokens)?;
        Command::from_name(&hit.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_commands_only_as_the_whole_message() {
        let words = GlobalWords::builtin();
        assert_eq!(words.detect("Menu"), Some(Command::Menu));
        assert_eq!(words.detect("kembali dong"), Some(Command::Back));
        assert_eq!(words.detect("BATAL!!"), Some(Command::Cancel));
        assert_eq!(words.detect("tolong"), Some(Command::Help));
        assert_eq!(words.detect("bahasa"), Some(Command::Language(None)));
        assert_eq!(words.detect("basa sunda"), Some(Command::Language(Some("su".into()))));
        assert_eq!(words.detect("punten, nganggo basa sunda"), Some(Command::Language(Some("su".into()))));
        assert_eq!(words.detect("mau ke petugas"), Some(Command::Human));
        assert_eq!(words.detect("ktp saya hilang mau bikin kembali"), None);
        assert_eq!(words.detect("ktp"), None);
    }
}
