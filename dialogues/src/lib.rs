//! cekbae-dialogues holds the adminduk (civil registration) dialogue for Kecamatan Leuwiliang.
//!
//! The flow is pilih dokumen → alasan → persyaratan + NIK → jadwal → tiket,
//! run by the generic engine in `cekbae-bot`. Everything staff change with
//! regulations lives in data under `dialogues/adminduk/`:
//!
//! | file | what |
//! |---|---|
//! | `catalog.toml` | documents, reasons that apply, requirement message ids, aliases, hours, capacity |
//! | `holidays.toml` | national holidays and cuti bersama, and how far they are known |
//! | `day_words.toml` | day names, relative days, month names residents write at the schedule step |
//! | `questions.toml` | questions residents ask (hours, address, cost...): aliases and answer ids |
//!
//! Display text is in `locales/<lang>/adminduk.ftl`. Both are embedded in the
//! binary and can be overridden from folders at run time.
//!
//! | module | role |
//! |---|---|
//! | [`catalog`] | loads and validates the data, reporting every error at once |
//! | [`nik`] | structural NIK validation and masking |
//! | [`schedule`] | service days and hours (WIB), why a day cannot be picked; [`schedule::day_words`] reads days from text |
//! | [`closures`] | the office's own closed days |
//! | [`understand`] | reads document, reason, NIK and the question asked out of free text |
//! | [`questions`] | the question topics: loading, validation, and which topic a message asks |
//! | [`adminduk`] | the dialogue itself |
//! | [`berkas`] | the petugas's check of the papers a resident sent, and its result message |
//! | [`source`] | the mark of a desa's poster or link, and the desa it names |
//! | [`embedded`] | the data and locales shipped in the binary |

pub mod adminduk;
pub mod berkas;
pub mod catalog;
pub mod closures;
pub mod embedded;
pub mod messages;
pub mod nik;
pub mod provinces;
pub mod questions;
pub mod schedule;
pub mod source;
pub mod survey;
pub mod understand;
pub mod vault;

pub use adminduk::{Adminduk, State, Step};
pub use catalog::Catalog;
