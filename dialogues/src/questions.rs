//! Questions residents ask beside, or instead of, a request: office hours, the address,
//! cost, who may come in their place, how long it takes, late fees, whether this is a bot.
//!
//! Topics are data (`adminduk/questions.toml`): an id, aliases per locale, the Fluent
//! message that answers it, optionally one per document, and values passed to the
//! answers. Loaded in two stages like the catalog: [`parse`] reads the file, [`validate`]
//! checks it against the catalog and reports every error at once. [`QuestionFinder`]
//! tells which topic a message asks about, with the engine's [`Matcher`].

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use cekbae_bot::{text, GlobalWords, Matcher};

use crate::catalog::{aliases_of, Alias, Catalog, STRONG};

/// The questions file shipped in the binary.
pub const EMBEDDED_QUESTIONS: &str = include_str!("../adminduk/questions.toml");
/// The questions file's name inside a dialogue data folder.
pub const QUESTIONS_FILE: &str = "questions.toml";

/// Argument names the dialogue itself gives every answer (office details, hours,
/// the document asked about); a topic's own `args` may not reuse them.
pub const FLOW_ARGS: &[&str] =
    &["office", "address", "postal_code", "email", "opens", "closes", "next", "status", "document"];

/// A hit scoring below this is not taken as a question. Everyday words are often
/// one or two letters from a short question word (`buku` and `buka`, `ayah` and
/// `arah`, `dimakan` and `dimana`), so only exact words, suffixed ones and close
/// typos of long words count.
const MIN_SCORE: f32 = 0.85;
/// The weight of a weak alias (`bayar`): below any exact strong alias, so a specific
/// word of another topic in the same message wins, yet above [`MIN_SCORE`] alone.
const WEAK_QUESTION: f32 = 0.9;

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestions {
    #[serde(default)]
    topics: Vec<RawTopic>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: String,
    answer: String,
    #[serde(default)]
    documents: BTreeMap<String, String>,
    #[serde(default)]
    args: BTreeMap<String, TopicArg>,
    #[serde(default)]
    location: bool,
    #[serde(default)]
    with_phone: bool,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    weak_aliases: BTreeMap<String, Vec<String>>,
}

/// A value a topic passes to its answers (`days = 60`, `rule = "Perda ..."`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum TopicArg {
    /// A whole number, usable in Fluent plural selectors.
    Number(i64),
    /// Text, inserted as is.
    Text(String),
}

/// One thing residents ask about.
#[derive(Debug, Clone)]
pub struct Topic {
    /// Stable id, printed by `cekbae parse` (`hours`, `cost`).
    pub id: String,
    /// The Fluent message answering it when no document is known.
    pub answer: String,
    /// Per-document answers (document id → Fluent message id).
    pub documents: BTreeMap<String, String>,
    /// Values passed to every answer of the topic.
    pub args: Vec<(String, TopicArg)>,
    /// Also send the office's location (a map pin where the channel has one).
    pub location: bool,
    /// Also give the office's telephone, when one is configured.
    pub with_phone: bool,
    /// What residents write when they ask it.
    pub aliases: Vec<Alias>,
}

impl Topic {
    /// The message answering the topic for `document`, or the general one.
    pub fn answer_for(&self, document: Option<&str>) -> &str {
        document.and_then(|id| self.documents.get(id)).unwrap_or(&self.answer)
    }
}

/// Every topic, in file order.
#[derive(Debug, Clone, Default)]
pub struct Questions {
    /// The topics.
    pub topics: Vec<Topic>,
}

impl Questions {
    /// A topic by id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|it| it.id == id)
    }

    /// Every Fluent id the answers use.
    pub fn message_ids(&self) -> BTreeSet<String> {
        self.topics.iter().flat_map(|t| std::iter::once(&t.answer).chain(t.documents.values())).cloned().collect()
    }
}

/// Reads the questions file; an empty source is a file without topics.
pub fn parse(source: &str, errors: &mut Vec<String>) -> RawQuestions {
    toml::from_str(source).unwrap_or_else(|err| {
        errors.push(format!("{QUESTIONS_FILE}: {err}"));
        RawQuestions::default()
    })
}

/// Checks topics against the catalog: unique ids and aliases, documents that
/// exist, aliases that are no document, reason or global word, argument names.
/// Message ids are checked with the catalog's (see [`Catalog::message_ids`]).
pub fn validate(raw: RawQuestions, catalog: &Catalog, errors: &mut Vec<String>) -> Questions {
    let mut ids = BTreeSet::new();
    let mut topics = Vec::new();
    for topic in raw.topics {
        let id = topic.id.as_str();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            errors.push(format!("{QUESTIONS_FILE}: topic id `{id}` must be lower-case letters and `_`"));
        }
        if !ids.insert(topic.id.clone()) {
            errors.push(format!("{QUESTIONS_FILE}: topic `{id}` is defined twice"));
        }
        if topic.answer.trim().is_empty() {
            errors.push(format!("{QUESTIONS_FILE}: topic `{id}` has no answer"));
        }
        for document in topic.documents.keys() {
            if catalog.document(document).is_none() {
                errors.push(format!("{QUESTIONS_FILE}: topic `{id}` answers unknown document `{document}`"));
            }
        }
        for name in topic.args.keys() {
            if FLOW_ARGS.contains(&name.as_str()) {
                errors.push(format!(
                    "{QUESTIONS_FILE}: topic `{id}`: argument `{name}` is given by the dialogue; choose another name"
                ));
            } else if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                errors.push(format!(
                    "{QUESTIONS_FILE}: topic `{id}`: argument `{name}` must be lower-case letters and `_`"
                ));
            }
        }
        let aliases: Vec<Alias> = aliases_of(&topic.aliases, STRONG)
            .into_iter()
            .chain(aliases_of(&topic.weak_aliases, WEAK_QUESTION))
            .collect();
        if aliases.is_empty() {
            errors.push(format!("{QUESTIONS_FILE}: topic `{id}` has no aliases, so it is never recognised"));
        }
        topics.push(Topic {
            id: topic.id,
            answer: topic.answer,
            documents: topic.documents,
            args: topic.args.into_iter().collect(),
            location: topic.location,
            with_phone: topic.with_phone,
            aliases,
        });
    }
    check_aliases(&topics, catalog, errors);
    Questions { topics }
}

/// An alias means one thing: one topic, and no document, reason or service not
/// given here (question words must never make a document appear). A global word
/// never reaches the dialogue, so it cannot be a question either.
fn check_aliases(topics: &[Topic], catalog: &Catalog, errors: &mut Vec<String>) {
    let mut slot_words: BTreeMap<String, String> = BTreeMap::new();
    let slots = catalog
        .documents
        .iter()
        .flat_map(|d| d.aliases.iter().map(move |a| (format!("document `{}`", d.id), a)))
        .chain(catalog.reasons.iter().flat_map(|r| r.aliases.iter().map(move |a| (format!("reason `{}`", r.id), a))))
        .chain(catalog.not_served.iter().map(|a| ("not_served".to_owned(), a)));
    for (owner, alias) in slots {
        slot_words.entry(text::normalize(&alias.text)).or_insert(owner);
    }
    check_suffixed_words(topics, errors);
    let words = GlobalWords::builtin();
    // Normalised alias → (topic, locale). The same words may be listed for one
    // topic in two locales (`buka` is Indonesian and Sundanese), not for two topics.
    let mut seen: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for topic in topics {
        for alias in &topic.aliases {
            let tokens = text::tokens(&alias.text);
            let normalized = tokens.join(" ");
            let id = &topic.id;
            if normalized.is_empty() {
                errors.push(format!("{QUESTIONS_FILE}: topic `{id}` has an empty alias"));
                continue;
            }
            if let Some(owner) = slot_words.get(&normalized) {
                errors.push(format!(
                    "{QUESTIONS_FILE}: alias `{}` of topic `{id}` is also an alias of {owner}",
                    alias.text
                ));
            }
            if let Some(command) = words.command(&tokens) {
                errors.push(format!(
                    "{QUESTIONS_FILE}: alias `{}` of topic `{id}` is the global word `{}`, which never reaches the dialogue",
                    alias.text,
                    command.name()
                ));
            }
            match seen.get(&normalized) {
                Some((other, _)) if other != id => errors.push(format!(
                    "{QUESTIONS_FILE}: alias `{}` belongs to both topic `{other}` and topic `{id}`",
                    alias.text
                )),
                Some((_, locale)) if *locale == alias.locale => {
                    errors.push(format!("{QUESTIONS_FILE}: alias `{}` is listed twice for topic `{id}`", alias.text))
                }
                Some(_) => {}
                None => {
                    seen.insert(normalized, (id, &alias.locale));
                }
            }
        }
    }
}

/// `jadinya` in an alias makes `jadinya` a word of its own, so a message's
/// `jadinya` no longer reads as `jadi` for the other aliases (`kapan jadi`).
/// Aliases list the stem; the suffix is understood anyway.
fn check_suffixed_words(topics: &[Topic], errors: &mut Vec<String>) {
    let aliases = || topics.iter().flat_map(|t| t.aliases.iter().map(move |a| (&t.id, a)));
    let words: BTreeSet<String> = aliases().flat_map(|(_, a)| text::tokens(&a.text)).collect();
    for (id, alias) in aliases() {
        for word in text::tokens(&alias.text) {
            // Two-letter "stems" are words of their own (`kena` is not `ke` + `-na`).
            let stem = text::suffixes()
                .iter()
                .find_map(|suffix| word.strip_suffix(suffix.as_str()))
                .filter(|it| it.len() >= 3);
            if let Some(stem) = stem.filter(|it| words.contains(*it)) {
                errors.push(format!(
                    "{QUESTIONS_FILE}: alias `{}` of topic `{id}`: write `{stem}`, not `{word}` (the suffix is understood)",
                    alias.text
                ));
            }
        }
    }
}

/// Tells which topic a message asks about.
#[derive(Debug, Clone)]
pub struct QuestionFinder {
    matcher: Matcher<String>,
}

impl QuestionFinder {
    /// Indexes every topic's aliases, in all locales.
    pub fn new(questions: &Questions) -> Self {
        let mut matcher = Matcher::default();
        for topic in &questions.topics {
            for alias in &topic.aliases {
                matcher.add_weighted(topic.id.clone(), &alias.text, alias.weight);
            }
        }
        Self { matcher }
    }

    /// The topic of the best alias hit in `tokens`, if one is good enough. Tokens in
    /// `taken` (`[start, end)` ranges already read as a document or reason) are not
    /// question words: "ktp hilang entah kemana" does not ask where the office is.
    pub fn find(&self, tokens: &[String], taken: &[(usize, usize)]) -> Option<String> {
        self.matcher
            .candidates(tokens)
            .into_iter()
            .filter(|hit| taken.iter().all(|(start, end)| hit.end <= *start || *end <= hit.start))
            .find(|hit| hit.score >= MIN_SCORE)
            .map(|hit| hit.key)
    }
}

#[cfg(test)]
mod tests;
