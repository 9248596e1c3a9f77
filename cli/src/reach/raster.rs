//! The poster's SVG as a PNG, drawn by resvg with the fonts built into the binary
//! (no browser, no fonts needed on the server), at 300 dpi with the resolution
//! recorded in the file, so it prints at A4.

use anyhow::Context;
use resvg::tiny_skia::{Color, Pixmap};
use resvg::usvg;

use super::fonts;

/// Print resolution.
pub const DPI: f32 = 300.0;
/// Inches in a metre, for the PNG's `pHYs` (pixels per metre).
const INCHES_PER_METRE: f32 = 1000.0 / 25.4;

/// Draws `svg` (sized in millimetres, like the poster) into PNG bytes at [`DPI`].
pub fn png(svg: &str) -> anyhow::Result<Vec<u8>> {
    let mut options = usvg::Options::default();
    let fontdb = options.fontdb_mut();
    fontdb.load_font_data(fonts::REGULAR.to_vec());
    fontdb.load_font_data(fonts::BOLD.to_vec());
    fontdb.set_sans_serif_family(fonts::FAMILY);
    // The page is sized in `mm`: at this resolution it comes out in print pixels.
    options.dpi = DPI;
    let tree = usvg::Tree::from_str(svg, &options).context("the poster's SVG cannot be read")?;
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).context("the poster is too large to draw")?;
    pixmap.fill(Color::WHITE);
    resvg::render(&tree, usvg::Transform::default(), &mut pixmap.as_mut());
    encode(&pixmap)
}

/// PNG with a `pHYs` chunk saying [`DPI`]; the background is opaque, so the
/// premultiplied pixels are the plain ones.
fn encode(pixmap: &Pixmap) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let per_metre = (DPI * INCHES_PER_METRE).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions { xppu: per_metre, yppu: per_metre, unit: png::Unit::Meter }));
    let mut writer = encoder.write_header().context("cannot write the PNG")?;
    writer.write_image_data(pixmap.data()).context("cannot write the PNG")?;
    writer.finish().context("cannot write the PNG")?;
    Ok(bytes)
}
