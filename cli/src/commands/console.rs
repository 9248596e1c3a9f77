//! `cekbae console`: chat in the terminal as a resident would on WhatsApp.

use std::io::{BufRead, IsTerminal, Write};

use cekbae_adapter_console::{ConsoleAdapter, Format, CHANNEL};
use cekbae_bot::UserKey;

use crate::args::ConsoleArgs;
use crate::setup::{apply_retention, build_engine};

pub(crate) fn run<R: BufRead, W: Write + Send, E: Write>(
    args: &ConsoleArgs,
    stdin: R,
    stdout: W,
    mut stderr: E,
) -> anyhow::Result<()> {
    let engine = build_engine(&args.engine, false)?;
    apply_retention(&engine)?;
    let user = UserKey::new(CHANNEL, args.user.clone());
    if let Some(locale) = args.locale {
        engine.set_locale(&user, locale.code())?;
    }
    let interactive = std::io::stdin().is_terminal();
    let format = match (args.json, interactive) {
        (true, _) => Format::Json,
        (false, true) => Format::Text,
        (false, false) => Format::TextEcho,
    };
    if interactive && !args.json {
        writeln!(stderr, "CEK BAE WA console: type a message and press Enter; Ctrl-D to quit.")?;
    }
    let adapter = ConsoleAdapter::new(stdout);
    cekbae_adapter_console::run(&engine, &user, stdin, &adapter, format)?;
    engine.store().flush()?;
    Ok(())
}
