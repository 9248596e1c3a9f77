//! The adminduk dialogue: pilih dokumen → alasan → persyaratan + NIK → jadwal → tiket,
//! with questions (hours, address, cost...) answered in any step (`adminduk/questions_flow.rs`) and the
//! papers sent for checking in any step (`adminduk/berkas_flow.rs`).

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{BookOutcome, Booking, BookingDetails, Bookings, Sequence, StorageError};
use cekbae_bot::words::Intent;
use cekbae_bot::{Dialogue, Input, Reply, Say, Transition, Turn};

use crate::catalog::{desa_label, document_label, reason_label, Catalog, Document};
use crate::messages as msg;
use crate::nik::{self, NikError};
use crate::schedule::Calendar;
use crate::source;
use crate::understand::{Parsed, SlotKind, Unclear, Understanding};
use crate::vault::NikVault;

mod berkas_flow;
mod questions_flow;
mod reminder_flow;
mod schedule_flow;
mod survey_flow;

pub use berkas_flow::BerkasPhase;
pub use reminder_flow::{
    example_params, ReminderAnswer, ReminderRecord, TemplateSpec, READY_NOTICES, REMINDERS, REMINDER_OPTIONS,
    REMINDER_PREFS, TEMPLATES,
};
pub use schedule_flow::Moving;
pub use survey_flow::SurveyPhase;

/// Where the resident is in the flow. The names are part of the console's JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Waiting for a document choice.
    Menu,
    /// Waiting for a reason.
    Reason,
    /// Requirements shown; waiting for the applicant's NIK.
    Nik,
    /// Waiting for a pickup day.
    Schedule,
    /// Ticket issued.
    Done,
    /// Answering the satisfaction survey, after the ticket.
    Survey,
    /// Picking another day for a booking whose day the office closed, or the resident asked to change (see
    /// [`State::moving`]).
    Reschedule,
    /// The reminder the day before was sent; waiting for Saya datang / Ganti hari / Batalkan (the booking
    /// in [`State::moving`]).
    Reminder,
    /// Asking for photos of the papers of a booking, one item after another (see [`State::berkas`]).
    Berkas,
}

impl Step {
    /// The name used in traces: `menu`, `reason`, `nik`, `schedule`, `done`.
    pub fn name(self) -> &'static str {
        match self {
            Step::Menu => "menu",
            Step::Reason => "reason",
            Step::Nik => "nik",
            Step::Schedule => "schedule",
            Step::Done => "done",
            Step::Survey => "survey",
            Step::Reschedule => "reschedule",
            Step::Reminder => "reminder",
            Step::Berkas => "berkas",
        }
    }
}

/// What the resident has told us so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Unique per request; makes booking idempotent if a message is replayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Document id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Reason id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The resident's desa, when they named it (for the office's statistics).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desa: Option<String>,
    /// The applicant's full NIK (masked everywhere it is shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik: Option<String>,
    /// Whether the requirements and data-protection notice were shown.
    #[serde(default, skip_serializing_if = "is_false")]
    pub notice_shown: bool,
    /// When the resident consented by sending their NIK after the notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_at: Option<DateTime<Utc>>,
    /// Booked pickup day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Issued ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !value
}

fn is_zero(value: &u8) -> bool {
    *value == 0
}

/// The adminduk dialogue's stored state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Current step.
    pub step: Step,
    /// The request being built.
    pub request: Request,
    /// Failed answers to the current step in a row (a NIK that is not valid, a
    /// word not understood); at every third, a petugas is offered.
    #[serde(default, alias = "nik_failures", skip_serializing_if = "is_zero")]
    pub failures: u8,
    /// A reading the resident was asked to confirm ("Maksud Anda KTP-el?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<Confirm>,
    /// The satisfaction survey after the ticket.
    #[serde(default, skip_serializing_if = "SurveyPhase::is_not_offered")]
    pub survey: SurveyPhase,
    /// The booking being moved at the reschedule step, or reminded of at the reminder step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moving: Option<Moving>,
    /// The desa whose poster or link the resident came from (its mark in a message, [`source`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_desa: Option<String>,
    /// The papers being asked for at the berkas step.
    #[serde(default, skip_serializing_if = "BerkasPhase::is_idle")]
    pub berkas: BerkasPhase,
    /// When a file was last refused for a reason every file shares (no booking, the booking's files full):
    /// the rest of an album sent at once is let go without repeating it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_refused_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A question about an unclear reading, waiting for its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirm {
    /// The slot asked about.
    pub slot: SlotKind,
    /// One candidate (answered ya/tidak) or two (answered by picking one).
    pub candidates: Vec<String>,
}

/// The adminduk dialogue, built once from a validated catalog.
pub struct Adminduk {
    catalog: Catalog,
    calendar: Calendar,
    understanding: Understanding,
    vault: NikVault,
    capacity: u32,
}

const DOC_PREFIX: &str = "doc:";
const REASON_PREFIX: &str = "reason:";
const DAY_PREFIX: &str = "day:";
const CONFIRM_YES: &str = "confirm:yes";
const CONFIRM_NO: &str = "confirm:no";
/// After this many failed answers in a row, offer a petugas, help and the menu.
const FAILURES_BEFORE_OFFER: u8 = 3;

impl Adminduk {
    /// The dialogue over `catalog`, sealing NIKs with `vault`. Bookings and survey answers go through the
    /// turn ([`Turn::store`]).
    pub fn new(catalog: Catalog, vault: NikVault) -> Self {
        let calendar = Calendar::new(catalog.schedule.clone(), catalog.holidays.clone());
        let understanding = Understanding::new(&catalog);
        let capacity = catalog.schedule.capacity_per_day;
        Self { catalog, calendar, understanding, vault, capacity }
    }

    /// Overrides the catalog's places per day.
    pub fn with_capacity(mut self, capacity: u32) -> Self {
        self.capacity = capacity.max(1);
        self
    }

    /// Overrides the catalog's retention period (days a NIK is kept after the pickup day).
    pub fn with_retention_days(mut self, days: u32) -> Self {
        self.catalog.retention_days = days;
        self
    }

    /// Places per day.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Also consults the office's closures kept by `store` (the engine's store) for every offer and booking.
    pub fn with_closures(mut self, store: std::sync::Arc<dyn cekbae_bot::Store>) -> Self {
        self.calendar = self.calendar.with_closures(store);
        self
    }

    /// The NIK vault: stored NIKs are sealed; open them only to show them to petugas.
    pub fn vault(&self) -> &NikVault {
        &self.vault
    }

    /// The office calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Keeps the data-protection promise: NIKs of bookings whose pickup day is more
    /// than `retention_days` ago are replaced by their masked form. Returns how many.
    pub fn apply_retention(&self, bookings: &dyn Bookings, now: DateTime<Utc>) -> Result<usize, StorageError> {
        let today = self.calendar.local_date(now);
        let cutoff = today - chrono::Days::new(u64::from(self.catalog.retention_days));
        bookings.mask_applicants_before(cutoff, &|nik| self.vault.masked(nik))
    }

    /// The understanding of free text.
    pub fn understanding(&self) -> &Understanding {
        &self.understanding
    }

    fn fresh(&self) -> State {
        State {
            step: Step::Menu,
            request: Request::default(),
            failures: 0,
            confirm: None,
            survey: SurveyPhase::NotOffered,
            moving: None,
            source_desa: None,
            berkas: BerkasPhase::Idle,
            file_refused_at: None,
        }
    }

    /// A message with a desa's mark: the desa (when the catalog knows it: an old poster's
    /// mark for a desa no longer listed counts for none), and the message as the resident's
    /// own words (the mark's letters are no document or desa named, its digits no NIK).
    fn unmarked(&self, input: &Input) -> Option<(Option<String>, Input)> {
        let mark = source::take(&input.text)?;
        let desa = Some(mark.desa).filter(|id| self.catalog.desa(id).is_some());
        let tokens = cekbae_bot::text::tokens(&mark.rest);
        Some((desa, Input { text: mark.rest, tokens, ..input.clone() }))
    }

    /// Reads an input: a pressed option first, then free text.
    fn read(&self, input: &Input) -> Parsed {
        let mut parsed = match &input.choice {
            Some(_) => Parsed::default(),
            None => self.understanding.parse_tokens(&input.text, &input.tokens),
        };
        if let Some(choice) = &input.choice {
            if let Some(id) = choice.strip_prefix(DOC_PREFIX) {
                parsed.document = Some(id.to_owned());
            } else if let Some(id) = choice.strip_prefix(REASON_PREFIX) {
                parsed.reason = Some(id.to_owned());
            }
        }
        parsed
    }

    /// Takes what a message names into the request; adds replies for what was wrong.
    fn absorb(&self, turn: &Turn<'_>, state: &mut State, parsed: &Parsed, replies: &mut Vec<Reply>) {
        self.note_desa(state, parsed);
        if parsed.not_served && parsed.sure_document().is_none() {
            // A service not given here keeps nothing: no reason, no NIK, no question about it.
            replies.push(Reply::say(Say::new(msg::NOT_SERVED)));
            return;
        }
        let request = &mut state.request;
        if request.id.is_none() && !parsed.is_empty() {
            // A request without an id is given one by the next message; booking waits for it.
            request.id = match turn.store.next_id(Sequence::Request) {
                Ok(number) => Some(format!("{}:{}-{number}", turn.user.channel, turn.user.id)),
                Err(err) => {
                    tracing::error!(user = %turn.user, error = %err, "cannot number a request");
                    None
                }
            };
        }
        if let Some(document) = parsed.sure_document().filter(|id| self.catalog.document(id).is_some()) {
            if request.document.as_ref() != Some(document) {
                // Another document starts over its reason; the first one keeps a reason
                // said before it was settled (`kpt hilang`, then "ya" to "Maksud Anda KTP-el?").
                if request.document.is_some() {
                    request.reason = None;
                }
                request.document = Some(document.clone());
                request.notice_shown = false;
            }
        }
        if let Some(reason) = parsed.sure_reason() {
            if request.reason.as_ref() != Some(reason) {
                request.reason = Some(reason.clone());
                request.notice_shown = false;
            }
        } else if request.reason.is_none() && parsed.unclear.is_none() {
            // No reason written, but one implied by the event (a death just reported).
            request.reason = parsed.implied_reason.clone();
        }
        if let Some(doc) = request.document.as_deref().and_then(|id| self.catalog.document(id)) {
            if let Some(reason) = request.reason.clone() {
                if !doc.reasons.contains(&reason) {
                    replies.push(Reply::say(
                        Say::new(msg::REASON_NOT_APPLICABLE)
                            .msg("document", Say::new(document_label(&doc.id)))
                            .msg("reason", Say::new(reason_label(&reason))),
                    ));
                    request.reason = None;
                }
            }
        }
        state.confirm = parsed.unclear.as_ref().and_then(|it| self.question(&state.request, it));
        let request = &mut state.request;
        let nik_error = match (&parsed.nik, parsed.wrong_length_digits) {
            (Some(candidate), _) => {
                let report = nik::inspect(candidate, self.calendar.local_date(turn.now));
                match (report.error, report.digits) {
                    (None, Some(digits)) => {
                        tracing::info!(user = %turn.user, nik = %nik::mask(&digits), "nik accepted");
                        // Sealed before it is stored: no full NIK reaches the disk in the clear.
                        request.nik = Some(self.vault.seal(&digits));
                        // Sending the NIK after the notice is the resident's consent.
                        request.consent_at = request.notice_shown.then_some(turn.now);
                        state.failures = 0;
                        replies.push(Reply::say(Say::new(msg::NIK_RECEIVED).arg("nik", nik::mask(candidate))));
                        None
                    }
                    (error, _) => error,
                }
            }
            (None, _) if parsed.nik_with_letters => Some(NikError::NotDigits),
            (None, Some(found)) => Some(NikError::Length { found }),
            (None, None) => None,
        };
        if let Some(error) = nik_error {
            tracing::info!(user = %turn.user, error = error.code(), "nik rejected");
            self.nik_failed(state, nik_error_say(error), replies);
        } else if parsed.nik.is_none() && parsed.kk_number {
            // `No KK 3201...`: a KK number is not the applicant's NIK, and is not kept.
            tracing::info!(user = %turn.user, "kk number instead of nik");
            self.nik_failed(state, Say::new(msg::NIK_IS_KK_NUMBER), replies);
        }
    }

    /// Keeps the desa a resident names, for the statistics by desa.
    fn note_desa(&self, state: &mut State, parsed: &Parsed) {
        if let Some(desa) = parsed.desa.as_ref().filter(|id| self.catalog.desa(id).is_some()) {
            state.request.desa = Some(desa.clone());
        }
    }

    fn nik_failed(&self, state: &mut State, say: Say, replies: &mut Vec<Reply>) {
        state.failures = state.failures.saturating_add(1);
        replies.push(Reply::say(say));
        if state.failures.is_multiple_of(FAILURES_BEFORE_OFFER) {
            replies.push(way_out(msg::NIK_TOO_MANY));
        }
    }

    /// Moves to the first step whose slot is still missing, prompting for it.
    fn advance(&self, turn: &Turn<'_>, mut state: State, mut replies: Vec<Reply>) -> Transition<State> {
        let Some(doc) = state.request.document.as_deref().and_then(|id| self.catalog.document(id)) else {
            state.step = Step::Menu;
            match &state.confirm {
                Some(confirm) => replies.push(confirm_prompt(confirm)),
                None => replies.extend(self.menu_prompt()),
            }
            return Transition::to(state, replies);
        };
        if state.request.reason.is_none() {
            if let [only] = doc.reasons.as_slice() {
                state.request.reason = Some(only.clone());
            } else {
                state.step = Step::Reason;
                match &state.confirm {
                    Some(confirm) if confirm.slot == SlotKind::Reason => replies.push(confirm_prompt(confirm)),
                    _ => replies.push(self.reason_prompt(doc)),
                }
                return Transition::to(state, replies);
            }
        }
        // Anything asked about is settled once the flow moves past it.
        state.confirm = None;
        if state.request.nik.is_none() {
            state.step = Step::Nik;
            // After a NIK error the notice was already shown: ask again without repeating it all.
            if !(state.request.notice_shown && state.failures > 0) {
                replies.extend(self.requirements(doc, &state.request, false));
            }
            state.request.notice_shown = true;
            if !state.failures.is_multiple_of(FAILURES_BEFORE_OFFER) || state.failures == 0 {
                replies.push(Reply::say(Say::new(msg::NIK_ASK)));
            }
            return Transition::to(state, replies);
        }
        if !state.request.notice_shown {
            // The NIK came before the notice (a one-shot request): show it now;
            // picking a day after reading it is the consent.
            replies.extend(self.requirements(doc, &state.request, true));
            state.request.notice_shown = true;
        }
        state.step = Step::Schedule;
        replies.extend(self.schedule_prompt(turn));
        Transition::to(state, replies)
    }

    /// The question to ask about an unclear reading, if the slot is still open
    /// and some candidate applies (a reason must apply to the chosen document).
    fn question(&self, request: &Request, unclear: &Unclear) -> Option<Confirm> {
        let candidates: Vec<String> = match unclear.slot {
            SlotKind::Document if request.document.is_none() => {
                unclear.candidates.iter().filter(|id| self.catalog.document(id).is_some()).cloned().collect()
            }
            SlotKind::Reason if request.reason.is_none() => {
                let doc = request.document.as_deref().and_then(|id| self.catalog.document(id));
                unclear.candidates.iter().filter(|id| doc.is_none_or(|doc| doc.reasons.contains(id))).cloned().collect()
            }
            _ => return None,
        };
        (!candidates.is_empty()).then_some(Confirm { slot: unclear.slot, candidates })
    }

    /// Answers a pending question. `None` when the input is not an answer
    /// (a new request, another option): it is then read as usual.
    fn answer(&self, turn: &Turn<'_>, mut state: State, confirm: Confirm, input: &Input) -> Option<Transition<State>> {
        let yes = input.choice.as_deref() == Some(CONFIRM_YES) || input.intent == Some(Intent::Yes);
        let no = input.choice.as_deref() == Some(CONFIRM_NO) || input.intent == Some(Intent::No);
        if yes {
            let [only] = confirm.candidates.as_slice() else {
                // "ya" to "A or B?" answers nothing: ask again.
                let replies = vec![confirm_prompt(&confirm)];
                state.confirm = Some(confirm);
                return Some(Transition::to(state, replies));
            };
            let mut parsed = Parsed::default();
            match confirm.slot {
                SlotKind::Document => parsed.document = Some(only.clone()),
                SlotKind::Reason => parsed.reason = Some(only.clone()),
            }
            let mut replies = Vec::new();
            self.absorb(turn, &mut state, &parsed, &mut replies);
            return Some(self.advance(turn, state, replies));
        }
        if no {
            let mut replies = vec![Reply::say(Say::new(msg::CONFIRM_DECLINED))];
            replies.extend(self.prompt(turn, &state));
            return Some(Transition::to(state, replies));
        }
        None
    }

    /// The answer to a message that asks for nothing in this step but is no
    /// mistake either: a service not given here, the resident's desa, a
    /// greeting or thanks (the last two only mid-conversation: `input`).
    fn aside(&self, state: &mut State, parsed: &Parsed, input: Option<&Input>) -> Option<Say> {
        if parsed.not_served {
            return Some(Say::new(msg::NOT_SERVED));
        }
        self.note_desa(state, parsed);
        if let Some(desa) = parsed.desa.as_ref().filter(|_| state.request.desa.is_some()) {
            return Some(Say::new(msg::DESA_NOTED).msg("desa", Say::new(desa_label(desa))));
        }
        courtesy(input?)
    }

    fn menu_prompt(&self) -> Vec<Reply> {
        let mut reply = Reply::say(Say::new(msg::MENU_ASK));
        for doc in &self.catalog.documents {
            reply = reply.option(format!("{DOC_PREFIX}{}", doc.id), Say::new(document_label(&doc.id)));
        }
        vec![reply]
    }

    fn reason_prompt(&self, doc: &Document) -> Reply {
        let mut reply = Reply::say(Say::new(msg::REASON_ASK).msg("document", Say::new(document_label(&doc.id))));
        for reason in &doc.reasons {
            reply = reply.option(format!("{REASON_PREFIX}{reason}"), Say::new(reason_label(reason)));
        }
        reply
    }

    fn requirement_items(&self, doc: &Document, reason: &str) -> Vec<Say> {
        let items = doc.requirements.get(reason).into_iter().flatten().chain(&doc.notes);
        items.map(|id| Say::new(id.clone())).collect()
    }

    fn requirements(&self, doc: &Document, request: &Request, by_schedule: bool) -> Vec<Reply> {
        let reason = request.reason.clone().unwrap_or_default();
        let list = Say::new(msg::REQUIREMENTS)
            .msg("document", Say::new(document_label(&doc.id)))
            .msg("reason", Say::new(reason_label(&reason)))
            .list("items", self.requirement_items(doc, &reason));
        let privacy = if by_schedule { msg::PRIVACY_BY_SCHEDULE } else { msg::PRIVACY };
        vec![
            Reply::say(list).and(Say::new(msg::FREE)),
            Reply::say(Say::new(privacy).num("days", i64::from(self.catalog.retention_days))),
        ]
    }

    fn hours(&self) -> (String, String) {
        let config = self.calendar.config();
        (config.opens.format("%H.%M").to_string(), config.closes.format("%H.%M").to_string())
    }

    fn ticket_reply(&self, state: &State) -> Vec<Reply> {
        let request = &state.request;
        let (Some(ticket), Some(date), Some(document)) = (&request.ticket, request.date, &request.document) else {
            return vec![];
        };
        self.ticket_say(ticket, date, document, request.reason.as_deref().unwrap_or_default())
    }

    /// The ticket of a stored booking (after it was moved to another day).
    fn ticket_for(&self, booking: &Booking) -> Vec<Reply> {
        let details = &booking.details;
        self.ticket_say(&booking.ticket, details.date, &details.service, &details.reason)
    }

    fn ticket_say(&self, ticket: &str, date: NaiveDate, document: &str, reason: &str) -> Vec<Reply> {
        let Some(doc) = self.catalog.document(document) else { return vec![] };
        let reason = reason.to_owned();
        let (opens, closes) = self.hours();
        vec![Reply::say(
            Say::new(msg::TICKET)
                .arg("ticket", ticket.to_owned())
                .msg("date", date_say(date))
                .arg("opens", opens)
                .arg("closes", closes)
                .msg("document", Say::new(document_label(&doc.id)))
                .msg("reason", Say::new(reason_label(&reason)))
                .list("items", self.requirement_items(doc, &reason)),
        )]
    }

    fn done_info(&self, state: &State) -> Vec<Reply> {
        match (&state.request.ticket, state.request.date) {
            (Some(ticket), Some(date)) => {
                vec![Reply::say(Say::new(msg::DONE_INFO).arg("ticket", ticket.clone()).msg("date", date_say(date)))]
            }
            _ => self.menu_prompt(),
        }
    }

    fn book(&self, turn: &Turn<'_>, mut state: State, date: NaiveDate) -> Transition<State> {
        let request = &state.request;
        let (Some(document), Some(reason), Some(nik), Some(request_id)) =
            (&request.document, &request.reason, &request.nik, &request.id)
        else {
            // Cannot happen through the flow; recover by asking for what is missing.
            return self.advance(turn, state, vec![]);
        };
        if let Err(why) = self.calendar.check(date, turn.now) {
            return self.refuse(turn, state, date, schedule_flow::Refusal::Calendar(why));
        }
        let new = BookingDetails {
            date,
            service: document.clone(),
            reason: reason.clone(),
            applicant: nik.clone(),
            user: turn.user.clone(),
            consent_at: request.consent_at.unwrap_or(turn.now),
            request_id: request_id.clone(),
        };
        // In the turn: the booking commits with the session and the processed message, or not at all.
        match turn.store.bookings().book(new, self.capacity, &self.catalog.office.ticket_prefix, turn.now) {
            Ok(BookOutcome::Booked(booking)) => {
                tracing::info!(user = %turn.user, ticket = %booking.ticket, date = %booking.details.date, "booked");
                state.request.date = Some(booking.details.date);
                state.request.ticket = Some(booking.ticket);
                // The booking holds the NIK now; the conversation only needs to show it masked.
                state.request.nik = Some(self.vault.masked(&booking.details.applicant));
                state.request.consent_at = Some(booking.details.consent_at);
                state.step = Step::Done;
                state.survey = SurveyPhase::Offered;
                // Under the ticket, the offer to have the papers checked before the trip.
                let mut replies: Vec<Reply> = self
                    .ticket_reply(&state)
                    .into_iter()
                    .map(|ticket| berkas_flow::offer_option(ticket.and(berkas_flow::offer())))
                    .collect();
                replies.push(survey_flow::invitation());
                Transition::to(state, replies).committed()
            }
            Ok(BookOutcome::Full) => {
                let mut replies = vec![Reply::say(Say::new(msg::SCHEDULE_FULL).msg("date", date_say(date)))];
                replies.extend(self.schedule_prompt(turn));
                Transition::to(state, replies)
            }
            Err(err) => {
                tracing::error!(user = %turn.user, error = %err, "booking failed");
                let mut replies = vec![Reply::say(Say::new(msg::ERROR))];
                replies.extend(self.schedule_prompt(turn));
                Transition::to(state, replies)
            }
        }
    }
}

impl Dialogue for Adminduk {
    type State = State;
    const VERSION: u32 = 1;
    // `back` is structural (see below), so visited states need not be stored.
    const KEEPS_HISTORY: bool = false;

    fn start(&self) -> State {
        self.fresh()
    }

    fn welcome(&self, turn: &Turn<'_>, input: &Input) -> Transition<State> {
        if let Some((desa, input)) = self.unmarked(input) {
            let mut transition = self.welcome(turn, &input);
            if desa.is_some() {
                transition.state.source_desa = desa;
            }
            return transition;
        }
        if let Some(mut transition) = self.berkas_welcome(turn, input) {
            transition.replies.insert(0, Reply::say(Say::new(msg::GREETING).arg("salam", salam(input))));
            return transition;
        }
        if let Some(mut transition) = self.reminder_switch(turn, &self.fresh(), input) {
            transition.replies.truncate(1);
            transition.replies.extend(self.menu_prompt());
            return transition;
        }
        let mut replies = vec![Reply::say(Say::new(msg::GREETING).arg("salam", salam(input)))];
        let today = self.calendar.local_date(turn.now);
        let upcoming = turn.store.bookings().upcoming(today).unwrap_or_else(|err| {
            tracing::error!(user = %turn.user, error = %err, "cannot read upcoming bookings");
            Vec::new()
        });
        for booking in &upcoming {
            replies.push(Reply::say(
                Say::new(msg::UPCOMING_TICKET)
                    .arg("ticket", booking.ticket.clone())
                    .msg("date", date_say(booking.details.date)),
            ));
        }
        if let Some(booking) = self.stranded(&upcoming) {
            // The office closed that day since: the resident picks another first.
            let mut transition = self.offer_new_day(turn, self.fresh(), booking);
            transition.replies.splice(0..0, replies);
            return transition;
        }
        let mut state = self.fresh();
        let parsed = self.read(input);
        replies.extend(self.answer_question(turn, &state.request, &parsed));
        if parsed.is_empty() {
            if let Some(say) = self.aside(&mut state, &parsed, None) {
                replies.push(Reply::say(say));
            }
            replies.extend(self.menu_prompt());
            return Transition::to(state, replies);
        }
        self.absorb(turn, &mut state, &parsed, &mut replies);
        self.advance(turn, state, replies)
    }

    fn step(&self, turn: &Turn<'_>, mut state: State, input: &Input) -> Transition<State> {
        if let Some((desa, input)) = self.unmarked(input) {
            let mut transition = self.step(turn, state, &input);
            if desa.is_some() {
                transition.state.source_desa = desa;
            }
            return transition;
        }
        if let Some(transition) = self.berkas_hook(turn, &mut state, input) {
            return transition;
        }
        if let Some(transition) = self.reminder_switch(turn, &state, input) {
            return transition;
        }
        if state.step == Step::Reminder {
            if let Some(transition) = self.reminder_step(turn, state.clone(), input) {
                return transition;
            }
            // Something else than an answer: the reminder is left, the message read as usual.
            self.drop_reminder(&mut state);
        }
        if let Some(day) = input.choice.as_deref().and_then(|it| it.strip_prefix(DAY_PREFIX)) {
            return match (state.step, NaiveDate::parse_from_str(day, "%Y-%m-%d")) {
                (Step::Schedule, Ok(date)) => self.book(turn, state, date),
                (Step::Reschedule, Ok(date)) => self.move_booking(turn, state, date),
                _ => Transition::to(state.clone(), self.prompt(turn, &state)),
            };
        }
        // A question is answered before anything else reads the message: "besok buka?"
        // at the schedule step asks about the hours, it does not pick tomorrow.
        if let Some(transition) = self.answer_only_question(turn, &state, input) {
            return transition;
        }
        if state.step == Step::Reschedule {
            return self.reschedule_step(turn, state, input);
        }
        if let Some(confirm) = state.confirm.take() {
            if let Some(transition) = self.answer(turn, state.clone(), confirm, input) {
                return transition;
            }
        }
        if state.step == Step::Survey {
            return self.survey_step(turn, state, input);
        }
        if state.step == Step::Done {
            if let Some(transition) = self.answer_invitation(turn, state.clone(), input) {
                return transition;
            }
        }
        let parsed = self.read(input);
        // A question beside a request is answered first; the request goes on as usual.
        let mut replies = self.answer_question(turn, &state.request, &parsed);
        if state.step == Step::Done {
            if parsed.document.is_none() {
                if input.intent == Some(Intent::Thanks) {
                    replies.push(Reply::say(Say::new(msg::THANKS_REPLY)));
                }
                replies.extend(self.done_info(&state));
                return Transition::to(state, replies);
            }
            // A new request after a finished one.
            state = self.fresh();
        }
        // A day named in words ("Salasa" reads weakly as the reason word "salah", and
        // as a typo of the greeting "salam"): at this step a day is what is asked
        // for, unless a new document or NIK came.
        if state.step == Step::Schedule && parsed.document.is_none() && parsed.nik.is_none() {
            if let Some(transition) = self.day_from_words(turn, &state, input) {
                return transition;
            }
        }
        if parsed.is_empty() {
            if let Some(say) = self.aside(&mut state, &parsed, Some(input)) {
                // Not a failed answer: say so kindly and ask again.
                replies.push(Reply::say(say));
                replies.extend(self.prompt(turn, &state));
                return Transition::to(state, replies);
            }
            let not_understood = match state.step {
                Step::Menu => msg::MENU_NOT_UNDERSTOOD,
                Step::Reason => msg::REASON_NOT_UNDERSTOOD,
                Step::Schedule | Step::Reschedule => msg::SCHEDULE_NOT_UNDERSTOOD,
                Step::Nik | Step::Done | Step::Survey | Step::Reminder | Step::Berkas => {
                    let mut replies = Vec::new();
                    self.nik_failed(&mut state, Say::new(msg::NIK_NOT_UNDERSTOOD), &mut replies);
                    return self.advance(turn, state, replies);
                }
            };
            replies.push(Reply::say(Say::new(not_understood)));
            replies.extend(self.prompt(turn, &state));
            state.failures = state.failures.saturating_add(1);
            if state.failures.is_multiple_of(FAILURES_BEFORE_OFFER) {
                replies.push(way_out(msg::STUCK));
            }
            return Transition::to(state, replies);
        }
        if state.step != Step::Nik {
            state.failures = 0;
        }
        self.absorb(turn, &mut state, &parsed, &mut replies);
        self.advance(turn, state, replies)
    }

    fn prompt(&self, turn: &Turn<'_>, state: &State) -> Vec<Reply> {
        if let Some(confirm) = &state.confirm {
            return vec![confirm_prompt(confirm)];
        }
        let doc = state.request.document.as_deref().and_then(|id| self.catalog.document(id));
        match (state.step, doc) {
            (Step::Reason, Some(doc)) => vec![self.reason_prompt(doc)],
            (Step::Nik, Some(doc)) => {
                let mut replies = self.requirements(doc, &state.request, false);
                replies.push(Reply::say(Say::new(msg::NIK_ASK)));
                replies
            }
            (Step::Schedule, Some(_)) => self.schedule_prompt(turn),
            (Step::Reschedule, _) => self.reschedule_prompt(turn, state),
            (Step::Reminder, _) => self.reminder_prompt(turn, state),
            (Step::Berkas, _) => self.berkas_prompt(turn, state),
            (Step::Done, _) => self.done_info(state),
            (Step::Survey, _) => match state.survey {
                SurveyPhase::Running { question, .. } => vec![survey_flow::question_prompt(question)],
                _ => self.done_info(state),
            },
            _ => self.menu_prompt(),
        }
    }

    fn help(&self, turn: &Turn<'_>, state: &State) -> Vec<Reply> {
        let id = match state.step {
            Step::Menu => msg::HELP_MENU,
            Step::Reason => msg::HELP_REASON,
            Step::Nik => msg::HELP_NIK,
            Step::Schedule => msg::HELP_SCHEDULE,
            Step::Reschedule => msg::HELP_RESCHEDULE,
            Step::Reminder => msg::HELP_REMINDER,
            Step::Berkas => msg::BERKAS_HELP,
            Step::Done | Step::Survey => msg::HELP_DONE,
        };
        let mut replies = vec![Reply::say(Say::new(id))];
        match state.step {
            // The NIK prompt is long; after help, only ask again.
            Step::Nik => replies.push(Reply::say(Say::new(msg::NIK_ASK))),
            _ => replies.extend(self.prompt(turn, state)),
        }
        replies
    }

    fn cancel(&self, turn: &Turn<'_>, state: State) -> Transition<State> {
        if let (Step::Reminder, Some(moving)) = (state.step, state.moving.clone()) {
            // `batalkan` after a reminder is its Batalkan button, typed.
            return self.answer_reminder(turn, state, &moving, ReminderAnswer::Cancelled);
        }
        if let Some(transition) = self.cancel_berkas(turn, &state) {
            return transition;
        }
        if let Some(transition) = self.cancel_reschedule(&state) {
            return transition;
        }
        let mut replies = match (&state.request.ticket, state.request.date) {
            (Some(ticket), Some(date)) => vec![Reply::say(
                Say::new(msg::CANCEL_AFTER_TICKET).arg("ticket", ticket.clone()).msg("date", date_say(date)),
            )],
            _ => vec![Reply::say(Say::new(msg::CANCELLED))],
        };
        replies.extend(self.menu_prompt());
        Transition::to(self.fresh(), replies)
    }

    /// Goes back one step of the flow, whatever path led here (a one-shot
    /// request skips steps, so the visited history is not the flow).
    fn back(&self, state: &State) -> Option<State> {
        let mut res = state.clone();
        if res.confirm.take().is_some() {
            // Going back from a question returns to the step it was asked in.
            return Some(res);
        }
        let request = &mut res.request;
        let doc = request.document.as_deref().and_then(|id| self.catalog.document(id));
        let single_reason = doc.is_some_and(|doc| doc.reasons.len() == 1);
        res.failures = 0;
        res.step = match state.step {
            Step::Menu | Step::Done | Step::Reschedule | Step::Reminder | Step::Berkas => return None,
            Step::Survey => {
                // Back to the previous question.
                match res.survey {
                    SurveyPhase::Running { id, question } if question > 0 => {
                        res.survey = SurveyPhase::Running { id, question: question - 1 };
                        Step::Survey
                    }
                    _ => return None,
                }
            }
            Step::Schedule => {
                request.nik = None;
                request.consent_at = None;
                Step::Nik
            }
            Step::Nik if !single_reason => {
                request.reason = None;
                request.nik = None;
                Step::Reason
            }
            Step::Nik | Step::Reason => {
                *request = Request { id: request.id.take(), ..Request::default() };
                Step::Menu
            }
        };
        Some(res)
    }

    /// The engine has queued the resident for a petugas; say when one will answer.
    fn human(&self, turn: &Turn<'_>, _state: &State) -> Vec<Reply> {
        let (opens, closes) = self.hours();
        let say = match (self.calendar.is_open_at(turn.now), self.calendar.next_opening(turn.now)) {
            (true, _) => Say::new(msg::HANDOVER_OPEN).arg("opens", opens).arg("closes", closes),
            (false, Some(date)) => Say::new(msg::HANDOVER_CLOSED).msg("date", date_say(date)).arg("opens", opens),
            // Past the known calendar nobody can name the day: say so without one.
            (false, None) => Say::new(msg::HANDOVER_CLOSED_LATER).arg("opens", opens),
        };
        vec![Reply::say(say)]
    }

    /// Residents send photos and PDFs of their papers (`berkas_flow`).
    fn accepts_files(&self) -> bool {
        true
    }

    fn file_fetched(
        &self,
        turn: &Turn<'_>,
        pending: &cekbae_bot::storage::PendingFile,
        outcome: Result<cekbae_bot::FetchedMedia, cekbae_bot::MediaError>,
    ) -> Result<Vec<Reply>, StorageError> {
        self.berkas_fetched(turn, pending, outcome)
    }

    fn staffed(&self, now: DateTime<Utc>) -> bool {
        self.calendar.is_open_at(now)
    }

    /// The office's offer of another day waits for the resident's answer however long it takes.
    fn outlives_idle(&self, state: &State) -> bool {
        matches!(state.step, Step::Reschedule | Step::Reminder)
    }

    fn state_name(&self, state: &State) -> &'static str {
        state.step.name()
    }

    fn stats(&self, state: &State) -> Vec<(&'static str, String)> {
        let request = &state.request;
        let mut res = what_was_asked(request);
        if request.ticket.is_some() {
            res.push(("booked", "yes".to_owned()));
        }
        if let Some(desa) = &state.source_desa {
            res.push((source::FACT, desa.clone()));
        }
        res
    }

    fn forget(&self, turn: &Turn<'_>) -> Result<usize, StorageError> {
        let mut forgotten = turn.store.bookings().forget_mine()?;
        let proactive_kinds =
            [cekbae_bot::proactive::DELIVERY_PROBLEMS, cekbae_bot::proactive::UNREACHABLE, cekbae_bot::proactive::HELD];
        let kinds = [REMINDERS, READY_NOTICES, REMINDER_PREFS, crate::berkas::BERKAS_CHECK];
        for kind in kinds.into_iter().chain(proactive_kinds) {
            forgotten += turn.store.records().forget_mine(kind)?;
        }
        Ok(forgotten)
    }

    fn slots(&self, state: &State) -> Vec<(&'static str, String)> {
        let request = &state.request;
        let mut res = what_was_asked(request);
        if let Some(it) = &request.nik {
            res.push(("nik", self.vault.masked(it)));
        }
        if let Some(it) = request.date {
            res.push(("date", it.format("%Y-%m-%d").to_string()));
        }
        if let Some(it) = &request.ticket {
            res.push(("ticket", it.clone()));
        }
        res
    }

    fn message_ids(&self) -> BTreeSet<String> {
        message_ids(&self.catalog)
    }
}

/// The document and reason chosen so far (shared by the slots and the anonymous statistics).
fn what_was_asked(request: &Request) -> Vec<(&'static str, String)> {
    let mut res = Vec::new();
    if let Some(it) = &request.document {
        res.push(("document", it.clone()));
    }
    if let Some(it) = &request.reason {
        res.push(("reason", it.clone()));
    }
    if let Some(it) = &request.desa {
        res.push(("desa", it.clone()));
    }
    res
}

/// After repeated failed answers: `id`'s question with a petugas, help and the menu as options.
fn way_out(id: &'static str) -> Reply {
    Reply::say(Say::new(id))
        .option("cmd:human", Say::new(msg::OPTION_HUMAN))
        .option("cmd:help", Say::new(msg::OPTION_HELP))
        .option("cmd:menu", Say::new(msg::OPTION_MENU))
}

/// A kind word back for a greeting (in kind: `Rampés` to `Sampurasun`) or thanks.
fn courtesy(input: &Input) -> Option<Say> {
    match input.intent {
        Some(Intent::Greeting) => Some(Say::new(msg::GREETING_AGAIN).arg("salam", salam(input))),
        Some(Intent::Thanks) => Some(Say::new(msg::THANKS_REPLY)),
        _ => None,
    }
}

/// The greeting word a message opens with (`sampurasun`, `assalamualaikum`),
/// so each locale can answer it in kind (`Rampés`, `Waalaikumsalam`); empty otherwise.
fn salam(input: &Input) -> String {
    match input.intent {
        Some(Intent::Greeting) => input.tokens.first().cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// "Maksud Anda KTP-el? ya/tidak", or "Maksud Anda A atau B?" with both as options.
fn confirm_prompt(confirm: &Confirm) -> Reply {
    let (prefix, label): (&str, fn(&str) -> String) = match confirm.slot {
        SlotKind::Document => (DOC_PREFIX, document_label),
        SlotKind::Reason => (REASON_PREFIX, reason_label),
    };
    match confirm.candidates.as_slice() {
        [first, second, ..] => Reply::say(
            Say::new(msg::CONFIRM_TWO).msg("first", Say::new(label(first))).msg("second", Say::new(label(second))),
        )
        .option(format!("{prefix}{first}"), Say::new(label(first)))
        .option(format!("{prefix}{second}"), Say::new(label(second)))
        .option(CONFIRM_NO, Say::new(msg::OPTION_NEITHER)),
        candidates => {
            let only = candidates.first().map(String::as_str).unwrap_or_default();
            Reply::say(Say::new(msg::CONFIRM_ONE).msg("choice", Say::new(label(only))))
                .option(CONFIRM_YES, Say::new(msg::OPTION_YES))
                .option(CONFIRM_NO, Say::new(msg::OPTION_NO))
        }
    }
}

/// Every Fluent id the dialogue over `catalog` can emit: the catalog's and the code's.
/// A free function so `cekbae check` can list them without opening a database.
pub fn message_ids(catalog: &Catalog) -> BTreeSet<String> {
    let mut ids = catalog.message_ids();
    ids.extend(msg::ALL.iter().map(|it| (*it).to_owned()));
    ids.extend(survey_flow::survey_message_ids());
    ids.extend(questions_flow::question_message_ids().map(str::to_owned));
    ids.extend(reminder_flow::template_message_ids().map(str::to_owned));
    ids.extend(crate::berkas::result::MESSAGE_IDS.iter().map(|it| (*it).to_owned()));
    ids
}

/// A date as "Senin, 30 November 2026" in the resident's language.
pub fn date_say(date: NaiveDate) -> Say {
    Say::new(msg::DATE)
        .msg("weekday", Say::new(format!("weekday-{}", date.weekday().number_from_monday())))
        .num("day", i64::from(date.day()))
        .msg("month", Say::new(format!("month-{}", date.month())))
        .num("year", i64::from(date.year()))
}

fn nik_error_say(error: NikError) -> Say {
    match error {
        NikError::Length { found } => Say::new(msg::NIK_ERROR_LENGTH).num("found", found as i64),
        NikError::NotDigits => Say::new(msg::NIK_ERROR_NOT_DIGITS),
        NikError::Province => Say::new(msg::NIK_ERROR_PROVINCE),
        NikError::BirthDay => Say::new(msg::NIK_ERROR_BIRTH_DAY),
        NikError::BirthMonth => Say::new(msg::NIK_ERROR_BIRTH_MONTH),
        NikError::BirthDate => Say::new(msg::NIK_ERROR_BIRTH_DATE),
        NikError::Serial => Say::new(msg::NIK_ERROR_SERIAL),
    }
}
