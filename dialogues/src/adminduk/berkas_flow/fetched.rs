//! A file's content once the channel delivered it (or could not): kept only when its first bytes show an
//! accepted type, it is within the size limit and its booking has room; otherwise the pending record is
//! dropped and the resident told why, in their language. Nothing of a refused file is stored.

use cekbae_bot::media::{FetchedMedia, MediaError};
use cekbae_bot::storage::{PendingFile, StorageError};
use cekbae_bot::{Reply, Say, Turn};

use super::super::Adminduk;
use crate::catalog::KNOWN_TYPES;
use crate::messages as msg;

impl Adminduk {
    /// [`cekbae_bot::Dialogue::file_fetched`] for the adminduk dialogue: stores the file (and says nothing:
    /// the turn that received it already answered), or drops it with a polite refusal naming the cause.
    pub(in crate::adminduk) fn berkas_fetched(
        &self,
        turn: &Turn<'_>,
        pending: &PendingFile,
        outcome: Result<FetchedMedia, MediaError>,
    ) -> Result<Vec<Reply>, StorageError> {
        let media = match outcome {
            Ok(media) => media,
            Err(err) => {
                tracing::info!(user = %turn.user, pending = pending.id, error = %err, "a file could not be fetched");
                let refusal = match err {
                    MediaError::TooLarge { .. } => self.too_large(),
                    _ => Say::new(msg::BERKAS_FETCH_FAILED),
                };
                return self.refuse_fetched(turn, pending, refusal);
            }
        };
        let mime_type = match self.check_content(turn, pending, &media)? {
            Ok(mime_type) => mime_type,
            Err(refusal) => return self.refuse_fetched(turn, pending, refusal),
        };
        if let Some(meta) = turn.store.files().store(pending.id, mime_type, &media.bytes)? {
            tracing::info!(
                user = %turn.user, ticket = %meta.subject, slot = meta.slot, file = meta.id, size = meta.size,
                mime_type, "a file stored"
            );
        }
        Ok(Vec::new())
    }

    /// The type the content really is (by its first bytes, whatever the channel declared), or why it cannot
    /// be kept: too large, not an accepted photo or PDF, or its booking already has its files.
    fn check_content(
        &self,
        turn: &Turn<'_>,
        pending: &PendingFile,
        media: &FetchedMedia,
    ) -> Result<Result<&'static str, Say>, StorageError> {
        let limits = &self.catalog.berkas;
        if media.bytes.len() as u64 > limits.max_file_bytes {
            tracing::info!(user = %turn.user, pending = pending.id, size = media.bytes.len(), "a fetched file too large");
            return Ok(Err(self.too_large()));
        }
        let sniffed = infer::get(&media.bytes).map(|kind| kind.mime_type());
        let known = sniffed.and_then(|it| KNOWN_TYPES.iter().copied().find(|known| *known == it));
        let Some(mime_type) = known.filter(|it| limits.accepts(it)) else {
            tracing::info!(
                user = %turn.user, pending = pending.id, declared = %media.mime_type, found = ?sniffed,
                "a fetched file is no accepted photo or PDF"
            );
            return Ok(Err(Say::new(msg::BERKAS_REFUSED_TYPE)));
        };
        // This file is still pending: the stored ones alone must leave room for it.
        let stored = turn.store.files().of_subject(&pending.subject)?.len();
        if stored >= limits.max_files_per_booking as usize {
            return Ok(Err(self.files_full(pending.subject.clone())));
        }
        Ok(Ok(mime_type))
    }

    /// Drops `pending` and says why, naming the item it was sent for (it comes after other messages).
    fn refuse_fetched(&self, turn: &Turn<'_>, pending: &PendingFile, refusal: Say) -> Result<Vec<Reply>, StorageError> {
        turn.store.files().drop_pending(pending.id)?;
        let item = match turn.store.bookings().get(&pending.subject)? {
            Some(booking) => self.item_say(&booking, pending.slot),
            None => Say::new(msg::BERKAS_ITEM_OTHER),
        };
        let about = Say::new(msg::BERKAS_FILE_OF).msg("item", item).arg("ticket", pending.subject.clone());
        Ok(vec![Reply::say(about).and(refusal)])
    }
}
