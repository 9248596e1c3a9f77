//! The resident's side of *cek berkas*: photos and PDFs of a booking's papers, for a petugas to check before
//! the trip. `cek berkas` (or the button under the ticket) asks for each requirement in turn, `lanjut` /
//! `lewati` go to the next, `selesai` ends with what was sent; a file sent unasked is filed under the nearest
//! open booking. The turn that receives a file only records it as pending (the channel's id, fetched off the
//! turn); its content is checked before anything is stored ([`fetched`]).

mod fetched;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{Booking, BookingStatus, ErrorKind, StorageError};
use cekbae_bot::{Attachment, Input, Reply, Say, Transition, Turn};

use super::{date_say, Adminduk, State, Step};
use crate::catalog::{document_label, BerkasWord};
use crate::messages as msg;

const START: &str = "berkas:start";
const NEXT: &str = "berkas:next";
const SKIP: &str = "berkas:skip";
const DONE: &str = "berkas:done";
/// Requirement lists also carry notes (`note-…`: "a second copy can be asked for"): no paper to send.
const NOTE_PREFIX: &str = "note-";

/// Where a conversation is with sending papers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "phase")]
pub enum BerkasPhase {
    /// Not asking for papers (the usual case; not stored).
    #[default]
    Idle,
    /// Asking for the papers of booking `ticket`, now for its item `item` (the 1-based index in the booking's
    /// requirement list, the files' slot); `resume` is the step to return to when done.
    Asking {
        /// The booking's ticket (the files' subject).
        ticket: String,
        /// The item asked for.
        item: u32,
        /// The step the conversation was in before.
        resume: Step,
    },
}

impl BerkasPhase {
    /// Whether no papers are being asked for.
    pub fn is_idle(&self) -> bool {
        *self == BerkasPhase::Idle
    }
}

/// The offer under the ticket: a petugas can check the papers before the trip.
pub(super) fn offer() -> Say {
    Say::new(msg::BERKAS_OFFER)
}

/// The option that starts sending papers (on the ticket's bubble).
pub(super) fn offer_option(reply: Reply) -> Reply {
    reply.option(START, Say::new(msg::BERKAS_OPTION_START))
}

impl Adminduk {
    /// The papers' part of a turn, before anything else reads the message: a file (in any step), `cek berkas`
    /// (in any step), and the answers while papers are asked for. `None` lets the message be read as usual;
    /// a message that is no answer while asking (a new request) leaves the asking first, in `state`.
    pub(super) fn berkas_hook(&self, turn: &Turn<'_>, state: &mut State, input: &Input) -> Option<Transition<State>> {
        if let Some(attachment) = &input.attachment {
            return Some(self.receive_file(turn, state.clone(), attachment));
        }
        let word = self.berkas_word(input);
        if word == Some(BerkasWord::Start) {
            return Some(self.start_berkas(turn, state.clone()));
        }
        if state.step != Step::Berkas {
            return None;
        }
        if let Some(word) = word {
            return Some(self.berkas_answer(turn, state.clone(), word));
        }
        if let Some(transition) = self.answer_only_question(turn, state, input) {
            return Some(transition);
        }
        let parsed = self.read(input);
        if parsed.document.is_some() || parsed.nik.is_some() {
            // A new request: the papers can wait, the request is read as usual.
            self.leave_berkas(state);
            return None;
        }
        let mut replies = vec![Reply::say(Say::new(msg::BERKAS_NOT_UNDERSTOOD))];
        replies.extend(self.berkas_prompt(turn, state));
        Some(Transition::to(state.clone(), replies))
    }

    /// The first message of a conversation, when it is a file or `cek berkas` (the greeting goes before).
    pub(super) fn berkas_welcome(&self, turn: &Turn<'_>, input: &Input) -> Option<Transition<State>> {
        if input.attachment.is_none() && self.berkas_word(input) != Some(BerkasWord::Start) {
            return None;
        }
        self.berkas_hook(turn, &mut self.fresh(), input)
    }

    /// A word of the papers' conversation: a pressed option (or its id typed back, as Telegram sends an old
    /// button's data), or a whole message the catalog lists.
    fn berkas_word(&self, input: &Input) -> Option<BerkasWord> {
        let pressed = input.choice.as_deref().unwrap_or(input.text.trim());
        match pressed {
            START => Some(BerkasWord::Start),
            NEXT => Some(BerkasWord::Next),
            SKIP => Some(BerkasWord::Skip),
            DONE => Some(BerkasWord::Done),
            _ if input.choice.is_some() => None,
            _ => self.catalog.berkas.words.read(&input.tokens),
        }
    }

    /// The resident's open bookings (booked, the day not past), nearest first.
    fn open_bookings(&self, turn: &Turn<'_>) -> Result<Vec<Booking>, StorageError> {
        turn.store.bookings().upcoming(self.calendar.local_date(turn.now))
    }

    /// The papers to ask for: (slot, Fluent id of the requirement), the slot being the item's 1-based index
    /// in the booking's requirement list (as the desk numbers them).
    fn berkas_items(&self, booking: &Booking) -> Vec<(u32, String)> {
        let Some(doc) = self.catalog.document(&booking.details.service) else { return Vec::new() };
        let list = doc.requirements.get(&booking.details.reason).into_iter().flatten();
        (1..).zip(list).filter(|(_, id)| !id.starts_with(NOTE_PREFIX)).map(|(slot, id)| (slot, id.clone())).collect()
    }

    /// How to name item `slot` of `booking`.
    fn item_say(&self, booking: &Booking, slot: u32) -> Say {
        let doc = self.catalog.document(&booking.details.service);
        let list = doc.and_then(|doc| doc.requirements.get(&booking.details.reason));
        match list.and_then(|list| list.get(slot.checked_sub(1)? as usize)) {
            Some(id) => Say::new(id.clone()),
            None => Say::new(msg::BERKAS_ITEM_OTHER),
        }
    }

    /// How many files (stored and pending) each slot of `ticket` has.
    fn files_by_slot(&self, turn: &Turn<'_>, ticket: &str) -> Result<BTreeMap<u32, usize>, StorageError> {
        let files = turn.store.files();
        let stored = files.of_subject(ticket)?.into_iter().map(|it| it.slot);
        let pending = files.pending_of_subject(ticket)?.into_iter().map(|it| it.slot);
        let mut res = BTreeMap::new();
        for slot in stored.chain(pending) {
            *res.entry(slot).or_insert(0) += 1;
        }
        Ok(res)
    }

    /// `cek berkas`: asks for the first item of the nearest open booking that has no file yet.
    fn start_berkas(&self, turn: &Turn<'_>, state: State) -> Transition<State> {
        self.or_apology(turn, state.clone(), |state| self.try_start_berkas(turn, state))
    }

    fn try_start_berkas(&self, turn: &Turn<'_>, mut state: State) -> Result<Transition<State>, StorageError> {
        let open = self.open_bookings(turn)?;
        let Some(booking) = open.first() else {
            return Ok(Transition::to(state, vec![Reply::say(Say::new(msg::BERKAS_NO_BOOKING))]));
        };
        let items = self.berkas_items(booking);
        let by_slot = self.files_by_slot(turn, &booking.ticket)?;
        let first = items.iter().find(|(slot, _)| !by_slot.contains_key(slot)).or(items.first());
        let Some((item, _)) = first else {
            return Ok(Transition::to(state, vec![self.summary(turn, booking)?]));
        };
        self.drop_reminder(&mut state);
        let resume = match (&state.step, &state.berkas) {
            (Step::Berkas, BerkasPhase::Asking { resume, .. }) => *resume,
            (step, _) => *step,
        };
        state.berkas = BerkasPhase::Asking { ticket: booking.ticket.clone(), item: *item, resume };
        state.step = Step::Berkas;
        state.confirm = None;
        state.failures = 0;
        tracing::info!(user = %turn.user, ticket = %booking.ticket, "asking for papers");
        let mb = self.catalog.berkas.max_file_bytes / (1024 * 1024);
        let mut intro = Reply::say(
            Say::new(msg::BERKAS_INTRO)
                .arg("ticket", booking.ticket.clone())
                .msg("document", Say::new(document_label(&booking.details.service)))
                .msg("date", date_say(booking.details.date))
                .num("mb", mb as i64),
        );
        if open.len() > 1 {
            intro = intro.and(Say::new(msg::BERKAS_NEAREST).num("count", open.len() as i64));
        }
        Ok(Transition::to(state, vec![intro, self.ask_reply(booking, *item)]))
    }

    /// "Kirim foto: <item>", with Lewati and Selesai.
    fn ask_reply(&self, booking: &Booking, item: u32) -> Reply {
        let items = self.berkas_items(booking);
        let position = items.iter().position(|(slot, _)| *slot == item).map_or(1, |it| it + 1);
        Reply::say(
            Say::new(msg::BERKAS_ASK)
                .msg("item", self.item_say(booking, item))
                .num("number", position as i64)
                .num("total", items.len() as i64)
                .arg("ticket", booking.ticket.clone()),
        )
        .option(SKIP, Say::new(msg::BERKAS_OPTION_SKIP))
        .option(DONE, Say::new(msg::BERKAS_OPTION_DONE))
    }

    /// The booking papers are being asked for, if it is still open.
    fn asked_booking(&self, turn: &Turn<'_>, state: &State) -> Result<Option<(Booking, u32)>, StorageError> {
        let BerkasPhase::Asking { ticket, item, .. } = &state.berkas else { return Ok(None) };
        let booking = turn.store.bookings().get(ticket)?;
        let today = self.calendar.local_date(turn.now);
        Ok(booking.filter(|it| it.status == BookingStatus::Booked && it.details.date >= today).map(|it| (it, *item)))
    }

    /// The question of the `berkas` step, asked again (after help, a question answered, `menu`...).
    pub(super) fn berkas_prompt(&self, turn: &Turn<'_>, state: &State) -> Vec<Reply> {
        match self.asked_booking(turn, state) {
            Ok(Some((booking, item))) => vec![self.ask_reply(&booking, item)],
            Ok(None) => self.done_info(state),
            Err(err) => {
                tracing::error!(user = %turn.user, error = %err, "cannot read the booking papers are asked for");
                vec![Reply::say(Say::new(msg::ERROR))]
            }
        }
    }

    /// `lanjut`, `lewati` or `selesai` while papers are asked for.
    fn berkas_answer(&self, turn: &Turn<'_>, state: State, word: BerkasWord) -> Transition<State> {
        self.or_apology(turn, state.clone(), |state| self.try_berkas_answer(turn, state, word))
    }

    fn try_berkas_answer(
        &self,
        turn: &Turn<'_>,
        mut state: State,
        word: BerkasWord,
    ) -> Result<Transition<State>, StorageError> {
        let Some((booking, item)) = self.asked_booking(turn, &state)? else {
            let ticket = match &state.berkas {
                BerkasPhase::Asking { ticket, .. } => ticket.clone(),
                BerkasPhase::Idle => String::new(),
            };
            self.leave_berkas(&mut state);
            return Ok(Transition::to(
                state,
                vec![Reply::say(Say::new(msg::BERKAS_BOOKING_GONE).arg("ticket", ticket))],
            ));
        };
        let next = match word {
            BerkasWord::Next | BerkasWord::Skip => {
                self.berkas_items(&booking).into_iter().map(|(slot, _)| slot).find(|slot| *slot > item)
            }
            BerkasWord::Done | BerkasWord::Start => None,
        };
        if word == BerkasWord::Skip {
            tracing::info!(user = %turn.user, ticket = %booking.ticket, item, "paper skipped");
        }
        match next {
            Some(next) => {
                state.berkas =
                    BerkasPhase::Asking { ticket: booking.ticket.clone(), item: next, resume: self.resume_of(&state) };
                Ok(Transition::to(state, vec![self.ask_reply(&booking, next)]))
            }
            None => {
                self.leave_berkas(&mut state);
                Ok(Transition::to(state, vec![self.summary(turn, &booking)?]))
            }
        }
    }

    fn resume_of(&self, state: &State) -> Step {
        match &state.berkas {
            BerkasPhase::Asking { resume, .. } => *resume,
            BerkasPhase::Idle => Step::Done,
        }
    }

    /// Stops asking for papers, back to the step the conversation was in.
    pub(super) fn leave_berkas(&self, state: &mut State) {
        if let BerkasPhase::Asking { resume, .. } = std::mem::take(&mut state.berkas) {
            state.step = match resume {
                // A reminder or a closed day's offer was answered or left when the asking began.
                Step::Berkas | Step::Reminder => Step::Done,
                other => other,
            };
        }
        if state.step == Step::Berkas {
            state.step = Step::Done;
        }
        state.failures = 0;
    }

    /// `batal` while papers are asked for: stop asking, say what was sent.
    pub(super) fn cancel_berkas(&self, turn: &Turn<'_>, state: &State) -> Option<Transition<State>> {
        if state.step != Step::Berkas {
            return None;
        }
        Some(self.berkas_answer(turn, state.clone(), BerkasWord::Done))
    }

    /// What was sent for `booking`: the items with files (how many each) and those without.
    fn summary(&self, turn: &Turn<'_>, booking: &Booking) -> Result<Reply, StorageError> {
        let by_slot = self.files_by_slot(turn, &booking.ticket)?;
        let ticket = booking.ticket.clone();
        if by_slot.is_empty() {
            return Ok(Reply::say(Say::new(msg::BERKAS_SUMMARY_NOTHING).arg("ticket", ticket)));
        }
        let items = self.berkas_items(booking);
        let mut slots: Vec<u32> = items.iter().map(|(slot, _)| *slot).collect();
        // A file a petugas moved (or filed unasked) under a slot not asked for still counts.
        slots.extend(by_slot.keys().filter(|slot| !items.iter().any(|(it, _)| it == *slot)));
        let sent: Vec<Say> = slots
            .iter()
            .filter_map(|slot| {
                let count = by_slot.get(slot)?;
                Some(
                    Say::new(msg::BERKAS_SUMMARY_SENT_ITEM)
                        .msg("item", self.item_say(booking, *slot))
                        .num("count", *count as i64),
                )
            })
            .collect();
        let missing: Vec<Say> =
            items.iter().filter(|(slot, _)| !by_slot.contains_key(slot)).map(|(_, id)| Say::new(id.clone())).collect();
        let mut reply =
            Reply::say(Say::new(msg::BERKAS_SUMMARY).arg("ticket", ticket).msg("date", date_say(booking.details.date)))
                .and(Say::new(msg::BERKAS_SUMMARY_SENT).list("items", sent));
        if !missing.is_empty() {
            reply = reply.and(Say::new(msg::BERKAS_SUMMARY_MISSING).list("items", missing));
        }
        Ok(reply)
    }

    /// A file the resident sent (in any step): refused at once when the channel's own description says it
    /// cannot be kept, else recorded as pending under the nearest open booking, for the item being asked for
    /// or the first without a file. Nothing is stored without an open booking.
    fn receive_file(&self, turn: &Turn<'_>, state: State, attachment: &Attachment) -> Transition<State> {
        self.or_apology(turn, state.clone(), |mut state| {
            let replies = self.try_receive_file(turn, &mut state, attachment)?;
            Ok(Transition::to(state, replies))
        })
    }

    fn try_receive_file(
        &self,
        turn: &Turn<'_>,
        state: &mut State,
        attachment: &Attachment,
    ) -> Result<Vec<Reply>, StorageError> {
        let open = self.open_bookings(turn)?;
        let asked = match (&state.step, &state.berkas) {
            (Step::Berkas, BerkasPhase::Asking { ticket, item, .. }) => {
                open.iter().find(|it| it.ticket == *ticket).map(|booking| (booking, *item))
            }
            _ => None,
        };
        let Some(booking) = asked.map(|(it, _)| it).or(open.first()) else {
            tracing::info!(user = %turn.user, "a file without an open booking, not kept");
            return Ok(refuse_once(turn, state, Say::new(msg::BERKAS_NO_BOOKING_FILE)));
        };
        let limits = &self.catalog.berkas;
        let ticket = booking.ticket.clone();
        if let Some(refusal) = self.refusal_announced(attachment) {
            tracing::info!(user = %turn.user, ticket, "a file refused as announced");
            return Ok(vec![Reply::say(refusal)]);
        }
        let files = turn.store.files();
        if files.count(&ticket)? >= limits.max_files_per_booking as usize {
            tracing::info!(user = %turn.user, ticket, "a file refused: the booking has its files");
            return Ok(refuse_once(turn, state, self.files_full(ticket)));
        }
        let by_slot = self.files_by_slot(turn, &ticket)?;
        let items = self.berkas_items(booking);
        let slot = match asked {
            Some((_, item)) => item,
            None => {
                let without = items.iter().find(|(slot, _)| !by_slot.contains_key(slot));
                without.or(items.first()).map_or(1, |(slot, _)| *slot)
            }
        };
        let id = files.expect(&ticket, slot, attachment, turn.now)?;
        tracing::info!(user = %turn.user, ticket, slot, pending = id, "a file announced, to fetch");
        let count = by_slot.get(&slot).copied().unwrap_or(0) + 1;
        let item = self.item_say(booking, slot);
        if asked.is_some() {
            let say = Say::new(msg::BERKAS_RECEIVED).msg("item", item).num("count", count as i64);
            let reply = Reply::say(say)
                .option(NEXT, Say::new(msg::BERKAS_OPTION_NEXT))
                .option(SKIP, Say::new(msg::BERKAS_OPTION_SKIP))
                .option(DONE, Say::new(msg::BERKAS_OPTION_DONE));
            return Ok(vec![reply]);
        }
        let mut reply = Reply::say(
            Say::new(msg::BERKAS_RECEIVED_UNASKED)
                .msg("item", item)
                .arg("ticket", ticket)
                .msg("date", date_say(booking.details.date)),
        );
        if open.len() > 1 {
            reply = reply.and(Say::new(msg::BERKAS_NEAREST).num("count", open.len() as i64));
        }
        Ok(vec![reply])
    }

    /// A refusal of a file by what the channel announced (its type, its size), before fetching it.
    fn refusal_announced(&self, attachment: &Attachment) -> Option<Say> {
        let limits = &self.catalog.berkas;
        if attachment.mime_type.as_deref().is_some_and(|mime| !limits.accepts(mime)) {
            return Some(Say::new(msg::BERKAS_REFUSED_TYPE));
        }
        if attachment.declared_size.is_some_and(|size| size > limits.max_file_bytes) {
            return Some(self.too_large());
        }
        None
    }

    /// The refusal of a file for booking `ticket`, which has its files already.
    fn files_full(&self, ticket: String) -> Say {
        Say::new(msg::BERKAS_REFUSED_COUNT)
            .arg("ticket", ticket)
            .num("max", i64::from(self.catalog.berkas.max_files_per_booking))
    }

    /// The refusal of a file over the size limit.
    fn too_large(&self) -> Say {
        Say::new(msg::BERKAS_REFUSED_SIZE).num("mb", (self.catalog.berkas.max_file_bytes / (1024 * 1024)) as i64)
    }

    /// Runs a step that reads or writes the store; a failure is apologised for (the turn's writes then go
    /// with it or not at all, as the engine commits them), a backend without files says so kindly.
    fn or_apology(
        &self,
        turn: &Turn<'_>,
        state: State,
        run: impl FnOnce(State) -> Result<Transition<State>, StorageError>,
    ) -> Transition<State> {
        match run(state.clone()) {
            Ok(transition) => transition,
            Err(err) if err.kind() == ErrorKind::Unsupported => {
                tracing::warn!(user = %turn.user, "the store keeps no files; papers cannot be received");
                Transition::to(state, vec![Reply::say(Say::new(msg::BERKAS_UNAVAILABLE))])
            }
            Err(err) => {
                tracing::error!(user = %turn.user, error = %err, "papers: storage failed");
                Transition::to(state, vec![Reply::say(Say::new(msg::ERROR))])
            }
        }
    }
}

/// A refusal every file of an album shares, said once per burst ([`cekbae_bot::burst`], as the engine's notice
/// for files it cannot read).
fn refuse_once(turn: &Turn<'_>, state: &mut State, say: Say) -> Vec<Reply> {
    if !cekbae_bot::burst::answer_once(&mut state.file_refused_at, turn.now) {
        tracing::info!(user = %turn.user, "the same refusal for the next file of an album, not repeated");
        return Vec::new();
    }
    vec![Reply::say(say)]
}
