//! The A4 poster as SVG: the service's name and what it does, the QR code of its link,
//! the number (or the Telegram bot), the office's hours and three example messages,
//! all from Fluent and the catalog. Laid out in millimetres on a 210 × 297 page: the
//! top from the top, the rest from the bottom, the QR code as large as the space left.

use std::fmt::Write as _;

use anyhow::{bail, Context};
use qrcode::{Color, EcLevel, QrCode};

use cekbae_bot::{Locales, Say};
use cekbae_dialogues::Catalog;

use super::fonts::{self, Weight};
use super::link::Link;

/// A4, in millimetres.
pub const PAGE_WIDTH: f32 = 210.0;
/// A4, in millimetres.
pub const PAGE_HEIGHT: f32 = 297.0;
const MARGIN: f32 = 15.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const CENTRE: f32 = PAGE_WIDTH / 2.0;
/// The QR code's side: at most this, at least [`QR_SMALLEST`] (a phone a metre away still reads it).
const QR_LARGEST: f32 = 90.0;
const QR_SMALLEST: f32 = 45.0;
/// Light modules around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;
const GREEN: &str = "#0b6e4f";
const YELLOW: &str = "#f2b705";
const INK: &str = "#1d1d1b";
const GREY: &str = "#5f5f5f";
/// WhatsApp's colour for a message one has sent.
const BUBBLE: &str = "#dcf8c6";

/// The poster's words, rendered in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosterText {
    /// `CEK BAE WA`.
    pub service: String,
    /// `Cek Berkas Lewat WhatsApp`.
    pub service_long: String,
    /// Whose service it is.
    pub tagline: String,
    /// For which desa, when the poster is a desa's.
    pub desa: Option<String>,
    /// What the service does.
    pub what: String,
    /// How to reach it.
    pub scan: String,
    /// The number or the bot, for people.
    pub address: String,
    /// The office's hours.
    pub hours: String,
    /// `Contoh pesan:`.
    pub examples_title: String,
    /// Three messages a resident could send.
    pub examples: [String; 3],
    /// Free of charge, data protected.
    pub footer: String,
}

impl PosterText {
    /// Renders every message in `locale` (missing ones fall back to Indonesian), with the
    /// office's name and hours from the catalog.
    pub fn render(locales: &Locales, locale: &str, catalog: &Catalog, link: &Link, desa: Option<&str>) -> Self {
        let say = |say: Say| locales.render(locale, &say);
        let plain = |id: &str| say(Say::new(id));
        let hours = |time: chrono::NaiveTime| time.format("%H.%M").to_string();
        let scan = match link.channel {
            cekbae_adapter_telegram::CHANNEL => "poster-scan-telegram",
            _ => "poster-scan-whatsapp",
        };
        Self {
            service: plain("poster-service"),
            service_long: plain("poster-service-long"),
            tagline: say(Say::new("poster-tagline").arg("office", catalog.office.name.clone())),
            desa: desa.map(|name| say(Say::new("poster-desa").arg("desa", name))),
            what: plain("poster-what"),
            scan: plain(scan),
            address: link.address.clone(),
            hours: say(Say::new("poster-hours")
                .arg("opens", hours(catalog.schedule.opens))
                .arg("closes", hours(catalog.schedule.closes))),
            examples_title: plain("poster-examples"),
            examples: ["poster-example-1", "poster-example-2", "poster-example-3"].map(plain),
            footer: plain("poster-footer"),
        }
    }
}

/// The poster for `link`, as an SVG document sized 210 mm × 297 mm.
pub fn svg(text: &PosterText, link: &str) -> anyhow::Result<String> {
    let mut page = Page::default();
    // The band with the service's name, as tall as its lines need.
    let long = Block::new(&text.service_long, 7.0, Weight::Regular, "#ffffff");
    let tagline = Block::new(&text.tagline, 5.2, Weight::Bold, "#ffffff");
    let long_top = 36.0;
    let tagline_top = long_top + long.height() + 1.5;
    let band = (tagline_top + tagline.height() + 3.5).max(62.0);
    page.rect(0.0, 0.0, PAGE_WIDTH, band, 0.0, GREEN);
    page.line(&text.service, CENTRE, 30.0, fitted(&text.service, 22.0, Weight::Bold), Weight::Bold, "#ffffff");
    page.block(&long, long_top);
    page.block(&tagline, tagline_top);
    let mut top = band;
    if let Some(desa) = &text.desa {
        let ribbon = 13.0;
        page.rect(0.0, top, PAGE_WIDTH, ribbon, 0.0, YELLOW);
        page.line(desa, CENTRE, top + 8.8, fitted(desa, 6.5, Weight::Bold), Weight::Bold, INK);
        top += ribbon;
    }
    top += 8.0;
    let what = Block::new(&text.what, 5.0, Weight::Regular, INK);
    page.block(&what, top);
    top += what.height();

    // From the bottom up: footer, examples, hours, the address, how to reach it.
    let mut bottom = PAGE_HEIGHT - 10.0;
    let footer = Block::new(&text.footer, 3.8, Weight::Regular, GREY);
    bottom -= footer.height();
    page.block(&footer, bottom);
    bottom -= 6.0;
    bottom = page.examples(&text.examples_title, &text.examples, bottom);
    bottom -= 6.0;
    let hours = Block::new(&text.hours, 4.5, Weight::Regular, INK);
    bottom -= hours.height();
    page.block(&hours, bottom);
    bottom -= 5.0;
    let address_size = fitted(&text.address, 12.0, Weight::Bold);
    bottom -= address_size * 1.25;
    page.line(&text.address, CENTRE, bottom + address_size, address_size, Weight::Bold, GREEN);
    bottom -= 2.0;
    let scan = Block::new(&text.scan, 4.8, Weight::Regular, INK);
    bottom -= scan.height();
    page.block(&scan, bottom);

    // The QR code takes the space between.
    let room = bottom - top - 10.0;
    let side = room.min(QR_LARGEST);
    if side < QR_SMALLEST {
        bail!(
            "the poster's text leaves no room for a readable QR code ({side:.0} mm, at least {QR_SMALLEST:.0} mm \
             are needed): shorten poster-what, poster-hours or the examples in poster.ftl"
        );
    }
    page.qr(link, CENTRE - side / 2.0, top + (room - side) / 2.0 + 5.0, side)?;
    Ok(page.finish(&text.service))
}

/// A font size no larger than `size` at which `text` fits on one line.
fn fitted(text: &str, size: f32, weight: Weight) -> f32 {
    let width = fonts::width(text, size, weight);
    match width > CONTENT_WIDTH {
        true => size * CONTENT_WIDTH / width,
        false => size,
    }
}

/// A paragraph wrapped to the content width, centred.
struct Block<'a> {
    lines: Vec<String>,
    size: f32,
    weight: Weight,
    fill: &'a str,
}

impl<'a> Block<'a> {
    fn new(text: &str, size: f32, weight: Weight, fill: &'a str) -> Self {
        Self { lines: fonts::wrap(text, size, weight, CONTENT_WIDTH), size, weight, fill }
    }

    fn line_height(&self) -> f32 {
        self.size * 1.35
    }

    fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_height()
    }
}

/// The SVG being written.
#[derive(Default)]
struct Page {
    body: String,
}

impl Page {
    fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, radius: f32, fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{x:.2}" y="{y:.2}" width="{width:.2}" height="{height:.2}" rx="{radius:.2}" fill="{fill}"/>"#
        );
    }

    /// One line, centred on `x`, its baseline at `baseline`.
    fn line(&mut self, text: &str, x: f32, baseline: f32, size: f32, weight: Weight, fill: &str) {
        self.text(text, x, baseline, size, weight, fill, "middle");
    }

    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, text: &str, x: f32, baseline: f32, size: f32, weight: Weight, fill: &str, anchor: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.2}" y="{baseline:.2}" font-size="{size:.2}" font-weight="{}" fill="{fill}" text-anchor="{anchor}">{}</text>"#,
            weight.css(),
            escape(text)
        );
    }

    /// A paragraph whose first line's top is at `top`.
    fn block(&mut self, block: &Block<'_>, top: f32) {
        for (n, line) in block.lines.iter().enumerate() {
            let baseline = top + n as f32 * block.line_height() + block.size;
            self.line(line, CENTRE, baseline, block.size, block.weight, block.fill);
        }
    }

    /// The examples as chat bubbles above `bottom`; returns their top.
    fn examples(&mut self, title: &str, examples: &[String; 3], bottom: f32) -> f32 {
        let size = 5.0;
        let (pad, height, gap) = (4.0, 10.0, 3.0);
        let size_of = |text: &str| {
            let width = fonts::width(text, size, Weight::Regular);
            match width > CONTENT_WIDTH - 2.0 * pad {
                true => size * (CONTENT_WIDTH - 2.0 * pad) / width,
                false => size,
            }
        };
        let widest = examples.iter().map(|it| fonts::width(it, size_of(it), Weight::Regular)).fold(0.0_f32, f32::max);
        let width = widest + 2.0 * pad;
        let left = CENTRE - width / 2.0;
        let mut y = bottom;
        for example in examples.iter().rev() {
            y -= height;
            self.rect(left, y, width, height, 2.5, BUBBLE);
            self.text(
                example,
                left + pad,
                y + height / 2.0 + size_of(example) * 0.36,
                size_of(example),
                Weight::Regular,
                INK,
                "start",
            );
            y -= gap;
        }
        let title_size = 5.0;
        y -= title_size * 1.2;
        self.line(title, CENTRE, y + title_size, title_size, Weight::Bold, INK);
        y
    }

    /// The QR code of `link` in a `side` mm square at (`x`, `y`), itself a link.
    fn qr(&mut self, link: &str, x: f32, y: f32, side: f32) -> anyhow::Result<()> {
        let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)
            .context("the link is too long for a QR code")?;
        let modules = code.width();
        let module = side / (modules + 2 * QUIET_ZONE) as f32;
        let mut path = String::new();
        for (n, colour) in code.to_colors().into_iter().enumerate() {
            if colour == Color::Dark {
                let _ = write!(path, "M{} {}h1v1h-1z", n % modules, n / modules);
            }
        }
        let _ = writeln!(self.body, r#"<a href="{}">"#, escape(link));
        self.rect(x, y, side, side, 0.0, "#ffffff");
        let origin = QUIET_ZONE as f32 * module;
        let _ = writeln!(
            self.body,
            r##"<path transform="translate({:.3} {:.3}) scale({module:.4})" d="{path}" fill="#000000" shape-rendering="crispEdges"/>"##,
            x + origin,
            y + origin,
        );
        let _ = writeln!(self.body, "</a>");
        Ok(())
    }

    fn finish(self, title: &str) -> String {
        format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                "\n",
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" "#,
                r#"font-family="{family}, Verdana, Arial, sans-serif">"#,
                "\n<title>{title}</title>\n",
                r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##,
                "\n{body}</svg>\n"
            ),
            w = PAGE_WIDTH,
            h = PAGE_HEIGHT,
            family = fonts::FAMILY,
            title = escape(title),
            body = self.body,
        )
    }
}

/// Text as SVG character data or attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tagline: &str) -> PosterText {
        PosterText {
            service: "CEK BAE WA".into(),
            service_long: "Cek Berkas Lewat WhatsApp".into(),
            tagline: tagline.into(),
            desa: Some("Untuk warga Desa Karacak".into()),
            what: "Tanyakan berkas yang perlu dibawa.".into(),
            scan: "Pindai kode QR:".into(),
            address: "+62 812-3456-7890".into(),
            hours: "Senin–Jumat, 07.30–15.00 WIB.".into(),
            examples_title: "Contoh pesan:".into(),
            examples: ["KTP 3201xxxxxxxxxxxx HILANG".into(), "KK rusak".into(), "Akte lahir".into()],
            footer: "Gratis.".into(),
        }
    }

    /// The height of the green band and the baselines of the texts, in order.
    fn band_and_baselines(svg: &str) -> (f32, Vec<f32>) {
        let number = |part: &str, key: &str| -> f32 {
            let from = part.find(key).unwrap() + key.len();
            part[from..from + part[from..].find('"').unwrap()].parse().unwrap()
        };
        let band = svg.split("<rect ").find(|it| it.contains(GREEN)).map(|it| number(it, "height=\"")).unwrap();
        (band, svg.split("<text ").skip(1).map(|it| number(it, "y=\"")).collect())
    }

    #[test]
    fn the_band_grows_with_a_tagline_of_two_lines() {
        let short = svg(&text("Layanan adminduk Kecamatan Leuwiliang"), "https://wa.me/62812").unwrap();
        let long = "Palayanan administrasi kependudukan Kacamatan Leuwiliang, Kabupatén Bogor, Jawa Barat";
        let long = svg(&text(long), "https://wa.me/62812").unwrap();
        let (short_band, short_lines) = band_and_baselines(&short);
        let (long_band, long_lines) = band_and_baselines(&long);
        assert_eq!(short_band, 62.0);
        assert!(long_band > short_band, "{long_band}");
        // Title, subtitle and the tagline's lines sit inside the band, above the desa's ribbon.
        assert!(short_lines[..3].iter().all(|y| *y < short_band - 1.0), "{short_lines:?}");
        assert!(long_lines[..4].iter().all(|y| *y < long_band - 1.0), "{long_lines:?} in {long_band}");
        assert!(long_lines[4] > long_band, "the ribbon comes after the band");
    }

    #[test]
    fn text_too_long_for_the_qr_code_is_refused() {
        let mut long = text("Layanan adminduk");
        long.what = "Tanyakan berkas yang perlu dibawa. ".repeat(40);
        let err = svg(&long, "https://wa.me/62812").unwrap_err().to_string();
        assert!(err.contains("poster-what"), "{err}");
    }
}
