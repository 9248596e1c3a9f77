//! The catalog's `[berkas]` settings: which files residents may send for a petugas to check before the
//! trip, how large and how many, and how long they are kept.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The MIME types the office can accept at all: images a phone takes and PDF. The catalog picks among them.
pub const KNOWN_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBerkas {
    max_file_mb: u32,
    max_files_per_booking: u32,
    retention_days: u32,
    accepted_types: Vec<String>,
    #[serde(default)]
    words: RawBerkasWords,
}

/// What residents write in the papers' conversation, per locale (matched for everyone, whatever their locale).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBerkasWords {
    #[serde(default)]
    start: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    next: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    skip: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    done: BTreeMap<String, Vec<String>>,
}

/// A whole message that steers the papers' conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BerkasWord {
    /// `cek berkas`, `kirim berkas`: start sending the papers of the open booking.
    Start,
    /// `lanjut`: the item asked has its files; ask the next one.
    Next,
    /// `lewati`: no file for the item asked; ask the next one.
    Skip,
    /// `selesai`: stop asking; say what was sent.
    Done,
}

/// The phrases of each [`BerkasWord`], as normalised tokens (`[berkas.words]` in `catalog.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BerkasWords {
    phrases: Vec<(BerkasWord, Vec<String>)>,
}

impl BerkasWords {
    /// The word a whole message is, if it is one.
    pub fn read(&self, tokens: &[String]) -> Option<BerkasWord> {
        self.phrases.iter().find(|(_, phrase)| phrase.as_slice() == tokens).map(|(word, _)| *word)
    }
}

fn words(raw: &RawBerkasWords, errors: &mut Vec<String>) -> BerkasWords {
    let lists = [
        (BerkasWord::Start, "start", &raw.start),
        (BerkasWord::Next, "next", &raw.next),
        (BerkasWord::Skip, "skip", &raw.skip),
        (BerkasWord::Done, "done", &raw.done),
    ];
    let mut phrases: Vec<(BerkasWord, Vec<String>)> = Vec::new();
    for (word, name, map) in lists {
        for phrase in map.values().flatten() {
            let tokens = cekbae_bot::text::tokens(phrase);
            if tokens.is_empty() {
                errors.push(format!("catalog.toml: berkas.words.{name} `{phrase}` has no words"));
            } else if let Some((other, _)) = phrases.iter().find(|(it, known)| *known == tokens && *it != word) {
                errors.push(format!("catalog.toml: berkas.words.{name} `{phrase}` also means {other:?}"));
            } else {
                phrases.push((word, tokens));
            }
        }
    }
    BerkasWords { phrases }
}

/// Limits on the papers residents send for checking (`[berkas]` in `catalog.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BerkasSettings {
    /// The largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// At most this many files per booking (stored and still being fetched).
    pub max_files_per_booking: u32,
    /// Files are deleted this many days after the appointment's day.
    pub retention_days: u32,
    /// The MIME types accepted, a subset of [`KNOWN_TYPES`].
    pub accepted_types: Vec<String>,
    /// What residents write to start, go on, skip an item and finish.
    pub words: BerkasWords,
}

impl BerkasSettings {
    /// Whether a file of `mime_type` (parameters such as `; charset` ignored, any case) is accepted.
    pub fn accepts(&self, mime_type: &str) -> bool {
        let bare = mime_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        self.accepted_types.contains(&bare)
    }
}

impl Default for BerkasSettings {
    fn default() -> Self {
        Self {
            max_file_bytes: 10 * 1024 * 1024,
            max_files_per_booking: 20,
            retention_days: 7,
            accepted_types: KNOWN_TYPES.iter().map(|it| (*it).to_owned()).collect(),
            words: BerkasWords::default(),
        }
    }
}

pub(super) fn validate(raw: Option<RawBerkas>, errors: &mut Vec<String>) -> BerkasSettings {
    let Some(raw) = raw else {
        return BerkasSettings::default();
    };
    if !(1..=100).contains(&raw.max_file_mb) {
        errors.push(format!("catalog.toml: berkas.max_file_mb must be 1 to 100, not {}", raw.max_file_mb));
    }
    if !(1..=100).contains(&raw.max_files_per_booking) {
        errors.push(format!(
            "catalog.toml: berkas.max_files_per_booking must be 1 to 100, not {}",
            raw.max_files_per_booking
        ));
    }
    if raw.accepted_types.is_empty() {
        errors.push("catalog.toml: berkas.accepted_types lists no type".to_owned());
    }
    for kind in &raw.accepted_types {
        if !KNOWN_TYPES.contains(&kind.as_str()) {
            errors.push(format!(
                "catalog.toml: berkas.accepted_types: `{kind}` is not one of {}",
                KNOWN_TYPES.join(", ")
            ));
        }
    }
    BerkasSettings {
        max_file_bytes: u64::from(raw.max_file_mb) * 1024 * 1024,
        max_files_per_booking: raw.max_files_per_booking,
        retention_days: raw.retention_days,
        words: words(&raw.words, errors),
        accepted_types: raw.accepted_types,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_limits_and_unknown_types_are_each_reported() {
        let raw = RawBerkas {
            max_file_mb: 0,
            max_files_per_booking: 500,
            retention_days: 7,
            accepted_types: vec!["image/gif".into(), "image/png".into()],
            words: RawBerkasWords::default(),
        };
        let mut errors = Vec::new();
        validate(Some(raw), &mut errors);
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[2].contains("image/gif"), "{errors:?}");
    }

    #[test]
    fn the_shipped_words_are_read_whole_and_a_phrase_with_two_meanings_is_reported() {
        let catalog = crate::catalog::Catalog::embedded(None).expect("catalog");
        let shipped = &catalog.berkas.words;
        let read = |text: &str| shipped.read(&cekbae_bot::text::tokens(text));
        assert_eq!(read("Cek berkas"), Some(BerkasWord::Start));
        assert_eq!(read("kirim berkas"), Some(BerkasWord::Start));
        assert_eq!(read("lewati"), Some(BerkasWord::Skip));
        assert_eq!(read("selesai"), Some(BerkasWord::Done));
        assert_eq!(read("lanjut"), Some(BerkasWord::Next));
        assert_eq!(read("réngsé"), Some(BerkasWord::Done));
        assert_eq!(read("cek berkas besok"), None);
        let mut raw = RawBerkasWords::default();
        raw.skip.insert("id".into(), vec!["lewati".into()]);
        raw.done.insert("su".into(), vec!["Lewati".into()]);
        let mut errors = Vec::new();
        words(&raw, &mut errors);
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn types_are_compared_without_parameters_or_case() {
        let settings = BerkasSettings::default();
        assert!(settings.accepts("IMAGE/JPEG"));
        assert!(settings.accepts("application/pdf; name=x.pdf"));
        assert!(!settings.accepts("image/gif"));
        assert!(!settings.accepts(""));
    }
}
