//! `cekbae berkas list|show|verdict|send`: the petugas's check of the papers residents sent, on the command
//! line, directly on the data or through the running server (same answers both ways). Text in the office's
//! language from Fluent (`desk.ftl`); everything a resident or a petugas typed is escaped for the terminal.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use cekbae_bot::unsafe_chars::escaped;
use cekbae_dialogues::berkas::Verdict;
use cekbae_dialogues::catalog::{document_label, reason_label};

use super::desk::{connect, office, who};
use crate::args::{BerkasCommand, VerdictArg};
use crate::desk::berkas::{BerkasSummary, BerkasView};
use crate::desk::client::Conn;
use crate::desk::status_word;
use crate::desk::web::views::Tr;

/// `cekbae berkas ...`.
pub(crate) fn run<W: Write, E: Write>(command: &BerkasCommand, mut out: W, mut err: E) -> anyhow::Result<bool> {
    match command {
        BerkasCommand::List { date, json, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let list = conn.berkas_list(*date)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&list)?)?;
                return Ok(true);
            }
            let tr = Tr::new(office(&conn)?);
            if list.is_empty() {
                writeln!(out, "{}", tr.t("desk-berkas-none"))?;
            }
            for summary in &list {
                write_summary(&mut out, &tr, summary)?;
            }
            writeln!(out, "{} ({how})", tr.with("desk-berkas-count", &[("count", list.len().to_string())]))?;
        }
        BerkasCommand::Show { ticket, save, json, by, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let who = who(by.as_ref());
            let view = conn.berkas_show(ticket, &who)?;
            let saved = match save {
                Some(dir) => Some(save_files(&conn, &view, dir, &who)?),
                None => None,
            };
            if *json {
                writeln!(out, "{}", serde_json::to_string(&view)?)?;
                return Ok(true);
            }
            let tr = Tr::new(office(&conn)?);
            write_view(&mut out, &tr, &view)?;
            if let (Some(count), Some(dir)) = (saved, save) {
                let dir = escaped(&dir.display().to_string());
                writeln!(out, "{}", tr.with("desk-berkas-saved", &[("count", count.to_string()), ("dir", dir)]))?;
            }
            writeln!(out, "{} ({how})", tr.with("desk-berkas-audited", &[("who", escaped(&who))]))?;
        }
        BerkasCommand::Verdict { ticket, item, verdict, note, by, json, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let verdict = match verdict {
                VerdictArg::Ok => Verdict::Ok,
                VerdictArg::Unclear => Verdict::Unclear,
                VerdictArg::Wrong => Verdict::Wrong,
                VerdictArg::Missing => Verdict::Missing,
            };
            let view = conn.berkas_verdict(ticket, *item, verdict, note.as_deref(), &who(by.as_ref()))?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&view)?)?;
                return Ok(true);
            }
            let tr = Tr::new(office(&conn)?);
            let args = [
                ("ticket", escaped(&view.booking.ticket)),
                ("item", item.to_string()),
                ("verdict", tr.t(&verdict.label())),
            ];
            writeln!(out, "{} ({how})", tr.with("desk-berkas-verdict-given", &args))?;
        }
        BerkasCommand::Send { ticket, by, json, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let view = conn.berkas_send(ticket, &who(by.as_ref()))?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&view)?)?;
                return Ok(true);
            }
            let tr = Tr::new(office(&conn)?);
            let delivery = delivery_text(&tr, &view.delivery);
            let args = [("ticket", escaped(&view.booking.ticket)), ("delivery", delivery)];
            writeln!(out, "{} ({how})", tr.with("desk-berkas-sent", &args))?;
        }
    }
    Ok(true)
}

fn delivery_text(tr: &Tr, delivery: &crate::desk::berkas::Delivery) -> String {
    let (id, args) = delivery.message();
    let args: Vec<(&str, String)> = args.into_iter().map(|(name, value)| (name, escaped(&value))).collect();
    tr.with(id, &args)
}

fn write_summary<W: Write>(out: &mut W, tr: &Tr, summary: &BerkasSummary) -> anyhow::Result<()> {
    let args = [
        ("ticket", escaped(&summary.booking.ticket)),
        ("date", summary.booking.date.to_string()),
        ("document", escaped(&tr.t(&document_label(&summary.booking.document)))),
        ("files", summary.files.to_string()),
        ("judged", summary.judged.to_string()),
        ("items", summary.items.to_string()),
        ("state", tr.t(&format!("desk-berkas-state-{}", summary.state.word()))),
        ("delivery", delivery_text(tr, &summary.delivery)),
    ];
    writeln!(out, "{}", tr.with("desk-berkas-row", &args))?;
    if summary.pending > 0 {
        writeln!(out, "    {}", tr.with("desk-berkas-pending", &[("count", summary.pending.to_string())]))?;
    }
    Ok(())
}

fn write_view<W: Write>(out: &mut W, tr: &Tr, view: &BerkasView) -> anyhow::Result<()> {
    let head = [
        ("ticket", escaped(&view.booking.ticket)),
        ("date", view.booking.date.to_string()),
        ("document", escaped(&tr.t(&document_label(&view.booking.document)))),
        ("reason", escaped(&tr.t(&reason_label(&view.booking.reason)))),
        ("status", status_word(view.booking.status).to_owned()),
    ];
    writeln!(out, "{}", tr.with("desk-berkas-show-head", &head))?;
    let file_line = |file: &crate::desk::berkas::FileView| {
        let args = [
            ("id", file.id.to_string()),
            ("type", escaped(&file.mime_type)),
            ("size", file.size.div_ceil(1024).to_string()),
            ("received", file.received_at.format("%Y-%m-%d %H:%M UTC").to_string()),
        ];
        tr.with("desk-berkas-file", &args)
    };
    for item in &view.items {
        let verdict =
            item.verdict.as_ref().map_or_else(|| tr.t("desk-berkas-no-verdict"), |it| tr.t(&it.verdict.label()));
        let args = [("number", item.number.to_string()), ("label", escaped(&tr.t(&item.label))), ("verdict", verdict)];
        writeln!(out, "{}", tr.with("desk-berkas-item", &args))?;
        if let Some(judged) = &item.verdict {
            if let Some(note) = &judged.note {
                let args = [
                    ("note", escaped(note)),
                    ("by", escaped(&judged.by)),
                    ("at", judged.at.format("%Y-%m-%d %H:%M UTC").to_string()),
                ];
                writeln!(out, "    {}", tr.with("desk-berkas-item-note", &args))?;
            }
        }
        if item.files.is_empty() {
            writeln!(out, "    {}", tr.t("desk-berkas-no-files"))?;
        }
        for file in &item.files {
            writeln!(out, "    {}", file_line(file))?;
        }
    }
    for (slot, file) in &view.unfiled {
        writeln!(out, "{}", tr.with("desk-berkas-unfiled", &[("slot", slot.to_string())]))?;
        writeln!(out, "    {}", file_line(file))?;
    }
    if view.pending > 0 {
        writeln!(out, "{}", tr.with("desk-berkas-pending", &[("count", view.pending.to_string())]))?;
    }
    if let Some(sent) = &view.sent {
        let result = tr.t(if sent.complete { "desk-berkas-result-complete" } else { "desk-berkas-result-incomplete" });
        let args =
            [("at", sent.at.format("%Y-%m-%d %H:%M UTC").to_string()), ("by", escaped(&sent.by)), ("result", result)];
        writeln!(out, "{}", tr.with("desk-berkas-sent-at", &args))?;
    }
    writeln!(out, "{}", delivery_text(tr, &view.delivery))?;
    Ok(())
}

/// Writes every stored file of `view` into `dir` (made 0700 when missing), each 0600; returns how many.
fn save_files(conn: &Conn, view: &BerkasView, dir: &Path, who: &str) -> anyhow::Result<usize> {
    if !dir.exists() {
        crate::permissions::create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let files = view
        .items
        .iter()
        .flat_map(|item| item.files.iter().map(move |file| (item.number, file)))
        .chain(view.unfiled.iter().map(|(slot, file)| (*slot, file)));
    let mut count = 0;
    for (item, file) in files {
        let bytes = conn.berkas_file(&view.booking.ticket, file.id, who)?;
        let path = dir.join(file.file_name(&view.booking.ticket, item));
        crate::permissions::write_private(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        count += 1;
    }
    Ok(count)
}
