//! The integration test binary: one binary, topic modules (ripgrep's layout).
//!
//! - `transcripts`: conversations under `transcripts/`, played through the console adapter.
//! - `locales`: the shipped `.ftl` files and dialogue data pass `cekbae check`, and broken ones fail it.
//! - `commands`: the command-line contract (`nik`, `check`, `--help`, bad arguments).
//! - `understanding`: the labelled corpus, per-slot accuracy, and `cekbae parse`.

mod commands;
mod harness;
mod locales;
mod transcripts;
mod understanding;
