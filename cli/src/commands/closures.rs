//! `cekbae closures add|list|remove`: days the office closes by its own decision, directly on the data
//! or through the running server, like the other desk commands.

use std::io::Write;

use cekbae_bot::Say;

use crate::args::ClosuresCommand;
use crate::commands::desk::{connect, office, who, write_appointment};
use crate::desk::client::Conn;
use crate::desk::closures::reason_suffix;

/// `cekbae closures ...`. Fails (exit 1) when a resident booked on a closed day could not be told.
pub(crate) fn run<W: Write, E: Write>(command: &ClosuresCommand, mut out: W, mut err: E) -> anyhow::Result<bool> {
    match command {
        ClosuresCommand::Add { date, reason, by, json, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let outcome = conn.add_closure(*date, reason.as_deref(), &who(by.as_ref()))?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&outcome)?)?;
                return Ok(outcome.not_notified.is_empty());
            }
            writeln!(
                out,
                "The office is closed on {date}{}; it is no longer offered.",
                reason_suffix(&outcome.closure)
            )?;
            if outcome.affected.is_empty() {
                writeln!(out, "Nobody was booked that day.")?;
            } else {
                let delivery = match conn {
                    Conn::Remote(_) => "sent on their channel",
                    Conn::Direct(_) => "queued; it is sent when `cekbae serve` starts",
                };
                writeln!(
                    out,
                    "{} appointment(s) that day; each resident is told, with the reason, and offered other days ({delivery}):",
                    outcome.affected.len()
                )?;
                let engine = office(&conn)?;
                let name = |id: String| engine.locales().render(engine.locales().default_locale(), &Say::new(id));
                for view in &outcome.affected {
                    write_appointment(&mut out, view, &name)?;
                }
            }
            for ticket in &outcome.not_notified {
                writeln!(out, "NOT TOLD: the resident of {ticket} could not be sent the notice; please contact them.")?;
            }
            writeln!(out, "({how})")?;
            Ok(outcome.not_notified.is_empty())
        }
        ClosuresCommand::List { json, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let list = conn.closures()?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&list)?)?;
                return Ok(true);
            }
            if list.is_empty() {
                writeln!(out, "No local closures. ({how})")?;
                return Ok(true);
            }
            writeln!(out, "{:<10}  {:<16} {:<17} Reason", "Date", "By", "Added (UTC)")?;
            for closure in &list {
                writeln!(
                    out,
                    "{:<10}  {:<16} {:<17} {}",
                    closure.date,
                    closure.added_by,
                    closure.added_at.format("%Y-%m-%d %H:%M"),
                    closure.reason.as_deref().unwrap_or("-")
                )?;
            }
            writeln!(out, "{} closure(s) ({how})", list.len())?;
            Ok(true)
        }
        ClosuresCommand::Remove { date, by, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let closure = conn.remove_closure(*date, &who(by.as_ref()))?;
            writeln!(
                out,
                "The office is open again on {date}{}; residents already moved keep their new day. ({how})",
                reason_suffix(&closure)
            )?;
            Ok(true)
        }
    }
}
