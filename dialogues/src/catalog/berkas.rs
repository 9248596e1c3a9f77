//! The catalog's `[berkas]` settings: which files residents may send for a petugas to check before the
//! trip, how large and how many, and how long they are kept.

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
        };
        let mut errors = Vec::new();
        validate(Some(raw), &mut errors);
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[2].contains("image/gif"), "{errors:?}");
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
