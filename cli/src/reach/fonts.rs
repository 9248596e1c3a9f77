//! The fonts built into the binary (DejaVu Sans, `cli/assets/fonts/`), and line
//! wrapping by their real widths: SVG has no wrapping of its own, and a server
//! may have no fonts at all.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// The family the poster names; other sans-serif fonts are narrower, so lines measured with it fit with them too.
pub(crate) const FAMILY: &str = "DejaVu Sans";
/// DejaVu Sans.
pub(crate) const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub(crate) const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn data(self) -> &'static [u8] {
        match self {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        }
    }

    /// The SVG `font-weight`.
    pub(crate) fn css(self) -> &'static str {
        match self {
            Weight::Regular => "normal",
            Weight::Bold => "bold",
        }
    }
}

/// How wide `text` is at `size` (in the unit `size` is in). Characters the font lacks
/// count as wide as an `M`, so a line never comes out longer than measured.
pub(crate) fn width(text: &str, size: f32, weight: Weight) -> f32 {
    let Ok(font) = FontRef::new(weight.data()) else { return f32::MAX };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    let wide = charmap.map('M').and_then(|glyph| metrics.advance_width(glyph)).unwrap_or(size);
    text.chars().map(|c| charmap.map(c).and_then(|glyph| metrics.advance_width(glyph)).unwrap_or(wide)).sum()
}

/// Breaks `text` into lines no wider than `max`, at spaces; a line break in the text
/// is kept. A single word wider than `max` stays whole on its own line.
pub(crate) fn wrap(text: &str, size: f32, weight: Weight, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if line.is_empty() || width(&candidate, size, weight) <= max {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_their_width() {
        let text = "Tanya berkas yang perlu dibawa untuk KTP-el, Kartu Keluarga, akta kelahiran dan KIA.";
        let lines = wrap(text, 5.0, Weight::Regular, 60.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|line| width(line, 5.0, Weight::Regular) <= 60.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert!(width("CEK BAE WA", 10.0, Weight::Bold) > width("CEK BAE WA", 10.0, Weight::Regular));
        assert_eq!(wrap("satu\ndua", 5.0, Weight::Regular, 100.0), ["satu", "dua"]);
    }
}
