//! `cekbae appointments`, `handover`, `report`, `purge`, `audit`: the petugas desk on the
//! command line. Each says (on stderr, and under text output) whether it worked
//! directly on the data directory or through the running server.

use std::io::Write;

use anyhow::Context;

use cekbae_bot::storage::BookingStatus;
use cekbae_bot::unsafe_chars::escaped;
use cekbae_bot::Say;
use cekbae_dialogues::catalog::{document_label, reason_label};

use cekbae_dialogues::berkas::Arrival;

use crate::args::{
    AppointmentAction, AppointmentsArgs, ArrivalArg, AuditArgs, EngineArgs, HandoverCommand, PurgeArgs, ReportArgs,
    ReportFormat,
};
use crate::desk::client::Conn;
use crate::desk::report::{to_csv, to_text};
use crate::desk::{status_word, AppointmentView, HandoverView};

pub(crate) fn connect<E: Write>(engine: &EngineArgs, stderr: &mut E) -> anyhow::Result<(Conn, String)> {
    let conn = Conn::connect(engine, engine.secrets.admin_token.as_ref().map(|it| it.expose().to_owned()))?;
    let how = conn.describe(engine);
    writeln!(stderr, "cekbae: working {how}")?;
    Ok((conn, how))
}

/// The engine whose locales and calendar name things for the output: the
/// data's own when working directly, else the built-in catalog's.
pub(crate) fn office(conn: &Conn) -> anyhow::Result<std::sync::Arc<cekbae_bot::Engine<cekbae_dialogues::Adminduk>>> {
    Ok(match conn.desk() {
        Some(desk) => desk.engine().clone(),
        None => std::sync::Arc::new(crate::setup::names_only()?),
    })
}

pub(crate) fn who(by: Option<&String>) -> String {
    by.cloned()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// `cekbae appointments`.
pub(crate) fn appointments<W: Write, E: Write>(
    args: &AppointmentsArgs,
    mut out: W,
    mut err: E,
) -> anyhow::Result<bool> {
    let (conn, how) = connect(&args.engine, &mut err)?;
    let who = who(args.by.as_ref());
    if let (Some(action), Some(ticket)) = (args.action, &args.ticket) {
        let status = match action {
            AppointmentAction::Done => BookingStatus::Done,
            AppointmentAction::NoShow => BookingStatus::NoShow,
            AppointmentAction::Cancel => BookingStatus::Cancelled,
            AppointmentAction::Ready => BookingStatus::Ready,
        };
        let arrival = args.berkas.map(|it| match it {
            ArrivalArg::Lengkap => Arrival::Complete,
            ArrivalArg::TidakLengkap => Arrival::Incomplete,
        });
        let view = conn.set_status_with(ticket, status, arrival, &who)?;
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&view)?)?;
        } else {
            writeln!(out, "{} is now {}", view.ticket, status_word(view.status))?;
            if let Some(arrival) = arrival {
                writeln!(out, "Papers on arrival: {}.", arrival.word())?;
            }
            if status == BookingStatus::Cancelled {
                writeln!(out, "The place is free again; the resident is told on {}.", view.channel)?;
            }
            if status == BookingStatus::Ready {
                writeln!(out, "The resident is told on {} that the document can be collected.", view.channel)?;
            }
            writeln!(out, "({how})")?;
        }
        return Ok(true);
    }
    let (from, to) = match args.date {
        Some(day) => (Some(day), Some(day)),
        None => (args.period.from, args.period.to),
    };
    let list = conn.appointments(from, to, args.reveal, &who)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&list)?)?;
        return Ok(true);
    }
    let engine = office(&conn)?;
    let name = |id: String| engine.locales().render(engine.locales().default_locale(), &Say::new(id));
    writeln!(
        out,
        "{:<18} {:<10} {:<26} {:<14} {:<9} {:<16} Status",
        "Tiket", "Tanggal", "Dokumen", "Keperluan", "Kanal", "NIK"
    )?;
    for view in &list {
        write_appointment(&mut out, view, &name)?;
    }
    writeln!(out, "{} appointment(s) ({how})", list.len())?;
    if args.reveal {
        writeln!(out, "Full NIKs shown to {}; this was written to the audit log.", escaped(&who))?;
    }
    Ok(true)
}

pub(crate) fn write_appointment<W: Write>(
    out: &mut W,
    view: &AppointmentView,
    name: &impl Fn(String) -> String,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<18} {:<10} {:<26} {:<14} {:<9} {:<16} {}",
        escaped(&view.ticket),
        view.date,
        escaped(&name(document_label(&view.document))),
        escaped(&name(reason_label(&view.reason))),
        escaped(&view.channel),
        escaped(&view.nik),
        status_word(view.status)
    )?;
    if let Some(reminder) = &view.reminder {
        writeln!(out, "{:<18} reminder: {}", "", escaped(reminder))?;
    }
    for problem in &view.problems {
        writeln!(out, "{:<18} ! {}", "", escaped(problem))?;
    }
    Ok(())
}

/// `cekbae handover ...`.
pub(crate) fn handover<W: Write, E: Write>(command: &HandoverCommand, mut out: W, mut err: E) -> anyhow::Result<bool> {
    match command {
        HandoverCommand::List { all, json, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let list = conn.handovers(*all)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&list)?)?;
                return Ok(true);
            }
            if list.is_empty() {
                writeln!(out, "Nobody is waiting for a petugas. ({how})")?;
            }
            for view in &list {
                write_handover(&mut out, view)?;
            }
            if !list.is_empty() {
                writeln!(out, "Reply with: cekbae handover reply ID \"text\" ({how})")?;
            }
        }
        HandoverCommand::Reply { id, text, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let view = conn.reply(*id, text)?;
            let delivery = match conn {
                Conn::Remote(_) => "sent on the resident's channel",
                Conn::Direct(_) => "queued; it is sent when `cekbae serve` starts",
            };
            writeln!(out, "Reply to handover {} {delivery}. ({how})", view.id)?;
        }
        HandoverCommand::Close { id, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let view = conn.close(*id).context("cannot close the handover")?;
            writeln!(out, "Handover {} closed; the bot answers the resident again. ({how})", view.id)?;
        }
    }
    Ok(true)
}

/// One handover for a petugas's terminal. Everything that came from a resident
/// (or through the admin API) is escaped: it cannot move the cursor, clear the
/// screen, forge a line or reorder the text.
fn write_handover<W: Write>(out: &mut W, view: &HandoverView) -> anyhow::Result<()> {
    let hours = if view.during_hours { "in service hours" } else { "outside service hours" };
    writeln!(
        out,
        "#{} [{}] {} since {} ({}, {hours})",
        view.id,
        escaped(&view.state),
        escaped(&view.channel),
        view.opened_at.format("%Y-%m-%d %H:%M UTC"),
        escaped(&view.reason)
    )?;
    let summary: Vec<String> = view.summary.iter().map(|(k, v)| format!("{}: {}", escaped(k), escaped(v))).collect();
    if !summary.is_empty() {
        writeln!(out, "    knows: {}", summary.join(", "))?;
    }
    for (at, from, text) in view.lines.iter().rev().take(5).rev() {
        writeln!(out, "    {} {}: {}", at.format("%H:%M"), escaped(from), escaped(text))?;
    }
    Ok(())
}

/// `cekbae report`.
pub(crate) fn report<W: Write, E: Write>(args: &ReportArgs, mut out: W, mut err: E) -> anyhow::Result<bool> {
    let (conn, how) = connect(&args.engine, &mut err)?;
    let report = conn.report(args.period.from, args.period.to)?;
    match args.format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        ReportFormat::Csv => write!(out, "{}", to_csv(&report))?,
        ReportFormat::Text => {
            write!(out, "{}", to_text(&report, &*office(&conn)?))?;
            writeln!(out, "({how})")?;
        }
    }
    Ok(true)
}

/// `cekbae purge`.
pub(crate) fn purge<W: Write, E: Write>(args: &PurgeArgs, mut out: W, mut err: E) -> anyhow::Result<bool> {
    let (conn, how) = connect(&args.engine, &mut err)?;
    let outcome = conn.purge()?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&outcome)?)?;
    } else {
        writeln!(
            out,
            "Purged ({}-day retention): {} NIK(s) masked in bookings, {} idle conversation(s) deleted, \\
             {} handover conversation(s) emptied, {} old message id(s) and {} delivery status(es) forgotten, \
             {} file(s) residents sent for {} appointment(s) deleted. Statistics are kept. ({how})",
            outcome.retention_days,
            outcome.niks_masked,
            outcome.sessions_deleted,
            outcome.handovers_cleared,
            outcome.message_ids_pruned,
            outcome.delivery_statuses_pruned,
            outcome.berkas_files_deleted,
            outcome.berkas_bookings_purged
        )?;
    }
    Ok(true)
}

/// `cekbae audit`.
pub(crate) fn audit<W: Write, E: Write>(args: &AuditArgs, mut out: W, mut err: E) -> anyhow::Result<bool> {
    let (conn, how) = connect(&args.engine, &mut err)?;
    let log = conn.audit_log(args.period.from, args.period.to)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&log)?)?;
        return Ok(true);
    }
    if log.is_empty() {
        writeln!(out, "Nobody has revealed NIKs or changed an appointment in this period. ({how})")?;
        return Ok(true);
    }
    let engine = office(&conn)?;
    let calendar = engine.dialogue().calendar();
    writeln!(out, "{:<20} {:<16} {:<10} Tickets", "When", "Who", "What")?;
    for entry in &log {
        let day = entry.day.map(|it| format!("{it}: ")).unwrap_or_default();
        writeln!(
            out,
            "{:<20} {:<16} {:<10} {day}{}",
            calendar.local_time(entry.at).format("%Y-%m-%d %H:%M:%S"),
            escaped(&entry.who),
            escaped(&entry.action),
            escaped(&entry.tickets.join(", "))
        )?;
    }
    writeln!(out, "{} entr{} ({how})", log.len(), if log.len() == 1 { "y" } else { "ies" })?;
    Ok(true)
}
