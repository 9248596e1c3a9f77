//! `cekbae poster`: draws the A4 poster into an SVG or PNG file.

use std::io::Write;

use anyhow::Context;
use cekbae_bot::Say;

use crate::args::PosterArgs;
use crate::reach::link::Inputs;
use crate::reach::poster::{self, PosterText};
use crate::reach::raster;
use crate::secrets::Env;

pub(crate) fn run<E: Write>(args: &PosterArgs, env: Env<'_>, mut stderr: E) -> anyhow::Result<bool> {
    let inputs = Inputs::load(&args.source, env)?;
    let locale = args.locale.code();
    let link = inputs.link(&args.source, None, locale)?;
    let desa = inputs.desa.as_ref().map(|it| inputs.locales.render(locale, &Say::new(it.label.clone())));
    let text = PosterText::render(&inputs.locales, locale, &inputs.catalog, &link, desa.as_deref());
    let svg = poster::svg(&text, &link.link)?;
    let png = args.out.extension().is_some_and(|it| it.eq_ignore_ascii_case("png"));
    let bytes = if png { raster::png(&svg)? } else { svg.into_bytes() };
    std::fs::write(&args.out, bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    writeln!(stderr, "cekbae poster: {} ({locale}) written, its QR code opens {}", args.out.display(), link.link)?;
    Ok(true)
}
