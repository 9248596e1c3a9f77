//! The real binary in real processes: a conversation continues across processes,
//! and a data directory held by a running bot gives a clear error instead of a crash.

use std::io::Write;
use std::process::{Command, Stdio};

fn cekbae() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cekbae"))
}

fn run(dir: &str, input: &str) -> serde_json::Value {
    let mut child = cekbae()
        .args(["console", "--json", "--data", dir, "--now", "2026-11-30T08:00:00+07:00"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}

#[test]
fn a_conversation_continues_in_a_new_process() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("data");
    let dir = dir.to_str().unwrap();
    assert_eq!(run(dir, "ktp hilang\n")["state"], "nik");
    let after = run(dir, "3201014502900003\n");
    assert_eq!(after["state"], "schedule");
    assert_eq!(after["slots"]["document"], "ktp_el");
    assert_eq!(run(dir, "1\n")["slots"]["ticket"], "LWL-20261130-001");
}

#[test]
fn a_data_directory_in_use_is_a_clear_error() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("data");
    let dir = dir.to_str().unwrap();
    // The first bot keeps running (its stdin stays open) and holds the directory.
    let mut first = cekbae()
        .args(["console", "--json", "--data", dir])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first_stdin = first.stdin.take().unwrap();
    first_stdin.write_all(b"halo\n").unwrap();
    first_stdin.flush().unwrap();
    // Wait until it has answered, so it surely holds the lock.
    let mut reader = std::io::BufReader::new(first.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut reader, &mut line).unwrap();
    assert!(line.contains("\"state\""), "{line}");

    let second = cekbae().args(["console", "--data", dir]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("cannot open the data directory"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    drop(first_stdin);
    assert!(first.wait().unwrap().success());
}

#[test]
fn no_full_nik_reaches_the_logs_even_at_trace_level() {
    let data = tempfile::tempdir().unwrap();
    let mut child = cekbae()
        .args([
            "console",
            "--json",
            "--data",
            data.path().join("data").to_str().unwrap(),
            "--now",
            "2026-11-30T08:00:00+07:00",
        ])
        .env("RUST_LOG", "trace")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = "KTP 3201014502900003 HILANG\n1\nmenu\nkk rusak\n3201-1417-0590-0001\n3201013104900003\n1\n";
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stderr.contains("nik accepted"), "trace logging is on: {stderr}");
    for nik in ["3201014502900003", "3201141705900001", "3201013104900003"] {
        assert!(!stderr.contains(nik), "{nik} in the logs");
        assert!(!stdout.contains(nik), "{nik} in the trace");
    }
}

#[test]
fn the_data_directory_and_its_files_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("data");
    // Whatever the shell's umask, cekbae makes its files private.
    let output = cekbae()
        .args(["console", "--json", "--data", dir.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(b"KTP 3201014502900003 HILANG\n1\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(output.status.success());
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{} is {mode:o}", path.display());
        files += 1;
    }
    assert!(files >= 2, "db and conf at least");
}
