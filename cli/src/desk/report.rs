//! `cekbae report`: how many residents the bot served and how satisfied they
//! were, for a period; as JSON, CSV, or aligned text a camat can read.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::BookingStatus;
use cekbae_bot::unsafe_chars::escaped;
use cekbae_bot::{Engine, Say};
use cekbae_dialogues::catalog::{desa_label, document_label, reason_label};
use cekbae_dialogues::survey::{self, UNSUR};
use cekbae_dialogues::{source, Adminduk};

/// The flow's steps, in order; a conversation "reached" a step if it got there or further.
pub const FUNNEL: [&str; 5] = ["menu", "reason", "nik", "schedule", "done"];
/// Unsur names (PermenPANRB 14/2017), for the text report.
const UNSUR_NAMES: [&str; UNSUR] = [
    "Persyaratan",
    "Sistem, mekanisme, prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi layanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Sarana dan prasarana",
    "Penanganan pengaduan",
];

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
    fn steps(&self) -> [usize; 5] {
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
    for conversation in &conversations {
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

fn grade_word(grade: &str) -> &'static str {
    match grade {
        "A" => "Sangat Baik",
        "B" => "Baik",
        "C" => "Kurang Baik",
        _ => "Tidak Baik",
    }
}

/// Indonesian number format with two decimals: 87,50.
fn id2(value: f64) -> String {
    format!("{value:.2}").replace('.', ",")
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "0%".to_owned()
    } else {
        format!("{}%", (part as f64 * 100.0 / whole as f64).round())
    }
}

/// The report as aligned tables in Indonesian, ending with one line of conclusion.
pub fn to_text(report: &Report, engine: &Engine<Adminduk>) -> String {
    let locales = engine.locales();
    // Names come from the data (ids a resident's request carried): escaped, so
    // nothing in them can act on the terminal the report is read in.
    let label = |id: String| escaped(&locales.render(locales.default_locale(), &Say::new(id)));
    let day = |date: NaiveDate| date.format("%d-%m-%Y").to_string();
    let mut out = String::new();
    let office = &engine.dialogue().catalog().office.name;
    let _ = writeln!(out, "LAPORAN CEK BAE WA – {}", escaped(office));
    let period = match (report.from, report.to) {
        (None, None) => "seluruh data".to_owned(),
        (from, to) => format!("{} s.d. {}", from.map_or("awal".to_owned(), day), to.map_or("sekarang".to_owned(), day)),
    };
    let _ = writeln!(out, "Periode: {period}\n");

    let _ = writeln!(out, "PENGGUNA");
    let _ = writeln!(out, "  {:<12} {:>7} {:>11}", "Kanal", "Warga", "Percakapan");
    for (channel, counts) in &report.by_channel {
        let _ = writeln!(out, "  {:<12} {:>7} {:>11}", escaped(channel), counts.users, counts.conversations);
    }
    let _ = writeln!(out, "  {:<12} {:>7} {:>11}\n", "Jumlah", report.users, report.conversations);

    let _ = writeln!(out, "PERMOHONAN PER DOKUMEN");
    for (document, count) in &report.requests.by_document {
        let _ = writeln!(out, "  {:<30} {:>5}", label(document_label(document)), count);
    }
    let _ = writeln!(out, "PERMOHONAN PER KEPERLUAN");
    for (reason, count) in &report.requests.by_reason {
        let _ = writeln!(out, "  {:<30} {:>5}", label(reason_label(reason)), count);
    }
    let _ = writeln!(out, "PERMOHONAN PER DESA (bila warga menyebutkannya)");
    let catalog = engine.dialogue().catalog();
    let desa_row = |desa: &str, count: usize| {
        let code = catalog.desa(desa).map(|it| it.code.as_str()).unwrap_or_default();
        format!("  {:<16} {:<13} {:>5}", label(desa_label(desa)), code, count)
    };
    for (desa, count) in &report.requests.by_desa {
        let _ = writeln!(out, "{}", desa_row(desa, *count));
    }
    let unnamed = report.conversations.saturating_sub(report.requests.by_desa.values().sum());
    let _ = writeln!(out, "  {:<30} {:>5}", "Tidak disebutkan", unnamed);
    let _ = writeln!(out, "WARGA PER DESA ASAL POSTER/TAUTAN");
    for (desa, count) in &report.by_source_desa {
        let _ = writeln!(out, "{}", desa_row(desa, *count));
    }

    let _ = writeln!(out, "\nALUR PERCAKAPAN");
    let _ = writeln!(out, "  {:<22} {:>7} {:>9}", "Tahap", "Sampai", "Berhenti");
    let names = ["Pilih dokumen", "Pilih keperluan", "Kirim NIK", "Pilih jadwal", "Tiket terbit"];
    for ((name, reached), dropped) in names.iter().zip(report.funnel.steps()).zip(report.funnel_dropoff.steps()) {
        let _ = writeln!(out, "  {name:<22} {reached:>7} {dropped:>9}");
    }

    let bookings = &report.bookings;
    let _ = writeln!(out, "\nJADWAL PENGAMBILAN");
    let _ = writeln!(out, "  {:<12} {:>6}", "Tanggal", "Jumlah");
    for (date, count) in &bookings.per_day {
        let _ = writeln!(out, "  {:<12} {:>6}", day(*date), count);
    }
    let _ = writeln!(
        out,
        "  Status: menunggu {}, selesai {}, tidak datang {}, dibatalkan {}, dipindah ke hari lain {}",
        bookings.booked, bookings.done, bookings.no_show, bookings.cancelled, bookings.moved
    );

    let handovers = &report.handovers;
    let waited = handovers
        .median_minutes_to_first_reply
        .map_or("belum ada balasan".to_owned(), |m| format!("median {m} menit sampai balasan pertama"));
    let _ = writeln!(
        out,
        "\nALIH KE PETUGAS: {} (di jam layanan {}, dijawab {}; {waited})",
        handovers.total, handovers.during_hours, handovers.answered
    );

    let skm = &report.skm;
    let _ = writeln!(out, "\nSURVEI KEPUASAN MASYARAKAT (PermenPANRB 14/2017, bobot 1/9)");
    let _ = writeln!(out, "  {:<4} {:<30} {:>5}", "", "Unsur", "NRR");
    for (i, (name, nrr)) in UNSUR_NAMES.iter().zip(&skm.unsur).enumerate() {
        let _ = writeln!(out, "  U{:<3} {:<30} {:>5}", i + 1, name, id2(*nrr));
    }
    let skm_line = match (skm.ikm, &skm.grade) {
        (Some(ikm), Some(grade)) => {
            format!("IKM {} – mutu {grade} ({}), {} responden", id2(ikm), grade_word(grade), skm.respondents)
        }
        _ => "IKM belum dapat dihitung (belum ada responden)".to_owned(),
    };
    let _ = writeln!(out, "  {skm_line}");

    let conclusion = format!(
        "\nKesimpulan: {} warga dilayani dalam {} percakapan; {} tiket terbit ({} percakapan sampai tiket); {}.",
        report.users,
        report.conversations,
        report.funnel.done,
        percent(report.funnel.done, report.conversations),
        match (skm.ikm, &skm.grade) {
            (Some(ikm), Some(grade)) => format!("kepuasan IKM {} ({grade}, {})", id2(ikm), grade_word(grade)),
            _ => "survei kepuasan belum ada responden".to_owned(),
        }
    );
    out.push_str(&super::notice_figures::notice_lines(&report.notices));
    out.push_str(&conclusion);
    out.push('\n');
    out
}

/// The report as `section,key,value` rows.
pub fn to_csv(report: &Report) -> String {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut row = |section: &str, key: &str, value: String| rows.push((section.into(), key.into(), value));
    row("period", "from", report.from.map(|d| d.to_string()).unwrap_or_default());
    row("period", "to", report.to.map(|d| d.to_string()).unwrap_or_default());
    row("users", "total", report.users.to_string());
    row("conversations", "total", report.conversations.to_string());
    for (channel, counts) in &report.by_channel {
        row("users", channel, counts.users.to_string());
        row("conversations", channel, counts.conversations.to_string());
    }
    for (document, count) in &report.requests.by_document {
        row("requests_by_document", document, count.to_string());
    }
    for (reason, count) in &report.requests.by_reason {
        row("requests_by_reason", reason, count.to_string());
    }
    for (desa, count) in &report.requests.by_desa {
        row("requests_by_desa", desa, count.to_string());
    }
    for (desa, count) in &report.by_source_desa {
        row("residents_by_source_desa", desa, count.to_string());
    }
    for ((step, reached), dropped) in FUNNEL.iter().zip(report.funnel.steps()).zip(report.funnel_dropoff.steps()) {
        row("funnel", step, reached.to_string());
        row("funnel_dropoff", step, dropped.to_string());
    }
    let b = &report.bookings;
    let statuses = [
        ("total", b.total),
        ("booked", b.booked),
        ("done", b.done),
        ("no_show", b.no_show),
        ("cancelled", b.cancelled),
        ("moved", b.moved),
    ];
    for (key, value) in statuses {
        row("bookings", key, value.to_string());
    }
    for (date, count) in &b.per_day {
        row("bookings_per_day", &date.to_string(), count.to_string());
    }
    let h = &report.handovers;
    row("handovers", "total", h.total.to_string());
    row("handovers", "answered", h.answered.to_string());
    row(
        "handovers",
        "median_minutes_to_first_reply",
        h.median_minutes_to_first_reply.map(|m| m.to_string()).unwrap_or_default(),
    );
    row("skm", "respondents", report.skm.respondents.to_string());
    for (i, nrr) in report.skm.unsur.iter().enumerate() {
        row("skm", &format!("u{}", i + 1), format!("{nrr:.4}"));
    }
    row("skm", "ikm", report.skm.ikm.map(|it| format!("{it:.2}")).unwrap_or_default());
    row("skm", "grade", report.skm.grade.clone().unwrap_or_default());
    for (section, key, value) in super::notice_figures::notice_rows(&report.notices) {
        row(section, key, value);
    }
    let mut out = String::from("section,key,value\n");
    for (section, key, value) in rows {
        let _ = writeln!(out, "{},{},{}", csv_field(&section), csv_field(&key), csv_field(&value));
    }
    out
}

/// One CSV cell, safe to open in a spreadsheet: a cell that would start a
/// formula (`=`, `+`, `-`, `@`, or a tab or CR before one) gets a leading `'`
/// (OWASP's advice against CSV injection), control characters are escaped,
/// and cells with separators or quotes are quoted.
fn csv_field(value: &str) -> String {
    let mut value = escaped(value);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        value.insert(0, '\'');
    }
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_cells_never_start_a_formula_or_carry_control_characters() {
        assert_eq!(csv_field("ktp_el"), "ktp_el");
        assert_eq!(csv_field("87.50"), "87.50");
        assert_eq!(csv_field("=HYPERLINK(\"http://x\",\"klik\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\"");
        assert_eq!(csv_field("+62812"), "'+62812");
        assert_eq!(csv_field("-1+1"), "'-1+1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }
}
