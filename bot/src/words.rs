//! Global words: commands (`menu`, `kembali`, `batal`, `bantuan`, `bahasa`, `petugas`),
//! everyday intents (greeting, thanks, yes, no) and the signs of each language.

use std::collections::{BTreeMap, HashMap, HashSet};

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
    /// Delete my data (`hapus data saya`), after a confirmation.
    Forget,
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
            Command::Forget => "forget",
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
            "forget" => Command::Forget,
            _ => return None,
        };
        Some(res)
    }
}

/// Everyday words a dialogue may react to; the engine passes them on in [`crate::Input`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// `halo`, `punten`, `assalamualaikum`.
    Greeting,
    /// `makasih`, `hatur nuhun`.
    Thanks,
    /// `ya`, `muhun`, `ok`.
    Yes,
    /// `tidak`, `bukan`, `henteu`.
    No,
}

impl Intent {
    /// The stable name: `greeting`, `thanks`, `yes`, `no`.
    pub fn name(self) -> &'static str {
        match self {
            Intent::Greeting => "greeting",
            Intent::Thanks => "thanks",
            Intent::Yes => "yes",
            Intent::No => "no",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        let res = match name {
            "greeting" => Intent::Greeting,
            "thanks" => Intent::Thanks,
            "yes" => Intent::Yes,
            "no" => Intent::No,
            _ => return None,
        };
        Some(res)
    }
}

/// What a message says in global words: a command, or an everyday intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// A command the engine carries out.
    Command(Command),
    /// An intent the dialogue may react to.
    Intent(Intent),
}

impl Said {
    /// The name used by `cekbae parse`: a command's or an intent's name.
    pub fn name(&self) -> &'static str {
        match self {
            Said::Command(command) => command.name(),
            Said::Intent(intent) => intent.name(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWords {
    fillers: Vec<String>,
    commands: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    intents: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    languages: BTreeMap<String, RawLanguage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    aliases: Vec<String>,
    #[serde(default)]
    markers: Vec<String>,
}

/// The global-word vocabulary, loaded from data (`bot/data/words.toml` by default).
#[derive(Debug, Clone)]
pub struct GlobalWords {
    fillers: HashSet<String>,
    commands: Matcher<String>,
    intents: Matcher<Intent>,
    languages: Matcher<String>,
    /// Marker word → the languages it signals.
    markers: HashMap<String, Vec<String>>,
}

/// The vocabulary shipped with the engine.
pub const DEFAULT_WORDS: &str = include_str!("../data/words.toml");

/// A language is detected from this many of its marker words.
const MARKERS_TO_DETECT: usize = 2;

impl GlobalWords {
    /// Parses a words file, reporting every problem found.
    pub fn parse(source: &str) -> Result<Self, Vec<String>> {
        let raw: RawWords = toml::from_str(source).map_err(|err| vec![format!("words file: {err}")])?;
        let fillers: HashSet<String> = raw.fillers.iter().map(|it| text::normalize(it)).collect();
        // Messages are read without their fillers, so aliases are too ("kembali ke menu").
        let without_fillers = |alias: &str| {
            let tokens = text::tokens(alias);
            let kept: Vec<&str> =
                tokens.iter().filter(|it| !fillers.contains(it.as_str())).map(String::as_str).collect();
            if kept.is_empty() {
                tokens.join(" ")
            } else {
                kept.join(" ")
            }
        };
        let mut errors = Vec::new();
        let mut commands = Matcher::default();
        for (name, per_locale) in &raw.commands {
            if Command::from_name(name).is_none() {
                errors.push(format!("words file: unknown command `{name}`"));
                continue;
            }
            for alias in per_locale.values().flatten() {
                commands.add(name.clone(), &without_fillers(alias));
            }
        }
        let mut intents = Matcher::default();
        for (name, per_locale) in &raw.intents {
            let Some(intent) = Intent::from_name(name) else {
                errors.push(format!("words file: unknown intent `{name}`"));
                continue;
            };
            for alias in per_locale.values().flatten() {
                intents.add(intent, alias);
            }
        }
        let mut languages = Matcher::default();
        let mut markers: HashMap<String, Vec<String>> = HashMap::new();
        for (code, language) in &raw.languages {
            for alias in &language.aliases {
                languages.add(code.clone(), &without_fillers(alias));
            }
            for marker in &language.markers {
                markers.entry(text::plain_words(marker).concat()).or_default().push(code.clone());
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self { fillers, commands, intents, languages, markers })
    }

    /// The engine's default vocabulary.
    pub fn builtin() -> Self {
        // The embedded file is tested; failing here is a build defect, not a runtime condition.
        Self::parse(DEFAULT_WORDS).expect("embedded words.toml is valid")
    }

    /// The command a whole message stands for, if any.
    pub fn detect(&self, message: &str) -> Option<Command> {
        self.command(&text::tokens(message))
    }

    /// The command that a message's tokens are, filler words and courtesy
    /// aside (`halo, mau ke menu`, `makasih, batal aja`).
    pub fn command(&self, tokens: &[String]) -> Option<Command> {
        let tokens = self.without_courtesy(self.meaningful(tokens));
        if tokens.is_empty() {
            return None;
        }
        if let Some(hit) = self.languages.whole(&tokens) {
            return Some(Command::Language(Some(hit.key)));
        }
        let hit = self.commands.whole(&tokens)?;
        Command::from_name(&hit.key)
    }

    /// The everyday intent of a message: yes/no only as the whole message
    /// (`ok sip`, `iya betul`); a greeting or thanks as the whole message or
    /// where it begins (`halo min, ktp saya hilang`), or thanks where it ends.
    pub fn intent(&self, tokens: &[String]) -> Option<Intent> {
        let tokens = self.meaningful(tokens);
        if tokens.is_empty() {
            return None;
        }
        let hits = self.intents.find_all(&tokens);
        let covered = hits.iter().map(|hit| hit.end - hit.start).sum::<usize>() == tokens.len();
        if covered && hits.iter().all(|hit| hit.key == hits[0].key) {
            return Some(hits[0].key);
        }
        let opening = hits.iter().find(|hit| hit.start == 0 && matches!(hit.key, Intent::Greeting | Intent::Thanks));
        let closing = hits.iter().find(|hit| hit.end == tokens.len() && hit.key == Intent::Thanks);
        opening.or(closing).map(|hit| hit.key)
    }

    /// Drops a greeting or thanks that opens a message, and thanks that closes it.
    fn without_courtesy(&self, mut tokens: Vec<String>) -> Vec<String> {
        let hits = self.intents.find_all(&tokens);
        let courteous = |hit: &&crate::matcher::Hit<Intent>| matches!(hit.key, Intent::Greeting | Intent::Thanks);
        let end =
            hits.iter().filter(courteous).find(|hit| hit.end == tokens.len() && hit.start > 0).map(|hit| hit.start);
        let start = hits.iter().filter(courteous).find(|hit| hit.start == 0).map(|hit| hit.end);
        if let Some(end) = end {
            tokens.truncate(end);
        }
        if let Some(start) = start.filter(|it| *it < tokens.len()) {
            tokens.drain(..start);
        }
        tokens
    }

    /// Everything a message says in global words: a command first, else an intent.
    pub fn said(&self, tokens: &[String]) -> Option<Said> {
        match self.command(tokens) {
            Some(command) => Some(Said::Command(command)),
            None => self.intent(tokens).map(Said::Intent),
        }
    }

    /// The language a message is written in, when it shows clearly: at least
    /// two marker words of one language, and more than of any other.
    /// Reads the words before chat rules, so particles (`teh`, `mah`) count.
    pub fn language_of(&self, message: &str) -> Option<&str> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut seen: HashSet<String> = HashSet::new();
        let words = text::plain_words(message).into_iter().chain(text::tokens(message));
        for word in words {
            if !seen.insert(word.clone()) {
                continue;
            }
            for code in self.markers.get(&word).into_iter().flatten() {
                *counts.entry(code.as_str()).or_default() += 1;
            }
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_by_key(|it| std::cmp::Reverse(it.1));
        match ranked.as_slice() {
            [(code, n), rest @ ..] if *n >= MARKERS_TO_DETECT && rest.first().is_none_or(|(_, m)| m < n) => Some(code),
            _ => None,
        }
    }

    /// Tokens without filler words; a message of fillers only keeps them ("tolong" alone is a plea).
    fn meaningful(&self, tokens: &[String]) -> Vec<String> {
        let meaningful: Vec<String> = tokens.iter().filter(|it| !self.fillers.contains(*it)).cloned().collect();
        if meaningful.is_empty() {
            tokens.to_vec()
        } else {
            meaningful
        }
    }
}

#[cfg(test)]
mod tests;
