//! The report's charts as inline SVG, drawn on the server (no script, nothing fetched): residents and
//! conversations per day, requests by document and by desa, the funnel, bookings by status, the IKM and
//! its nine unsur. Labels come from the caller (Fluent); everything written into the SVG is escaped.

use std::fmt::Write as _;

use cekbae_dialogues::catalog::{desa_label, document_label};

use super::{Report, FUNNEL};

/// One chart: a key tests and styles find it by, its title, and the SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// e.g. `per-day`.
    pub key: &'static str,
    /// The heading above it.
    pub title: String,
    /// `<svg …>…</svg>`.
    pub svg: String,
}

const WIDTH: f64 = 460.0;
const LABEL_WIDTH: f64 = 190.0;
const ROW: f64 = 26.0;
const BAR: &str = "#0d5c46";
const SECOND: &str = "#e0a31a";

/// Text made safe inside SVG (an XML document).
pub fn xml_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// Horizontal bars, one row per `(label, value, shown)`, scaled to `max` (the largest value when `None`).
pub fn bars(title: &str, rows: &[(String, f64, String)], max: Option<f64>) -> String {
    let height = (rows.len().max(1) as f64) * ROW + 8.0;
    let top = max.unwrap_or_else(|| rows.iter().map(|it| it.1).fold(0.0, f64::max)).max(f64::EPSILON);
    let room = WIDTH - LABEL_WIDTH - 50.0;
    let mut svg = open(title, height);
    if rows.is_empty() {
        let _ = write!(svg, r##"<text x="4" y="20" font-size="13" fill="#56616b">–</text>"##);
    }
    for (i, (label, value, shown)) in rows.iter().enumerate() {
        let y = i as f64 * ROW + 4.0;
        let width = (value / top).clamp(0.0, 1.0) * room;
        let _ = write!(
            svg,
            r##"<text x="{lx}" y="{ty}" font-size="13" text-anchor="end" fill="#1d2327">{label}</text><rect x="{bx}" y="{y}" width="{width:.1}" height="{h}" fill="{BAR}"><title>{label}: {shown}</title></rect><text x="{vx:.1}" y="{ty}" font-size="13" fill="#1d2327">{shown}</text>"##,
            lx = LABEL_WIDTH - 8.0,
            ty = y + 16.0,
            label = xml_escaped(&short(label, 25)),
            bx = LABEL_WIDTH,
            h = ROW - 8.0,
            vx = LABEL_WIDTH + width + 6.0,
            shown = xml_escaped(shown),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Two series of columns per day (residents, conversations), with a legend.
pub fn day_columns(title: &str, legend: [&str; 2], days: &[(String, usize, usize)]) -> String {
    let (height, plot_top, plot_bottom) = (240.0, 28.0, 200.0);
    let top = days.iter().map(|it| it.1.max(it.2)).max().unwrap_or(0).max(1) as f64;
    let slot = (WIDTH - 40.0) / days.len().max(1) as f64;
    let column = (slot / 2.0 - 2.0).clamp(2.0, 18.0);
    let mut svg = open(title, height);
    for (i, (name, colour)) in legend.iter().zip([BAR, SECOND]).enumerate() {
        let x = 40.0 + i as f64 * 170.0;
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/><text x="{tx}" y="17" font-size="13">{name}</text>"#,
            tx = x + 16.0,
            name = xml_escaped(name)
        );
    }
    let _ = write!(
        svg,
        r##"<line x1="36" y1="{plot_bottom}" x2="{WIDTH}" y2="{plot_bottom}" stroke="#a7b1ba"/><text x="32" y="{ty}" font-size="11" text-anchor="end">{top}</text><text x="32" y="{plot_bottom}" font-size="11" text-anchor="end">0</text>"##,
        ty = plot_top + 8.0
    );
    let every = (days.len() / 8).max(1);
    for (i, (day, users, conversations)) in days.iter().enumerate() {
        let x = 40.0 + i as f64 * slot;
        for (j, (value, colour)) in [(*users, BAR), (*conversations, SECOND)].into_iter().enumerate() {
            let h = value as f64 / top * (plot_bottom - plot_top);
            let _ = write!(
                svg,
                r#"<rect x="{cx:.1}" y="{cy:.1}" width="{column:.1}" height="{h:.1}" fill="{colour}"><title>{day}: {value}</title></rect>"#,
                cx = x + j as f64 * (column + 1.0),
                cy = plot_bottom - h,
                day = xml_escaped(day)
            );
        }
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text x="{tx:.1}" y="{ty}" font-size="11" text-anchor="middle">{day}</text>"#,
                tx = x + column,
                ty = plot_bottom + 16.0,
                day = xml_escaped(day)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn open(title: &str, height: f64) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"><title>{}</title>"#,
        xml_escaped(title)
    )
}

/// Every chart of the report, with `label` rendering a Fluent message id in the reader's language.
pub fn all(report: &Report, label: &dyn Fn(&str) -> String) -> Vec<Chart> {
    let count = |n: usize| n.to_string();
    let mut charts = Vec::new();
    let mut chart = |key: &'static str, title_id: &str, svg: &dyn Fn(&str) -> String| {
        let title = label(title_id);
        charts.push(Chart { key, svg: svg(&title), title });
    };
    let days: Vec<(String, usize, usize)> =
        report.per_day.iter().map(|(day, it)| (day.format("%d/%m").to_string(), it.users, it.conversations)).collect();
    let legend = [label("desk-report-users"), label("desk-report-conversations")];
    chart("per-day", "desk-chart-per-day", &|title| day_columns(title, [&legend[0], &legend[1]], &days));
    let rows = |map: &std::collections::BTreeMap<String, usize>, name: &dyn Fn(&str) -> String| {
        let mut rows: Vec<(String, f64, String)> = map.iter().map(|(id, n)| (name(id), *n as f64, count(*n))).collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        rows
    };
    let documents = rows(&report.requests.by_document, &|id| label(&document_label(id)));
    chart("by-document", "desk-chart-documents", &|title| bars(title, &documents, None));
    let desa = rows(&report.requests.by_desa, &|id| label(&desa_label(id)));
    chart("by-desa", "desk-chart-desa", &|title| bars(title, &desa, None));
    let funnel: Vec<(String, f64, String)> = FUNNEL
        .iter()
        .zip(report.funnel.steps())
        .map(|(step, n)| (label(&format!("desk-funnel-{step}")), n as f64, count(n)))
        .collect();
    chart("funnel", "desk-chart-funnel", &|title| bars(title, &funnel, None));
    let b = &report.bookings;
    let statuses: Vec<(String, f64, String)> = [
        ("booked", b.booked),
        ("done", b.done),
        ("no-show", b.no_show),
        ("cancelled", b.cancelled),
        ("moved", b.moved),
    ]
    .into_iter()
    .map(|(status, n)| (label(&format!("desk-status-{status}")), n as f64, count(n)))
    .collect();
    chart("bookings", "desk-chart-bookings", &|title| bars(title, &statuses, None));
    let skm = &report.skm;
    let ikm = skm.ikm.unwrap_or(0.0);
    let ikm_row = vec![(label("desk-report-ikm"), ikm, skm.ikm.map_or("–".to_owned(), |it| format!("{it:.2}")))];
    chart("ikm", "desk-chart-ikm", &|title| bars(title, &ikm_row, Some(100.0)));
    let unsur: Vec<(String, f64, String)> = skm
        .unsur
        .iter()
        .enumerate()
        .map(|(i, nrr)| (format!("U{} {}", i + 1, label(&format!("desk-unsur-{}", i + 1))), *nrr, format!("{nrr:.2}")))
        .collect();
    chart("unsur", "desk-chart-unsur", &|title| bars(title, &unsur, Some(4.0)));
    let berkas = &report.berkas;
    let arrivals: Vec<(String, f64, String)> =
        [("desk-berkas-group-checked", &berkas.checked), ("desk-berkas-group-not-checked", &berkas.not_checked)]
            .into_iter()
            .map(|(id, group)| {
                let share = group.share_complete.unwrap_or(0.0) * 100.0;
                let shown = group
                    .share_complete
                    .map_or("–".to_owned(), |_| format!("{share:.0}% ({}/{})", group.complete, group.recorded));
                (label(id), share, shown)
            })
            .collect();
    chart("berkas", "desk-chart-berkas", &|title| bars(title, &arrivals, Some(100.0)));
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out_of_the_svg() {
        let svg = bars("t<i>", &[("<script>alert(1)</script>".to_owned(), 2.0, "2".to_owned())], None);
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"), "{svg}");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn bars_scale_to_the_largest_value_or_the_given_maximum() {
        let rows = vec![("a".to_owned(), 4.0, "4".to_owned()), ("b".to_owned(), 2.0, "2".to_owned())];
        let svg = bars("t", &rows, None);
        assert!(svg.contains(r#"width="220.0""#) && svg.contains(r#"width="110.0""#), "{svg}");
        let svg = bars("t", &rows, Some(8.0));
        assert!(svg.contains(r#"width="110.0""#) && svg.contains(r#"width="55.0""#), "{svg}");
    }
}
