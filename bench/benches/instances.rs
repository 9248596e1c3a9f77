//! Webhooks end to end through 1 and 3 `cekbae serve` processes (the release binary) on one PostgreSQL
//! database, as behind a load balancer that spreads webhooks at random: each resident's messages are posted
//! in order (the next once the previous was accepted, as Meta delivers one sender's messages), each to an
//! instance drawn at random. Replies go to a local fake Graph API, which records the message each answers
//! (`biz_opaque_callback_data`). Measured: messages/s accepted (webhooks answered 200) and answered (first
//! reply at the fake), latency from webhook POST to the first reply at the fake, and that every message was
//! answered and no reply was sent twice. A fresh schema per run, dropped afterwards.
//!
//! `bench/instances.sh` builds the binary and makes the database; by hand:
//! `CEKBAE_BENCH_DATABASE_URL=postgres://… CEKBAE_BENCH_BIN=target/release/cekbae cargo bench -p cekbae-bench
//! --bench instances` (CEKBAE_BENCH_RESIDENTS, default 1000; CEKBAE_BENCH_SENDERS, residents posting at
//! once, default 32).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::routing::post;
use axum::{Json, Router};
use cekbae_adapter_whatsapp::signature;
use cekbae_bench::{env_or, percentile};
use cekbae_pg_store::scratch::ScratchSchema;
use serde_json::{json, Value};

const SECRET: &str = "bench-secret";
const PHONE: &str = "106540352242922";
const KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// One reply at the fake Graph API: (to, message answered, text, when).
type Reply = (String, String, String, Instant);

/// Starts the fake Graph API: what it received, and the base URL for `WHATSAPP_API_BASE`.
async fn start_graph() -> (Arc<Mutex<Vec<Reply>>>, String) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&received);
    let app = Router::new().route(
        "/v25.0/{phone}/messages",
        post(move |Json(body): Json<Value>| {
            let recorded = Arc::clone(&recorded);
            async move {
                let at = Instant::now();
                let text = match body["type"].as_str() {
                    Some("text") => body["text"]["body"].as_str().unwrap_or_default().to_owned(),
                    _ => body["interactive"]["body"]["text"].as_str().unwrap_or_default().to_owned(),
                };
                let to = body["to"].as_str().unwrap_or_default().to_owned();
                let tag = body["biz_opaque_callback_data"].as_str().unwrap_or_default().to_owned();
                recorded.lock().unwrap().push((to, tag, text, at));
                Json(json!({"messaging_product": "whatsapp", "messages": [{"id": "wamid.out"}]}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v25.0", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (received, base)
}

/// A `cekbae serve` process on the database and its address (`http://…`); its log is drained and dropped.
fn start_server(bin: &str, database: &str, data: &std::path::Path, graph: &str) -> (Child, String) {
    let mut child = Command::new(bin)
        .args(["serve", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"])
        .args(["--now", "2026-11-30T08:00:00+07:00", "--database", database, "--data"])
        .arg(data)
        .env("WHATSAPP_VERIFY_TOKEN", "v")
        .env("WHATSAPP_APP_SECRET", SECRET)
        .env("WHATSAPP_ACCESS_TOKEN", "t")
        .env("WHATSAPP_PHONE_NUMBER_ID", PHONE)
        .env("WHATSAPP_API_BASE", graph)
        .env("CEKBAE_RATE_PER_MINUTE", "1000")
        .env("CEKBAE_CAPACITY", "1000000")
        .env("CEKBAE_DATA_KEY", KEY)
        .env("RUST_LOG", "warn")
        .env_remove("CEKBAE_ADMIN_TOKEN")
        .env_remove("CEKBAE_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("{bin}: {err} (build it with `cargo build --release -p cekbae`)"));
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if let Some(addr) = line.split("listening on http://").nth(1) {
                let _ = tx.send(addr.split(';').next().unwrap_or_default().to_owned());
            }
        }
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("the server says where it listens");
    (child, format!("http://{addr}"))
}

/// Resident `n`'s messages: greeting, request with NIK, the first day offered, thanks.
fn messages(n: usize) -> [(String, String); 4] {
    let nik = format!("32010145029{:05}", 1 + n % 9);
    [
        (format!("wamid.{n}.0"), "halo".to_owned()),
        (format!("wamid.{n}.1"), format!("KTP {nik} HILANG")),
        (format!("wamid.{n}.2"), "1".to_owned()),
        (format!("wamid.{n}.3"), "makasih".to_owned()),
    ]
}

fn webhook(from: &str, id: &str, text: &str) -> Vec<u8> {
    serde_json::to_vec(
        &json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
        "metadata": {"phone_number_id": PHONE},
        "messages": [{"from": from, "id": id, "type": "text", "text": {"body": text}}]}}]}]}),
    )
    .unwrap()
}

/// A small deterministic generator (xorshift64*), so that runs spread the load the same way.
struct Spread(u64);

impl Spread {
    fn pick(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

/// What one run measured.
struct Run {
    messages: usize,
    accepted: Duration,
    answered: Duration,
    latencies: Vec<Duration>,
    unanswered: usize,
    doubled: usize,
    retried: usize,
}

async fn run(bin: &str, base_url: &str, instances: usize, residents: usize, senders: usize) -> Run {
    let schema = ScratchSchema::create(base_url).expect("a scratch schema");
    let database = schema.url();
    let (received, graph) = start_graph().await;
    let dir = tempfile::tempdir().unwrap();
    let servers: Vec<(Child, String)> =
        (0..instances).map(|i| start_server(bin, &database, &dir.path().join(format!("data-{i}")), &graph)).collect();
    let bases: Vec<String> = servers.iter().map(|(_, base)| base.clone()).collect();

    // Every resident's chain of (instance, message id, signed body), drawn before the clock starts.
    let mut spread = Spread(0x9E37_79B9_7F4A_7C15 ^ instances as u64);
    let chains: Vec<Vec<(String, String, Vec<u8>)>> = (0..residents)
        .map(|n| {
            messages(n)
                .into_iter()
                .map(|(id, text)| {
                    let url = format!("{}/webhook/whatsapp", bases[spread.pick(instances)]);
                    let body = webhook(&format!("6281500{n:05}"), &id, &text);
                    (url, id, body)
                })
                .collect()
        })
        .collect();
    let total = residents * 4;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let posted: Arc<Mutex<HashMap<String, Instant>>> = Arc::new(Mutex::new(HashMap::with_capacity(total)));
    let retried = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let queue = Arc::new(Mutex::new(chains.into_iter()));
    let started = Instant::now();
    let workers: Vec<_> = (0..senders)
        .map(|_| {
            let (http, posted, retried, queue) =
                (http.clone(), Arc::clone(&posted), Arc::clone(&retried), Arc::clone(&queue));
            tokio::spawn(async move {
                loop {
                    let Some(chain) = queue.lock().unwrap().next() else { return };
                    for (url, id, body) in chain {
                        posted.lock().unwrap().insert(id, Instant::now());
                        // Meta retries what is not answered 200 (a full queue answers 503).
                        loop {
                            let sent = http
                                .post(&url)
                                .header("x-hub-signature-256", signature::sign(SECRET.as_bytes(), &body))
                                .body(body.clone())
                                .send()
                                .await;
                            if matches!(&sent, Ok(response) if response.status().is_success()) {
                                break;
                            }
                            retried.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    let accepted = started.elapsed();

    // Wait until every message has a reply (at most two minutes), then a little longer for any double.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let answered = {
            let all = received.lock().unwrap();
            all.iter().map(|(_, tag, _, _)| tag.as_str()).collect::<std::collections::HashSet<_>>().len()
        };
        if answered >= total || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;

    for (child, _) in &servers {
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    }
    for (mut child, _) in servers {
        let _ = child.wait();
    }

    let all = std::mem::take(&mut *received.lock().unwrap());
    let posted = std::mem::take(&mut *posted.lock().unwrap());
    let mut first: HashMap<&str, Instant> = HashMap::new();
    let mut copies: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (to, tag, text, at) in &all {
        first.entry(tag.as_str()).and_modify(|it| *it = (*it).min(*at)).or_insert(*at);
        *copies.entry((to.as_str(), tag.as_str(), text.as_str())).or_default() += 1;
    }
    let mut latencies: Vec<Duration> = posted
        .iter()
        .filter_map(|(id, t0)| first.get(id.as_str()).map(|at| at.saturating_duration_since(*t0)))
        .collect();
    latencies.sort();
    let last = first.values().max().copied().unwrap_or(started);
    drop(schema);
    Run {
        messages: total,
        accepted,
        answered: last.saturating_duration_since(started),
        latencies,
        unanswered: posted.keys().filter(|id| !first.contains_key(id.as_str())).count(),
        doubled: copies.values().filter(|count| **count > 1).count(),
        retried: retried.load(std::sync::atomic::Ordering::Relaxed),
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let Ok(base_url) = std::env::var("CEKBAE_BENCH_DATABASE_URL") else {
        eprintln!("instances: set CEKBAE_BENCH_DATABASE_URL (bench/instances.sh makes a database)");
        return;
    };
    let bin = std::env::var("CEKBAE_BENCH_BIN").unwrap_or_else(|_| {
        format!("{}/release/cekbae", std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()))
    });
    let residents = env_or("CEKBAE_BENCH_RESIDENTS", 1000);
    let senders = env_or("CEKBAE_BENCH_SENDERS", 32);
    println!("webhooks end to end through `cekbae serve` processes on one PostgreSQL: {residents} residents x 4 messages, {senders} posting at once, each message to an instance at random");
    for instances in [1, 3] {
        let run = run(&bin, &base_url, instances, residents, senders).await;
        println!(
            "  {instances} instance(s): accepted {:.0} messages/s, answered {:.0} messages/s; POST -> first reply at the Graph API: p50 {:?}  p99 {:?}",
            run.messages as f64 / run.accepted.as_secs_f64(),
            run.messages as f64 / run.answered.as_secs_f64(),
            percentile(&run.latencies, 0.5),
            percentile(&run.latencies, 0.99)
        );
        println!(
            "      {} messages: {} unanswered, {} replies sent twice, {} webhook retries (not 200) -> {}",
            run.messages,
            run.unanswered,
            run.doubled,
            run.retried,
            if run.unanswered == 0 && run.doubled == 0 { "every message answered exactly once" } else { "MISMATCH" }
        );
    }
}
