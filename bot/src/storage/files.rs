//! Files residents send (photos and PDFs of their papers): first a pending record written in the turn that
//! received the message (the channel's media id, to fetch off the turn), then the fetched content, sealed at
//! rest like everything that may carry a resident's data, under a subject (a ticket) and a slot (which of its
//! items, as the dialogue numbers them).
//!
//! A backend that keeps no files answers [`ErrorKind::Unsupported`]; the default methods of [`crate::Store`]
//! and [`crate::TurnTx`] do, so a backend written before files existed still builds.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::{ErrorKind, StorageError};
use crate::message::{Attachment, UserKey};

/// A file announced by a channel and not fetched yet. Written in the turn that received it, so a crash
/// between acknowledging the message and finishing the download leaves it here to resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingFile {
    /// Its id (a store sequence); the stored file keeps it.
    pub id: u64,
    /// The resident who sent it.
    pub user: UserKey,
    /// What it belongs to (a ticket).
    pub subject: String,
    /// Which item of the subject it was taken for (the dialogue's numbering, from 1).
    pub slot: u32,
    /// What the channel announced.
    pub media: Attachment,
    /// When the message arrived.
    pub received_at: DateTime<Utc>,
    /// Fetches tried and failed for now.
    pub attempts: u32,
}

/// A stored file, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// Its id (the pending file's).
    pub id: u64,
    /// The resident who sent it.
    pub user: UserKey,
    /// What it belongs to (a ticket).
    pub subject: String,
    /// Which item of the subject it is filed under (a petugas may move it).
    pub slot: u32,
    /// The content's type, as checked when it was stored (`image/jpeg`, `application/pdf`).
    pub mime_type: String,
    /// The content's size in bytes.
    pub size: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// When the resident sent it.
    pub received_at: DateTime<Utc>,
}

/// The SHA-256 of `content` as lowercase hex, as [`FileMeta::sha256`] holds it (every backend computes it
/// the same way).
pub fn sha256_hex(content: &[u8]) -> String {
    format!("{:x}", Sha256::digest(content))
}

impl PendingFile {
    /// What a backend keeps of this file once its `content`, of `mime_type`, is stored.
    pub fn stored(self, mime_type: &str, content: &[u8]) -> FileMeta {
        FileMeta {
            id: self.id,
            user: self.user,
            subject: self.subject,
            slot: self.slot,
            mime_type: mime_type.to_owned(),
            size: content.len() as u64,
            sha256: sha256_hex(content),
            received_at: self.received_at,
        }
    }
}

/// The resident's files, inside their turn: what is written here commits with the turn or vanishes with it.
pub trait TurnFiles {
    /// Records a file to fetch for the turn's resident under `subject`/`slot`. Returns its id.
    fn expect(&self, subject: &str, slot: u32, media: &Attachment, now: DateTime<Utc>) -> Result<u64, StorageError>;

    /// Stores the fetched `content` of the pending file `pending` (sealed) and removes the pending record.
    /// `None` when the pending record is gone (stored before, or deleted with the resident's data).
    fn store(&self, pending: u64, mime_type: &str, content: &[u8]) -> Result<Option<FileMeta>, StorageError>;

    /// Removes a pending file without storing anything (it could not be fetched). Whether it was there.
    fn drop_pending(&self, pending: u64) -> Result<bool, StorageError>;

    /// The stored files of `subject`, in id order, as this turn sees them.
    fn of_subject(&self, subject: &str) -> Result<Vec<FileMeta>, StorageError>;

    /// The pending files of `subject`, in id order, as this turn sees them.
    fn pending_of_subject(&self, subject: &str) -> Result<Vec<PendingFile>, StorageError>;

    /// Files the resident sent under `subject`, stored and pending (the per-subject limit counts both).
    fn count(&self, subject: &str) -> Result<usize, StorageError> {
        Ok(self.of_subject(subject)?.len() + self.pending_of_subject(subject)?.len())
    }

    /// Files a stored file under another slot of its subject. Whether the file exists.
    fn move_to_slot(&self, file: u64, slot: u32) -> Result<bool, StorageError>;

    /// Deletes every file and pending file of the resident (their request to delete their data). How many.
    fn forget_mine(&self) -> Result<usize, StorageError>;

    /// Makes every file of `previous` the turn's resident's (a changed number keeps its papers). How many.
    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError>;
}

/// Files outside a turn: the fetching loop, the desk, the retention purge.
pub trait Files {
    /// Pending files that no live claim holds, claimed for `lease` by this instance (a claim of an instance
    /// that died expires, so another resumes its downloads). Oldest first, at most `limit`.
    fn claim_pending(
        &self,
        lease: Duration,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<PendingFile>, StorageError>;

    /// Gives a claimed pending file back after a failed attempt, counting it; it may be claimed again once
    /// `retry_after` has passed.
    fn release(&self, pending: u64, retry_after: Duration, now: DateTime<Utc>) -> Result<(), StorageError>;

    /// The stored files of `subject`, in id order.
    fn of_subject(&self, subject: &str) -> Result<Vec<FileMeta>, StorageError>;

    /// The pending files of `subject`, in id order.
    fn pending_of_subject(&self, subject: &str) -> Result<Vec<PendingFile>, StorageError>;

    /// Every subject with a stored or pending file, in order.
    fn subjects(&self) -> Result<Vec<String>, StorageError>;

    /// A stored file with its content, opened. `None` when there is no such file.
    fn content(&self, file: u64) -> Result<Option<(FileMeta, Vec<u8>)>, StorageError>;

    /// Deletes the stored and pending files of `subject` (the retention purge). How many.
    fn delete_subject(&self, subject: &str) -> Result<usize, StorageError>;
}

/// The files of a backend that keeps none: every call fails with [`ErrorKind::Unsupported`].
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

fn unsupported<T>() -> Result<T, StorageError> {
    Err(StorageError::of_kind(ErrorKind::Unsupported))
}

impl TurnFiles for NoFiles {
    fn expect(&self, _: &str, _: u32, _: &Attachment, _: DateTime<Utc>) -> Result<u64, StorageError> {
        unsupported()
    }
    fn store(&self, _: u64, _: &str, _: &[u8]) -> Result<Option<FileMeta>, StorageError> {
        unsupported()
    }
    fn drop_pending(&self, _: u64) -> Result<bool, StorageError> {
        unsupported()
    }
    fn of_subject(&self, _: &str) -> Result<Vec<FileMeta>, StorageError> {
        unsupported()
    }
    fn pending_of_subject(&self, _: &str) -> Result<Vec<PendingFile>, StorageError> {
        unsupported()
    }
    fn move_to_slot(&self, _: u64, _: u32) -> Result<bool, StorageError> {
        unsupported()
    }
    // A store without files holds none of the resident's: nothing to delete or move.
    fn forget_mine(&self) -> Result<usize, StorageError> {
        Ok(0)
    }
    fn take_over(&self, _: &UserKey) -> Result<usize, StorageError> {
        Ok(0)
    }
}

impl Files for NoFiles {
    fn claim_pending(&self, _: Duration, _: usize, _: DateTime<Utc>) -> Result<Vec<PendingFile>, StorageError> {
        Ok(Vec::new())
    }
    fn release(&self, _: u64, _: Duration, _: DateTime<Utc>) -> Result<(), StorageError> {
        unsupported()
    }
    fn of_subject(&self, _: &str) -> Result<Vec<FileMeta>, StorageError> {
        Ok(Vec::new())
    }
    fn pending_of_subject(&self, _: &str) -> Result<Vec<PendingFile>, StorageError> {
        Ok(Vec::new())
    }
    fn subjects(&self) -> Result<Vec<String>, StorageError> {
        Ok(Vec::new())
    }
    fn content(&self, _: u64) -> Result<Option<(FileMeta, Vec<u8>)>, StorageError> {
        Ok(None)
    }
    fn delete_subject(&self, _: &str) -> Result<usize, StorageError> {
        Ok(0)
    }
}
