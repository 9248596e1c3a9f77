//! Shared by the process tests (`server_process`, `instances_process`, `browser`): a fake Graph API that records what the
//! bot sends and serves media residents send (`fake_media`), `cekbae serve` started as a real process with
//! WhatsApp pointed at it, and signed webhooks.

#[path = "../../../tests/fake_media.rs"]
pub(crate) mod fake_media;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

/// The app secret the servers verify webhooks with, and the tests sign them with.
pub(crate) const SECRET: &str = "process-secret";
/// The data key of a data directory in these tests: made once, kept beside the directory (as an operator keeps
/// it outside), the same for every restart.
pub(crate) fn data_key(data: &std::path::Path) -> String {
    let file = data.with_extension("key");
    if let Ok(key) = std::fs::read_to_string(&file) {
        return key;
    }
    let key = cekbae_dialogues::vault::DataKey::generate().to_hex();
    std::fs::write(&file, &key).unwrap();
    key
}

/// The business phone number id of the webhooks.
pub(crate) const PHONE: &str = "106540352242922";

/// One message received by the fake Graph API: (to, text, tag of the message answered).
pub(crate) type Received = (String, String, Option<String>);

/// Everything the fake Graph API received.
#[derive(Default, Clone)]
pub(crate) struct Inbox(Arc<Mutex<Vec<Received>>>);

impl Inbox {
    /// What was received so far, in order.
    pub(crate) fn all(&self) -> Vec<Received> {
        self.0.lock().unwrap().clone()
    }

    /// The texts sent to `number` so far, in order.
    pub(crate) fn to(&self, number: &str) -> Vec<String> {
        self.all().into_iter().filter(|(to, _, _)| to == number).map(|(_, text, _)| text).collect()
    }

    /// Waits until nothing new arrived for `quiet` (at most `limit`).
    pub(crate) fn settle(&self, quiet: Duration, limit: Duration) {
        let started = Instant::now();
        let mut last = self.all().len();
        let mut since = Instant::now();
        while started.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(100));
            let now = self.all().len();
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return;
            }
        }
    }
}

/// Starts the fake Graph API on `runtime`: what it received, and the base URL for `WHATSAPP_API_BASE`.
pub(crate) fn start_graph(runtime: &tokio::runtime::Runtime) -> (Inbox, String) {
    let (inbox, base, _media) = start_graph_with_media(runtime);
    (inbox, base)
}

/// [`start_graph`], and the media it serves (`GET {base}/{media-id}` and the downloads).
pub(crate) fn start_graph_with_media(runtime: &tokio::runtime::Runtime) -> (Inbox, String, fake_media::FakeMedia) {
    let media = fake_media::FakeMedia::default();
    let inbox = Inbox::default();
    let recorded = inbox.clone();
    let app = Router::new().route(
        "/v25.0/{phone}/messages",
        post(move |Json(body): Json<Value>| {
            let recorded = recorded.clone();
            async move {
                let text = match body["type"].as_str() {
                    Some("text") => body["text"]["body"].as_str().unwrap_or_default().to_owned(),
                    _ => body["interactive"]["body"]["text"].as_str().unwrap_or_default().to_owned(),
                };
                let tag = body["biz_opaque_callback_data"].as_str().map(str::to_owned);
                recorded.0.lock().unwrap().push((body["to"].as_str().unwrap_or_default().to_owned(), text, tag));
                Json(json!({"messaging_product": "whatsapp", "messages": [{"id": "wamid.out"}]}))
            }
        }),
    );
    let app = app.merge(media.graph_routes("/v25.0"));
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let base = format!("http://{}/v25.0", listener.local_addr().unwrap());
    runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
    (inbox, base, media)
}

/// A running server process, the address it listens on (`http://…`), and what it logged.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) base: String,
    pub(crate) log: Arc<Mutex<Vec<String>>>,
}

// A test that fails part way must not leave its servers running (holding ports and database connections
// the next tests need); one stopped already is not there to kill.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `cekbae serve` on the tests' fixed day with WhatsApp pointed at the fake Graph API at `graph`; the caller adds
/// where it stores, its data key and its log level.
pub(crate) fn serve_command(graph: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cekbae"));
    command
        .args(["serve", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"])
        .args(["--now", "2026-11-30T08:00:00+07:00"])
        .env("WHATSAPP_VERIFY_TOKEN", "v")
        .env("WHATSAPP_APP_SECRET", SECRET)
        .env("WHATSAPP_ACCESS_TOKEN", "t")
        .env("WHATSAPP_PHONE_NUMBER_ID", PHONE)
        .env("WHATSAPP_API_BASE", graph)
        .env("WHATSAPP_RETRY_FIRST_MS", "20")
        .env("CEKBAE_RATE_PER_MINUTE", "1000")
        .env_remove("CEKBAE_ADMIN_TOKEN")
        .stderr(Stdio::piped())
        .stdout(Stdio::null());
    command
}

/// Spawns `command` (from [`serve_command`]), collects its log and waits until it says where it listens.
pub(crate) fn spawn_server(mut command: Command) -> Server {
    let mut child = command.spawn().unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let lines = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if let Some(addr) = line.split("listening on http://").nth(1) {
                let _ = tx.send(addr.split(';').next().unwrap_or_default().to_owned());
            }
            lines.lock().unwrap().push(line);
        }
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("the server says where it listens");
    Server { child, base: format!("http://{addr}"), log }
}

/// Sends signal `name` (`TERM`, `KILL`) to `child`.
pub(crate) fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

/// A webhook body with one text message `text` from `from`, id `id`.
pub(crate) fn webhook(from: &str, id: &str, text: &str) -> Vec<u8> {
    serde_json::to_vec(
        &json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
        "metadata": {"phone_number_id": PHONE},
        "messages": [{"from": from, "id": id, "type": "text", "text": {"body": text}}]}}]}]}),
    )
    .unwrap()
}

/// `X-Hub-Signature-256` as Meta computes it.
pub(crate) fn sign(body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}
