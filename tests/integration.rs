//! The integration test binary: one binary, topic modules (ripgrep's layout).
//!
//! - `transcripts`: conversations under `transcripts/`, played through the console adapter.
//! - `locales`: the shipped `.ftl` files and dialogue data pass `cekbae check`, and broken ones fail it.
//! - `closures`: local closures directly and through the running server; the resident told on WhatsApp rebooks by button.
//! - `desk`: reports, appointments, handovers, purge and data deletion, server stopped and running.
//! - `desk_berkas`: cek berkas at the desk: list, show, verdicts, the result to the resident over WhatsApp, purge, report.
//! - `desk_web`: the desk in the browser over HTTP: cookies, CSP, CSRF, roles, lockout, audit, idle expiry.
//! - `commands`: the command-line contract (`nik`, `check`, `--help`, bad arguments).
//! - `understanding`: the labelled corpus, per-slot accuracy, and `cekbae parse`.
//! - `package`: the Debian package unpacked into a throwaway root: files, modes, maintainer scripts, the unit.
//! - `reach`: `cekbae link` and `cekbae poster` (the QR code decoded from the PNG), and the desa mark in the report.
//! - `questions`: question topics read right in both corpora, and never a document from question words.
//! - `reliability`: races for the last places, upgrades from older records, hostile input.
//! - `tickets`: messages per ticket, residents simulated turn by turn against the real engine.
//! - `backup`: backups and restores, directly and through the running server, with the right and wrong keys.
//! - `hardening`: slow clients, replays, forged button ids, terminal and CSV injection, secrets and modes.
//! - `reminders`: reminders, ready notices, WhatsApp's 24-hour window and templates, through the server and a fake Graph API.
//! - `telegram`: `cekbae serve` with Telegram, polling and webhook, against `fake_telegram`.
//! - `postgres`: `--database`, `cekbae migrate`, `cekbae store copy` from sled and the conversation going on,
//!   and `serve` on the database: NIKs sent over WhatsApp and Telegram are found nowhere in a `pg_dump`.
//! - `berkas`: cek berkas end to end: photos and PDFs over WhatsApp and Telegram fetched from the fakes, checked,
//!   stored sealed; refusals (size, type, 404, checksum) in id and su; a slow download holds up nothing.
//! - `postgres_backup`: `cekbae backup` and `restore` with `--database`: into another database, `--force`, wrong keys.
//! - `whatsapp`: `cekbae serve` with signed webhooks and a fake Graph API (`fake_graph`).
//! - `media`: `cekbae serve` fetching the files residents send (`fake_media` behind `fake_graph`), resumed at start.

mod backup;
mod berkas;
mod closures;
mod commands;
mod desk;
mod desk_berkas;
mod desk_server;
mod desk_web;
mod fake_graph;
mod fake_media;
mod fake_telegram;
mod hardening;
mod harness;
mod locales;
mod media;
mod package;
mod postgres;
mod postgres_backup;
mod questions;
mod reach;
mod reliability;
mod reminders;
mod telegram;
mod tickets;
mod transcripts;
mod understanding;
mod whatsapp;
