//! PostgreSQL from the command line: `--database` needs `CEKBAE_DATA_KEY`, `cekbae migrate`, and the
//! upgrade path — an office's sled directory copied with `cekbae store copy` (counts per kind, nothing
//! twice) and its conversations and day counters continuing on the database. Each test uses a fresh
//! schema of `CEKBAE_TEST_DATABASE_URL` and says it was skipped without one.

use cekbae_bot::storage::{Bookings, Store};
use cekbae_pg_store::scratch::{test_database_url, ScratchSchema};
use serde_json::Value;

use crate::harness::{cekbae, cekbae_with_env};

/// The operator's data key in these tests.
const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn scratch(what: &str) -> Option<ScratchSchema> {
    test_database_url(what).map(|url| ScratchSchema::create(&url).expect("a scratch schema"))
}

/// The console's JSON lines for `lines`, as `user` on the database.
fn console_on_database(url: &str, user: &str, lines: &str) -> Vec<Value> {
    let args = ["console", "--json", "--database", url, "--now", "2026-11-30T08:00:00+07:00", "--user", user];
    let run = cekbae_with_env(&args, &[("CEKBAE_DATA_KEY", KEY)], lines);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.lines().map(|it| serde_json::from_str(it).unwrap()).collect()
}

#[test]
fn a_database_needs_the_data_key_and_migrates_once() {
    let Some(schema) = scratch("--database and migrate") else { return };
    let url = schema.url();
    let run = cekbae(&["console", "--database", &url], "halo\n");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("CEKBAE_DATA_KEY is required with PostgreSQL"), "{}", run.stderr);
    assert!(!run.stderr.contains(&url), "the URL (it may hold a password) is not repeated");

    let run = cekbae(&["migrate", "--database", &url], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        format!("database schema migrated from version 0 to {}", cekbae_pg_store::latest_schema())
    );
    let run = cekbae(&["migrate", "--database", &url], "");
    assert!(run.stdout.contains("nothing to do"), "{}", run.stdout);

    let run = cekbae_with_env(&["report", "--database", "mysql://db/cekbae"], &[("CEKBAE_DATA_KEY", KEY)], "");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("must be a postgres:// URL"), "{}", run.stderr);

    let first = console_on_database(&url, "warga", "halo\n");
    assert_eq!(first[0]["state"], "menu");
    let next = console_on_database(&url, "warga", "2\n");
    assert_eq!(next[0]["state"], "reason", "the conversation continues in a new process");
}

/// The counts `cekbae store copy` printed: kind → (copied, already there).
fn counts(stdout: &str) -> std::collections::BTreeMap<String, (usize, usize)> {
    stdout
        .lines()
        .filter_map(|line| {
            let (kind, rest) = line.split_once(": ")?;
            let (copied, rest) = rest.split_once(" copied, ")?;
            let present = rest.strip_suffix(" already there")?;
            Some((kind.to_owned(), (copied.parse().ok()?, present.parse().ok()?)))
        })
        .collect()
}

#[test]
fn a_sled_office_is_copied_into_postgres_and_goes_on_there() {
    let Some(schema) = scratch("store copy (the upgrade path)") else { return };
    let url = schema.url();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_dir = data.to_str().unwrap();
    let now = "2026-11-30T08:00:00+07:00";
    // Today's office: sled without an operator key. One resident booked, one is half way.
    let sled = |user: &str, lines: &str| {
        let run = cekbae(&["console", "--json", "--data", data_dir, "--now", now, "--user", user], lines);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.lines().map(|it| serde_json::from_str::<Value>(it).unwrap()).collect::<Vec<_>>()
    };
    let booked = sled("warga-1", "halo\n2\n3\n3201014502900003\n1\n");
    assert_eq!(booked.last().unwrap()["slots"]["ticket"], "LWL-20261130-001");
    let halfway = sled("warga-2", "halo\n2\n3\n");
    assert_eq!(halfway.last().unwrap()["state"], "nik");
    let run =
        cekbae(&["closures", "add", "2026-12-03", "--reason", "Rapat kerja", "--data", data_dir, "--now", now], "");
    assert_eq!(run.code, 0, "{}", run.stderr);

    let copy =
        |_: ()| cekbae_with_env(&["store", "copy", "--from", data_dir, "--to", &url], &[("CEKBAE_DATA_KEY", KEY)], "");
    let run = copy(());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = counts(&run.stdout);
    assert_eq!(first["sessions"], (2, 0), "{}", run.stdout);
    assert_eq!(first["bookings"], (1, 0));
    assert_eq!(first["booking days"], (1, 0));
    assert_eq!(first["closures"], (1, 0));
    assert!(first["statistics"].0 >= 2, "{}", run.stdout);
    assert!(first["message ids"].0 == 0 || first["message ids"].1 == 0);
    for kind in ["surveys", "handovers", "audit entries", "outbox", "inbox", "records", "delivery statuses"] {
        assert!(first.contains_key(kind), "{kind} counted: {}", run.stdout);
    }
    // The counts match what the directory holds.
    {
        let sled_store = cekbae_sled_store::SledStore::open(&data).unwrap();
        assert_eq!(sled_store.sessions().users().unwrap().len(), first["sessions"].0);
        assert_eq!(Bookings::all(&sled_store).unwrap().len(), first["bookings"].0);
        assert_eq!(sled_store.statistics().all().unwrap().len(), first["statistics"].0);
    }

    let again = copy(());
    assert_eq!(again.code, 0, "{}", again.stderr);
    for (kind, (copied, present)) in counts(&again.stdout) {
        assert_eq!(copied, 0, "{kind} copied twice: {}", again.stdout);
        assert_eq!(present, first[&kind].0 + first[&kind].1, "{kind}");
    }

    // The resident half way goes on on the database: the day's counter came along (ticket 002).
    let went_on = console_on_database(&url, "warga-2", "3201014502900003\n1\n");
    assert_eq!(went_on[0]["state"], "schedule", "{went_on:?}");
    assert_eq!(went_on[1]["state"], "done");
    assert_eq!(went_on[1]["slots"]["ticket"], "LWL-20261130-002");
    // The desk on the database reads the copied booking, its NIK sealed by the directory's own key.
    let run = cekbae_with_env(
        &["appointments", "--date", "2026-11-30", "--reveal", "--by", "petugas", "--database", &url, "--now", now],
        &[("CEKBAE_DATA_KEY", KEY)],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("LWL-20261130-001") && run.stdout.contains("LWL-20261130-002"), "{}", run.stdout);
    let revealed = run.stdout.lines().filter(|line| line.contains("3201014502900003")).count();
    assert_eq!(revealed, 2, "both NIKs open, the copied one too: {}", run.stdout);
    let run = cekbae_with_env(&["closures", "list", "--database", &url, "--now", now], &[("CEKBAE_DATA_KEY", KEY)], "");
    assert!(run.stdout.contains("2026-12-03"), "{}", run.stdout);
}
