//! Hardening, each property over the real server or command line: slow and oversized
//! clients are cut off, old messages are not replayed, forged button ids and control
//! characters never reach staff screens or spreadsheets, secrets and settings are
//! handled as secrets. Each test fails without the fix it names.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use cekbae::http::HttpLimits;
use cekbae_adapter_whatsapp::signature;

use crate::fake_graph::FakeGraph;
use crate::fake_telegram::{press_update, text_update, FakeTelegram};
use crate::harness::{cekbae, cekbae_on, cekbae_with_env, Run};
use crate::whatsapp::{envelope, list_reply, metadata, text, Server, RESIDENT, SECRET};

/// 2026-11-30T08:00:00+07:00, the servers' fixed clock, in Unix seconds.
const NOW_UNIX: i64 = 1_796_000_400;

fn short_limits() -> HttpLimits {
    HttpLimits {
        header_timeout: Duration::from_millis(500),
        body_timeout: Duration::from_millis(800),
        max_connections: 40,
        max_requests_in_flight: 4,
        shutdown_grace: Duration::from_secs(1),
    }
}

fn address(base: &str) -> &str {
    base.trim_start_matches("http://")
}

/// Reads until the response head is complete or the server closes; panics after `limit`.
async fn read_head(stream: &mut TcpStream, limit: Duration) -> String {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        let left = limit.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("no answer within {limit:?}; read {:?}", String::from_utf8_lossy(&got)),
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// Waits until the server closes the connection; panics if it is still open after `limit`.
async fn wait_closed(stream: &mut TcpStream, limit: Duration) {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit.saturating_sub(started.elapsed()), stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return,
            Ok(Ok(_)) => {}
            Err(_) => panic!("the server kept a slow connection open for {limit:?}"),
        }
    }
}

fn text_sent_at(from: &str, id: &str, body: &str, sent_at: i64) -> Value {
    envelope(json!({
        "messaging_product": "whatsapp", "metadata": metadata(),
        "messages": [{ "from": from, "id": id, "timestamp": sent_at.to_string(), "type": "text", "text": { "body": body } }],
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_without_its_signature_or_secret_is_refused_before_its_body_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&dir.path().join("data"), &graph).await;
    for signature_header in ["", "x-hub-signature-256: sha256=zz\r\n"] {
        let mut stream = TcpStream::connect(address(&server.base)).await.unwrap();
        let head = format!(
            "POST /webhook/whatsapp HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n{signature_header}content-length: 1048576\r\n\r\n{{\"entry\":"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        // The rest of the megabyte never comes: the answer must not wait for it.
        let answer = read_head(&mut stream, Duration::from_secs(3)).await;
        assert!(answer.starts_with("HTTP/1.1 401"), "{signature_header:?}: {answer}");
    }
    server.stop().await;

    let telegram = FakeTelegram::start().await;
    let server = crate::telegram::Server::start(&dir.path().join("tg"), &telegram, true).await;
    let mut stream = TcpStream::connect(address(&server.base)).await.unwrap();
    stream
        .write_all(b"POST /webhook/telegram HTTP/1.1\r\nhost: x\r\ncontent-length: 1048576\r\n\r\n{\"update_id\":")
        .await
        .unwrap();
    let answer = read_head(&mut stream, Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_and_more_of_them_than_connection_slots_do_not_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let limits = short_limits();
    let server = Server::start_with(&dir.path().join("data"), &graph, limits).await;
    let addr = address(&server.base).to_owned();
    // More half-sent requests than the server has connection slots.
    let mut slow = Vec::new();
    for _ in 0..limits.max_connections + 20 {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        stream.write_all(b"POST /webhook/whatsapp HTTP/1.1\r\nhost: x\r\n").await.unwrap();
        slow.push(stream);
    }
    // A kept-alive connection that has finished its request and then says nothing.
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    assert!(read_head(&mut idle, Duration::from_secs(5)).await.starts_with("HTTP/1.1 200"));
    // A body that trickles in a byte at a time, never reaching its length.
    let mut trickle = TcpStream::connect(&addr).await.unwrap();
    let header = signature::sign(SECRET.as_bytes(), b"whatever");
    trickle
        .write_all(format!("POST /webhook/whatsapp HTTP/1.1\r\nhost: x\r\nx-hub-signature-256: {header}\r\ncontent-length: 1000\r\n\r\n{{").as_bytes())
        .await
        .unwrap();
    let trickling = tokio::spawn(async move {
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if trickle.write_all(b" ").await.is_err() {
                return true;
            }
        }
        // Still accepted after 4 s: the body deadline (0.8 s) was not enforced.
        let mut buf = [0u8; 256];
        matches!(tokio::time::timeout(Duration::from_millis(100), trickle.read(&mut buf)).await, Ok(Ok(_)))
    });
    // Every slow connection is closed by the server within its header timeout (queued ones after a slot frees).
    for stream in &mut slow {
        wait_closed(stream, Duration::from_secs(5)).await;
    }
    wait_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(trickling.await.unwrap(), "a trickling body is cut off at its deadline");
    // And the server answers as before.
    let started = Instant::now();
    let health = server.http.get(format!("{}/healthz", server.base)).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.post(&text(RESIDENT, "wamid.after-slow", "halo")).await, 200);
    graph.wait_for_answer("wamid.after-slow").await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_beyond_the_requests_in_flight_get_503_while_healthz_answers() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    // Generous header and body times: this test is about the cap, and a loaded machine must not
    // end a held request (or the probe's connection) through a timeout instead.
    let limits =
        HttpLimits { header_timeout: Duration::from_secs(10), body_timeout: Duration::from_secs(60), ..short_limits() };
    let server = Server::start_with(&dir.path().join("data"), &graph, limits).await;
    let header = signature::sign(SECRET.as_bytes(), b"whatever");
    let head = format!(
        "POST /webhook/whatsapp HTTP/1.1\r\nhost: x\r\nx-hub-signature-256: {header}\r\ncontent-length: 1048576\r\n\r\n{{"
    );
    // Requests whose bodies never finish hold every slot. That they do is read from the server's
    // own count, not guessed from silence: a request the server has not parsed yet is silent too,
    // and would later race the probe for the last slot.
    let mut holding: Vec<TcpStream> = Vec::new();
    for _ in 0..limits.max_requests_in_flight {
        let mut stream = TcpStream::connect(address(&server.base)).await.unwrap();
        stream.write_all(head.as_bytes()).await.unwrap();
        holding.push(stream);
    }
    let started = Instant::now();
    while in_flight(&server).await != limits.max_requests_in_flight {
        assert!(started.elapsed() < Duration::from_secs(20), "the held requests never took every slot");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.post(&text(RESIDENT, "wamid.shed", "halo")).await, 503, "no room: Meta retries later");
    let health = server.http.get(format!("{}/healthz", server.base)).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200, "/healthz is outside the cap");
    assert_eq!(in_flight(&server).await, limits.max_requests_in_flight, "the refused request took no slot");
    drop(holding);
    // Once the held requests are gone, the redelivery goes through.
    let started = Instant::now();
    loop {
        match server.post(&text(RESIDENT, "wamid.shed", "halo")).await {
            200 => break,
            503 if started.elapsed() < Duration::from_secs(10) => tokio::time::sleep(Duration::from_millis(50)).await,
            other => panic!("{other}"),
        }
    }
    graph.wait_for_answer("wamid.shed").await;
    server.stop().await;
}

/// The webhook requests the server counts as in flight (`/healthz`).
async fn in_flight(server: &Server) -> usize {
    let health: Value = server.http.get(format!("{}/healthz", server.base)).send().await.unwrap().json().await.unwrap();
    health["requests_in_flight"].as_u64().expect("/healthz counts requests in flight") as usize
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_message_older_than_the_replay_window_is_acknowledged_but_not_processed() {
    let dir = tempfile::tempdir().unwrap();
    let graph = FakeGraph::start().await;
    let server = Server::start(&dir.path().join("data"), &graph).await;
    let day = 24 * 60 * 60;
    // Captured on day 0, replayed on day 9: its id has been forgotten, its time has not.
    let old = text_sent_at(RESIDENT, "wamid.day0", "hapus data saya", NOW_UNIX - 9 * day);
    assert_eq!(server.post(&old).await, 200, "acknowledged, so Meta does not retry it");
    // Six days late (Meta retried through an outage): still processed.
    let late = text_sent_at("6281298765432", "wamid.day3", "halo", NOW_UNIX - 6 * day);
    assert_eq!(server.post(&late).await, 200);
    graph.wait_for_answer("wamid.day3").await;
    let sentinel = server.sentinel(&graph, RESIDENT).await;
    assert!(graph.accepted_to_except(RESIDENT, &sentinel).is_empty(), "the replay was not processed");
    server.stop().await;

    // Telegram: an update dated nine days ago is confirmed and dropped.
    let telegram = FakeTelegram::start().await;
    let server = crate::telegram::Server::start(&dir.path().join("tg"), &telegram, false).await;
    let chat = crate::telegram::CHAT;
    let mut old = text_update(1, chat, "kk rusak");
    old["message"]["date"] = json!(NOW_UNIX - 9 * day);
    telegram.push_update(old);
    telegram.push_update(text_update(2, chat, "bahasa"));
    let sent = telegram.wait_for(chat, 3).await;
    assert!(sent[2].1.contains(&"lang:su".to_owned()), "{sent:#?}");
    assert!(sent.iter().all(|(text, _)| !text.contains("Kartu Keluarga")), "the old update was not read: {sent:#?}");
    server.stop().await;
}

/// The report as JSON and its `requests.by_reason` keys.
fn reasons_reported(data: &Path) -> Vec<String> {
    let run = cekbae_on(data, &["report", "--format", "json", "--data", data.to_str().unwrap()], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    report["requests"]["by_reason"].as_object().map(|it| it.keys().cloned().collect()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_button_ids_are_read_as_typed_text_on_whatsapp_and_telegram() {
    let forged = "reason:=HYPERLINK(\"http://evil.example\",\"klik\")";
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let server = Server::start(&data, &graph).await;
    server.post(&text(RESIDENT, "wamid.f1", "halo")).await;
    graph.wait_for_answer("wamid.f1").await;
    // The document menu is showing; a "list reply" arrives with an id it never offered.
    assert_eq!(server.post(&list_reply(RESIDENT, "wamid.f2", forged)).await, 200);
    let answer = graph.wait_for_answer("wamid.f2").await;
    assert!(!answer.text().contains("HYPERLINK"), "{}", answer.text());
    let escape = "doc:\u{1b}[2J\u{1b}[1;1HKTP-el";
    assert_eq!(server.post(&list_reply(RESIDENT, "wamid.f3", escape)).await, 200);
    graph.wait_for_answer("wamid.f3").await;
    server.stop().await;
    let reasons = reasons_reported(&data);
    assert!(reasons.iter().all(|it| !it.contains("HYPERLINK")), "{reasons:?}");
    let text_report = cekbae_on(&data, &["report", "--data", data.to_str().unwrap()], "").stdout;
    assert!(!text_report.contains('\u{1b}'), "{text_report}");

    let telegram = FakeTelegram::start().await;
    let data = dir.path().join("tg");
    let server = crate::telegram::Server::start(&data, &telegram, false).await;
    let chat = crate::telegram::CHAT;
    telegram.push_update(text_update(1, chat, "/start"));
    telegram.wait_for(chat, 2).await;
    telegram.push_update(press_update(2, chat, forged));
    let sent = telegram.wait_for(chat, 3).await;
    assert!(sent.iter().all(|(text, _)| !text.contains("HYPERLINK")), "{sent:#?}");
    server.stop().await;
    let reasons = reasons_reported(&data);
    assert!(reasons.iter().all(|it| !it.contains("HYPERLINK")), "{reasons:?}");
}

#[test]
fn reports_made_from_data_stored_before_the_fix_are_safe_in_a_spreadsheet_and_a_terminal() {
    // Statistics an earlier version stored from forged button ids.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert_eq!(cekbae(&["console", "--data", data.to_str().unwrap()], "halo\n").code, 0);
    {
        // Written as that version wrote it (the store waits for the lock the console let go of a moment ago).
        let conversation = json!({"channel": "whatsapp\u{1b}[2J", "resident": "abc", "started_at": "2026-11-30T01:00:00Z",
            "updated_at": "2026-11-30T01:00:00Z", "states": ["menu"],
            "facts": {"reason": "=HYPERLINK(\"http://evil.example\",\"klik\")", "document": "@SUM(A1)\u{1b}]8;;http://x\u{7}"}});
        let entries = vec![(9_999u64.to_be_bytes().to_vec(), serde_json::to_vec(&conversation).unwrap())];
        cekbae_sled_store::raw::write_tree(&data, "conversations", &entries).unwrap();
    }
    let csv = cekbae(&["report", "--format", "csv", "--data", data.to_str().unwrap()], "").stdout;
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@']), "a formula cell: {line}");
        }
        assert!(!line.contains('\u{1b}') && !line.contains('\u{7}'), "{line:?}");
    }
    assert!(csv.contains("'=HYPERLINK"), "the value is kept, defused: {csv}");
    let text = cekbae(&["report", "--data", data.to_str().unwrap()], "").stdout;
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resident_text_cannot_act_on_the_petugas_terminal_and_nik_digits_are_masked_across_separators() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let server = Server::start(&data, &graph).await;
    server.post(&text(RESIDENT, "wamid.i1", "halo")).await;
    graph.wait_for_answer("wamid.i1").await;
    let hostile = "ktp hilang\r\n    09:00 petugas: datang saja besok\u{1b}[2J\u{1b}]8;;http://evil.example\u{7}klik di sini\u{1b}]8;;\u{7} \u{202e}gnalih PTK\u{9b}1m NIK saya 3201/0145/0290/0011";
    server.post(&text(RESIDENT, "wamid.i2", hostile)).await;
    graph.wait_for_answer("wamid.i2").await;
    server.post(&text(RESIDENT, "wamid.i3", "petugas")).await;
    graph.wait_for_answer("wamid.i3").await;
    server.stop().await;

    let list = cekbae_on(&data, &["handover", "list", "--data", data.to_str().unwrap()], "");
    assert_eq!(list.code, 0, "{}", list.stderr);
    let out = list.stdout;
    for bad in ['\u{1b}', '\r', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(!out.contains(bad), "{bad:?} reached the terminal: {out:?}");
    }
    assert!(!out.lines().any(|line| line.trim_start().starts_with("09:00 petugas")), "a forged line: {out}");
    assert!(out.contains("****/****/****/0011") && !out.contains("3201/0145"), "{out}");
    let json: Value = serde_json::from_str(
        &cekbae_on(&data, &["handover", "list", "--json", "--data", data.to_str().unwrap()], "").stdout,
    )
    .unwrap();
    let stored = json[0]["lines"].to_string();
    assert!(!stored.contains("\\u001b") && !stored.contains("\\r") && !stored.contains('\u{202e}'), "{stored}");
}

fn serve_with(env: &[(&str, &str)], extra: &[&str], data: &Path) -> Run {
    let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--data", data.to_str().unwrap()];
    args.extend(extra);
    cekbae_with_env(&args, env, "")
}

#[test]
fn serve_refuses_missing_or_weak_secrets_and_a_public_admin_address() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let key = cekbae_dialogues::vault::DataKey::generate().to_hex();
    let token = "t".repeat(40);

    let run = serve_with(&[], &[], &data);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("CEKBAE_DATA_KEY is not set") && run.stderr.contains("cekbae keygen"),
        "{}",
        run.stderr
    );
    let run = serve_with(&[("CEKBAE_DATA_KEY", "leuwiliang2026")], &[], &data);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("passphrase") && run.stderr.contains("cekbae keygen"), "{}", run.stderr);
    let run = serve_with(&[("CEKBAE_DATA_KEY", &key), ("CEKBAE_ADMIN_TOKEN", "x")], &[], &data);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("at least 32"), "{}", run.stderr);
    let run = serve_with(
        &[("CEKBAE_DATA_KEY", &key), ("CEKBAE_ADMIN_TOKEN", &token)],
        &["--admin-listen", "0.0.0.0:0"],
        &data,
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--admin-listen-public"), "{}", run.stderr);
    // Secrets are no longer accepted on the command line, where every user sees them.
    for flag in ["--data-key", "--data-key-old", "--admin-token"] {
        let run = cekbae(&["appointments", flag, &key, "--data", data.to_str().unwrap()], "");
        assert_eq!(run.code, 2, "{flag}: {}", run.stderr);
    }
    // A key from a file.
    let key_file = dir.path().join("data.key");
    std::fs::write(&key_file, "leuwiliang2026\n").unwrap();
    let run = serve_with(&[("CEKBAE_DATA_KEY_FILE", key_file.to_str().unwrap())], &[], &data);
    assert!(run.stderr.contains("passphrase"), "the file is read: {}", run.stderr);
}

#[test]
fn keygen_prints_a_fresh_key_that_serve_accepts() {
    let first = cekbae(&["keygen"], "");
    let second = cekbae(&["keygen"], "");
    assert_eq!(first.code, 0);
    let key = first.stdout.trim_end();
    assert_eq!(first.stdout, format!("{key}\n"), "the key alone on stdout");
    assert_eq!(key.len(), 64);
    assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_ne!(first.stdout, second.stdout);
    assert!(cekbae_dialogues::vault::DataKey::parse(key).is_ok());
    assert!(first.stderr.contains("CEKBAE_DATA_KEY"), "{}", first.stderr);
}

#[test]
fn settings_files_never_print_their_secrets_and_must_not_be_open_to_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let key = cekbae_dialogues::vault::DataKey::generate().to_hex();
    let config = dir.path().join("cekbae.toml");
    std::fs::write(&config, "[whatsapp]\naccess_token = \"EAAGsecretTOKEN123\nverify_token = \"v\"\n").unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = serve_with(&[("CEKBAE_DATA_KEY", &key)], &["--config", config.to_str().unwrap()], &data);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("line 2, column"), "{}", run.stderr);
    assert!(!run.stderr.contains("EAAG") && !run.stderr.contains("access_token"), "{}", run.stderr);

    std::fs::write(&config, "[whatsapp]\nverify_token = \"v\"\n").unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).unwrap();
    let run = serve_with(&[("CEKBAE_DATA_KEY", &key)], &["--config", config.to_str().unwrap()], &data);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
}

#[test]
fn a_data_directory_other_users_can_enter_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = cekbae(&["console", "--data", data.to_str().unwrap()], "halo\n");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("open to other users") && run.stderr.contains("chmod 700"), "{}", run.stderr);
    assert!(std::fs::read_dir(&data).unwrap().next().is_none(), "nothing was written");
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(cekbae(&["console", "--data", data.to_str().unwrap()], "halo\n").code, 0);
}

#[test]
fn serve_refuses_an_open_data_directory_or_a_wrong_key_before_it_announces_an_address() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let key = cekbae_dialogues::vault::DataKey::generate().to_hex();
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = serve_with(&[("CEKBAE_DATA_KEY", &key)], &[], &data);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("open to other users"), "{}", run.stderr);
    assert!(!run.stderr.contains("listening on"), "refused before announcing: {}", run.stderr);

    // Data sealed with one key, served with another.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    let booked =
        cekbae_with_env(&["console", "--data", data.to_str().unwrap()], &[("CEKBAE_DATA_KEY", &key)], "halo\n");
    assert_eq!(booked.code, 0, "{}", booked.stderr);
    let other = cekbae_dialogues::vault::DataKey::generate().to_hex();
    let run = serve_with(&[("CEKBAE_DATA_KEY", &other)], &[], &data);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the data key does not open"), "{}", run.stderr);
    assert!(!run.stderr.contains("listening on"), "refused before announcing: {}", run.stderr);
}

#[test]
fn niks_sealed_under_the_old_passphrase_stay_readable_through_rotation() {
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    // Earlier versions keyed the vault with SHA-256 of CEKBAE_DATA_KEY's text: with this
    // key the console seals exactly as they did with the passphrase "leuwiliang2026".
    let as_before = hex::encode(sha2::Sha256::digest(b"leuwiliang2026"));
    let booked = cekbae_with_env(
        &["console", "--json", "--data", data_arg, "--now", "2026-11-30T08:00:00+07:00"],
        &[("CEKBAE_DATA_KEY", &as_before)],
        "KTP 3201014502900003 HILANG\n1\n",
    );
    assert_eq!(booked.code, 0, "{}", booked.stderr);
    let new_key = cekbae(&["keygen"], "").stdout.trim().to_owned();
    let reveal = |env: &[(&str, &str)]| -> Value {
        let run = cekbae_with_env(&["appointments", "--json", "--reveal", "--by", "budi", "--data", data_arg], env, "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str::<Value>(&run.stdout).unwrap()[0]["nik"].clone()
    };
    // The new key alone opens nothing of this directory: refused, rather than reading nothing a resident
    // wrote and dropping it as damaged.
    let alone = cekbae_with_env(
        &["appointments", "--json", "--reveal", "--data", data_arg],
        &[("CEKBAE_DATA_KEY", &new_key)],
        "",
    );
    assert_eq!(alone.code, 1, "{}", alone.stdout);
    assert!(alone.stderr.contains("does not open"), "{}", alone.stderr);
    let rotating = [("CEKBAE_DATA_KEY", new_key.as_str()), ("CEKBAE_DATA_KEY_OLD", "leuwiliang2026")];
    assert_eq!(reveal(&rotating), "3201014502900003", "the old passphrase as CEKBAE_DATA_KEY_OLD opens it");
    // New bookings are sealed with the new key only.
    let run = cekbae_with_env(
        &["console", "--json", "--user", "baru", "--data", data_arg, "--now", "2026-11-30T08:00:00+07:00"],
        &rotating,
        "KK 3201011705900001 RUSAK\n1\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = cekbae_with_env(
        &["appointments", "--json", "--reveal", "--data", data_arg],
        &[("CEKBAE_DATA_KEY", &new_key)],
        "",
    );
    let list: Value = serde_json::from_str(&run.stdout).unwrap();
    let niks: Vec<&str> = list.as_array().unwrap().iter().filter_map(|it| it["nik"].as_str()).collect();
    assert!(niks.contains(&"3201011705900001"), "{niks:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_statuses_are_forgotten_with_the_other_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let graph = FakeGraph::start().await;
    let server = Server::start(&data, &graph).await;
    for name in ["status_sent", "status_delivered", "status_read", "status_failed"] {
        let body =
            std::fs::read(crate::harness::repo_root().join(format!("tests/fixtures/whatsapp/{name}.json"))).unwrap();
        assert_eq!(server.post_signed(&body, None).await, 200);
    }
    server.stop().await;
    let purge = |now: &str| -> Value {
        let run = cekbae_on(&data, &["purge", "--json", "--data", data.to_str().unwrap(), "--now", now], "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str(&run.stdout).unwrap()
    };
    assert_eq!(purge("2026-12-01T08:00:00+07:00")["delivery_statuses_pruned"], 0, "kept within the retention period");
    assert!(purge("2027-01-09T08:00:00+07:00")["delivery_statuses_pruned"].as_u64().unwrap() >= 1);
    let store = cekbae_sled_store::SledStore::open(&data).unwrap();
    assert!(cekbae_bot::Store::statuses(&store).counts("whatsapp").unwrap().is_empty());
}
