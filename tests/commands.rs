//! The command-line contract: exact names, JSON keys and exit codes that other tools depend on.

use serde_json::Value;

use crate::harness::{cekbae, repo_root};

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

#[test]
fn nik_reports_every_field_and_exits_0_when_all_are_valid() {
    let run = cekbae(&["nik", "3201014502900003", "3201.1417.0590.0001"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 2);
    let first = &lines[0];
    assert_eq!(first["input"], "3201014502900003");
    assert_eq!(first["valid"], true);
    assert_eq!(first["error"], Value::Null);
    assert_eq!(first["province_code"], "32");
    assert_eq!(first["province"], "Jawa Barat");
    assert_eq!(first["regency_code"], "3201");
    assert_eq!(first["district_code"], "320101");
    assert_eq!(first["birth_date"], "1990-02-05");
    assert_eq!(first["sex"], "female");
    assert_eq!(first["serial"], "0003");
    assert_eq!(lines[1]["sex"], "male");
    assert_eq!(lines[1]["birth_date"], "1990-05-17");
}

#[test]
fn nik_exits_1_and_nulls_what_does_not_apply_when_one_is_invalid() {
    let run = cekbae(&["nik", "3201014502900003", "12345", "3201013104900003"], "");
    assert_eq!(run.code, 1);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines[1]["valid"], false);
    assert_eq!(lines[1]["error"], "length");
    for key in ["province_code", "province", "regency_code", "district_code", "birth_date", "sex", "serial"] {
        assert_eq!(lines[1][key], Value::Null, "{key}");
    }
    assert_eq!(lines[2]["error"], "birth_date");
    assert_eq!(lines[2]["birth_date"], Value::Null);
    assert_eq!(lines[2]["province_code"], "32");
}

#[test]
fn nik_century_follows_now() {
    let run = cekbae(&["nik", "--now", "2026-11-30T08:00:00+07:00", "3201010101250001", "3201010101300001"], "");
    let lines = json_lines(&run.stdout);
    assert_eq!(lines[0]["birth_date"], "2025-01-01");
    assert_eq!(lines[1]["birth_date"], "1930-01-01");
}

#[test]
fn every_command_has_help() {
    for args in [&["--help"][..], &["console", "--help"], &["nik", "--help"], &["check", "--help"]] {
        let run = cekbae(args, "");
        assert_eq!(run.code, 0, "{args:?}");
        assert!(run.stdout.contains("Usage:"), "{args:?}: {}", run.stdout);
    }
    let run = cekbae(&["console", "--help"], "");
    for flag in ["--data", "--user", "--locale", "--now", "--json"] {
        assert!(run.stdout.contains(flag), "console --help lacks {flag}");
    }
}

#[test]
fn bad_arguments_exit_2_with_a_clear_message() {
    for args in [
        &["console", "--now", "tomorrow"][..],
        &["console", "--locale", "jv"],
        &["console", "--capacity", "0"],
        &["console", "--frobnicate"],
        &["nik"],
        &["launch"],
    ] {
        let run = cekbae(args, "");
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains("error:"), "{args:?}: {}", run.stderr);
    }
    assert!(
        cekbae(&["console", "--now", "tomorrow"], "").stderr.contains("2026-11-30T08:00:00+07:00"),
        "the error shows an example"
    );
}

#[test]
fn bare_cekbae_is_the_console() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("data");
    let run = cekbae(&["--data", dir.to_str().unwrap(), "--now", "2026-11-30T08:00:00+07:00"], "halo\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Salam sehat"), "{}", run.stdout);
    assert!(run.stdout.contains("1. KTP-el"), "options are numbered: {}", run.stdout);
}

#[test]
fn check_is_clean_on_the_repository_data() {
    let root = repo_root();
    let locales = root.join("locales");
    let dialogues = root.join("dialogues");
    let run =
        cekbae(&["check", "--locales", locales.to_str().unwrap(), "--dialogues", dialogues.to_str().unwrap()], "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("no problems"), "{}", run.stdout);
    let run = cekbae(&["check"], "");
    assert_eq!(run.code, 0, "the built-in copies are clean too: {}", run.stdout);
}

#[test]
fn check_warns_before_the_office_calendar_ends_and_fails_once_it_has() {
    let far = cekbae(&["check", "--now", "2027-10-02T08:00:00+07:00"], "");
    assert_eq!(far.code, 0, "{}", far.stdout);
    assert!(!far.stdout.contains("warning:"), "90 days ahead is not yet short: {}", far.stdout);
    let soon = cekbae(&["check", "--now", "2027-11-01T08:00:00+07:00"], "");
    assert_eq!(soon.code, 0, "a warning does not fail the check: {}", soon.stdout);
    assert!(
        soon.stdout
            .contains("warning: holidays.toml: the office calendar is known until 2027-12-31, 60 day(s) from today"),
        "{}",
        soon.stdout
    );
    assert!(soon.stdout.contains("no problems (1 warning(s) above)"), "{}", soon.stdout);
    let ended = cekbae(&["check", "--now", "2028-01-02T08:00:00+07:00"], "");
    assert_eq!(ended.code, 1, "{}", ended.stdout);
    assert!(ended.stdout.contains("error: holidays.toml: the office calendar ended on 2027-12-31"), "{}", ended.stdout);
    let bad = cekbae(&["check", "--now", "next week"], "");
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn serve_listens_on_this_machine_only_unless_told_otherwise() {
    let help = cekbae(&["serve", "--help"], "");
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("[default: 127.0.0.1:8080]"), "{}", help.stdout);
    assert!(help.stdout.contains("--admin-listen-public"), "{}", help.stdout);
    for secret in ["--data-key", "--admin-token"] {
        assert!(!help.stdout.contains(secret), "no flag for secrets: {}", help.stdout);
    }
}
