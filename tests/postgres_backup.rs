//! `cekbae backup` and `cekbae restore` with `--database`: a PostgreSQL office backed up (NIKs sealed in the
//! file), restored into another database where the conversation and the day's counter go on; a database
//! holding data is replaced only with `--force`; a wrong key or another backend's backup is refused and
//! leaves the target as it was.

use std::path::Path;

use cekbae_pg_store::scratch::{test_database_url, ScratchSchema};
use serde_json::Value;

use crate::harness::{cekbae, cekbae_with_env, Run};

const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const NOW: &str = "2026-11-30T08:00:00+07:00";
const NIK: &str = "3201014502900003";

fn scratch(what: &str) -> Option<ScratchSchema> {
    test_database_url(what).map(|url| ScratchSchema::create(&url).expect("a scratch schema"))
}

fn with_key(args: &[&str], key: &str) -> Run {
    cekbae_with_env(args, &[("CEKBAE_DATA_KEY", key)], "")
}

fn console(url: &str, user: &str, lines: &str) -> Vec<Value> {
    let args = ["console", "--json", "--database", url, "--now", NOW, "--user", user];
    let run = cekbae_with_env(&args, &[("CEKBAE_DATA_KEY", KEY)], lines);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.lines().map(|it| serde_json::from_str(it).unwrap()).collect()
}

/// What the desk shows of a database: the day's appointments with NIKs opened, the closures, the staff.
fn desk_view(url: &str) -> String {
    let list = with_key(
        &["appointments", "--date", "2026-11-30", "--reveal", "--by", "sari", "--database", url, "--now", NOW],
        KEY,
    );
    assert_eq!(list.code, 0, "{}", list.stderr);
    let closures = with_key(&["closures", "list", "--database", url, "--now", NOW], KEY);
    let users = with_key(&["users", "list", "--database", url], KEY);
    format!("{}\n{}\n{}", list.stdout, closures.stdout, users.stdout)
}

fn restore(file: &Path, url: &str, key: &str, force: bool) -> Run {
    let mut args = vec!["restore", file.to_str().unwrap(), "--database", url];
    if force {
        args.push("--force");
    }
    with_key(&args, key)
}

fn gunzip(file: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(file).unwrap()).read_to_end(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_postgres_office_is_restored_into_another_database_and_goes_on_there() {
    let (Some(source), Some(target)) = (scratch("backup of a database"), scratch("restore into a database")) else {
        return;
    };
    let (from, into) = (source.url(), target.url());
    let booked = console(&from, "warga-1", &format!("halo\n2\n3\n{NIK}\n1\n"));
    assert_eq!(booked.last().unwrap()["slots"]["ticket"], "LWL-20261130-001");
    let halfway = console(&from, "warga-2", "halo\n2\n3\n");
    assert_eq!(halfway.last().unwrap()["state"], "nik");
    let run =
        with_key(&["closures", "add", "2026-12-03", "--reason", "Rapat kerja", "--database", &from, "--now", NOW], KEY);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = cekbae_with_env(
        &["users", "add", "siti", "--role", "petugas", "--database", &from],
        &[("CEKBAE_DATA_KEY", KEY)],
        "sandi-siti-2026\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = desk_view(&from);
    assert!(before.contains(NIK) && before.contains("2026-12-03") && before.contains("siti"), "{before}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kantor.tar.gz");
    // No data directory is needed (nor created) to back up a database.
    let absent = dir.path().join("no-data");
    let run = with_key(
        &["backup", "--out", file.to_str().unwrap(), "--database", &from, "--data", absent.to_str().unwrap()],
        KEY,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("NIKs stay sealed") && !run.stdout.contains("Guard it"), "{}", run.stdout);
    assert!(!absent.exists());
    let tar = gunzip(&file);
    assert!(tar.windows(NIK.len()).all(|it| it != NIK.as_bytes()), "no NIK in the clear in the backup");

    // A wrong key: refused, and the empty database stays usable with the right one.
    let wrong = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    let run = restore(&file, &into, wrong, false);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("does not open this backup") && run.stderr.contains("Nothing was restored"),
        "{}",
        run.stderr
    );

    let run = restore(&file, &into, KEY, false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("into the database"), "{}", run.stdout);
    assert_eq!(desk_view(&into), before, "the restored database shows what the office had");

    // The resident half way goes on there, and the day's counter came along (ticket 002, not 001 again).
    let went_on = console(&into, "warga-2", &format!("{NIK}\n1\n"));
    assert_eq!(went_on.last().unwrap()["slots"]["ticket"], "LWL-20261130-002", "{went_on:?}");

    // A database holding data is replaced only on purpose; a wrong key leaves it as it was.
    let run = restore(&file, &into, KEY, false);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("already holds data") && run.stderr.contains("--force"), "{}", run.stderr);
    let run = restore(&file, &into, wrong, true);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let after_refusals = desk_view(&into);
    assert!(after_refusals.contains("LWL-20261130-002"), "nothing was replaced: {after_refusals}");
    let run = restore(&file, &into, KEY, true);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("replacing what it held"), "{}", run.stdout);
    assert_eq!(desk_view(&into), before, "back to the backup's moment");

    // A sled backup does not go into a database.
    let data = dir.path().join("data");
    let run = cekbae(&["console", "--data", data.to_str().unwrap(), "--now", NOW], "halo\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sled_file = dir.path().join("sled.tar.gz");
    let run = cekbae(&["backup", "--out", sled_file.to_str().unwrap(), "--data", data.to_str().unwrap()], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = restore(&sled_file, &into, KEY, true);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("backup of a sled store"), "{}", run.stderr);
}
