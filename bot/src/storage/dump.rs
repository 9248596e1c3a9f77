//! Everything a store holds, as plain domain data with the ids it has there: what `cekbae store copy`
//! reads out of one backend and loads into another. Loading is idempotent (a record whose id or key the
//! target has already is left as it is), so a copy can be run again.

use chrono::{DateTime, NaiveDate, Utc};

use super::accounts::Account;
use super::audit::AuditEntry;
use super::bookings::Booking;
use super::closures::Closure;
use super::files::{FileMeta, PendingFile};
use super::inbox::Inbound;
use super::outbox::OutboxEntry;
use super::records::DialogueRecord;
use super::statuses::StatusRecord;
use super::surveys::SurveyResponse;
use crate::handover::Handover;
use crate::message::UserKey;
use crate::session::SessionRecord;
use crate::stats::ConversationStats;

/// The places of one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingDay {
    /// The day.
    pub date: NaiveDate,
    /// Places taken by active bookings.
    pub taken: u32,
    /// The last ticket number handed out that day.
    pub last_number: u32,
}

/// A processed message id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenId {
    /// The channel.
    pub channel: String,
    /// The channel's message id.
    pub message_id: String,
    /// When it was processed.
    pub at: DateTime<Utc>,
}

/// A store's contents.
#[derive(Debug, Clone, Default)]
pub struct Dump {
    /// Sessions by resident (unreadable ones are left out).
    pub sessions: Vec<(UserKey, SessionRecord)>,
    /// Processed message ids.
    pub seen: Vec<SeenId>,
    /// Every booking.
    pub bookings: Vec<Booking>,
    /// Day counters.
    pub booking_days: Vec<BookingDay>,
    /// Survey responses by id.
    pub surveys: Vec<(u64, SurveyResponse)>,
    /// Statistics by conversation id.
    pub conversations: Vec<(u64, ConversationStats)>,
    /// Handovers (with their ids).
    pub handovers: Vec<Handover>,
    /// Audit entries by id.
    pub audit: Vec<(u64, AuditEntry)>,
    /// Undelivered replies by id.
    pub outbox: Vec<(u64, OutboxEntry)>,
    /// Messages not yet processed, by id.
    pub inbox: Vec<(u64, Inbound)>,
    /// Dialogue records by kind.
    pub records: Vec<(String, DialogueRecord)>,
    /// The office's closures.
    pub closures: Vec<Closure>,
    /// Delivery statuses: (channel, message id, status).
    pub statuses: Vec<(String, String, StatusRecord)>,
    /// Dialogues' own sequences (name → last value handed out).
    pub dialogue_sequences: Vec<(String, u64)>,
    /// Built-in sequences (`conversation`, `request`, …) → a value at least as high as any handed out.
    pub sequences: Vec<(String, u64)>,
    /// The desk's staff accounts (password hashes only). Signed-in desk sessions are not carried over:
    /// staff sign in again on the new store.
    pub accounts: Vec<Account>,
    /// Files residents sent that were not fetched yet (attempts included).
    pub pending_files: Vec<PendingFile>,
    /// Stored files, without their content: a week's papers need not fit in memory, so the loader reads each
    /// one's content from the source store ([`super::Files::content`]) as it writes it, sealed with its own key.
    pub files: Vec<FileMeta>,
}

/// How many records of one kind a load wrote, and how many the target had already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCount {
    /// The kind (`sessions`, `bookings`, …).
    pub kind: &'static str,
    /// Written now.
    pub copied: usize,
    /// Left as they were (copied before).
    pub present: usize,
}
