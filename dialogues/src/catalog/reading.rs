//! The catalog's words for reading messages beyond documents and reasons: the
//! desa of the kecamatan, other place names, the cues of negation, and the
//! words that introduce a KK number.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use cekbae_bot::text;

use super::{Alias, CATALOG_FILE, STRONG};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDesa {
    id: String,
    code: String,
    aliases: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlaces {
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReading {
    #[serde(default)]
    negation_before: Vec<String>,
    #[serde(default)]
    negation_before_reason: Vec<String>,
    #[serde(default)]
    not_yet_keeps: Vec<String>,
    #[serde(default)]
    question_tags: Vec<String>,
    #[serde(default)]
    contrast: Vec<String>,
    #[serde(default)]
    negation_after: Vec<String>,
    #[serde(default)]
    between: Vec<String>,
    #[serde(default)]
    wanting: Vec<String>,
    #[serde(default)]
    negation_joiners: Vec<String>,
    #[serde(default)]
    kk_number: Vec<String>,
    #[serde(default)]
    neutral: Vec<String>,
}

/// A desa (village) of the kecamatan.
#[derive(Debug, Clone)]
pub struct Desa {
    /// Stable id, e.g. `cibeber_1`; its name is the Fluent message `desa-<id>`.
    pub id: String,
    /// The Kemendagri code, e.g. `32.01.14.2009`.
    pub code: String,
    /// What residents call it (`cibeber 1`, `cibeber satu`).
    pub aliases: Vec<Alias>,
}

/// A phrase as normalised tokens (`masih ada` → `["masih", "ada"]`).
pub type Phrase = Vec<String>;

/// Words that steer how a message is read, normalised once at load.
#[derive(Debug, Clone, Default)]
pub struct ReadingWords {
    /// Words that negate the mention right after them (`bukan KTP`, `teu leungit`).
    pub negation_before: Vec<Phrase>,
    /// Words that negate a reason right after them (`belum hilang`, `teu acan ical`).
    pub negation_before_reason: Vec<Phrase>,
    /// Reason ids those words do not deny (`belum rekam` is still new).
    pub not_yet_keeps: BTreeSet<String>,
    /// Words after which a no-word is a question tag (`jadi ga`, `aya teu`), not a negation.
    pub question_tags: BTreeSet<String>,
    /// Words after which the resident says what they do want (`tapi`, `ngan`).
    pub contrast: BTreeSet<String>,
    /// Words that, right after a document, say it is fine (`KTP aman`).
    pub negation_after: Vec<Phrase>,
    /// Words that may stand between a cue and what it points at (`bukan yang hilang`, `no kk saya`).
    pub between: BTreeSet<String>,
    /// Words of wanting, the only ones that may follow a bare no (`ga mau bikin baru`).
    pub wanting: BTreeSet<String>,
    /// Words that carry a negation on to the next mention (`bukan KTP atau KK`).
    pub negation_joiners: BTreeSet<String>,
    /// Phrases that introduce a KK number (`no kk`, `nomor kartu keluarga`): the number is not a NIK.
    pub kk_number: Vec<KkNumberPhrase>,
    /// Phrases that hold their words and mean nothing (`cetak ulang`), as written.
    pub neutral: Vec<String>,
}

/// A phrase that introduces a KK number.
#[derive(Debug, Clone)]
pub struct KkNumberPhrase {
    /// Its words.
    pub words: Phrase,
    /// Whether a colon must follow it (`kk:`): bare `KK 3201...` is the one-shot format for a NIK.
    pub colon: bool,
}

/// The Fluent id of a desa's name: `desa-<id>`.
pub fn desa_label(id: &str) -> String {
    format!("desa-{id}")
}

pub(super) fn validate_desa(raw: &[RawDesa], errors: &mut Vec<String>) -> Vec<Desa> {
    let mut ids = BTreeSet::new();
    let mut codes = BTreeMap::new();
    let mut res = Vec::new();
    for desa in raw {
        if !ids.insert(desa.id.as_str()) {
            errors.push(format!("{CATALOG_FILE}: desa `{}` is defined twice", desa.id));
        }
        if !is_desa_code(&desa.code) {
            errors.push(format!(
                "{CATALOG_FILE}: desa `{}`: code `{}` is not a Kemendagri desa code (32.01.14.2001)",
                desa.id, desa.code
            ));
        }
        if let Some(other) = codes.insert(desa.code.as_str(), desa.id.as_str()) {
            errors.push(format!("{CATALOG_FILE}: desa `{}` and `{other}` share the code `{}`", desa.id, desa.code));
        }
        if desa.aliases.is_empty() {
            errors.push(format!("{CATALOG_FILE}: desa `{}` has no aliases", desa.id));
        }
        res.push(Desa { id: desa.id.clone(), code: desa.code.clone(), aliases: place_aliases(&desa.aliases) });
    }
    res
}

/// `PP.KK.CC.DDDD`: province, regency, kecamatan and desa, digits only between the dots.
fn is_desa_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .zip([2, 2, 2, 4])
            .all(|(part, len)| part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn validate_places(raw: &RawPlaces) -> Vec<Alias> {
    place_aliases(&raw.aliases)
}

/// Place names are proper nouns, the same in every language; they are kept under the default locale.
fn place_aliases(raw: &[String]) -> Vec<Alias> {
    raw.iter().map(|text| Alias { locale: "id".to_owned(), text: text.clone(), weight: STRONG }).collect()
}

pub(super) fn validate_reading(raw: &RawReading, errors: &mut Vec<String>) -> ReadingWords {
    let mut phrases = |field: &str, list: &[String]| -> Vec<Phrase> {
        list.iter()
            .filter_map(|it| {
                let tokens = text::tokens(it);
                if tokens.is_empty() {
                    errors.push(format!("{CATALOG_FILE}: reading.{field} has an empty entry"));
                    return None;
                }
                Some(tokens)
            })
            .collect()
    };
    let negation_before = phrases("negation_before", &raw.negation_before);
    let negation_before_reason = phrases("negation_before_reason", &raw.negation_before_reason);
    let negation_after = phrases("negation_after", &raw.negation_after);
    let kk_words = phrases("kk_number", &raw.kk_number);
    let kk_number = raw
        .kk_number
        .iter()
        .filter(|it| !text::tokens(it).is_empty())
        .zip(kk_words)
        .map(|(raw, words)| KkNumberPhrase { words, colon: raw.trim_end().ends_with(':') })
        .collect();
    let words = |list: &[String]| list.iter().flat_map(|it| text::tokens(it)).collect::<BTreeSet<_>>();
    ReadingWords {
        negation_before,
        negation_before_reason,
        not_yet_keeps: raw.not_yet_keeps.iter().cloned().collect(),
        question_tags: words(&raw.question_tags),
        contrast: words(&raw.contrast),
        negation_after,
        between: words(&raw.between),
        wanting: words(&raw.wanting),
        negation_joiners: words(&raw.negation_joiners),
        kk_number,
        neutral: raw.neutral.clone(),
    }
}
