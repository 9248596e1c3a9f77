//! Cek berkas end to end: `cekbae serve` in-process over real HTTP, residents writing over WhatsApp (signed
//! webhooks, the fake Graph API serving their media) and Telegram (the fake Bot API's `getFile`), the real
//! fetching loop, the adminduk dialogue checking each file's content before it is stored. A photo and a PDF
//! reach their item sealed, with nothing of them (nor the NIK) in the clear anywhere in the data directory;
//! a file too large, of the wrong type, unknown to the channel, or whose checksum does not match is refused
//! politely (in id and su) and leaves nothing; a slow download never holds up the resident's next message.
//! The crash mid-download with the real binary is `cli/tests/berkas_process.rs`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cekbae::http::HttpLimits;
use cekbae_bot::storage::FileMeta;
use cekbae_bot::Store;
use cekbae_sled_store::SledStore;
use serde_json::{json, Value};

use crate::fake_graph::FakeGraph;
use crate::fake_media::{MediaFile, Pace};
use crate::fake_telegram::{self, FakeTelegram};
use crate::harness::{assert_no_nik_at_rest, data_key, files_under, serving};
use crate::whatsapp::{envelope, metadata, on_test_day, text, Server};

const NIK: &str = "3201014502900003";
const RESIDENT: &str = "6281398765432";
/// The first bytes of a JPEG as phones write them (SOI, APP0 "JFIF"): long enough not to occur by chance.
const JFIF: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00];
const PDF_MAGIC: &[u8] = b"%PDF-1.";

/// A small JPEG-looking file whose content carries `marker` and the NIK (a photo of a KK shows it).
fn jpeg(marker: &str) -> Vec<u8> {
    let mut bytes = JFIF.to_vec();
    bytes.extend_from_slice(&[0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
    bytes.extend_from_slice(format!("{marker} NIK {NIK} ").as_bytes());
    bytes.resize(4096, 0x5A);
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

/// A small PDF whose text carries `marker` and the NIK.
fn pdf(marker: &str) -> Vec<u8> {
    format!("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {marker} NIK {NIK}\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

/// A WhatsApp image (`kind` = `image`) or document message carrying `media_id`.
fn file_message(from: &str, id: &str, kind: &str, media_id: &str, mime_type: &str) -> Value {
    let mut media = json!({ "id": media_id, "mime_type": mime_type, "sha256": "ignored-by-the-fetch" });
    if kind == "document" {
        media["filename"] = json!("berkas.pdf");
    }
    let mut message = json!({ "from": from, "id": id, "timestamp": "1795999900", "type": kind });
    message[kind] = media;
    envelope(json!({ "messaging_product": "whatsapp", "metadata": metadata(), "messages": [message] }))
}

/// The data of `data`, opened with its key after the server stopped.
fn store_of(data: &Path) -> SledStore {
    let key = cekbae_dialogues::vault::DataKey::parse(&data_key(data)).unwrap();
    let sealer = Arc::new(cekbae_dialogues::vault::NikVault::from_key(&key).data_vault());
    SledStore::open(data).unwrap().sealed_with(sealer).unwrap()
}

/// The only booking's ticket.
fn ticket_of(store: &SledStore) -> String {
    let bookings = store.bookings().all().unwrap();
    assert_eq!(bookings.len(), 1, "{bookings:?}");
    bookings[0].ticket.clone()
}

/// No file of `data` holds any of `needles`.
fn assert_nothing_in_the_clear(data: &Path, needles: &[&[u8]]) {
    assert_no_nik_at_rest(data, &[NIK]);
    for file in files_under(data) {
        let bytes = std::fs::read(&file).unwrap();
        for needle in needles {
            assert!(
                !bytes.windows(needle.len()).any(|window| window == *needle),
                "{:?} found in the clear in {}",
                String::from_utf8_lossy(needle),
                file.display()
            );
        }
    }
}

/// `cekbae_files_fetched_total` of the server at `base`.
async fn fetched(http: &reqwest::Client, base: &str) -> u64 {
    let text = http.get(format!("{base}/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("cekbae_files_fetched_total "))
        .and_then(|it| it.trim().parse().ok())
        .unwrap_or(0)
}

/// Waits until the server fetched `count` files.
async fn wait_fetched(http: &reqwest::Client, base: &str, count: u64) {
    let started = Instant::now();
    while fetched(http, base).await < count {
        assert!(started.elapsed() < Duration::from_secs(20), "{count} files never fetched");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Numbers the messages of one test.
struct Ids(usize);

impl Ids {
    fn next(&mut self) -> String {
        self.0 += 1;
        format!("wamid.berkas-{}", self.0)
    }
}

/// Sends `body` and waits until the answer to it (its bubbles go out one after another) contains `needle`;
/// returns the whole answer.
async fn answer(server: &Server, graph: &FakeGraph, body: Value, needle: &str) -> String {
    let id = body["entry"][0]["changes"][0]["value"]["messages"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(server.post(&body).await, 200);
    let started = Instant::now();
    loop {
        let answers: Vec<String> =
            graph.all().into_iter().filter(|it| it.answers() == Some(id.as_str())).map(|it| it.text()).collect();
        let joined = answers.join("\n--\n");
        if joined.contains(needle) {
            return joined;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no answer to {id} with {needle:?}: {joined}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A resident books KTP-el hilang (items: the police letter, a copy of the KK) over WhatsApp.
async fn book(server: &Server, graph: &FakeGraph, ids: &mut Ids) {
    answer(server, graph, text(RESIDENT, &ids.next(), &format!("KTP {NIK} hilang")), "pilih hari").await;
    let ticket = answer(server, graph, text(RESIDENT, &ids.next(), "1"), "Survei Kepuasan").await;
    assert!(ticket.contains("Nomor tiket") && ticket.contains("Cek berkas sebelum datang"), "{ticket}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_and_a_pdf_reach_their_item_sealed_and_nothing_of_them_is_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let photo = jpeg("PHOTO-MARKER-7f3a");
    let letter = pdf("PDF-MARKER-91c2");
    graph.media.add("m-photo", photo.clone(), "image/jpeg");
    graph.media.add("m-pdf", letter.clone(), "application/pdf");
    let server = Server::start(&data, &graph).await;
    let mut ids = Ids(0);
    book(&server, &graph, &mut ids).await;
    let asked = "*Kirim foto (1/2):* Surat keterangan kehilangan dari Kepolisian";
    answer(&server, &graph, text(RESIDENT, &ids.next(), "cek berkas"), asked).await;
    let photo_message = file_message(RESIDENT, &ids.next(), "image", "m-photo", "image/jpeg");
    let got =
        answer(&server, &graph, photo_message, "Diterima untuk *Surat keterangan kehilangan dari Kepolisian").await;
    assert!(got.contains("(1 file)"), "{got}");
    answer(&server, &graph, text(RESIDENT, &ids.next(), "lanjut"), "*Kirim foto (2/2):*").await;
    let pdf_message = file_message(RESIDENT, &ids.next(), "document", "m-pdf", "application/pdf");
    answer(&server, &graph, pdf_message, "Diterima untuk *Fotokopi Kartu Keluarga (KK)* (1 file)").await;
    wait_fetched(&server.http, &server.base, 2).await;
    // The fetched files are handled in the resident's queue, before this next message.
    let summary = answer(&server, &graph, text(RESIDENT, &ids.next(), "selesai"), "Sudah dikirim:").await;
    assert!(summary.contains("Fotokopi Kartu Keluarga (KK) (1 file)"), "{summary}");
    let before_stop = graph.accepted_to(RESIDENT).len();
    server.stop().await;
    assert_eq!(graph.accepted_to(RESIDENT).len(), before_stop, "a stored file is not announced again");
    assert_eq!(graph.media.downloads("m-photo"), 1);
    assert_eq!(graph.media.downloads("m-pdf"), 1);

    let store = store_of(&data);
    let ticket = ticket_of(&store);
    let files: Vec<FileMeta> = store.files().of_subject(&ticket).unwrap();
    assert_eq!(
        files.iter().map(|it| (it.slot, it.mime_type.as_str())).collect::<Vec<_>>(),
        [(1, "image/jpeg"), (2, "application/pdf")]
    );
    assert!(store.files().pending_of_subject(&ticket).unwrap().is_empty());
    assert_eq!(store.files().content(files[0].id).unwrap().unwrap().1, photo);
    assert_eq!(store.files().content(files[1].id).unwrap().unwrap().1, letter);
    drop(store);
    assert_nothing_in_the_clear(&data, &[JFIF, PDF_MAGIC, b"PHOTO-MARKER-7f3a", b"PDF-MARKER-91c2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_too_large_of_the_wrong_type_unknown_or_with_a_wrong_checksum_is_refused_and_nothing_kept() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    // Meta declares 11 MB: refused before any byte is downloaded.
    graph.media.add_file("m-large", MediaFile::new(jpeg("LARGE"), "image/jpeg").declared_size(11 * 1024 * 1024));
    // Announced as a JPEG, the bytes are a GIF.
    graph.media.add("m-gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00;".to_vec(), "image/jpeg");
    graph.media.add_file("m-sha", MediaFile::new(jpeg("SHA-MARKER"), "image/jpeg").wrong_sha256());
    let server = Server::start(&data, &graph).await;
    let mut ids = Ids(0);
    book(&server, &graph, &mut ids).await;
    // A type the office does not take, as the webhook declares it: refused in the turn, never fetched.
    let zip = file_message(RESIDENT, &ids.next(), "document", "m-zip", "application/zip");
    answer(&server, &graph, zip, "jenis file ini tidak dapat kami terima").await;
    for (media_id, cause) in [
        ("m-large", "terlalu besar (paling besar 10 MB)"),
        ("m-gif", "jenis file ini tidak dapat kami terima"),
        ("m-404", "tidak dapat kami ambil"),
        ("m-sha", "tidak dapat kami ambil"),
    ] {
        let count = graph.accepted_to(RESIDENT).len();
        let message = file_message(RESIDENT, &ids.next(), "image", media_id, "image/jpeg");
        answer(&server, &graph, message, "kami terima sebagai").await;
        // The refusal comes on its own once the fetch ended.
        let sent = graph.wait_for(RESIDENT, count + 2).await;
        let refusal = sent[count + 1].text();
        assert!(refusal.contains("File untuk *") && refusal.contains(cause), "{media_id}: {refusal}");
        assert!(refusal.contains("File ini tidak kami simpan") || refusal.contains("kirim sekali lagi"), "{refusal}");
    }
    assert_eq!(graph.media.downloads("m-large"), 0, "a declared size over the limit is not downloaded");
    assert_eq!(graph.media.requests("m-zip"), 0, "a declared type refused is not fetched");
    server.stop().await;
    let store = store_of(&data);
    let ticket = ticket_of(&store);
    assert!(store.files().of_subject(&ticket).unwrap().is_empty());
    assert!(store.files().pending_of_subject(&ticket).unwrap().is_empty());
    drop(store);
    assert_nothing_in_the_clear(&data, &[JFIF, b"SHA-MARKER"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_download_never_holds_up_the_residents_next_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let photo = jpeg("SLOW-MARKER");
    graph.media.add_file("m-slow", MediaFile::new(photo.clone(), "image/jpeg").pace(Pace::Gated));
    let server = Server::start(&data, &graph).await;
    let mut ids = Ids(0);
    book(&server, &graph, &mut ids).await;
    let message = file_message(RESIDENT, &ids.next(), "image", "m-slow", "image/jpeg");
    answer(&server, &graph, message, "kami terima sebagai").await;
    let started = Instant::now();
    while graph.media.downloads("m-slow") == 0 {
        assert!(started.elapsed() < Duration::from_secs(10), "the download never started");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The download hangs; the resident's question is answered meanwhile.
    answer(&server, &graph, text(RESIDENT, &ids.next(), "jam buka kapan?"), "07.30").await;
    assert_eq!(fetched(&server.http, &server.base).await, 0, "the download is still held");
    graph.media.open("m-slow");
    wait_fetched(&server.http, &server.base, 1).await;
    answer(&server, &graph, text(RESIDENT, &ids.next(), "bantuan"), "").await;
    server.stop().await;
    let store = store_of(&data);
    let ticket = ticket_of(&store);
    let files = store.files().of_subject(&ticket).unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(store.files().content(files[0].id).unwrap().unwrap().1, photo);
}

/// Waits until a message to `chat` from the `from`th on contains `needle`; returns its index.
async fn wait_text(telegram: &FakeTelegram, chat: i64, from: usize, needle: &str) -> usize {
    let started = Instant::now();
    loop {
        let sent = telegram.sent_to(chat);
        if let Some(found) = sent.iter().skip(from).position(|(text, _)| text.contains(needle)) {
            return from + found;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no message with {needle:?}: {sent:#?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_telegram_a_photo_is_stored_and_a_missing_document_refused_in_sundanese() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let telegram = FakeTelegram::start().await;
    let photo = jpeg("TG-MARKER");
    telegram.media.add("tg-photo", photo.clone(), "image/jpeg");
    let graph = FakeGraph::start().await;
    let config = crate::telegram::webhook_config(&telegram);
    let server = Server::start_on(serving(on_test_day(&data)), &graph, Some(config), HttpLimits::default()).await;
    let chat = crate::telegram::CHAT;
    let post = |update: Value| {
        let base = server.base.clone();
        async move {
            let status = crate::telegram::post_update(&base, &update, Some(crate::telegram::SECRET)).await;
            assert_eq!(status, 200);
        }
    };
    post(fake_telegram::text_update(1, chat, "basa sunda")).await;
    wait_text(&telegram, chat, 0, "").await;
    post(fake_telegram::text_update(2, chat, &format!("KTP {NIK} leungit"))).await;
    let asked = wait_text(&telegram, chat, 0, "NIK ************0003").await;
    post(fake_telegram::text_update(3, chat, "1")).await;
    let ticket = wait_text(&telegram, chat, asked, "Mariksa berkas samémeh sumping").await;
    let survey = wait_text(&telegram, chat, ticket, "Survei Kepuasan Masyarakat").await;
    post(fake_telegram::photo_file_update(4, chat, "tg-photo", photo.len() as u64, "")).await;
    // Telegram shows bold as HTML.
    let taken =
        wait_text(&telegram, chat, survey + 1, "katampi salaku <b>Surat katerangan kaicalan ti Kapolisian").await;
    wait_fetched(&server.http, &server.base, 1).await;
    // A document Telegram no longer knows: refused in Sundanese, nothing kept.
    post(fake_telegram::document_update(5, chat, "tg-gone", "application/pdf", 2000)).await;
    let second = wait_text(&telegram, chat, taken + 1, "katampi salaku <b>Fotokopi Kartu Keluarga (KK)</b>").await;
    let refused = wait_text(&telegram, chat, second + 1, "teu tiasa dicandak").await;
    assert!(telegram.sent_to(chat)[refused].0.contains("File kanggo <b>Fotokopi Kartu Keluarga (KK)</b>"));
    server.stop().await;
    assert_eq!(telegram.media.downloads("tg-photo"), 1);
    let store = store_of(&data);
    let ticket = ticket_of(&store);
    let files = store.files().of_subject(&ticket).unwrap();
    assert_eq!(files.iter().map(|it| it.slot).collect::<Vec<_>>(), [1]);
    assert_eq!(store.files().content(files[0].id).unwrap().unwrap().1, photo);
    assert!(store.files().pending_of_subject(&ticket).unwrap().is_empty());
    drop(store);
    assert_nothing_in_the_clear(&data, &[JFIF, b"TG-MARKER"]);
}
