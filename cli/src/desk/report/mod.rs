//! `cekbae report`: how many residents the bot served and how satisfied they
//! were, for a period. This module builds the figures (pure data, the JSON of
//! `cekbae report --format json`); [`text`] presents them as text and CSV,
//! [`charts`] as inline SVG for the desk in the browser.

pub mod charts;
pub mod text;

pub use text::{to_csv, to_text};

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::BookingStatus;
use cekbae_bot::Engine;
use cekbae_dialogues::survey;
use cekbae_dialogues::{source, Adminduk};

/// The flow's steps, in order; a conversation "reached" a step if it got there or further.
pub const FUNNEL: [&str; 5] = ["menu", "reason", "nik", "schedule", "done"];

/// Residents and conversations on one channel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelCounts {
    /// Distinct residents.
    pub users: usize,
    /// Conversations.
    pub conversations: usize,
}

/// Counts per step of the flow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    /// Conversations that started.
    pub menu: usize,
    /// ... that got to the reason (or further).
    pub reason: usize,
    /// ... to the NIK.
    pub nik: usize,
    /// ... to choosing a day.
    pub schedule: usize,
    /// ... to a ticket.
    pub done: usize,
}

impl Funnel {
    /// The counts in [`FUNNEL`] order.
    pub fn steps(&self) -> [usize; 5] {
        [self.menu, self.reason, self.nik, self.schedule, self.done]
    }

    fn from_steps(steps: [usize; 5]) -> Self {
        Self { menu: steps[0], reason: steps[1], nik: steps[2], schedule: steps[3], done: steps[4] }
    }
}

/// Requests by what was asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requests {
    /// Conversations per document id.
    pub by_document: BTreeMap<String, usize>,
    /// Conversations per reason id.
    pub by_reason: BTreeMap<String, usize>,
    /// Conversations per desa id, where the resident named their desa.
    #[serde(default)]
    pub by_desa: BTreeMap<String, usize>,
}

/// Appointments by pickup day and status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookings {
    /// All appointments in the period.
    pub total: usize,
    /// Per pickup day.
    pub per_day: BTreeMap<NaiveDate, usize>,
    /// Waiting.
    pub booked: usize,
    /// Served.
    pub done: usize,
    /// Did not come.
    pub no_show: usize,
    /// Cancelled.
    pub cancelled: usize,
    /// Moved to another day because the office closed theirs; each is counted
    /// again, under its new ticket and day, and not in `total` or `per_day`.
    #[serde(default)]
    pub moved: usize,
}

/// Handovers to a person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Handovers {
    /// All handovers opened in the period.
    pub total: usize,
    /// Opened during service hours.
    pub during_hours: usize,
    /// With at least one petugas reply.
    pub answered: usize,
    /// Median minutes from the request to the first petugas reply.
    pub median_minutes_to_first_reply: Option<f64>,
    /// Mean of the same.
    pub mean_minutes_to_first_reply: Option<f64>,
}

/// The satisfaction index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Skm {
    /// Responses with at least one answer.
    pub respondents: usize,
    /// NRR of u1…u9 (1–4; 0 when nobody answered).
    pub unsur: Vec<f64>,
    /// IKM on the 25–100 scale.
    pub ikm: Option<f64>,
    /// `A`, `B`, `C` or `D`.
    pub grade: Option<String>,
    /// The weight per unsur used: exactly 1/9.
    pub weight: String,
}

/// The whole report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// First day (office-local), or all time.
    pub from: Option<NaiveDate>,
    /// Last day, or all time.
    pub to: Option<NaiveDate>,
    /// Distinct residents.
    pub users: usize,
    /// Conversations.
    pub conversations: usize,
    /// Per channel.
    pub by_channel: BTreeMap<String, ChannelCounts>,
    /// Residents and conversations per day a conversation started (office-local).
    #[serde(default)]
    pub per_day: BTreeMap<NaiveDate, ChannelCounts>,
    /// Distinct residents per desa whose poster or link they came from (its mark).
    #[serde(default)]
    pub by_source_desa: BTreeMap<String, usize>,
    /// What was asked.
    pub requests: Requests,
    /// How far conversations got.
    pub funnel: Funnel,
    /// Conversations that stopped at each step.
    pub funnel_dropoff: Funnel,
    /// Appointments.
    pub bookings: Bookings,
    /// Handovers to a person.
    pub handovers: Handovers,
    /// Satisfaction (SKM/IKM).
    pub skm: Skm,
    /// Reminders, their answers, ready notices, no-shows with and without a reminder.
    #[serde(default)]
    pub notices: super::notice_figures::NoticeFigures,
    /// "Cek berkas": files received and checked, results sent, and who came with complete papers.
    #[serde(default)]
    pub berkas: super::berkas::figures::BerkasFigures,
}

/// Builds the report from the stores.
pub fn build(engine: &Engine<Adminduk>, from: Option<NaiveDate>, to: Option<NaiveDate>) -> anyhow::Result<Report> {
    let calendar = engine.dialogue().calendar();
    let within = |date: NaiveDate| super::within(date, from, to);
    let mut report = Report { from, to, ..Report::default() };

    let conversations: Vec<_> =
        engine.store().statistics().all()?.into_iter().filter(|c| within(calendar.local_date(c.started_at))).collect();
    let mut residents: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    let mut steps = [0usize; 5];
    let mut by_source: BTreeMap<&str, std::collections::BTreeSet<(&str, &str)>> = BTreeMap::new();
    let mut per_day: BTreeMap<NaiveDate, std::collections::BTreeSet<(&str, &str)>> = BTreeMap::new();
    for conversation in &conversations {
        let day = calendar.local_date(conversation.started_at);
        per_day.entry(day).or_default().insert((&conversation.channel, &conversation.resident));
        report.per_day.entry(day).or_default().conversations += 1;
        residents.entry(conversation.channel.as_str()).or_default().insert(conversation.resident.as_str());
        if let Some(desa) = conversation.facts.get(source::FACT) {
            by_source.entry(desa).or_default().insert((&conversation.channel, &conversation.resident));
        }
        report.by_channel.entry(conversation.channel.clone()).or_default().conversations += 1;
        if let Some(document) = conversation.facts.get("document") {
            *report.requests.by_document.entry(document.clone()).or_default() += 1;
        }
        if let Some(reason) = conversation.facts.get("reason") {
            *report.requests.by_reason.entry(reason.clone()).or_default() += 1;
        }
        if let Some(desa) = conversation.facts.get("desa") {
            *report.requests.by_desa.entry(desa.clone()).or_default() += 1;
        }
        // The survey comes after the ticket: it counts as done.
        let furthest = conversation
            .states
            .iter()
            .filter_map(|state| if state == "survey" { Some(4) } else { FUNNEL.iter().position(|s| s == state) })
            .max()
            .unwrap_or(0);
        for step in steps.iter_mut().take(furthest + 1) {
            *step += 1;
        }
    }
    for (channel, set) in &residents {
        report.by_channel.entry((*channel).to_owned()).or_default().users = set.len();
    }
    let all_residents: std::collections::BTreeSet<(&str, &str)> =
        residents.iter().flat_map(|(channel, set)| set.iter().map(move |r| (*channel, *r))).collect();
    report.users = all_residents.len();
    for (day, set) in per_day {
        report.per_day.entry(day).or_default().users = set.len();
    }
    report.by_source_desa = by_source.into_iter().map(|(desa, set)| (desa.to_owned(), set.len())).collect();
    report.conversations = conversations.len();
    report.funnel = Funnel::from_steps(steps);
    // Reaching a step means reaching every one before it, so the counts only fall.
    let mut dropoff = [0usize; 5];
    for i in 0..4 {
        dropoff[i] = steps[i] - steps[i + 1];
    }
    report.funnel_dropoff = Funnel::from_steps(dropoff);

    for booking in engine.store().bookings().all()? {
        if !within(booking.details.date) {
            continue;
        }
        let bookings = &mut report.bookings;
        if booking.status == BookingStatus::Moved {
            bookings.moved += 1;
            continue;
        }
        bookings.total += 1;
        *bookings.per_day.entry(booking.details.date).or_default() += 1;
        match booking.status {
            BookingStatus::Booked => bookings.booked += 1,
            BookingStatus::Done | BookingStatus::Ready => bookings.done += 1,
            BookingStatus::NoShow => bookings.no_show += 1,
            BookingStatus::Cancelled => bookings.cancelled += 1,
            BookingStatus::Moved => {}
        }
    }

    let handovers: Vec<_> =
        engine.store().handovers().all()?.into_iter().filter(|h| within(calendar.local_date(h.opened_at))).collect();
    let mut minutes: Vec<f64> = handovers.iter().filter_map(|h| h.minutes_to_first_reply()).collect();
    minutes.sort_by(f64::total_cmp);
    report.handovers = Handovers {
        total: handovers.len(),
        during_hours: handovers.iter().filter(|h| h.during_hours).count(),
        answered: minutes.len(),
        median_minutes_to_first_reply: median(&minutes),
        mean_minutes_to_first_reply: (!minutes.is_empty())
            .then(|| round1(minutes.iter().sum::<f64>() / minutes.len() as f64)),
    };

    let responses: Vec<_> = engine.store().surveys().all()?.into_iter().filter(|r| within(r.date)).collect();
    let index = survey::index(&responses);
    report.skm = Skm {
        respondents: index.respondents,
        unsur: index.unsur.to_vec(),
        ikm: index.ikm,
        grade: index.grade.map(|it| it.to_string()),
        weight: "1/9".to_owned(),
    };
    report.notices = super::notice_figures::notice_figures(&**engine.store(), from, to)?;
    report.berkas = super::berkas::figures::berkas_figures(&**engine.store(), from, to)?;
    Ok(report)
}

fn median(sorted: &[f64]) -> Option<f64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(round1(sorted[n / 2])),
        n => Some(round1((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0)),
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}
