//! `cekbae serve` as a real process on a real data directory (the sled backend): SIGTERM finishes
//! the messages in hand and exits 0; SIGKILL at different moments loses no
//! acknowledged booking, doubles none, overfills no day, leaves every session
//! readable, and every message redelivered by "Meta" is answered.

// Each process test uses part of the shared support.
#[allow(dead_code)]
mod support;

use cekbae_bot::Store;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{data_key, serve_command, sign, signal, spawn_server, start_graph, webhook, Server};

fn start_server(data: &std::path::Path, graph: &str) -> Server {
    start_server_with(data, graph, "debug", &[])
}

/// A server logging at `log_level`, with more environment variables.
fn start_server_with(data: &std::path::Path, graph: &str, log_level: &str, env: &[(&str, &str)]) -> Server {
    let mut command = serve_command(graph);
    command
        .arg("--data")
        .arg(data)
        .env("RUST_LOG", log_level)
        .env("CEKBAE_DATA_KEY", data_key(data))
        .envs(env.iter().copied());
    spawn_server(command)
}

/// Posts webhooks with a few in flight at once; returns how many were acknowledged (200) before `stop` requests.
async fn post_all(base: &str, bodies: &[Vec<u8>], stop_after: Option<usize>) -> usize {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let acknowledged = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let limit = stop_after.unwrap_or(bodies.len());
    for chunk in bodies[..limit.min(bodies.len())].chunks(16) {
        let mut tasks = Vec::new();
        for body in chunk {
            let (http, base, body, acknowledged) =
                (http.clone(), base.to_owned(), body.clone(), Arc::clone(&acknowledged));
            tasks.push(tokio::spawn(async move {
                let signature = sign(&body);
                match http
                    .post(format!("{base}/webhook/whatsapp"))
                    .header("x-hub-signature-256", signature)
                    .body(body)
                    .send()
                    .await
                {
                    Ok(response) if response.status().as_u16() == 200 => {
                        acknowledged.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    Ok(response) => eprintln!("webhook answered {}", response.status()),
                    Err(err) => eprintln!("webhook failed: {err}"),
                }
            }));
        }
        for task in tasks {
            let _ = task.await;
        }
    }
    acknowledged.load(std::sync::atomic::Ordering::SeqCst)
}

#[test]
fn sigterm_finishes_the_messages_in_hand_and_exits_0() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (inbox, graph) = start_graph(&runtime);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut server = start_server(&data, &graph);
    let bodies: Vec<Vec<u8>> = (0..100)
        .map(|n| webhook(&format!("6281300{n:05}"), &format!("wamid.t{n}"), "KTP 3201014502900003 HILANG"))
        .collect();
    let acknowledged = runtime.block_on(post_all(&server.base, &bodies, None));
    assert_eq!(acknowledged, 100);
    // At once: most of these are still in hand.
    signal(&server.child, "TERM");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "stops in time");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit 0: {status:?}\n{}", server.log.lock().unwrap().join("\n"));
    let answered: BTreeSet<String> = inbox.all().into_iter().filter_map(|(_, _, tag)| tag).collect();
    for n in 0..100 {
        assert!(answered.contains(&format!("wamid.t{n}")), "message {n} acknowledged and answered before exit");
    }
    // Debug logs of a hundred flows with a NIK: never the full NIK.
    let log = server.log.lock().unwrap().join("\n");
    assert!(log.contains("nik accepted"), "the flows reached the NIK");
    assert!(!log.contains("3201014502900003"), "a full NIK reached the logs");
    // Flushed and unlocked: the next process opens the directory.
    let mut again = start_server(&data, &graph);
    signal(&again.child, "TERM");
    assert!(again.child.wait().unwrap().success());
}

/// One crash run: the flow for `residents`, SIGKILL after `kill_after` webhooks, restart, redeliver all.
fn crash_run(residents: usize, kill_after: usize) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (inbox, graph) = start_graph(&runtime);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Message 1 of every resident, then message 2: the days fill as people choose.
    let mut bodies = Vec::new();
    let mut ids = Vec::new();
    for step in 0..2 {
        for n in 0..residents {
            let from = format!("6281400{n:05}");
            let id = format!("wamid.{n}.{step}");
            // Valid NIKs: 320101 450290 000k (a woman born 5 February 1990, serial k).
            let text = if step == 0 { format!("KTP 32010145029{:05} HILANG", 1 + n % 9) } else { "1".to_owned() };
            bodies.push(webhook(&from, &id, &text));
            ids.push(id);
        }
    }
    let mut server = start_server(&data, &graph);
    runtime.block_on(post_all(&server.base, &bodies, Some(kill_after)));
    signal(&server.child, "KILL");
    let _ = server.child.wait();
    // Requests the process wrote to its sockets before dying still reach the fake.
    inbox.settle(Duration::from_millis(500), Duration::from_secs(10));
    let before_restart: Vec<_> = inbox.all();

    // Meta redelivers every webhook it sent, in order.
    let server = start_server(&data, &graph);
    runtime.block_on(post_all(&server.base, &bodies, None));
    inbox.settle(Duration::from_millis(1500), Duration::from_secs(120));
    let mut server = server;
    signal(&server.child, "TERM");
    assert!(server.child.wait().unwrap().success());

    let all = inbox.all();
    // Every message id was answered.
    let answered: BTreeSet<&str> = all.iter().filter_map(|(_, _, tag)| tag.as_deref()).collect();
    let unanswered: Vec<&String> = ids.iter().filter(|id| !answered.contains(id.as_str())).collect();
    assert!(
        unanswered.is_empty(),
        "unanswered: {} e.g. {:?}",
        unanswered.len(),
        unanswered.iter().take(5).collect::<Vec<_>>()
    );
    // Answered once, with one exception that no system can avoid: a reply already accepted by the
    // Graph API when the process died, before its delivery was recorded, is sent again from the outbox
    // after the restart. So every doubled reply must be one that was received before the kill; no
    // message is ever processed twice (which would give a different answer, or a second booking).
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (to, text, tag) in &all {
        *seen.entry((to.as_str(), tag.as_deref().unwrap_or_default(), text.as_str())).or_default() += 1;
    }
    let doubled: Vec<_> = seen.iter().filter(|(_, count)| **count > 1).collect();
    let sent_before: BTreeSet<(&str, &str, &str)> = before_restart
        .iter()
        .map(|(to, text, tag)| (to.as_str(), tag.as_deref().unwrap_or_default(), text.as_str()))
        .collect();
    for ((to, tag, text), count) in &doubled {
        assert!(**count == 2, "{to} {tag}: sent {count} times");
        assert!(
            sent_before.contains(&(*to, *tag, *text)),
            "{to} {tag}: doubled without having been sent before the kill"
        );
    }
    // Acknowledged bookings survived; none doubled; no day over capacity; sessions readable.
    let tickets: BTreeMap<String, String> = all
        .iter()
        .filter_map(|(to, text, _)| {
            let start = text.find("LWL-")?;
            Some((to.clone(), text[start..start + 16].to_owned()))
        })
        .collect();
    // Read with the server's data key: what a resident wrote is sealed with it.
    let key = cekbae_dialogues::vault::DataKey::parse(&data_key(&data)).unwrap();
    let sealer = std::sync::Arc::new(cekbae_dialogues::vault::NikVault::from_key(&key).data_vault());
    let store = cekbae_sled_store::SledStore::open(&data).unwrap().sealed_with(sealer).unwrap();
    let bookings = store.bookings().all().unwrap();
    let mut per_day: BTreeMap<chrono::NaiveDate, usize> = BTreeMap::new();
    let mut per_user: BTreeMap<String, usize> = BTreeMap::new();
    for booking in &bookings {
        *per_day.entry(booking.details.date).or_default() += 1;
        *per_user.entry(booking.details.user.id.clone()).or_default() += 1;
    }
    for (resident, ticket) in &tickets {
        assert!(bookings.iter().any(|it| &it.ticket == ticket), "ticket {ticket} sent to {resident} was lost");
    }
    assert!(per_user.values().all(|count| *count == 1), "a resident booked twice: {per_user:?}");
    assert!(per_day.values().all(|count| *count <= 40), "a day over capacity: {per_day:?}");
    for (day, count) in &per_day {
        assert_eq!(store.bookings().taken(*day).unwrap() as usize, *count, "the count of {day} matches its bookings");
    }
    for user in store.sessions().users().unwrap() {
        let session = store.begin_turn(&user).unwrap().session().unwrap();
        assert!(matches!(session, cekbae_bot::storage::LoadedSession::Found(_)), "session {user} unreadable");
    }
    eprintln!(
        "crash run: {residents} residents, kill after {kill_after} webhooks: {} replies before the kill, {} in all, {} tickets, {} replies sent again after the restart",
        before_restart.len(),
        all.len(),
        tickets.len(),
        doubled.len()
    );
}

#[test]
fn sigkill_at_different_moments_loses_and_doubles_nothing() {
    let residents = 1000;
    for kill_after in [150, 1000, 1700] {
        crash_run(residents, kill_after);
    }
}

#[test]
fn an_acknowledged_message_survives_a_sigkill_without_redelivery() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (inbox, graph) = start_graph(&runtime);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut server = start_server(&data, &graph);
    let bodies: Vec<Vec<u8>> = (0..200)
        .map(|n| webhook(&format!("6281500{n:05}"), &format!("wamid.k{n}"), "KTP 3201014502900003 HILANG"))
        .collect();
    // Meta got "200" for every one of these, so it will never send them again.
    assert_eq!(runtime.block_on(post_all(&server.base, &bodies, None)), 200);
    signal(&server.child, "KILL");
    let _ = server.child.wait();
    let answered_before = inbox.all().len();
    let mut server = start_server(&data, &graph);
    inbox.settle(Duration::from_millis(1500), Duration::from_secs(60));
    signal(&server.child, "TERM");
    assert!(server.child.wait().unwrap().success());
    let log = server.log.lock().unwrap().join("\n");
    assert!(
        log.contains("replaying messages accepted before a stop"),
        "the kill left messages in hand ({answered_before} replies before it)"
    );
    let answered: BTreeSet<String> = inbox.all().into_iter().filter_map(|(_, _, tag)| tag).collect();
    let lost: Vec<usize> = (0..200).filter(|n| !answered.contains(&format!("wamid.k{n}"))).collect();
    assert!(lost.is_empty(), "acknowledged but never answered: {lost:?}");
}

/// `serve` warns in its log while the office calendar (`holidays.toml`) ends within 90 days:
/// after its end no day is offered. The warning repeats daily with the retention run.
#[test]
fn serve_warns_when_the_office_calendar_runs_short() {
    let run = |now: &str| {
        // A data directory cekbae makes itself (private); a temporary directory may be open to others.
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let mut child = Command::new(env!("CARGO_BIN_EXE_cekbae"))
            .args(["serve", "--listen", "127.0.0.1:0", "--now", now, "--data"])
            .arg(&data)
            .env("CEKBAE_DATA_KEY", data_key(&data))
            .env_remove("WHATSAPP_VERIFY_TOKEN")
            .env_remove("TELEGRAM_BOT_TOKEN")
            .env_remove("CEKBAE_ADMIN_TOKEN")
            .env("RUST_LOG", "info")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // Up to the line that says the server is serving: the calendar is checked before it.
        let mut lines = Vec::new();
        while let Ok(line) = rx.recv_timeout(Duration::from_secs(20)) {
            let serving = line.contains("serving");
            lines.push(line);
            if serving {
                break;
            }
        }
        signal(&child, "TERM");
        let status = child.wait().unwrap();
        assert!(status.success(), "{status:?}: {}", lines.join("\n"));
        lines.join("\n")
    };
    let short = run("2027-11-01T08:00:00+07:00");
    assert!(short.contains("the office calendar ends soon"), "{short}");
    assert!(short.contains("calendar_until=2027-12-31") && short.contains("days_left=60"), "{short}");
    let far = run("2026-11-30T08:00:00+07:00");
    assert!(far.contains("serving") && !far.contains("the office calendar ends soon"), "{far}");
}

#[test]
fn logs_name_residents_by_pseudonym_and_every_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (inbox, graph) = start_graph(&runtime);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = "admin-token-for-the-process-test-0123456789";
    let mut server = start_server_with(&data, &graph, "info", &[("CEKBAE_ADMIN_TOKEN", token)]);
    let resident = "6281377788899";
    let bodies =
        vec![webhook(resident, "wamid.p1", "halo"), webhook(resident, "wamid.p2", "KTP 3201014502900003 HILANG")];
    assert_eq!(runtime.block_on(post_all(&server.base, &bodies, None)), 2);
    inbox.settle(Duration::from_millis(300), Duration::from_secs(10));
    let address_file = data.join("admin.addr");
    assert!(address_file.is_file(), "the admin API is on");
    assert_eq!(std::fs::metadata(&address_file).unwrap().permissions().mode() & 0o777, 0o600);
    signal(&server.child, "TERM");
    assert!(server.child.wait().unwrap().success());
    let log = server.log.lock().unwrap().join("\n");
    assert!(log.contains("whatsapp:~"), "residents appear by pseudonym: {log}");
    assert!(!log.contains(resident) && !log.contains("81377788899"), "a phone number in the logs at info:\n{log}");
    // Everything the server made is its user's alone: the directory 0700, the files 0600.
    assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
    let mut checked = 0;
    let mut stack = vec![data.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{} is open to others: {:o}", path.display(), mode & 0o777);
            checked += 1;
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    assert!(checked >= 3, "db, conf and snapshots were checked ({checked})");
}

#[test]
fn sigterm_with_a_slow_body_in_hand_stops_within_the_grace_period() {
    use std::io::Write as _;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (_inbox, graph) = start_graph(&runtime);
    let dir = tempfile::tempdir().unwrap();
    let mut server = start_server(&dir.path().join("data"), &graph);
    let address = server.base.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    let head = format!(
        "POST /webhook/whatsapp HTTP/1.1\r\nhost: x\r\nx-hub-signature-256: {}\r\ncontent-length: 100000\r\n\r\n{{",
        sign(b"whatever")
    );
    stream.write_all(head.as_bytes()).unwrap();
    // A byte every half second: never idle long enough for a per-read timeout.
    let trickle = std::thread::spawn(move || {
        for _ in 0..120 {
            std::thread::sleep(Duration::from_millis(500));
            if stream.write_all(b" ").is_err() {
                return;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(500));
    signal(&server.child, "TERM");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(14), "still running 14 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let _ = trickle.join();
}
