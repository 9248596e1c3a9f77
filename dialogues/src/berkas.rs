//! The petugas's check of the papers a resident sent for a booking ("cek berkas"): the booking's items (its
//! requirement list, numbered from 1 as the files' slots are), a verdict per item with a note, who gave it and
//! when, whether the result was sent to the resident, and whether they came with complete papers. Kept as a
//! dialogue record (kind [`BERKAS_CHECK`], keyed by ticket) owned by the resident, written in their turn, so
//! it goes with "hapus data saya". The message built from it is in [`result`].

pub mod result;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::Booking;

use crate::catalog::Catalog;

/// Record kind of the checks, keyed by ticket.
pub const BERKAS_CHECK: &str = "berkas-check";

/// The longest note a petugas may give an item (it travels in a WhatsApp message).
pub const MAX_NOTE_CHARS: usize = 300;

/// What the petugas found for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The paper is there and usable.
    Ok,
    /// A photo that cannot be read (blurred, cut off, too dark).
    Unclear,
    /// Another paper than the one asked for, or an unusable one (outdated, without a stamp).
    Wrong,
    /// Nothing was sent for the item.
    Missing,
}

impl Verdict {
    /// Every verdict, in the order forms list them.
    pub const ALL: [Verdict; 4] = [Verdict::Ok, Verdict::Unclear, Verdict::Wrong, Verdict::Missing];

    /// The word petugas type (`cekbae berkas verdict … ok|unclear|wrong|missing`).
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Unclear => "unclear",
            Verdict::Wrong => "wrong",
            Verdict::Missing => "missing",
        }
    }

    /// Reads a typed word (any case, surrounding spaces ignored).
    pub fn parse(word: &str) -> Option<Self> {
        let word = word.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|it| it.word() == word)
    }

    /// Its Fluent label (`berkas-verdict-ok` … : `ok`, `tidak jelas`, `salah dokumen`, `belum ada`).
    pub fn label(self) -> String {
        format!("berkas-verdict-{}", self.word())
    }
}

/// The verdict on one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemVerdict {
    /// What was found.
    pub verdict: Verdict,
    /// The petugas's note for the resident ("foto buram, kirim ulang").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who gave it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The result as it was sent to the resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentResult {
    /// When it was queued for the resident.
    pub at: DateTime<Utc>,
    /// Who sent it.
    pub by: String,
    /// Whether every item was ok ("Berkas lengkap").
    pub complete: bool,
}

/// Whether the resident came to the counter with complete papers (`appointments done --berkas`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arrival {
    /// Everything was there.
    Complete,
    /// Something was missing or wrong.
    Incomplete,
}

impl Arrival {
    /// The word petugas type: `lengkap` or `tidak-lengkap`.
    pub fn word(self) -> &'static str {
        match self {
            Arrival::Complete => "lengkap",
            Arrival::Incomplete => "tidak-lengkap",
        }
    }

    /// Reads a typed word.
    pub fn parse(word: &str) -> Option<Self> {
        match word.trim().to_ascii_lowercase().as_str() {
            "lengkap" | "complete" => Some(Arrival::Complete),
            "tidak-lengkap" | "tidak lengkap" | "incomplete" => Some(Arrival::Incomplete),
            _ => None,
        }
    }
}

/// One booking's check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRecord {
    /// The booking's ticket.
    pub ticket: String,
    /// Verdicts by item number (from 1).
    #[serde(default)]
    pub verdicts: BTreeMap<u32, ItemVerdict>,
    /// The last result sent to the resident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<SentResult>,
    /// How the resident came to the counter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Arrival>,
    /// Files the retention purge deleted (the report keeps counting them once they are gone).
    #[serde(default)]
    pub files_deleted: usize,
}

impl CheckRecord {
    /// An empty check of `ticket`.
    pub fn new(ticket: &str) -> Self {
        Self { ticket: ticket.to_owned(), ..Self::default() }
    }

    /// Reads a stored record's value; `None` when it is not one (a damaged or foreign value).
    pub fn from_value(value: &serde_json::Value) -> Option<Self> {
        serde_json::from_value(value.clone()).ok()
    }

    /// The stored form.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// Where the check stands for a booking of `items` items.
    pub fn state(&self, items: usize) -> CheckState {
        let judged = (1..=items as u32).filter(|it| self.verdicts.contains_key(it)).count();
        match (&self.sent, judged) {
            (Some(sent), _) if self.verdicts.values().all(|it| it.at <= sent.at) => CheckState::Sent,
            (_, 0) => CheckState::Unchecked,
            (_, n) if n < items => CheckState::Partly,
            _ => CheckState::Checked,
        }
    }

    /// Whether every one of `items` items is judged ok.
    pub fn complete(&self, items: usize) -> bool {
        (1..=items as u32).all(|it| self.verdicts.get(&it).is_some_and(|v| v.verdict == Verdict::Ok))
    }
}

/// Where a booking's check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckState {
    /// No item judged yet.
    Unchecked,
    /// Some items judged.
    Partly,
    /// Every item judged, the result not sent (or changed since).
    Checked,
    /// The result was sent and nothing changed since.
    Sent,
}

impl CheckState {
    /// The word shown in lists and JSON.
    pub fn word(self) -> &'static str {
        match self {
            CheckState::Unchecked => "unchecked",
            CheckState::Partly => "partly",
            CheckState::Checked => "checked",
            CheckState::Sent => "sent",
        }
    }
}

/// The items of `booking`: the Fluent ids of its requirement list (`catalog.document(service).requirements
/// [reason]`), in order; item `n` is `items[n - 1]` and the files under it have slot `n`.
pub fn items(catalog: &Catalog, booking: &Booking) -> Vec<String> {
    let details = &booking.details;
    catalog
        .document(&details.service)
        .and_then(|doc| doc.requirements.get(&details.reason))
        .cloned()
        .unwrap_or_default()
}

/// A petugas's note made fit for a resident's message and a staff screen: control and bidirectional
/// characters dropped, whitespace collapsed, cut to [`MAX_NOTE_CHARS`]; `None` when nothing is left.
pub fn clean_note(note: &str) -> Option<String> {
    let kept: String = note.chars().filter(|it| !cekbae_bot::unsafe_chars::is_unsafe(*it)).collect();
    let words: Vec<&str> = kept.split_whitespace().collect();
    let joined = words.join(" ");
    let cut: String = joined.chars().take(MAX_NOTE_CHARS).collect();
    (!cut.is_empty()).then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(verdict: Verdict, minute: u32) -> ItemVerdict {
        let at = DateTime::parse_from_rfc3339(&format!("2026-12-01T09:{minute:02}:00Z")).unwrap().to_utc();
        ItemVerdict { verdict, note: None, by: "siti".into(), at }
    }

    #[test]
    fn verdict_words_round_trip_and_unknown_words_are_refused() {
        for it in Verdict::ALL {
            assert_eq!(Verdict::parse(it.word()), Some(it));
            assert_eq!(serde_json::to_value(it).unwrap(), it.word());
        }
        assert_eq!(Verdict::parse(" OK "), Some(Verdict::Ok));
        assert_eq!(Verdict::parse("bagus"), None);
        assert_eq!(Verdict::Wrong.label(), "berkas-verdict-wrong");
        assert_eq!(Arrival::parse("tidak-lengkap"), Some(Arrival::Incomplete));
        assert_eq!(Arrival::parse("ya"), None);
    }

    #[test]
    fn the_state_follows_verdicts_and_a_later_change_reopens_a_sent_result() {
        let mut record = CheckRecord::new("LWL-20261202-001");
        assert_eq!(record.state(2), CheckState::Unchecked);
        record.verdicts.insert(1, verdict(Verdict::Ok, 1));
        assert_eq!(record.state(2), CheckState::Partly);
        record.verdicts.insert(2, verdict(Verdict::Unclear, 2));
        assert_eq!(record.state(2), CheckState::Checked);
        assert!(!record.complete(2));
        record.sent = Some(SentResult { at: verdict(Verdict::Ok, 3).at, by: "siti".into(), complete: false });
        assert_eq!(record.state(2), CheckState::Sent);
        record.verdicts.insert(2, verdict(Verdict::Ok, 4));
        assert_eq!(record.state(2), CheckState::Checked, "changed after sending");
        assert!(record.complete(2));
    }

    #[test]
    fn notes_lose_control_characters_and_are_cut() {
        assert_eq!(clean_note("  foto\u{202e} buram\n kirim ulang "), Some("foto buram kirim ulang".to_owned()));
        assert_eq!(clean_note(" \u{7} "), None);
        assert_eq!(clean_note(&"a".repeat(1000)).unwrap().chars().count(), MAX_NOTE_CHARS);
    }
}
