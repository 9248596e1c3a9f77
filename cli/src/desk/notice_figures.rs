//! The report's figures on the messages the office sends on its own: reminders sent and how residents
//! answered them (came, changed the day, cancelled), "document ready" notices, and the no-show rate of
//! appointments with and without a reminder. Figures only; the report's presentation calls
//! [`notice_figures`] and [`notice_lines`] / [`notice_rows`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{BookingStatus, StorageError, Store};
use cekbae_dialogues::adminduk::{ReminderAnswer, ReminderRecord, READY_NOTICES, REMINDERS};

/// Reminders and notices in a period (by the appointment's day).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeFigures {
    /// Reminders sent.
    pub reminders_sent: usize,
    /// Answered "Saya datang".
    pub came: usize,
    /// Answered "Ganti hari".
    pub changed: usize,
    /// Answered "Batalkan".
    pub cancelled: usize,
    /// Not answered.
    pub unanswered: usize,
    /// "Document ready" notices sent.
    pub ready_notices: usize,
    /// Share of no-shows among appointments with a known outcome that had a reminder (0–1).
    pub no_show_rate_reminded: Option<f64>,
    /// The same without a reminder.
    pub no_show_rate_not_reminded: Option<f64>,
}

/// The figures for appointments whose day is in `[from, to]` (all time when `None`).
pub fn notice_figures(
    store: &dyn Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<NoticeFigures, StorageError> {
    let within = |date: NaiveDate| super::within(date, from, to);
    let reminders: Vec<ReminderRecord> = store
        .records()
        .all(REMINDERS)?
        .into_iter()
        .filter_map(|it| serde_json::from_value::<ReminderRecord>(it.value).ok())
        .filter(|it| within(it.date))
        .collect();
    let mut figures = NoticeFigures { reminders_sent: reminders.len(), ..NoticeFigures::default() };
    for reminder in &reminders {
        match reminder.answer {
            Some(ReminderAnswer::Came) => figures.came += 1,
            Some(ReminderAnswer::Changed) => figures.changed += 1,
            Some(ReminderAnswer::Cancelled) => figures.cancelled += 1,
            None => figures.unanswered += 1,
        }
    }
    let bookings = store.bookings().all()?;
    let in_period = |ticket: &str| bookings.iter().any(|b| b.ticket == ticket && within(b.details.date));
    figures.ready_notices = store.records().all(READY_NOTICES)?.iter().filter(|it| in_period(&it.key)).count();
    // (no-shows, outcomes known) with and without a reminder.
    let mut counts = [(0usize, 0usize); 2];
    for booking in bookings.iter().filter(|b| within(b.details.date)) {
        let no_show = match booking.status {
            BookingStatus::NoShow => true,
            BookingStatus::Done | BookingStatus::Ready => false,
            _ => continue,
        };
        let reminded = reminders.iter().any(|it| it.ticket == booking.ticket);
        let slot = &mut counts[usize::from(reminded)];
        slot.0 += usize::from(no_show);
        slot.1 += 1;
    }
    let rate = |(no_shows, known): (usize, usize)| (known > 0).then(|| no_shows as f64 / known as f64);
    figures.no_show_rate_not_reminded = rate(counts[0]);
    figures.no_show_rate_reminded = rate(counts[1]);
    Ok(figures)
}

/// The figures as lines of the text report (Indonesian, like the rest of it).
pub fn notice_lines(figures: &NoticeFigures) -> String {
    let rate = |it: Option<f64>| it.map_or("–".to_owned(), |it| format!("{}%", (it * 100.0).round()));
    format!(
        "\nPengingat & pemberitahuan\n  Pengingat terkirim        {}\n  Dijawab datang            {}\n  Dijawab ganti hari        {}\n  Dijawab batal             {}\n  Belum dijawab             {}\n  Pemberitahuan dokumen siap {}\n  Tidak datang (dengan pengingat)  {}\n  Tidak datang (tanpa pengingat)   {}\n",
        figures.reminders_sent,
        figures.came,
        figures.changed,
        figures.cancelled,
        figures.unanswered,
        figures.ready_notices,
        rate(figures.no_show_rate_reminded),
        rate(figures.no_show_rate_not_reminded),
    )
}

/// The figures as `(section, key, value)` rows of the CSV report.
pub fn notice_rows(figures: &NoticeFigures) -> Vec<(&'static str, &'static str, String)> {
    let rate = |it: Option<f64>| it.map(|it| format!("{it:.4}")).unwrap_or_default();
    vec![
        ("notices", "reminders_sent", figures.reminders_sent.to_string()),
        ("notices", "came", figures.came.to_string()),
        ("notices", "changed", figures.changed.to_string()),
        ("notices", "cancelled", figures.cancelled.to_string()),
        ("notices", "unanswered", figures.unanswered.to_string()),
        ("notices", "ready_notices", figures.ready_notices.to_string()),
        ("notices", "no_show_rate_reminded", rate(figures.no_show_rate_reminded)),
        ("notices", "no_show_rate_not_reminded", rate(figures.no_show_rate_not_reminded)),
    ]
}
