//! `cekbae nik`: structural NIK checks as JSON, one object per argument.

use std::io::Write;

use chrono::{Local, Utc};
use serde_json::json;

use cekbae_dialogues::nik::inspect;

use crate::args::NikArgs;

/// Prints a report per NIK; returns whether all were valid.
pub(crate) fn run<W: Write>(args: &NikArgs, mut stdout: W) -> anyhow::Result<bool> {
    let today = match args.now {
        Some(now) => now.date_naive(),
        None => Utc::now().with_timezone(&Local).date_naive(),
    };
    let mut all_valid = true;
    for input in &args.niks {
        let report = inspect(input, today);
        all_valid &= report.is_valid();
        let line = json!({
            "input": report.input,
            "valid": report.is_valid(),
            "error": report.error.map(|it| it.code()),
            "province_code": report.province_code,
            "province": report.province,
            "regency_code": report.regency_code,
            "district_code": report.district_code,
            "birth_date": report.birth_date.map(|it| it.format("%Y-%m-%d").to_string()),
            "sex": report.sex.map(|it| it.as_str()),
            "serial": report.serial,
        });
        writeln!(stdout, "{line}")?;
    }
    Ok(all_valid)
}
