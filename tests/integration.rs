//! The integration test binary: one binary, topic modules (ripgrep's layout).
//!
//! - `transcripts`: conversations under `transcripts/`, played through the console adapter.
//! - `locales`: the shipped `.ftl` files and dialogue data pass `cekbae check`, and broken ones fail it.
//! - `desk`: reports, appointments, handovers, purge and data deletion, server stopped and running.
//! - `commands`: the command-line contract (`nik`, `check`, `--help`, bad arguments).
//! - `understanding`: the labelled corpus, per-slot accuracy, and `cekbae parse`.
//! - `reliability`: races for the last places, upgrades from older records, hostile input.
//! - `hardening`: slow clients, replays, forged button ids, terminal and CSV injection, secrets and modes.
//! - `telegram`: `cekbae serve` with Telegram, polling and webhook, against `fake_telegram`.
//! - `whatsapp`: `cekbae serve` with signed webhooks and a fake Graph API (`fake_graph`).

mod commands;
mod desk;
mod fake_graph;
mod fake_telegram;
mod hardening;
mod harness;
mod locales;
mod reliability;
mod telegram;
mod transcripts;
mod understanding;
mod whatsapp;
