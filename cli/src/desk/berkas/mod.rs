//! "Cek berkas" at the desk: the bookings residents sent papers for, one booking's items with the files
//! under each and the petugas's verdicts, a file opened (audited), and where the result to the resident
//! stands (`delivery`). The changes (a verdict, a file moved, the result sent) are in [`actions`]; the
//! report's figures in [`figures`]; the retention purge of the files in [`purge`].

pub mod actions;
mod delivery;
pub mod figures;
pub mod purge;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{Booking, BookingStatus, FileMeta};
use cekbae_dialogues::berkas::{items, CheckRecord, CheckState, ItemVerdict, SentResult, BERKAS_CHECK};

use super::refusal::Refusal;
use super::{Desk, Requester};
use delivery::Deliveries;
pub use delivery::Delivery;

/// Every Fluent message the berkas pages and commands use (`desk.ftl`); `cekbae check` proves each exists.
pub const MESSAGE_IDS: &[&str] = &[
    "desk-nav-berkas",
    "desk-berkas-title",
    "desk-berkas-item-title",
    "desk-berkas-day",
    "desk-berkas-all-days",
    "desk-berkas-none",
    "desk-berkas-count",
    "desk-berkas-row",
    "desk-berkas-pending",
    "desk-berkas-state-unchecked",
    "desk-berkas-state-partly",
    "desk-berkas-state-checked",
    "desk-berkas-state-sent",
    "desk-berkas-delivery-not-sent",
    "desk-berkas-delivery-queued",
    "desk-berkas-delivery-queued-template",
    "desk-berkas-delivery-sent",
    "desk-berkas-delivery-undelivered",
    "desk-berkas-show-head",
    "desk-berkas-item",
    "desk-berkas-item-note",
    "desk-berkas-no-verdict",
    "desk-berkas-file",
    "desk-berkas-no-files",
    "desk-berkas-unfiled",
    "desk-berkas-sent-at",
    "desk-berkas-result-complete",
    "desk-berkas-result-incomplete",
    "desk-berkas-saved",
    "desk-berkas-audited",
    "desk-berkas-verdict-given",
    "desk-berkas-sent",
    "desk-col-files",
    "desk-col-check",
    "desk-col-result",
    "desk-col-day",
    "desk-berkas-open",
    "desk-berkas-view",
    "desk-berkas-verdict-label",
    "desk-berkas-note",
    "desk-berkas-save-verdict",
    "desk-berkas-move-to",
    "desk-berkas-move",
    "desk-berkas-send",
    "desk-berkas-send-hint",
    "desk-berkas-delivery-held",
    "desk-ok-verdict",
    "desk-ok-moved",
    "desk-ok-berkas-sent",
    "desk-berkas-arrival-label",
    "desk-berkas-arrival-none",
    "desk-berkas-arrival-lengkap",
    "desk-berkas-arrival-tidak-lengkap",
    "desk-chart-berkas",
    "desk-berkas-group-checked",
    "desk-berkas-group-not-checked",
    "desk-report-berkas-files",
    "desk-report-berkas-sent",
];

impl Delivery {
    /// The Fluent message saying where the result stands, with its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Delivery::NotSent => ("desk-berkas-delivery-not-sent", Vec::new()),
            Delivery::Queued { in_window: true } => ("desk-berkas-delivery-queued", Vec::new()),
            Delivery::Queued { in_window: false } => ("desk-berkas-delivery-queued-template", Vec::new()),
            Delivery::Sent => ("desk-berkas-delivery-sent", Vec::new()),
            Delivery::Held => ("desk-berkas-delivery-held", Vec::new()),
            Delivery::Undelivered { reason, .. } => {
                ("desk-berkas-delivery-undelivered", vec![("reason", reason.clone())])
            }
        }
    }
}

/// The booking a check is about, as the list and the page head it (no NIK).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BerkasBooking {
    /// The booking's ticket.
    pub ticket: String,
    /// Its day.
    pub date: NaiveDate,
    /// Document id.
    pub document: String,
    /// Reason id.
    pub reason: String,
    /// Channel.
    pub channel: String,
    /// The booking's status.
    pub status: BookingStatus,
}

impl BerkasBooking {
    fn of(booking: &Booking) -> Self {
        Self {
            ticket: booking.ticket.clone(),
            date: booking.details.date,
            document: booking.details.service.clone(),
            reason: booking.details.reason.clone(),
            channel: booking.details.user.channel.clone(),
            status: booking.status,
        }
    }
}

/// One booking in the list of `cekbae berkas list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BerkasSummary {
    /// The booking (its fields at the top level of the JSON).
    #[serde(flatten)]
    pub booking: BerkasBooking,
    /// Files stored.
    pub files: usize,
    /// Files announced and still being fetched.
    pub pending: usize,
    /// Items of its requirement list.
    pub items: usize,
    /// Items with a verdict.
    pub judged: usize,
    /// Where the check stands.
    pub state: CheckState,
    /// Where the result to the resident stands.
    pub delivery: Delivery,
}

/// One stored file, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    /// Its id (for `show --save`, the web desk's view and moving it).
    pub id: u64,
    /// `image/jpeg`, `application/pdf` …
    pub mime_type: String,
    /// Bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
    /// When the resident sent it.
    pub received_at: DateTime<Utc>,
}

impl FileView {
    fn of(meta: &FileMeta) -> Self {
        Self {
            id: meta.id,
            mime_type: meta.mime_type.clone(),
            size: meta.size,
            sha256: meta.sha256.clone(),
            received_at: meta.received_at,
        }
    }

    /// A file name for it: `<ticket>-<item>-<id>.<ext>`.
    pub fn file_name(&self, ticket: &str, item: u32) -> String {
        format!("{ticket}-{item}-{}.{}", self.id, extension(&self.mime_type))
    }
}

/// The usual extension of an accepted type.
pub fn extension(mime_type: &str) -> &'static str {
    match mime_type.split(';').next().unwrap_or_default().trim() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "application/pdf" => "pdf",
        _ => "bin",
    }
}

/// One item of a booking's requirement list, with its files and verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    /// Its number, from 1.
    pub number: u32,
    /// Its Fluent id (the requirement's label).
    pub label: String,
    /// The files filed under it.
    pub files: Vec<FileView>,
    /// The petugas's verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<ItemVerdict>,
}

/// One booking's check, as `cekbae berkas show` and the web desk show it. No NIK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BerkasView {
    /// The booking (its fields at the top level of the JSON).
    #[serde(flatten)]
    pub booking: BerkasBooking,
    /// The items, in order.
    pub items: Vec<ItemView>,
    /// Files under a number the requirement list does not have (the list changed since).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unfiled: Vec<(u32, FileView)>,
    /// Files still being fetched.
    pub pending: usize,
    /// Where the check stands.
    pub state: CheckState,
    /// The last result sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<SentResult>,
    /// Where that result stands.
    pub delivery: Delivery,
}

impl Desk {
    /// Bookings with files (stored or being fetched) or a check, by day and ticket; only those of day `date`
    /// when given.
    pub fn berkas_list(&self, date: Option<NaiveDate>) -> anyhow::Result<Vec<BerkasSummary>> {
        let store = self.engine.store();
        let mut tickets = store.files().subjects().context("cannot read the files")?;
        let records = self.check_records()?;
        tickets.extend(records.iter().filter(|it| !it.verdicts.is_empty()).map(|it| it.ticket.clone()));
        tickets.sort();
        tickets.dedup();
        let deliveries = Deliveries::new(self);
        let mut list = Vec::new();
        for ticket in tickets {
            let Some(booking) = store.bookings().get(&ticket).context("cannot read bookings")? else { continue };
            if date.is_some_and(|date| booking.details.date != date) {
                continue;
            }
            let view = self.berkas_view(&booking, &records, &deliveries)?;
            list.push(BerkasSummary {
                booking: view.booking,
                files: view.items.iter().map(|it| it.files.len()).sum::<usize>() + view.unfiled.len(),
                pending: view.pending,
                items: view.items.len(),
                judged: view.items.iter().filter(|it| it.verdict.is_some()).count(),
                state: view.state,
                delivery: view.delivery,
            });
        }
        list.sort_by(|a, b| a.booking.date.cmp(&b.booking.date).then(a.booking.ticket.cmp(&b.booking.ticket)));
        Ok(list)
    }

    /// One booking's check; audited (`berkas-show`), since it shows what a resident sent.
    pub fn berkas_show(&self, ticket: &str, who: &Requester) -> anyhow::Result<BerkasView> {
        let view = self.berkas_show_unaudited(ticket)?;
        self.audit(&self.audit_entry("berkas-show", vec![ticket.to_owned()], who))?;
        Ok(view)
    }

    /// A file of `ticket`, opened; audited (`berkas-view`, the ticket and the file) with who opened it.
    pub fn berkas_file(&self, ticket: &str, file: u64, who: &Requester) -> anyhow::Result<(FileView, Vec<u8>)> {
        let content = self.engine.store().files().content(file).context("cannot read a file")?;
        let Some((meta, bytes)) = content.filter(|(meta, _)| meta.subject == ticket) else {
            return Err(Refusal::NoFile(file).into());
        };
        self.audit(&self.audit_entry("berkas-view", vec![ticket.to_owned(), format!("file {file}")], who))?;
        tracing::info!(who = %who.name, via = %who.via, ticket, file, "a resident's file opened (audited)");
        Ok((FileView::of(&meta), bytes))
    }

    pub(super) fn booking(&self, ticket: &str) -> anyhow::Result<Booking> {
        let booking = self.engine.store().bookings().get(ticket).context("cannot read bookings")?;
        booking.ok_or_else(|| Refusal::NoTicket(ticket.to_owned()).into())
    }

    pub(super) fn check_records(&self) -> anyhow::Result<Vec<CheckRecord>> {
        let stored = self.engine.store().records().all(BERKAS_CHECK).context("cannot read the checks")?;
        Ok(stored.iter().filter_map(|it| CheckRecord::from_value(&it.value)).collect())
    }

    /// The check of `ticket` as it is now, not audited (after a change the petugas is looking at already).
    pub(super) fn berkas_show_unaudited(&self, ticket: &str) -> anyhow::Result<BerkasView> {
        let booking = self.booking(ticket)?;
        self.berkas_view(&booking, &self.check_records()?, &Deliveries::new(self))
    }

    fn berkas_view(
        &self,
        booking: &Booking,
        records: &[CheckRecord],
        deliveries: &Deliveries<'_>,
    ) -> anyhow::Result<BerkasView> {
        let files = self.engine.store().files();
        let ticket = &booking.ticket;
        let stored = files.of_subject(ticket).context("cannot read the files")?;
        let pending = files.pending_of_subject(ticket).context("cannot read the files")?.len();
        let record =
            records.iter().find(|it| it.ticket == *ticket).cloned().unwrap_or_else(|| CheckRecord::new(ticket));
        let labels = items(self.engine.dialogue().catalog(), booking);
        let items: Vec<ItemView> = labels
            .iter()
            .enumerate()
            .map(|(index, label)| {
                let number = index as u32 + 1;
                ItemView {
                    number,
                    label: label.clone(),
                    files: stored.iter().filter(|it| it.slot == number).map(FileView::of).collect(),
                    verdict: record.verdicts.get(&number).cloned(),
                }
            })
            .collect();
        let unfiled = stored
            .iter()
            .filter(|it| it.slot == 0 || it.slot as usize > labels.len())
            .map(|it| (it.slot, FileView::of(it)))
            .collect();
        Ok(BerkasView {
            booking: BerkasBooking::of(booking),
            state: record.state(labels.len()),
            delivery: deliveries.of(ticket, record.sent.as_ref())?,
            sent: record.sent,
            items,
            unfiled,
            pending,
        })
    }
}
