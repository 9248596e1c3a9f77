//! `cekbae link`: prints the link that opens a chat with the bot, as text or JSON.

use std::io::Write;

use crate::args::{LinkArgs, LinkFormat};
use crate::reach::link::Inputs;
use crate::secrets::Env;

pub(crate) fn run<W: Write>(args: &LinkArgs, env: Env<'_>, mut out: W) -> anyhow::Result<bool> {
    let inputs = Inputs::load(&args.source, env)?;
    let link = inputs.link(&args.source, args.text.as_deref(), args.locale.code())?;
    match args.format {
        LinkFormat::Text => writeln!(out, "{}", link.link)?,
        LinkFormat::Json => writeln!(out, "{}", serde_json::to_string(&link)?)?,
    }
    Ok(true)
}
