//! Transcript tests: every file under `transcripts/<dialogue>/` is a conversation
//! played through the console adapter (`cekbae console --json`) with a fixed clock.
//!
//! Format, one directive per line:
//!
//! ```text
//! # a comment
//! @now 2026-11-30T08:00:00+07:00   options of the next run (a change starts a new process)
//! @user warga-2                    also: @locale su, @capacity 1, @idle 30
//! @restart                         end the process; the next line starts a new one on the same data
//! @cekbae closures add 2026-12-02 --reason "Rapat"   run a command on the same data and clock between processes
//! > what the resident types
//! @file image/jpeg 120kb           the resident sends a file of that type and size (the console makes up its content)
//! = state nik                      the state after that line
//! = locale su                      the language the bot answers in after that line
//! = slot document ktp_el           a slot's value; `! slot nik` says it is absent
//! ~ some text                      a reply (or a message queued before the turn) contains the text; `!~ text` says none does
//! = replies 2                      the number of reply bubbles
//! ```
//!
//! A failure names the file and line and prints what the bot actually said. Every turn checks what the
//! resident sees (`~`, `!~` or `= replies`), not only the state behind it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{cekbae_with_env, repo_root};

#[derive(Debug, Clone, PartialEq)]
struct Options {
    now: String,
    user: String,
    locale: Option<String>,
    capacity: Option<String>,
    idle: Option<String>,
}

#[derive(Debug)]
struct Turn {
    line_no: usize,
    input: String,
    expects: Vec<(usize, String)>,
}

#[derive(Debug)]
struct Segment {
    options: Options,
    /// Commands (`@cekbae ...`) run on the data before this segment's process starts:
    /// line, arguments, and the clock when the directive was read.
    before: Vec<(usize, Vec<String>, String)>,
    turns: Vec<Turn>,
}

fn parse(path: &Path, text: &str) -> Vec<Segment> {
    let mut options = Options {
        now: "2026-11-30T08:00:00+07:00".into(),
        user: "warga".into(),
        locale: None,
        capacity: None,
        idle: None,
    };
    let mut segments: Vec<Segment> = Vec::new();
    let mut commands: Vec<(usize, Vec<String>, String)> = Vec::new();
    let mut fresh = true;
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        // A file is a turn like a typed line: the console reads `/file <type> <size>` as one.
        let file_line = line.strip_prefix("@file ").map(|rest| format!("> /file {}", rest.trim()));
        let line = file_line.as_deref().unwrap_or(line);
        if let Some(rest) = line.strip_prefix('@') {
            let (key, value) = rest.split_once(' ').map_or((rest, ""), |(k, v)| (k, v.trim()));
            match key {
                "now" => options.now = value.to_owned(),
                "user" => options.user = value.to_owned(),
                "locale" => options.locale = Some(value.to_owned()),
                "capacity" => options.capacity = Some(value.to_owned()),
                "idle" => options.idle = Some(value.to_owned()),
                "restart" => {}
                "cekbae" => commands.push((line_no, split_quoted(value), options.now.clone())),
                other => panic!("{}:{line_no}: unknown directive @{other}", path.display()),
            }
            fresh = true;
            continue;
        }
        if let Some(input) = line.strip_prefix('>') {
            if fresh || segments.is_empty() {
                segments.push(Segment {
                    options: options.clone(),
                    before: std::mem::take(&mut commands),
                    turns: Vec::new(),
                });
                fresh = false;
            }
            let input = input.strip_prefix(' ').unwrap_or(input).to_owned();
            segments.last_mut().unwrap().turns.push(Turn { line_no, input, expects: Vec::new() });
            continue;
        }
        let turn = segments
            .last_mut()
            .and_then(|s| s.turns.last_mut())
            .unwrap_or_else(|| panic!("{}:{line_no}: expectation before any `>` line", path.display()));
        turn.expects.push((line_no, line.to_owned()));
    }
    segments
}

/// Splits a directive's arguments at spaces, keeping "double-quoted text" together.
fn split_quoted(line: &str) -> Vec<String> {
    let mut res = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !current.is_empty() {
                    res.push(std::mem::take(&mut current));
                }
            }
            _ => current.push(ch),
        }
    }
    if !current.is_empty() {
        res.push(current);
    }
    res
}

fn check_expectation(path: &Path, turn: &Turn, line_no: usize, expect: &str, got: &Value) -> Result<(), String> {
    // Messages the office queued before the turn (a reminder) are shown with it, and read like replies.
    let replies: Vec<&str> = ["queued", "replies"]
        .iter()
        .flat_map(|key| got[*key].as_array().into_iter().flatten().filter_map(Value::as_str))
        .collect();
    let slot = |name: &str| got["slots"].get(name).and_then(Value::as_str).map(str::to_owned);
    let ok = if let Some(state) = expect.strip_prefix("= state ") {
        got["state"] == state.trim()
    } else if let Some(locale) = expect.strip_prefix("= locale ") {
        got["locale"] == locale.trim()
    } else if let Some(rest) = expect.strip_prefix("= slot ") {
        let (name, value) = rest.split_once(' ').unwrap_or((rest, ""));
        slot(name).as_deref() == Some(value.trim())
    } else if let Some(name) = expect.strip_prefix("! slot ") {
        slot(name.trim()).is_none()
    } else if let Some(n) = expect.strip_prefix("= replies ") {
        replies.len() == n.trim().parse::<usize>().unwrap_or(usize::MAX)
    } else if let Some(text) = expect.strip_prefix("!~ ") {
        !replies.iter().any(|r| r.contains(text))
    } else if let Some(text) = expect.strip_prefix("~ ") {
        replies.iter().any(|r| r.contains(text))
    } else {
        return Err(format!("{}:{line_no}: cannot read expectation `{expect}`", path.display()));
    };
    if ok {
        return Ok(());
    }
    Err(format!(
        "{}:{line_no}: expected `{expect}` after `> {}` (line {})\n--- got ---\nstate: {}\nslots: {}\nreplies:\n{}\n-----------",
        path.display(),
        turn.input,
        turn.line_no,
        got["state"],
        got["slots"],
        replies.iter().map(|r| format!("  | {}", r.replace('\n', "\n  | "))).collect::<Vec<_>>().join("\n  ~~\n"),
    ))
}

/// Where a transcript's process keeps its data.
enum Backend {
    /// sled in a fresh data directory.
    Sled,
    /// A fresh schema of the test database at this URL.
    Postgres(String),
}

/// The data key of the transcripts played on PostgreSQL (required there).
const DATABASE_KEY: &str = "5ec0ffee5ec0ffee5ec0ffee5ec0ffee5ec0ffee5ec0ffee5ec0ffee5ec0ffee";

/// Plays one transcript file on sled; returns every failed expectation.
fn play(path: &Path) -> Vec<String> {
    play_on(path, &Backend::Sled)
}

/// Plays one transcript file on `backend`; returns every failed expectation.
fn play_on(path: &Path, backend: &Backend) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("readable transcript");
    let data = tempfile::tempdir().expect("temp dir");
    // A folder cekbae creates itself (private); the temp dir's own mode follows the shell's umask.
    let data_dir = data.path().join("data").to_str().expect("utf-8 temp path").to_owned();
    let schema = match backend {
        Backend::Sled => None,
        Backend::Postgres(url) => Some(cekbae_pg_store::scratch::ScratchSchema::create(url).expect("a scratch schema")),
    };
    let database_url = schema.as_ref().map(|it| it.url());
    let storage: Vec<&str> = match &database_url {
        None => vec!["--data", &data_dir],
        Some(url) => vec!["--database", url],
    };
    let env: Vec<(&str, &str)> = match backend {
        Backend::Sled => Vec::new(),
        Backend::Postgres(_) => vec![("CEKBAE_DATA_KEY", DATABASE_KEY)],
    };
    let mut failures = Vec::new();
    for segment in parse(path, &text) {
        let o = &segment.options;
        for (line_no, command, now) in &segment.before {
            let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
            args.extend(storage.iter().copied());
            args.extend(["--now", now]);
            let run = cekbae_with_env(&args, &env, "");
            if run.code != 0 {
                failures.push(format!(
                    "{}:{line_no}: cekbae {} exited {}: {}",
                    path.display(),
                    command.join(" "),
                    run.code,
                    run.stderr
                ));
                return failures;
            }
        }
        let mut args = vec!["console", "--json"];
        args.extend(storage.iter().copied());
        args.extend(["--now", &o.now, "--user", &o.user]);
        if let Some(locale) = &o.locale {
            args.extend(["--locale", locale]);
        }
        if let Some(capacity) = &o.capacity {
            args.extend(["--capacity", capacity]);
        }
        if let Some(idle) = &o.idle {
            args.extend(["--idle-minutes", idle]);
        }
        let stdin: String = segment.turns.iter().map(|t| format!("{}\n", t.input)).collect();
        let run = cekbae_with_env(&args, &env, &stdin);
        if run.code != 0 {
            failures.push(format!("{}: cekbae exited {}: {}", path.display(), run.code, run.stderr));
            return failures;
        }
        let outputs: Vec<&str> = run.stdout.lines().collect();
        if outputs.len() != segment.turns.len() {
            failures.push(format!(
                "{}: {} input lines gave {} output lines:\n{}",
                path.display(),
                segment.turns.len(),
                outputs.len(),
                run.stdout
            ));
            return failures;
        }
        for (turn, output) in segment.turns.iter().zip(outputs) {
            let got: Value = match serde_json::from_str(output) {
                Ok(it) => it,
                Err(err) => {
                    failures.push(format!("{}:{}: output is not JSON ({err}): {output}", path.display(), turn.line_no));
                    continue;
                }
            };
            for (line_no, expect) in &turn.expects {
                if let Err(failure) = check_expectation(path, turn, *line_no, expect, &got) {
                    failures.push(failure);
                }
            }
        }
    }
    failures
}

fn transcript_files() -> BTreeMap<String, PathBuf> {
    let dir = repo_root().join("tests/transcripts/adminduk");
    std::fs::read_dir(&dir)
        .expect("tests/transcripts/adminduk exists")
        .filter_map(|entry| entry.ok().map(|it| it.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| (path.file_stem().unwrap().to_string_lossy().into_owned(), path))
        .collect()
}

#[test]
fn adminduk_transcripts() {
    let files = transcript_files();
    assert!(files.len() >= 10, "expected the transcript suite, found {} files", files.len());
    let mut failures = Vec::new();
    for path in files.values() {
        failures.extend(play(path));
    }
    assert!(failures.is_empty(), "{} transcript expectation(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// The same transcripts with every process on PostgreSQL (a fresh schema per file, processes restarted as
/// the transcripts say): the backend changes nothing a resident sees.
#[test]
fn adminduk_transcripts_on_postgres() {
    let Some(url) = cekbae_pg_store::scratch::test_database_url("transcripts on PostgreSQL") else { return };
    let files = transcript_files();
    let mut failures = Vec::new();
    for path in files.values() {
        failures.extend(play_on(path, &Backend::Postgres(url.clone())));
    }
    assert!(failures.is_empty(), "{} transcript expectation(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// Whether an expectation checks what the resident sees: a text in (or not in) the replies, or their number.
fn checks_what_the_resident_sees(expect: &str) -> bool {
    expect.starts_with("~ ") || expect.starts_with("!~ ") || expect.starts_with("= replies ")
}

/// Every turn of a transcript that checks nothing the resident sees (only state and slots, or nothing).
fn turns_unseen(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("readable transcript");
    parse(path, &text)
        .iter()
        .flat_map(|segment| &segment.turns)
        .filter(|turn| !turn.expects.iter().any(|(_, expect)| checks_what_the_resident_sees(expect)))
        .map(|turn| format!("{}:{}: `> {}`", path.display(), turn.line_no, turn.input))
        .collect()
}

#[test]
fn every_turn_checks_what_the_resident_sees() {
    let unseen: Vec<String> = transcript_files().values().flat_map(|path| turns_unseen(path)).collect();
    assert!(
        unseen.is_empty(),
        "{} turn(s) check nothing the resident sees; add `~ text`, `!~ text` or `= replies N`:\n{}",
        unseen.len(),
        unseen.join("\n")
    );
}

#[test]
fn the_checker_finds_a_turn_that_checks_only_state_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blind.txt");
    std::fs::write(&path, "> halo\n= state start\n> KTP\n> bantuan\n= replies 1\n> ya\n!~ Maaf\n").unwrap();
    let unseen = turns_unseen(&path);
    assert_eq!(unseen.len(), 2, "{unseen:#?}");
    assert!(unseen[0].ends_with(":1: `> halo`") && unseen[1].ends_with(":3: `> KTP`"), "{unseen:#?}");
}

#[test]
fn harness_reports_a_wrong_expectation() {
    // The harness itself must be able to fail: a transcript with a false claim is caught.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrong.txt");
    std::fs::write(&path, "> halo\n= state done\n~ this text is never said\n").unwrap();
    let failures = play(&path);
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(failures[0].contains("expected `= state done`"), "{}", failures[0]);
}
