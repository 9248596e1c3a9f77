//! Cek berkas across a crash, with the real binary: `cekbae serve` is SIGKILLed while the fake Graph API holds
//! the download of a photo a resident sent (the turn that received it committed its pending record and
//! answered); restarted on the same data, it fetches the file again, stores it once, and tells the resident
//! nothing more (the acknowledgement was given once, before the crash). Nothing of the photo nor the NIK is
//! in the clear in the data directory afterwards.

// Each process test uses part of the shared support.
#[allow(dead_code)]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cekbae_bot::Store;
use serde_json::json;

use support::fake_media::{MediaFile, Pace};
use support::{
    data_key, serve_command, sign, signal, spawn_server, start_graph_with_media, webhook, Inbox, Server, PHONE,
};

const NIK: &str = "3201014502900003";
const RESIDENT: &str = "6281377700001";
const JFIF: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00];

fn start(data: &std::path::Path, graph: &str) -> Server {
    let mut command = serve_command(graph);
    command.arg("--data").arg(data).env("RUST_LOG", "info").env("CEKBAE_DATA_KEY", data_key(data));
    spawn_server(command)
}

fn image(id: &str, media_id: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
        "value": {"metadata": {"phone_number_id": PHONE}, "messages": [{"from": RESIDENT, "id": id, "type": "image",
        "image": {"id": media_id, "mime_type": "image/jpeg"}}]}}]}]}))
    .unwrap()
}

fn post(runtime: &tokio::runtime::Runtime, base: &str, body: Vec<u8>) {
    let status = runtime.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("{base}/webhook/whatsapp"))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", sign(&body))
            .body(body)
            .send()
            .await
            .unwrap();
        response.status().as_u16()
    });
    assert_eq!(status, 200);
}

/// Waits until a message answering `id` reached the fake; returns its text.
fn wait_answer(inbox: &Inbox, id: &str) -> String {
    let started = Instant::now();
    loop {
        let answers: Vec<String> =
            inbox.all().into_iter().filter(|(_, _, tag)| tag.as_deref() == Some(id)).map(|(_, text, _)| text).collect();
        if !answers.is_empty() {
            return answers.join("\n--\n");
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no answer to {id}: {:#?}", inbox.all());
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn fetched(runtime: &tokio::runtime::Runtime, base: &str) -> u64 {
    let text = runtime.block_on(async { reqwest::get(format!("{base}/metrics")).await.unwrap().text().await.unwrap() });
    text.lines()
        .find_map(|line| line.strip_prefix("cekbae_files_fetched_total "))
        .and_then(|it| it.trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_crash_mid_download_resumes_after_the_restart_and_stores_the_file_once() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (inbox, graph, media) = start_graph_with_media(&runtime);
    let mut photo = JFIF.to_vec();
    photo.extend_from_slice(format!("CRASH-MARKER NIK {NIK} ").as_bytes());
    photo.resize(40_000, 0x42);
    photo.extend_from_slice(&[0xFF, 0xD9]);
    media.add_file("m-crash", MediaFile::new(photo.clone(), "image/jpeg").pace(Pace::Gated));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    let mut server = start(&data, &graph);
    post(&runtime, &server.base, webhook(RESIDENT, "wamid.c1", &format!("KTP {NIK} hilang")));
    wait_answer(&inbox, "wamid.c1");
    post(&runtime, &server.base, webhook(RESIDENT, "wamid.c2", "1"));
    assert!(wait_answer(&inbox, "wamid.c2").contains("Nomor tiket"));
    post(&runtime, &server.base, image("wamid.c3", "m-crash"));
    let taken = wait_answer(&inbox, "wamid.c3");
    assert!(taken.contains("kami terima sebagai *Surat keterangan kehilangan dari Kepolisian"), "{taken}");
    let started = Instant::now();
    while media.downloads("m-crash") == 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "the download never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The fake holds the download: the process dies in the middle of it.
    signal(&server.child, "KILL");
    let _ = server.child.wait();
    let said_before = inbox.to(RESIDENT).len();

    media.open("m-crash");
    let mut again = start(&data, &graph);
    let started = Instant::now();
    while fetched(&runtime, &again.base) < 1 {
        assert!(started.elapsed() < Duration::from_secs(30), "the pending file was not fetched after the restart");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The stored file is handled in the resident's queue before this message.
    post(&runtime, &again.base, webhook(RESIDENT, "wamid.c4", "selesai"));
    wait_answer(&inbox, "wamid.c4");
    signal(&again.child, "TERM");
    assert!(again.child.wait().unwrap().success());
    assert_eq!(media.downloads("m-crash"), 2, "downloaded again after the crash, once");
    let told: Vec<String> = inbox.to(RESIDENT);
    assert_eq!(told.len(), said_before + 1, "only the sentinel's answer after the restart: {told:#?}");
    assert_eq!(told.iter().filter(|it| it.contains("kami terima sebagai")).count(), 1, "told once: {told:#?}");

    let key = cekbae_dialogues::vault::DataKey::parse(&data_key(&data)).unwrap();
    let sealer = Arc::new(cekbae_dialogues::vault::NikVault::from_key(&key).data_vault());
    let store = cekbae_sled_store::SledStore::open(&data).unwrap().sealed_with(sealer).unwrap();
    let ticket = store.bookings().all().unwrap()[0].ticket.clone();
    let files = store.files().of_subject(&ticket).unwrap();
    assert_eq!(files.len(), 1, "stored once: {files:?}");
    assert_eq!(store.files().content(files[0].id).unwrap().unwrap().1, photo);
    assert!(store.files().pending_of_subject(&ticket).unwrap().is_empty());
    drop(store);
    for file in walk(&data) {
        let bytes = std::fs::read(&file).unwrap();
        for needle in [JFIF, b"CRASH-MARKER".as_slice(), NIK.as_bytes()] {
            assert!(!bytes.windows(needle.len()).any(|it| it == needle), "in the clear in {}", file.display());
        }
    }
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut res = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            res.extend(walk(&path));
        } else {
            res.push(path);
        }
    }
    res
}
