//! The trees of one data directory. Names and record layouts are those older versions wrote, so an office's
//! existing data directory keeps working (pinned by `tests/upgrade.rs`).

use cekbae_bot::storage::StorageError;

use crate::error::SledResult;

/// A tree a turn may write to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TreeId {
    /// user key → session record (sealed).
    Sessions,
    /// `channel:message id` → when it was processed (big-endian seconds).
    Seen,
    /// outbox id → entry (sealed).
    Outbox,
    /// conversation id → anonymous statistics (JSON).
    Conversations,
    /// handover id → handover (sealed).
    Handovers,
    /// user key → id of the resident's open handover.
    HandoverOpen,
    /// `kind \0 key` → a dialogue's record (sealed).
    Records,
    /// ticket → booking (JSON; the applicant sealed by the dialogue).
    Bookings,
    /// `YYYY-MM-DD` → active bookings of the day.
    BookingDayCounts,
    /// `YYYY-MM-DD` → the day's last ticket number.
    BookingDaySequence,
    /// request id → ticket.
    BookingByRequest,
    /// `channel:user \0 ticket` → nothing.
    BookingByUser,
    /// id → survey response (JSON, anonymous).
    SurveyResponses,
    /// id → audit entry (JSON).
    AuditLog,
    /// file id → a file to fetch (sealed: resident, subject, slot, the channel's media id and file name).
    FilesPending,
    /// file id → a stored file's metadata (sealed: resident, subject, slot, type, size, hash).
    Files,
    /// file id → a stored file's content (sealed bytes, apart so listing never reads them).
    FileContents,
    /// `subject \0 file id` → `p` (pending) or `s` (stored): a subject's files without opening any.
    FilesBySubject,
    /// file id → failed fetches and the earliest next try (written outside turns, removed with the file).
    FileRetries,
}

/// Every tree the store uses.
#[derive(Debug, Clone)]
pub(crate) struct Trees {
    pub(crate) sessions: sled::Tree,
    pub(crate) seen: sled::Tree,
    pub(crate) outbox: sled::Tree,
    /// inbox id → accepted message (sealed); written outside turns.
    pub(crate) inbox: sled::Tree,
    pub(crate) conversations: sled::Tree,
    pub(crate) handovers: sled::Tree,
    pub(crate) handover_open: sled::Tree,
    pub(crate) records: sled::Tree,
    /// name → last value handed out.
    pub(crate) sequences: sled::Tree,
    /// Key material: `nik_key`, `pseudonym_salt`.
    pub(crate) meta: sled::Tree,
    /// id → audit entry.
    pub(crate) audit_log: sled::Tree,
    pub(crate) bookings: sled::Tree,
    pub(crate) booking_day_counts: sled::Tree,
    pub(crate) booking_day_sequence: sled::Tree,
    pub(crate) booking_by_request: sled::Tree,
    pub(crate) booking_by_user: sled::Tree,
    pub(crate) survey_responses: sled::Tree,
    /// `YYYY-MM-DD` → the office's closure of that day.
    pub(crate) closures: sled::Tree,
    /// name → staff account.
    pub(crate) accounts: sled::Tree,
    /// name → times of failed logins since the last success.
    pub(crate) account_failures: sled::Tree,
    /// session key → signed-in desk session.
    pub(crate) web_sessions: sled::Tree,
    pub(crate) files_pending: sled::Tree,
    pub(crate) files: sled::Tree,
    pub(crate) file_contents: sled::Tree,
    pub(crate) files_by_subject: sled::Tree,
    pub(crate) file_retries: sled::Tree,
}

impl Trees {
    pub(crate) fn open(db: &sled::Db) -> Result<Self, StorageError> {
        Ok(Self {
            sessions: db.open_tree("sessions").storage()?,
            seen: db.open_tree("seen_messages").storage()?,
            outbox: db.open_tree("outbox").storage()?,
            inbox: db.open_tree("inbox").storage()?,
            conversations: db.open_tree("conversations").storage()?,
            handovers: db.open_tree("handovers").storage()?,
            handover_open: db.open_tree("handover_open").storage()?,
            records: db.open_tree("records").storage()?,
            sequences: db.open_tree("sequences").storage()?,
            meta: db.open_tree("meta").storage()?,
            audit_log: db.open_tree("audit_log").storage()?,
            bookings: db.open_tree("bookings").storage()?,
            booking_day_counts: db.open_tree("booking_day_counts").storage()?,
            booking_day_sequence: db.open_tree("booking_day_sequence").storage()?,
            booking_by_request: db.open_tree("booking_by_request").storage()?,
            booking_by_user: db.open_tree("booking_by_user").storage()?,
            survey_responses: db.open_tree("survey_responses").storage()?,
            closures: db.open_tree("closures").storage()?,
            accounts: db.open_tree("accounts").storage()?,
            account_failures: db.open_tree("account_failures").storage()?,
            web_sessions: db.open_tree("web_sessions").storage()?,
            files_pending: db.open_tree("files_pending").storage()?,
            files: db.open_tree("files").storage()?,
            file_contents: db.open_tree("file_contents").storage()?,
            files_by_subject: db.open_tree("files_by_subject").storage()?,
            file_retries: db.open_tree("file_retries").storage()?,
        })
    }

    pub(crate) fn get(&self, id: TreeId) -> &sled::Tree {
        match id {
            TreeId::Sessions => &self.sessions,
            TreeId::Seen => &self.seen,
            TreeId::Outbox => &self.outbox,
            TreeId::Conversations => &self.conversations,
            TreeId::Handovers => &self.handovers,
            TreeId::HandoverOpen => &self.handover_open,
            TreeId::Records => &self.records,
            TreeId::Bookings => &self.bookings,
            TreeId::BookingDayCounts => &self.booking_day_counts,
            TreeId::BookingDaySequence => &self.booking_day_sequence,
            TreeId::BookingByRequest => &self.booking_by_request,
            TreeId::BookingByUser => &self.booking_by_user,
            TreeId::SurveyResponses => &self.survey_responses,
            TreeId::AuditLog => &self.audit_log,
            TreeId::FilesPending => &self.files_pending,
            TreeId::Files => &self.files,
            TreeId::FileContents => &self.file_contents,
            TreeId::FilesBySubject => &self.files_by_subject,
            TreeId::FileRetries => &self.file_retries,
        }
    }
}
