//! The report as a camat reads it in a terminal (aligned tables, labels from Fluent, ending with one line of
//! conclusion) and as `section,key,value` CSV for a spreadsheet.

use std::fmt::Write as _;

use chrono::NaiveDate;

use cekbae_bot::unsafe_chars::escaped;
use cekbae_bot::{Engine, Say};
use cekbae_dialogues::catalog::{desa_label, document_label, reason_label};
use cekbae_dialogues::survey::UNSUR;
use cekbae_dialogues::Adminduk;

use super::{Report, FUNNEL};

/// Every Fluent message of the text report (the funnel's steps and the unsur come from the desk's).
pub const MESSAGE_IDS: &[&str] = &[
    "desk-text-title",
    "desk-text-period",
    "desk-text-period-all",
    "desk-text-period-range",
    "desk-text-period-start",
    "desk-text-period-now",
    "desk-text-users",
    "desk-text-channel",
    "desk-text-residents",
    "desk-text-conversations",
    "desk-text-total",
    "desk-text-by-document",
    "desk-text-by-reason",
    "desk-text-by-desa",
    "desk-text-desa-unnamed",
    "desk-text-by-source",
    "desk-text-funnel",
    "desk-text-step",
    "desk-text-reached",
    "desk-text-stopped",
    "desk-text-bookings",
    "desk-text-date",
    "desk-text-count",
    "desk-text-statuses",
    "desk-text-handovers",
    "desk-text-no-reply",
    "desk-text-median-reply",
    "desk-text-skm",
    "desk-text-unsur",
    "desk-text-ikm",
    "desk-text-no-ikm",
    "desk-text-conclusion",
    "desk-text-satisfaction",
    "desk-text-no-satisfaction",
    "desk-grade-A",
    "desk-grade-B",
    "desk-grade-C",
    "desk-grade-D",
    "desk-text-berkas",
    "desk-text-berkas-counts",
    "desk-text-berkas-checked",
    "desk-text-berkas-not-checked",
];

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

/// The report as aligned tables in the office's language (labels from Fluent, `desk.ftl`), ending with one
/// line of conclusion.
pub fn to_text(report: &Report, engine: &Engine<Adminduk>) -> String {
    let locales = engine.locales();
    // Names come from the data (ids a resident's request carried) and from translators: escaped, so
    // nothing in them can act on the terminal the report is read in.
    let render = |say: &Say| escaped(&locales.render(locales.default_locale(), say));
    let label = |id: String| render(&Say::new(id));
    let t = |id: &str| render(&Say::new(id));
    let with = |id: &str, args: &[(&str, String)]| {
        render(&args.iter().fold(Say::new(id), |say, (name, value)| say.arg(name, value.clone())))
    };
    let day = |date: NaiveDate| date.format("%d-%m-%Y").to_string();
    let mut out = String::new();
    let office = &engine.dialogue().catalog().office.name;
    let _ = writeln!(out, "{}", with("desk-text-title", &[("office", escaped(office))]));
    let period = match (report.from, report.to) {
        (None, None) => t("desk-text-period-all"),
        (from, to) => with(
            "desk-text-period-range",
            &[
                ("from", from.map_or_else(|| t("desk-text-period-start"), day)),
                ("to", to.map_or_else(|| t("desk-text-period-now"), day)),
            ],
        ),
    };
    let _ = writeln!(out, "{}\n", with("desk-text-period", &[("period", period)]));

    let _ = writeln!(out, "{}", t("desk-text-users"));
    let (channel, residents, conversations) =
        (t("desk-text-channel"), t("desk-text-residents"), t("desk-text-conversations"));
    let _ = writeln!(out, "  {channel:<12} {residents:>7} {conversations:>11}");
    for (channel, counts) in &report.by_channel {
        let _ = writeln!(out, "  {:<12} {:>7} {:>11}", escaped(channel), counts.users, counts.conversations);
    }
    let _ = writeln!(out, "  {:<12} {:>7} {:>11}\n", t("desk-text-total"), report.users, report.conversations);

    let _ = writeln!(out, "{}", t("desk-text-by-document"));
    for (document, count) in &report.requests.by_document {
        let _ = writeln!(out, "  {:<30} {:>5}", label(document_label(document)), count);
    }
    let _ = writeln!(out, "{}", t("desk-text-by-reason"));
    for (reason, count) in &report.requests.by_reason {
        let _ = writeln!(out, "  {:<30} {:>5}", label(reason_label(reason)), count);
    }
    let _ = writeln!(out, "{}", t("desk-text-by-desa"));
    let catalog = engine.dialogue().catalog();
    let desa_row = |desa: &str, count: usize| {
        let code = catalog.desa(desa).map(|it| it.code.as_str()).unwrap_or_default();
        format!("  {:<16} {:<13} {:>5}", label(desa_label(desa)), code, count)
    };
    for (desa, count) in &report.requests.by_desa {
        let _ = writeln!(out, "{}", desa_row(desa, *count));
    }
    let unnamed = report.conversations.saturating_sub(report.requests.by_desa.values().sum());
    let _ = writeln!(out, "  {:<30} {:>5}", t("desk-text-desa-unnamed"), unnamed);
    let _ = writeln!(out, "{}", t("desk-text-by-source"));
    for (desa, count) in &report.by_source_desa {
        let _ = writeln!(out, "{}", desa_row(desa, *count));
    }

    let _ = writeln!(out, "\n{}", t("desk-text-funnel"));
    let (step, reached, stopped) = (t("desk-text-step"), t("desk-text-reached"), t("desk-text-stopped"));
    let _ = writeln!(out, "  {step:<22} {reached:>7} {stopped:>9}");
    for ((step, reached), dropped) in FUNNEL.iter().zip(report.funnel.steps()).zip(report.funnel_dropoff.steps()) {
        let _ = writeln!(out, "  {:<22} {reached:>7} {dropped:>9}", t(&format!("desk-funnel-{step}")));
    }

    let bookings = &report.bookings;
    let _ = writeln!(out, "\n{}", t("desk-text-bookings"));
    let _ = writeln!(out, "  {:<12} {:>6}", t("desk-text-date"), t("desk-text-count"));
    for (date, count) in &bookings.per_day {
        let _ = writeln!(out, "  {:<12} {:>6}", day(*date), count);
    }
    let statuses = [
        ("booked", bookings.booked),
        ("done", bookings.done),
        ("noshow", bookings.no_show),
        ("cancelled", bookings.cancelled),
        ("moved", bookings.moved),
    ];
    let statuses: Vec<(&str, String)> = statuses.iter().map(|(name, n)| (*name, n.to_string())).collect();
    let _ = writeln!(out, "  {}", with("desk-text-statuses", &statuses));

    let handovers = &report.handovers;
    let waited = handovers
        .median_minutes_to_first_reply
        .map_or_else(|| t("desk-text-no-reply"), |m| with("desk-text-median-reply", &[("minutes", m.to_string())]));
    let line = with(
        "desk-text-handovers",
        &[
            ("total", handovers.total.to_string()),
            ("hours", handovers.during_hours.to_string()),
            ("answered", handovers.answered.to_string()),
            ("waited", waited),
        ],
    );
    let _ = writeln!(out, "\n{line}");

    let skm = &report.skm;
    let _ = writeln!(out, "\n{}", t("desk-text-skm"));
    let _ = writeln!(out, "  {:<4} {:<30} {:>5}", "", t("desk-text-unsur"), "NRR");
    for (i, nrr) in skm.unsur.iter().enumerate().take(UNSUR) {
        let _ = writeln!(out, "  U{:<3} {:<30} {:>5}", i + 1, t(&format!("desk-unsur-{}", i + 1)), id2(*nrr));
    }
    let grade_word =
        |grade: &str| t(&format!("desk-grade-{}", if matches!(grade, "A" | "B" | "C") { grade } else { "D" }));
    let skm_line = match (skm.ikm, &skm.grade) {
        (Some(ikm), Some(grade)) => with(
            "desk-text-ikm",
            &[
                ("ikm", id2(ikm)),
                ("grade", grade.clone()),
                ("grade_word", grade_word(grade)),
                ("respondents", skm.respondents.to_string()),
            ],
        ),
        _ => t("desk-text-no-ikm"),
    };
    let _ = writeln!(out, "  {skm_line}");

    let satisfaction = match (skm.ikm, &skm.grade) {
        (Some(ikm), Some(grade)) => with(
            "desk-text-satisfaction",
            &[("ikm", id2(ikm)), ("grade", grade.clone()), ("grade_word", grade_word(grade))],
        ),
        _ => t("desk-text-no-satisfaction"),
    };
    let conclusion = with(
        "desk-text-conclusion",
        &[
            ("users", report.users.to_string()),
            ("conversations", report.conversations.to_string()),
            ("tickets", report.funnel.done.to_string()),
            ("percent", percent(report.funnel.done, report.conversations)),
            ("satisfaction", satisfaction),
        ],
    );
    out.push_str(&crate::desk::notice_figures::notice_lines(&report.notices));
    let b = &report.berkas;
    let _ = writeln!(out, "\n{}", t("desk-text-berkas"));
    let counts = [
        ("bookings", b.bookings_with_files),
        ("files", b.files_received),
        ("items", b.items_checked),
        ("sent", b.results_sent),
        ("complete", b.results_complete),
    ];
    let counts: Vec<(&str, String)> = counts.iter().map(|(name, n)| (*name, n.to_string())).collect();
    let _ = writeln!(out, "  {}", with("desk-text-berkas-counts", &counts));
    for (id, group) in [("desk-text-berkas-checked", &b.checked), ("desk-text-berkas-not-checked", &b.not_checked)] {
        let args = [
            ("served", group.served.to_string()),
            ("recorded", group.recorded.to_string()),
            ("complete", group.complete.to_string()),
            ("percent", group.share_complete.map_or("–".to_owned(), |it| format!("{}%", (it * 100.0).round()))),
        ];
        let _ = writeln!(out, "  {}", with(id, &args));
    }
    let _ = writeln!(out, "\n{conclusion}");
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
    for (section, key, value) in crate::desk::notice_figures::notice_rows(&report.notices) {
        row(section, key, value);
    }
    let b = &report.berkas;
    let share = |it: Option<f64>| it.map(|it| format!("{it:.4}")).unwrap_or_default();
    row("berkas", "bookings_with_files", b.bookings_with_files.to_string());
    row("berkas", "files_received", b.files_received.to_string());
    row("berkas", "items_checked", b.items_checked.to_string());
    row("berkas", "results_sent", b.results_sent.to_string());
    row("berkas", "results_complete", b.results_complete.to_string());
    for (prefix, group) in [("checked", &b.checked), ("not_checked", &b.not_checked)] {
        row("berkas", &format!("{prefix}_served"), group.served.to_string());
        row("berkas", &format!("{prefix}_recorded"), group.recorded.to_string());
        row("berkas", &format!("{prefix}_complete"), group.complete.to_string());
        row("berkas", &format!("{prefix}_share_complete"), share(group.share_complete));
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
