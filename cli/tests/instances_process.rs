//! Three `cekbae serve` processes on one PostgreSQL database behind a load balancer that spreads webhooks
//! at random: each resident's four messages reach different instances, one instance is SIGKILLed part way
//! and not restarted, and "Meta" redelivers everything to the survivors. Every message is answered, none
//! is processed twice, each resident's turns run in order (the ticket answers the third message), no day
//! goes over capacity, no resident books twice, and every ticket a resident received exists; `/healthz` names
//! the backend and `/metrics` counts what the instance did.
//! Needs `CEKBAE_TEST_DATABASE_URL` (a fresh schema; says it was skipped without).

// Each process test uses part of the shared support.
#[allow(dead_code)]
mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cekbae_bot::Store;
use cekbae_pg_store::scratch::{test_database_url, ScratchSchema};
use serde_json::{json, Value};
use support::{serve_command, sign, signal, spawn_server, start_graph, webhook, Server};

const KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/// Residents; each writes four messages.
const RESIDENTS: usize = 500;
/// Places a day: the first day offered fills part way through, so some residents are told it is full.
const CAPACITY: usize = 300;

/// A `cekbae serve` on the database, keeping its own files in `data`.
fn start_server(database: &str, data: &std::path::Path, graph: &str) -> Server {
    let mut command = serve_command(graph);
    command
        .args(["--database", database, "--data"])
        .arg(data)
        .env("CEKBAE_CAPACITY", CAPACITY.to_string())
        .env("RUST_LOG", "info")
        .env("CEKBAE_DATA_KEY", KEY)
        .env_remove("CEKBAE_DATABASE_URL");
    spawn_server(command)
}

/// Posts each resident's webhooks in order, the next once the previous was answered (Meta's order for one
/// sender), 32 residents at a time; `after_each` sees how many were posted so far.
async fn post_chains(chains: Vec<Vec<(String, Vec<u8>)>>, after_each: Arc<dyn Fn(usize) + Send + Sync>) {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let posted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let chains = Arc::new(Mutex::new(chains.into_iter()));
    let workers: Vec<_> = (0..32)
        .map(|_| {
            let (http, posted, chains, after_each) =
                (http.clone(), Arc::clone(&posted), Arc::clone(&chains), Arc::clone(&after_each));
            tokio::spawn(async move {
                loop {
                    let Some(chain) = chains.lock().unwrap().next() else { return };
                    for (base, body) in chain {
                        let url = format!("{base}/webhook/whatsapp");
                        let _ = http.post(&url).header("x-hub-signature-256", sign(&body)).body(body).send().await;
                        after_each(posted.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.await;
    }
}

/// Resident `n`'s four messages: greeting, request with NIK, the first day offered, thanks.
fn messages(n: usize) -> [(String, String); 4] {
    let nik = format!("32010145029{:05}", 1 + n % 9);
    [
        (format!("wamid.{n}.0"), "halo".to_owned()),
        (format!("wamid.{n}.1"), format!("KTP {nik} HILANG")),
        (format!("wamid.{n}.2"), "1".to_owned()),
        (format!("wamid.{n}.3"), "makasih".to_owned()),
    ]
}

/// Every resident's four webhooks, message k to `instance(n, k)`.
fn chains(bases: &[String], instance: impl Fn(usize, usize) -> usize) -> Vec<Vec<(String, Vec<u8>)>> {
    (0..RESIDENTS)
        .map(|n| {
            messages(n)
                .iter()
                .enumerate()
                .map(|(k, (id, text))| (bases[instance(n, k)].clone(), webhook(&format!("6281500{n:05}"), id, text)))
                .collect()
        })
        .collect()
}

#[test]
fn three_instances_one_killed_answer_everything_once_and_in_order() {
    let Some(url) = test_database_url("three serve processes on one database") else { return };
    let schema = ScratchSchema::create(&url).unwrap();
    let database = schema.url();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (received, graph) = start_graph(&runtime);
    let dir = tempfile::tempdir().unwrap();
    let mut servers: Vec<Server> =
        (0..3).map(|i| start_server(&database, &dir.path().join(format!("data-{i}")), &graph)).collect();

    let health: Value = runtime
        .block_on(async { reqwest::get(format!("{}/healthz", servers[0].base)).await.unwrap().json().await })
        .unwrap();
    assert_eq!(health["storage"], json!({"backend": "postgres", "reachable": true}), "{health}");

    // Spread "at random": resident n's message k goes to instance (n * 7 + k * 5) % 3, so each resident's
    // four messages reach at least two instances.
    let bases: Vec<String> = servers.iter().map(|it| it.base.clone()).collect();
    let kill_at = RESIDENTS * 4 * 5 / 8;
    let victim = servers[2].child.id();
    let kill = Arc::new(move |posted: usize| {
        if posted == kill_at {
            let killed = Command::new("kill").args(["-KILL", &victim.to_string()]).status().unwrap();
            assert!(killed.success());
        }
    });
    runtime.block_on(post_chains(chains(&bases, |n, k| (n * 7 + k * 5) % 3), kill));
    let _ = servers[2].child.wait();
    received.settle(Duration::from_millis(1000), Duration::from_secs(30));
    let before_redelivery: BTreeSet<(String, String, String)> = received
        .all()
        .iter()
        .map(|(to, text, tag)| (to.clone(), tag.clone().unwrap_or_default(), text.clone()))
        .collect();

    // Meta redelivers every webhook to the survivors, in order.
    let survivors: Vec<String> = bases[..2].to_vec();
    runtime.block_on(post_chains(chains(&survivors, |n, k| (n + k) % 2), Arc::new(|_| ())));
    received.settle(Duration::from_secs(3), Duration::from_secs(240));

    // The replies the dead instance had claimed are taken over by a survivor's next resend scan (every
    // 15 s): within 30 s of the kill, as promised, the outbox is empty.
    let backlog = |base: &str| -> f64 {
        let text =
            runtime.block_on(async { reqwest::get(format!("{base}/metrics")).await.unwrap().text().await.unwrap() });
        let line = text.lines().find(|it| it.starts_with("cekbae_outbox_backlog ")).expect("the backlog gauge");
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    let waited = std::time::Instant::now();
    while backlog(&bases[0]) > 0.0 && waited.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(250));
    }
    received.settle(Duration::from_secs(1), Duration::from_secs(30));

    // What a survivor counted, in Prometheus' text format; a forged webhook is counted by cause.
    let metrics = runtime.block_on(async {
        let http = reqwest::Client::new();
        let forged = http
            .post(format!("{}/webhook/whatsapp", bases[0]))
            .header("x-hub-signature-256", format!("sha256={}", "0".repeat(64)))
            .body(webhook("6281599999999", "wamid.forged", "halo"))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status().as_u16(), 401);
        http.get(format!("{}/metrics", bases[0])).send().await.unwrap().text().await.unwrap()
    });
    let value = |name: &str| -> f64 {
        let line = metrics.lines().find(|it| it.starts_with(name)).unwrap_or_else(|| panic!("{name} in\n{metrics}"));
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    assert!(value("cekbae_messages_received_total{channel=\"whatsapp\"}") >= (RESIDENTS * 4 / 3) as f64, "{metrics}");
    assert!(value("cekbae_turns_total") > 0.0);
    assert_eq!(value("cekbae_turn_seconds_count"), value("cekbae_turns_total"));
    assert_eq!(value("cekbae_turn_seconds_bucket{le=\"+Inf\"}"), value("cekbae_turns_total"));
    assert_eq!(value("cekbae_webhook_rejections_total{cause=\"signature\"}"), 1.0);
    assert_eq!(value("cekbae_inbox_backlog"), 0.0, "every accepted message was run");
    assert_eq!(value("cekbae_outbox_backlog"), 0.0, "every reply was delivered");
    assert!(value("cekbae_bookings") >= CAPACITY as f64);

    for server in &mut servers[..2] {
        signal(&server.child, "TERM");
        let status = server.child.wait().unwrap();
        let log = server.log.lock().unwrap();
        assert!(status.success(), "{status:?}: {}", log[log.len().saturating_sub(30)..].join("\n"));
    }

    let all = received.all();
    let answered: BTreeSet<&str> = all.iter().filter_map(|(_, _, tag)| tag.as_deref()).collect();
    let unanswered: Vec<String> =
        (0..RESIDENTS).flat_map(|n| messages(n).map(|it| it.0)).filter(|id| !answered.contains(id.as_str())).collect();
    assert!(
        unanswered.is_empty(),
        "unanswered: {} e.g. {:?}",
        unanswered.len(),
        &unanswered[..unanswered.len().min(5)]
    );

    // Processed once: a reply is sent twice only when the Graph API took it before the kill and the dead
    // instance could not record the delivery (its outbox entry is resent by a survivor).
    let mut counts: HashMap<(String, String, String), usize> = HashMap::new();
    for (to, text, tag) in &all {
        *counts.entry((to.clone(), tag.clone().unwrap_or_default(), text.clone())).or_default() += 1;
    }
    for (reply, count) in &counts {
        if *count > 1 {
            assert!(*count == 2 && before_redelivery.contains(reply), "{reply:?} sent {count} times");
        }
    }

    // In order: the third message (the day chosen after the request) is answered with the ticket, for
    // everyone; any later mention (the thanks) names the same ticket.
    let mut tickets: BTreeMap<String, String> = BTreeMap::new();
    let mut mentioned: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (to, text, tag) in &all {
        let Some(start) = text.find("LWL-") else { continue };
        let n: usize = to["6281500".len()..].parse().unwrap();
        let ticket = text[start..start + 16].to_owned();
        if tag.as_deref() == Some(format!("wamid.{n}.2").as_str()) {
            tickets.insert(to.clone(), ticket.clone());
        }
        mentioned.entry(to.clone()).or_default().insert(ticket);
    }
    for (to, names) in &mentioned {
        assert_eq!(names.len(), 1, "{to} was told two tickets: {names:?}");
    }
    assert!(tickets.len() >= CAPACITY, "the first day offered filled: {} tickets", tickets.len());
    // Whoever got no ticket was told the day filled, and still answered in order (message 3 answered).

    let sealer =
        Arc::new(cekbae_dialogues::vault::NikVault::from_key(&cekbae_dialogues::vault::DataKey::parse(KEY).unwrap()))
            .data_vault();
    let store = cekbae_pg_store::PgStore::open(&database, Arc::new(sealer)).unwrap();
    let bookings = store.bookings().all().unwrap();
    let mut per_day: BTreeMap<chrono::NaiveDate, usize> = BTreeMap::new();
    let mut per_user: BTreeMap<String, usize> = BTreeMap::new();
    for booking in &bookings {
        *per_day.entry(booking.details.date).or_default() += 1;
        *per_user.entry(booking.details.user.id.clone()).or_default() += 1;
    }
    for (resident, ticket) in &tickets {
        assert!(bookings.iter().any(|it| &it.ticket == ticket), "ticket {ticket} sent to {resident} does not exist");
    }
    assert!(per_user.values().all(|count| *count == 1), "a resident booked twice");
    assert!(per_day.values().all(|count| *count <= CAPACITY), "a day over capacity: {per_day:?}");
    for (day, count) in &per_day {
        assert_eq!(store.bookings().taken(*day).unwrap() as usize, *count, "the count of {day} matches");
    }
    eprintln!(
        "three instances: {RESIDENTS} residents x 4 messages, instance 3 killed after {kill_at} webhooks: {} replies, {} resent after the kill",
        all.len(),
        counts.values().filter(|it| **it > 1).count()
    );
}
