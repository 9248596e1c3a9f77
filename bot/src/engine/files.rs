//! A file a resident sent, once the channel delivered it (or could not): the dialogue keeps it or says why
//! not, in the resident's turn, so what is stored and what the resident is told commit together.

use super::{Engine, EngineError, Notice};
use crate::dialogue::{Dialogue, Turn};
use crate::media::{FetchedMedia, MediaError};
use crate::storage::{OutboxEntry, OutboxWrite, PendingFile, TurnCommit};

impl<D: Dialogue> Engine<D> {
    /// Hands the outcome of fetching `pending` to the dialogue ([`Dialogue::file_fetched`]) in the resident's
    /// turn: it stores the file or drops the pending record, and may say something (a file refused, the next
    /// item to send). The replies are rendered in the resident's language and kept in the outbox, claimed
    /// for the caller to deliver right after. A pending file already handled (stored, or deleted with the
    /// resident's data) writes and says nothing.
    pub fn file_fetched(
        &self,
        pending: &PendingFile,
        outcome: Result<FetchedMedia, MediaError>,
    ) -> Result<Notice, EngineError> {
        let user = &pending.user;
        let tx = self.store.begin_turn(user)?;
        let now = self.clock.now();
        let still_pending = tx.files().pending_of_subject(&pending.subject)?.iter().any(|it| it.id == pending.id);
        if !still_pending {
            return Ok(Notice { replies: Vec::new(), outbox_id: None });
        }
        let record = self.load_record(&*tx)?;
        let locale = match &record {
            Some(record) => self.known_locale(&record.meta.locale),
            None => self.locales.default_locale().to_owned(),
        };
        let turn = Turn { user, now, locale: &locale, store: &*tx };
        let replies = self.dialogue.file_fetched(&turn, pending, outcome)?;
        let outgoing = self.render(&locale, &replies);
        let outbox = match outgoing.is_empty() {
            true => OutboxWrite::None,
            false => OutboxWrite::DeliverNow(OutboxEntry {
                user: user.clone(),
                message_id: None,
                replies: outgoing.clone(),
                at: now,
            }),
        };
        let outbox_id = tx.commit(TurnCommit { outbox, ..TurnCommit::nothing(now) })?;
        Ok(Notice { replies: outgoing, outbox_id })
    }
}
