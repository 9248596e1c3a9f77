//! Files residents send, in five trees keyed by file id (big-endian, so id order): `files_pending` (a sealed
//! [`PendingFile`]: who, subject, slot, the channel's media id and file name; its `attempts` are not read
//! from it), `files` (a sealed [`FileMeta`]), `file_contents` (the sealed bytes, apart so listing a subject
//! never reads megabytes), `files_by_subject` (`subject \0 id` → `p`/`s`, a subject's files without opening
//! any) and `file_retries` (failed fetches and the earliest next try: written by the fetching loop outside
//! turns, so a turn never overwrites it).
//! Claims on pending files are leases in memory (`leases`): a fresh process holds none, so a download a
//! crash interrupted is claimed again. A turn that changes files written by another resident's turn too
//! (the fetching loop stores in the sender's turn, a changed number takes them over in the new number's)
//! holds the store's booking lock from its read to its end, so neither commits over what the other read.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

use cekbae_bot::storage::{ErrorKind, FileMeta, Files, PendingFile, Sealer, StorageError, TurnFiles};
use cekbae_bot::{Attachment, TurnTx, UserKey};

use crate::codec::{self, id_key, key_id};
use crate::error::{from_transaction, SledResult};
use crate::leases::Queue;
use crate::trees::TreeId;
use crate::turn::SledTurn;
use crate::{sequences, SledStore};

/// The index value of a pending file.
const PENDING: &[u8] = b"p";
/// The index value of a stored file.
const STORED: &[u8] = b"s";

/// The key of a file in the subject index.
fn subject_key(subject: &str, id: u64) -> Vec<u8> {
    let mut key = subject_prefix(subject);
    key.extend(id_key(id));
    key
}

fn subject_prefix(subject: &str) -> Vec<u8> {
    let mut key = subject.as_bytes().to_vec();
    key.push(0);
    key
}

/// (subject, id) of an index key.
fn split_subject_key(key: &[u8]) -> Option<(String, u64)> {
    let at = key.len().checked_sub(9)?;
    if key[at] != 0 {
        return None;
    }
    Some((String::from_utf8_lossy(&key[..at]).into_owned(), key_id(&key[at + 1..])?))
}

/// Content sealed as raw bytes (no JSON around megabytes): `SEALED` ‖ the sealer's output.
fn seal_content(sealer: &dyn Sealer, content: &[u8]) -> Vec<u8> {
    let mut res = codec::SEALED.to_vec();
    res.extend(sealer.seal(content));
    res
}

fn open_content(sealer: &dyn Sealer, bytes: &[u8]) -> Option<Vec<u8>> {
    sealer.open(bytes.strip_prefix(codec::SEALED)?)
}

/// Failed fetches and the earliest next try (milliseconds since the epoch), as `file_retries` holds them.
fn encode_retry(attempts: u32, not_before: DateTime<Utc>) -> Vec<u8> {
    let mut res = attempts.to_be_bytes().to_vec();
    res.extend(not_before.timestamp_millis().to_be_bytes());
    res
}

fn decode_retry(bytes: &[u8]) -> (u32, Option<DateTime<Utc>>) {
    let attempts = bytes.get(..4).and_then(|it| <[u8; 4]>::try_from(it).ok()).map_or(0, u32::from_be_bytes);
    let at = bytes.get(4..12).and_then(|it| <[u8; 8]>::try_from(it).ok()).map(i64::from_be_bytes);
    (attempts, at.and_then(DateTime::from_timestamp_millis))
}

/// Pending files and stored files' metadata.
type Everything = (Vec<PendingFile>, Vec<FileMeta>);

/// A pending file and the earliest time it may be claimed again (after a failed fetch).
type Waiting = (PendingFile, Option<DateTime<Utc>>);

fn corrupt() -> StorageError {
    StorageError::of_kind(ErrorKind::CorruptRecord)
}

impl SledTurn<'_> {
    /// A pending file as this turn sees it, with the attempts the fetching loop counted.
    fn pending_file(&self, id: u64) -> Result<Option<PendingFile>, StorageError> {
        let Some(bytes) = self.read(TreeId::FilesPending, &id_key(id))? else { return Ok(None) };
        let file = codec::open::<PendingFile>(self.store.sealer(), &bytes).ok_or_else(corrupt)?;
        let attempts = self.read(TreeId::FileRetries, &id_key(id))?.map_or(0, |it| decode_retry(&it).0);
        Ok(Some(PendingFile { id, attempts, ..file }))
    }

    fn stored_file(&self, id: u64) -> Result<Option<FileMeta>, StorageError> {
        let Some(bytes) = self.read(TreeId::Files, &id_key(id))? else { return Ok(None) };
        let meta = codec::open::<FileMeta>(self.store.sealer(), &bytes).ok_or_else(corrupt)?;
        Ok(Some(FileMeta { id, ..meta }))
    }

    /// The ids of `subject`'s files of one kind (`PENDING`/`STORED`), as this turn sees them.
    fn subject_ids(&self, subject: &str, kind: &[u8]) -> Result<Vec<u64>, StorageError> {
        let prefix = subject_prefix(subject);
        Ok(self
            .scan(TreeId::FilesBySubject, &prefix)?
            .into_iter()
            .filter(|(_, value)| value == kind)
            .filter_map(|(key, _)| key_id(&key[prefix.len()..]))
            .collect())
    }

    /// Stages the removal of a pending file and everything kept about it.
    fn unstage_pending(&self, id: u64, subject: &str) {
        self.stage(TreeId::FilesPending, id_key(id).to_vec(), None);
        self.stage(TreeId::FileRetries, id_key(id).to_vec(), None);
        self.stage(TreeId::FilesBySubject, subject_key(subject, id), None);
    }

    /// Stages the removal of a stored file, its content and its index entry.
    fn unstage_stored(&self, id: u64, subject: &str) {
        self.stage(TreeId::Files, id_key(id).to_vec(), None);
        self.stage(TreeId::FileContents, id_key(id).to_vec(), None);
        self.stage(TreeId::FilesBySubject, subject_key(subject, id), None);
    }

    /// Stages a pending file (its attempts are `file_retries`'s, whatever it says).
    fn put_pending(&self, pending: &PendingFile) -> Result<(), StorageError> {
        let sealed = codec::seal(self.store.sealer(), pending)?;
        self.stage(TreeId::FilesPending, id_key(pending.id).to_vec(), Some(sealed));
        Ok(())
    }

    fn put_meta(&self, meta: &FileMeta) -> Result<(), StorageError> {
        self.stage(TreeId::Files, id_key(meta.id).to_vec(), Some(codec::seal(self.store.sealer(), meta)?));
        Ok(())
    }

    /// Every pending file and every stored file's metadata, as this turn sees them (for what concerns one
    /// resident: deletion, a changed number). Unreadable ones are skipped.
    fn every_file(&self) -> Result<Everything, StorageError> {
        let sealer = self.store.sealer();
        let pending = self.scan(TreeId::FilesPending, &[])?;
        let stored = self.scan(TreeId::Files, &[])?;
        let pending = pending
            .into_iter()
            .filter_map(|(key, bytes)| Some(PendingFile { id: key_id(&key)?, ..codec::open(sealer, &bytes)? }))
            .collect();
        let stored = stored
            .into_iter()
            .filter_map(|(key, bytes)| Some(FileMeta { id: key_id(&key)?, ..codec::open(sealer, &bytes)? }))
            .collect();
        Ok((pending, stored))
    }
}

impl TurnFiles for SledTurn<'_> {
    fn expect(&self, subject: &str, slot: u32, media: &Attachment, now: DateTime<Utc>) -> Result<u64, StorageError> {
        let id = self.store.next_in(sequences::FILE)?;
        let user = self.user().clone();
        let subject = subject.to_owned();
        let pending = PendingFile { id, user, subject, slot, media: media.clone(), received_at: now, attempts: 0 };
        self.put_pending(&pending)?;
        self.stage(TreeId::FilesBySubject, subject_key(&pending.subject, id), Some(PENDING.to_vec()));
        Ok(id)
    }

    fn store(&self, pending: u64, mime_type: &str, content: &[u8]) -> Result<Option<FileMeta>, StorageError> {
        self.hold_booking_lock();
        let Some(file) = self.pending_file(pending)? else { return Ok(None) };
        let meta = file.stored(mime_type, content);
        self.unstage_pending(pending, &meta.subject);
        self.put_meta(&meta)?;
        let sealed = seal_content(self.store.sealer(), content);
        self.stage(TreeId::FileContents, id_key(pending).to_vec(), Some(sealed));
        self.stage(TreeId::FilesBySubject, subject_key(&meta.subject, pending), Some(STORED.to_vec()));
        Ok(Some(meta))
    }

    fn drop_pending(&self, pending: u64) -> Result<bool, StorageError> {
        self.hold_booking_lock();
        let Some(file) = self.pending_file(pending)? else { return Ok(false) };
        self.unstage_pending(pending, &file.subject);
        Ok(true)
    }

    fn of_subject(&self, subject: &str) -> Result<Vec<FileMeta>, StorageError> {
        let mut res = Vec::new();
        for id in self.subject_ids(subject, STORED)? {
            res.extend(self.stored_file(id)?);
        }
        Ok(res)
    }

    fn pending_of_subject(&self, subject: &str) -> Result<Vec<PendingFile>, StorageError> {
        let mut res = Vec::new();
        for id in self.subject_ids(subject, PENDING)? {
            res.extend(self.pending_file(id)?);
        }
        Ok(res)
    }

    fn count(&self, subject: &str) -> Result<usize, StorageError> {
        Ok(self.scan(TreeId::FilesBySubject, &subject_prefix(subject))?.len())
    }

    fn move_to_slot(&self, file: u64, slot: u32) -> Result<bool, StorageError> {
        self.hold_booking_lock();
        let Some(meta) = self.stored_file(file)? else { return Ok(false) };
        self.put_meta(&FileMeta { slot, ..meta })?;
        Ok(true)
    }

    fn forget_mine(&self) -> Result<usize, StorageError> {
        self.hold_booking_lock();
        let (pending, stored) = self.every_file()?;
        let mut removed = 0;
        for file in pending.into_iter().filter(|it| &it.user == self.user()) {
            self.unstage_pending(file.id, &file.subject);
            removed += 1;
        }
        for meta in stored.into_iter().filter(|it| &it.user == self.user()) {
            self.unstage_stored(meta.id, &meta.subject);
            removed += 1;
        }
        Ok(removed)
    }

    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError> {
        self.hold_booking_lock();
        let (pending, stored) = self.every_file()?;
        let mut moved = 0;
        for file in pending.into_iter().filter(|it| &it.user == previous) {
            self.put_pending(&PendingFile { user: self.user().clone(), ..file })?;
            moved += 1;
        }
        for meta in stored.into_iter().filter(|it| &it.user == previous) {
            self.put_meta(&FileMeta { user: self.user().clone(), ..meta })?;
            moved += 1;
        }
        Ok(moved)
    }
}

impl SledStore {
    /// Every readable pending file with its attempts and earliest next try, in id order.
    fn pending_files(&self) -> Result<Vec<Waiting>, StorageError> {
        let trees = self.trees();
        let mut res = Vec::new();
        for item in trees.files_pending.iter() {
            let (key, bytes) = item.storage()?;
            let Some(id) = key_id(&key) else { continue };
            let Some(file) = codec::open::<PendingFile>(self.sealer(), &bytes) else {
                tracing::warn!(file_id = id, "unreadable pending file skipped");
                continue;
            };
            let (attempts, not_before) =
                trees.file_retries.get(key).storage()?.map_or((0, None), |it| decode_retry(&it));
            res.push((PendingFile { id, attempts, ..file }, not_before));
        }
        Ok(res)
    }

    fn file_meta(&self, id: u64) -> Result<Option<FileMeta>, StorageError> {
        let Some(bytes) = self.trees().files.get(id_key(id)).storage()? else { return Ok(None) };
        let meta = codec::open::<FileMeta>(self.sealer(), &bytes).ok_or_else(corrupt)?;
        Ok(Some(FileMeta { id, ..meta }))
    }

    /// The ids of `subject`'s files of one kind.
    fn subject_ids(&self, subject: &str, kind: &[u8]) -> Result<Vec<u64>, StorageError> {
        let prefix = subject_prefix(subject);
        let mut res = Vec::new();
        for item in self.trees().files_by_subject.scan_prefix(&prefix) {
            let (key, value) = item.storage()?;
            if &*value == kind {
                res.extend(key_id(&key[prefix.len()..]));
            }
        }
        Ok(res)
    }

    /// Every stored file's metadata, opened (for `cekbae store copy`, which reads each content in turn).
    pub(crate) fn stored_files(&self) -> Result<Vec<FileMeta>, StorageError> {
        let mut res = Vec::new();
        for item in self.trees().files.iter() {
            let (key, _) = item.storage()?;
            let Some(id) = key_id(&key) else { continue };
            res.extend(self.file_meta(id)?);
        }
        Ok(res)
    }

    /// Every pending file (for `cekbae store copy`).
    pub(crate) fn all_pending_files(&self) -> Result<Vec<PendingFile>, StorageError> {
        Ok(self.pending_files()?.into_iter().map(|(file, _)| file).collect())
    }
}

impl Files for SledStore {
    fn claim_pending(
        &self,
        lease: Duration,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<PendingFile>, StorageError> {
        let pending = self.pending_files()?;
        let leases = &self.inner.leases;
        leases.prune(Queue::Files, &|id| pending.iter().any(|(file, _)| file.id == id));
        Ok(pending
            .into_iter()
            .filter(|(_, not_before)| not_before.is_none_or(|at| at <= now))
            .filter(|(file, _)| leases.try_claim(Queue::Files, file.id, lease))
            .map(|(file, _)| file)
            .take(limit)
            .collect())
    }

    fn release(&self, pending: u64, retry_after: Duration, now: DateTime<Utc>) -> Result<(), StorageError> {
        let trees = self.trees();
        let not_before = now + chrono::Duration::from_std(retry_after).unwrap_or(chrono::Duration::MAX);
        let key = id_key(pending);
        // One transaction with the pending tree: a file a turn stored or dropped meanwhile gets no retry entry.
        [&trees.files_pending, &trees.file_retries]
            .as_slice()
            .transaction(|views: &Vec<TransactionalTree>| {
                if views[0].get(key)?.is_none() {
                    return Ok(());
                }
                let attempts = views[1].get(key)?.map_or(0, |it| decode_retry(&it).0);
                views[1].insert(&key, encode_retry(attempts.saturating_add(1), not_before))?;
                Ok::<(), ConflictableTransactionError<()>>(())
            })
            .map_err(from_transaction)?;
        self.inner.leases.release(Queue::Files, pending);
        Ok(())
    }

    fn of_subject(&self, subject: &str) -> Result<Vec<FileMeta>, StorageError> {
        let mut res = Vec::new();
        for id in self.subject_ids(subject, STORED)? {
            res.extend(self.file_meta(id)?);
        }
        Ok(res)
    }

    fn pending_of_subject(&self, subject: &str) -> Result<Vec<PendingFile>, StorageError> {
        let trees = self.trees();
        let mut res = Vec::new();
        for id in self.subject_ids(subject, PENDING)? {
            let Some(bytes) = trees.files_pending.get(id_key(id)).storage()? else { continue };
            let file = codec::open::<PendingFile>(self.sealer(), &bytes).ok_or_else(corrupt)?;
            let attempts = trees.file_retries.get(id_key(id)).storage()?.map_or(0, |it| decode_retry(&it).0);
            res.push(PendingFile { id, attempts, ..file });
        }
        Ok(res)
    }

    fn subjects(&self) -> Result<Vec<String>, StorageError> {
        let mut res: Vec<String> = Vec::new();
        for key in self.trees().files_by_subject.iter().keys() {
            let Some((subject, _)) = split_subject_key(&key.storage()?) else { continue };
            if res.last() != Some(&subject) {
                res.push(subject);
            }
        }
        Ok(res)
    }

    fn content(&self, file: u64) -> Result<Option<(FileMeta, Vec<u8>)>, StorageError> {
        let Some(meta) = self.file_meta(file)? else { return Ok(None) };
        let Some(bytes) = self.trees().file_contents.get(id_key(file)).storage()? else { return Ok(None) };
        let content = open_content(self.sealer(), &bytes).ok_or_else(corrupt)?;
        Ok(Some((meta, content)))
    }

    fn delete_subject(&self, subject: &str) -> Result<usize, StorageError> {
        // A turn storing a downloaded file holds the booking lock from reading the pending file to its commit:
        // waiting for it here means the subject's files are read after that commit (and deleted with the
        // rest), or the turn finds its pending file gone and stores nothing.
        let _booking = self.inner.booking_lock.lock().unwrap_or_else(|it| it.into_inner());
        let trees = self.trees();
        let prefix = subject_prefix(subject);
        let mut index = Vec::new();
        for item in trees.files_by_subject.scan_prefix(&prefix) {
            let (key, _) = item.storage()?;
            index.extend(key_id(&key[prefix.len()..]).map(|id| (key.to_vec(), id)));
        }
        if index.is_empty() {
            return Ok(0);
        }
        let touched =
            [&trees.files_by_subject, &trees.files_pending, &trees.file_retries, &trees.files, &trees.file_contents];
        // All of the subject's records in one transaction, the way a turn writes them.
        let _commit = self.inner.commits.read().unwrap_or_else(|it| it.into_inner());
        touched
            .as_slice()
            .transaction(|views: &Vec<TransactionalTree>| {
                for (key, id) in &index {
                    views[0].remove(key.as_slice())?;
                    for view in &views[1..] {
                        view.remove(&id_key(*id))?;
                    }
                }
                Ok::<(), ConflictableTransactionError<()>>(())
            })
            .map_err(from_transaction)?;
        for (_, id) in &index {
            self.inner.leases.release(Queue::Files, *id);
        }
        Ok(index.len())
    }
}
