//! `cekbae poster`: draws the A4 poster into an SVG or PNG file.

use std::io::Write;

use anyhow::Context;

use crate::args::PosterArgs;
use crate::reach::link::{self, LinkRequest, LinkSettings};
use crate::reach::poster::{self, PosterText};
use crate::reach::raster;
use crate::server::config_path;
use crate::setup::load_checked;

pub(crate) fn run<E: Write>(args: &PosterArgs, mut stderr: E) -> anyhow::Result<bool> {
    let source = &args.source;
    let settings =
        LinkSettings::load(|name| std::env::var(name).ok(), config_path(source.config.as_deref()).as_deref())?;
    let desa = source.desa.as_deref().map(link::desa).transpose()?;
    let (locales, catalog) = load_checked(&source.sources)?;
    let locale = args.locale.code();
    let request =
        LinkRequest { channel: source.channel, text: None, desa: desa.as_ref().map(|it| it.id.as_str()), locale };
    let link = link::build(&settings, request, &locales)?;
    let text = PosterText::render(&locales, locale, &catalog, &link, desa.as_ref().map(|it| it.name.as_str()));
    let svg = poster::svg(&text, &link.link)?;
    let png = args.out.extension().is_some_and(|it| it.eq_ignore_ascii_case("png"));
    let bytes = if png { raster::png(&svg)? } else { svg.into_bytes() };
    std::fs::write(&args.out, bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    writeln!(stderr, "cekbae poster: {} ({}) written, its QR code opens {}", args.out.display(), locale, link.link)?;
    Ok(true)
}
