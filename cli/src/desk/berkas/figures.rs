//! The report's figures on "cek berkas": files received and checked, results sent, and the office's own
//! outcome measure: of the residents served, how many came with complete papers, for those whose papers
//! were checked (a result sent) and those whose were not. Counts only.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{BookingStatus, StorageError, Store};
use cekbae_dialogues::berkas::{Arrival, CheckRecord, BERKAS_CHECK};

/// Served residents of one group and how they came to the counter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArrivalCounts {
    /// Appointments served (done or ready).
    pub served: usize,
    /// Of those, with how they came recorded (`appointments done --berkas`).
    pub recorded: usize,
    /// Of those, with complete papers.
    pub complete: usize,
    /// `complete / recorded` (0–1); none when nothing was recorded.
    pub share_complete: Option<f64>,
}

impl ArrivalCounts {
    fn count(&mut self, arrival: Option<Arrival>) {
        self.served += 1;
        if let Some(arrival) = arrival {
            self.recorded += 1;
            self.complete += usize::from(arrival == Arrival::Complete);
        }
        self.share_complete = (self.recorded > 0).then(|| self.complete as f64 / self.recorded as f64);
    }
}

/// "Cek berkas" in a period (by the appointment's day).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BerkasFigures {
    /// Appointments residents sent files for.
    pub bookings_with_files: usize,
    /// Files received (those stored now and those the retention purge deleted).
    pub files_received: usize,
    /// Items a petugas gave a verdict.
    pub items_checked: usize,
    /// Appointments whose result was sent.
    pub results_sent: usize,
    /// Of those, "lengkap".
    pub results_complete: usize,
    /// Served residents whose papers were checked (a result sent).
    pub checked: ArrivalCounts,
    /// Served residents whose papers were not.
    pub not_checked: ArrivalCounts,
}

/// The figures for appointments whose day is in `[from, to]` (all time when `None`).
pub fn berkas_figures(
    store: &dyn Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<BerkasFigures, StorageError> {
    let records: Vec<CheckRecord> =
        store.records().all(BERKAS_CHECK)?.iter().filter_map(|it| CheckRecord::from_value(&it.value)).collect();
    let subjects = store.files().subjects()?;
    let mut figures = BerkasFigures::default();
    for booking in store.bookings().all()?.iter().filter(|it| crate::desk::within(it.details.date, from, to)) {
        let record = records.iter().find(|it| it.ticket == booking.ticket);
        let stored =
            if subjects.contains(&booking.ticket) { store.files().of_subject(&booking.ticket)?.len() } else { 0 };
        let received = stored + record.map_or(0, |it| it.files_deleted);
        figures.files_received += received;
        figures.bookings_with_files += usize::from(received > 0);
        figures.items_checked += record.map_or(0, |it| it.verdicts.len());
        let sent = record.and_then(|it| it.sent.as_ref());
        figures.results_sent += usize::from(sent.is_some());
        figures.results_complete += usize::from(sent.is_some_and(|it| it.complete));
        if matches!(booking.status, BookingStatus::Done | BookingStatus::Ready) {
            let group = if sent.is_some() { &mut figures.checked } else { &mut figures.not_checked };
            group.count(record.and_then(|it| it.arrival));
        }
    }
    Ok(figures)
}
