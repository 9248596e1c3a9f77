//! The retention purge of residents' files: the files of bookings whose day is more than
//! `catalog.berkas.retention_days` days ago are deleted; the check stays, with the number of files deleted,
//! so the report keeps its counts and nothing else.

use anyhow::Context;
use chrono::Days;

use super::actions::{load, save};
use crate::desk::Desk;

/// What the purge of files removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FilesPurged {
    /// Bookings whose files were deleted.
    pub bookings: usize,
    /// Files deleted (stored and still pending).
    pub files: usize,
}

impl Desk {
    /// Deletes the files of every booking whose day is more than the catalog's `berkas.retention_days` ago
    /// (office time). A ticket without a booking (deleted with the resident's data) loses its files too.
    pub fn purge_files(&self) -> anyhow::Result<FilesPurged> {
        let engine = &self.engine;
        let store = engine.store();
        let days = engine.dialogue().catalog().berkas.retention_days;
        let today = engine.dialogue().calendar().local_date(engine.now());
        let Some(cutoff) = today.checked_sub_days(Days::new(u64::from(days))) else {
            return Ok(FilesPurged::default());
        };
        let mut purged = FilesPurged::default();
        for ticket in store.files().subjects().context("cannot read the files")? {
            let booking = store.bookings().get(&ticket).context("cannot read bookings")?;
            if let Some(booking) = &booking {
                if booking.details.date >= cutoff {
                    continue;
                }
                // The count first, in the resident's turn: a crash between the two leaves files to delete
                // next time, never a deletion the report does not know of.
                let stored = store.files().of_subject(&ticket).context("cannot read the files")?.len();
                let now = engine.now();
                engine.change_for(&booking.details.user, |tx| {
                    let mut record = load(tx, &ticket)?;
                    record.files_deleted += stored;
                    save(tx, &record, now)?;
                    Ok(((), None::<cekbae_bot::Reply>))
                })?;
            }
            let deleted = store.files().delete_subject(&ticket).context("cannot delete files")?;
            purged.bookings += 1;
            purged.files += deleted;
            tracing::info!(ticket = %ticket, deleted, "files past their retention deleted");
        }
        if purged.files > 0 {
            store.flush().context("cannot flush storage")?;
        }
        Ok(purged)
    }
}
