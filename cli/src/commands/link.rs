//! `cekbae link`: prints the link that opens a chat with the bot, as text or JSON.

use std::io::Write;

use crate::args::{LinkArgs, LinkFormat};
use crate::reach::link::{self, LinkRequest, LinkSettings};
use crate::server::config_path;
use crate::setup::load_checked;

pub(crate) fn run<W: Write>(args: &LinkArgs, mut out: W) -> anyhow::Result<bool> {
    let source = &args.source;
    let settings =
        LinkSettings::load(|name| std::env::var(name).ok(), config_path(source.config.as_deref()).as_deref())?;
    let desa = source.desa.as_deref().map(link::desa).transpose()?;
    let (locales, _) = load_checked(&source.sources)?;
    let request = LinkRequest {
        channel: source.channel,
        text: args.text.as_deref(),
        desa: desa.as_ref().map(|it| it.id.as_str()),
        locale: args.locale.code(),
    };
    let link = link::build(&settings, request, &locales)?;
    match args.format {
        LinkFormat::Text => writeln!(out, "{}", link.link)?,
        LinkFormat::Json => writeln!(out, "{}", serde_json::to_string(&link)?)?,
    }
    Ok(true)
}
