//! `cekbae reminders run [--data DIR] [--now TIME]`: sends the reminders due now, directly on the data
//! directory or through the running server's admin API; each appointment gets its reminder once.

use std::io::Write;

use chrono::Utc;
use clap::Subcommand;

use crate::args::EngineArgs;
use crate::commands::desk::connect;

/// `cekbae reminders ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum RemindersCommand {
    /// Send the reminders due now (the day before each appointment, from the catalog's `reminder_at`):
    /// each appointment is reminded once, however often this runs (`serve` runs it every minute).
    Run {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Storage and data files (`--data`, `--now`).
        #[command(flatten)]
        engine: EngineArgs,
    },
}

impl RemindersCommand {
    /// The engine options.
    pub fn engine_mut(&mut self) -> &mut EngineArgs {
        match self {
            RemindersCommand::Run { engine, .. } => engine,
        }
    }
}

pub(crate) fn run<W: Write, E: Write>(command: &RemindersCommand, mut out: W, mut err: E) -> anyhow::Result<bool> {
    let RemindersCommand::Run { json, engine } = command;
    let (conn, how) = connect(engine, &mut err)?;
    let outcome = conn.run_reminders(engine.now.map(|it| it.with_timezone(&Utc)))?;
    if *json {
        writeln!(out, "{}", serde_json::to_string(&outcome)?)?;
        return Ok(outcome.failed.is_empty());
    }
    writeln!(
        out,
        "{} appointment(s) due a reminder; {} sent now, {} reminded before or opted out.",
        outcome.due,
        outcome.sent.len(),
        outcome.skipped
    )?;
    for ticket in &outcome.sent {
        writeln!(out, "  sent: {ticket}")?;
    }
    for ticket in &outcome.failed {
        writeln!(out, "  not sent (storage failed; the next run tries again): {ticket}")?;
    }
    writeln!(out, "({how})")?;
    Ok(outcome.failed.is_empty())
}
