//! The adminduk catalog: the office, documents, reasons, requirement lists, aliases, schedule
//! settings, holidays, and the questions residents ask ([`crate::questions`]).
//!
//! Loaded in two stages: `Raw*` types mirror the TOML files staff edit, and
//! [`Catalog::load`] validates them into a [`Catalog`], reporting every error at once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::Deserialize;

use cekbae_bot::{text, Locales};

use crate::questions::{self, Questions, EMBEDDED_QUESTIONS, QUESTIONS_FILE};
use crate::schedule::day_words::{DayWords, DAY_WORDS_FILE, EMBEDDED_DAY_WORDS};

mod berkas;
mod reading;

pub use berkas::{BerkasSettings, BerkasWord, BerkasWords, KNOWN_TYPES};
pub use reading::{desa_label, Desa, KkNumberPhrase, Phrase, ReadingWords};

/// The catalog file shipped in the binary.
pub const EMBEDDED_CATALOG: &str = include_str!("../adminduk/catalog.toml");
/// The holidays file shipped in the binary.
pub const EMBEDDED_HOLIDAYS: &str = include_str!("../adminduk/holidays.toml");

/// File names inside a dialogue data folder (`dialogues/adminduk/`).
pub const CATALOG_FILE: &str = "catalog.toml";
/// See [`CATALOG_FILE`].
pub const HOLIDAYS_FILE: &str = "holidays.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    office: RawOffice,
    schedule: RawSchedule,
    privacy: RawPrivacy,
    reasons: Vec<RawReason>,
    documents: Vec<RawDocument>,
    #[serde(default)]
    not_served: RawNotServed,
    #[serde(default)]
    desa: Vec<reading::RawDesa>,
    #[serde(default)]
    places: reading::RawPlaces,
    #[serde(default)]
    reading: reading::RawReading,
    #[serde(default)]
    reminders: RawReminderWords,
    #[serde(default)]
    berkas: Option<berkas::RawBerkas>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReminderWords {
    #[serde(default)]
    off: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    on: BTreeMap<String, Vec<String>>,
}

/// What a resident writes to stop the reminders or have them again (`berhenti pengingat`, `eureun
/// pangemut`, `stop reminders`), each phrase as normalised tokens; matched as the whole message.
#[derive(Debug, Clone, Default)]
pub struct ReminderWords {
    /// Phrases that stop the reminders.
    pub off: Vec<Vec<String>>,
    /// Phrases that turn them on again.
    pub on: Vec<Vec<String>>,
}

impl ReminderWords {
    /// `Some(false)` for a message that stops the reminders, `Some(true)` for one that turns them on.
    pub fn switch(&self, tokens: &[String]) -> Option<bool> {
        if self.off.iter().any(|it| it.as_slice() == tokens) {
            return Some(false);
        }
        self.on.iter().any(|it| it.as_slice() == tokens).then_some(true)
    }
}

fn reminder_words(raw: &RawReminderWords, errors: &mut Vec<String>) -> ReminderWords {
    let phrases = |map: &BTreeMap<String, Vec<String>>, which: &str, errors: &mut Vec<String>| {
        let mut res = Vec::new();
        for phrase in map.values().flatten() {
            let tokens = cekbae_bot::text::tokens(phrase);
            if tokens.is_empty() {
                errors.push(format!("{CATALOG_FILE}: reminders.{which} `{phrase}` has no words"));
            } else {
                res.push(tokens);
            }
        }
        res
    };
    ReminderWords { off: phrases(&raw.off, "off", errors), on: phrases(&raw.on, "on", errors) }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotServed {
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffice {
    name: String,
    ticket_prefix: String,
    address: String,
    postal_code: String,
    latitude: f64,
    longitude: f64,
    email: String,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    maps_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    timezone: String,
    opens: String,
    closes: String,
    capacity_per_day: u32,
    days_offered: usize,
    horizon_days: u32,
    #[serde(default = "default_reminder_at")]
    reminder_at: String,
}

fn default_reminder_at() -> String {
    "16:00".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    retention_days: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReason {
    id: String,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    hint_aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    weak_aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    before_document: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    id: String,
    reasons: Vec<String>,
    requirements: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    hint_aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    weak_aliases: BTreeMap<String, Vec<String>>,
    /// Reason id → locale → words that mean that reason for this document only.
    #[serde(default)]
    reason_aliases: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Reason id → locale → events that imply that reason for this document without naming it.
    #[serde(default)]
    implied_reasons: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHolidays {
    known_until: Option<String>,
    #[serde(default)]
    holiday: Vec<RawHoliday>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: String,
    name: String,
    kind: String,
    #[serde(default)]
    estimate: bool,
}

/// Where the office is, how to reach it, and how tickets are numbered.
#[derive(Debug, Clone)]
pub struct Office {
    /// Display name, e.g. "Kecamatan Leuwiliang".
    pub name: String,
    /// Ticket prefix, e.g. `LWL` in `LWL-20261130-007`.
    pub ticket_prefix: String,
    /// Street address without the postal code.
    pub address: String,
    /// Five-digit postal code.
    pub postal_code: String,
    /// The office's latitude in decimal degrees (-90 to 90).
    pub latitude: f64,
    /// The office's longitude in decimal degrees (-180 to 180).
    pub longitude: f64,
    /// E-mail address residents may write to.
    pub email: String,
    /// Telephone, if the office publishes a confirmed one.
    pub phone: Option<String>,
    /// A link to the office on a map; derived from the coordinates when not given.
    pub maps_url: Option<String>,
}

/// Service hours and booking limits.
#[derive(Debug, Clone)]
pub struct ScheduleConfig {
    /// The office's time zone (`Asia/Jakarta`, WIB).
    pub timezone: Tz,
    /// Counter opens.
    pub opens: NaiveTime,
    /// Counter closes; today is offered only before this time.
    pub closes: NaiveTime,
    /// Places per service day.
    pub capacity_per_day: u32,
    /// How many days to offer at once.
    pub days_offered: usize,
    /// How far ahead to look for free days.
    pub horizon_days: u32,
    /// When, the day before an appointment, the reminder goes out (office time; default 16:00).
    pub reminder_at: NaiveTime,
}

/// A day the office is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// Holiday name as published.
    pub name: String,
    /// A national holiday or a cuti bersama.
    pub kind: HolidayKind,
    /// The date is the government's estimate, not yet confirmed (the Eid dates before the sidang isbat).
    pub estimate: bool,
}

/// What kind of closed day a holiday is; `kind` in `holidays.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayKind {
    /// `libur`: a national holiday.
    Libur,
    /// `cuti_bersama`: a collective leave day set by the SKB 3 Menteri.
    CutiBersama,
}

/// The office's closed days as far as they are known.
#[derive(Debug, Clone)]
pub struct Holidays {
    /// Holidays and cuti bersama by date.
    pub days: BTreeMap<NaiveDate, Holiday>,
    /// The last day the list is known for: no day after it is ever offered.
    pub known_until: NaiveDate,
}

/// One alias of a document or reason, with the locale it was written for.
#[derive(Debug, Clone)]
pub struct Alias {
    /// Locale code the alias belongs to.
    pub locale: String,
    /// The alias as written.
    pub text: String,
    /// [`STRONG`] normally; [`HINT`] for words that suggest an entry without
    /// naming it (`maot` for akta kematian); [`WEAK`] for generic words that
    /// lose to specific ones and, alone, are confirmed with the resident.
    pub weight: f32,
}

/// The weight of an ordinary alias.
pub const STRONG: f32 = 1.0;
/// The weight of a hint: taken when nothing names the slot, but losing to a
/// word that does (`ganti alamat di KTP karena pindah rumah` is KTP-el, not surat pindah).
pub const HINT: f32 = 0.9;
/// The weight of a weak alias: low enough that, alone, it is asked about ("Maksud Anda …?").
pub const WEAK: f32 = 0.75;

impl Alias {
    /// Whether this is a weak alias, which may be shared by several entries (`akte`).
    pub fn is_weak(&self) -> bool {
        self.weight < HINT
    }
}

/// A reason a resident needs a document.
#[derive(Debug, Clone)]
pub struct Reason {
    /// `baru`, `rusak`, `hilang` or `perubahan`.
    pub id: String,
    /// What residents call it.
    pub aliases: Vec<Alias>,
    /// Verbs that mean this reason only right before a document's name, and
    /// only for a document this reason applies to (`bikin KTP`, `nyieun KK`).
    pub before_document: Vec<Alias>,
}

/// A word that means a reason only for one document (`tambah` is a change for a KK).
#[derive(Debug, Clone)]
pub struct ReasonAlias {
    /// The reason id.
    pub reason: String,
    /// The word.
    pub alias: Alias,
}

/// A document the office serves.
#[derive(Debug, Clone)]
pub struct Document {
    /// Stable id, e.g. `ktp_el`.
    pub id: String,
    /// Reasons that apply, in menu order.
    pub reasons: Vec<String>,
    /// Requirement message ids per reason.
    pub requirements: BTreeMap<String, Vec<String>>,
    /// Extra note message ids shown with the requirements.
    pub notes: Vec<String>,
    /// What residents call it.
    pub aliases: Vec<Alias>,
    /// Words that mean a reason when this document is asked about (`masukin istri` for a KK).
    pub reason_aliases: Vec<ReasonAlias>,
    /// Events that imply a reason for this document without naming one (`ayah saya
    /// meninggal kemarin` needs a first death certificate): the flow takes it when
    /// the resident names no reason, and `cekbae parse` shows no reason.
    pub implied_reasons: Vec<ReasonAlias>,
}

/// The validated catalog the dialogue runs on.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Office details.
    pub office: Office,
    /// Hours and limits.
    pub schedule: ScheduleConfig,
    /// Days after pickup that a NIK is kept.
    pub retention_days: u32,
    /// Reasons, in menu order.
    pub reasons: Vec<Reason>,
    /// Documents, in menu order.
    pub documents: Vec<Document>,
    /// Closed days, and how far they are known.
    pub holidays: Holidays,
    /// What residents call services this office does not give here (`akta cerai`,
    /// `ktp digital`): such words are never read as a document.
    pub not_served: Vec<Alias>,
    /// Day names, relative days and month names read at the schedule step.
    pub day_words: DayWords,
    /// Questions residents ask (hours, address, cost...), from `questions.toml`.
    pub questions: Questions,
    /// The kecamatan's desa.
    pub desa: Vec<Desa>,
    /// Other place names (`kecamatan leuwiliang`, `bogor`): never read as a document, reason or desa.
    pub places: Vec<Alias>,
    /// Negation cues and the words that introduce a KK number.
    pub reading: ReadingWords,
    /// What a resident writes to stop or restart the reminders.
    pub reminder_words: ReminderWords,
    /// The papers residents send for checking: types, sizes, how many, how long kept.
    pub berkas: BerkasSettings,
}

/// The text of each data file of a dialogue folder.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// `catalog.toml`.
    pub catalog: &'a str,
    /// `holidays.toml`.
    pub holidays: &'a str,
    /// `day_words.toml`.
    pub day_words: &'a str,
    /// `questions.toml` (empty: no question topics).
    pub questions: &'a str,
}

impl Catalog {
    /// The catalog, holidays, day words and questions shipped in the binary.
    pub fn embedded(locales: Option<&Locales>) -> Result<Self, Vec<String>> {
        let sources = Sources {
            catalog: EMBEDDED_CATALOG,
            holidays: EMBEDDED_HOLIDAYS,
            day_words: EMBEDDED_DAY_WORDS,
            questions: EMBEDDED_QUESTIONS,
        };
        Self::load_sources(sources, locales)
    }

    /// Reads `catalog.toml`, `holidays.toml`, `day_words.toml` and `questions.toml` from a
    /// dialogue data folder; a folder without `day_words.toml` or `questions.toml` uses the
    /// built-in one.
    pub fn load_dir(dir: &Path, locales: Option<&Locales>) -> Result<Self, Vec<String>> {
        Self::load_layers(&[dir], locales)
    }

    /// Like [`Catalog::load_dir`], each file from the first folder that has it: edited
    /// copies in an override folder (`/etc/cekbae/dialogues/adminduk`) over the shipped ones.
    pub fn load_layers(dirs: &[&Path], locales: Option<&Locales>) -> Result<Self, Vec<String>> {
        let find = |name: &str| dirs.iter().map(|dir| dir.join(name)).find(|path| path.is_file());
        let read = |name: &str| {
            let path = find(name).unwrap_or_else(|| dirs.last().copied().unwrap_or(Path::new(".")).join(name));
            std::fs::read_to_string(&path).map_err(|err| vec![format!("{}: cannot read: {err}", path.display())])
        };
        let or_builtin = |name: &str, builtin: &str| match find(name) {
            Some(_) => read(name),
            None => Ok(builtin.to_owned()),
        };
        let day_words = or_builtin(DAY_WORDS_FILE, EMBEDDED_DAY_WORDS)?;
        let questions = or_builtin(QUESTIONS_FILE, EMBEDDED_QUESTIONS)?;
        let sources = Sources {
            catalog: &read(CATALOG_FILE)?,
            holidays: &read(HOLIDAYS_FILE)?,
            day_words: &day_words,
            questions: &questions,
        };
        Self::load_sources(sources, locales)
    }

    /// Validates catalog and holiday sources, with the built-in day words and no question
    /// topics. With `locales`, also checks that every message id the catalog names exists in
    /// the default locale.
    pub fn load(catalog: &str, holidays: &str, locales: Option<&Locales>) -> Result<Self, Vec<String>> {
        Self::load_sources(Sources { catalog, holidays, day_words: EMBEDDED_DAY_WORDS, questions: "" }, locales)
    }

    /// Validates every data file of a dialogue folder, reporting all errors at once. The
    /// questions are checked against the catalog (documents they name, aliases that would
    /// collide with documents and reasons).
    pub fn load_sources(sources: Sources<'_>, locales: Option<&Locales>) -> Result<Self, Vec<String>> {
        let Sources { catalog, holidays, day_words, questions } = sources;
        let mut errors = Vec::new();
        let day_words = DayWords::load(day_words).map_err(|errs| errors.extend(errs)).ok();
        let raw: Option<RawCatalog> =
            toml::from_str(catalog).map_err(|err| errors.push(format!("{CATALOG_FILE}: {err}"))).ok();
        let raw_questions = questions::parse(questions, &mut errors);
        let raw_holidays: Option<RawHolidays> =
            toml::from_str(holidays).map_err(|err| errors.push(format!("{HOLIDAYS_FILE}: {err}"))).ok();
        let holidays = raw_holidays.map(|it| validate_holidays(it, &mut errors)).unwrap_or_else(no_holidays);
        let (Some(raw), Some(day_words)) = (raw, day_words) else { return Err(errors) };
        let schedule = validate_schedule(&raw.schedule, &mut errors);
        let office = validate_office(raw.office, &mut errors);
        let reasons = raw.reasons.iter().map(validate_reason).collect::<Vec<_>>();
        let reason_ids: BTreeSet<&str> = raw.reasons.iter().map(|it| it.id.as_str()).collect();
        if reason_ids.len() != raw.reasons.len() {
            errors.push(format!("{CATALOG_FILE}: a reason id is defined twice"));
        }
        let mut document_ids = BTreeSet::new();
        let mut documents = Vec::new();
        for doc in &raw.documents {
            if !document_ids.insert(doc.id.as_str()) {
                errors.push(format!("{CATALOG_FILE}: document `{}` is defined twice", doc.id));
            }
            validate_document(doc, &reason_ids, &mut errors);
            documents.push(Document {
                id: doc.id.clone(),
                reasons: doc.reasons.clone(),
                requirements: doc.requirements.clone(),
                notes: doc.notes.clone(),
                aliases: aliases_of(&doc.aliases, STRONG)
                    .into_iter()
                    .chain(aliases_of(&doc.hint_aliases, HINT))
                    .chain(aliases_of(&doc.weak_aliases, WEAK))
                    .collect(),
                reason_aliases: reason_aliases_of(&doc.reason_aliases),
                implied_reasons: reason_aliases_of(&doc.implied_reasons),
            });
        }
        let not_served = aliases_of(&raw.not_served.aliases, STRONG);
        let desa = reading::validate_desa(&raw.desa, &mut errors);
        let places = reading::validate_places(&raw.places);
        let reading = reading::validate_reading(&raw.reading, &mut errors);
        let reminder_words = reminder_words(&raw.reminders, &mut errors);
        let berkas = berkas::validate(raw.berkas, &mut errors);
        let named =
            Named { documents: &documents, reasons: &reasons, not_served: &not_served, desa: &desa, places: &places };
        check_duplicate_aliases(&named, &mut errors);
        let mut catalog = Catalog {
            office,
            schedule: schedule.unwrap_or_else(default_schedule),
            retention_days: raw.privacy.retention_days,
            reasons,
            documents,
            holidays,
            not_served,
            day_words,
            questions: Questions::default(),
            desa,
            places,
            reading,
            reminder_words,
            berkas,
        };
        catalog.questions = questions::validate(raw_questions, &catalog, &mut errors);
        if let Some(locales) = locales {
            check_messages(&catalog, locales, &mut errors);
        }
        if errors.is_empty() {
            Ok(catalog)
        } else {
            Err(errors)
        }
    }

    /// A document by id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|it| it.id == id)
    }

    /// Every Fluent message id the catalog refers to.
    pub fn message_ids(&self) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for doc in &self.documents {
            ids.insert(document_label(&doc.id));
            ids.extend(doc.requirements.values().flatten().cloned());
            ids.extend(doc.notes.iter().cloned());
        }
        for reason in &self.reasons {
            ids.insert(reason_label(&reason.id));
        }
        ids.extend(self.questions.message_ids());
        for desa in &self.desa {
            ids.insert(desa_label(&desa.id));
        }
        ids
    }

    /// A desa by id.
    pub fn desa(&self, id: &str) -> Option<&Desa> {
        self.desa.iter().find(|it| it.id == id)
    }
}

/// The Fluent id of a document's display name: `doc-<id>`.
pub fn document_label(id: &str) -> String {
    format!("doc-{id}")
}

/// The Fluent id of a reason's display name: `reason-<id>`.
pub fn reason_label(id: &str) -> String {
    format!("reason-{id}")
}

pub(crate) fn aliases_of(raw: &BTreeMap<String, Vec<String>>, weight: f32) -> Vec<Alias> {
    raw.iter()
        .flat_map(|(locale, list)| {
            list.iter().map(move |text| Alias { locale: locale.clone(), text: text.clone(), weight })
        })
        .collect()
}

fn reason_aliases_of(raw: &BTreeMap<String, BTreeMap<String, Vec<String>>>) -> Vec<ReasonAlias> {
    raw.iter()
        .flat_map(|(reason, per_locale)| {
            aliases_of(per_locale, STRONG).into_iter().map(|alias| ReasonAlias { reason: reason.clone(), alias })
        })
        .collect()
}

fn validate_reason(raw: &RawReason) -> Reason {
    let mut aliases = aliases_of(&raw.aliases, STRONG);
    aliases.extend(aliases_of(&raw.hint_aliases, HINT));
    // Generic verbs ("ganti") lose to specific words ("rusak") in the same message.
    aliases.extend(aliases_of(&raw.weak_aliases, WEAK));
    Reason { id: raw.id.clone(), aliases, before_document: aliases_of(&raw.before_document, HINT) }
}

fn validate_document(doc: &RawDocument, reason_ids: &BTreeSet<&str>, errors: &mut Vec<String>) {
    if doc.reasons.is_empty() {
        errors.push(format!("{CATALOG_FILE}: document `{}` has no reasons", doc.id));
    }
    for reason in &doc.reasons {
        if !reason_ids.contains(reason.as_str()) {
            errors.push(format!("{CATALOG_FILE}: document `{}` names unknown reason `{reason}`", doc.id));
        }
        match doc.requirements.get(reason) {
            Some(list) if !list.is_empty() => {}
            _ => {
                errors.push(format!("{CATALOG_FILE}: document `{}` has no requirements for reason `{reason}`", doc.id))
            }
        }
    }
    for (field, reasons) in [("reason_aliases", &doc.reason_aliases), ("implied_reasons", &doc.implied_reasons)] {
        for reason in reasons.keys() {
            if !doc.reasons.contains(reason) {
                errors.push(format!(
                    "{CATALOG_FILE}: document `{}` has {field} for reason `{reason}`, which is not allowed for it",
                    doc.id
                ));
            }
        }
    }
    for reason in doc.requirements.keys() {
        if !doc.reasons.contains(reason) {
            errors.push(format!(
                "{CATALOG_FILE}: document `{}` lists requirements for reason `{reason}`, which is not allowed for it",
                doc.id
            ));
        }
    }
}

/// Everything in the catalog that residents name, for the duplicate check.
struct Named<'a> {
    documents: &'a [Document],
    reasons: &'a [Reason],
    not_served: &'a [Alias],
    desa: &'a [Desa],
    places: &'a [Alias],
}

/// Strong aliases and hints must be unique: one word, one meaning. Weak ones
/// may be shared on purpose (`akte` is either certificate), which makes the
/// bot ask. A document's own reason words are checked within the document:
/// `tambah` may mean a change for a KK and something else for another.
fn check_duplicate_aliases(named: &Named<'_>, errors: &mut Vec<String>) {
    let global =
        named
            .documents
            .iter()
            .flat_map(|d| d.aliases.iter().map(move |a| (format!("document `{}`", d.id), a)))
            .chain(named.reasons.iter().flat_map(|r| r.aliases.iter().map(move |a| (format!("reason `{}`", r.id), a))))
            .chain(named.reasons.iter().flat_map(|r| {
                r.before_document.iter().map(move |a| (format!("reason `{}` (before a document)", r.id), a))
            }))
            .chain(named.not_served.iter().map(|a| ("not_served".to_owned(), a)))
            .chain(named.desa.iter().flat_map(|d| d.aliases.iter().map(move |a| (format!("desa `{}`", d.id), a))))
            .chain(named.places.iter().map(|a| ("places".to_owned(), a)))
            .filter(|(_, alias)| !alias.is_weak());
    check_unique(global, errors);
    for doc in named.documents {
        let own =
            doc.reason_aliases.iter().map(|it| (format!("document `{}` reason `{}`", doc.id, it.reason), &it.alias));
        check_unique(own, errors);
    }
}

fn check_unique<'a>(entries: impl Iterator<Item = (String, &'a Alias)>, errors: &mut Vec<String>) {
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    for (owner, alias) in entries {
        let normalized = text::normalize(&alias.text);
        if normalized.is_empty() {
            errors.push(format!("{CATALOG_FILE}: {owner} has an empty alias"));
            continue;
        }
        match seen.get(&(alias.locale.clone(), normalized.clone())) {
            Some(other) if *other != owner => errors.push(format!(
                "{CATALOG_FILE}: alias `{}` ({}) belongs to both {other} and {owner}",
                alias.text, alias.locale
            )),
            Some(_) => errors
                .push(format!("{CATALOG_FILE}: alias `{}` ({}) is listed twice for {owner}", alias.text, alias.locale)),
            None => {
                seen.insert((alias.locale.clone(), normalized), owner);
            }
        }
    }
}

fn check_messages(catalog: &Catalog, locales: &Locales, errors: &mut Vec<String>) {
    let default = locales.default_locale();
    let answers = catalog.questions.message_ids();
    for id in catalog.message_ids() {
        if !locales.has_message(default, &id) {
            let file = if answers.contains(&id) { QUESTIONS_FILE } else { CATALOG_FILE };
            errors.push(format!("{file}: message `{id}` is missing in locale `{default}`"));
        }
    }
    let alias_locales = catalog
        .documents
        .iter()
        .flat_map(|d| d.aliases.iter().chain(d.reason_aliases.iter().chain(&d.implied_reasons).map(|it| &it.alias)))
        .chain(catalog.reasons.iter().flat_map(|r| r.aliases.iter().chain(&r.before_document)))
        .chain(&catalog.not_served)
        .chain(catalog.questions.topics.iter().flat_map(|t| &t.aliases))
        .map(|a| a.locale.as_str())
        .collect::<BTreeSet<_>>();
    for locale in alias_locales {
        if !locales.has_locale(locale) {
            errors.push(format!("{CATALOG_FILE}: aliases are given for unknown locale `{locale}`"));
        }
    }
    for locale in catalog.day_words.locales() {
        if !locales.has_locale(locale) {
            errors.push(format!("{DAY_WORDS_FILE}: words are given for unknown locale `{locale}`"));
        }
    }
}

fn validate_office(raw: RawOffice, errors: &mut Vec<String>) -> Office {
    if raw.ticket_prefix.is_empty() || !raw.ticket_prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        errors.push(format!("{CATALOG_FILE}: office.ticket_prefix must be letters and digits"));
    }
    if raw.address.trim().is_empty() {
        errors.push(format!("{CATALOG_FILE}: office.address is empty"));
    }
    if raw.postal_code.len() != 5 || !raw.postal_code.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(format!("{CATALOG_FILE}: office.postal_code `{}` is not five digits", raw.postal_code));
    }
    if !(-90.0..=90.0).contains(&raw.latitude) {
        errors.push(format!("{CATALOG_FILE}: office.latitude {} is not between -90 and 90", raw.latitude));
    }
    if !(-180.0..=180.0).contains(&raw.longitude) {
        errors.push(format!("{CATALOG_FILE}: office.longitude {} is not between -180 and 180", raw.longitude));
    }
    let email = &raw.email;
    let looks_like_email = email.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty() && domain.contains('.') && !domain.contains('@') && !email.contains(char::is_whitespace)
    });
    if !looks_like_email {
        errors.push(format!("{CATALOG_FILE}: office.email `{email}` is not an e-mail address"));
    }
    if let Some(phone) = &raw.phone {
        let allowed = phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if !allowed || phone.chars().filter(char::is_ascii_digit).count() < 6 {
            errors.push(format!("{CATALOG_FILE}: office.phone `{phone}` is not a telephone number"));
        }
    }
    if let Some(url) = &raw.maps_url {
        if !url.starts_with("https://") || url.contains(char::is_whitespace) {
            errors.push(format!("{CATALOG_FILE}: office.maps_url `{url}` is not an https link"));
        }
    }
    Office {
        name: raw.name,
        ticket_prefix: raw.ticket_prefix,
        address: raw.address,
        postal_code: raw.postal_code,
        latitude: raw.latitude,
        longitude: raw.longitude,
        email: raw.email,
        phone: raw.phone,
        maps_url: raw.maps_url,
    }
}

fn validate_schedule(raw: &RawSchedule, errors: &mut Vec<String>) -> Option<ScheduleConfig> {
    let time = |field: &str, value: &str, errors: &mut Vec<String>| {
        NaiveTime::parse_from_str(value, "%H:%M")
            .map_err(|_| errors.push(format!("{CATALOG_FILE}: schedule.{field} `{value}` is not HH:MM")))
            .ok()
    };
    let opens = time("opens", &raw.opens, errors);
    let closes = time("closes", &raw.closes, errors);
    let reminder_at = time("reminder_at", &raw.reminder_at, errors);
    let timezone: Option<Tz> = raw
        .timezone
        .parse()
        .map_err(|_| errors.push(format!("{CATALOG_FILE}: schedule.timezone `{}` is unknown", raw.timezone)))
        .ok();
    if let (Some(opens), Some(closes)) = (opens, closes) {
        if opens >= closes {
            errors.push(format!("{CATALOG_FILE}: schedule.opens must be before schedule.closes"));
        }
    }
    if raw.capacity_per_day == 0 {
        errors.push(format!("{CATALOG_FILE}: schedule.capacity_per_day must be at least 1"));
    }
    if !(1..=10).contains(&raw.days_offered) {
        errors.push(format!("{CATALOG_FILE}: schedule.days_offered must be 1 to 10"));
    }
    if raw.horizon_days == 0 {
        errors.push(format!("{CATALOG_FILE}: schedule.horizon_days must be at least 1"));
    }
    Some(ScheduleConfig {
        timezone: timezone?,
        opens: opens?,
        closes: closes?,
        capacity_per_day: raw.capacity_per_day,
        days_offered: raw.days_offered,
        horizon_days: raw.horizon_days,
        reminder_at: reminder_at?,
    })
}

fn default_schedule() -> ScheduleConfig {
    ScheduleConfig {
        timezone: chrono_tz::Asia::Jakarta,
        opens: NaiveTime::from_hms_opt(7, 30, 0).unwrap_or_default(),
        closes: NaiveTime::from_hms_opt(15, 0, 0).unwrap_or_default(),
        capacity_per_day: 40,
        days_offered: 5,
        horizon_days: 30,
        reminder_at: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default(),
    }
}

/// Stands in for a holidays file that could not be read, so the catalog's
/// other errors are still reported; the load fails anyway.
fn no_holidays() -> Holidays {
    Holidays { days: BTreeMap::new(), known_until: NaiveDate::MIN }
}

fn validate_holidays(raw: RawHolidays, errors: &mut Vec<String>) -> Holidays {
    let mut days = BTreeMap::new();
    for holiday in raw.holiday {
        let Ok(date) = NaiveDate::parse_from_str(&holiday.date, "%Y-%m-%d") else {
            errors.push(format!("{HOLIDAYS_FILE}: `{}` is not a date (YYYY-MM-DD)", holiday.date));
            continue;
        };
        let kind = match holiday.kind.as_str() {
            "libur" => HolidayKind::Libur,
            "cuti_bersama" => HolidayKind::CutiBersama,
            other => {
                errors.push(format!(
                    "{HOLIDAYS_FILE}: {}: kind must be `libur` or `cuti_bersama`, not `{other}`",
                    holiday.date
                ));
                HolidayKind::Libur
            }
        };
        if holiday.name.trim().is_empty() {
            errors.push(format!("{HOLIDAYS_FILE}: {} has no name", holiday.date));
        }
        let entry = Holiday { name: holiday.name, kind, estimate: holiday.estimate };
        if days.insert(date, entry).is_some() {
            errors.push(format!("{HOLIDAYS_FILE}: {} is listed twice", holiday.date));
        }
    }
    let known_until = match raw.known_until.as_deref() {
        None => {
            errors.push(format!(
                "{HOLIDAYS_FILE}: known_until is missing: set the last day this list is known for, \
                 e.g. known_until = \"2027-12-31\" (no day after it is offered)"
            ));
            NaiveDate::MIN
        }
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|_| {
            errors.push(format!("{HOLIDAYS_FILE}: known_until `{text}` is not a date (YYYY-MM-DD)"));
            NaiveDate::MIN
        }),
    };
    // A year the list claims to know must have its national holidays listed:
    // a known_until moved forward without next year's SKB would offer holidays.
    if let Some(first) = days.keys().next().map(|it| it.year()) {
        for year in first..=known_until.year() {
            let listed = days.iter().any(|(date, it)| date.year() == year && it.kind == HolidayKind::Libur);
            if !listed {
                errors.push(format!(
                    "{HOLIDAYS_FILE}: known_until is {known_until} but no libur is listed for {year}: \
                     add {year}'s holidays or set known_until before {year}"
                ));
            }
        }
    }
    Holidays { days, known_until }
}

#[cfg(test)]
mod tests;
