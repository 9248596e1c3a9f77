//! The petugas's changes to a check, each one write of the resident's turn with its audit entry
//! ([`cekbae_bot::Engine::change_for`]): a verdict on an item, a file moved to another item, and the result
//! sent to the resident (the record that it was sent commits with the outbox entry that carries it).

use anyhow::Context;

use cekbae_bot::storage::{Booking, BookingStatus, StorageError, TurnTx};
use cekbae_dialogues::berkas::{clean_note, items, CheckRecord, ItemVerdict, SentResult, Verdict, BERKAS_CHECK};

use super::BerkasView;
use crate::desk::refusal::Refusal;
use crate::desk::{Desk, Requester};

/// The check of `ticket` as the turn sees it (a new one when there is none).
pub(crate) fn load(tx: &dyn TurnTx, ticket: &str) -> Result<CheckRecord, StorageError> {
    let stored = tx.records().get(BERKAS_CHECK, ticket)?;
    Ok(stored.and_then(|it| CheckRecord::from_value(&it.value)).unwrap_or_else(|| CheckRecord::new(ticket)))
}

/// Stores the check of its ticket in the turn.
pub(crate) fn save(
    tx: &dyn TurnTx,
    record: &CheckRecord,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StorageError> {
    tx.records().put(BERKAS_CHECK, &record.ticket, now, record.to_value())
}

impl Desk {
    /// The booking of `ticket`, which must have an item `item` (from 1) on its requirement list.
    fn booking_with_item(&self, ticket: &str, item: u32) -> anyhow::Result<Booking> {
        let booking = self.booking(ticket)?;
        let count = items(self.engine.dialogue().catalog(), &booking).len();
        if item == 0 || item as usize > count {
            return Err(Refusal::NoItem { ticket: ticket.to_owned(), item, items: count }.into());
        }
        Ok(booking)
    }

    /// Gives item `item` (from 1) of `ticket` the verdict `verdict`, with an optional note for the resident;
    /// audited (`berkas-verdict`). A verdict given again replaces the first.
    pub fn berkas_verdict(
        &self,
        ticket: &str,
        item: u32,
        verdict: Verdict,
        note: Option<&str>,
        who: &Requester,
    ) -> anyhow::Result<BerkasView> {
        let booking = self.booking_with_item(ticket, item)?;
        let now = self.engine.now();
        let entry = self.audit_entry(
            "berkas-verdict",
            vec![ticket.to_owned(), format!("item {item}: {}", verdict.word())],
            who,
        );
        let judged = ItemVerdict { verdict, note: note.and_then(clean_note), by: who.name.clone(), at: now };
        self.engine.change_for(&booking.details.user, |tx| {
            let mut record = load(tx, ticket)?;
            record.verdicts.insert(item, judged);
            save(tx, &record, now)?;
            tx.audit(&entry)?;
            Ok(((), None::<cekbae_bot::Reply>))
        })?;
        self.engine.store().flush().context("cannot flush storage")?;
        tracing::info!(who = %who.name, via = %who.via, ticket, item, verdict = verdict.word(), "berkas verdict given");
        self.berkas_show_unaudited(ticket)
    }

    /// Files the stored file `file` of `ticket` under item `item`; audited (`berkas-move`).
    pub fn berkas_move(&self, ticket: &str, file: u64, item: u32, who: &Requester) -> anyhow::Result<BerkasView> {
        let booking = self.booking_with_item(ticket, item)?;
        let entry =
            self.audit_entry("berkas-move", vec![ticket.to_owned(), format!("file {file} to item {item}")], who);
        let (moved, _) = self.engine.change_for(&booking.details.user, |tx| {
            let mine = tx.files().of_subject(ticket)?.iter().any(|it| it.id == file);
            if !mine || !tx.files().move_to_slot(file, item)? {
                return Ok((false, None::<cekbae_bot::Reply>));
            }
            tx.audit(&entry)?;
            Ok((true, None))
        })?;
        if !moved {
            return Err(Refusal::NoFile(file).into());
        }
        self.engine.store().flush().context("cannot flush storage")?;
        self.berkas_show_unaudited(ticket)
    }

    /// Sends the result of the check of `ticket` to the resident, in their language, on their channel
    /// ("Berkas lengkap, silakan datang pada …" or "Perlu dilengkapi: …"); audited (`berkas-send`). Every item
    /// needs a verdict first. The running server delivers it at once (inside WhatsApp's window as a message,
    /// else as the `berkas` template); see [`super::Delivery`] for where it stands.
    pub fn berkas_send(&self, ticket: &str, who: &Requester) -> anyhow::Result<BerkasView> {
        let booking = self.booking(ticket)?;
        match booking.status {
            BookingStatus::Moved => {
                return Err(Refusal::Moved(booking.moved_to.clone().unwrap_or_default()).into());
            }
            BookingStatus::Cancelled => return Err(Refusal::Cancelled.into()),
            _ => {}
        }
        let count = items(self.engine.dialogue().catalog(), &booking).len();
        let now = self.engine.now();
        let entry = self.audit_entry("berkas-send", vec![ticket.to_owned()], who);
        let dialogue = self.engine.dialogue();
        let (outcome, _) = self.engine.change_for(&booking.details.user, |tx| {
            let mut record = load(tx, ticket)?;
            let missing: Vec<u32> = (1..=count as u32).filter(|it| !record.verdicts.contains_key(it)).collect();
            if !missing.is_empty() {
                return Ok((Err(missing), None));
            }
            let message = dialogue.berkas_result(&booking, &record);
            let complete = record.complete(count);
            record.sent = Some(SentResult { at: now, by: who.name.clone(), complete });
            save(tx, &record, now)?;
            tx.audit(&entry)?;
            Ok((Ok(complete), Some(message)))
        })?;
        let complete = outcome.map_err(|items| Refusal::NotJudged { ticket: ticket.to_owned(), items })?;
        self.engine.store().flush().context("cannot flush storage")?;
        tracing::info!(who = %who.name, via = %who.via, ticket, complete, "berkas result queued for the resident");
        self.queued();
        self.berkas_show_unaudited(ticket)
    }
}
