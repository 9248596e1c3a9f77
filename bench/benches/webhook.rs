//! Webhooks end to end: signed WhatsApp webhooks over loopback HTTP into the
//! real server, replies to a local fake Graph API; many residents at once,
//! each waiting for its answer before writing again (as people do). In the
//! same run, a bare axum handler that only answers 200, driven the same way,
//! as the limit of the HTTP stack on this machine.
//!
//! Latency is measured twice: saturated (everyone writes again at once, so
//! the p99 is mostly queueing: residents / throughput) and paced (residents
//! take a moment to read and type, the load an office really sees).
//!
//! `cargo bench -p cekbae-bench --bench webhook` (CEKBAE_BENCH_RESIDENTS, default 200;
//! CEKBAE_BENCH_PACED_RESIDENTS, default 1000; CEKBAE_BENCH_THINK_MS, default 1000).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::routing::post;
use axum::{Json, Router};
use cekbae::args::EngineArgs;
use cekbae::http::HttpLimits;
use cekbae::secrets::{Secret, Secrets};
use cekbae::server::{serve, Settings};
use cekbae_adapter_whatsapp::{signature, RetryPolicy, WhatsAppConfig};
use cekbae_bench::{env_or, percentile};
use cekbae_dialogues::vault::DataKey;
use serde_json::{json, Value};
use tokio::sync::Notify;

const SECRET: &[u8] = b"bench-secret";
/// One resident's flow and the number of replies each message gets.
const SCRIPT: [(&str, usize); 5] = [("halo", 2), ("1", 1), ("3", 3), ("3201 0145 0290 0003", 2), ("1", 2)];

#[derive(Default)]
struct Graph {
    /// Replies received per recipient, with the time of each.
    received: Mutex<HashMap<String, Vec<Instant>>>,
    arrived: Notify,
}

async fn start_graph() -> (Arc<Graph>, String) {
    let graph = Arc::new(Graph::default());
    let state = Arc::clone(&graph);
    let app = Router::new().route(
        "/v25.0/{phone}/messages",
        post(move |Json(body): Json<Value>| {
            let state = Arc::clone(&state);
            async move {
                let to = body["to"].as_str().unwrap_or_default().to_owned();
                state.received.lock().unwrap().entry(to).or_default().push(Instant::now());
                state.arrived.notify_waiters();
                Json(json!({"messaging_product": "whatsapp", "messages": [{"id": "wamid.out"}]}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v25.0", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (graph, base)
}

fn webhook(from: &str, id: &str, text: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Warga"}, "wa_id": from}],
        "messages": [{"from": from, "id": id, "timestamp": "1795999800", "type": "text", "text": {"body": text}}]}}]}]}))
    .unwrap()
}

async fn wait_replies(graph: &Graph, to: &str, count: usize) -> Instant {
    loop {
        let notified = graph.arrived.notified();
        if let Some(times) = graph.received.lock().unwrap().get(to) {
            if times.len() >= count {
                return times[count - 1];
            }
        }
        let _ = tokio::time::timeout(Duration::from_millis(50), notified).await;
    }
}

/// What one load run measured.
struct Run {
    /// Request → first reply at the fake, sorted.
    latencies: Vec<Duration>,
    /// Replies the script promises for this run.
    expected: usize,
    elapsed: Duration,
}

/// `count` residents (numbered from `first`) each walk the script, waiting for
/// every reply and then `think` before the next message.
async fn drive(
    http: &reqwest::Client,
    base: &str,
    graph: &Arc<Graph>,
    first: usize,
    count: usize,
    think: Duration,
) -> Run {
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for n in first..first + count {
        let (http, base, graph, latencies) = (http.clone(), base.to_owned(), Arc::clone(graph), Arc::clone(&latencies));
        tasks.push(tokio::spawn(async move {
            // Paced residents do not all start in the same instant either.
            if !think.is_zero() {
                tokio::time::sleep(think.mul_f64((n % 100) as f64 / 100.0)).await;
            }
            let from = format!("62812{n:08}");
            let mut expected = 0;
            for (idx, (text, replies)) in SCRIPT.iter().enumerate() {
                let body = webhook(&from, &format!("wamid.{n}.{idx}"), text);
                let signed = signature::sign(SECRET, &body);
                let t0 = Instant::now();
                let status =
                    http.post(&base).header("x-hub-signature-256", signed).body(body).send().await.unwrap().status();
                assert_eq!(status.as_u16(), 200);
                let first_reply = wait_replies(&graph, &from, expected + 1).await;
                latencies.lock().unwrap().push(first_reply.saturating_duration_since(t0));
                expected += replies;
                wait_replies(&graph, &from, expected).await;
                tokio::time::sleep(think).await;
            }
            expected
        }));
    }
    let mut expected = 0;
    for task in tasks {
        expected += task.await.unwrap();
    }
    let elapsed = started.elapsed();
    let mut latencies = std::mem::take(&mut *latencies.lock().unwrap());
    latencies.sort();
    Run { latencies, expected, elapsed }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let residents = env_or("CEKBAE_BENCH_RESIDENTS", 200);
    let paced = env_or("CEKBAE_BENCH_PACED_RESIDENTS", 1000);
    let think = Duration::from_millis(env_or("CEKBAE_BENCH_THINK_MS", 1000) as u64);
    let dir = tempfile::tempdir().unwrap();
    let (graph, api_base) = start_graph().await;
    let engine = EngineArgs {
        capacity: Some(u32::MAX),
        // `serve` seals NIKs with a key kept outside the data directory.
        secrets: Secrets { data_key: Some(Secret::new(DataKey::generate().to_hex())), ..Secrets::default() },
        ..EngineArgs::at(
            dir.path().join("data"),
            Some(chrono::DateTime::parse_from_rfc3339("2026-11-30T08:00:00+07:00").unwrap()),
        )
    };
    let settings = Settings {
        whatsapp: Some(WhatsAppConfig {
            verify_token: "v".into(),
            app_secret: String::from_utf8(SECRET.to_vec()).unwrap(),
            access_token: "t".into(),
            phone_number_id: "106540352242922".into(),
            api_base,
        }),
        telegram: None,
        retry: RetryPolicy::default(),
        admin_token: None,
        limits: Default::default(),
        // Every simulated resident may post in the same instant; Meta spreads its deliveries
        // and retries a 503, so the cap on requests in flight is set above the residents here.
        http: HttpLimits { max_requests_in_flight: residents.max(paced) + 16, ..HttpLimits::default() },
        desk: Default::default(),
        templates: Default::default(),
        media: Default::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/webhook/whatsapp", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(engine, settings, listener, async move {
        let _ = stopped.await;
    }));
    tokio::time::sleep(Duration::from_millis(300)).await;

    let http = reqwest::Client::builder().pool_max_idle_per_host(residents.max(paced)).build().unwrap();
    // Saturated: every resident writes again as soon as the last reply arrives.
    let saturated = drive(&http, &base, &graph, 0, residents, Duration::ZERO).await;
    // Paced: residents read the replies and take `think` before the next message.
    let paced_run = drive(&http, &base, &graph, residents, paced, think).await;
    // Nothing lost, nothing doubled: every resident got exactly the replies of the script.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received: usize = graph.received.lock().unwrap().values().map(Vec::len).sum();
    let expected_total = saturated.expected + paced_run.expected;
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    let per_s = (residents * SCRIPT.len()) as f64 / saturated.elapsed.as_secs_f64();
    let paced_per_s = (paced * SCRIPT.len()) as f64 / paced_run.elapsed.as_secs_f64();
    let latencies = saturated.latencies;

    // The limit of the HTTP stack: a bare handler answering 200, same client, same concurrency.
    let app = Router::new().route("/hook", post(|| async { "OK" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bare = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let started = Instant::now();
    let requests_each = SCRIPT.len() * 20;
    let mut tasks = Vec::new();
    for n in 0..residents {
        let (http, bare) = (http.clone(), bare.clone());
        tasks.push(tokio::spawn(async move {
            let body = webhook(&format!("62812{n:08}"), "wamid.bare", "halo");
            for _ in 0..requests_each {
                let signed = signature::sign(SECRET, &body);
                http.post(&bare).header("x-hub-signature-256", signed).body(body.clone()).send().await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let bare_per_s = (residents * requests_each) as f64 / started.elapsed().as_secs_f64();

    println!("webhooks end to end: {residents} residents x {} messages, loopback HTTP, fake Graph API", SCRIPT.len());
    println!(
        "  cekbae serve:  {per_s:>8.0} messages/s   request -> first reply sent: p50 {:?}  p99 {:?}",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );
    println!(
        "  paced:         {paced} residents, {think:?} to read and type between messages: {paced_per_s:.0} messages/s   p50 {:?}  p99 {:?}",
        percentile(&paced_run.latencies, 0.5),
        percentile(&paced_run.latencies, 0.99)
    );
    println!("  bare axum:     {bare_per_s:>8.0} requests/s (answers 200, no work)");
    println!("  ratio:         {:.1}% of bare axum (target >= 30%)", per_s / bare_per_s * 100.0);
    println!(
        "  replies:       {received} received, {expected_total} expected ({})",
        if received == expected_total { "none lost, none doubled" } else { "MISMATCH" }
    );
}
