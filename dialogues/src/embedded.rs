//! The locales shipped inside the binary, so `cekbae` runs with no files beside it.

use std::path::PathBuf;

use cekbae_bot::FtlSource;

macro_rules! ftl {
    ($($locale:literal / $file:literal),* $(,)?) => {
        &[$(($locale, $file, include_str!(concat!("../../locales/", $locale, "/", $file)))),*]
    };
}

/// (locale, file name, contents) of every embedded `.ftl` file.
/// A new file must be added here as well as under `locales/`.
const FILES: &[(&str, &str, &str)] = ftl![
    "id" / "engine.ftl",
    "id" / "adminduk.ftl",
    "id" / "poster.ftl",
    "id" / "desk.ftl",
    "id" / "berkas.ftl",
    "id" / "berkas_result.ftl",
    "su" / "engine.ftl",
    "su" / "adminduk.ftl",
    "su" / "poster.ftl",
    "su" / "desk.ftl",
    "su" / "berkas.ftl",
    "su" / "berkas_result.ftl",
    "en" / "engine.ftl",
    "en" / "adminduk.ftl",
    "en" / "poster.ftl",
    "en" / "desk.ftl",
    "en" / "berkas.ftl",
    "en" / "berkas_result.ftl",
];

/// The default locale: Indonesian.
pub const DEFAULT_LOCALE: &str = "id";

/// The embedded `.ftl` files as sources for [`cekbae_bot::Locales::from_sources`].
pub fn locale_sources() -> Vec<FtlSource> {
    FILES
        .iter()
        .map(|(locale, file, text)| FtlSource {
            locale: (*locale).to_owned(),
            path: PathBuf::from(format!("<embedded>/locales/{locale}/{file}")),
            text: (*text).to_owned(),
        })
        .collect()
}
