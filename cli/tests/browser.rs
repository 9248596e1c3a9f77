//! The desk in a real browser: `cekbae serve` as a process, residents talking to it over WhatsApp (a fake
//! Graph API on 127.0.0.1), and Debian's headless Chromium driven by playwright-core
//! (`tests/browser/desk.mjs`) through login, wrong password, lockout, logout, roles, a forged form, done,
//! show NIK, cancel, a handover reply and a resident's new message arriving without reload, the report's
//! charts, and screenshots at 1280 and 360 px (in `target/browser-artifacts/`). Then: the cancelled
//! resident and the handover resident got their messages on WhatsApp, and the page's figures equal
//! `cekbae report --format json`. Chromium missing is a failure, not a skip (`.ci/run` installs it).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

// Each process test uses part of the shared support.
#[allow(dead_code)]
mod support;

use support::{serve_command, sign, start_graph, webhook, Inbox, PHONE, SECRET};

const TOKEN: &str = "browser-admin-token-0123456789abcdef";
/// The server's clock (`serve_command` runs it at this time).
const NOW: &str = "2026-11-30T08:00:00+07:00";
const CHROMIUM: &str = "/usr/bin/chromium";
const RESIDENT_DONE: &str = "6281111111111";
const RESIDENT_CANCEL: &str = "6283333333333";
const RESIDENT_HANDOVER: &str = "6282222222222";
const NIK_DONE: &str = "3201014502900003";
const NIK_CANCEL: &str = "3201011705900001";
const REPLY: &str = "Baik Pak, berkas KK Bapak kami cek dulu.";
/// The first resident's ticket, for which they sent photos of their papers.
const BERKAS_TICKET: &str = "LWL-20261130-001";
/// The note the petugas gives the KK copy in the browser.
const BERKAS_NOTE: &str = "fotokopi KK terpotong, mohon kirim ulang";
/// An 8×8 PNG: a photo the browser can draw.
const PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x08\x00\x00\x00\x08\x08\x02\x00\x00\x00\x4b\x6d\x29\xdc\x00\x00\x00\x11\x49\x44\x41\x54\x78\x9c\x63\x50\x48\x58\x80\x15\x31\x0c\x2d\x09\x00\x02\x6c\x48\x01\xb2\xdc\x6d\x82\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj<<>>endobj\nkk-copy";
const NEW_MESSAGE: &str = "Terima kasih, saya tunggu kabarnya";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

/// `cekbae ARGS` on `data`, with `stdin`; its stdout, after checking it succeeded.
fn cekbae(data: &Path, key: &str, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cekbae"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env("CEKBAE_DATA_KEY", key)
        .env("CEKBAE_ADMIN_TOKEN", TOKEN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "cekbae {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

struct Server {
    child: Child,
    public: String,
    desk: String,
}

fn start_server(data: &Path, key: &str, graph: &str) -> Server {
    let mut child = serve_command(graph)
        .arg("--data")
        .arg(data)
        .env("CEKBAE_DATA_KEY", key)
        .env("CEKBAE_ADMIN_TOKEN", TOKEN)
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            eprintln!("server: {line}");
            if let Some(addr) = line.split("listening on http://").nth(1) {
                let _ = tx.send(("public", addr.split(';').next().unwrap_or_default().to_owned()));
            }
            if let Some(addr) = line.split("the desk on http://").nth(1) {
                let _ = tx.send(("desk", addr.split('/').next().unwrap_or_default().to_owned()));
            }
        }
    });
    let mut found = BTreeMap::new();
    while found.len() < 2 {
        let (what, addr) = rx.recv_timeout(Duration::from_secs(30)).expect("the server says where it listens");
        found.insert(what, addr);
    }
    Server { child, public: format!("http://{}", found["public"]), desk: format!("http://{}/desk", found["desk"]) }
}

/// Stops the server (SIGTERM) and waits for it.
fn stop_server(server: &mut Server) {
    let status = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    assert!(server.child.wait().unwrap().success());
}

/// Stores the first resident's files in their turns (announced, then fetched), on the stopped server's
/// data; returns the photo's and the PDF's ids.
fn put_files(data: &Path, key: &str) -> (u64, u64) {
    use cekbae_bot::storage::TurnCommit;
    let secrets = cekbae::secrets::Secrets {
        data_key: Some(cekbae::secrets::Secret::new(key)),
        ..cekbae::secrets::Secrets::default()
    };
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    let args = cekbae::args::EngineArgs { secrets, ..cekbae::args::EngineArgs::at(data.to_owned(), Some(now)) };
    let engine = cekbae::setup::build_engine(&args, true).unwrap();
    let user = cekbae_bot::UserKey { channel: "whatsapp".into(), id: RESIDENT_DONE.into() };
    let put = |mime: &str, content: &[u8]| {
        let media = cekbae_bot::Attachment {
            media_id: format!("media-{}", content.len()),
            mime_type: Some(mime.to_owned()),
            declared_size: Some(content.len() as u64),
            sha256: None,
            file_name: None,
        };
        let tx = engine.store().begin_turn(&user).unwrap();
        let id = tx.files().expect(BERKAS_TICKET, 1, &media, now.to_utc()).unwrap();
        tx.commit(TurnCommit::nothing(now.to_utc())).unwrap();
        let tx = engine.store().begin_turn(&user).unwrap();
        let stored = tx.files().store(id, mime, content).unwrap().unwrap().id;
        tx.commit(TurnCommit::nothing(now.to_utc())).unwrap();
        stored
    };
    let ids = (put("image/png", PNG), put("application/pdf", PDF));
    engine.store().flush().unwrap();
    ids
}

/// A resident's message, signed; waits until the bot has answered it.
fn resident_says(runtime: &tokio::runtime::Runtime, server: &Server, sent: &Inbox, from: &str, id: &str, text: &str) {
    let before = sent.to(from).len();
    let body = webhook(from, id, text);
    let signature = sign(&body);
    let status = runtime.block_on(async {
        reqwest::Client::new()
            .post(format!("{}/webhook/whatsapp", server.public))
            .header("x-hub-signature-256", signature)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
    });
    assert!(status.is_success(), "{status}");
    let started = Instant::now();
    while sent.to(from).len() == before {
        assert!(started.elapsed() < Duration::from_secs(20), "no answer to {from}'s {text:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs `npm ci` when the browser tests' packages are not installed yet.
fn install_playwright(dir: &Path) {
    if dir.join("node_modules/playwright-core/package.json").is_file() {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .status()
        .expect("npm (Node.js) is needed for the browser tests: apt-get install -y nodejs npm");
    assert!(status.success(), "npm ci failed in {}", dir.display());
}

#[test]
fn the_desk_works_in_headless_chromium() {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "{CHROMIUM} is missing: the desk's browser test needs Debian's Chromium \
         (apt-get install -y chromium chromium-driver; .ci/run installs it)"
    );
    let browser_dir = repo_root().join("tests/browser");
    install_playwright(&browser_dir);
    let artifacts = repo_root().join("target/browser-artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let key = cekbae_dialogues::vault::DataKey::generate().to_hex();
    for (name, role) in [("siti", "petugas"), ("pak-camat", "camat"), ("admin", "admin"), ("kunci", "petugas")] {
        cekbae(&data, &key, &["users", "add", name, "--role", role], &format!("sandi-{name}-2026\n"));
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (sent, graph) = start_graph(&runtime);
    let mut server = start_server(&data, &key, &graph);
    resident_says(&runtime, &server, &sent, RESIDENT_DONE, "wamid.a1", &format!("KTP {NIK_DONE} HILANG"));
    resident_says(&runtime, &server, &sent, RESIDENT_DONE, "wamid.a2", "1");
    // The first resident answers the satisfaction survey, so the report has an IKM.
    resident_says(&runtime, &server, &sent, RESIDENT_DONE, "wamid.a3", "ya");
    for n in 0..9 {
        resident_says(
            &runtime,
            &server,
            &sent,
            RESIDENT_DONE,
            &format!("wamid.s{n}"),
            if n % 3 == 0 { "3" } else { "4" },
        );
    }
    resident_says(&runtime, &server, &sent, RESIDENT_CANCEL, "wamid.c1", &format!("KTP {NIK_CANCEL} HILANG"));
    resident_says(&runtime, &server, &sent, RESIDENT_CANCEL, "wamid.c2", "1");
    resident_says(&runtime, &server, &sent, RESIDENT_HANDOVER, "wamid.b1", "kk rusak");
    resident_says(&runtime, &server, &sent, RESIDENT_HANDOVER, "wamid.b2", "petugas");
    assert!(
        sent.to(RESIDENT_CANCEL).iter().any(|it| it.contains("LWL-20261130-002")),
        "{:?}",
        sent.to(RESIDENT_CANCEL)
    );
    // The first resident sent a photo of the police letter and, under the same item, a PDF of the KK copy
    // (the petugas moves it in the browser): stored with the server stopped, as its turn would.
    stop_server(&mut server);
    let (photo, pdf) = put_files(&data, &key);
    let mut server = start_server(&data, &key, &graph);

    let run = Command::new("node")
        .arg("desk.mjs")
        .current_dir(&browser_dir)
        .env("DESK", &server.desk)
        .env("WEBHOOK", format!("{}/webhook/whatsapp", server.public))
        .env("SECRET", SECRET)
        .env("PHONE_ID", PHONE)
        .env("ARTIFACTS", &artifacts)
        .env("NIK", NIK_DONE)
        .env("NIK_SECOND", NIK_CANCEL)
        .env("RESIDENT_HANDOVER", RESIDENT_HANDOVER)
        .env("REPLY", REPLY)
        .env("NEW_MESSAGE", NEW_MESSAGE)
        .env("BERKAS_TICKET", BERKAS_TICKET)
        .env("BERKAS_PHOTO", photo.to_string())
        .env("BERKAS_PDF", pdf.to_string())
        .env("BERKAS_NOTE", BERKAS_NOTE)
        .output()
        .expect("node (Node.js) runs the browser script");
    let output = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "the browser script failed:\n{output}");
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("results.json")).unwrap()).unwrap();
    assert_eq!(results["ok"], true, "{output}");

    // What residents received on WhatsApp.
    let cancelled = sent.to(RESIDENT_CANCEL);
    assert!(
        cancelled.iter().any(|it| it.contains("LWL-20261130-002") && it.contains("dibatalkan oleh petugas")),
        "{cancelled:?}"
    );
    let handover = sent.to(RESIDENT_HANDOVER);
    assert!(handover.iter().any(|it| it.contains(REPLY)), "{handover:?}");
    assert!(!sent.to(RESIDENT_DONE).iter().any(|it| it.contains("dibatalkan")), "only the cancelled one is told");
    // "Kirim hasil": the item that is not ok, with the petugas's note; the one that is ok is not listed.
    let result = sent.to(RESIDENT_DONE).into_iter().find(|it| it.contains("Perlu dilengkapi")).expect("the result");
    assert!(result.contains(&format!("Fotokopi Kartu Keluarga (KK): tidak jelas ({BERKAS_NOTE})")), "{result}");
    assert!(!result.contains("Kepolisian"), "{result}");

    // The report's figures on the page equal `cekbae report --format json` (through the admin API).
    let report: Value = serde_json::from_str(&cekbae(&data, &key, &["report", "--format", "json"], "")).unwrap();
    let figures = &results["figures"];
    for (figure, path) in [
        ("users", "/users"),
        ("conversations", "/conversations"),
        ("funnel.done", "/funnel/done"),
        ("bookings.total", "/bookings/total"),
        ("handovers.total", "/handovers/total"),
        ("skm.respondents", "/skm/respondents"),
    ] {
        assert_eq!(figures[figure].as_str().unwrap(), report.pointer(path).unwrap().to_string(), "{figure}");
    }
    assert_eq!(figures["users"], "3", "{figures}");
    assert_eq!(figures["skm.respondents"], "1", "{figures}");
    let ikm = report.pointer("/skm/ikm").and_then(Value::as_f64).expect("an IKM");
    assert_eq!(figures["skm.ikm"].as_str().unwrap(), format!("{ikm:.2}"));
    for name in ["login", "report", "appointments", "berkas", "handovers", "users", "audit"] {
        for width in [1280, 360] {
            let shot = artifacts.join(format!("{name}-{width}.png"));
            assert!(std::fs::metadata(&shot).map(|it| it.len() > 1000).unwrap_or(false), "{}", shot.display());
        }
    }
    eprintln!("screenshots in {}", artifacts.display());

    let status = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    assert!(server.child.wait().unwrap().success());
}
