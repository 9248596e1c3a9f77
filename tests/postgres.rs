//! PostgreSQL from the command line: `--database` needs `CEKBAE_DATA_KEY`, `cekbae migrate`, the
//! upgrade path — an office's sled directory copied with `cekbae store copy` (counts per kind, nothing
//! twice) and its conversations and day counters continuing on the database — and `cekbae serve` on the
//! database keeping every NIK residents send over WhatsApp and Telegram out of a `pg_dump`. Each test uses
//! a fresh schema of `CEKBAE_TEST_DATABASE_URL` and says it was skipped without one.

use std::time::{Duration, Instant};

use cekbae::args::EngineArgs;
use cekbae::http::HttpLimits;
use cekbae::secrets::{Secret, Secrets};
use cekbae_bot::storage::{Bookings, Store};
use cekbae_pg_store::scratch::{test_database_url, ScratchSchema};
use serde_json::Value;

use crate::fake_graph::FakeGraph;
use crate::fake_telegram::{press_update, text_update, FakeTelegram};
use crate::harness::{cekbae, cekbae_with_env, nik_in, Run};
use crate::telegram::{post_update, webhook_config, SECRET as TELEGRAM_SECRET};
use crate::whatsapp::{list_reply, on_test_day, text, Server};

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
    let run = cekbae(&["users", "add", "siti", "--role", "petugas", "--data", data_dir], "sandi-siti-2026\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The papers warga-1 sent for the booking: a photo fetched and stored, a document still to fetch.
    let (stored, pending) = send_papers(&data, "LWL-20261130-001");

    let copy =
        |_: ()| cekbae_with_env(&["store", "copy", "--from", data_dir, "--to", &url], &[("CEKBAE_DATA_KEY", KEY)], "");
    let run = copy(());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = counts(&run.stdout);
    assert_eq!(first["sessions"], (2, 0), "{}", run.stdout);
    assert_eq!(first["bookings"], (1, 0));
    assert_eq!(first["booking days"], (1, 0));
    assert_eq!(first["closures"], (1, 0));
    assert_eq!(first["accounts"], (1, 0), "staff keep their accounts: {}", run.stdout);
    assert!(first["statistics"].0 >= 2, "{}", run.stdout);
    assert!(first["message ids"].0 == 0 || first["message ids"].1 == 0);
    assert_eq!((first["files"], first["pending files"]), ((1, 0), (1, 0)), "{}", run.stdout);
    for kind in ["surveys", "handovers", "audit entries", "outbox", "inbox", "records", "delivery statuses"] {
        assert!(first.contains_key(kind), "{kind} counted: {}", run.stdout);
    }
    // The counts match what the directory holds.
    {
        let sled_store = cekbae_sled_store::SledStore::open(&data).unwrap();
        assert_eq!(sled_store.sessions().users().unwrap().len(), first["sessions"].0);
        assert_eq!(Bookings::all(&sled_store).unwrap().len(), first["bookings"].0);
        assert_eq!(sled_store.statistics().all().unwrap().len(), first["statistics"].0);
        let files = sled_store.files();
        let subjects = files.subjects().unwrap();
        let stored: usize = subjects.iter().map(|it| files.of_subject(it).unwrap().len()).sum();
        let pending: usize = subjects.iter().map(|it| files.pending_of_subject(it).unwrap().len()).sum();
        assert_eq!((stored, pending), (first["files"].0, first["pending files"].0));
    }
    // On the database: the photo opens with the operator's key, whole; the document waits to be fetched
    // (its failed attempt counted); neither the photo nor the NIK on it is in the clear in a dump.
    {
        let key = cekbae_dialogues::vault::DataKey::parse(KEY).unwrap();
        let sealer = std::sync::Arc::new(cekbae_dialogues::vault::NikVault::from_key(&key).data_vault());
        let pg = cekbae_pg_store::PgStore::open(&url, sealer).unwrap();
        let (meta, content) = pg.files().content(stored.id).unwrap().expect("the photo was copied");
        assert_eq!((meta, content), (stored, paper_photo()));
        let claimed = pg.files().claim_pending(Duration::from_secs(30), 10, chrono::Utc::now()).unwrap();
        assert_eq!(claimed, vec![pending]);
        let dump = schema.bytes_at_rest();
        for needle in [&b"JFIF"[..], b"3201014502900003", b"wamid.DOCUMENT"] {
            assert!(
                !dump.windows(needle.len()).any(|w| w == needle),
                "{:?} in the clear",
                String::from_utf8_lossy(needle)
            );
        }
    }

    let again = copy(());
    assert_eq!(again.code, 0, "{}", again.stderr);
    for (kind, (copied, present)) in counts(&again.stdout) {
        assert_eq!(copied, 0, "{kind} copied twice: {}", again.stdout);
        assert_eq!(present, first[&kind].0 + first[&kind].1, "{kind}");
    }

    // The petugas's account came along with its role (and its password hash: no new password needed).
    let users = cekbae_with_env(&["users", "list", "--json", "--database", &url], &[("CEKBAE_DATA_KEY", KEY)], "");
    assert_eq!(users.code, 0, "{}", users.stderr);
    let users: Value = serde_json::from_str(&users.stdout).unwrap();
    assert_eq!((users[0]["name"].as_str(), users[0]["role"].as_str()), (Some("siti"), Some("petugas")), "{users}");

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

/// A photo of a KTP as a resident sends it: a JFIF header, and the NIK among its bytes.
fn paper_photo() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00];
    bytes.extend(b"NIK 3201014502900003");
    bytes.extend([0xFF, 0xD9]);
    bytes
}

/// Writes what a channel and the fetching loop leave for `ticket` into the sled directory `data`: a stored
/// photo and a document still pending after one failed fetch. (stored, pending).
fn send_papers(
    data: &std::path::Path,
    ticket: &str,
) -> (cekbae_bot::storage::FileMeta, cekbae_bot::storage::PendingFile) {
    let store = cekbae_sled_store::SledStore::open(data).unwrap();
    let warga = cekbae_bot::UserKey::new("console", "warga-1");
    let media = |media_id: &str, mime: &str, name: Option<&str>| cekbae_bot::Attachment {
        media_id: media_id.into(),
        mime_type: Some(mime.into()),
        declared_size: None,
        sha256: None,
        file_name: name.map(str::to_owned),
    };
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T08:05:00+07:00").unwrap().to_utc();
    let tx = store.begin_turn(&warga).unwrap();
    let photo = tx.files().expect(ticket, 1, &media("wamid.PHOTO", "image/jpeg", None), at).unwrap();
    let document =
        tx.files().expect(ticket, 2, &media("wamid.DOCUMENT", "application/pdf", Some("KK warga.pdf")), at).unwrap();
    let stored = tx.files().store(photo, "image/jpeg", &paper_photo()).unwrap().unwrap();
    tx.commit(cekbae_bot::storage::TurnCommit::nothing(at)).unwrap();
    store.files().release(document, Duration::ZERO, at).unwrap();
    let pending = store.files().pending_of_subject(ticket).unwrap().pop().unwrap();
    assert_eq!((pending.id, pending.attempts), (document, 1));
    (stored, pending)
}

/// The server's fixed clock (`on_test_day`).
const NOW: &str = "2026-11-30T08:00:00+07:00";
const TEN_SECONDS: Duration = Duration::from_secs(10);
/// Longer than the server's sweep of the outbox.
const SWEEP: Duration = Duration::from_secs(40);

/// A desk command on the database with the operator's key, off the async runtime.
async fn desk_on_database(url: &str, args: &[&str]) -> Run {
    let mut all: Vec<String> = args.iter().map(|it| (*it).to_owned()).collect();
    // On the server's clock: the resident's 24-hour WhatsApp window is open then.
    all.extend(["--database", url, "--now", NOW].map(str::to_owned));
    tokio::task::spawn_blocking(move || {
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        cekbae_with_env(&refs, &[("CEKBAE_DATA_KEY", KEY)], "")
    })
    .await
    .unwrap()
}

/// Waits until `done` holds, for at most `limit`.
async fn until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Adds a table holding NIKs in the clear to `schema` through `psql`: one with dashes in a text column, one as
/// raw bytes in a `bytea` column (which `pg_dump` writes in hex).
fn store_in_the_clear(schema: &ScratchSchema, dashed: &str, raw: &str) {
    let sql = format!(
        "CREATE TABLE {name}.positive_control (words text, raw bytea); \
         INSERT INTO {name}.positive_control VALUES ('NIK {dashed}', convert_to('{raw}', 'UTF8'));",
        name = schema.name()
    );
    let out = std::process::Command::new("psql")
        .args(["--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "--dbname", schema.base_url(), "-c", &sql])
        .output()
        .expect("psql runs (Debian: postgresql-client)");
    assert!(out.status.success(), "psql failed: {}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn niks_sent_over_whatsapp_and_telegram_are_found_nowhere_in_a_pg_dump() {
    let Some(schema) = scratch("NIKs sealed on PostgreSQL (serve, WhatsApp and Telegram, pg_dump)") else { return };
    let url = schema.url();
    let dir = tempfile::tempdir().unwrap();
    let engine = EngineArgs {
        database: Some(url.clone()),
        secrets: Secrets { data_key: Some(Secret::new(KEY)), ..Secrets::default() },
        ..on_test_day(&dir.path().join("data"))
    };
    let graph = FakeGraph::start().await;
    let telegram = FakeTelegram::start().await;
    let server = Server::start_on(engine, &graph, Some(webhook_config(&telegram)), HttpLimits::default()).await;
    // WhatsApp, Telegram, the handover line, the petugas's reply.
    let niks = ["3201014502900003", "3201011705900001", "3201012902960001", "3201016608950004", "3201015507850002"];
    let (booked, waiting, handed_over) = ("6281200000001", "6281200000002", "6281200000003");

    // WhatsApp: a booking with a NIK in groups of four; a NIK with dashes left in the session; a NIK, then a
    // petugas, and a NIK with dots written to the petugas (a handover line).
    for webhook in [
        text(booked, "wamid.n1", "KTP 3201 0145 0290 0003 HILANG"),
        list_reply(booked, "wamid.n2", "day:2026-11-30"),
        text(waiting, "wamid.n3", "kk rusak"),
        text(waiting, "wamid.n4", "NIK saya 3201-0117-0590-0001"),
        text(handed_over, "wamid.n5", "KIA 3201012902960001 BARU"),
        text(handed_over, "wamid.n6", "petugas"),
        text(handed_over, "wamid.n7", "NIK istri saya 3201.0155.0785.0002 juga hilang"),
    ] {
        assert_eq!(server.post(&webhook).await, 200);
    }
    // Telegram (webhook mode): a booking with a NIK in one run; a NIK by its parts, then a petugas.
    for update in [
        text_update(1, 777, "KTP 3201016608950004 HILANG"),
        press_update(2, 777, "day:2026-11-30"),
        text_update(3, 778, "kk rusak"),
        text_update(4, 778, "nik 32.01.01.170590.0001"),
        text_update(5, 778, "petugas"),
    ] {
        assert_eq!(post_update(&server.base, &update, Some(TELEGRAM_SECRET)).await, 200);
    }
    let ticket = |texts: Vec<String>| texts.iter().any(|text| text.contains("LWL-20261130-"));
    until("the WhatsApp booking", TEN_SECONDS, || {
        ticket(graph.accepted_to(booked).iter().map(|it| it.text()).collect())
    })
    .await;
    until("the Telegram booking", TEN_SECONDS, || {
        ticket(telegram.sent_to(777).into_iter().map(|(text, _)| text).collect())
    })
    .await;
    graph.wait_for_answer("wamid.n4").await;
    graph.wait_for_answer("wamid.n6").await;

    // Both residents wait for a petugas, who answers with a NIK (the outbox holds the petugas's words).
    let started = Instant::now();
    let handovers = loop {
        let list = desk_on_database(&url, &["handover", "list", "--json"]).await;
        assert_eq!(list.code, 0, "{}", list.stderr);
        let list: Value = serde_json::from_str(&list.stdout).unwrap();
        let ids: Vec<String> =
            list.as_array().unwrap().iter().map(|it| it["id"].as_u64().unwrap().to_string()).collect();
        if ids.len() == 2 {
            break ids;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "two handovers expected: {list}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    for id in &handovers {
        let run =
            desk_on_database(&url, &["handover", "reply", id, "Baik, NIK 3201015507850002 sudah kami catat."]).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    // Written by the desk command straight to the database (as from another instance), the replies are sent by
    // the server's next sweep of the outbox (every 15 s).
    let from_petugas = |texts: Vec<String>| texts.iter().any(|text| text.contains("sudah kami catat"));
    until("the reply on WhatsApp", SWEEP, || {
        from_petugas(graph.accepted_to(handed_over).iter().map(|it| it.text()).collect())
    })
    .await;
    until("the reply on Telegram", SWEEP, || {
        from_petugas(telegram.sent_to(778).into_iter().map(|(text, _)| text).collect())
    })
    .await;
    server.stop().await;
    // The handover lines are in the database: the resident's words to the petugas and the petugas's reply.
    let list = desk_on_database(&url, &["handover", "list", "--json"]).await;
    let lines = serde_json::from_str::<Value>(&list.stdout).unwrap().to_string();
    assert!(lines.contains("juga hilang") && lines.contains("sudah kami catat"), "{lines}");

    let dump = schema.bytes_at_rest();
    assert!(dump.windows(5).any(|it| it == b"COPY "), "the dump holds the schema's tables");
    let found = nik_in(&dump, &niks);
    assert!(found.is_none(), "{found:?} found in the clear in a pg_dump of the database");

    // The check sees a NIK stored in the clear, with separators in a text column or as bytes in a bytea one.
    store_in_the_clear(&schema, "3201-0117-0590-0001", "3201012902960001");
    let dump = schema.bytes_at_rest();
    assert_eq!(nik_in(&dump, &[niks[1]]).as_deref(), Some("3201-0117-0590-0001"));
    assert_eq!(nik_in(&dump, &[niks[2]]).as_deref(), Some("3201012902960001"), "bytea values are decoded");
}
