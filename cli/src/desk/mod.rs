//! The petugas desk: appointments, handovers, reports and purges, as
//! operations on the engine. The same operations run directly on a data
//! directory (server stopped) or inside `cekbae serve` behind the admin API
//! (server running); see [`client::connect`].

pub mod accounts;
pub mod api;
pub mod berkas;
pub mod client;
pub mod closures;
pub mod notice_figures;
pub mod notices;
pub mod refusal;
pub mod report;
pub mod signed;
pub mod throttle;
pub mod web;

use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::handover::{Handover, Party};
use cekbae_bot::storage::{Booking, BookingStatus, StatusChange};
use cekbae_bot::Engine;
use cekbae_dialogues::berkas::Arrival;
use cekbae_dialogues::vault::NikVault;
use cekbae_dialogues::Adminduk;

use crate::setup::apply_retention;
use refusal::Refusal;

/// One appointment as petugas see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentView {
    /// e.g. `LWL-20261130-001`.
    pub ticket: String,
    /// The pickup day, YYYY-MM-DD.
    pub date: NaiveDate,
    /// When it was booked.
    pub booked_at: DateTime<Utc>,
    /// Document id.
    pub document: String,
    /// Reason id.
    pub reason: String,
    /// Channel.
    pub channel: String,
    /// The NIK, masked unless revealed (and audited).
    pub nik: String,
    /// `booked`, `done`, `no-show`, `cancelled` or `moved`.
    pub status: BookingStatus,
    /// The ticket a moved appointment became.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// The reminder the day before: `sent`, or the resident's answer (`came`, `changed`, `cancelled`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder: Option<String>,
    /// Messages about this appointment that could not be delivered, and why (a WhatsApp template missing
    /// or refused).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl AppointmentView {
    pub(crate) fn of(booking: &Booking, reveal: bool, vault: &NikVault) -> Self {
        let details = &booking.details;
        Self {
            ticket: booking.ticket.clone(),
            date: details.date,
            booked_at: booking.booked_at,
            document: details.service.clone(),
            reason: details.reason.clone(),
            channel: details.user.channel.clone(),
            nik: if reveal {
                vault.open(&details.applicant).unwrap_or_else(|| vault.masked(&details.applicant))
            } else {
                vault.masked(&details.applicant)
            },
            status: booking.status,
            moved_to: booking.moved_to.clone(),
            reminder: None,
            problems: Vec::new(),
        }
    }
}

/// One handover as petugas see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoverView {
    /// The number to use in `handover reply ID`.
    pub id: u64,
    /// Channel.
    pub channel: String,
    /// When the resident asked.
    pub opened_at: DateTime<Utc>,
    /// `asked` or `offered`.
    pub reason: String,
    /// Whether it was opened during service hours.
    pub during_hours: bool,
    /// `waiting` (no petugas reply yet), `answered`, or `closed`.
    pub state: String,
    /// What the bot knows: document, reason, masked NIK...
    pub summary: Vec<(String, String)>,
    /// The conversation: (time, `resident`/`petugas`, text).
    pub lines: Vec<(DateTime<Utc>, String, String)>,
    /// Minutes until the first petugas reply.
    pub minutes_to_first_reply: Option<f64>,
}

impl HandoverView {
    fn of(handover: &Handover) -> Self {
        let state = match (&handover.closed, handover.first_reply_at) {
            (Some(_), _) => "closed",
            (None, Some(_)) => "answered",
            (None, None) => "waiting",
        };
        Self {
            id: handover.id,
            channel: handover.user.channel.clone(),
            opened_at: handover.opened_at,
            reason: handover.reason.clone(),
            during_hours: handover.during_hours,
            state: state.to_owned(),
            summary: handover.summary.clone(),
            lines: handover
                .lines
                .iter()
                .map(|line| {
                    let from = match line.from {
                        Party::Resident => "resident",
                        Party::Petugas => "petugas",
                    };
                    (line.at, from.to_owned(), line.text.clone())
                })
                .collect(),
            minutes_to_first_reply: handover.minutes_to_first_reply(),
        }
    }
}

/// What a purge removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeOutcome {
    /// NIKs masked in bookings past the retention period.
    pub niks_masked: usize,
    /// Idle conversations deleted.
    pub sessions_deleted: usize,
    /// Processed message ids forgotten.
    pub message_ids_pruned: usize,
    /// WhatsApp delivery statuses forgotten (older than the retention period).
    #[serde(default)]
    pub delivery_statuses_pruned: usize,
    /// Handover conversations emptied.
    pub handovers_cleared: usize,
    /// Bookings whose files (papers residents sent) were deleted, `berkas.retention_days` after their day.
    #[serde(default)]
    pub berkas_bookings_purged: usize,
    /// Those files.
    #[serde(default)]
    pub berkas_files_deleted: usize,
    /// The retention period applied, in days.
    pub retention_days: u32,
}

/// The petugas behind a desk operation, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    /// The name they give (`--by`, else the system user's name): stated, not verified.
    pub name: String,
    /// What vouches for the request: the system account that owns the data
    /// directory, or the admin token and the address it came from.
    pub via: String,
}

impl Requester {
    /// A desk command working directly on the data directory: only the account owning it can.
    pub fn direct(name: String) -> Self {
        Self { name, via: format!("direct access as {}", system_account()) }
    }
}

/// This process's account, as the system knows it.
fn system_account() -> String {
    #[cfg(unix)]
    {
        format!("uid {}", rustix::process::getuid().as_raw())
    }
    #[cfg(not(unix))]
    {
        "the local account".to_owned()
    }
}

pub use cekbae_bot::storage::AuditEntry;

/// The desk over a running engine. `after_queue` is called after a message
/// was queued for a resident (the server uses it to send at once).
#[derive(Clone)]
pub struct Desk {
    engine: Arc<Engine<Adminduk>>,
    after_queue: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl Desk {
    /// A desk over `engine` (built with an outbox, so queued messages are kept).
    pub fn new(engine: Arc<Engine<Adminduk>>, after_queue: Option<Arc<dyn Fn() + Send + Sync>>) -> Self {
        Self { engine, after_queue }
    }

    /// The engine.
    pub fn engine(&self) -> &Arc<Engine<Adminduk>> {
        &self.engine
    }

    /// Appointments whose pickup day is in `[from, to]` (all when `None`), by
    /// day and ticket. With `reveal`, full NIKs, and an audit entry naming `who`.
    pub fn appointments(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        reveal: bool,
        who: &Requester,
    ) -> anyhow::Result<Vec<AppointmentView>> {
        let bookings = self.engine.store().bookings().all().context("cannot read bookings")?;
        let mut list: Vec<AppointmentView> = bookings
            .iter()
            .filter(|b| within(b.details.date, from, to))
            .map(|b| AppointmentView::of(b, reveal, self.engine.dialogue().vault()))
            .collect();
        list.sort_by(|a, b| a.date.cmp(&b.date).then(a.ticket.cmp(&b.ticket)));
        self.with_notices(&mut list)?;
        if reveal {
            let entry = self.audit_entry("reveal", list.iter().map(|it| it.ticket.clone()).collect(), who);
            self.audit(&entry)?;
            tracing::warn!(who = %who.name, via = %who.via, tickets = entry.tickets.len(), "full NIKs revealed (audited)");
        }
        Ok(list)
    }

    /// Changes an appointment's status; a cancel frees the place and tells the resident. The change, its
    /// audit entry and the message are one write, in the resident's turn.
    pub fn set_status(&self, ticket: &str, status: BookingStatus, who: &Requester) -> anyhow::Result<AppointmentView> {
        self.set_status_with(ticket, status, None, who)
    }

    /// [`Desk::set_status`], and for `done`, whether the resident came with complete papers (`--berkas`),
    /// kept in the booking's check in the same write as the status change.
    pub fn set_status_with(
        &self,
        ticket: &str,
        status: BookingStatus,
        arrival: Option<Arrival>,
        who: &Requester,
    ) -> anyhow::Result<AppointmentView> {
        if arrival.is_some() && status != BookingStatus::Done {
            return Err(Refusal::UnknownArrival.into());
        }
        if status == BookingStatus::Ready {
            return self.ready(ticket, who);
        }
        let dialogue = self.engine.dialogue();
        let store = self.engine.store();
        let booking = store.bookings().get(ticket).context("cannot read bookings")?;
        let booking = booking.ok_or_else(|| Refusal::NoTicket(ticket.to_owned()))?;
        let tickets =
            std::iter::once(ticket.to_owned()).chain(arrival.map(|it| format!("berkas {}", it.word()))).collect();
        let entry = self.audit_entry(status_word(status), tickets, who);
        let now = entry.at;
        let (change, queued) = self.engine.change_for(&booking.details.user, |tx| {
            let change = tx.bookings().set_status(ticket, status)?;
            if let (Some(arrival), StatusChange::Changed { .. } | StatusChange::Unchanged(_)) = (arrival, &change) {
                let mut record = berkas::actions::load(tx, ticket)?;
                record.arrival = Some(arrival);
                berkas::actions::save(tx, &record, now)?;
                if matches!(change, StatusChange::Unchanged(_)) {
                    tx.audit(&entry)?;
                }
            }
            let StatusChange::Changed { before, after } = &change else { return Ok((change, None)) };
            tx.audit(&entry)?;
            let cancelled = after.status == BookingStatus::Cancelled && before.status == BookingStatus::Booked;
            let notice = cancelled.then(|| dialogue.cancelled_notice(after));
            Ok((change, notice))
        })?;
        // An audited change is not lost to a crash right after.
        store.flush().context("cannot flush storage")?;
        let after = match change {
            StatusChange::Changed { after, .. } => {
                tracing::info!(who = %who.name, via = %who.via, ticket, status = ?status, "appointment status changed");
                after
            }
            StatusChange::Unchanged(booking) => booking,
            StatusChange::Refused(booking) => match booking.moved_to {
                Some(to) => return Err(Refusal::Moved(to).into()),
                None => return Err(Refusal::Cancelled.into()),
            },
            StatusChange::NotFound => return Err(Refusal::NoTicket(ticket.to_owned()).into()),
        };
        if queued.is_some() {
            self.queued();
        }
        Ok(AppointmentView::of(&after, false, self.engine.dialogue().vault()))
    }

    /// Handovers, newest first: open ones, or all with `all`.
    pub fn handovers(&self, all: bool) -> anyhow::Result<Vec<HandoverView>> {
        let mut list: Vec<HandoverView> = self
            .engine
            .store()
            .handovers()
            .all()
            .context("cannot read handovers")?
            .iter()
            .filter(|h| all || h.is_open())
            .map(HandoverView::of)
            .collect();
        list.sort_by_key(|it| std::cmp::Reverse(it.opened_at));
        Ok(list)
    }

    /// A petugas's reply, delivered on the resident's channel.
    pub fn reply(&self, id: u64, text: &str) -> anyhow::Result<HandoverView> {
        if text.trim().is_empty() {
            return Err(Refusal::EmptyReply.into());
        }
        let current = self.engine.store().handovers().get(id).context("cannot read handovers")?;
        let current = current.ok_or(Refusal::NoHandover(id))?;
        if !current.is_open() {
            return Err(Refusal::HandoverClosed(id).into());
        }
        let (handover, _) = self.engine.petugas_reply(id, text)?.ok_or(Refusal::NoHandover(id))?;
        self.queued();
        Ok(HandoverView::of(&handover))
    }

    /// Closes a handover; the bot answers the resident again.
    pub fn close(&self, id: u64) -> anyhow::Result<HandoverView> {
        let (handover, queued) = self.engine.close_handover(id)?.ok_or(Refusal::NoHandover(id))?;
        if queued.is_some() {
            self.queued();
        }
        Ok(HandoverView::of(&handover))
    }

    /// The office's report for `[from, to]` (all time when `None`).
    pub fn report(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> anyhow::Result<report::Report> {
        report::build(&self.engine, from, to)
    }

    /// Deletes what the data-protection notice promises to delete.
    pub fn purge(&self) -> anyhow::Result<PurgeOutcome> {
        let retention = apply_retention(&self.engine)?;
        let days = self.engine.dialogue().catalog().retention_days;
        let before = self.engine.now() - chrono::Duration::days(i64::from(days));
        let handovers_cleared =
            self.engine.store().handovers().forget_lines_before(before).context("cannot clear old handovers")?;
        let files = self.purge_files()?;
        Ok(PurgeOutcome {
            handovers_cleared,
            berkas_bookings_purged: files.bookings,
            berkas_files_deleted: files.files,
            ..retention
        })
    }

    /// An audit entry, made now, of `action` by `who` on `tickets` (the tickets, or whatever else it concerns).
    pub(crate) fn audit_entry(&self, action: &str, tickets: Vec<String>, who: &Requester) -> AuditEntry {
        AuditEntry {
            at: self.engine.now(),
            who: who.name.clone(),
            via: who.via.clone(),
            action: action.to_owned(),
            tickets,
            day: None,
        }
    }

    pub(crate) fn audit(&self, entry: &AuditEntry) -> anyhow::Result<()> {
        self.engine.store().audit().append(entry).context("cannot write the audit log")
    }

    /// The audit log, oldest first; only entries made on days in `[from, to]`
    /// (the office's time zone) when given.
    pub fn audit_log(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> anyhow::Result<Vec<AuditEntry>> {
        let calendar = self.engine.dialogue().calendar();
        let all = self.engine.store().audit().all().context("cannot read the audit log")?;
        Ok(all.into_iter().filter(|entry| within(calendar.local_date(entry.at), from, to)).collect())
    }

    pub(crate) fn queued(&self) {
        if let Some(after) = &self.after_queue {
            after();
        }
    }
}

/// Whether `date` lies in the period `[from, to]`; an end not given is open.
pub fn within(date: NaiveDate, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    from.is_none_or(|from| date >= from) && to.is_none_or(|to| date <= to)
}

/// A status as petugas type and read it: `booked`, `done`, `no-show`, `cancelled`.
pub fn status_word(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Booked => "booked",
        BookingStatus::Done => "done",
        BookingStatus::NoShow => "no-show",
        BookingStatus::Cancelled => "cancelled",
        BookingStatus::Moved => "moved",
        BookingStatus::Ready => "ready",
    }
}

/// Parses a status as typed on the command line.
pub fn parse_status(value: &str) -> Option<BookingStatus> {
    match value {
        "done" => Some(BookingStatus::Done),
        "no-show" | "noshow" => Some(BookingStatus::NoShow),
        "cancel" | "cancelled" => Some(BookingStatus::Cancelled),
        "booked" => Some(BookingStatus::Booked),
        "ready" => Some(BookingStatus::Ready),
        _ => None,
    }
}
