//! The trees of one data directory. Names and record layouts are those older versions wrote, so an office's
//! existing data directory keeps working (pinned by `tests/upgrade.rs`), with one change: processed message
//! ids, pending replies and conversation statistics, which older versions kept in trees of their own
//! (`seen_messages`, `outbox`, `conversations`), now live in the `sessions` tree under prefixes no resident's
//! key has, so that a turn writes one tree (`commit`); opening moves older records there. A resident's value
//! there is their record (`envelope`).

use cekbae_bot::storage::StorageError;

use sled::transaction::ConflictableTransactionError;
use sled::Transactional;

use crate::error::{from_transaction, SledResult};
use crate::section::Section;

/// Where the parts of the turn tree that are not sessions begin: a byte no UTF-8 key (`channel:id`) has.
pub(crate) const PARTS: &[u8] = b"\xFF";
/// Processed message ids in the turn tree.
const SEEN: &[u8] = b"\xFFm";
/// Pending replies in the turn tree.
const OUTBOX: &[u8] = b"\xFFo";
/// Conversation statistics in the turn tree.
const CONVERSATIONS: &[u8] = b"\xFFc";
/// The trees older versions kept the parts in, and the part each moved to.
const MOVED: [(&str, &[u8]); 3] = [("seen_messages", SEEN), ("outbox", OUTBOX), ("conversations", CONVERSATIONS)];

/// A tree a turn may write to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TreeId {
    /// user key → session record (sealed). In the turn tree.
    Sessions,
    /// `channel:message id` → when it was processed (big-endian seconds). In the turn tree.
    Seen,
    /// outbox id → entry (sealed). In the turn tree.
    Outbox,
    /// conversation id → anonymous statistics (JSON). In the turn tree.
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

impl TreeId {
    /// Whether it is a part of the turn tree (`sessions`).
    pub(crate) fn in_turn_tree(self) -> bool {
        matches!(self, Self::Sessions | Self::Seen | Self::Outbox | Self::Conversations)
    }
}

/// Every tree the store uses.
#[derive(Debug, Clone)]
pub(crate) struct Trees {
    /// The turn tree (named `sessions`): sessions, and under [`PARTS`] processed message ids, pending replies
    /// and conversation statistics.
    pub(crate) turns: sled::Tree,
    /// inbox id → accepted message (sealed); written outside turns.
    pub(crate) inbox: sled::Tree,
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
        let trees = Self {
            turns: db.open_tree("sessions").storage()?,
            inbox: db.open_tree("inbox").storage()?,
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
        };
        trees.move_older_parts(db)?;
        Ok(trees)
    }

    /// Moves records of the trees older versions kept apart into the turn tree, then drops those trees. Each
    /// record moves in one transaction (written here and removed there together), so an interrupted move is
    /// finished by the next open and nothing is ever in both places (a restored backup of an older version is
    /// moved the same way).
    pub(crate) fn move_older_parts(&self, db: &sled::Db) -> Result<(), StorageError> {
        let names = db.tree_names();
        for (name, prefix) in MOVED {
            if !names.iter().any(|it| it.as_ref() == name.as_bytes()) {
                continue;
            }
            let older = db.open_tree(name).storage()?;
            let part = Section::under(&self.turns, prefix);
            let mut moved = 0usize;
            for item in older.iter() {
                let (key, value) = item.storage()?;
                let full = part.full_key(&key).into_owned();
                (&self.turns, &older)
                    .transaction(|(turns, older)| {
                        turns.insert(full.as_slice(), value.clone())?;
                        older.remove(&key)?;
                        Ok::<(), ConflictableTransactionError<()>>(())
                    })
                    .map_err(from_transaction)?;
                moved += 1;
            }
            db.flush().storage()?;
            db.drop_tree(name).storage()?;
            if moved > 0 {
                tracing::info!(tree = name, records = moved, "older records moved into the turn tree");
            }
        }
        Ok(())
    }

    /// Residents' sessions: user key → session record (sealed).
    pub(crate) fn sessions(&self) -> Section<'_> {
        Section::before(&self.turns, PARTS)
    }

    /// Processed message ids: `channel:message id` → when (big-endian seconds).
    pub(crate) fn seen(&self) -> Section<'_> {
        Section::under(&self.turns, SEEN)
    }

    /// Pending replies: outbox id → entry (sealed).
    pub(crate) fn outbox(&self) -> Section<'_> {
        Section::under(&self.turns, OUTBOX)
    }

    /// Conversation statistics: conversation id → JSON (anonymous).
    pub(crate) fn conversations(&self) -> Section<'_> {
        Section::under(&self.turns, CONVERSATIONS)
    }

    /// Where a turn's writes to `id` go.
    pub(crate) fn get(&self, id: TreeId) -> Section<'_> {
        let whole = match id {
            TreeId::Sessions => return self.sessions(),
            TreeId::Seen => return self.seen(),
            TreeId::Outbox => return self.outbox(),
            TreeId::Conversations => return self.conversations(),
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
        };
        Section::whole(whole)
    }
}
