//! Files residents send, in five trees keyed by file id (big-endian, so id order): `files_pending` (sealed:
//! who, subject, slot, the channel's media id and file name), `files` (sealed metadata of stored files),
//! `file_contents` (the sealed bytes, apart so listing a subject never reads megabytes), `files_by_subject`
//! (`subject \0 id` → `p`/`s`, a subject's files without opening any) and `file_retries` (failed fetches and
//! the earliest next try: written by the fetching loop outside turns, so a turn never overwrites it).
//! Claims on pending files are leases in memory (`leases`): a fresh process holds none, so a download a
//! crash interrupted is claimed again.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

use cekbae_bot::storage::{sha256_hex, ErrorKind, FileMeta, Files, PendingFile, Sealer, StorageError, TurnFiles};
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

/// A pending file as stored (its id is the key; attempts live in `file_retries`).
#[derive(Serialize, Deserialize)]
struct StoredPending {
    user: UserKey,
    subject: String,
    slot: u32,
    media: Attachment,
    received_at: DateTime<Utc>,
}

/// A stored file's metadata as stored (its id is the key).
#[derive(Serialize, Deserialize)]
struct StoredMeta {
    user: UserKey,
    subject: String,
    slot: u32,
    mime_type: String,
    size: u64,
    sha256: String,
    received_at: DateTime<Utc>,
}

impl StoredPending {
    fn into_pending(self, id: u64, attempts: u32) -> PendingFile {
        let Self { user, subject, slot, media, received_at } = self;
        PendingFile { id, user, subject, slot, media, received_at, attempts }
    }
}

impl StoredMeta {
    fn into_meta(self, id: u64) -> FileMeta {
        let Self { user, subject, slot, mime_type, size, sha256, received_at } = self;
        FileMeta { id, user, subject, slot, mime_type, size, sha256, received_at }
    }

    fn of(meta: &FileMeta) -> Self {
        Self {
            user: meta.user.clone(),
            subject: meta.subject.clone(),
            slot: meta.slot,
            mime_type: meta.mime_type.clone(),
            size: meta.size,
            sha256: meta.sha256.clone(),
            received_at: meta.received_at,
        }
    }
}

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

/// Pending files and stored files' metadata, by id.
type Everything = (Vec<(u64, StoredPending)>, Vec<(u64, StoredMeta)>);

/// A pending file and the earliest time it may be claimed again (after a failed fetch).
type Waiting = (PendingFile, Option<DateTime<Utc>>);

fn corrupt() -> StorageError {
    StorageError::of_kind(ErrorKind::CorruptRecord)
}

impl SledTurn<'_> {
    fn pending_file(&self, id: u64) -> Result<Option<StoredPending>, StorageError> {
        let Some(bytes) = self.read(TreeId::FilesPending, &id_key(id))? else { return Ok(None) };
        codec::open(self.store.sealer(), &bytes).map(Some).ok_or_else(corrupt)
    }

    fn stored_file(&self, id: u64) -> Result<Option<StoredMeta>, StorageError> {
        let Some(bytes) = self.read(TreeId::Files, &id_key(id))? else { return Ok(None) };
        codec::open(self.store.sealer(), &bytes).map(Some).ok_or_else(corrupt)
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

    fn put_pending(&self, id: u64, pending: &StoredPending) -> Result<(), StorageError> {
        self.stage(TreeId::FilesPending, id_key(id).to_vec(), Some(codec::seal(self.store.sealer(), pending)?));
        Ok(())
    }

    fn put_meta(&self, id: u64, meta: &StoredMeta) -> Result<(), StorageError> {
        self.stage(TreeId::Files, id_key(id).to_vec(), Some(codec::seal(self.store.sealer(), meta)?));
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
            .filter_map(|(key, bytes)| Some((key_id(&key)?, codec::open::<StoredPending>(sealer, &bytes)?)))
            .collect();
        let stored = stored
            .into_iter()
            .filter_map(|(key, bytes)| Some((key_id(&key)?, codec::open::<StoredMeta>(sealer, &bytes)?)))
            .collect();
        Ok((pending, stored))
    }
}

impl TurnFiles for SledTurn<'_> {
    fn expect(&self, subject: &str, slot: u32, media: &Attachment, now: DateTime<Utc>) -> Result<u64, StorageError> {
        let id = self.store.next_in(sequences::FILE)?;
        let pending = StoredPending {
            user: self.user().clone(),
            subject: subject.to_owned(),
            slot,
            media: media.clone(),
            received_at: now,
        };
        self.put_pending(id, &pending)?;
        self.stage(TreeId::FilesBySubject, subject_key(subject, id), Some(PENDING.to_vec()));
        Ok(id)
    }

    fn store(&self, pending: u64, mime_type: &str, content: &[u8]) -> Result<Option<FileMeta>, StorageError> {
        let Some(file) = self.pending_file(pending)? else { return Ok(None) };
        let meta = FileMeta {
            id: pending,
            user: file.user,
            subject: file.subject,
            slot: file.slot,
            mime_type: mime_type.to_owned(),
            size: content.len() as u64,
            sha256: sha256_hex(content),
            received_at: file.received_at,
        };
        self.unstage_pending(pending, &meta.subject);
        self.put_meta(pending, &StoredMeta::of(&meta))?;
        let sealed = seal_content(self.store.sealer(), content);
        self.stage(TreeId::FileContents, id_key(pending).to_vec(), Some(sealed));
        self.stage(TreeId::FilesBySubject, subject_key(&meta.subject, pending), Some(STORED.to_vec()));
        Ok(Some(meta))
    }

    fn drop_pending(&self, pending: u64) -> Result<bool, StorageError> {
        let Some(file) = self.pending_file(pending)? else { return Ok(false) };
        self.unstage_pending(pending, &file.subject);
        Ok(true)
    }

    fn of_subject(&self, subject: &str) -> Result<Vec<FileMeta>, StorageError> {
        let mut res = Vec::new();
        for id in self.subject_ids(subject, STORED)? {
            if let Some(meta) = self.stored_file(id)? {
                res.push(meta.into_meta(id));
            }
        }
        Ok(res)
    }

    fn pending_of_subject(&self, subject: &str) -> Result<Vec<PendingFile>, StorageError> {
        let mut res = Vec::new();
        for id in self.subject_ids(subject, PENDING)? {
            if let Some(file) = self.pending_file(id)? {
                let attempts = self.read(TreeId::FileRetries, &id_key(id))?.map_or(0, |it| decode_retry(&it).0);
                res.push(file.into_pending(id, attempts));
            }
        }
        Ok(res)
    }

    fn count(&self, subject: &str) -> Result<usize, StorageError> {
        Ok(self.scan(TreeId::FilesBySubject, &subject_prefix(subject))?.len())
    }

    fn move_to_slot(&self, file: u64, slot: u32) -> Result<bool, StorageError> {
        let Some(mut meta) = self.stored_file(file)? else { return Ok(false) };
        meta.slot = slot;
        self.put_meta(file, &meta)?;
        Ok(true)
    }

    fn forget_mine(&self) -> Result<usize, StorageError> {
        let (pending, stored) = self.every_file()?;
        let mut removed = 0;
        for (id, file) in pending.into_iter().filter(|(_, it)| &it.user == self.user()) {
            self.unstage_pending(id, &file.subject);
            removed += 1;
        }
        for (id, meta) in stored.into_iter().filter(|(_, it)| &it.user == self.user()) {
            self.unstage_stored(id, &meta.subject);
            removed += 1;
        }
        Ok(removed)
    }

    fn take_over(&self, previous: &UserKey) -> Result<usize, StorageError> {
        let (pending, stored) = self.every_file()?;
        let mut moved = 0;
        for (id, mut file) in pending.into_iter().filter(|(_, it)| &it.user == previous) {
            file.user = self.user().clone();
            self.put_pending(id, &file)?;
            moved += 1;
        }
        for (id, mut meta) in stored.into_iter().filter(|(_, it)| &it.user == previous) {
            meta.user = self.user().clone();
            self.put_meta(id, &meta)?;
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
            let Some(file) = codec::open::<StoredPending>(self.sealer(), &bytes) else {
                tracing::warn!(file_id = id, "unreadable pending file skipped");
                continue;
            };
            let (attempts, not_before) =
                trees.file_retries.get(key).storage()?.map_or((0, None), |it| decode_retry(&it));
            res.push((file.into_pending(id, attempts), not_before));
        }
        Ok(res)
    }

    fn file_meta(&self, id: u64) -> Result<Option<FileMeta>, StorageError> {
        let Some(bytes) = self.trees().files.get(id_key(id)).storage()? else { return Ok(None) };
        let meta = codec::open::<StoredMeta>(self.sealer(), &bytes).ok_or_else(corrupt)?;
        Ok(Some(meta.into_meta(id)))
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

    /// Every stored file with its content, opened (for `cekbae store copy`).
    pub(crate) fn stored_files(&self) -> Result<Vec<(FileMeta, Vec<u8>)>, StorageError> {
        let mut res = Vec::new();
        for item in self.trees().files.iter() {
            let (key, _) = item.storage()?;
            let Some(id) = key_id(&key) else { continue };
            if let Some(file) = Files::content(self, id)? {
                res.push(file);
            }
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
            let file = codec::open::<StoredPending>(self.sealer(), &bytes).ok_or_else(corrupt)?;
            let attempts = trees.file_retries.get(id_key(id)).storage()?.map_or(0, |it| decode_retry(&it).0);
            res.push(file.into_pending(id, attempts));
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
