//! `cekbae backup` and `cekbae restore`: a round trip keeps every appointment, session, survey answer,
//! handover and audit entry (directly and through the running server's admin API); NIKs stay sealed in
//! the file; a non-empty directory needs --force; a wrong data key is named, and nothing is restored.

use std::path::Path;
use std::sync::Arc;

use cekbae_bot::storage::LoadedSession;
use cekbae_bot::Store;
use cekbae_dialogues::vault::{DataKey, NikVault};
use cekbae_sled_store::SledStore;

use crate::desk_server::{desk_through, DeskServer, ADMIN_TOKEN};
use crate::fake_graph::FakeGraph;
use crate::harness::{cekbae_on, cekbae_with_env, data_key};

const NOW: &str = "2026-11-30T08:00:00+07:00";
const NIK: &str = "3201014502900003";

/// Everything a round trip must keep, read through the storage traits with the data key.
fn contents(data: &Path, key: &str) -> String {
    let store = SledStore::open(data).unwrap();
    let vault =
        NikVault::from_key(&DataKey::parse(key).unwrap()).also_reading(&NikVault::from_store(store.keys()).unwrap());
    let store = store.sealed_with(Arc::new(vault.data_vault())).unwrap();
    let mut sessions = Vec::new();
    for user in store.sessions().users().unwrap() {
        let turn = store.begin_turn(&user).unwrap();
        let session = turn.session().unwrap();
        assert!(matches!(session, LoadedSession::Found(_)), "{user:?}: {session:?}");
        sessions.push(format!("{user:?} {session:?}"));
    }
    let bookings = store.bookings().all().unwrap();
    let surveys = store.surveys().all().unwrap();
    let audit = store.audit().all().unwrap();
    let handovers = store.handovers().all().unwrap();
    assert!(!bookings.is_empty() && !surveys.is_empty() && !audit.is_empty() && !handovers.is_empty());
    assert!(surveys.iter().any(|it| it.answers.iter().flatten().count() >= 2), "{surveys:?}");
    format!("{bookings:#?}\n{sessions:#?}\n{surveys:#?}\n{audit:#?}\n{handovers:#?}")
}

/// A day's worth of data: two residents booked (one answered the survey), one asked for a petugas,
/// a petugas revealed NIKs and marked one appointment done.
fn fill(data: &Path) {
    let at = |user: &str, input: &str| {
        let run = cekbae_on(data, &["console", "--data", data.to_str().unwrap(), "--now", NOW, "--user", user], input);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    at("warga-1", &format!("KTP {NIK} HILANG\n1\nya\n4\n3\n"));
    at("warga-2", "KK 3201014502900011 RUSAK\n1\ntidak\n");
    at("warga-3", "petugas\n");
    let data_arg = data.to_str().unwrap();
    let reveal = cekbae_on(data, &["appointments", "--reveal", "--by", "budi", "--data", data_arg], "");
    assert_eq!(reveal.code, 0, "{}", reveal.stderr);
    let done = cekbae_on(data, &["appointments", "done", "LWL-20261130-001", "--by", "budi", "--data", data_arg], "");
    assert_eq!(done.code, 0, "{}", done.stderr);
}

fn gunzip(file: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(file).unwrap()).read_to_end(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_backup_restores_every_appointment_session_survey_answer_and_audit_entry_with_niks_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    fill(&data);
    let key = data_key(&data);
    let before = contents(&data, &key);
    let file = dir.path().join("cekbae.tar.gz");
    let run = cekbae_on(&data, &["backup", "--out", file.to_str().unwrap(), "--data", data.to_str().unwrap()], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("NIKs stay sealed") && !run.stdout.contains("Guard it"), "{}", run.stdout);
    let tar = gunzip(&file);
    assert!(tar.windows(NIK.len()).all(|it| it != NIK.as_bytes()), "no NIK in the clear in the backup");
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }

    let restored = dir.path().join("restored");
    let restore = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["restore", file.to_str().unwrap(), "--data", restored.to_str().unwrap()];
        args.extend(extra);
        cekbae_with_env(&args, env, "")
    };
    let run = restore(&[("CEKBAE_DATA_KEY", &key)], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(contents(&restored, &key), before);

    // A directory that holds something is replaced only on purpose.
    let run = restore(&[("CEKBAE_DATA_KEY", &key)], &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not empty") && run.stderr.contains("--force"), "{}", run.stderr);
    let run = restore(&[("CEKBAE_DATA_KEY", &key)], &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(contents(&restored, &key), before);

    // The wrong key, or none: said plainly, and the directory keeps what it held.
    let wrong = DataKey::generate().to_hex();
    let run = restore(&[("CEKBAE_DATA_KEY", &wrong)], &["--force"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("does not open this backup") && run.stderr.contains("Nothing was restored"),
        "{}",
        run.stderr
    );
    let run = restore(&[], &["--force"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("holds no key"), "{}", run.stderr);
    assert_eq!(contents(&restored, &key), before);
    let fresh = dir.path().join("fresh");
    let run = cekbae_with_env(
        &["restore", file.to_str().unwrap(), "--data", fresh.to_str().unwrap()],
        &[("CEKBAE_DATA_KEY", &wrong)],
        "",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!fresh.exists(), "nothing was restored");

    // The restored data serves: the booking is there, its NIK opens with the key.
    let list = cekbae_with_env(
        &["appointments", "--json", "--reveal", "--by", "sari", "--data", restored.to_str().unwrap()],
        &[("CEKBAE_DATA_KEY", &key)],
        "",
    );
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(list.stdout.contains(NIK), "{}", list.stdout);
}

#[test]
fn a_store_without_the_operators_key_carries_its_own_and_says_to_guard_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let booked =
        cekbae_with_env(&["console", "--data", data_arg, "--now", NOW], &[], &format!("KTP {NIK} HILANG\n1\n"));
    assert_eq!(booked.code, 0, "{}", booked.stderr);
    let file = dir.path().join("b.tar.gz");
    let missing = dir.path().join("mistyped");
    let run =
        cekbae_with_env(&["backup", "--out", file.to_str().unwrap(), "--data", missing.to_str().unwrap()], &[], "");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no data directory") && !missing.exists() && !file.exists(), "{}", run.stderr);
    let run = cekbae_with_env(&["backup", "--out", file.to_str().unwrap(), "--data", data_arg], &[], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Guard it like the data directory"), "{}", run.stdout);
    let restored = dir.path().join("restored");
    let run = cekbae_with_env(&["restore", file.to_str().unwrap(), "--data", restored.to_str().unwrap()], &[], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = cekbae_with_env(
        &["appointments", "--json", "--reveal", "--by", "sari", "--data", restored.to_str().unwrap()],
        &[],
        "",
    );
    assert!(list.stdout.contains(NIK), "the carried key opens the NIK: {}", list.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_through_the_running_server_restores_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    fill(&data);
    let key = data_key(&data);
    let before = contents(&data, &key);
    let graph = FakeGraph::start().await;
    let server = DeskServer::start(&data, &graph, NOW).await;
    let file = dir.path().join("live.tar.gz");
    let out: &'static str = Box::leak(file.to_str().unwrap().to_owned().into_boxed_str());
    let run = desk_through(&data, vec!["backup", "--out", out], Some(ADMIN_TOKEN)).await.unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("through the running server's admin API"), "{}", run.stdout);
    let run = desk_through(&data, vec!["backup", "--out", out], None).await.unwrap();
    assert_eq!(run.code, 1, "the admin token is needed: {}", run.stderr);
    server.stop().await;
    let restored = dir.path().join("restored");
    let run =
        cekbae_with_env(&["restore", out, "--data", restored.to_str().unwrap()], &[("CEKBAE_DATA_KEY", &key)], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(contents(&restored, &key), before);
}
